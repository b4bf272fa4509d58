/*
 * schema.h — how a folio document is laid out in a Xapian database (FOLIO_SCHEMA_VERSION 1).
 *
 * Terms (a prefix of upper-case letters, then a lower-case folded word or stem, so prefixes never clash):
 *   <stem>            body word stems, with positions
 *   S<stem>           title stems, with positions (a separate term space: phrases never cross fields)
 *   A<stem>, U<stem>  author and url stems, with positions
 *   W<word>, WS<word>, WA<word>, WU<word>
 *                     folded unstemmed words of body, title, author, url, without positions: prefix
 *                     queries expand over these real words (`runn*` finds "running", never "run")
 *   K<field>:<value>  keyword field values (lower-cased ASCII), filter terms without weight
 *   Q<id>             the external id (long ids are cut and suffixed with a hash), unique per document
 * Values: FOLIO_SLOT_DATE holds the date as seconds since 1970 (sortable number); FOLIO_SLOT_ID the
 * external id, which breaks ties in every sort order; each keyword field has a slot of its own (a hash
 * of its name, so every shard agrees without coordination) holding its values joined by
 * FOLIO_KEYWORD_SEPARATOR, which Xapian's ValueCountMatchSpy counts for facets.
 * Data: the document record as one JSON object in the JSON Lines input format, so reading a stored
 * document back is folio_doc_parse_json().
 * Metadata: FOLIO_META_* keys below.
 */
#ifndef FOLIO_SCHEMA_H
#define FOLIO_SCHEMA_H

#include "analyzer.h"
#include "buf.h"
#include "folio.h"
#include "xapian_wrap.h"

#define FOLIO_SCHEMA_VERSION 1

#define FOLIO_SLOT_DATE 0
#define FOLIO_SLOT_ID 1

#define FOLIO_META_SCHEMA "folio.schema"
#define FOLIO_META_ANALYZER "folio.analyzer"
#define FOLIO_META_LANGUAGE "folio.language"
#define FOLIO_META_UPDATED "folio.updated"
#define FOLIO_META_KEYWORD_FIELDS "folio.keyword_fields" /* space-separated names */

#define FOLIO_KEYWORD_SEPARATOR '\x1f'

/* The value slot of a keyword field. */
unsigned folio_schema_keyword_slot(const char *field);

/* The text fields a query can name, as bits. */
typedef enum {
    FOLIO_TEXT_BODY = 1,
    FOLIO_TEXT_TITLE = 2,
    FOLIO_TEXT_AUTHOR = 4,
    FOLIO_TEXT_URL = 8
} folio_text_field;

#define FOLIO_TEXT_DEFAULT (FOLIO_TEXT_BODY | FOLIO_TEXT_TITLE)
#define FOLIO_TEXT_FIELD_COUNT 4

/* The stem-term prefix of a text field ("" for body, "S" for title, ...). */
const char *folio_schema_stem_prefix(folio_text_field f);
/* The word-term prefix of a text field ("W", "WS", ...). */
const char *folio_schema_word_prefix(folio_text_field f);
/* The text field bit for a query field name (title, body, author, url), or 0. */
folio_text_field folio_schema_text_field(const char *name);

/* Appends the unique id term for `id` to out. */
void folio_schema_id_term(folio_buf *out, const char *id, size_t len);

/* Appends the keyword filter term for field:value (value lower-cased) to out. */
void folio_schema_keyword_term(folio_buf *out, const char *field, const char *value, size_t len);

/* Fills xdoc with the terms, values and data of doc (which must have an id), analyzing its text with
 * `an`. `scratch` is working space the caller keeps between documents. */
int folio_schema_build(folio_xdoc *xdoc, folio_analyzer *an, const folio_doc *doc, folio_buf *scratch);

/* Appends doc as one JSON object (the stored data format, also the JSON Lines input format). */
void folio_schema_doc_json(folio_buf *out, const folio_doc *doc);

#endif
