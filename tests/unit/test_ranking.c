/* test_ranking.c — ranking parameters (ranking.c): the name=value overrides bench/eval uses, and the
 * weight of a word repeated in a query. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "folio.h"
#include "ranking.h"
#include "xapian_wrap.h"

#include <string.h>

/* Field by field (a struct's padding bytes are not its value). */
static int same(const folio_ranking *x, const folio_ranking *y)
{
    return x->k1 == y->k1 && x->b == y->b && x->bm25plus_delta == y->bm25plus_delta && x->scheme == y->scheme &&
           x->scheme_param == y->scheme_param &&
           x->title_weight == y->title_weight && x->title_synonym == y->title_synonym &&
           x->phrase_boost == y->phrase_boost && x->prox_ordered == y->prox_ordered &&
           x->prox_unordered == y->prox_unordered && x->prox_window == y->prox_window &&
           x->prox_min_words == y->prox_min_words && x->prf_docs == y->prf_docs && x->prf_terms == y->prf_terms &&
           x->prf_min_words == y->prf_min_words && x->prf_min_matches == y->prf_min_matches &&
           x->prf_alpha == y->prf_alpha && x->prf_bo1 == y->prf_bo1 && x->prf_min_share == y->prf_min_share &&
           x->prf_skip_stopwords == y->prf_skip_stopwords && x->repeat_power == y->repeat_power &&
           x->drop_stopwords == y->drop_stopwords && x->relax_below == y->relax_below;
}

static void parse_sets_named_fields(void **state)
{
    (void)state;
    folio_ranking r = folio_ranking_defaults;
    assert_int_equal(folio_ranking_parse(&r, "k1=0.9,b=0.4,prf_docs=3,prf_bo1=1,title_weight=0.25"), 0);
    assert_true(r.k1 == 0.9 && r.b == 0.4 && r.title_weight == 0.25);
    assert_int_equal(r.prf_docs, 3);
    assert_int_equal(r.prf_bo1, 1);
    assert_int_equal(folio_ranking_parse(&r, "scheme=7,scheme_param=500"), 0);
    assert_int_equal(r.scheme, FOLIO_XSCHEME_LM_DIRICHLET);
    assert_true(r.scheme_param == 500);
    /* Untouched fields keep the defaults. */
    assert_true(r.prf_alpha == folio_ranking_defaults.prf_alpha);
    assert_int_equal(r.relax_below, folio_ranking_defaults.relax_below);
}

static void parse_empty_and_repeated(void **state)
{
    (void)state;
    folio_ranking r = folio_ranking_defaults;
    assert_int_equal(folio_ranking_parse(&r, ""), 0);
    assert_int_equal(folio_ranking_parse(&r, NULL), 0);
    assert_true(same(&r, &folio_ranking_defaults));
    assert_int_equal(folio_ranking_parse(&r, "k1=2,,k1=1.5,"), 0); /* the last one wins */
    assert_true(r.k1 == 1.5);
}

static void parse_rejects_without_change(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "k1",          /* no value */
        "k1=",         /* empty value */
        "k1=abc",      /* not a number */
        "b=1.5",       /* out of range */
        "prf_docs=2.5", /* a count must be whole */
        "prf_bo1=2",   /* a flag is 0 or 1 */
        "kk=1",        /* unknown */
        "k1=0.9,nope=1", /* a bad item after a good one changes nothing */
        "k1=nan",
        "scheme=9",    /* no such weighting scheme */
        "relax_below=10001", /* beyond the exact count the decision needs */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        folio_ranking r = folio_ranking_defaults;
        assert_int_equal(folio_ranking_parse(&r, bad[i]), FOLIO_EINVALID);
        assert_true(same(&r, &folio_ranking_defaults));
    }
}

static void repeat_weight(void **state)
{
    (void)state;
    folio_ranking r = folio_ranking_defaults;
    r.repeat_power = 1;
    assert_true(folio_ranking_repeat_weight(&r, 0) == 1.0);
    assert_true(folio_ranking_repeat_weight(&r, 1) == 1.0);
    assert_true(folio_ranking_repeat_weight(&r, 3) == 3.0);
    r.repeat_power = 0.5;
    assert_true(folio_ranking_repeat_weight(&r, 4) == 2.0);
    r.repeat_power = 0;
    assert_true(folio_ranking_repeat_weight(&r, 7) == 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_sets_named_fields),
        cmocka_unit_test(parse_empty_and_repeated),
        cmocka_unit_test(parse_rejects_without_change),
        cmocka_unit_test(repeat_weight),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
