/*
 * date.h — ISO 8601 calendar dates and times, as documents store them and queries filter on them.
 *
 * Accepted: YYYY, YYYY-MM, YYYY-MM-DD, and YYYY-MM-DD followed by 'T' or ' ' and hh:mm[:ss[.fraction]]
 * with an optional zone (Z, +hh:mm, +hhmm, -hh). Years 0001-9999. Times without a zone are taken as UTC.
 */
#ifndef FOLIO_DATE_H
#define FOLIO_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    FOLIO_DATE_YEAR = 1,
    FOLIO_DATE_MONTH = 2,
    FOLIO_DATE_DAY = 3,
    FOLIO_DATE_TIME = 4
} folio_date_precision;

typedef struct folio_date {
    folio_date_precision precision;
    int year, month, day;  /* month/day are 1 when the precision leaves them out */
    int hour, minute, second;
    int64_t epoch;         /* seconds since 1970-01-01T00:00:00Z of the first instant (zone applied) */
} folio_date;

/* Parses s[0..len). FOLIO_EINVALID with a message naming the problem ("month 13 out of range"). */
int folio_date_parse(folio_date *out, const char *s, size_t len);

/* The last second (epoch) that the date still covers: the end of the day, month or year it names, or the
 * instant itself for a date-time. */
int64_t folio_date_last_second(const folio_date *d);

/* Writes the UTC time `epoch` as "YYYY-MM-DDThh:mm:ssZ" into out (at least 21 bytes). */
void folio_date_format_utc(char out[21], int64_t epoch);

#endif
