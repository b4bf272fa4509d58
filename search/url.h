/*
 * url.h — the parts of a request target (RFC 3986) the server reads: its path and its query string.
 *
 * Decoding is strict, because a request the server cannot read exactly must be refused (400), not
 * guessed at: every '%' must start two hex digits, and %00 is refused (a NUL would silently cut a C
 * string). In a query string '+' is a space (HTML forms). Nothing is checked for UTF-8 here: libfolio
 * reads invalid bytes as separators and the JSON writer replaces them.
 */
#ifndef FOLIO_SEARCH_URL_H
#define FOLIO_SEARCH_URL_H

#include "buf.h"

#include <stddef.h>

/* Parameters read from one query string; more are refused. */
#define URL_MAX_PARAMS 32

typedef struct url_param {
    char *name;  /* decoded, owned */
    char *value; /* decoded, owned; "" for "name" or "name=" */
} url_param;

typedef struct url_params {
    url_param items[URL_MAX_PARAMS];
    size_t n;
} url_params;

typedef enum {
    URL_OK = 0,
    URL_MALFORMED = -1, /* bad percent-encoding or %00 */
    URL_TOO_MANY = -2,  /* more than URL_MAX_PARAMS parameters */
    URL_NOMEM = -3
} url_status;

/* Appends the decoding of s[0..len) to `out`; `plus_is_space` for query strings. */
url_status url_decode(folio_buf *out, const char *s, size_t len, int plus_is_space);

/* Splits a request target ("/a/b?x=1") into its decoded path (into `path`) and its query string
 * (*query points into `target` after the '?', or is NULL). A fragment ('#...') is not sent by clients
 * and is read as part of the path or query. */
url_status url_split(folio_buf *path, const char **query, const char *target);

/* Parses a query string ("q=a+b&page=2") into *out, which url_params_free() releases (also on error). */
url_status url_params_parse(url_params *out, const char *query);

/* The value of the first parameter called `name`, or NULL; the nth (from 0) with url_params_nth. */
const char *url_params_get(const url_params *p, const char *name);
const char *url_params_nth(const url_params *p, const char *name, size_t nth);

void url_params_free(url_params *p);

#endif
