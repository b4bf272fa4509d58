/*
 * xapian_wrap.h — the only door from folio's C code to libxapian (implemented in xapian_wrap.cpp, the
 * project's one C++ file).
 *
 * An application-level API, not a mirror of Xapian's classes: open a database, build a document from
 * terms and values, store it under a unique id term, build a query tree, run it with a callback per hit.
 * No C++ exception crosses this boundary: every function catches everything, records a copied message
 * with folio_error_set() and returns a negative FOLIO_E* code. Handles are opaque and owned by whoever
 * got them from an *_open / *_new / constructor call.
 *
 * A database opened for writing holds Xapian's write lock and keeps an open transaction: changes become
 * durable only at folio_xdb_commit(); closing without a commit discards them.
 */
#ifndef FOLIO_XAPIAN_WRAP_H
#define FOLIO_XAPIAN_WRAP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct folio_xdb folio_xdb;
typedef struct folio_xdoc folio_xdoc;
typedef struct folio_xquery folio_xquery;

/* ---- Databases ---- */

/* Opens a database for reading: a database directory or a stub file listing several (searched as one).
 * FOLIO_ENOTFOUND when there is nothing at `path`, FOLIO_ECORRUPT when it is not a Xapian database. */
int folio_xdb_open_read(folio_xdb **out, const char *path);

typedef struct folio_xopen_options {
    unsigned timeout_ms;         /* remote shards: how long one request may take (0: Xapian's default) */
    unsigned connect_timeout_ms; /* remote shards: how long connecting may take (0: Xapian's default) */
    int allow_partial;           /* go on without remote shards that are down (see folio_xdb_missing_*) */
} folio_xopen_options;

/* Like folio_xdb_open_read. A stub file (or a directory holding one, named XAPIANDB) whose lines are
 * local databases (`auto PATH`, relative to the stub) and remote ones (`remote HOST:PORT`, served by
 * xapian-tcpsrv) is opened by folio shard by shard, with the timeouts given; a shard that does not answer
 * fails the open or, with allow_partial, is left out (FOLIO_EUNAVAILABLE names the shard). A shard that
 * stops answering later is handled the same way by every query. Other stubs are opened by Xapian. */
int folio_xdb_open_read_ex(folio_xdb **out, const char *path, const folio_xopen_options *opts);

/* Whether some shard is served over the remote backend (each request to it is a network round trip). */
int folio_xdb_has_remote(const folio_xdb *db);

/* The shards left out so far (allow_partial), and their names as the stub gives them. */
size_t folio_xdb_missing_count(const folio_xdb *db);
const char *folio_xdb_missing_name(const folio_xdb *db, size_t i);

/* Opens (creating if needed) a database for writing. FOLIO_ELOCKED when another writer has it. */
int folio_xdb_open_write(folio_xdb **out, const char *path);

/* Closes; for a writer, uncommitted changes are discarded. NULL is allowed. */
void folio_xdb_close(folio_xdb *db);

/* Reader: move to the latest committed revision. 1 when the handle may have moved, 0 when it surely
 * did not (nothing was committed since), or an error. */
int folio_xdb_reopen(folio_xdb *db);

/* Writer: commit everything since the last commit. */
int folio_xdb_commit(folio_xdb *db);

/* User metadata. get: *out is a malloc'd NUL-terminated copy ("" when the key is unset). */
int folio_xdb_get_metadata(folio_xdb *db, const char *key, char **out);
int folio_xdb_set_metadata(folio_xdb *db, const char *key, const char *value);

int folio_xdb_doc_count(folio_xdb *db, uint64_t *out);

/* *out: 1 when the index holds word positions (any document has any), else 0. */
int folio_xdb_has_positions(folio_xdb *db, int *out);

/* Counts the distinct terms (walks the term list: slow on a big index; for statistics). */
int folio_xdb_term_count(folio_xdb *db, uint64_t *out);

/* The number of documents holding `term`. */
int folio_xdb_term_freq(folio_xdb *db, const char *term, size_t len, uint64_t *out);

/* Calls cb for each term starting with prefix (in byte order) until cb returns non-zero or `limit`
 * terms were given. *out_more (may be NULL) is set to 1 if the limit stopped the walk early. */
typedef int (*folio_xterm_cb)(void *ctx, const char *term, size_t len, uint64_t termfreq);
int folio_xdb_terms_with_prefix(folio_xdb *db, const char *prefix, size_t len, size_t limit,
                                folio_xterm_cb cb, void *ctx, int *out_more);

/* ---- Documents ---- */

int folio_xdoc_new(folio_xdoc **out);
void folio_xdoc_free(folio_xdoc *doc);
/* An occurrence of a term at a position (for phrases and NEAR); adds 1 to its within-document count. */
int folio_xdoc_add_posting(folio_xdoc *doc, const char *term, size_t len, uint32_t pos);
/* An occurrence of a term without a position. */
int folio_xdoc_add_term(folio_xdoc *doc, const char *term, size_t len);
/* A filter term: no position, no weight. */
int folio_xdoc_add_boolean_term(folio_xdoc *doc, const char *term, size_t len);
/* Value slots, for sorting and ranges: raw bytes, or a number in Xapian's sortable encoding. */
int folio_xdoc_set_value(folio_xdoc *doc, unsigned slot, const char *value, size_t len);
int folio_xdoc_set_value_number(folio_xdoc *doc, unsigned slot, double value);
int folio_xdoc_set_data(folio_xdoc *doc, const char *data, size_t len);

/* Stores doc as the one document indexed by `id_term` (which doc must hold), replacing any earlier one.
 * *out_replaced (may be NULL): 1 if one was replaced. The caller still owns doc. */
int folio_xdb_replace(folio_xdb *db, const char *id_term, folio_xdoc *doc, int *out_replaced);

/* Deletes the document indexed by `id_term`; *out_deleted (may be NULL): 1 if there was one. */
int folio_xdb_delete(folio_xdb *db, const char *id_term, int *out_deleted);

/* Adds the words of doc to the spelling data (for did-you-mean): every term of doc that starts with one
 * of `prefixes` and continues with a byte that is not an upper-case ASCII letter (so "W" does not take
 * "WS" terms), without the prefix, counted by its within-document frequency. */
int folio_xdb_add_spelling(folio_xdb *db, const folio_xdoc *doc, const char *const *prefixes, size_t nprefixes);

/* A spelling correction for `word` from the spelling data (edit distance <= 2): *out is malloc'd, ""
 * when there is none (or the database cannot say, e.g. over the remote backend). */
int folio_xdb_spelling_suggestion(folio_xdb *db, const char *word, char **out);

/* The data of the document indexed by `id_term`: *out malloc'd, NUL-terminated; FOLIO_ENOTFOUND if none. */
int folio_xdb_get_data(folio_xdb *db, const char *id_term, char **out, size_t *out_len);

/* ---- Queries ----
 * Constructors return a new node, or NULL when out of memory or when given a NULL operand: a whole tree
 * can be built and checked for NULL once. Combining constructors take ownership of their operands (also
 * when they fail). */

typedef enum {
    FOLIO_XOP_AND,
    FOLIO_XOP_OR,
    FOLIO_XOP_AND_NOT,   /* first operand, minus documents matching any later one */
    FOLIO_XOP_FILTER,    /* first operand, restricted to documents matching all later ones; no weight */
    FOLIO_XOP_AND_MAYBE, /* first operand; later ones only add weight */
    FOLIO_XOP_PHRASE,    /* terms in order, within `window` positions */
    FOLIO_XOP_NEAR,      /* terms in any order, within `window` positions */
    FOLIO_XOP_SYNONYM    /* operands weighed as one term */
} folio_xop;

folio_xquery *folio_xquery_term(const char *term, size_t len);
folio_xquery *folio_xquery_match_all(void);
folio_xquery *folio_xquery_match_nothing(void);
folio_xquery *folio_xquery_combine(folio_xop op, folio_xquery **operands, size_t n, unsigned window);
folio_xquery *folio_xquery_scale(folio_xquery *q, double factor);
/* Documents whose number in `slot` lies in [lo, hi] (inclusive; use +-HUGE_VAL for an open end). */
folio_xquery *folio_xquery_number_range(unsigned slot, double lo, double hi);
folio_xquery *folio_xquery_copy(const folio_xquery *q);
void folio_xquery_free(folio_xquery *q);

/* Appends Xapian's description of the query, malloc'd, to *out. */
int folio_xquery_describe(const folio_xquery *q, char **out);

/* ---- Running a query ---- */

typedef enum {
    FOLIO_XSORT_RELEVANCE, /* weight, then the string in tiebreak_slot ascending */
    FOLIO_XSORT_VALUE /* the value in sort_slot ascending (a key that breaks its own ties: one slot
                         sorts over the remote backend too, where a KeyMaker cannot) */
} folio_xsort;

/* Weighting schemes other than BM25 (all registered with Xapian, so remote shards know them). */
typedef enum folio_xscheme {
    FOLIO_XSCHEME_BM25,
    FOLIO_XSCHEME_DPH,
    FOLIO_XSCHEME_DLH,
    FOLIO_XSCHEME_PL2,
    FOLIO_XSCHEME_INL2,
    FOLIO_XSCHEME_IFB2,
    FOLIO_XSCHEME_BB2,
    FOLIO_XSCHEME_LM_DIRICHLET,
    FOLIO_XSCHEME_LM_TWO_STAGE,
    FOLIO_XSCHEME_LAST = FOLIO_XSCHEME_LM_TWO_STAGE
} folio_xscheme;

typedef struct folio_xrun_options {
    unsigned offset, limit;
    unsigned check_at_least; /* count matches exactly up to this many (see get_mset's checkatleast) */
    folio_xsort sort;
    unsigned sort_slot;
    unsigned tiebreak_slot;
    double bm25_k1, bm25_b; /* BM25 parameters */
    double bm25plus_delta;  /* > 0: BM25+ (BM25PlusWeight) with this lower bound; else BM25 */
    unsigned scheme;        /* folio_xscheme: another weighting scheme than BM25 */
    double scheme_param;    /* its parameter (DFR c, LM mu; 0: Xapian's default) */
    int expand_bo1;         /* folio_xdb_expand: Bo1 expansion weights instead of Xapian's default */
    double expand_min_share; /* folio_xdb_expand: only top documents weighing at least this share of the
                                first one's are taken as relevant (0: all ndocs) */
    int count_only; /* no ranking and no order: weigh nothing (cheaper), for counting matches */
    const unsigned *count_slots; /* value slots whose values to count over all matches (facets) */
    size_t ncount_slots;
    unsigned hits_from_total; /* no hit is read (nor called back) when fewer documents match */
    unsigned record_slot;     /* where a hit's record is: this value slot, or the document data when the
                                 slot is empty */
    /* Recency (relevance order only; half_life > 0): the top max(rerank_depth, offset + limit) hits by
     * relevance are re-ranked by weight x 0.5^(age / half_life), age = now - the number in date_slot
     * (seconds; a document without one follows all that have one), and called back with that weight.
     * Ties keep their relevance order. */
    double half_life, now;
    unsigned date_slot, rerank_depth;
    /* Collapse (collapse set): of the documents with the same non-empty value in collapse_slot, only the
     * best in the run's order is a hit (the best collapse_max); the others are counted with it
     * (folio_xgroup). Documents
     * without a value are never collapsed. */
    int collapse;
    unsigned collapse_slot;
    unsigned collapse_max; /* keep this many documents of each key (0: 1) */
} folio_xrun_options;

/* Called after the run, for each distinct value met in count_slots[slot_index] among the matches
 * checked (all of them when check_at_least covers them), with the number of documents holding it. */
typedef int (*folio_xcount_cb)(void *ctx, size_t slot_index, const char *value, size_t len, uint64_t count);

/* Matches: every matching document, collapsed or not; distinct_*: the matches once collapsed (the
 * same as the matches without collapse). */
typedef struct folio_xtotals {
    uint64_t estimated, lower_bound, upper_bound;
    uint64_t distinct_lower_bound, distinct_upper_bound;
} folio_xtotals;

/* A hit's collapse group: its collapse key ("" when it has none) and how many matching documents with
 * that key were collapsed into it (exact when the run checked every match). */
typedef struct folio_xgroup {
    const char *key;
    size_t key_len;
    uint64_t collapsed;
} folio_xgroup;

/* Called for each hit in rank order with its record (see record_slot) and, when the run collapses, its
 * group (else NULL); a non-zero return stops the run and is returned by folio_xdb_run. `record` and
 * `group` are valid only during the call. */
typedef int (*folio_xhit_cb)(void *ctx, double weight, const char *record, size_t len, const folio_xgroup *group);

/* Runs q. A reader that meets a database changed under it reopens and retries a few times before
 * failing with FOLIO_EMODIFIED. */
int folio_xdb_run(folio_xdb *db, const folio_xquery *q, const folio_xrun_options *opts, folio_xhit_cb cb,
                  folio_xcount_cb count_cb, void *ctx, folio_xtotals *out_totals);

/* Pseudo-relevance feedback: takes the top `ndocs` hits of q as relevant and calls cb with up to
 * `nterms` expansion terms (Xapian's ESet), best first, with their expansion weights. Only unprefixed
 * terms (body stems, see schema.h) that are not already in q are offered. Of the top documents, only
 * those weighing at least opts->expand_min_share of the first one's are taken; *out_docs says how many. */
typedef int (*folio_xexpand_cb)(void *ctx, const char *term, size_t len, double weight);
int folio_xdb_expand(folio_xdb *db, const folio_xquery *q, const folio_xrun_options *opts, unsigned ndocs,
                     unsigned nterms, folio_xexpand_cb cb, void *ctx, unsigned *out_docs);

/* Articles like one: the document holding `key_term` (the first, if several do) as the relevance set,
 * cb is called with up to `nterms` of its own unprefixed terms (body stems, see schema.h), best first,
 * with their expansion weights (Xapian's ESet; Bo1 with opts->expand_bo1). FOLIO_ENOTFOUND when no
 * document holds the term. */
int folio_xdb_expand_document(folio_xdb *db, const char *key_term, const folio_xrun_options *opts, unsigned nterms,
                              folio_xexpand_cb cb, void *ctx);

/* ---- Indexing support (folio-index: incremental state, parallel builds, compaction) ----
 * Additions for issue 7; they only add to what is above. */

/* Opens a new database for a bulk build at `path` (created, or emptied if it exists): a writer like
 * folio_xdb_open_write, but commits do not wait for the disk (Xapian's DB_NO_SYNC). Only for databases
 * that are merged into a real one afterwards (folio_xdb_compact), which syncs. */
int folio_xdb_open_build(folio_xdb **out, const char *path);

/* The value in `slot` of the first document holding `term`: *out malloc'd, NUL-terminated ("" when the
 * document has no such value); FOLIO_ENOTFOUND when no document holds the term. */
int folio_xdb_get_value(folio_xdb *db, const char *term, unsigned slot, char **out, size_t *out_len);

/* Writer: sets the value in `slot` of every document holding `term` (only the value is rewritten).
 * FOLIO_ENOTFOUND when none does. */
int folio_xdb_update_value(folio_xdb *db, const char *term, unsigned slot, const char *value, size_t len);

/* Calls cb for each document holding `term`, in docid order, with its values in slots[0..nslots)
 * (values[i] is NUL-terminated, lens[i] its length, "" when unset). A non-zero return stops the walk
 * and is returned. A reader retries from the start after the database changed under it. */
typedef int (*folio_xvalues_cb)(void *ctx, const char *const *values, const size_t *lens);
int folio_xdb_each_document(folio_xdb *db, const char *term, const unsigned *slots, size_t nslots,
                            folio_xvalues_cb cb, void *ctx);

/* Writer: adds to the spelling data every term that starts with one of `prefixes` (followed by a byte
 * that is not an upper-case ASCII letter, as in folio_xdb_add_spelling), without the prefix, counted by
 * its collection frequency: what folio_xdb_add_spelling for every document would have added. */
int folio_xdb_spelling_from_terms(folio_xdb *db, const char *const *prefixes, size_t nprefixes);

/* Writer: for every term starting with `prefix` that several documents hold, deletes all of them but
 * the one with the highest docid. *out_deleted (may be NULL) gets how many were deleted. */
int folio_xdb_keep_last(folio_xdb *db, const char *prefix, uint64_t *out_deleted);

/* Merges user metadata when several sources of folio_xdb_compact hold the same key: given the n values
 * (in source order), returns the merged one, malloc'd (NULL: out of memory). */
typedef char *(*folio_xmeta_merge_cb)(void *ctx, const char *key, const char *const *values, size_t n);

/* Writes the documents of sources[0..n) (database paths), renumbered one after the other, into a new
 * compact database at `dest` (which must not exist), synced to disk. `merge` (may be NULL: the first
 * value wins) resolves metadata keys several sources hold. */
int folio_xdb_compact(const char *dest, const char *const *sources, size_t n, folio_xmeta_merge_cb merge,
                      void *ctx);

#ifdef __cplusplus
}
#endif

#endif
