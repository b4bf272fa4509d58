/*
 * http_api.h — the JSON answers of the site search API, independent of the HTTP server that sends them.
 *
 *   /api/search?q=&page=&limit=&sort=&facet=  the --format json object of docs/json-schema.md (with
 *                                            `facets` when facet=FIELD is given); lenient syntax and
 *                                            did-you-mean; an empty query is an empty result
 *   /api/similar?id=&page=&limit=            related articles: the results object of /api/search for the
 *                                            documents most like document `id` (folio_search_like),
 *                                            with "like": id and "query": ""; 404 for an unknown id
 *   /api/suggest?q=                          {"version":1,"query":...,"suggestions":[...]}: the query
 *                                            with its last word completed, most frequent words first
 *   /healthz                                 {"version":1,"status":"ok","documents":N,"updated":...}
 *
 * What a visitor can send is bounded (the limits below); what exceeds them, or does not read as a
 * number or a sort order, is a 400 with the error object of the JSON schema. Visitor input never makes
 * a 5xx: a 503 means the index itself failed.
 */
#ifndef FOLIO_SEARCH_HTTP_API_H
#define FOLIO_SEARCH_HTTP_API_H

#include "buf.h"
#include "folio.h"
#include "query_log.h"
#include "url.h"

#define API_MAX_QUERY_BYTES 2048 /* q, after decoding */
#define API_MAX_ID_BYTES 4096    /* id, after decoding: a file's id is its path, at most PATH_MAX */
#define API_DEFAULT_LIMIT 10
#define API_MAX_LIMIT 50   /* hits on one page */
#define API_MAX_PAGE 100   /* deepest page: nobody reads further, and deep pages cost the most */
#define API_MAX_FACETS 4   /* facet= parameters */
#define API_SUGGESTIONS 8  /* completions offered */

typedef struct api_reply {
    unsigned status;  /* HTTP status */
    folio_buf body;   /* one JSON object and a newline */
    int index_error;  /* the index failed under the request: worth one retry with a fresh handle */
    query_log_entry search; /* a search answered: its query log line (query NULL: none); strings are the
                               request's parameters, but for corrected_query */
    char *corrected_query;  /* owned: what search.corrected_query points to, freed by api_reply_free */
} api_reply;

#define API_REPLY_INIT {200, FOLIO_BUF_INIT, 0, {NULL, 0, 0, NULL, 0.0}, NULL}

void api_search(api_reply *r, folio_db *db, const url_params *params);
void api_suggest(api_reply *r, folio_db *db, const url_params *params);
void api_similar(api_reply *r, folio_db *db, const url_params *params);
void api_health(api_reply *r, folio_db *db);

/* The error object of the JSON schema, {"version":1,"query":...,"error":{"message":...,"column":null}},
 * with `query` the request's q parameter ("" without one). Replaces what `r` held. */
void api_error(api_reply *r, unsigned status, const char *query, const char *message);

void api_reply_free(api_reply *r);

#endif
