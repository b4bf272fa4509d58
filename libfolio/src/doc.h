/*
 * doc.h — the document record behind the public folio_doc (see folio.h for the field meanings).
 *
 * The record owns copies of all its strings. Known fields are kept in slots; keyword fields as a list of
 * (name, value) pairs in the order they were set, so a field with several values keeps their order.
 */
#ifndef FOLIO_DOC_H
#define FOLIO_DOC_H

#include "folio.h"

#include <stddef.h>

/* Limits that keep every term under Xapian's 245-byte term limit. */
#define FOLIO_MAX_FIELD_NAME_BYTES 32
#define FOLIO_MAX_KEYWORD_BYTES 200
#define FOLIO_MAX_ID_BYTES 1024

typedef enum {
    FOLIO_FIELD_ID,
    FOLIO_FIELD_TITLE,
    FOLIO_FIELD_BODY,
    FOLIO_FIELD_DATE,
    FOLIO_FIELD_URL,
    FOLIO_FIELD_AUTHOR,
    FOLIO_FIELD_COUNT
} folio_field;

typedef struct folio_keyword {
    char *name;
    char *value;
} folio_keyword;

/* A heading of the body (folio.h, folio_doc_add_section). */
typedef struct folio_section {
    unsigned part; /* the form feeds in the body before its heading */
    char *anchor;  /* "" when it has none */
    char *heading;
} folio_section;

struct folio_doc {
    char *text[FOLIO_FIELD_COUNT]; /* NULL when unset */
    size_t text_len[FOLIO_FIELD_COUNT];
    folio_keyword *keywords;
    size_t nkeywords, keywords_cap;
    folio_section *sections; /* in body order (parts ascending) */
    size_t nsections, sections_cap;
};

/* The heading (and *anchor) of the section holding part `part` of the body: the last one starting at
 * or before it; NULL when there is none. */
const char *folio_doc_section_of(const folio_doc *doc, unsigned part, const char **anchor);

/* The slot of a known field name, or -1 for a keyword field name. */
int folio_field_lookup(const char *name);
/* The name of a known field. */
const char *folio_field_name(folio_field f);

/* Adds one keyword value as folio_doc_set() does, except that an empty value, or one the record refuses
 * as bad input (a name that is not a keyword field name, a value too long for a term), is skipped and
 * returns 0: the input parsers use it so that one odd tag does not lose a document. */
int folio_doc_add_keyword_lenient(folio_doc *doc, const char *name, const char *value, size_t len);

#endif
