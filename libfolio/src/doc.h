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
#include <stdint.h>

/* Limits that keep every term under Xapian's 245-byte term limit. */
#define FOLIO_MAX_FIELD_NAME_BYTES 32
#define FOLIO_MAX_KEYWORD_BYTES 200
#define FOLIO_MAX_ID_BYTES 1024
/* Per document, so that one hostile record cannot cost every query (each keyword field is a value slot
 * and a name the query parser knows): far above real tagging (Reuters: 5 fields, at most 20 values). A
 * document over them is refused (folio_doc_set: FOLIO_EINVALID naming the limit). */
#define FOLIO_MAX_DOC_KEYWORD_FIELDS 64
#define FOLIO_MAX_DOC_KEYWORD_VALUES 1024

typedef enum {
    FOLIO_FIELD_ID,
    FOLIO_FIELD_TITLE,
    FOLIO_FIELD_BODY,
    FOLIO_FIELD_DATE,
    FOLIO_FIELD_URL,
    FOLIO_FIELD_AUTHOR,
    FOLIO_FIELD_COUNT
} folio_field;

/* One keyword field and its values, in the order they were set. */
typedef struct folio_keyword_field {
    char *name;
    char **values;
    size_t nvalues, values_cap;
} folio_keyword_field;

/* A heading of the body (folio.h, folio_doc_add_section). */
typedef struct folio_section {
    unsigned part; /* the form feeds in the body before its heading */
    char *anchor;  /* "" when it has none */
    char *heading;
} folio_section;

struct folio_doc {
    char *text[FOLIO_FIELD_COUNT]; /* NULL when unset */
    size_t text_len[FOLIO_FIELD_COUNT];
    folio_keyword_field *fields;   /* keyword fields in the order first set */
    size_t nfields, fields_cap;
    size_t nkeywords;              /* keyword values over all fields */
    /* The (field, value) pairs held, for de-duplication in constant time: an open-addressing set of
     * field << 32 | value + 1 (0 marks a free slot). */
    uint64_t *pairs;
    size_t pairs_cap;
    int unbounded;                 /* a stored record read back: the per-document limits do not apply */
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
 * returns 0: the input parsers use it so that one odd tag does not lose a document. Going over
 * FOLIO_MAX_DOC_KEYWORD_FIELDS or FOLIO_MAX_DOC_KEYWORD_VALUES is not skipped: FOLIO_EINVALID, the
 * document is refused whole (a record that large is not tagging). */
int folio_doc_add_keyword_lenient(folio_doc *doc, const char *name, const char *value, size_t len);

/* Parses a record as folio_doc_parse_json() does, without the per-document limits: a stored record
 * (made before the limits, or by a program that set its fields one by one) always reads back. */
int folio_doc_parse_json_stored(folio_doc **out, const char *text, size_t len);

#endif
