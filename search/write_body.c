/*
 * write_body.c — splitting a write request's body into records (see write_body.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "write_body.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int body_format_of(const char *content_type)
{
    static const struct {
        const char *name;
        body_format format;
    } types[] = {{"application/json", BODY_JSON}, {"application/x-ndjson", BODY_JSON_LINES},
                 {"application/jsonl", BODY_JSON_LINES}, {"application/x-jsonlines", BODY_JSON_LINES},
                 {"application/json-lines", BODY_JSON_LINES}};
    if (!content_type)
        return -1;
    size_t len = strcspn(content_type, ";");
    while (len && is_space(content_type[len - 1]))
        len--;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strlen(types[i].name) == len && strncasecmp(content_type, types[i].name, len) == 0)
            return (int)types[i].format;
    return -1;
}

static int add_span(body_records *r, size_t *cap, size_t start, size_t len, char *error)
{
    if (r->count == BODY_MAX_RECORDS) {
        snprintf(error, BODY_ERROR_BYTES, "more than %d records in one request", BODY_MAX_RECORDS);
        return -1;
    }
    if (r->count == *cap) {
        size_t bigger = *cap ? *cap * 2 : 16;
        body_span *s = realloc(r->spans, bigger * sizeof *s);
        if (!s) {
            snprintf(error, BODY_ERROR_BYTES, "out of memory");
            return -1;
        }
        r->spans = s;
        *cap = bigger;
    }
    r->spans[r->count].start = start;
    r->spans[r->count].len = len;
    r->count++;
    return 0;
}

/* Where the JSON value starting at body[i] (an object or array, or a scalar) ends: the index after it,
 * or 0 with a message when it does not end well (unterminated, mismatched or too deep). Strings are
 * skipped with their escapes; what a scalar holds is left to the record parser. */
static size_t value_end(const char *body, size_t len, size_t i, size_t record, char *error)
{
    char stack[BODY_MAX_DEPTH];
    size_t depth = 0, start = i;
    if (body[i] != '{' && body[i] != '[') {
        while (i < len && !is_space(body[i]) && body[i] != ',' && body[i] != ']')
            i++;
        return i;
    }
    for (; i < len; i++) {
        char c = body[i];
        if (c == '"') {
            for (i++; i < len && body[i] != '"'; i++)
                if (body[i] == '\\')
                    i++;
            if (i >= len)
                break;
        } else if (c == '{' || c == '[') {
            if (depth == BODY_MAX_DEPTH) {
                snprintf(error, BODY_ERROR_BYTES, "record %zu: nested deeper than %d levels", record, BODY_MAX_DEPTH);
                return 0;
            }
            stack[depth++] = c == '{' ? '}' : ']';
        } else if (c == '}' || c == ']') {
            if (depth == 0 || stack[depth - 1] != c) {
                snprintf(error, BODY_ERROR_BYTES, "record %zu: a '%c' that closes nothing (byte %zu)", record, c, i);
                return 0;
            }
            if (--depth == 0)
                return i + 1;
        }
    }
    snprintf(error, BODY_ERROR_BYTES, "record %zu: the JSON ends before the value that starts at byte %zu does",
             record, start);
    return 0;
}

static size_t skip_space(const char *body, size_t len, size_t i)
{
    while (i < len && is_space(body[i]))
        i++;
    return i;
}

/* A JSON array of records: each element's span (the record parser checks that it is an object). */
static int split_array(body_records *out, const char *body, size_t len, size_t i, char *error)
{
    size_t cap = 0;
    i = skip_space(body, len, i + 1);
    if (i < len && body[i] == ']')
        return skip_space(body, len, i + 1) == len ? 0
               : (snprintf(error, BODY_ERROR_BYTES, "data after the array (byte %zu)", i + 1), -1);
    for (;;) {
        if (i >= len) {
            snprintf(error, BODY_ERROR_BYTES, "record %zu: the array ends early", out->count);
            return -1;
        }
        size_t end = value_end(body, len, i, out->count, error);
        if (end == i) { /* "[1,,2]" or "[1,]": no value where one must be */
            snprintf(error, BODY_ERROR_BYTES, "record %zu: no value before the '%c' at byte %zu", out->count, body[i], i);
            return -1;
        }
        if (end == 0 || add_span(out, &cap, i, end - i, error) < 0)
            return -1;
        i = skip_space(body, len, end);
        if (i < len && body[i] == ',') {
            i = skip_space(body, len, i + 1);
            continue;
        }
        if (i < len && body[i] == ']')
            break;
        snprintf(error, BODY_ERROR_BYTES, "record %zu: expected ',' or ']' after it (byte %zu)", out->count - 1, i);
        return -1;
    }
    i = skip_space(body, len, i + 1);
    if (i != len) {
        snprintf(error, BODY_ERROR_BYTES, "data after the array (byte %zu)", i);
        return -1;
    }
    return 0;
}

static int split_json(body_records *out, const char *body, size_t len, char *error)
{
    size_t i = skip_space(body, len, 0);
    if (i == len) {
        snprintf(error, BODY_ERROR_BYTES, "the body is empty: send a JSON object or an array of them");
        return -1;
    }
    if (body[i] == '[')
        return split_array(out, body, len, i, error);
    if (body[i] != '{') {
        snprintf(error, BODY_ERROR_BYTES, "the body is not a JSON object or array");
        return -1;
    }
    size_t cap = 0, end = value_end(body, len, i, 0, error);
    if (end == 0)
        return -1;
    if (skip_space(body, len, end) != len) {
        snprintf(error, BODY_ERROR_BYTES, "data after the object (byte %zu); JSON Lines need their Content-Type", end);
        return -1;
    }
    return add_span(out, &cap, i, end - i, error);
}

static int split_lines(body_records *out, const char *body, size_t len, char *error)
{
    size_t cap = 0;
    for (size_t start = 0; start < len;) {
        const char *nl = memchr(body + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - body) : len, s = start, e = end;
        while (s < e && is_space(body[s]))
            s++;
        while (e > s && is_space(body[e - 1]))
            e--;
        if (e > s && add_span(out, &cap, s, e - s, error) < 0)
            return -1;
        start = end + 1;
    }
    if (out->count == 0) {
        snprintf(error, BODY_ERROR_BYTES, "the body holds no record");
        return -1;
    }
    return 0;
}

int body_split(body_records *out, body_format format, const char *body, size_t len, char error[BODY_ERROR_BYTES])
{
    memset(out, 0, sizeof *out);
    int rc = format == BODY_JSON ? split_json(out, body, len, error) : split_lines(out, body, len, error);
    if (rc < 0)
        body_records_free(out);
    else if (out->count == 0) {
        snprintf(error, BODY_ERROR_BYTES, "the array holds no record");
        rc = -1;
    }
    return rc;
}

void body_records_free(body_records *r)
{
    free(r->spans);
    r->spans = NULL;
    r->count = 0;
}
