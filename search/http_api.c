/*
 * http_api.c — the site search API's JSON answers (see http_api.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "http_api.h"

#include "live_db.h"
#include "output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Digits of the largest number read from a parameter: well past every limit, far below overflow. */
#define MAX_NUMBER_DIGITS 9

static const output_style json_style = {FORMAT_JSON, 0, 0};

void api_reply_free(api_reply *r)
{
    folio_buf_free(&r->body);
    free(r->corrected_query);
    r->corrected_query = NULL;
}

/* The error object for a query, or (`like` not NULL) for the articles like a document. */
static void reply_error(api_reply *r, unsigned status, const char *query, const char *like, const char *message)
{
    folio_error e = {FOLIO_EINVALID, 0, message};
    output_query q = {"1", query ? query : "", NULL, 0.0, like};
    folio_buf_reset(&r->body);
    r->status = status;
    output_error(&r->body, &json_style, &q, &e);
}

void api_error(api_reply *r, unsigned status, const char *query, const char *message)
{
    reply_error(r, status, query, NULL, message);
}

/* A failure of libfolio: the visitor's fault (400; 404 for a document asked for by id that is not
 * there) or the index's (503, maybe worth a retry). */
static void library_error(api_reply *r, const char *query, const char *like)
{
    const folio_error *e = folio_error_last();
    int code = e ? e->code : FOLIO_ERROR;
    const char *message = e ? e->message : "unknown error";
    if (code == FOLIO_EQUERY || code == FOLIO_EINVALID || (like && code == FOLIO_ENOTFOUND)) {
        reply_error(r, code == FOLIO_ENOTFOUND ? 404 : 400, query, like, message);
        return;
    }
    r->index_error = live_db_is_index_error(code);
    reply_error(r, 503, query, like, message);
}

/* The query parameter, or "" when absent; NULL (after a 400) when too long. */
static const char *query_param(api_reply *r, const url_params *params)
{
    const char *q = url_params_get(params, "q");
    if (!q)
        return "";
    if (strlen(q) > API_MAX_QUERY_BYTES) {
        char message[96];
        snprintf(message, sizeof message, "the query is too long (at most %d bytes)", API_MAX_QUERY_BYTES);
        api_error(r, 400, "", message);
        return NULL;
    }
    return q;
}

/* A parameter that is a whole number from min to max, or *out = fallback when absent. After a 400, -1. */
static int number_param(api_reply *r, const url_params *params, const char *query, const char *name,
                        unsigned min, unsigned max, unsigned fallback, unsigned *out)
{
    const char *s = url_params_get(params, name);
    *out = fallback;
    if (!s)
        return 0;
    size_t len = strlen(s);
    unsigned long v = 0;
    int ok = len > 0 && len <= MAX_NUMBER_DIGITS && strspn(s, "0123456789") == len;
    for (size_t i = 0; ok && i < len; i++)
        v = v * 10 + (unsigned long)(s[i] - '0');
    if (!ok || v < min || v > max) {
        char message[128];
        snprintf(message, sizeof message, "%s must be a number from %u to %u", name, min, max);
        api_error(r, 400, query, message);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* A parameter that is true or false (also 1 or 0), or *out = fallback when absent. After a 400, -1. */
static int flag_param(api_reply *r, const url_params *params, const char *query, const char *name, int fallback,
                      int *out)
{
    const char *s = url_params_get(params, name);
    *out = fallback;
    if (!s)
        return 0;
    if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0 || strcmp(s, "false") == 0 || strcmp(s, "0") == 0) {
        *out = s[0] == 't' || s[0] == '1';
        return 0;
    }
    char message[128];
    snprintf(message, sizeof message, "%s must be true or false", name);
    api_error(r, 400, query, message);
    return -1;
}

static int sort_param(api_reply *r, const url_params *params, const char *query, folio_sort *out)
{
    static const struct {
        const char *name;
        folio_sort sort;
    } orders[] = {{"relevance", FOLIO_SORT_RELEVANCE}, {"date", FOLIO_SORT_DATE}, {"-date", FOLIO_SORT_DATE_DESC}};
    const char *s = url_params_get(params, "sort");
    *out = FOLIO_SORT_RELEVANCE;
    if (!s || !*s)
        return 0;
    for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++)
        if (strcmp(s, orders[i].name) == 0) {
            *out = orders[i].sort;
            return 0;
        }
    api_error(r, 400, query, "sort must be relevance, date or -date");
    return -1;
}

static int facet_params(api_reply *r, const url_params *params, const char *query,
                        const char *facets[API_MAX_FACETS], size_t *n)
{
    const char *f;
    for (*n = 0; (f = url_params_nth(params, "facet", *n)) != NULL; (*n)++) {
        if (*n == API_MAX_FACETS) {
            char message[64];
            snprintf(message, sizeof message, "at most %d facet parameters", API_MAX_FACETS);
            api_error(r, 400, query, message);
            return -1;
        }
        facets[*n] = f;
    }
    return 0;
}

static double ms_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) * 1e3 + (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

void api_search(api_reply *r, folio_db *db, const url_params *params)
{
    const char *q = query_param(r, params);
    unsigned page, limit;
    const char *facets[API_MAX_FACETS];
    folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
    if (!q || number_param(r, params, q, "page", 1, API_MAX_PAGE, 1, &page) < 0 ||
        number_param(r, params, q, "limit", 0, API_MAX_LIMIT, API_DEFAULT_LIMIT, &limit) < 0 ||
        sort_param(r, params, q, &opts.sort) < 0 || facet_params(r, params, q, facets, &opts.facet_count) < 0 ||
        flag_param(r, params, q, "typo", 1, &opts.typo) < 0 ||
        flag_param(r, params, q, "synonyms", 1, &opts.synonyms) < 0 ||
        flag_param(r, params, q, "collapse", 0, &opts.collapse) < 0)
        return;
    opts.syntax = FOLIO_SYNTAX_LENIENT;
    opts.spelling = 1;
    opts.limit = limit;
    opts.offset = (page - 1) * limit;
    opts.facets = facets;
    opts.recency = url_params_get(params, "recency"); /* else the database's; folio checks both */
    opts.language = url_params_get(params, "lang");    /* folio checks it */
    opts.boost = url_params_get(params, "boost");
    folio_results *res = NULL;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    if (folio_search(&res, db, q, &opts) < 0) {
        library_error(r, q, NULL);
        return;
    }
    output_query oq = {"1", q, &opts, ms_since(&start), NULL};
    r->status = 200;
    output_results(&r->body, &json_style, &oq, res);
    if (*q) {
        /* The log outlives `res`: it keeps its own copy of the correction searched for instead. */
        const char *corrected = folio_results_corrected_query(res);
        r->corrected_query = corrected ? strdup(corrected) : NULL;
        query_log_entry searched = {q, page, folio_results_total(res, NULL), r->corrected_query, oq.took_ms};
        r->search = searched;
    }
    folio_results_free(res);
}

void api_similar(api_reply *r, folio_db *db, const url_params *params)
{
    const char *id = url_params_get(params, "id");
    unsigned page, limit;
    if (!id || !*id) {
        api_error(r, 400, "", "id is required: the document whose related articles to find");
        return;
    }
    if (strlen(id) > API_MAX_ID_BYTES) {
        char message[96];
        snprintf(message, sizeof message, "the id is too long (at most %d bytes)", API_MAX_ID_BYTES);
        api_error(r, 400, "", message);
        return;
    }
    folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
    if (number_param(r, params, "", "page", 1, API_MAX_PAGE, 1, &page) < 0 ||
        number_param(r, params, "", "limit", 0, API_MAX_LIMIT, API_DEFAULT_LIMIT, &limit) < 0 ||
        flag_param(r, params, "", "collapse", 0, &opts.collapse) < 0)
        return;
    opts.limit = limit;
    opts.offset = (page - 1) * limit;
    folio_results *res = NULL;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    if (folio_search_like(&res, db, id, &opts) < 0) {
        library_error(r, "", id);
        return;
    }
    output_query oq = {"1", "", &opts, ms_since(&start), id};
    r->status = 200;
    output_results(&r->body, &json_style, &oq, res);
    folio_results_free(res);
}

/* Where the last word of `text` starts: after the last white space, as folio_suggest() reads it, and
 * after the quote, bracket or sign that may open it, which the completion keeps. */
static size_t last_word_start(const char *text)
{
    size_t start = strlen(text);
    while (start > 0 && !strchr(" \t\n", text[start - 1]))
        start--;
    while (text[start] && strchr("\"(+-", text[start]))
        start++;
    return start;
}

void api_suggest(api_reply *r, folio_db *db, const url_params *params)
{
    const char *q = query_param(r, params);
    if (!q)
        return;
    char **words = NULL;
    size_t n = 0;
    if (folio_suggest(&words, &n, db, q, API_SUGGESTIONS) < 0) {
        library_error(r, q, NULL);
        return;
    }
    size_t keep = last_word_start(q);
    folio_buf *b = &r->body;
    folio_buf line = FOLIO_BUF_INIT;
    folio_buf_printf(b, "{\"version\":%d,\"query\":", OUTPUT_JSON_SCHEMA_VERSION);
    output_json_string(b, q);
    folio_buf_puts(b, ",\"suggestions\":[");
    for (size_t i = 0; i < n; i++) {
        folio_buf_reset(&line);
        folio_buf_append(&line, q, keep);
        folio_buf_puts(&line, words[i]);
        if (i)
            folio_buf_putc(b, ',');
        output_json_string(b, line.data ? line.data : "");
        b->oom |= line.oom;
    }
    folio_buf_puts(b, "]}\n");
    folio_buf_free(&line);
    folio_suggestions_free(words, n);
    r->status = 200;
}

void api_health(api_reply *r, folio_db *db)
{
    folio_db_stats stats;
    if (folio_db_stats_get_quick(&stats, db) < 0) {
        library_error(r, "", NULL);
        return;
    }
    folio_buf_printf(&r->body, "{\"version\":%d,\"status\":\"ok\",\"documents\":%llu,\"updated\":",
                     OUTPUT_JSON_SCHEMA_VERSION, (unsigned long long)stats.documents);
    output_json_string(&r->body, *stats.updated ? stats.updated : NULL);
    folio_buf_puts(&r->body, "}\n");
    r->status = 200;
}
