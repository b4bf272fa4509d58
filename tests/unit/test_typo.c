/* test_typo.c — typo tolerance's helpers (typo.c): the edit distance, the edits a word may take, the
 * candidates of a word among the index's words and the choice between them made with the neighbours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db.h"
#include "folio.h"
#include "tmpdir.h"
#include "typo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned distance(const char *a, const char *b, unsigned max)
{
    return folio_typo_distance(a, strlen(a), b, strlen(b), max);
}

static void edit_distance(void **state)
{
    (void)state;
    assert_int_equal(distance("oil", "oil", 2), 0);
    assert_int_equal(distance("oill", "oil", 2), 1);   /* deletion */
    assert_int_equal(distance("oil", "oill", 2), 1);   /* insertion */
    assert_int_equal(distance("oill", "will", 2), 1);  /* substitution */
    assert_int_equal(distance("pricse", "prices", 2), 1); /* a swap of neighbours is one edit */
    assert_int_equal(distance("goverment", "government", 2), 1);
    assert_int_equal(distance("presidnt", "presidents", 2), 2);
    assert_int_equal(distance("abcdef", "fedcba", 2), 3); /* beyond max: max + 1 */
    assert_int_equal(distance("kitten", "sitting", 1), 2);
    assert_int_equal(distance("", "abc", 5), 3);
    /* Code points, not bytes: "é" for "e" is one edit. */
    assert_int_equal(distance("caf\xc3\xa9", "cafe", 2), 1);
    assert_int_equal(distance("\xe6\x9d\xb1\xe4\xba\xac", "\xe6\x9d\xb1", 2), 1);
}

static void edits_by_length(void **state)
{
    (void)state;
    assert_int_equal(folio_typo_max_edits("oil", 3), 0);
    assert_int_equal(folio_typo_max_edits("oill", 4), 1);
    assert_int_equal(folio_typo_max_edits("pricse", 6), 1);
    assert_int_equal(folio_typo_max_edits("presidnt", 8), 1);
    assert_int_equal(folio_typo_max_edits("goverment", 9), 2);
    assert_int_equal(folio_typo_max_edits("19877", 5), 0);   /* numbers never */
    assert_int_equal(folio_typo_max_edits("abc1defgh", 9), 0);
    assert_int_equal(folio_typo_max_edits("caf\xc3\xa9", 5), 1); /* 4 letters in 5 bytes */
}

static folio_db *db;

static int setup(void **state)
{
    (void)state;
    char path[TMPDIR_PATH_BYTES];
    if (tmpdir_make("typo") < 0)
        return -1;
    tmpdir_path(path, "db");
    folio_open_options opts = FOLIO_OPEN_OPTIONS_INIT;
    opts.mode = FOLIO_OPEN_WRITE;
    if (folio_db_open(&db, path, &opts) < 0)
        return -1;
    static const char *const records[] = {
        "{\"id\":\"1\",\"body\":\"oil prices rose\"}",
        "{\"id\":\"2\",\"body\":\"oil prices fell\"}",
        "{\"id\":\"3\",\"body\":\"the board will meet; later, prices\"}",
        "{\"id\":\"4\",\"body\":\"they will go\"}",
        "{\"id\":\"5\",\"body\":\"it will rain\"}",
        "{\"id\":\"6\",\"body\":\"a bill will pass\"}",
    };
    for (size_t i = 0; i < sizeof records / sizeof records[0]; i++) {
        folio_doc *doc;
        if (folio_doc_parse_json(&doc, records[i], strlen(records[i])) < 0 || folio_db_put(NULL, db, doc) < 0)
            return -1;
        folio_doc_free(doc);
    }
    return folio_db_commit(db);
}

static int teardown(void **state)
{
    (void)state;
    folio_db_close(db);
    return tmpdir_remove();
}

static void candidates_closest_then_frequent(void **state)
{
    (void)state;
    folio_typo_candidate *c;
    size_t n;
    assert_int_equal(folio_typo_candidates(&c, &n, db, "oill", 4, 1, 0, 8), 0);
    /* will (4 documents), oil (2), bill (1); "ill" is not a word of the index */
    assert_int_equal(n, 3);
    assert_string_equal(c[0].word, "will");
    assert_int_equal(c[0].freq, 4);
    assert_string_equal(c[1].word, "oil");
    assert_int_equal(c[1].distance, 1);
    assert_string_equal(c[2].word, "bill");
    folio_typo_candidates_free(c, n);
    assert_int_equal(folio_typo_candidates(&c, &n, db, "oill", 4, 1, 0, 1), 0);
    assert_int_equal(n, 1); /* bounded */
    assert_string_equal(c[0].word, "will");
    folio_typo_candidates_free(c, n);
    assert_int_equal(folio_typo_candidates(&c, &n, db, "oill", 4, 1, 2, 8), 0);
    assert_int_equal(n, 2); /* held by 2 documents at least: will and oil, not bill */
    assert_string_equal(c[1].word, "oil");
    folio_typo_candidates_free(c, n);
    assert_int_equal(folio_typo_candidates(&c, &n, db, "oil", 3, 0, 0, 8), 0);
    assert_int_equal(n, 0); /* no edits, no candidates (the word itself is never one) */
    assert_null(c);
}

static void choice_made_with_neighbours(void **state)
{
    (void)state;
    const char *words[] = {"oill", "prices"};
    size_t lens[] = {4, 6};
    uint64_t needs[] = {1, 0};
    char *out[2];
    assert_int_equal(folio_typo_choose(out, db, words, lens, needs, 2), 0);
    assert_string_equal(out[0], "oil"); /* next to "prices", though "will" is more frequent */
    assert_null(out[1]);
    free(out[0]);
    const char *alone[] = {"oill"};
    assert_int_equal(folio_typo_choose(out, db, alone, lens, needs, 1), 0);
    assert_string_equal(out[0], "will"); /* with nothing beside it: the most frequent */
    free(out[0]);
    uint64_t frequent[] = {3, 0};
    assert_int_equal(folio_typo_choose(out, db, words, lens, frequent, 2), 0);
    assert_string_equal(out[0], "will"); /* oil, beside prices, is held by too few documents */
    free(out[0]);
    const char *two[] = {"oill", "pricse"};
    uint64_t both[] = {1, 1};
    assert_int_equal(folio_typo_choose(out, db, two, lens, both, 2), 0);
    assert_string_equal(out[0], "oil"); /* each corrected word stands in for its neighbour's typo */
    assert_string_equal(out[1], "prices");
    free(out[0]);
    free(out[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(edit_distance),
        cmocka_unit_test(edits_by_length),
        cmocka_unit_test(candidates_closest_then_frequent),
        cmocka_unit_test(choice_made_with_neighbours),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
