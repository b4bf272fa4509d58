/* test_db.c — folio.h's database API (db.c over schema.c and the Xapian wrapper): creating and
 * reopening, refusing what is not a folio database, storing and reading documents, commits, statistics,
 * and the basics of folio_search over a small database. */
#define _XOPEN_SOURCE 700 /* mkdtemp, nftw */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "analyzer.h"
#include "db.h"
#include "doc.h"
#include "error.h"
#include "folio.h"
#include "schema.h"
#include "xapian_wrap.h"
#include "tmpdir.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PATH_BYTES 4096
#define MAX_FIELDS 16

/* ---- Temporary directories ---- */

static int make_tmp_root(void)
{
    return tmpdir_make("db");
}

static int remove_tmp_root(void)
{
    return tmpdir_remove();
}

/* ---- Opening ---- */

static int try_open(folio_db **out, const char *name, folio_open_mode mode, const char *language)
{
    char path[PATH_BYTES];
    tmpdir_path(path, name);
    folio_open_options opts = FOLIO_OPEN_OPTIONS_INIT;
    opts.mode = mode;
    opts.language = language;
    return folio_db_open(out, path, &opts);
}

static folio_db *open_db(const char *name, folio_open_mode mode, const char *language)
{
    folio_db *db;
    int rc = try_open(&db, name, mode, language);
    if (rc != 0)
        fail_msg("opening %s: %d %s", name, rc, folio_error_last()->message);
    assert_non_null(db);
    return db;
}

/* Asserts opening fails with `code` and a message holding `part`, and leaves *out NULL. */
static void assert_open_fails(const char *name, folio_open_mode mode, const char *language, int code,
                              const char *part)
{
    folio_db *db = (folio_db *)1;
    assert_int_equal(try_open(&db, name, mode, language), code);
    assert_null(db);
    const folio_error *e = folio_error_last();
    assert_int_equal(e->code, code);
    if (!strstr(e->message, part))
        fail_msg("message '%s' lacks '%s'", e->message, part);
}

/* A folio database holding nothing, committed. */
static void create_empty(const char *name, const char *language)
{
    folio_db *db = open_db(name, FOLIO_OPEN_WRITE, language);
    assert_int_equal(folio_db_commit(db), 0);
    folio_db_close(db);
}

/* ---- Documents ---- */

/* A document from name, value pairs ending with NULL; a repeated keyword name adds a value. */
static folio_doc *make_doc(const char *const *fields)
{
    folio_doc *doc;
    assert_int_equal(folio_doc_new(&doc), 0);
    for (size_t i = 0; fields[i]; i += 2) {
        int rc = folio_doc_set(doc, fields[i], fields[i + 1], strlen(fields[i + 1]));
        if (rc != 0)
            fail_msg("setting %s: %s", fields[i], folio_error_last()->message);
    }
    return doc;
}

static void put(folio_db *db, const char *const *fields, int expect_replaced)
{
    folio_doc *doc = make_doc(fields);
    int replaced = -1;
    int rc = folio_db_put(&replaced, db, doc);
    if (rc != 0)
        fail_msg("put: %s", folio_error_last()->message);
    assert_int_equal(replaced, expect_replaced);
    folio_doc_free(doc);
}

/* Asserts the stored document has exactly the given fields (each keyword's values in order). */
static void assert_stored(folio_db *db, const char *id, const char *const *fields)
{
    folio_doc *doc;
    int rc = folio_db_get(&doc, db, id);
    if (rc != 0)
        fail_msg("get %s: %s", id, folio_error_last()->message);
    folio_doc *expected = make_doc(fields);
    for (size_t i = 0; fields[i]; i += 2) {
        const char *name = fields[i];
        size_t n = folio_doc_count(expected, name);
        assert_int_equal(folio_doc_count(doc, name), n);
        for (size_t k = 0; k < n; k++)
            assert_string_equal(folio_doc_value(doc, name, k), folio_doc_value(expected, name, k));
    }
    assert_int_equal(doc->nkeywords, expected->nkeywords);
    for (int f = 0; f < FOLIO_FIELD_COUNT; f++)
        assert_int_equal(doc->text[f] != NULL, expected->text[f] != NULL);
    folio_doc_free(expected);
    folio_doc_free(doc);
}

static void assert_absent(folio_db *db, const char *id)
{
    folio_doc *doc = (folio_doc *)1;
    assert_int_equal(folio_db_get(&doc, db, id), FOLIO_ENOTFOUND);
    assert_null(doc);
}

static uint64_t doc_count(folio_db *db)
{
    folio_db_stats stats;
    assert_int_equal(folio_db_stats_get(&stats, db), 0);
    return stats.documents;
}

static const char *const grain_doc[] = {
    "id", "reut-1",
    "title", "Grain report",
    "body", "Wheat prices rose sharply in Kansas.",
    "date", "1987-02-26T15:01:01",
    "url", "https://example.org/reut-1",
    "author", "Jane Doe",
    "topics", "grain",
    "places", "usa",
    "topics", "wheat",
    NULL,
};

static const char *const grain_doc_v2[] = {
    "id", "reut-1",
    "title", "Grain report, revised",
    "body", "Wheat prices fell.",
    "topics", "grain",
    NULL,
};

static folio_results *search_with(folio_db *db, const char *query, const folio_search_options *opts,
                                  const char *expected);

/* ---- Creating and opening ---- */

static void test_create_records_language(void **state)
{
    (void)state;
    folio_db *db = open_db("french", FOLIO_OPEN_WRITE, "french");
    assert_string_equal(folio_db_language(db), "french");
    assert_int_equal(folio_db_commit(db), 0);
    folio_db_close(db);

    db = open_db("french", FOLIO_OPEN_READ, NULL);
    assert_string_equal(folio_db_language(db), "french");
    folio_db_close(db);
    /* Reopening without a language, or with the recorded one, keeps it; another one is refused. */
    db = open_db("french", FOLIO_OPEN_WRITE, NULL);
    assert_string_equal(folio_db_language(db), "french");
    folio_db_close(db);
    db = open_db("french", FOLIO_OPEN_WRITE, "french");
    folio_db_close(db);
    assert_open_fails("french", FOLIO_OPEN_WRITE, "german", FOLIO_EINVALID, "french");

    create_empty("default-language", NULL);
    db = open_db("default-language", FOLIO_OPEN_READ, NULL);
    assert_string_equal(folio_db_language(db), FOLIO_DEFAULT_LANGUAGE);
    folio_db_close(db);
}

static void test_unknown_language_is_refused(void **state)
{
    (void)state;
    assert_open_fails("klingon", FOLIO_OPEN_WRITE, "klingon", FOLIO_EINVALID, "klingon");
}

static void test_open_read_missing(void **state)
{
    (void)state;
    assert_open_fails("missing", FOLIO_OPEN_READ, NULL, FOLIO_ENOTFOUND, "missing");
    folio_db *db = (folio_db *)1;
    folio_open_options opts = FOLIO_OPEN_OPTIONS_INIT;
    assert_int_equal(folio_db_open(&db, "", &opts), FOLIO_EINVALID);
    assert_null(db);
}

/* Counts the entries of a directory (without . and ..). */
static int count_entries(const char *path)
{
    DIR *dir = opendir(path);
    assert_non_null(dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(dir);
    return n;
}

static void test_write_refuses_a_foreign_directory(void **state)
{
    (void)state;
    char path[PATH_BYTES], file[PATH_BYTES + 16];
    tmpdir_path(path, "my-documents");
    assert_int_equal(mkdir(path, 0777), 0);
    snprintf(file, sizeof file, "%s/notes.txt", path);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs("my own notes\n", f);
    assert_int_equal(fclose(f), 0);

    assert_open_fails("my-documents", FOLIO_OPEN_WRITE, NULL, FOLIO_ECORRUPT, "not a folio database");
    assert_int_equal(count_entries(path), 1); /* nothing written beside the user's file */
    assert_open_fails("my-documents", FOLIO_OPEN_READ, NULL, FOLIO_ECORRUPT, "not a folio database");
    assert_int_equal(count_entries(path), 1);
}

/* A Xapian database that folio did not make: one document, no folio metadata. */
static void create_plain_xapian(const char *name, int with_document)
{
    char path[PATH_BYTES];
    tmpdir_path(path, name);
    folio_xdb *x;
    assert_int_equal(folio_xdb_open_write(&x, path), 0);
    if (with_document) {
        folio_xdoc *doc;
        assert_int_equal(folio_xdoc_new(&doc), 0);
        assert_int_equal(folio_xdoc_add_posting(doc, "hello", 5, 0), 0);
        assert_int_equal(folio_xdoc_add_boolean_term(doc, "Qx", 2), 0);
        assert_int_equal(folio_xdb_replace(x, "Qx", doc, NULL), 0);
        folio_xdoc_free(doc);
    }
    assert_int_equal(folio_xdb_commit(x), 0);
    folio_xdb_close(x);
}

static void test_plain_xapian_database_is_not_folio(void **state)
{
    (void)state;
    create_plain_xapian("plain", 1);
    assert_open_fails("plain", FOLIO_OPEN_READ, NULL, FOLIO_ECORRUPT, "not a folio database");
    assert_open_fails("plain", FOLIO_OPEN_WRITE, NULL, FOLIO_ECORRUPT, "not a folio database");

    create_plain_xapian("plain-empty", 0);
    assert_open_fails("plain-empty", FOLIO_OPEN_READ, NULL, FOLIO_ECORRUPT, "not a folio database");
}

/* Rewrites one metadata entry of an existing database behind folio's back. */
static void set_raw_metadata(const char *name, const char *key, const char *value)
{
    char path[PATH_BYTES];
    tmpdir_path(path, name);
    folio_xdb *x;
    assert_int_equal(folio_xdb_open_write(&x, path), 0);
    assert_int_equal(folio_xdb_set_metadata(x, key, value), 0);
    assert_int_equal(folio_xdb_commit(x), 0);
    folio_xdb_close(x);
}

static void test_other_analyzer_version_needs_reindex(void **state)
{
    (void)state;
    create_empty("old-analyzer", NULL);
    set_raw_metadata("old-analyzer", FOLIO_META_ANALYZER, "999");
    assert_open_fails("old-analyzer", FOLIO_OPEN_READ, NULL, FOLIO_EREINDEX, "re-index");
    assert_open_fails("old-analyzer", FOLIO_OPEN_WRITE, NULL, FOLIO_EREINDEX, "re-index");

    create_empty("old-schema", NULL);
    set_raw_metadata("old-schema", FOLIO_META_SCHEMA, "0");
    assert_open_fails("old-schema", FOLIO_OPEN_READ, NULL, FOLIO_EREINDEX, "re-index");
}

/* Whether a record is stored as schema 2 stored it: plain JSON in the document data, no record value. */
static int stored_as_schema_2(folio_xdb *x, const char *id)
{
    char term[256], *data, *value;
    size_t len, value_len;
    snprintf(term, sizeof term, "Q%s", id);
    assert_int_equal(folio_xdb_get_data(x, term, &data, &len), 0);
    assert_int_equal(folio_xdb_get_value(x, term, FOLIO_SLOT_RECORD, &value, &value_len), 0);
    int plain = len > 0 && data[0] == '{' && value_len == 0;
    if (!plain)
        assert_true(len == 0 && value_len > 0 && value[0] != '{');
    free(data);
    free(value);
    return plain;
}

static void assert_raw_schema(const char *name, const char *want)
{
    char path[PATH_BYTES], *schema;
    tmpdir_path(path, name);
    folio_xdb *x;
    assert_int_equal(folio_xdb_open_read(&x, path), 0);
    assert_int_equal(folio_xdb_get_metadata(x, FOLIO_META_SCHEMA, &schema), 0);
    assert_string_equal(schema, want);
    free(schema);
    folio_xdb_close(x);
}

/* A database as schema 2 left it (the same terms, the record stored as plain JSON) still reads; a writer
 * stamps it with schema 3, since the records it adds are compressed (not 4: its older documents have no
 * near-duplicate keys). */
static void test_schema_2_database_reads_and_is_upgraded(void **state)
{
    (void)state;
    create_empty("schema2", NULL);
    char path[PATH_BYTES];
    tmpdir_path(path, "schema2");
    folio_xdb *x;
    assert_int_equal(folio_xdb_open_write(&x, path), 0);
    folio_analyzer *an;
    assert_int_equal(folio_analyzer_new(&an, FOLIO_DEFAULT_LANGUAGE), 0);
    folio_doc *doc = make_doc(grain_doc);
    folio_xdoc *xdoc;
    folio_buf scratch = FOLIO_BUF_INIT;
    assert_int_equal(folio_xdoc_new(&xdoc), 0);
    assert_int_equal(folio_schema_build(xdoc, an, doc, NULL, NULL, &scratch, NULL), 0);
    folio_buf_reset(&scratch);
    folio_schema_doc_json(&scratch, doc);
    assert_int_equal(folio_xdoc_set_data(xdoc, scratch.data, scratch.len), 0);
    assert_int_equal(folio_xdoc_set_value(xdoc, FOLIO_SLOT_RECORD, "", 0), 0);
    folio_buf_reset(&scratch);
    folio_schema_key_term(&scratch, doc, NULL);
    assert_int_equal(folio_xdb_replace(x, scratch.data, xdoc, NULL), 0);
    assert_int_equal(folio_xdb_set_metadata(x, FOLIO_META_SCHEMA, "2"), 0);
    assert_int_equal(folio_xdb_commit(x), 0);
    assert_true(stored_as_schema_2(x, "reut-1"));
    folio_xdb_close(x);
    folio_xdoc_free(xdoc);
    folio_buf_free(&scratch);
    folio_doc_free(doc);
    folio_analyzer_free(an);

    folio_db *reader = open_db("schema2", FOLIO_OPEN_READ, NULL);
    assert_stored(reader, "reut-1", grain_doc);
    folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
    folio_results *res = search_with(reader, "kansas", &opts, "reut-1");
    assert_string_equal(folio_results_hit(res, 0)->title, "Grain report");
    folio_results_free(res);
    folio_db_close(reader);
    assert_raw_schema("schema2", "2");

    static const char *const other[] = {"id", "reut-2", "title", "Oil", "body", "Crude oil prices", NULL};
    folio_db *db = open_db("schema2", FOLIO_OPEN_WRITE, NULL);
    put(db, other, 0);
    assert_int_equal(folio_db_commit(db), 0);
    assert_false(stored_as_schema_2(db->x, "reut-2"));
    assert_stored(db, "reut-1", grain_doc);
    assert_stored(db, "reut-2", other);
    folio_db_close(db);
    assert_raw_schema("schema2", "3");
}

/* A new database has every document's near-duplicate key: the current schema. One of schema 3 keeps
 * schema 3 when written to (its older documents have no keys), and still reads. */
static void test_schema_3_stays_until_rebuilt(void **state)
{
    (void)state;
    folio_db *db = open_db("schema4", FOLIO_OPEN_WRITE, NULL);
    put(db, grain_doc, 0);
    assert_int_equal(folio_db_commit(db), 0);
    folio_db_close(db);
    char current[16];
    snprintf(current, sizeof current, "%d", FOLIO_SCHEMA_VERSION);
    assert_raw_schema("schema4", current);
    assert_int_equal(FOLIO_SCHEMA_VERSION, FOLIO_SCHEMA_DUPLICATES);

    set_raw_metadata("schema4", FOLIO_META_SCHEMA, "3");
    db = open_db("schema4", FOLIO_OPEN_WRITE, NULL);
    static const char *const other[] = {"id", "reut-2", "title", "Oil", "body", "Crude oil prices", NULL};
    put(db, other, 0);
    assert_int_equal(folio_db_commit(db), 0);
    folio_db_close(db);
    assert_raw_schema("schema4", "3");
    folio_db *reader = open_db("schema4", FOLIO_OPEN_READ, NULL);
    assert_stored(reader, "reut-2", other);
    folio_db_close(reader);
}

/* ---- Documents ---- */

static void test_put_get_replace_delete(void **state)
{
    (void)state;
    folio_db *db = open_db("docs", FOLIO_OPEN_WRITE, NULL);
    put(db, grain_doc, 0);
    assert_stored(db, "reut-1", grain_doc); /* a writer reads its own uncommitted work */
    assert_int_equal(folio_db_commit(db), 0);

    folio_db *reader = open_db("docs", FOLIO_OPEN_READ, NULL);
    assert_stored(reader, "reut-1", grain_doc);
    assert_absent(reader, "reut-2");
    folio_db_close(reader);

    put(db, grain_doc_v2, 1);
    assert_stored(db, "reut-1", grain_doc_v2);
    assert_int_equal(doc_count(db), 1);

    int deleted = -1;
    assert_int_equal(folio_db_delete(&deleted, db, "reut-1"), 0);
    assert_int_equal(deleted, 1);
    assert_int_equal(folio_db_delete(&deleted, db, "reut-1"), 0);
    assert_int_equal(deleted, 0);
    assert_int_equal(folio_db_delete(NULL, db, "never-there"), 0);
    assert_absent(db, "reut-1");
    assert_int_equal(folio_db_commit(db), 0);
    folio_db_close(db);

    reader = open_db("docs", FOLIO_OPEN_READ, NULL);
    assert_absent(reader, "reut-1");
    assert_int_equal(doc_count(reader), 0);
    folio_db_close(reader);
}

static void test_keyword_fields_are_recorded(void **state)
{
    (void)state;
    folio_db *db = open_db("keywords", FOLIO_OPEN_WRITE, NULL);
    put(db, grain_doc, 0);
    assert_int_equal(folio_db_commit(db), 0);
    folio_db_close(db);

    db = open_db("keywords", FOLIO_OPEN_READ, NULL);
    assert_int_equal(db->nkeyword_fields, 2);
    int topics = 0, places = 0;
    for (size_t i = 0; i < db->nkeyword_fields; i++) {
        topics |= strcmp(db->keyword_fields[i], "topics") == 0;
        places |= strcmp(db->keyword_fields[i], "places") == 0;
    }
    assert_true(topics && places);
    folio_db_close(db);
}

static void test_document_without_id_is_refused(void **state)
{
    (void)state;
    static const char *const no_id[] = {"title", "Untitled", "body", "no id here", NULL};
    folio_db *db = open_db("no-id", FOLIO_OPEN_WRITE, NULL);
    folio_doc *doc = make_doc(no_id);
    int replaced = -1;
    assert_int_equal(folio_db_put(&replaced, db, doc), FOLIO_EINVALID);
    assert_int_equal(folio_error_last()->code, FOLIO_EINVALID);
    folio_doc_free(doc);
    assert_int_equal(doc_count(db), 0);
    folio_db_close(db);
}

static void test_reader_refuses_writes(void **state)
{
    (void)state;
    create_empty("read-only", NULL);
    folio_db *db = open_db("read-only", FOLIO_OPEN_READ, NULL);
    folio_doc *doc = make_doc(grain_doc);
    assert_int_equal(folio_db_put(NULL, db, doc), FOLIO_EINVALID);
    assert_int_equal(folio_db_delete(NULL, db, "reut-1"), FOLIO_EINVALID);
    assert_int_equal(folio_db_commit(db), FOLIO_EINVALID);
    folio_doc_free(doc);
    folio_db_close(db);
}

static void test_uncommitted_writes_are_invisible_and_discarded(void **state)
{
    (void)state;
    static const char *const first[] = {"id", "a", "body", "committed", NULL};
    static const char *const second[] = {"id", "b", "body", "never committed", "topics", "lost", NULL};
    folio_db *writer = open_db("uncommitted", FOLIO_OPEN_WRITE, NULL);
    put(writer, first, 0);
    assert_int_equal(folio_db_commit(writer), 0);
    put(writer, second, 0);
    assert_int_equal(folio_db_delete(NULL, writer, "a"), 0);

    folio_db *reader = open_db("uncommitted", FOLIO_OPEN_READ, NULL);
    assert_absent(reader, "b");
    assert_stored(reader, "a", first);
    folio_db_close(reader);
    folio_db_close(writer);

    reader = open_db("uncommitted", FOLIO_OPEN_READ, NULL);
    assert_absent(reader, "b");
    assert_stored(reader, "a", first);
    assert_int_equal(doc_count(reader), 1);
    assert_int_equal(reader->nkeyword_fields, 0); /* "topics" came with the discarded document */
    folio_db_close(reader);
}

static void test_stats(void **state)
{
    (void)state;
    static const char *const other[] = {"id", "reut-2", "title", "Oil", "body", "Crude oil prices", NULL};
    folio_db *db = open_db("stats", FOLIO_OPEN_WRITE, NULL);
    folio_db_stats stats;
    assert_int_equal(folio_db_stats_get(&stats, db), 0);
    assert_int_equal(stats.documents, 0);
    assert_string_equal(stats.updated, "");
    put(db, grain_doc, 0);
    put(db, other, 0);
    assert_int_equal(folio_db_commit(db), 0);
    folio_db_close(db);

    db = open_db("stats", FOLIO_OPEN_READ, NULL);
    assert_int_equal(folio_db_stats_get(&stats, db), 0);
    assert_int_equal(stats.documents, 2);
    assert_true(stats.terms > 10);
    assert_int_equal(stats.analyzer_version, FOLIO_ANALYZER_VERSION);
    /* YYYY-MM-DDTHH:MM:SSZ */
    assert_int_equal(strlen(stats.updated), 20);
    assert_int_equal(stats.updated[10], 'T');
    assert_int_equal(stats.updated[19], 'Z');
    folio_db_close(db);
}

/* ---- Search ---- */

static const char *const *const search_docs[] = {
    (const char *const[]){"id", "p1", "title", "Cats and dogs", "body", "The cat sat on the mat.", NULL},
    (const char *const[]){"id", "s1", "title", "Production", "body", "They filmed the whole story in Rome.", NULL},
    (const char *const[]){"id", "c1", "title", "Café society", "body", "Coffee houses of Vienna.", NULL},
    (const char *const[]){"id", "y1", "title", "New York", "body", "Times of change in the city.", NULL},
    (const char *const[]){"id", "y2", "title", "York Times", "body", "A newspaper.", NULL},
    /* Identical but for id and date, stored out of id order. */
    (const char *const[]){"id", "tie-c", "body", "zebra crossing", "date", "2020-01-01", "topics", "Roads", NULL},
    (const char *const[]){"id", "tie-a", "body", "zebra crossing", "date", "2021-01-01", NULL},
    (const char *const[]){"id", "tie-b", "body", "zebra crossing", "date", "2020-01-01", NULL},
};
#define SEARCH_DOC_COUNT (sizeof search_docs / sizeof search_docs[0])

static int build_search_db(void)
{
    folio_db *db = open_db("search", FOLIO_OPEN_WRITE, NULL);
    for (size_t i = 0; i < SEARCH_DOC_COUNT; i++)
        put(db, search_docs[i], 0);
    int rc = folio_db_commit(db);
    folio_db_close(db);
    return rc;
}

static int open_search_db(void **state)
{
    *state = open_db("search", FOLIO_OPEN_READ, NULL);
    return 0;
}

static int close_search_db(void **state)
{
    folio_db_close(*state);
    return 0;
}

/* Runs a query and asserts the hit ids, in order, are the space-separated `expected`; returns the
 * results for more checks (the caller frees them). */
static folio_results *search_with(folio_db *db, const char *query, const folio_search_options *opts,
                                  const char *expected)
{
    folio_results *res;
    int rc = folio_search(&res, db, query, opts);
    if (rc != 0)
        fail_msg("search '%s': %d %s", query, rc, folio_error_last()->message);
    char got[256] = "";
    for (size_t i = 0; i < folio_results_count(res); i++) {
        const folio_hit *hit = folio_results_hit(res, i);
        assert_int_equal(hit->rank, opts->offset + i + 1);
        if (i)
            strcat(got, " ");
        strcat(got, hit->id);
    }
    if (strcmp(got, expected) != 0)
        fail_msg("search '%s': got [%s], expected [%s]", query, got, expected);
    return res;
}

static void assert_search(folio_db *db, const char *query, const char *expected)
{
    folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
    folio_results_free(search_with(db, query, &opts, expected));
}

static void test_search_phrase_needs_adjacent_words(void **state)
{
    folio_db *db = *state;
    assert_search(db, "cat AND mat", "p1"); /* both words are there... */
    assert_search(db, "\"cat mat\"", "");  /* ...never side by side */
    assert_search(db, "\"the cat sat\"", "p1");
}

static void test_search_stems_and_folds(void **state)
{
    folio_db *db = *state;
    assert_search(db, "films", "s1");
    assert_search(db, "filming", "s1");
    assert_search(db, "cafe", "c1");
    assert_search(db, "CAFÉ", "c1");
    assert_search(db, "title:cafe", "c1");
}

static void test_search_phrase_never_crosses_fields(void **state)
{
    folio_db *db = *state;
    /* y1 ends its title with "York" and starts its body with "Times". */
    assert_search(db, "\"york times\"", "y2");
    assert_search(db, "title:york AND body:times", "y1"); /* the words are there, one in each field */
}

/* A title phrase no title holds is left out of the query (plan.c, worth_keeping): the same matches. */
static void assert_explained(folio_db *db, const char *query, const char *has, const char *lacks)
{
    char *out;
    assert_int_equal(folio_explain(&out, db, query, NULL), 0);
    if (!strstr(out, has) || (lacks && strstr(out, lacks)))
        fail_msg("explain '%s': '%s' should hold '%s' and not '%s'", query, out, has, lacks ? lacks : "");
    folio_free(out);
}

static void test_search_title_phrase_only_when_a_title_has_it(void **state)
{
    folio_db *db = *state;
    assert_explained(db, "\"cat sat\"", "(cat PHRASE 2 sat)", "Scat");
    assert_search(db, "\"cat sat\"", "p1");
    assert_explained(db, "\"york times\"", "(Syork PHRASE 2 Stime)", NULL);
    assert_explained(db, "\"new york\"", "(Snew PHRASE 2 Syork)", NULL);
    assert_search(db, "\"new york\"", "y1");
}

static void test_search_ties_break_by_id(void **state)
{
    folio_db *db = *state;
    folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
    folio_results *res = search_with(db, "zebra", &opts, "tie-a tie-b tie-c");
    assert_true(folio_results_hit(res, 0)->score == folio_results_hit(res, 2)->score);
    folio_results_free(res);

    opts.sort = FOLIO_SORT_DATE;
    folio_results_free(search_with(db, "zebra", &opts, "tie-b tie-c tie-a"));
    opts.sort = FOLIO_SORT_DATE_DESC;
    folio_results_free(search_with(db, "zebra", &opts, "tie-a tie-b tie-c"));
}

static void test_search_totals_are_exact(void **state)
{
    folio_db *db = *state;
    folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
    opts.offset = 1;
    opts.limit = 1;
    folio_results *res = search_with(db, "zebra", &opts, "tie-b");
    int exact = 0;
    assert_int_equal(folio_results_total(res, &exact), 3);
    assert_int_equal(exact, 1);
    folio_results_free(res);

    opts.offset = 0;
    opts.limit = 0;
    res = search_with(db, "zebra OR cat", &opts, "");
    assert_int_equal(folio_results_total(res, &exact), 4);
    assert_int_equal(exact, 1);
    folio_results_free(res);

    res = search_with(db, "\"cat mat\"", &opts, "");
    assert_int_equal(folio_results_total(res, &exact), 0);
    assert_int_equal(exact, 1);
    folio_results_free(res);
}

static void test_search_keyword_field(void **state)
{
    folio_db *db = *state;
    assert_search(db, "zebra topics:roads", "tie-c");
}

/* The title's matched words, as text: "[a][b]". */
static void title_marks(char *out, size_t size, const folio_hit *hit)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < hit->title_highlight_count; i++) {
        const folio_span *sp = &hit->title_highlights[i];
        assert_true(sp->start < sp->end && sp->end <= strlen(hit->title));
        used += (size_t)snprintf(out + used, size - used, "[%.*s]", (int)(sp->end - sp->start),
                                 hit->title + sp->start);
        assert_true(used < size);
    }
}

static void test_search_highlights_titles(void **state)
{
    folio_db *db = *state;
    char marks[128];
    folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
    folio_results *res = search_with(db, "cats", &opts, "p1");
    title_marks(marks, sizeof marks, folio_results_hit(res, 0));
    assert_string_equal(marks, "[Cats]"); /* stemmed and folded, as in snippets */
    assert_string_equal(folio_results_hit(res, 0)->title, "Cats and dogs");
    folio_results_free(res);
    res = search_with(db, "dogs cats", &opts, "p1");
    title_marks(marks, sizeof marks, folio_results_hit(res, 0));
    assert_string_equal(marks, "[Cats][dogs]");
    folio_results_free(res);
    res = search_with(db, "\"york times\"", &opts, "y2");
    title_marks(marks, sizeof marks, folio_results_hit(res, 0));
    assert_string_equal(marks, "[York Times]"); /* a phrase is one highlight */
    folio_results_free(res);
    res = search_with(db, "rome", &opts, "s1");
    assert_int_equal(folio_results_hit(res, 0)->title_highlight_count, 0); /* matched in the body only */
    folio_results_free(res);
    opts.snippet_bytes = 0;
    res = search_with(db, "cats", &opts, "p1");
    assert_int_equal(folio_results_hit(res, 0)->title_highlight_count, 0);
    folio_results_free(res);
}

static void test_search_syntax_error_has_a_column(void **state)
{
    folio_db *db = *state;
    static const char *const bad[] = {"cat (dog", "cat dog)", "cat AND", "\"cat mat"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        folio_results *res = (folio_results *)1;
        assert_int_equal(folio_search(&res, db, bad[i], NULL), FOLIO_EQUERY);
        assert_null(res);
        const folio_error *e = folio_error_last();
        assert_int_equal(e->code, FOLIO_EQUERY);
        if (e->column < 1 || (size_t)e->column > strlen(bad[i]) + 1)
            fail_msg("'%s': column %d", bad[i], e->column);
    }
    /* Lenient syntax reads the same text as plain words. */
    folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
    opts.syntax = FOLIO_SYNTAX_LENIENT;
    folio_results *res;
    assert_int_equal(folio_search(&res, db, "cat (mat", &opts), 0);
    assert_true(folio_results_count(res) >= 1);
    assert_string_equal(folio_results_hit(res, 0)->id, "p1");
    folio_results_free(res);
}

/* A query of plain words requires all of them while enough documents have them all (README
 * "Ranking"); this small database has fewer, so it is relaxed to documents holding any of them. */
static void test_search_plain_words_relax(void **state)
{
    folio_db *db = *state;
    folio_results *res;
    assert_int_equal(folio_search(&res, db, "cat mat", NULL), 0);
    assert_int_equal(folio_results_count(res), 1); /* only p1 holds either word */
    folio_results_free(res);
    /* No document holds both: each one holding either is found. */
    assert_int_equal(folio_search(&res, db, "cat rome", NULL), 0);
    assert_int_equal(folio_results_count(res), 2);
    folio_results_free(res);
    /* Operators are never relaxed. */
    assert_search(db, "cat AND rome", "");
    assert_search(db, "+cat +rome", "");
    assert_search(db, "(cat rome)", "");
}

/* ---- Groups ---- */

static int setup_group(void **state)
{
    (void)state;
    return make_tmp_root() == 0 ? build_search_db() : -1;
}

static int teardown_group(void **state)
{
    (void)state;
    return remove_tmp_root();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_records_language),
        cmocka_unit_test(test_unknown_language_is_refused),
        cmocka_unit_test(test_open_read_missing),
        cmocka_unit_test(test_write_refuses_a_foreign_directory),
        cmocka_unit_test(test_plain_xapian_database_is_not_folio),
        cmocka_unit_test(test_other_analyzer_version_needs_reindex),
        cmocka_unit_test(test_put_get_replace_delete),
        cmocka_unit_test(test_schema_2_database_reads_and_is_upgraded),
        cmocka_unit_test(test_schema_3_stays_until_rebuilt),
        cmocka_unit_test(test_keyword_fields_are_recorded),
        cmocka_unit_test(test_document_without_id_is_refused),
        cmocka_unit_test(test_reader_refuses_writes),
        cmocka_unit_test(test_uncommitted_writes_are_invisible_and_discarded),
        cmocka_unit_test(test_stats),
        cmocka_unit_test_setup_teardown(test_search_phrase_needs_adjacent_words, open_search_db, close_search_db),
        cmocka_unit_test_setup_teardown(test_search_stems_and_folds, open_search_db, close_search_db),
        cmocka_unit_test_setup_teardown(test_search_phrase_never_crosses_fields, open_search_db, close_search_db),
        cmocka_unit_test_setup_teardown(test_search_title_phrase_only_when_a_title_has_it, open_search_db, close_search_db),
        cmocka_unit_test_setup_teardown(test_search_ties_break_by_id, open_search_db, close_search_db),
        cmocka_unit_test_setup_teardown(test_search_totals_are_exact, open_search_db, close_search_db),
        cmocka_unit_test_setup_teardown(test_search_keyword_field, open_search_db, close_search_db),
        cmocka_unit_test_setup_teardown(test_search_highlights_titles, open_search_db, close_search_db),
        cmocka_unit_test_setup_teardown(test_search_syntax_error_has_a_column, open_search_db, close_search_db),
        cmocka_unit_test_setup_teardown(test_search_plain_words_relax, open_search_db, close_search_db),
    };
    return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
