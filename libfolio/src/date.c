/*
 * date.c — see date.h.
 *
 * The calendar arithmetic is done by hand (days from the civil date, after Howard Hinnant's
 * days_from_civil) instead of with timegm/mktime, so results never depend on the C library's time zone
 * handling or on the range of time_t.
 */
#include "date.h"

#include "error.h"

#include <stdio.h>

#define DATE_YEAR_MIN 1
#define DATE_YEAR_MAX 9999
#define DATE_MAX_ZONE_HOURS 23
#define SECONDS_PER_MINUTE 60
#define SECONDS_PER_HOUR 3600
#define SECONDS_PER_DAY 86400
#define DATE_QUOTE_MAX 40 /* how much of a bad date an error message repeats */

/* A read position in the text being parsed. */
typedef struct date_cursor {
    const char *s;
    size_t len, pos;
} date_cursor;

static int is_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (negative before 1970). */
static int64_t days_from_civil(int y, int m, int d)
{
    int64_t year = y - (m <= 2);
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    int64_t year_of_era = year - era * 400;                               /* [0, 399] */
    int64_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365], from March 1 */
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

/* The inverse of days_from_civil. */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t day_of_era = z - era * 146097;
    int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t mp = (5 * day_of_year + 2) / 153;
    *d = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(year_of_era + era * 400 + (*m <= 2));
}

static int date_fail(const date_cursor *c, const char *reason)
{
    int n = c->len > DATE_QUOTE_MAX ? DATE_QUOTE_MAX : (int)c->len;
    const char *cut = c->len > DATE_QUOTE_MAX ? "..." : "";
    return folio_error_set(FOLIO_EINVALID, "bad date '%.*s%s': %s", n, c->s, cut, reason);
}

static int date_fail_range(const date_cursor *c, const char *what, int value)
{
    char reason[64];
    snprintf(reason, sizeof reason, "%s %d out of range", what, value);
    return date_fail(c, reason);
}

static int at_end(const date_cursor *c)
{
    return c->pos >= c->len;
}

static int accept_char(date_cursor *c, char ch)
{
    if (at_end(c) || c->s[c->pos] != ch)
        return 0;
    c->pos++;
    return 1;
}

/* 'T' (or 't', or a space) between the date and the time. */
static int accept_time_separator(date_cursor *c)
{
    return accept_char(c, 'T') || accept_char(c, 't') || accept_char(c, ' ');
}

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* Reads exactly `count` digits into *value; 0 (and no move) when they are not there. */
static int read_digits(date_cursor *c, int count, int *value)
{
    if (c->len - c->pos < (size_t)count)
        return 0;
    int v = 0;
    for (int i = 0; i < count; i++) {
        char ch = c->s[c->pos + (size_t)i];
        if (!is_digit(ch))
            return 0;
        v = v * 10 + (ch - '0');
    }
    c->pos += (size_t)count;
    *value = v;
    return 1;
}

/* Reads a 2-digit number in [0, max], or fails naming `what`. */
static int read_field(date_cursor *c, const char *what, int min, int max, int *value)
{
    if (!read_digits(c, 2, value)) {
        char reason[64];
        snprintf(reason, sizeof reason, "expected a 2-digit %s", what);
        return date_fail(c, reason);
    }
    if (*value < min || *value > max)
        return date_fail_range(c, what, *value);
    return 0;
}

/* [+-]hh[[:]mm] or Z, as seconds east of UTC. Nothing at all is UTC. */
static int read_zone(date_cursor *c, int *offset)
{
    *offset = 0;
    if (at_end(c) || accept_char(c, 'Z') || accept_char(c, 'z'))
        return 0;
    int sign = accept_char(c, '+') ? 1 : accept_char(c, '-') ? -1 : 0;
    int hours, minutes = 0;
    if (!sign || !read_digits(c, 2, &hours) || hours > DATE_MAX_ZONE_HOURS)
        return date_fail(c, "bad time zone (use Z, +hh:mm or -hh:mm)");
    int colon = accept_char(c, ':');
    if ((colon || !at_end(c)) && (!read_digits(c, 2, &minutes) || minutes > 59))
        return date_fail(c, "bad time zone (use Z, +hh:mm or -hh:mm)");
    *offset = sign * (hours * SECONDS_PER_HOUR + minutes * SECONDS_PER_MINUTE);
    return 0;
}

/* hh:mm[:ss[.fraction]] and the zone; the fraction is dropped (dates are kept to the second). */
static int read_time(date_cursor *c, folio_date *out, int *zone_offset)
{
    int rc = read_field(c, "hour", 0, 23, &out->hour);
    if (rc == 0 && !accept_char(c, ':'))
        rc = date_fail(c, "expected ':' after the hour");
    if (rc == 0)
        rc = read_field(c, "minute", 0, 59, &out->minute);
    if (rc == 0 && accept_char(c, ':')) {
        rc = read_field(c, "second", 0, 59, &out->second);
        if (rc == 0 && (accept_char(c, '.') || accept_char(c, ','))) {
            if (at_end(c) || !is_digit(c->s[c->pos]))
                return date_fail(c, "expected digits after the decimal point");
            while (!at_end(c) && is_digit(c->s[c->pos]))
                c->pos++;
        }
    }
    if (rc == 0)
        rc = read_zone(c, zone_offset);
    return rc;
}

/* Reads the date part, YYYY[-MM[-DD]], setting out->precision to what was there. */
static int read_calendar_date(date_cursor *c, folio_date *out)
{
    if (!read_digits(c, 4, &out->year))
        return date_fail(c, "expected a 4-digit year");
    if (out->year < DATE_YEAR_MIN)
        return date_fail_range(c, "year", out->year);
    out->precision = FOLIO_DATE_YEAR;
    if (!accept_char(c, '-'))
        return 0;
    int rc = read_field(c, "month", 1, 12, &out->month);
    if (rc < 0)
        return rc;
    out->precision = FOLIO_DATE_MONTH;
    if (!accept_char(c, '-'))
        return 0;
    if (!read_digits(c, 2, &out->day))
        return date_fail(c, "expected a 2-digit day");
    int last_day = days_in_month(out->year, out->month);
    if (out->day < 1 || out->day > last_day) {
        char reason[80];
        snprintf(reason, sizeof reason, "day %d out of range (%04d-%02d has %d days)", out->day, out->year,
                 out->month, last_day);
        return date_fail(c, reason);
    }
    out->precision = FOLIO_DATE_DAY;
    return 0;
}

int folio_date_parse(folio_date *out, const char *s, size_t len)
{
    date_cursor c = {s, len, 0};
    folio_date d = {FOLIO_DATE_YEAR, 0, 1, 1, 0, 0, 0, 0};
    if (len == 0)
        return date_fail(&c, "empty date");
    int rc = read_calendar_date(&c, &d);
    if (rc < 0)
        return rc;
    int zone_offset = 0;
    if (d.precision == FOLIO_DATE_DAY && accept_time_separator(&c)) {
        rc = read_time(&c, &d, &zone_offset);
        if (rc < 0)
            return rc;
        d.precision = FOLIO_DATE_TIME;
    }
    if (!at_end(&c))
        return date_fail(&c, "unexpected text after the date");
    d.epoch = days_from_civil(d.year, d.month, d.day) * SECONDS_PER_DAY + d.hour * SECONDS_PER_HOUR +
              d.minute * SECONDS_PER_MINUTE + d.second - zone_offset;
    *out = d;
    return 0;
}

int64_t folio_date_last_second(const folio_date *d)
{
    switch (d->precision) {
    case FOLIO_DATE_YEAR:
        return days_from_civil(d->year + 1, 1, 1) * SECONDS_PER_DAY - 1;
    case FOLIO_DATE_MONTH:
        if (d->month == 12)
            return days_from_civil(d->year + 1, 1, 1) * SECONDS_PER_DAY - 1;
        return days_from_civil(d->year, d->month + 1, 1) * SECONDS_PER_DAY - 1;
    case FOLIO_DATE_DAY:
        return d->epoch + SECONDS_PER_DAY - 1;
    case FOLIO_DATE_TIME:
        break;
    }
    return d->epoch;
}

/* Writes `value` as exactly `width` decimal digits (value is known to fit). */
static char *put_digits(char *p, int value, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + value % 10);
        value /= 10;
    }
    return p + width;
}

void folio_date_format_utc(char out[21], int64_t epoch)
{
    /* Clamped to the years the format can write, so out-of-range input still gives a valid date. */
    const int64_t first = days_from_civil(DATE_YEAR_MIN, 1, 1) * SECONDS_PER_DAY;
    const int64_t last = days_from_civil(DATE_YEAR_MAX + 1, 1, 1) * SECONDS_PER_DAY - 1;
    if (epoch < first)
        epoch = first;
    if (epoch > last)
        epoch = last;
    int64_t days = epoch / SECONDS_PER_DAY, secs = epoch % SECONDS_PER_DAY;
    if (secs < 0) {
        secs += SECONDS_PER_DAY;
        days--;
    }
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    char *p = out;
    p = put_digits(p, y, 4);
    *p++ = '-';
    p = put_digits(p, m, 2);
    *p++ = '-';
    p = put_digits(p, d, 2);
    *p++ = 'T';
    p = put_digits(p, (int)(secs / SECONDS_PER_HOUR), 2);
    *p++ = ':';
    p = put_digits(p, (int)(secs % SECONDS_PER_HOUR / SECONDS_PER_MINUTE), 2);
    *p++ = ':';
    p = put_digits(p, (int)(secs % SECONDS_PER_MINUTE), 2);
    *p++ = 'Z';
    *p = '\0';
}
