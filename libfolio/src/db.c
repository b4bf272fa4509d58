/* db.c — opening, writing and reading folio databases (folio.h "Database" and "Documents"). */
#include "db.h"
#include "typo.h"

#include "date.h"
#include "doc.h"
#include "error.h"
#include "hash.h"
#include "language.h"
#include "prepare.h"
#include "record_store.h"
#include "schema.h"
#include "synonyms.h"
#include "text.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* A file only Xapian makes. Besides the version file, the lock and the version file being written: a
 * database another folio-index is creating this moment holds only those (refused as "other files", two
 * first builds at once blamed "not a folio database" instead of the lock). */
static int is_xapian_file(const char *name)
{
    static const char *const names[] = {"iamglass", "iamchert", "flintlock", "v.tmp"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

/* Refuses to create a database inside a directory that holds something else, so a mistyped -d never
 * scatters Xapian files among a user's own. */
static int check_write_target(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return errno == ENOENT ? 0 : folio_error_set(FOLIO_EIO, "%s: %s", path, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return 0; /* a stub file: Xapian decides */
    DIR *dir = opendir(path);
    if (!dir)
        return folio_error_set(FOLIO_EIO, "%s: %s", path, strerror(errno));
    int empty = 1, xapian = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        empty = 0;
        if (is_xapian_file(e->d_name))
            xapian = 1;
    }
    closedir(dir);
    if (!empty && !xapian)
        return folio_error_set(FOLIO_ECORRUPT, "%s: not a folio database (a directory holding other files)", path);
    return 0;
}

static void free_keyword_fields(folio_db *db)
{
    for (size_t i = 0; i < db->nkeyword_fields; i++)
        free(db->keyword_fields[i]);
    free(db->keyword_fields);
    free(db->keyword_index);
    db->keyword_fields = NULL;
    db->keyword_index = NULL;
    db->nkeyword_fields = db->keyword_fields_cap = db->keyword_index_cap = 0;
}

static size_t keyword_slot(const folio_db *db, const char *name, size_t len)
{
    uint64_t h = folio_hash64(name, len);
    return (size_t)(h ^ (h >> 31)) & (db->keyword_index_cap - 1);
}

static void index_keyword_field(folio_db *db, size_t i)
{
    const char *name = db->keyword_fields[i];
    size_t k = keyword_slot(db, name, strlen(name));
    while (db->keyword_index[k])
        k = (k + 1) & (db->keyword_index_cap - 1);
    db->keyword_index[k] = i + 1;
}

/* Adds a name unless known: 1 when added, 0 when known, < 0 on error. */
static int add_keyword_field(folio_db *db, const char *name, size_t len)
{
    for (size_t k = db->keyword_index_cap ? keyword_slot(db, name, len) : 0; db->keyword_index_cap && db->keyword_index[k];
         k = (k + 1) & (db->keyword_index_cap - 1)) {
        const char *known = db->keyword_fields[db->keyword_index[k] - 1];
        if (strlen(known) == len && memcmp(known, name, len) == 0)
            return 0;
    }
    if (db->nkeyword_fields == db->keyword_fields_cap) {
        size_t cap = db->keyword_fields_cap ? db->keyword_fields_cap * 2 : 16;
        char **names = realloc(db->keyword_fields, cap * sizeof *names);
        if (!names)
            return folio_error_set(FOLIO_ENOMEM, "out of memory");
        db->keyword_fields = names;
        db->keyword_fields_cap = cap;
    }
    if ((db->nkeyword_fields + 1) * 2 > db->keyword_index_cap) {
        size_t cap = db->keyword_index_cap ? db->keyword_index_cap * 2 : 32;
        size_t *index = calloc(cap, sizeof *index);
        if (!index)
            return folio_error_set(FOLIO_ENOMEM, "out of memory");
        free(db->keyword_index);
        db->keyword_index = index;
        db->keyword_index_cap = cap;
        for (size_t i = 0; i < db->nkeyword_fields; i++)
            index_keyword_field(db, i);
    }
    char *copy = folio_text_copy(name, len);
    if (!copy)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    db->keyword_fields[db->nkeyword_fields] = copy;
    index_keyword_field(db, db->nkeyword_fields++);
    return 1;
}

static int load_keyword_fields(folio_db *db)
{
    char *list;
    int rc = folio_xdb_get_metadata(db->x, FOLIO_META_KEYWORD_FIELDS, &list);
    if (rc < 0)
        return rc;
    for (const char *p = list; *p && rc >= 0;) {
        size_t n = strcspn(p, " ");
        if (n)
            rc = add_keyword_field(db, p, n);
        p += n;
        p += strspn(p, " ");
    }
    free(list);
    return rc < 0 ? rc : 0;
}

static int require_writer(const folio_db *db);

/* The database's setting of recency and field boosts (folio_db_set_boosts). */
static int load_boosts(folio_db *db)
{
    db->boosts = folio_boosts_none;
    char *recency, *boost = NULL;
    int rc = folio_xdb_get_metadata(db->x, FOLIO_META_RECENCY, &recency);
    if (rc >= 0 && *recency)
        rc = folio_recency_parse(&db->boosts.half_life, recency);
    if (rc >= 0)
        rc = folio_xdb_get_metadata(db->x, FOLIO_META_BOOST, &boost);
    if (rc >= 0 && *boost)
        rc = folio_boost_parse(&db->boosts, boost);
    free(recency);
    free(boost);
    return rc < 0 ? rc : 0;
}

int folio_boosts_check(const char *recency, const char *boost)
{
    folio_boosts next = folio_boosts_none;
    int rc = recency ? folio_recency_parse(&next.half_life, recency) : 0;
    if (rc >= 0 && boost && *boost)
        rc = folio_boost_parse(&next, boost);
    return rc < 0 ? rc : 0;
}

int folio_db_set_boosts(folio_db *db, const char *recency, const char *boost)
{
    int rc = require_writer(db);
    if (rc >= 0)
        rc = folio_boosts_check(recency, boost);
    if (rc >= 0 && recency)
        rc = folio_xdb_set_metadata(db->x, FOLIO_META_RECENCY, strcmp(recency, "off") && strcmp(recency, "0") ? recency : "");
    if (rc >= 0 && boost)
        rc = folio_xdb_set_metadata(db->x, FOLIO_META_BOOST, boost);
    if (rc >= 0)
        rc = load_boosts(db);
    return rc < 0 ? rc : 0;
}

/* The index changed: the list is checked again when next used (kept when its text is the same). */
static void forget_synonyms(folio_db *db)
{
    db->synonyms_read = 0;
}

static int collect_language(void *ctx, const char *term, size_t len, uint64_t termfreq)
{
    (void)termfreq;
    folio_db *db = ctx;
    size_t prefix = strlen("K" FOLIO_LANGUAGE_FIELD ":");
    const char *language = folio_language_of_tag(term + prefix, len - prefix);
    for (size_t i = 0; language && i < db->nlanguages; i++)
        if (strcmp(db->languages[i], language) == 0)
            language = NULL;
    if (language && db->nlanguages < FOLIO_INDEX_LANGUAGES_MAX)
        db->languages[db->nlanguages++] = language;
    return 0;
}

/* Language terms a database may hold that folio_db_languages reads: far above the tags of real corpora,
 * and a bound on the work of a hostile one. */
#define LANGUAGE_TERMS_READ_MAX 4096

int folio_db_languages(const char *const **out, size_t *n, folio_db *db)
{
    if (!db->nlanguages) {
        const char *own = folio_language_of_tag(db->language, strlen(db->language));
        db->languages[db->nlanguages++] = own ? own : db->language; /* "none" stays itself */
        const char *prefix = "K" FOLIO_LANGUAGE_FIELD ":";
        int rc = folio_xdb_terms_with_prefix(db->x, prefix, strlen(prefix), LANGUAGE_TERMS_READ_MAX,
                                             collect_language, db, NULL);
        if (rc < 0) {
            db->nlanguages = 0;
            return rc;
        }
    }
    *out = db->languages;
    *n = db->nlanguages;
    return 0;
}

int folio_db_index_languages(folio_db *db, const char *const **out, size_t *n)
{
    return folio_db_languages(out, n, db);
}

int folio_db_synonyms(const folio_synonyms **out, folio_db *db)
{
    *out = NULL;
    if (!db->synonyms_read) {
        char *text;
        int rc = folio_xdb_get_metadata(db->x, FOLIO_META_SYNONYMS, &text);
        if (rc < 0)
            return rc;
        /* Reading 100,000 rules takes some 70 ms: not again at every commit of a live index. */
        uint64_t hash = folio_hash64(text, strlen(text));
        if (!db->synonyms || hash != db->synonyms_hash) {
            folio_synonyms_free(db->synonyms);
            db->synonyms = NULL;
            if (*text && (rc = folio_synonyms_parse(&db->synonyms, db->an, text, strlen(text))) < 0)
                rc = folio_error_set(FOLIO_ECORRUPT, "the database's synonym list does not read: %s",
                                     folio_error_last()->message);
            db->synonyms_hash = hash;
        }
        free(text);
        if (rc < 0)
            return rc;
        db->synonyms_read = 1;
    }
    *out = db->synonyms;
    return 0;
}

int folio_db_set_language_detection(folio_db *db, int on)
{
    int rc = require_writer(db);
    return rc < 0 ? rc : folio_xdb_set_metadata(db->x, FOLIO_META_DETECT_LANGUAGES, on ? "1" : "");
}

int folio_db_language_detection(folio_db *db)
{
    char *value;
    int rc = folio_xdb_get_metadata(db->x, FOLIO_META_DETECT_LANGUAGES, &value);
    if (rc < 0)
        return rc;
    rc = strcmp(value, "1") == 0;
    free(value);
    return rc;
}

int folio_db_synonym_rules(folio_db *db, size_t *out_rules)
{
    const folio_synonyms *synonyms;
    int rc = folio_db_synonyms(&synonyms, db);
    *out_rules = rc >= 0 && synonyms ? folio_synonyms_rules(synonyms) : 0;
    return rc;
}

int folio_db_set_synonyms(folio_db *db, const char *text, size_t len, size_t *out_rules)
{
    folio_synonyms *next = NULL;
    int rc = require_writer(db);
    if (rc >= 0 && (!text || len == 0))
        rc = folio_xdb_set_metadata(db->x, FOLIO_META_SYNONYMS, "");
    else if (rc >= 0 && (rc = folio_synonyms_parse(&next, db->an, text, len)) >= 0) {
        folio_buf canonical = FOLIO_BUF_INIT;
        folio_synonyms_canonical(next, &canonical);
        if ((rc = folio_buf_check(&canonical)) >= 0)
            rc = folio_xdb_set_metadata(db->x, FOLIO_META_SYNONYMS, canonical.data ? canonical.data : "");
        folio_buf_free(&canonical);
    }
    if (rc >= 0 && out_rules)
        *out_rules = next ? folio_synonyms_rules(next) : 0;
    folio_synonyms_free(next);
    if (rc >= 0)
        forget_synonyms(db);
    return rc < 0 ? rc : 0;
}

int folio_synonyms_check(const char *text, size_t len, size_t *out_rules)
{
    folio_analyzer *an;
    folio_synonyms *s = NULL;
    int rc = folio_analyzer_new(&an, "english");
    if (rc >= 0 && (rc = folio_synonyms_parse(&s, an, text ? text : "", text ? len : 0)) >= 0 && out_rules)
        *out_rules = folio_synonyms_rules(s);
    folio_synonyms_free(s);
    folio_analyzer_free(an);
    return rc < 0 ? rc : 0;
}

static int read_number_meta(folio_db *db, const char *key, long *out)
{
    char *value;
    int rc = folio_xdb_get_metadata(db->x, key, &value);
    if (rc < 0)
        return rc;
    *out = *value ? strtol(value, NULL, 10) : -1;
    free(value);
    return 0;
}

/* Checks that an existing database was made by a compatible folio and reads its language; its schema
 * goes to *out_schema. */
static int check_schema(folio_db *db, const char *path, long *out_schema)
{
    long schema, analyzer;
    int rc;
    if ((rc = read_number_meta(db, FOLIO_META_SCHEMA, &schema)) < 0 ||
        (rc = read_number_meta(db, FOLIO_META_ANALYZER, &analyzer)) < 0)
        return rc;
    if (schema < 0)
        return folio_error_set(FOLIO_ECORRUPT, "%s: not a folio database (no folio schema in its metadata)", path);
    if (schema < FOLIO_SCHEMA_OLDEST || schema > FOLIO_SCHEMA_VERSION || analyzer != FOLIO_ANALYZER_VERSION)
        return folio_error_set(FOLIO_EREINDEX,
                               "%s: made with schema %ld / analyzer %ld, this folio uses schema %d / analyzer %d: "
                               "re-index needed",
                               path, schema, analyzer, FOLIO_SCHEMA_VERSION, FOLIO_ANALYZER_VERSION);
    char *language;
    if ((rc = folio_xdb_get_metadata(db->x, FOLIO_META_LANGUAGE, &language)) < 0)
        return rc;
    snprintf(db->language, sizeof db->language, "%s", language);
    free(language);
    *out_schema = schema;
    return 0;
}

static int stamp_schema(folio_db *db, long schema)
{
    char number[16];
    snprintf(number, sizeof number, "%ld", schema);
    db->schema = schema;
    return folio_xdb_set_metadata(db->x, FOLIO_META_SCHEMA, number);
}

/* A new (empty, unstamped) database: record the schema and language, committed with the first batch. */
static int stamp_new_database(folio_db *db, const char *language)
{
    char number[16];
    int rc;
    snprintf(db->language, sizeof db->language, "%s", language);
    if ((rc = stamp_schema(db, FOLIO_SCHEMA_VERSION)) < 0)
        return rc;
    snprintf(number, sizeof number, "%d", FOLIO_ANALYZER_VERSION);
    if ((rc = folio_xdb_set_metadata(db->x, FOLIO_META_ANALYZER, number)) < 0)
        return rc;
    return folio_xdb_set_metadata(db->x, FOLIO_META_LANGUAGE, language);
}

/* Names the database in the one error a user is most likely to meet: another writer at work. */
static int open_xapian_writer(folio_xdb **out, const char *path, int build)
{
    int rc = build ? folio_xdb_open_build(out, path) : folio_xdb_open_write(out, path);
    if (rc == FOLIO_ELOCKED)
        return folio_error_set(FOLIO_ELOCKED, "%s: the database is locked: another writer holds it", path);
    return rc;
}

int folio_db_lock_path(folio_xdb **out, const char *path)
{
    int rc = check_write_target(path);
    return rc < 0 ? rc : open_xapian_writer(out, path, 0);
}

static int open_writer(folio_db *db, const char *path, const char *language, int build)
{
    int rc;
    if ((rc = check_write_target(path)) < 0 || (rc = open_xapian_writer(&db->x, path, build)) < 0)
        return rc;
    char *schema;
    if ((rc = folio_xdb_get_metadata(db->x, FOLIO_META_SCHEMA, &schema)) < 0)
        return rc;
    int is_new = *schema == '\0';
    free(schema);
    if (is_new) {
        uint64_t docs;
        if ((rc = folio_xdb_doc_count(db->x, &docs)) < 0)
            return rc;
        if (docs > 0)
            return folio_error_set(FOLIO_ECORRUPT, "%s: not a folio database (no folio schema in its metadata)", path);
        return stamp_new_database(db, language ? language : FOLIO_DEFAULT_LANGUAGE);
    }
    /* Schema 2 becomes 3 (compressed records are added); 3 stays 3, as its older documents have no
     * near-duplicate keys (schema.h). */
    if ((rc = check_schema(db, path, &db->schema)) < 0 ||
        (db->schema < FOLIO_SCHEMA_DUPLICATES - 1 && (rc = stamp_schema(db, FOLIO_SCHEMA_DUPLICATES - 1)) < 0))
        return rc;
    if (language && strcmp(language, db->language) != 0)
        return folio_error_set(FOLIO_EINVALID, "%s: the database is in %s; it cannot take %s text (use another database)",
                               path, db->language, language);
    return 0;
}

static int open_reader(folio_db *db, const char *path, const folio_open_options *opts)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return errno == ENOENT ? folio_error_set(FOLIO_ENOTFOUND, "no database at %s", path)
                               : folio_error_set(FOLIO_EIO, "%s: %s", path, strerror(errno));
    folio_xopen_options xo = {opts->timeout_ms, opts->timeout_ms, opts->allow_partial};
    int rc = folio_xdb_open_read_ex(&db->x, path, &xo);
    if (rc == FOLIO_ECORRUPT || rc == FOLIO_ENOTFOUND)
        return folio_error_set(rc, "%s: not a folio database (%s)", path, folio_error_last()->message);
    if (rc < 0)
        return rc;
    return check_schema(db, path, &db->schema);
}

/* Opens a reader, a writer, or (build) a writer of a part of a bulk build. */
static int open_db(folio_db **out, const char *path, const folio_open_options *opts, int build)
{
    *out = NULL;
    if (!path || !*path)
        return folio_error_set(FOLIO_EINVALID, "no database path given");
    if (opts->version != FOLIO_OPEN_OPTIONS_VERSION)
        return folio_error_set(FOLIO_EINVALID,
                               "folio_open_options version %u, this libfolio reads version %d (initialise "
                               "the options with FOLIO_OPEN_OPTIONS_INIT)",
                               opts->version, FOLIO_OPEN_OPTIONS_VERSION);
    folio_db *db = calloc(1, sizeof *db);
    if (!db)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    db->mode = opts->mode;
    db->ranking = folio_ranking_defaults;
    int rc = opts->mode == FOLIO_OPEN_WRITE ? open_writer(db, path, opts->language, build) : open_reader(db, path, opts);
    if (rc >= 0)
        rc = folio_analyzer_new(&db->an, db->language);
    if (rc >= 0)
        rc = load_keyword_fields(db);
    if (rc >= 0)
        rc = load_boosts(db);
    if (rc < 0) {
        folio_db_close(db);
        return rc;
    }
    *out = db;
    return 0;
}

int folio_db_open(folio_db **out, const char *path, const folio_open_options *opts)
{
    folio_open_options defaults = FOLIO_OPEN_OPTIONS_INIT;
    return open_db(out, path, opts ? opts : &defaults, 0);
}

int folio_db_open_part(folio_db **out, const char *path, const char *language)
{
    folio_open_options opts = FOLIO_OPEN_OPTIONS_INIT;
    opts.mode = FOLIO_OPEN_WRITE;
    opts.language = language;
    int rc = open_db(out, path, &opts, 1);
    if (rc >= 0)
        (*out)->part = 1;
    return rc;
}

void folio_db_close(folio_db *db)
{
    if (!db)
        return;
    folio_xdb_close(db->x);
    folio_typo_forget(db);
    folio_synonyms_free(db->synonyms);
    folio_analyzer_free(db->an);
    free_keyword_fields(db);
    folio_buf_free(&db->scratch);
    free(db);
}

const char *folio_db_language(const folio_db *db)
{
    return db->language;
}

int folio_db_set_ranking(folio_db *db, const char *spec)
{
    return folio_ranking_parse(&db->ranking, spec);
}

static int require_writer(const folio_db *db)
{
    return db->mode == FOLIO_OPEN_WRITE ? 0 : folio_error_set(FOLIO_EINVALID, "the database is open for reading only");
}

/* Did-you-mean draws on the words of titles and bodies (schema.h word terms). */
static const char *const spelling_prefixes[] = {"W", "WS"};

int folio_db_put_prepared(int *out_replaced, folio_db *db, const folio_prepared *doc)
{
    int rc = require_writer(db);
    if (rc < 0)
        return rc;
    if ((rc = folio_xdb_replace(db->x, doc->key_term, doc->xdoc, out_replaced)) < 0 ||
        (!db->part && (rc = folio_xdb_add_spelling(db->x, doc->xdoc, spelling_prefixes,
                                     sizeof spelling_prefixes / sizeof spelling_prefixes[0])) < 0))
        return rc;
    /* Only a stored document makes its keyword fields known. */
    for (size_t i = 0; i < doc->nkeyword_fields; i++) {
        rc = add_keyword_field(db, doc->keyword_fields[i], strlen(doc->keyword_fields[i]));
        if (rc < 0)
            return rc;
        db->keyword_fields_changed |= rc > 0;
    }
    return 0;
}

static int read_state(folio_db *db, const char *term, folio_origin *out);

int folio_db_put_record(folio_record_outcome *out, folio_db *db, const folio_prepared *doc)
{
    int rc = require_writer(db);
    if (rc < 0)
        return rc;
    if (!doc->is_record)
        return folio_error_set(FOLIO_EINVALID, "not a record: the document was prepared with a file's origin");
    /* The writer's own view: a record stored earlier in the same batch counts too. */
    folio_origin stored;
    rc = read_state(db, doc->key_term, &stored);
    if (rc >= 0 && stored.hash == doc->record_hash) {
        *out = FOLIO_RECORD_UNCHANGED;
        return 0;
    }
    if (rc < 0 && rc != FOLIO_ENOTFOUND)
        return rc;
    int replaced = 0;
    if ((rc = folio_db_put_prepared(&replaced, db, doc)) < 0)
        return rc;
    *out = replaced ? FOLIO_RECORD_REPLACED : FOLIO_RECORD_ADDED;
    return 0;
}

int folio_db_build_spelling(folio_xdb *x)
{
    return folio_xdb_spelling_from_terms(x, spelling_prefixes, sizeof spelling_prefixes / sizeof spelling_prefixes[0]);
}

int folio_db_put(int *out_replaced, folio_db *db, const folio_doc *doc)
{
    int rc = require_writer(db);
    if (rc < 0)
        return rc;
    folio_prepared *prepared;
    if ((rc = folio_prepare_with(&prepared, db->an, &db->scratch, doc, NULL, NULL)) < 0)
        return rc;
    rc = folio_db_put_prepared(out_replaced, db, prepared);
    folio_prepared_free(prepared);
    return rc;
}

/* Makes into `term` the term make() builds for a string. */
static int make_term(folio_buf *term, void (*make)(folio_buf *, const char *, size_t), const char *s)
{
    folio_buf_reset(term);
    make(term, s, strlen(s));
    return folio_buf_check(term);
}

/* In a part of a bulk build, the record may sit in an earlier part: a tombstone with its key replaces
 * it here, and the merge keeps the last version of each key, then drops the tombstones. */
static int put_tombstone(folio_db *db, const char *term, int *out_deleted)
{
    folio_xdoc *tombstone;
    int rc = folio_xdoc_new(&tombstone);
    if (rc < 0)
        return rc;
    if ((rc = folio_xdoc_add_boolean_term(tombstone, term, strlen(term))) >= 0 &&
        (rc = folio_xdoc_add_boolean_term(tombstone, FOLIO_TOMBSTONE_TERM, strlen(FOLIO_TOMBSTONE_TERM))) >= 0)
        rc = folio_xdb_replace(db->x, term, tombstone, out_deleted);
    folio_xdoc_free(tombstone);
    return rc;
}

int folio_db_delete_record(int *out_deleted, folio_db *db, const char *id)
{
    int rc = require_writer(db);
    if (rc < 0 || (rc = make_term(&db->scratch, folio_schema_id_term, id)) < 0)
        return rc;
    if (db->part)
        return put_tombstone(db, db->scratch.data, out_deleted);
    return folio_xdb_delete(db->x, db->scratch.data, out_deleted);
}

int folio_db_delete(int *out_deleted, folio_db *db, const char *id)
{
    int record = 0, files = 0;
    int rc = folio_db_delete_record(&record, db, id);
    if (rc >= 0 && (rc = make_term(&db->scratch, folio_schema_path_term, id)) >= 0)
        rc = folio_xdb_delete(db->x, db->scratch.data, &files);
    if (rc >= 0 && out_deleted)
        *out_deleted = record || files;
    return rc;
}

int folio_db_adopt_keyword_fields(folio_db *db, const folio_db *from)
{
    int rc = require_writer(db), added = 0;
    for (size_t i = 0; rc >= 0 && i < from->nkeyword_fields; i++) {
        const char *name = from->keyword_fields[i];
        if ((rc = add_keyword_field(db, name, strlen(name))) > 0)
            added++;
    }
    if (rc < 0)
        return rc;
    db->keyword_fields_changed |= added > 0;
    return added;
}

static int write_keyword_fields(folio_db *db)
{
    folio_buf list = FOLIO_BUF_INIT;
    for (size_t i = 0; i < db->nkeyword_fields; i++) {
        if (i)
            folio_buf_putc(&list, ' ');
        folio_buf_puts(&list, db->keyword_fields[i]);
    }
    int rc = folio_buf_check(&list);
    if (rc >= 0)
        rc = folio_xdb_set_metadata(db->x, FOLIO_META_KEYWORD_FIELDS, list.data ? list.data : "");
    folio_buf_free(&list);
    return rc;
}

int folio_db_commit(folio_db *db)
{
    int rc = require_writer(db);
    if (rc < 0)
        return rc;
    if (db->keyword_fields_changed && (rc = write_keyword_fields(db)) < 0)
        return rc;
    char now[21];
    folio_date_format_utc(now, (int64_t)time(NULL));
    if ((rc = folio_xdb_set_metadata(db->x, FOLIO_META_UPDATED, now)) < 0 || (rc = folio_xdb_commit(db->x)) < 0)
        return rc;
    db->keyword_fields_changed = 0;
    db->nlanguages = 0;
    folio_typo_forget(db); /* a writer that searches: new words may be candidates now */
    return 0;
}

/* The stored record of the first document holding `term`: *data malloc'd. */
static int get_record(folio_xdb *x, const char *term, char **data, size_t *len)
{
    int rc = folio_xdb_get_value(x, term, FOLIO_SLOT_RECORD, data, len);
    if (rc >= 0 && *len == 0) {
        /* schema 2: the record is the document data */
        free(*data);
        rc = folio_xdb_get_data(x, term, data, len);
    }
    return rc;
}

/* The record with that id, else the first file shown with it. */
int folio_db_get(folio_doc **out, folio_db *db, const char *id)
{
    *out = NULL;
    folio_buf term = FOLIO_BUF_INIT;
    char *data = NULL;
    size_t len = 0;
    int rc = make_term(&term, folio_schema_id_term, id);
    if (rc >= 0)
        rc = get_record(db->x, term.data, &data, &len);
    if (rc == FOLIO_ENOTFOUND && (rc = make_term(&term, folio_schema_path_term, id)) >= 0)
        rc = get_record(db->x, term.data, &data, &len);
    if (rc == FOLIO_ENOTFOUND)
        rc = folio_error_set(FOLIO_ENOTFOUND, "no document with id '%s'", id);
    folio_buf record = FOLIO_BUF_INIT;
    if (rc >= 0)
        rc = folio_record_read(out, &record, data, len);
    folio_buf_free(&record);
    free(data);
    folio_buf_free(&term);
    return rc;
}

int folio_db_stats_get(folio_db_stats *out, folio_db *db)
{
    int rc = folio_db_stats_get_quick(out, db);
    return rc < 0 ? rc : folio_xdb_term_count(db->x, &out->terms);
}

int folio_db_stats_get_quick(folio_db_stats *out, folio_db *db)
{
    memset(out, 0, sizeof *out);
    int rc;
    long analyzer;
    char *updated;
    if ((rc = folio_xdb_doc_count(db->x, &out->documents)) < 0 ||
        (rc = read_number_meta(db, FOLIO_META_ANALYZER, &analyzer)) < 0 ||
        (rc = folio_xdb_get_metadata(db->x, FOLIO_META_UPDATED, &updated)) < 0)
        return rc;
    out->analyzer_version = analyzer < 0 ? 0 : (unsigned)analyzer;
    snprintf(out->updated, sizeof out->updated, "%s", updated);
    free(updated);
    return 0;
}

int folio_db_reopen(folio_db *db)
{
    if (db->mode == FOLIO_OPEN_WRITE)
        return 0;
    int rc = folio_xdb_reopen(db->x);
    if (rc > 0) { /* the keyword fields are read again only when the index changed */
        free_keyword_fields(db);
        folio_typo_forget(db);
        forget_synonyms(db);
        db->nlanguages = 0;
        rc = load_keyword_fields(db);
        if (rc >= 0) /* folio-index --recency or --boost may be what changed */
            rc = load_boosts(db);
    }
    return rc < 0 ? rc : 0;
}

/* ---- Incremental state (folio.h "Indexing"; schema.h says where it is kept) ---------------------- */

int folio_db_count(uint64_t *out, folio_db *db)
{
    return folio_xdb_doc_count(db->x, out);
}

/* Reads the state of the document keyed by `term`. */
static int read_state(folio_db *db, const char *term, folio_origin *out)
{
    char *value;
    size_t len;
    int rc = folio_xdb_get_value(db->x, term, FOLIO_SLOT_STATE, &value, &len);
    if (rc < 0)
        return rc;
    rc = folio_schema_state_parse(out, value, len);
    free(value);
    return rc;
}

int folio_db_record_hash(uint64_t *out, folio_db *db, const char *id)
{
    folio_buf term = FOLIO_BUF_INIT;
    folio_origin state;
    int rc = make_term(&term, folio_schema_id_term, id);
    if (rc >= 0)
        rc = read_state(db, term.data, &state);
    if (rc >= 0)
        *out = state.hash;
    folio_buf_free(&term);
    return rc;
}

/* The XF term of a file, in `term`. */
static int file_term(folio_buf *term, const char *root, const char *path)
{
    char key[FOLIO_KEY_BYTES];
    folio_schema_root_key(key, root);
    folio_buf_reset(term);
    folio_schema_file_term(term, key, path, strlen(path));
    return folio_buf_check(term);
}

typedef struct root_walk {
    folio_file_cb cb;
    void *ctx;
} root_walk;

static int on_root_document(void *ctx, const char *const *values, const size_t *lens)
{
    root_walk *w = ctx;
    folio_origin state;
    int rc = folio_schema_state_parse(&state, values[1], lens[1]);
    if (rc < 0)
        return rc;
    folio_file_state file = {values[0], state.hash, state.size, state.mtime_ns};
    return w->cb(w->ctx, &file);
}

int folio_db_root_files(folio_db *db, const char *root, folio_file_cb cb, void *ctx)
{
    static const unsigned slots[] = {FOLIO_SLOT_ID, FOLIO_SLOT_STATE};
    char key[FOLIO_KEY_BYTES];
    folio_buf term = FOLIO_BUF_INIT;
    folio_schema_root_key(key, root);
    folio_schema_root_term(&term, key);
    root_walk w = {cb, ctx};
    int rc = folio_buf_check(&term);
    if (rc >= 0)
        rc = folio_xdb_each_document(db->x, term.data, slots, 2, on_root_document, &w);
    folio_buf_free(&term);
    return rc;
}

int folio_db_delete_file(int *out_deleted, folio_db *db, const char *root, const char *path)
{
    int rc = require_writer(db);
    if (rc < 0 || (rc = file_term(&db->scratch, root, path)) < 0)
        return rc;
    return folio_xdb_delete(db->x, db->scratch.data, out_deleted);
}

int folio_db_touch_file(folio_db *db, const char *path, const folio_origin *origin)
{
    int rc = require_writer(db);
    if (rc < 0)
        return rc;
    if (!origin->root)
        return folio_error_set(FOLIO_EINVALID, "touching a file needs its root");
    folio_buf state = FOLIO_BUF_INIT;
    folio_schema_state(&state, origin);
    if ((rc = folio_buf_check(&state)) >= 0 && (rc = file_term(&db->scratch, origin->root, path)) >= 0)
        rc = folio_xdb_update_value(db->x, db->scratch.data, FOLIO_SLOT_STATE, state.data, state.len);
    folio_buf_free(&state);
    return rc;
}

/* The metadata key of a root: prefix + key of its path. */
static void meta_key(char *out, size_t size, const char *prefix, const char *path)
{
    char key[FOLIO_KEY_BYTES];
    folio_schema_root_key(key, path);
    snprintf(out, size, "%s%s", prefix, key);
}

#define META_KEY_BYTES 64

int folio_db_root_get(char **out_url_prefix, folio_db *db, const char *root)
{
    char key[META_KEY_BYTES], *value;
    *out_url_prefix = NULL;
    meta_key(key, sizeof key, FOLIO_META_ROOT_PREFIX, root);
    int rc = folio_xdb_get_metadata(db->x, key, &value);
    if (rc < 0)
        return rc;
    /* "<path>\n<url prefix>"; a different path under the same key would be a hash collision. */
    const char *nl = strchr(value, '\n');
    if (!*value || !nl || (size_t)(nl - value) != strlen(root) || memcmp(value, root, strlen(root)) != 0) {
        free(value);
        return folio_error_set(FOLIO_ENOTFOUND, "%s: never indexed into this database", root);
    }
    memmove(value, nl + 1, strlen(nl + 1) + 1);
    *out_url_prefix = value;
    return 0;
}

int folio_db_root_set(folio_db *db, const char *root, const char *url_prefix)
{
    char key[META_KEY_BYTES];
    int rc = require_writer(db);
    if (rc < 0)
        return rc;
    folio_buf value = FOLIO_BUF_INIT;
    folio_buf_printf(&value, "%s\n%s", root, url_prefix ? url_prefix : "");
    meta_key(key, sizeof key, FOLIO_META_ROOT_PREFIX, root);
    if ((rc = folio_buf_check(&value)) >= 0)
        rc = folio_xdb_set_metadata(db->x, key, value.data);
    folio_buf_free(&value);
    return rc;
}
