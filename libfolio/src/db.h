/*
 * db.h — the folio_db handle (folio.h) as the search engine sees it.
 *
 * A folio_db pairs a Xapian handle with the analyzer its language calls for and the schema facts kept
 * in the database metadata (see schema.h). It belongs to one thread at a time.
 */
#ifndef FOLIO_DB_H
#define FOLIO_DB_H

#include "analyzer.h"
#include "buf.h"
#include "folio.h"
#include "boosts.h"
#include "ranking.h"
#include "xapian_wrap.h"

#define FOLIO_LANGUAGE_MAX 64
/* The most languages an index's documents are analyzed in that a query reads its words in (Snowball
 * has 29; tags beyond them are analyzed in the database's language). */
#define FOLIO_INDEX_LANGUAGES_MAX 32

typedef struct folio_typo_vocabulary folio_typo_vocabulary; /* typo.h */
typedef struct folio_synonyms folio_synonyms;               /* synonyms.h */

struct folio_db {
    folio_xdb *x;
    folio_open_mode mode;
    char language[FOLIO_LANGUAGE_MAX];
    folio_analyzer *an;
    char **keyword_fields; /* names of keyword fields seen in the database (owned) */
    size_t nkeyword_fields, keyword_fields_cap;
    /* A hash index of keyword_fields (slot: position + 1, 0 free), so that reading a list of many names
     * (20,000 in one hostile database) at open or at a commit is linear, not quadratic. */
    size_t *keyword_index;
    size_t keyword_index_cap;
    int keyword_fields_changed; /* writer: new names to record at the next commit */
    folio_buf scratch;          /* writer: working space for building terms and data */
    folio_ranking ranking;      /* how plain-word queries rank (folio_ranking_defaults unless
                                 * folio_db_set_ranking changed it) */
    folio_typo_vocabulary *typo_vocabulary; /* typo.c: the index's words, read when first needed */
    folio_boosts boosts;        /* the database's recency and field boosts (FOLIO_META_RECENCY, _BOOST) */
    folio_synonyms *synonyms;   /* its synonym list once read (folio_db_synonyms), NULL if it has none */
    uint64_t synonyms_hash;     /* folio_hash64 of the text `synonyms` was read from */
    int synonyms_read;          /* whether `synonyms` is known to be what FOLIO_META_SYNONYMS holds now */
    /* The languages its documents are analyzed in (folio_db_languages): `language` first. */
    const char *languages[FOLIO_INDEX_LANGUAGES_MAX];
    size_t nlanguages;          /* 0: not read since the index last changed */
    long schema;                /* FOLIO_META_SCHEMA: below FOLIO_SCHEMA_DUPLICATES, some documents may
                                 * have no near-duplicate key */
    int part;                   /* a part of a bulk build (rebuild.c): spelling data is made when it is
                                 * complete, and a deleted record is kept as a tombstone for the merge */
};

/* Opens the Xapian database at `path` for writing without reading it as a folio database (it may be
 * missing, or made by an older folio): holds its write lock for a rebuild. */
int folio_db_lock_path(folio_xdb **out, const char *path);

/* Opens a part of a bulk build (folio_rebuild_part): a new writer at `path` whose commits are not synced,
 * and which leaves spelling data to folio_db_build_spelling() when it is complete. */
int folio_db_open_part(folio_db **out, const char *path, const char *language);

/* Adds the spelling data of every word the database holds: what storing its documents one by one
 * would have added (each word counted by its frequency in the collection), at a fraction of the cost. */
int folio_db_build_spelling(folio_xdb *x);

/* Writer: makes the keyword fields `from` knows known to `db` too, recorded at db's next commit, so the
 * shards of a sharded index (shards.c) all answer which fields exist. Returns how many were new
 * to db (0: nothing to commit), or < 0. */
int folio_db_adopt_keyword_fields(folio_db *db, const folio_db *from);
/* The languages the database's documents are analyzed in (language.h: the analysis languages of the
 * `lang` values its documents hold), the database's own first; read when first asked for and again
 * once the index has changed (over shards: every shard's). Static strings, in *out (owned by db). */
int folio_db_languages(const char *const **out, size_t *n, folio_db *db);
/* The database's synonym list (FOLIO_META_SYNONYMS), read with its analyzer when first asked for and
 * again once the index has changed; *out is NULL when it has none. Owned by db. */
int folio_db_synonyms(const folio_synonyms **out, folio_db *db);

#endif
