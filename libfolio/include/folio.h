/*
 * folio.h — the public API of libfolio, an embeddable full-text search engine over Xapian.
 *
 * Conventions (libgit2-like):
 *  - Functions that can fail return 0 (FOLIO_OK) on success or a negative FOLIO_E* code; the message and,
 *    for query errors, the column are then available from folio_error_last() in the same thread.
 *  - Out-parameters come first. On failure an object out-parameter is set to NULL. Accessors, which
 *    cannot fail, return what they are asked for and take an optional second answer last
 *    (folio_results_total's out_exact).
 *  - Ownership: objects are opaque; whoever gets an object from a *_new / *_open / *_begin / folio_search
 *    / folio_prepare call owns it and frees it with the matching *_free / *_close / *_finish / *_abort.
 *    Strings handed over (char **out) are malloc'd and freed with folio_free(). Strings and arrays a
 *    function returns as const belong to the object they came from and live as long as it does. Input
 *    strings and structs are copied or only read during the call: the caller keeps them.
 *  - NULL: every *_free, *_close and *_abort, and folio_free, accept NULL and do nothing. Arguments
 *    documented "may be NULL" accept it; every other pointer argument must be valid.
 *  - Strings are UTF-8 and NUL-terminated unless a length is passed beside them.
 *  - Option structs carry a version and are initialised with their _INIT macro; a struct whose version
 *    is not this header's (e.g. one zeroed with {0}) is refused with FOLIO_EINVALID.
 *  - A folio_db and everything obtained from it belong to one thread at a time; different databases
 *    (or handles on one database) may be used from different threads at once.
 *  - Messages say what is wrong, never which program to run about it: that is for the program.
 *  - libfolio.so exports exactly the functions declared here (FOLIO_EXTERN); nothing else is API.
 *
 * Copyright (C) 2026 the folio authors. GPL-2.0-or-later.
 */
#ifndef FOLIO_H
#define FOLIO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FOLIO_VERSION "0.1.0"

#if defined(__GNUC__)
#define FOLIO_EXTERN __attribute__((visibility("default")))
#define FOLIO_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define FOLIO_EXTERN
#define FOLIO_PRINTF(fmt, args)
#endif

/* ---- Errors ----------------------------------------------------------------------------------- */

enum {
    FOLIO_OK = 0,
    FOLIO_ERROR = -1,     /* anything not listed below */
    FOLIO_ENOTFOUND = -2, /* no database (or document) at that place */
    FOLIO_ELOCKED = -3,   /* another writer holds the database */
    FOLIO_ECORRUPT = -4,  /* not a folio database, or damaged */
    FOLIO_EREINDEX = -5,  /* made by an incompatible analyzer or schema: re-index needed */
    FOLIO_EQUERY = -6,    /* the query does not parse; folio_error_last()->column says where */
    FOLIO_EINVALID = -7,  /* a bad argument or bad input data */
    FOLIO_EIO = -8,       /* the operating system refused (permissions, disk full, ...) */
    FOLIO_ENOMEM = -9,
    FOLIO_EMODIFIED = -10, /* the index changed under a reader too often; try again */
    FOLIO_EUNAVAILABLE = -11 /* a shard of the index did not answer in time (the message names it) */
};

typedef struct folio_error {
    int code;            /* one of the FOLIO_E* codes */
    int column;          /* FOLIO_EQUERY: 1-based column (in bytes) of the problem; else 0 */
    const char *message; /* one line, no trailing newline; owned by the library */
} folio_error;

/* The last error raised in this thread, or NULL when none. Owned by the library; valid until the next
 * failing call in this thread. */
FOLIO_EXTERN const folio_error *folio_error_last(void);

/* Records an error for this thread, as libfolio's own functions do, and returns `code`: for a callback
 * (folio_file_cb) or a program that reports its own failures through folio_error_last() too. The
 * message is formatted into the library's buffer (at most 511 bytes kept); its arguments may include
 * folio_error_last()->message itself. */
FOLIO_EXTERN int folio_error_set(int code, const char *fmt, ...) FOLIO_PRINTF(2, 3);

/* Forgets this thread's error: folio_error_last() is NULL until the next failure. */
FOLIO_EXTERN void folio_error_clear(void);

/* ---- Database --------------------------------------------------------------------------------- */

typedef struct folio_db folio_db;

typedef enum {
    FOLIO_OPEN_READ = 0,  /* search only; many readers may share a database */
    FOLIO_OPEN_WRITE = 1  /* create if missing; one writer at a time (others get FOLIO_ELOCKED) */
} folio_open_mode;

typedef struct folio_open_options {
    unsigned version;
    folio_open_mode mode;
    /* Snowball language for a database created by this call (NULL: "english"). An existing database
     * keeps the language it was made with; naming a different one is FOLIO_EINVALID. */
    const char *language;
    /* Reading a sharded index (a stub file listing local and `remote HOST:PORT` databases, see README
     * "Running on several machines"): how long a remote shard may take to connect and to answer each
     * request (0: 10 s), and whether to go on without shards that do not answer (folio_results_partial)
     * instead of failing with FOLIO_EUNAVAILABLE. */
    unsigned timeout_ms;
    int allow_partial;
} folio_open_options;

#define FOLIO_OPEN_OPTIONS_VERSION 1
#define FOLIO_OPEN_OPTIONS_INIT {FOLIO_OPEN_OPTIONS_VERSION, FOLIO_OPEN_READ, NULL, 0, 0}

/* Opens the database at `path` (a folio database directory, or a Xapian stub file). `opts` may be NULL
 * (FOLIO_OPEN_OPTIONS_INIT: read only); it and `path` are only read during the call. */
FOLIO_EXTERN int folio_db_open(folio_db **out, const char *path, const folio_open_options *opts);

/* Closes the database (NULL: nothing). Writes not yet committed with folio_db_commit() are discarded.
 * Results, documents and preparers obtained from it are independent of it and stay valid. */
FOLIO_EXTERN void folio_db_close(folio_db *db);

/* Reader: moves to the latest committed state of the database, so that what another process committed
 * since the database was opened becomes visible. Cheap when nothing changed; no effect on a writer. */
FOLIO_EXTERN int folio_db_reopen(folio_db *db);

/* The Snowball language the database was built with; owned by `db`. */
FOLIO_EXTERN const char *folio_db_language(const folio_db *db);

/* The Snowball languages the database's documents are analyzed in (its own first, then those of the
 * `lang` its documents give), in *out (n of them; static strings, the array owned by db and valid until
 * the next call on db); a query's words are read in each. */
FOLIO_EXTERN int folio_db_index_languages(folio_db *db, const char *const **out, size_t *n);

/* For evaluating ranking (bench/eval): overrides parameters of how this handle ranks queries of plain
 * words, as "name=value[,name=value...]" (k1, b, bm25plus_delta, scheme, scheme_param, title_weight, phrase_boost,
 * prox_ordered, prox_unordered, prox_window, prox_min_words, prf_docs, prf_terms, prf_min_words,
 * prf_min_matches, prf_alpha, prf_bo1, repeat_power, drop_stopwords, relax_below; README "Ranking").
 * The defaults are the shipped ranking; FOLIO_EINVALID for an unknown name or a bad value. */
FOLIO_EXTERN int folio_db_set_ranking(folio_db *db, const char *spec);

/* Writer: the database's recency and field boosts (README "Recency and field boosts"), used by every
 * query that does not give its own (folio_search_options.recency, .boost); stored at the next commit.
 * recency: a half-life ("30d", "12h"; "off" for none); boost: field weights ("title=2,author=0.5"; ""
 * for none). NULL leaves that setting as it is. FOLIO_EINVALID, naming the culprit, for a bad value
 * (then nothing is changed). */
FOLIO_EXTERN int folio_db_set_boosts(folio_db *db, const char *recency, const char *boost);
/* Whether folio_db_set_boosts would take these values: 0, or FOLIO_EINVALID naming the culprit. */
FOLIO_EXTERN int folio_boosts_check(const char *recency, const char *boost);

/* The most bytes a synonym list may have. */
#define FOLIO_SYNONYMS_MAX_BYTES (16u << 20)
/* Writer: the database's synonym list (README "Synonyms"), replacing the one it had; stored at the next
 * commit, used by every query that does not turn synonyms off (folio_search_options.synonyms).
 * text[0..len) is a list in the format of folio-index --synonyms FILE ("usa, united states" two-way,
 * "nyc => new york" one-way, one rule per line); empty (or NULL) removes the list. *out_rules (may be
 * NULL) gets the number of rules. FOLIO_EINVALID, naming the line, for a bad list (then nothing is
 * changed). */
FOLIO_EXTERN int folio_db_set_synonyms(folio_db *db, const char *text, size_t len, size_t *out_rules);
/* Whether folio_db_set_synonyms would take the list: 0 (and *out_rules, may be NULL, the number of
 * rules), or FOLIO_EINVALID naming the line. */
FOLIO_EXTERN int folio_synonyms_check(const char *text, size_t len, size_t *out_rules);
/* Writer: whether documents that give no language of their own get a guessed one (folio-index
 * --language auto; README "Languages"): a database setting, stored at the next commit, that folio-index
 * and the write API follow (their preparers then call folio_preparer_detect_languages). */
FOLIO_EXTERN int folio_db_set_language_detection(folio_db *db, int on);
/* 1 when the database asks for language detection, 0 when not, < 0 on error. */
FOLIO_EXTERN int folio_db_language_detection(folio_db *db);
/* The number of rules of the database's synonym list (0 without one) in *out_rules. */
FOLIO_EXTERN int folio_db_synonym_rules(folio_db *db, size_t *out_rules);

typedef struct folio_db_stats {
    uint64_t documents;
    uint64_t terms;            /* distinct terms in the index */
    unsigned analyzer_version; /* FOLIO_ANALYZER_VERSION of the indexer that built it */
    char updated[32];          /* ISO 8601 UTC time of the last commit, "" if unknown */
} folio_db_stats;

/* Fills *out (a struct the caller owns) with the database's figures. */
FOLIO_EXTERN int folio_db_stats_get(folio_db_stats *out, folio_db *db);

/* The same without `terms` (left 0): counting distinct terms walks the whole vocabulary, the rest is a
 * few lookups (for health checks). */
FOLIO_EXTERN int folio_db_stats_get_quick(folio_db_stats *out, folio_db *db);

/* ---- Documents -------------------------------------------------------------------------------- */

/* A document record: named text fields. The fields with a meaning are
 *   id      the external id, unique in a database (required to store a document)
 *   title   weighed above body words
 *   body    the text, also kept for snippets
 *   date    ISO 8601 date or date-time ("2026-01-28", "1987-02-26T15:01:01", with optional zone)
 *   url     a URL or path shown with results
 *   author
 * Any other name is a keyword field (e.g. "topics"): each value is an exact-match tag, and a field may
 * hold several values. */
typedef struct folio_doc folio_doc;

FOLIO_EXTERN int folio_doc_new(folio_doc **out);
FOLIO_EXTERN void folio_doc_free(folio_doc *doc);

/* Sets a named field (replacing an earlier value) or, for a keyword field, adds one more value (a value
 * the field already holds is not added twice).
 * `value` is copied; it must be valid UTF-8 (FOLIO_EINVALID otherwise). A bad "date" is FOLIO_EINVALID.
 * A document holds at most 64 keyword fields and 1,024 keyword values: one more is FOLIO_EINVALID (the
 * input parsers then refuse the whole document, naming the limit). */
FOLIO_EXTERN int folio_doc_set(folio_doc *doc, const char *name, const char *value, size_t len);

/* The value of a field (the first one for a keyword field), or NULL; owned by `doc`. */
FOLIO_EXTERN const char *folio_doc_get(const folio_doc *doc, const char *name);

/* The number of values of a field and the i-th one, owned by `doc`. */
FOLIO_EXTERN size_t folio_doc_count(const folio_doc *doc, const char *name);
FOLIO_EXTERN const char *folio_doc_value(const folio_doc *doc, const char *name, size_t i);

/* The name of the i-th field the document holds (from 0: its known fields in the order id, title, body,
 * date, url, author, then keyword fields in the order they were first set), or NULL past the last.
 * Owned by `doc`. */
FOLIO_EXTERN const char *folio_doc_field_name(const folio_doc *doc, size_t i);

/* Sections: headings of a long body, so a hit can say where its snippet is. The body is divided into
 * parts by form feeds ('\f'); a section starts at part `part` (the form feeds before its heading) and
 * holds the parts up to the next section's. Added in body order; `anchor` (may be NULL or "") is what
 * links to it (an HTML id). A heading over 200 bytes is cut. In the JSON form: "sections":
 * [[part, "anchor", "heading"], ...]. */
FOLIO_EXTERN int folio_doc_add_section(folio_doc *doc, unsigned part, const char *anchor, const char *heading);
FOLIO_EXTERN size_t folio_doc_section_count(const folio_doc *doc);
/* The i-th section (from 0): its heading, first part and anchor ("" for none), owned by `doc`;
 * out_part and out_anchor may be NULL. FOLIO_ENOTFOUND past the last. */
FOLIO_EXTERN int folio_doc_section(const char **out_heading, unsigned *out_part, const char **out_anchor, const folio_doc *doc,
                                    size_t i);

/* The document as one JSON object in the JSON Lines input format (keyword fields as arrays), so that
 * what is written can be indexed again. *out is malloc'd; free it with folio_free(). */
FOLIO_EXTERN int folio_doc_to_json(char **out, const folio_doc *doc);

/* Parses an article file's text (UTF-8; see corpus/README.md for the format): optional front matter
 * between "---" lines (title, date, url, author), else the first non-blank line is the title; the rest
 * is the body. The id is left unset. */
FOLIO_EXTERN int folio_doc_parse_article(folio_doc **out, const char *text, size_t len);

/* Parses one JSON object (one JSON Lines record): "id" (string or number), "title", "body", "date",
 * "url", "author", and keyword fields (a string or an array of strings). Other values are ignored. */
FOLIO_EXTERN int folio_doc_parse_json(folio_doc **out, const char *text, size_t len);

/* Adds the document, or replaces the stored one with the same id. `out_replaced` (may be NULL) is set
 * to 1 when a document was replaced. */
FOLIO_EXTERN int folio_db_put(int *out_replaced, folio_db *db, const folio_doc *doc);

/* Deletes the document with that id. `out_deleted` (may be NULL): 1 if there was one. */
FOLIO_EXTERN int folio_db_delete(int *out_deleted, folio_db *db, const char *id);

/* Makes every change since the last commit durable and visible to new readers, atomically. */
FOLIO_EXTERN int folio_db_commit(folio_db *db);

/* Reads back a stored document by id (FOLIO_ENOTFOUND if none). */
FOLIO_EXTERN int folio_db_get(folio_doc **out, folio_db *db, const char *id);

/* ---- Indexing: incremental, parallel and bulk ------------------------------------------------------
 * What the folio-index program is built from; any program can index the same way. Two kinds of documents:
 *  - records (JSON Lines, folio_db_put): keyed by their id, which is global in a database;
 *  - files found under a root, a directory known by its canonical path: keyed by root and relative path.
 *    The relative path is the file's displayed id; the same path under two roots is two documents.
 * Every stored document carries its state (a content hash; for a file also its size and modification
 * time), committed with it, which a later run compares to pass unchanged input over. */

/* Where a document came from. */
typedef struct folio_origin {
    const char *root;  /* a file: the canonical path of its root (the doc's id is its relative path);
                        * NULL: a record (its state is the hash of its data, folio_doc_hash) */
    uint64_t hash;     /* a file: folio_content_hash() of its bytes */
    uint64_t size;     /* a file: its size and modification time (ns since 1970): the fast path */
    int64_t mtime_ns;
} folio_origin;

/* A 64-bit hash of bytes, for change detection (not cryptographic). */
FOLIO_EXTERN uint64_t folio_content_hash(const void *data, size_t len);

/* The state hash of a record: a hash of the data it is stored with, so two records with the same
 * fields are the same whatever their key order or spacing. */
FOLIO_EXTERN int folio_doc_hash(uint64_t *out, const folio_doc *doc);

/* Parses one JSON Lines record like folio_doc_parse_json(). *out_deleted is set to 1 for a deletion
 * record, {"id": ..., "deleted": true}, which need hold nothing but its id. */
FOLIO_EXTERN int folio_doc_parse_json_record(folio_doc **out, int *out_deleted, const char *text, size_t len);

/* Parses an HTML document (UTF-8; broken markup is recovered, nothing is fetched from the network):
 * the title from <title> (else the first <h1>), the author, date, description, canonical url and
 * <html lang> from the head, the body from the page's main text (data-folio-body, else <main>, else
 * <article>, else <body>, without navigation, page header and footer, hidden parts, cookie banners and
 * [data-folio-ignore]); each heading of it starts a section (folio_doc_add_section: a form feed before
 * it, its id as the anchor); data-folio-meta sets fields (corpus/README.md "HTML files"). The id is left
 * unset. FOLIO_EINVALID when there is no text at all. */
FOLIO_EXTERN int folio_doc_parse_html(folio_doc **out, const char *text, size_t len);

/* Parses a PDF file's bytes through poppler: the text of its pages in reading order, pages separated by
 * a form feed ('\f'; a hit's folio_hit.page comes from them), the keyword field "pages" (the number of
 * pages), title, author and creation date from the metadata, else the title from the first heading-like
 * line (else none). Nothing is fetched and no program is run. FOLIO_EINVALID (the message says why) for
 * a file that is not a PDF, is encrypted with a password, is damaged beyond repair, or has no text
 * layer and no title. A document read only in part (more than 20,000 pages, more than 48 MiB of text,
 * over time_limit_ms, checked between pages; 0: 30 s) is returned with *out_warning (may be NULL)
 * saying what was left out, malloc'd: free it with folio_free(). The id is left unset. */
FOLIO_EXTERN int folio_doc_parse_pdf(folio_doc **out, char **out_warning, const char *data, size_t len, unsigned time_limit_ms);

/* Parse the zip-of-XML document formats (corpus/README.md): Word's .docx (the text of the document, then
 * its footnotes and endnotes), OpenDocument's .odt (footnotes where they are cited), and EPUB (the
 * chapters in spine order, each read as a web page's main text). Title, author and date come from each
 * format's metadata; headings (and EPUB chapters) start sections (folio_doc_add_section). Drawings, images, deleted text and field codes are left out. FOLIO_EINVALID (the
 * message says why) for an archive that is not one, a zip bomb (a member over 64 MiB, compressed over
 * 200 times, over 256 MiB in all), a member name with a path trick, a link out of the package, and
 * malformed XML. An EPUB chapter that cannot be read is left out with *out_warning (may be NULL; malloc'd,
 * free it with folio_free()). The id is left unset. */
FOLIO_EXTERN int folio_doc_parse_docx(folio_doc **out, const char *data, size_t len);
FOLIO_EXTERN int folio_doc_parse_odt(folio_doc **out, const char *data, size_t len);
FOLIO_EXTERN int folio_doc_parse_epub(folio_doc **out, char **out_warning, const char *data, size_t len);

/* Language identification, for documents that do not say their language (folio-index --language auto).
 * A detector guesses from text's letters (libexttextcat's n-gram models of 164 languages); it belongs to
 * one thread at a time. */
typedef struct folio_detector folio_detector;
/* FOLIO_EIO when the language models (libexttextcat-data) cannot be read. */
FOLIO_EXTERN int folio_detector_new(folio_detector **out);
FOLIO_EXTERN void folio_detector_free(folio_detector *d);
/* The language of text[0..len) (its first 1,024 bytes are read) as a BCP 47 tag ("fr", "zh-CN") in
 * tag[tag_cap]: 1, or 0 when it cannot tell (too short, or like no language; tag is then ""). */
FOLIO_EXTERN int folio_detector_guess(folio_detector *d, const char *text, size_t len, char *tag, size_t tag_cap);

/* Building documents in parallel: each thread has its own preparer; a prepared document is stored
 * by the thread that owns the database. */
typedef struct folio_preparer folio_preparer;
typedef struct folio_prepared folio_prepared;

/* A preparer for a database's language (folio_db_language). */
FOLIO_EXTERN int folio_preparer_new(folio_preparer **out, const char *language);
FOLIO_EXTERN void folio_preparer_free(folio_preparer *p);
/* From now on, a document that gives no `lang` or `language` is analyzed in the language a detector
 * (folio_detector_new) guesses for it, and stored with that `lang`, as if it had said it; its state (the
 * "unchanged" rule of records) stays that of the document as given. FOLIO_EIO without the models. */
FOLIO_EXTERN int folio_preparer_detect_languages(folio_preparer *p);

/* Analyzes doc (which must have an id) into a document ready to store. `origin` may be NULL (a
 * record). The prepared document does not refer to doc or origin. */
FOLIO_EXTERN int folio_prepare(folio_prepared **out, folio_preparer *p, const folio_doc *doc, const folio_origin *origin);

/* An estimate of the bytes the document takes in a writer's memory until the next commit. */
FOLIO_EXTERN size_t folio_prepared_cost(const folio_prepared *doc);
FOLIO_EXTERN void folio_prepared_free(folio_prepared *doc);

/* Stores a prepared document, replacing the one with the same key (record id, or root and path). */
FOLIO_EXTERN int folio_db_put_prepared(int *out_replaced, folio_db *db, const folio_prepared *doc);

/* What folio_db_put_record did. */
typedef enum {
    FOLIO_RECORD_ADDED = 0,
    FOLIO_RECORD_REPLACED = 1,
    FOLIO_RECORD_UNCHANGED = 2 /* the database holds the record with exactly these data: nothing written */
} folio_record_outcome;

/* Stores a prepared record (folio_prepare with no file origin) unless the database holds the record
 * with the same state hash (folio_doc_hash: the same data), as folio-index passes unchanged records
 * over; the writer's uncommitted changes count. For programs that store records as they come (the
 * write API of folio-search --serve). FOLIO_EINVALID for a document prepared with a file's origin. */
FOLIO_EXTERN int folio_db_put_record(folio_record_outcome *out, folio_db *db, const folio_prepared *doc);

/* The number of documents. */
FOLIO_EXTERN int folio_db_count(uint64_t *out, folio_db *db);

/* The state hash of the record with that id; FOLIO_ENOTFOUND when there is none. */
FOLIO_EXTERN int folio_db_record_hash(uint64_t *out, folio_db *db, const char *id);

/* Deletes the record with that id (files are untouched); *out_deleted (may be NULL): 1 if there was one.
 * (folio_db_delete deletes every document shown with the id: the record and files of any root.) */
FOLIO_EXTERN int folio_db_delete_record(int *out_deleted, folio_db *db, const char *id);

typedef struct folio_file_state {
    const char *path; /* relative to the root: the displayed id */
    uint64_t hash, size;
    int64_t mtime_ns;
} folio_file_state;

/* Calls cb for each file document of the root (its canonical path), in no particular order; a non-zero
 * return stops and is returned. On a reader, FOLIO_EMODIFIED means a writer committed twice meanwhile:
 * folio_db_reopen() and start again. */
typedef int (*folio_file_cb)(void *ctx, const folio_file_state *file);
FOLIO_EXTERN int folio_db_root_files(folio_db *db, const char *root, folio_file_cb cb, void *ctx);

/* Deletes the document of a file (root and relative path). *out_deleted (may be NULL): 1 if there was one. */
FOLIO_EXTERN int folio_db_delete_file(int *out_deleted, folio_db *db, const char *root, const char *path);

/* Records a new size and modification time for a stored file whose content did not change (cheap: no
 * re-analysis), so the next run passes it over without reading it. FOLIO_ENOTFOUND if not stored. */
FOLIO_EXTERN int folio_db_touch_file(folio_db *db, const char *path, const folio_origin *origin);

/* Roots indexed into the database, with the URL prefix their files' urls were made with ("" for none).
 * get: *out_url_prefix malloc'd (free with folio_free); FOLIO_ENOTFOUND for a root never indexed. */
FOLIO_EXTERN int folio_db_root_get(char **out_url_prefix, folio_db *db, const char *root);
FOLIO_EXTERN int folio_db_root_set(folio_db *db, const char *root, const char *url_prefix);

/* Bulk builds. A new database is built in parts, one per thread, beside the old one, then merged
 * (Xapian compaction) and swapped in atomically: readers and a crash see the old database or the new
 * one, never a mixture. The old database's write lock is held throughout. */
typedef struct folio_rebuild folio_rebuild;

/* Starts rebuilding the database at `path` (a directory; missing is fine, as is one made by another
 * schema or analyzer version). FOLIO_ELOCKED when another writer holds it. `language`: for the new
 * database; NULL keeps the old one's (english for a new one). Leftovers of a build that was killed are
 * removed. */
FOLIO_EXTERN int folio_rebuild_begin(folio_rebuild **out, const char *path, const char *language);

/* The language of the new database. Owned by rb. */
FOLIO_EXTERN const char *folio_rebuild_language(const folio_rebuild *rb);

/* Keeps what the database holds: it is merged first, the parts after it, so that what the parts store
 * or delete replaces it record by record (as with repeated_keys). For adding a large new source to a
 * database that holds documents: the parts are built in parallel, and the merge rewrites the rest. */
FOLIO_EXTERN void folio_rebuild_keep_existing(folio_rebuild *rb);

/* Opens a new part of the new database for writing: a folio database for one thread, whose commits are
 * not synced to disk (the merge syncs). Close it with folio_rebuild_part_close(). Any thread may open
 * parts (several each: small parts stay fast to write); they are merged in the order they were opened. */
FOLIO_EXTERN int folio_rebuild_part(folio_db **out, folio_rebuild *rb);

/* Completes a part (its spelling data is made from its words now rather than document by document),
 * commits and closes it. The part is freed, also on failure. */
FOLIO_EXTERN int folio_rebuild_part_close(folio_db *part);

/* Merges the parts (all closed) into the new database, syncs it, swaps it in and removes the old one.
 * repeated_keys must be set when a record id, or a root and path, was stored more than once (maybe in
 * different parts), or a record deleted: only the version in the part opened last is kept, and
 * deleted records go. Frees rb, also on failure (the old database
 * then stays as it was). */
FOLIO_EXTERN int folio_rebuild_finish(folio_rebuild *rb, int repeated_keys);

/* Gives up: the old database stays as it was. Frees rb. */
FOLIO_EXTERN void folio_rebuild_abort(folio_rebuild *rb);

/* Completes the rebuilds of all n shards of the sharded index at `path` (rbs[i] rebuilding shard i) and
 * swaps the whole index at once: the new shards and their stub are assembled in a new directory beside
 * `path`, which is exchanged with it in one atomic rename. Readers and a crash see the old index or the
 * new one, never some shards of each. Frees every rbs[i] (set to NULL), also on failure (the old index
 * then stays as it was). */
FOLIO_EXTERN int folio_rebuild_finish_shards(const char *path, folio_rebuild **rbs, unsigned n, int repeated_keys);

/* Rewrites the database at `path` compactly (Xapian compaction), swapping the result in atomically. */
FOLIO_EXTERN int folio_compact(const char *path);

/* ---- Sharded indexes ------------------------------------------------------------------------------
 * A sharded index at PATH is a directory holding shard-0 .. shard-(N-1), each a complete folio database
 * with the same language, and a Xapian stub file PATH/XAPIANDB of `auto shard-K` lines, so that
 * folio_db_open(PATH) reads every shard as one database. A writer opens one writer (or one rebuild) per
 * shard and stores each document in the shard these functions route it to; the routing is fixed forever
 * (FNV-1a-64 of the key, mod N), so later runs update and delete in the right shard. */

#define FOLIO_SHARDS_MAX 256
#define FOLIO_SHARDS_STUB_NAME "XAPIANDB"

/* *out gets the number of shards of the index at `path`: 0 when it is not a sharded index (a single
 * database, or nothing yet). FOLIO_EINVALID for a stub that is not a sharded folio index's own (e.g.
 * one of `remote` lines). */
FOLIO_EXTERN int folio_shards_count(unsigned *out, const char *path);

/* 1 when `path` is an existing single (unsharded) database or stub file, which must not become shards. */
FOLIO_EXTERN int folio_shards_is_single_database(const char *path);

/* Creates the directory `path` (if missing) for a new sharded index. */
FOLIO_EXTERN int folio_shards_make_directory(const char *path);

/* Writes the stub listing shard-0 .. shard-(n-1), atomically (a new file synced and renamed over the
 * old). Call it once every shard exists as a folio database: a stub never names a shard that does not
 * open. */
FOLIO_EXTERN int folio_shards_write_stub(const char *path, unsigned n);

/* *out gets the database path of shard i, "path/shard-i", malloc'd: free it with folio_free(). */
FOLIO_EXTERN int folio_shards_path(char **out, const char *path, unsigned i);

/* The shard (0 .. n-1) of a record, by its id, or of a file, by its root's canonical path and its path
 * under the root. n must be at least 1. */
FOLIO_EXTERN unsigned folio_shards_of_record(const char *id, unsigned n);
FOLIO_EXTERN unsigned folio_shards_of_file(const char *root, const char *relative, unsigned n);

/* Gives every shard the keyword fields any shard knows (so any shard parses FIELD:value the same),
 * committing the shards that learnt some. No other writer may hold the shards. */
FOLIO_EXTERN int folio_shards_share_keyword_fields(const char *path, unsigned n);

/* ---- Search ----------------------------------------------------------------------------------- */

typedef enum {
    FOLIO_SYNTAX_STRICT = 0,  /* query language; a syntax error is FOLIO_EQUERY */
    FOLIO_SYNTAX_LENIENT = 1, /* query language; what does not parse is taken as plain words */
    FOLIO_SYNTAX_PLAIN = 2    /* plain words only: no operators, quotes or fields */
} folio_syntax;

typedef enum {
    FOLIO_SORT_RELEVANCE = 0, /* best first; ties by id */
    FOLIO_SORT_DATE = 1,      /* oldest first; ties by id */
    FOLIO_SORT_DATE_DESC = 2  /* newest first; ties by id */
} folio_sort;

typedef struct folio_search_options {
    unsigned version;
    folio_syntax syntax;
    unsigned offset;        /* hits to skip */
    unsigned limit;         /* hits to return (0: none, just totals) */
    folio_sort sort;
    unsigned snippet_bytes; /* target snippet length in bytes (0: no snippets) */
    unsigned max_expansion; /* words each prefix may expand to, in each field (0: 1,000); a query holds
                             * at most 16 prefixes, expanding to 4 x max_expansion words together
                             * (FOLIO_EQUERY beyond) */
    int exact_total;        /* count all matches exactly, however many (else exact up to 10,000) */
    const char *const *facets; /* keyword fields whose values to count among all matches */
    size_t facet_count;
    int spelling; /* offer a corrected query (folio_results_suggestion) when a word is not in the index */
    /* Typo tolerance: in a query of plain words, a word the index does not hold (not a stopword, of 4
     * letters or more, without digits) is read as the index word within one edit of it (two from 9
     * letters; README "Typo tolerance") that occurs most often next to the query's other words;
     * folio_results_corrected_query says what was searched. */
    int typo;
    /* Recency and field boosts for this query instead of the database's (folio_db_set_boosts), in the
     * same form ("30d" or "off"; "title=2" or ""); NULL: the database's. */
    const char *recency;
    const char *boost;
    /* Apply the database's synonyms (folio_db_set_synonyms) to the query's words outside quotes: on by
     * default. */
    int synonyms;
    /* Near-duplicates collapsed: of the matching documents with the same near-duplicate key (the same
     * story republished or lightly edited, found at index time; README "Duplicates collapsed"), only the
     * best ranked is a hit, which names the others (folio_hit.duplicates). Off by default. */
    int collapse;
    /* Only documents in this language (a BCP 47 tag, as `lang:` in the query: "fr" also finds "fr-CA"),
     * the query's words read in it alone; NULL: every language of the index. */
    const char *language;
} folio_search_options;

#define FOLIO_SEARCH_OPTIONS_VERSION 4
#define FOLIO_SEARCH_OPTIONS_INIT \
    {FOLIO_SEARCH_OPTIONS_VERSION, FOLIO_SYNTAX_STRICT, 0, 10, FOLIO_SORT_RELEVANCE, 160, 0, 0, NULL, 0, 0, 0, NULL, NULL, 1, 0, NULL}

/* Totals are exact up to this many matches; beyond it (without exact_total) a lower bound. */
#define FOLIO_EXACT_TOTAL_UP_TO 10000
/* How many values of a facet are returned. */
#define FOLIO_FACET_TOP 10

/* A byte range [start, end) into a hit's snippet. */
typedef struct folio_span {
    size_t start, end;
} folio_span;

typedef struct folio_hit {
    unsigned rank;   /* 1-based, counting from the first hit of the whole result list */
    double score;
    const char *id;
    const char *title;   /* "" when the document has none */
    const char *date;    /* as stored, or NULL */
    const char *url;     /* or NULL */
    const char *snippet; /* plain text, "…" where cut; "" when snippets are off */
    const folio_span *highlights; /* matched words in `snippet`, in order, not overlapping */
    size_t highlight_count;
    unsigned page; /* a paged document (a PDF: its record has the field "pages"): the 1-based page
                    * of the snippet's first match (1 when it has none); else 0 */
    const char *section; /* the heading of the section of the snippet's first match, or NULL */
    const char *anchor;  /* and its anchor (an HTML id; for a paged document "page=N", as PDF viewers
                          * open url#page=N), or NULL ("" never) */
    /* Matched words in `title`, in order, not overlapping, as highlights are in `snippet`. None with
     * snippets off, nor in a title a snippet would show otherwise (with control characters, bad UTF-8 or
     * runs of white space in it, or of over 4 MiB). */
    const folio_span *title_highlights;
    size_t title_highlight_count;
    /* With opts->collapse: the number of other matching documents collapsed into this hit (its near-
     * duplicates), and the ids of the first FOLIO_DUPLICATE_IDS_MAX of them, best ranked first
     * (duplicate_id_count of them); else 0 and NULL. */
    uint64_t duplicates;
    const char *const *duplicate_ids;
    size_t duplicate_id_count;
    /* The document's language as a BCP 47 tag: the `lang` (else `language`) it gave, else the ISO 639-1
     * code of the database's language ("en"); NULL for a database of language "none" */
    const char *lang;
} folio_hit;

/* The most duplicate ids a hit names. */
#define FOLIO_DUPLICATE_IDS_MAX 10

typedef struct folio_results folio_results;

/* Runs a query. On success *out holds the hits (maybe none); free it with folio_results_free(). It does
 * not refer to `query`, `opts` or their strings after the call. `opts` may be NULL
 * (FOLIO_SEARCH_OPTIONS_INIT). */
FOLIO_EXTERN int folio_search(folio_results **out, folio_db *db, const char *query,
                 const folio_search_options *opts);

/* Related articles: ranks the documents most like the one with that id (the record with that id, else
 * the first file shown with it, as folio_db_get() finds it), by its own body words: the 40 that
 * characterise it best by Xapian's expand set (a relevance set of that document; stopwords left out),
 * each weighed by its expansion weight, OR-ed and ranked by BM25 (README "Related articles"). The
 * document itself is not among them, nor any other shown with its id. Results are those of
 * folio_search(): opts->offset, limit, sort, snippet_bytes, facets, exact_total and recency apply (syntax,
 * max_expansion, spelling, typo and boost do not), snippets highlight those words, and
 * folio_results_parsed() is "". FOLIO_ENOTFOUND when no document has the id; FOLIO_EINVALID for an
 * empty one. `opts` may be NULL (FOLIO_SEARCH_OPTIONS_INIT). */
FOLIO_EXTERN int folio_search_like(folio_results **out, folio_db *db, const char *id,
                                   const folio_search_options *opts);

FOLIO_EXTERN size_t folio_results_count(const folio_results *res);
/* The i-th hit (0-based, i < folio_results_count()); owned by `res`. */
FOLIO_EXTERN const folio_hit *folio_results_hit(const folio_results *res, size_t i);
/* The number of matching documents; *out_exact (may be NULL) says whether it is exact or a lower bound. */
FOLIO_EXTERN uint64_t folio_results_total(const folio_results *res, int *out_exact);
/* The number of distinct matching documents: the total once near-duplicates are collapsed (opts->collapse;
 * without it, the total). *out_exact (may be NULL) as for folio_results_total. */
FOLIO_EXTERN uint64_t folio_results_distinct(const folio_results *res, int *out_exact);
FOLIO_EXTERN void folio_results_free(folio_results *res);

/* 1 when shards of the index did not answer and the results come from the others (allow_partial);
 * folio_results_missing_shard(res, i) names them, NULL past the last. */
FOLIO_EXTERN int folio_results_partial(const folio_results *res);
FOLIO_EXTERN const char *folio_results_missing_shard(const folio_results *res, size_t i);

/* 1 if a prefix query met the expansion cap (max_expansion), so some words were left out. */
FOLIO_EXTERN int folio_results_expansion_capped(const folio_results *res);

/* The parsed query in folio's canonical form, e.g. (AND (WORD "asylum") (NOT (WORD "china"))); "" for an
 * empty query. Owned by `res`. */
FOLIO_EXTERN const char *folio_results_parsed(const folio_results *res);

typedef struct folio_facet_value {
    const char *value;
    uint64_t count; /* matching documents holding the value */
} folio_facet_value;

/* The most common values of the i-th field of opts->facets among all matches, most common first (ties
 * by value), at most FOLIO_FACET_TOP; *out_n gets their number. Owned by `res`. */
FOLIO_EXTERN const folio_facet_value *folio_results_facet(const folio_results *res, size_t i, size_t *out_n);

/* A corrected query ("did you mean"), or NULL when there is none or opts->spelling was off: the query
 * text with each plain word that the index does not hold replaced by the closest word it does (edit
 * distance at most 2, Xapian's spelling data). Owned by `res`. */
FOLIO_EXTERN const char *folio_results_suggestion(const folio_results *res);

/* With opts->typo: the query text as it was searched, its misspelt words replaced by their corrections
 * ("oill prices" was searched as "oil prices"), or NULL when no word was corrected. Owned by `res`. */
FOLIO_EXTERN const char *folio_results_corrected_query(const folio_results *res);

/* Search-as-you-type: up to `max` completions of the last word of `text` among the words of the index's
 * titles and bodies (folded, unstemmed), most frequent first (ties alphabetical). *out is an array of
 * *out_n malloc'd strings: the completed words; free it with folio_suggestions_free(). A text ending in
 * white space, or whose last word is empty after folding, has no completions. */
FOLIO_EXTERN int folio_suggest(char ***out, size_t *out_n, folio_db *db, const char *text, size_t max);
FOLIO_EXTERN void folio_suggestions_free(char **list, size_t n);

/* Explains how a query is read: the parsed tree, and the Xapian query it became (terms, operators,
 * weights). *out is a malloc'd string; free it with folio_free(). `opts` may be NULL, as for
 * folio_search(). */
FOLIO_EXTERN int folio_explain(char **out, folio_db *db, const char *query, const folio_search_options *opts);

/* Frees a string that libfolio handed over (folio_explain, folio_doc_to_json, folio_db_root_get,
 * folio_shards_path). NULL: nothing. */
FOLIO_EXTERN void folio_free(void *p);

#ifdef __cplusplus
}
#endif

#endif /* FOLIO_H */
