/* test_boosts.c — recency and field boosts (boosts.c): half-lives and field weights as texts, and the
 * recency factor 0.5^(age / half-life) in log space. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "boosts.h"
#include "folio.h"

#include <math.h>
#include <string.h>

static void half_lives_in_units(void **state)
{
    (void)state;
    double s = -1;
    assert_int_equal(folio_recency_parse(&s, "30d"), 0);
    assert_true(s == 30 * 86400.0);
    assert_int_equal(folio_recency_parse(&s, "12h"), 0);
    assert_true(s == 12 * 3600.0);
    assert_int_equal(folio_recency_parse(&s, "1.5w"), 0);
    assert_true(s == 1.5 * 7 * 86400);
    assert_int_equal(folio_recency_parse(&s, "2y"), 0);
    assert_true(s == 2 * 365 * 86400.0);
    assert_int_equal(folio_recency_parse(&s, "90s"), 0);
    assert_true(s == 90);
    assert_int_equal(folio_recency_parse(&s, "off"), 0);
    assert_true(s == 0);
    s = 5;
    assert_int_equal(folio_recency_parse(&s, "0"), 0);
    assert_true(s == 0);
}

static void bad_half_lives_are_refused(void **state)
{
    (void)state;
    const char *bad[] = {"", "d", "30", "30x", "-3d", "0d", "1001y", "nand", "infd", " 3d", "3 d", "1e400d", NULL};
    for (size_t i = 0; bad[i]; i++) {
        double s = 7;
        assert_int_equal(folio_recency_parse(&s, bad[i]), FOLIO_EINVALID);
        assert_true(s == 7); /* unchanged */
    }
    const folio_error *e = folio_error_last();
    assert_non_null(e);
    assert_non_null(strstr(e->message, "not a half-life"));
}

static void field_weights_by_name(void **state)
{
    (void)state;
    folio_boosts b = folio_boosts_none;
    assert_int_equal(folio_boost_parse(&b, "title=2,author=0.5"), 0);
    assert_true(b.field[folio_boosts_field_index(FOLIO_TEXT_TITLE)] == 2);
    assert_true(b.field[folio_boosts_field_index(FOLIO_TEXT_AUTHOR)] == 0.5);
    assert_true(b.field[folio_boosts_field_index(FOLIO_TEXT_BODY)] == 1);
    assert_true(b.field[folio_boosts_field_index(FOLIO_TEXT_URL)] == 1);
    assert_int_equal(folio_boost_parse(&b, "body=0"), 0);
    assert_true(b.field[folio_boosts_field_index(FOLIO_TEXT_BODY)] == 0);
    assert_int_equal(folio_boost_parse(&b, ""), 0); /* nothing named: nothing changes */
    assert_true(b.field[folio_boosts_field_index(FOLIO_TEXT_TITLE)] == 2);
    assert_string_equal(folio_boosts_field_name(folio_boosts_field_index(FOLIO_TEXT_URL)), "url");
}

static void bad_field_weights_are_refused(void **state)
{
    (void)state;
    const char *bad[] = {"summary=2", "title", "title=", "title=-1", "title=101", "title=2x", "title=2,,body=1",
                         "=2", "title=nan", NULL};
    for (size_t i = 0; bad[i]; i++) {
        folio_boosts b = folio_boosts_none;
        assert_int_equal(folio_boost_parse(&b, bad[i]), FOLIO_EINVALID);
        /* A bad item later in the list changes none of the earlier ones. */
        assert_memory_equal(b.field, folio_boosts_none.field, sizeof b.field);
    }
    char longer[FOLIO_BOOST_SPEC_MAX + 8];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    folio_boosts b = folio_boosts_none;
    assert_int_equal(folio_boost_parse(&b, longer), FOLIO_EINVALID);
}

static void recency_factor_halves_at_the_half_life(void **state)
{
    (void)state;
    double day = 86400;
    assert_true(fabs(exp(folio_recency_log_factor(30 * day, 30 * day)) - 0.5) < 1e-12);
    assert_true(fabs(exp(folio_recency_log_factor(60 * day, 30 * day)) - 0.25) < 1e-12);
    assert_true(folio_recency_log_factor(0, 30 * day) == 0);
    assert_true(folio_recency_log_factor(-5 * day, 30 * day) == 0); /* a date in the future: no decay */
    /* Forty years at a one-day half-life: 0.5^14600 is 0 as a double, but still orders in log space. */
    double older = folio_recency_log_factor(40 * 365 * day + day, day);
    double newer = folio_recency_log_factor(40 * 365 * day, day);
    assert_true(exp(newer) == 0 && newer > older && isfinite(older));
}

static void the_database_setting_is_checked(void **state)
{
    (void)state;
    assert_int_equal(folio_boosts_check("30d", "title=2"), 0);
    assert_int_equal(folio_boosts_check(NULL, NULL), 0);
    assert_int_equal(folio_boosts_check("off", ""), 0);
    assert_int_equal(folio_boosts_check("soon", NULL), FOLIO_EINVALID);
    assert_int_equal(folio_boosts_check(NULL, "title=x"), FOLIO_EINVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(half_lives_in_units),
        cmocka_unit_test(bad_half_lives_are_refused),
        cmocka_unit_test(field_weights_by_name),
        cmocka_unit_test(bad_field_weights_are_refused),
        cmocka_unit_test(recency_factor_halves_at_the_half_life),
        cmocka_unit_test(the_database_setting_is_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
