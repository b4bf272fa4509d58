/*
 * test_api.c — contracts of folio.h that hold across modules: option structs' versions are checked,
 * every *_free / *_close / *_abort accepts NULL, failed calls leave object out-parameters NULL, and an
 * error message may be built on the previous one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "folio.h"
#include "tmpdir.h"

#include <string.h>

static int setup(void **state)
{
    (void)state;
    return tmpdir_make("api");
}

static int teardown(void **state)
{
    (void)state;
    return tmpdir_remove();
}

static folio_db *new_database(const char *name)
{
    char path[TMPDIR_PATH_BYTES];
    tmpdir_path(path, name);
    folio_open_options oo = FOLIO_OPEN_OPTIONS_INIT;
    oo.mode = FOLIO_OPEN_WRITE;
    folio_db *db;
    assert_int_equal(folio_db_open(&db, path, &oo), 0);
    folio_doc *doc;
    const char *record = "{\"id\":\"1\",\"title\":\"grain\"}";
    assert_int_equal(folio_doc_parse_json(&doc, record, strlen(record)), 0);
    assert_int_equal(folio_db_put(NULL, db, doc), 0);
    assert_int_equal(folio_db_commit(db), 0);
    folio_doc_free(doc);
    return db;
}

static void assert_version_error(const char *options_name)
{
    const folio_error *e = folio_error_last();
    assert_non_null(e);
    assert_int_equal(e->code, FOLIO_EINVALID);
    assert_non_null(strstr(e->message, options_name));
    assert_non_null(strstr(e->message, "version 0"));
}

/* A struct zeroed with {0} is not silently read as "limit 0, no snippets". */
static void test_search_options_version_checked(void **state)
{
    (void)state;
    folio_db *db = new_database("search-version");
    folio_search_options zeroed = {0};
    folio_results *res = (folio_results *)&zeroed; /* must be reset to NULL */
    assert_int_equal(folio_search(&res, db, "grain", &zeroed), FOLIO_EINVALID);
    assert_null(res);
    assert_version_error("folio_search_options");
    char *explained = (char *)&zeroed;
    assert_int_equal(folio_explain(&explained, db, "grain", &zeroed), FOLIO_EINVALID);
    assert_null(explained);
    assert_version_error("folio_search_options");

    folio_search_options ok = FOLIO_SEARCH_OPTIONS_INIT;
    assert_int_equal(folio_search(&res, db, "grain", &ok), 0);
    assert_int_equal(folio_results_count(res), 1);
    folio_results_free(res);
    folio_db_close(db);
}

static void test_open_options_version_checked(void **state)
{
    (void)state;
    char path[TMPDIR_PATH_BYTES];
    tmpdir_path(path, "open-version");
    folio_open_options zeroed = {0};
    zeroed.mode = FOLIO_OPEN_WRITE;
    folio_db *db = (folio_db *)&zeroed;
    assert_int_equal(folio_db_open(&db, path, &zeroed), FOLIO_EINVALID);
    assert_null(db);
    assert_version_error("folio_open_options");
}

static void test_frees_accept_null(void **state)
{
    (void)state;
    folio_db_close(NULL);
    folio_doc_free(NULL);
    folio_results_free(NULL);
    folio_preparer_free(NULL);
    folio_prepared_free(NULL);
    folio_rebuild_abort(NULL);
    folio_suggestions_free(NULL, 0);
    folio_free(NULL);
}

/* A program adds context to the library's message by formatting it into the next one. */
static void test_error_built_on_the_last_one(void **state)
{
    (void)state;
    folio_error_set(FOLIO_EIO, "%s: disk full", "news.db");
    folio_error_set(FOLIO_EIO, "while committing: %s (and more)", folio_error_last()->message);
    assert_string_equal(folio_error_last()->message, "while committing: news.db: disk full (and more)");
    assert_int_equal(folio_error_last()->code, FOLIO_EIO);
    folio_error_clear();
    assert_null(folio_error_last());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_search_options_version_checked),
        cmocka_unit_test(test_open_options_version_checked),
        cmocka_unit_test(test_frees_accept_null),
        cmocka_unit_test(test_error_built_on_the_last_one),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
