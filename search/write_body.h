/*
 * write_body.h — splits a write request's body (POST /api/documents) into its records' texts, without
 * parsing the records themselves (libfolio does that, as for folio-index's JSON Lines).
 *
 *   BODY_JSON        one JSON object, or a JSON array of objects
 *   BODY_JSON_LINES  one object a line; blank lines are skipped
 *
 * Only the structure around the records is read here: an array's elements are found by tracking
 * strings, escapes and brackets, nested at most BODY_MAX_DEPTH deep. Every failure names where it is
 * (the record's index, or a byte offset) and what is wrong; nothing is returned then.
 */
#ifndef FOLIO_SEARCH_WRITE_BODY_H
#define FOLIO_SEARCH_WRITE_BODY_H

#include <stddef.h>

#define BODY_MAX_RECORDS 100000 /* records in one request */
#define BODY_MAX_DEPTH 32       /* brackets inside a record, as libfolio's JSON parser allows */
#define BODY_ERROR_BYTES 200

typedef enum { BODY_JSON, BODY_JSON_LINES } body_format;

typedef struct body_span {
    size_t start, len;
} body_span;

typedef struct body_records {
    body_span *spans; /* the records' texts, in order, as byte ranges of the body */
    size_t count;
} body_records;

/* The format a Content-Type names (parameters such as charset=utf-8 allowed), or -1 for none of
 * application/json, application/x-ndjson, application/jsonl, application/x-jsonlines,
 * application/json-lines. */
int body_format_of(const char *content_type);

/* Splits `body`; 0, or -1 with a message in `error` (also when out of memory). */
int body_split(body_records *out, body_format format, const char *body, size_t len, char error[BODY_ERROR_BYTES]);

void body_records_free(body_records *r);

#endif
