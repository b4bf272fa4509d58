/*
 * schema.h — how a folio document is laid out in a Xapian database (FOLIO_SCHEMA_VERSION 4).
 *
 * Terms (a prefix of upper-case letters, then a lower-case folded word or stem, so prefixes never clash):
 *   <stem>            body word stems, with positions
 *   S<stem>           title stems, with positions (a separate term space: phrases never cross fields)
 *   A<stem>, U<stem>  author and url stems, with positions
 *   W<word>, WS<word>, WA<word>, WU<word>
 *                     folded unstemmed words of body, title, author, url, without positions: prefix
 *                     queries expand over these real words (`runn*` finds "running", never "run")
 *   K<field>:<value>  keyword field values (lower-cased ASCII), filter terms without weight
 *   Q<id>             a record's id (JSON Lines, folio_db_put): its unique key. Ids of records are global
 *                     in a database (long ids are cut and suffixed with a hash, here and below)
 *   XF<root>/<path>   a file's unique key: the key of its root (16 hex digits, folio_schema_root_key)
 *                     and its path relative to the root, which is also its displayed id
 *   XR<root>          on every document of a file under that root: the files a root holds
 *   XP<path>          a file's displayed id, to find it by id (several roots may hold the same path)
 *   XD                only while a bulk build is merged: a tombstone, a record deleted (rebuild.c)
 *   XH<key>           the document's near-duplicate key (duplicate.h; schema 4): its duplicates
 * Why files are keyed by root and path, and records by id: a root is a directory known by its canonical
 * path; the same relative path under two roots is two documents, and one root's deletions must never
 * touch another's. Users still see (and tests check) the short relative path as the id, so it stays the
 * id field and FOLIO_SLOT_ID, while the unique key qualifies it with the root. Records keep Q<id>, as
 * before, in a term space of their own: a record whose id happens to equal some file's path can never
 * replace or delete that file.
 * Values: FOLIO_SLOT_DATE holds the date as seconds since 1970 (sortable number); FOLIO_SLOT_ID the
 * displayed id, which breaks ties in every sort order; FOLIO_SLOT_DATE_ASC/_DESC date-then-id sort keys;
 * FOLIO_SLOT_DUPLICATE the near-duplicate key (duplicate.h), Xapian's collapse key, absent when the
 * document has none; FOLIO_SLOT_STATE what an incremental run compares
 * (folio_schema_state); each keyword field has a slot of its own (a hash of its name, so every shard
 * agrees without coordination) holding its values joined by FOLIO_KEYWORD_SEPARATOR, which Xapian's
 * ValueCountMatchSpy counts for facets.
 * Record: the document record as one JSON object in the JSON Lines input format, compressed as one zstd
 * frame in FOLIO_SLOT_RECORD (record_store.h); reading a stored document back is folio_record_read().
 * The document data is empty (schema 2 kept the plain JSON there, which still reads).
 * Metadata: FOLIO_META_* keys below. The state of incremental indexing (per-document state values,
 * root entries) lives in the database and is committed with the documents it describes, so a crash
 * can never leave it out of step with them.
 */
#ifndef FOLIO_SCHEMA_H
#define FOLIO_SCHEMA_H

#include "analyzer.h"
#include "buf.h"
#include "folio.h"
#include "xapian_wrap.h"

#define FOLIO_SCHEMA_VERSION 4
/* The oldest schema this folio reads and writes: 2 differs only in its records (plain JSON in the
 * document data), 3 in having no near-duplicate keys (its documents are never collapsed). A writer
 * stamps a database of schema 2 with schema 3, since it adds compressed records to it; it leaves a
 * database of schema 3 at 3 (the documents it writes get keys, the others have none) until a rebuild
 * (folio-index --full) gives every document its key. */
#define FOLIO_SCHEMA_OLDEST 2
/* The first schema whose every document has its near-duplicate key. */
#define FOLIO_SCHEMA_DUPLICATES 4

#define FOLIO_TOMBSTONE_TERM "XD"

#define FOLIO_SLOT_DATE 0
#define FOLIO_SLOT_ID 1
#define FOLIO_SLOT_STATE 2
/* Sort keys for date order, oldest and newest first: a fixed-width date key then the id, so one string
 * comparison orders by date and breaks ties by id (Xapian's remote backend sorts by one value slot but
 * cannot use a KeyMaker over several). Undated documents come last in both. */
#define FOLIO_SLOT_DATE_ASC 3
#define FOLIO_SLOT_DATE_DESC 4
/* The stored record (record_store.h). */
#define FOLIO_SLOT_RECORD 5
/* The near-duplicate key (duplicate.h): 16 hex digits. */
#define FOLIO_SLOT_DUPLICATE 6
#define FOLIO_DUPLICATE_TERM_PREFIX "XH"

#define FOLIO_META_SCHEMA "folio.schema"
#define FOLIO_META_ANALYZER "folio.analyzer"
#define FOLIO_META_LANGUAGE "folio.language"
#define FOLIO_META_UPDATED "folio.updated"
#define FOLIO_META_KEYWORD_FIELDS "folio.keyword_fields" /* space-separated names */
#define FOLIO_META_SYNONYMS "folio.synonyms" /* the synonym list as canonical text (synonyms.h); unset: none */
/* "1": documents that give no language get a guessed one (folio-index --language auto; detect.h). */
#define FOLIO_META_DETECT_LANGUAGES "folio.detect_languages"
/* FOLIO_META_ROOT_PREFIX + root key: "<canonical path>\n<url prefix>" for each root indexed. */
#define FOLIO_META_ROOT_PREFIX "folio.root."
/* A root key: 16 lower-case hex digits and a NUL. */
#define FOLIO_KEY_BYTES 17

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

/* Appends the unique id term of the record with that id (Q<id>) to out. */
void folio_schema_id_term(folio_buf *out, const char *id, size_t len);

/* The key of a root (from its canonical path): 16 hex digits. */
void folio_schema_root_key(char out[FOLIO_KEY_BYTES], const char *path);

/* Appends the unique key term of a file (XF<root key>/<path>), the term on every file of a root
 * (XR<root key>), and the term to find files by displayed id (XP<path>). */
void folio_schema_file_term(folio_buf *out, const char *root_key, const char *path, size_t len);
void folio_schema_root_term(folio_buf *out, const char *root_key);
void folio_schema_path_term(folio_buf *out, const char *path, size_t len);

/* Appends the unique key term of a document: its file term when `origin` names a root, else its id term. */
void folio_schema_key_term(folio_buf *out, const folio_doc *doc, const folio_origin *origin);

/* The FOLIO_SLOT_STATE value: "<hash> <size> <mtime_ns>" (hash in 16 hex digits) for a file,
 * "<hash>" for a record. parse: 0, or FOLIO_ECORRUPT when the value is not one of these. */
void folio_schema_state(folio_buf *out, const folio_origin *origin);
int folio_schema_state_parse(folio_origin *out, const char *value, size_t len);

/* Counts what a built document costs the writer, to commit at a memory budget. */
typedef struct folio_build_cost {
    size_t postings; /* term occurrences added */
    size_t bytes;    /* text analyzed plus data stored */
    uint64_t data_hash; /* the hash of the stored data: a record's state (folio_doc_hash) */
} folio_build_cost;

/* Appends the keyword filter term for field:value (value lower-cased) to out. */
void folio_schema_keyword_term(folio_buf *out, const char *field, const char *value, size_t len);

/* Fills xdoc with the terms, values and data of doc (which must have an id), analyzing its text with
 * `an` in the document's language (language.h). `origin` (NULL for a record stored through folio_db_put)
 * says where it came from; the state of a record is the hash of its data. `detected` (or NULL) is the
 * language tag a detector guessed for a document that gives none: it is analyzed, filtered and stored
 * with that `lang`, while its state stays the hash of the data as given, so the record read again
 * from the same input is still "unchanged". `scratch` is working space the caller keeps between
 * documents. *cost (may be NULL) gets what the document costs. */
int folio_schema_build(folio_xdoc *xdoc, folio_analyzer *an, const folio_doc *doc, const char *detected,
                       const folio_origin *origin, folio_buf *scratch, folio_build_cost *cost);

/* Appends doc as one JSON object (the stored data format, also the JSON Lines input format). */
void folio_schema_doc_json(folio_buf *out, const folio_doc *doc);

#endif
