/*
 * answer_query.c — one query in, one answer out (see answer_query.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "answer_query.h"

#include "output.h"

#include <stdio.h>
#include <time.h>

void answer_begin(const settings *s, folio_buf *out)
{
    if (s->action == ACTION_COUNT)
        output_begin_counts(out, &s->style);
    else if (s->action == ACTION_SEARCH)
        output_begin_hits(out, &s->style);
}

static double ms_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) * 1e3 + (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

const char *answer_error_advice(int code)
{
    return code == FOLIO_EREINDEX || code == FOLIO_ECORRUPT ? " (folio-index --full re-indexes it)" : "";
}

static void report_error(const settings *s, const output_query *q)
{
    const folio_error *e = folio_error_last();
    const char *message = e ? e->message : "unknown error";
    if (s->style.batch)
        fprintf(stderr, "folio-search: query %s: ", q->qid);
    else
        fputs("folio-search: ", stderr);
    if (e && e->code == FOLIO_EQUERY && e->column > 0)
        fprintf(stderr, "query error at column %d: %s\n", e->column, message);
    else
        fprintf(stderr, "%s%s\n", message, e ? answer_error_advice(e->code) : "");
}

/* --count: every match counted, no hit fetched. */
static folio_search_options count_options(const folio_search_options *base)
{
    folio_search_options o = *base;
    o.offset = 0;
    o.limit = 0;
    o.snippet_bytes = 0;
    o.exact_total = 1;
    return o;
}

static int explain(const settings *s, folio_db *db, folio_buf *out, output_query *q)
{
    char *explained = NULL;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    if (folio_explain(&explained, db, q->text, q->opts) < 0)
        return -1;
    q->took_ms = ms_since(&start);
    output_explain(out, &s->style, q, explained);
    folio_free(explained);
    return EXIT_HITS;
}

static int search(const settings *s, folio_db *db, folio_buf *out, output_query *q)
{
    folio_results *res = NULL;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int rc = q->like ? folio_search_like(&res, db, q->like, q->opts) : folio_search(&res, db, q->text, q->opts);
    if (rc < 0)
        return -1;
    q->took_ms = ms_since(&start);
    /* The status says whether the query matched, whatever page (or -n 0) was asked for. */
    int found = folio_results_total(res, NULL) > 0;
    if (s->action == ACTION_COUNT)
        output_count(out, &s->style, q, res);
    else
        output_results(out, &s->style, q, res);
    if (s->style.format == FORMAT_TEXT && folio_results_expansion_capped(res))
        fprintf(stderr, "folio-search: note: a prefix matched more words than --max-expansion allows; "
                        "some were left out\n");
    /* Partial results are said in every format: JSON also carries them as "partial". */
    for (size_t i = 0; folio_results_missing_shard(res, i); i++)
        fprintf(stderr, "folio-search: warning: results are partial: shard %s did not answer\n",
                folio_results_missing_shard(res, i));
    folio_results_free(res);
    return found ? EXIT_HITS : EXIT_NO_HITS;
}

int answer_query(const settings *s, folio_db *db, folio_buf *out, const char *qid, const char *query)
{
    folio_search_options counting = count_options(&s->search);
    output_query q = {qid, query ? query : "", s->action == ACTION_COUNT ? &counting : &s->search, 0.0, s->like_id};
    int rc = s->action == ACTION_EXPLAIN ? explain(s, db, out, &q) : search(s, db, out, &q);
    if (rc >= 0)
        return rc;
    report_error(s, &q);
    if (s->action != ACTION_COUNT || output_is_json(s->style.format)) /* counts stay one line each */
        output_error(out, &s->style, &q, folio_error_last());
    return EXIT_ERROR;
}
