/*
 * test_similar.c — folio_search_like (folio.h "Search", similar.h): the articles most like one, by its
 * own words; never itself; found by record id or by a file's displayed id; errors for an unknown or
 * empty id and for unversioned options.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "folio.h"
#include "tmpdir.h"

#include <string.h>

static const char *const records[] = {
    "{\"id\":\"cocoa-1\",\"title\":\"Bahia\",\"body\":\"Showers in the Bahia cocoa zone eased the drought; the "
    "temporao cocoa crop will be late, growers said.\"}",
    "{\"id\":\"cocoa-2\",\"title\":\"Estimate\",\"body\":\"Traders cut estimates of the Bahia temporao cocoa crop "
    "after the drought.\"}",
    "{\"id\":\"oil-1\",\"title\":\"Oil\",\"body\":\"Crude oil prices rose as refiners bought crude.\"}",
    "{\"id\":\"oil-2\",\"title\":\"Opec\",\"body\":\"Opec said crude oil output stays below the ceiling.\"}",
    "{\"id\":\"bank-1\",\"title\":\"Rates\",\"body\":\"The central bank left interest rates unchanged.\"}",
};

static folio_db *db;

static int setup(void **state)
{
    (void)state;
    if (tmpdir_make("similar") != 0)
        return -1;
    char path[TMPDIR_PATH_BYTES];
    tmpdir_path(path, "db");
    folio_open_options oo = FOLIO_OPEN_OPTIONS_INIT;
    oo.mode = FOLIO_OPEN_WRITE;
    if (folio_db_open(&db, path, &oo) < 0)
        return -1;
    for (size_t i = 0; i < sizeof records / sizeof records[0]; i++) {
        folio_doc *doc;
        if (folio_doc_parse_json(&doc, records[i], strlen(records[i])) < 0)
            return -1;
        int rc = folio_db_put(NULL, db, doc);
        folio_doc_free(doc);
        if (rc < 0)
            return -1;
    }
    /* A file, known by its path under a root: as folio_db_get finds it. */
    folio_doc *file;
    folio_preparer *p;
    folio_prepared *prepared;
    const char *text = "Drought notes\n\nThe drought hurt the cocoa crop.\n";
    folio_origin origin = {"/srv/notes", folio_content_hash(text, strlen(text)), strlen(text), 0};
    if (folio_doc_parse_article(&file, text, strlen(text)) < 0 || folio_doc_set(file, "id", "drought.txt", 11) < 0 ||
        folio_preparer_new(&p, folio_db_language(db)) < 0 || folio_prepare(&prepared, p, file, &origin) < 0 ||
        folio_db_put_prepared(NULL, db, prepared) < 0)
        return -1;
    folio_prepared_free(prepared);
    folio_preparer_free(p);
    folio_doc_free(file);
    return folio_db_commit(db) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    folio_db_close(db);
    return tmpdir_remove();
}

static int holds(const folio_results *res, const char *id)
{
    for (size_t i = 0; i < folio_results_count(res); i++)
        if (strcmp(folio_results_hit(res, i)->id, id) == 0)
            return 1;
    return 0;
}

static void test_most_like_a_record(void **state)
{
    (void)state;
    folio_results *res;
    assert_int_equal(folio_search_like(&res, db, "cocoa-1", NULL), 0);
    assert_true(folio_results_count(res) >= 2);
    /* cocoa-2 shares Bahia, temporao, cocoa, crop and drought; the file only the last three. */
    const folio_hit *first = folio_results_hit(res, 0);
    assert_string_equal(first->id, "cocoa-2");
    assert_string_equal(folio_results_hit(res, 1)->id, "drought.txt");
    assert_false(holds(res, "cocoa-1"));
    assert_false(holds(res, "bank-1"));
    assert_string_equal(folio_results_parsed(res), "");
    /* The snippet highlights the words shared. */
    assert_true(first->highlight_count > 0);
    folio_results_free(res);
}

static void test_most_like_a_file(void **state)
{
    (void)state;
    folio_results *res;
    assert_int_equal(folio_search_like(&res, db, "drought.txt", NULL), 0);
    assert_true(folio_results_count(res) >= 2);
    assert_false(holds(res, "drought.txt"));
    assert_true(holds(res, "cocoa-1") && holds(res, "cocoa-2"));
    assert_false(holds(res, "oil-1"));
    folio_results_free(res);
}

static void test_options_apply(void **state)
{
    (void)state;
    folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
    folio_results *all, *page;
    assert_int_equal(folio_search_like(&all, db, "oil-1", &opts), 0);
    assert_string_equal(folio_results_hit(all, 0)->id, "oil-2");
    opts.offset = 1;
    opts.limit = 1;
    assert_int_equal(folio_search_like(&page, db, "oil-1", &opts), 0);
    assert_int_equal(folio_results_count(page), folio_results_count(all) > 1 ? 1 : 0);
    if (folio_results_count(all) > 1)
        assert_string_equal(folio_results_hit(page, 0)->id, folio_results_hit(all, 1)->id);
    assert_int_equal(folio_results_total(page, NULL), folio_results_total(all, NULL));
    folio_results_free(all);
    folio_results_free(page);
}

static void test_errors(void **state)
{
    (void)state;
    folio_results *res = (folio_results *)1;
    assert_int_equal(folio_search_like(&res, db, "no-such-id", NULL), FOLIO_ENOTFOUND);
    assert_null(res);
    assert_non_null(strstr(folio_error_last()->message, "no-such-id"));
    res = (folio_results *)1;
    assert_int_equal(folio_search_like(&res, db, "", NULL), FOLIO_EINVALID);
    assert_null(res);
    folio_search_options zeroed = {0};
    assert_int_equal(folio_search_like(&res, db, "cocoa-1", &zeroed), FOLIO_EINVALID);
    assert_null(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_most_like_a_record),
        cmocka_unit_test(test_most_like_a_file),
        cmocka_unit_test(test_options_apply),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
