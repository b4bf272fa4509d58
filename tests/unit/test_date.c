/* test_date.c — ISO 8601 parsing, validation, epoch arithmetic and UTC formatting (date.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "date.h"
#include "folio.h"

#include <stdio.h>
#include <string.h>

typedef struct good_case {
    const char *text;
    folio_date_precision precision;
    int64_t first, last; /* epoch of the first and of the last second covered */
} good_case;

/* Expected values computed independently (Python's datetime with UTC). */
static const good_case good_cases[] = {
    {"1970", FOLIO_DATE_YEAR, 0, 31535999},
    {"1970-01-01", FOLIO_DATE_DAY, 0, 86399},
    {"2025", FOLIO_DATE_YEAR, 1735689600, 1767225599},
    {"2025-06", FOLIO_DATE_MONTH, 1748736000, 1751327999},
    {"2025-12", FOLIO_DATE_MONTH, 1764547200, 1767225599},
    {"2024-02", FOLIO_DATE_MONTH, 1706745600, 1709251199}, /* leap February: 29 days */
    {"2026-01-28", FOLIO_DATE_DAY, 1769558400, 1769644799},
    {"2000-02-29", FOLIO_DATE_DAY, 951782400, 951868799},
    {"2024-02-29", FOLIO_DATE_DAY, 1709164800, 1709251199},
    {"1900-03-01", FOLIO_DATE_DAY, -2203891200, -2203804801},
    {"0001-01-01", FOLIO_DATE_DAY, -62135596800, -62135510401},
    {"9999-12-31", FOLIO_DATE_DAY, 253402214400, 253402300799},
    {"9999", FOLIO_DATE_YEAR, 253370764800, 253402300799},
    {"1987-02-26T15:01:01", FOLIO_DATE_TIME, 541350061, 541350061},
    {"1987-02-26 15:01:01", FOLIO_DATE_TIME, 541350061, 541350061},
    {"1987-02-26T15:01", FOLIO_DATE_TIME, 541350060, 541350060},
    {"1987-02-26T15:01:01.75Z", FOLIO_DATE_TIME, 541350061, 541350061},
    {"1987-02-26T15:01:01,5", FOLIO_DATE_TIME, 541350061, 541350061},
    {"1987-02-26T15:01:01Z", FOLIO_DATE_TIME, 541350061, 541350061},
    {"1987-02-26T15:01:01+02:00", FOLIO_DATE_TIME, 541342861, 541342861},
    {"1987-02-26T15:01:01+0200", FOLIO_DATE_TIME, 541342861, 541342861},
    {"1987-02-26T15:01:01-05", FOLIO_DATE_TIME, 541368061, 541368061},
    {"1987-02-26T15:01:01-05:30", FOLIO_DATE_TIME, 541369861, 541369861},
    {"2026-01-01T00:30+01:00", FOLIO_DATE_TIME, 1767223800, 1767223800}, /* the day before in UTC */
};

typedef struct bad_case {
    const char *text;
    const char *message; /* a substring of the error message */
} bad_case;

static const bad_case bad_cases[] = {
    {"", "empty date"},
    {"25", "4-digit year"},
    {"20x5", "4-digit year"},
    {"0000", "year 0 out of range"},
    {"20251", "unexpected text"},
    {"2025-", "2-digit month"},
    {"2025-6", "2-digit month"},
    {"2025-00", "month 0 out of range"},
    {"2025-13", "month 13 out of range"},
    {"2025-13-01", "month 13 out of range"},
    {"2025-01-00", "day 0 out of range"},
    {"2025-01-32", "day 32 out of range"},
    {"2025-04-31", "day 31 out of range (2025-04 has 30 days)"},
    {"2025-02-29", "day 29 out of range (2025-02 has 28 days)"},
    {"1900-02-29", "day 29 out of range"},
    {"2025-06-01T", "2-digit hour"},
    {"2025-06-01T24:00", "hour 24 out of range"},
    {"2025-06-01T12", "expected ':'"},
    {"2025-06-01T12:60", "minute 60 out of range"},
    {"2025-06-01T12:00:60", "second 60 out of range"},
    {"2025-06-01T12:00:00.", "digits after the decimal point"},
    {"2025-06-01T12:00+1", "bad time zone"},
    {"2025-06-01T12:00+24:00", "bad time zone"},
    {"2025-06-01T12:00+01:60", "bad time zone"},
    {"2025-06-01T12:00+01:", "bad time zone"},
    {"2025-06-01T12:00Q", "bad time zone"},
    {"2025-06-01T12:00Zjunk", "unexpected text"},
    {"2025-06T12:00", "unexpected text"}, /* a time needs a full date */
    {"2025/06/01", "unexpected text"},
    {"2025-06-01x", "unexpected text"},
    {"2025 ", "unexpected text"},
    {"2025-06-01 ", "2-digit hour"},
};

static void test_parse_good(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof good_cases / sizeof good_cases[0]; i++) {
        const good_case *c = &good_cases[i];
        folio_date d;
        int rc = folio_date_parse(&d, c->text, strlen(c->text));
        if (rc != 0 || d.precision != c->precision || d.epoch != c->first ||
            folio_date_last_second(&d) != c->last) {
            print_error("case '%s': rc %d precision %d epoch %lld last %lld\n", c->text, rc, (int)d.precision,
                        (long long)d.epoch, (long long)folio_date_last_second(&d));
            fail();
        }
    }
}

static void test_parse_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        folio_date d;
        int rc = folio_date_parse(&d, c->text, strlen(c->text));
        const folio_error *e = folio_error_last();
        if (rc != FOLIO_EINVALID || !e || !strstr(e->message, c->message)) {
            print_error("case '%s': rc %d message '%s', expected '%s'\n", c->text, rc, e ? e->message : "(none)",
                        c->message);
            fail();
        }
    }
}

static void test_fields_and_length(void **state)
{
    (void)state;
    folio_date d;
    assert_int_equal(folio_date_parse(&d, "2025-06-07T08:09:10+05:00", 25), 0);
    assert_int_equal(d.year, 2025);
    assert_int_equal(d.month, 6);
    assert_int_equal(d.day, 7);
    assert_int_equal(d.hour, 8);
    assert_int_equal(d.minute, 9);
    assert_int_equal(d.second, 10);

    assert_int_equal(folio_date_parse(&d, "2025", 4), 0);
    assert_int_equal(d.month, 1);
    assert_int_equal(d.day, 1);
    assert_int_equal(d.hour, 0);

    /* Only len bytes are read: no NUL terminator needed, and text after them is ignored. */
    assert_int_equal(folio_date_parse(&d, "2025-06-07junk", 10), 0);
    assert_int_equal(d.precision, FOLIO_DATE_DAY);
    assert_int_equal(folio_date_parse(&d, "2025-06-07", 7), 0);
    assert_int_equal(d.precision, FOLIO_DATE_MONTH);
}

static void test_message_quotes_date(void **state)
{
    (void)state;
    folio_date d;
    assert_int_equal(folio_date_parse(&d, "2025-13", 7), FOLIO_EINVALID);
    assert_string_equal(folio_error_last()->message, "bad date '2025-13': month 13 out of range");
    /* A long bad value is cut in the message. */
    char long_text[200];
    memset(long_text, '9', sizeof long_text);
    assert_int_equal(folio_date_parse(&d, long_text, sizeof long_text), FOLIO_EINVALID);
    assert_true(strlen(folio_error_last()->message) < 120);
}

static void test_format_utc(void **state)
{
    (void)state;
    char out[21];
    folio_date_format_utc(out, 0);
    assert_string_equal(out, "1970-01-01T00:00:00Z");
    folio_date_format_utc(out, 541350061);
    assert_string_equal(out, "1987-02-26T15:01:01Z");
    folio_date_format_utc(out, 951868799);
    assert_string_equal(out, "2000-02-29T23:59:59Z");
    folio_date_format_utc(out, -1);
    assert_string_equal(out, "1969-12-31T23:59:59Z");
    folio_date_format_utc(out, -2203891200);
    assert_string_equal(out, "1900-03-01T00:00:00Z");
    /* Out of range: clamped to the years 0001-9999. */
    folio_date_format_utc(out, INT64_MIN);
    assert_string_equal(out, "0001-01-01T00:00:00Z");
    folio_date_format_utc(out, INT64_MAX);
    assert_string_equal(out, "9999-12-31T23:59:59Z");
}

/* Every day of 1600-2400 parses, and formatting its epoch gives the same day back. */
static void test_round_trip_every_day(void **state)
{
    (void)state;
    int64_t expected = -11676096000; /* 1600-01-01 */
    for (int y = 1600; y <= 2400; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int day = 1; day <= 31; day++) {
                char text[16], out[21];
                snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, day);
                folio_date d;
                if (folio_date_parse(&d, text, 10) != 0)
                    continue; /* past the end of this month */
                assert_int_equal(d.epoch, expected);
                folio_date_format_utc(out, d.epoch);
                assert_memory_equal(out, text, 10);
                assert_string_equal(out + 10, "T00:00:00Z");
                expected += 86400;
            }
        }
    }
    assert_int_equal(expected, 13601088000); /* 2401-01-01 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_good),
        cmocka_unit_test(test_parse_bad),
        cmocka_unit_test(test_fields_and_length),
        cmocka_unit_test(test_message_quotes_date),
        cmocka_unit_test(test_format_utc),
        cmocka_unit_test(test_round_trip_every_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
