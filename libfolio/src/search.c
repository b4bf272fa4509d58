/* search.c — folio_search() and its results (folio.h "Search"): parse, plan, run, make snippets. */
#include "db.h"
#include "doc.h"
#include "error.h"
#include "plan.h"
#include "query.h"
#include "schema.h"
#include "snippet.h"

#include <stdlib.h>
#include <string.h>

/* Totals are counted exactly up to this many matches; beyond, they are a lower bound. */
#define FOLIO_EXACT_TOTAL_UP_TO 10000
/* BM25 parameters (see README "Ranking"). */
#define FOLIO_BM25_K1 1.2
#define FOLIO_BM25_B 0.75

struct folio_results {
    folio_hit *hits;
    folio_doc **docs;          /* the stored record behind each hit (owns its strings) */
    folio_snippet *snippets;   /* owns each hit's snippet */
    size_t n, cap;
    uint64_t total;
    int exact;
};

typedef struct run_ctx {
    folio_results *res;
    folio_db *db;
    const folio_plan *plan;
    const folio_search_options *opts;
} run_ctx;

static int results_grow(folio_results *r)
{
    if (r->n < r->cap)
        return 0;
    size_t cap = r->cap ? r->cap * 2 : 16;
    folio_hit *h = realloc(r->hits, cap * sizeof *h);
    if (h)
        r->hits = h;
    folio_doc **d = realloc(r->docs, cap * sizeof *d);
    if (d)
        r->docs = d;
    folio_snippet *s = realloc(r->snippets, cap * sizeof *s);
    if (s)
        r->snippets = s;
    if (!h || !d || !s)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    r->cap = cap;
    return 0;
}

static int add_hit(void *ctx, double weight, const char *data, size_t len)
{
    run_ctx *c = ctx;
    folio_results *r = c->res;
    int rc = results_grow(r);
    if (rc < 0)
        return rc;
    folio_doc *doc;
    if ((rc = folio_doc_parse_json(&doc, data, len)) < 0)
        return folio_error_set(FOLIO_ECORRUPT, "a stored document is damaged: %s", folio_error_last()->message);
    folio_snippet snip = {NULL, NULL, 0};
    const char *body = doc->text[FOLIO_FIELD_BODY] ? doc->text[FOLIO_FIELD_BODY] : "";
    size_t body_len = doc->text[FOLIO_FIELD_BODY] ? doc->text_len[FOLIO_FIELD_BODY] : 0;
    if (c->opts->snippet_bytes &&
        (rc = folio_snippet_make(&snip, c->db->an, body, body_len, c->plan->matches, c->plan->nmatches,
                                 c->opts->snippet_bytes)) < 0) {
        folio_doc_free(doc);
        return rc;
    }
    const char *title = doc->text[FOLIO_FIELD_TITLE];
    r->docs[r->n] = doc;
    r->snippets[r->n] = snip;
    r->hits[r->n] = (folio_hit){
        .rank = c->opts->offset + (unsigned)r->n + 1,
        .score = weight,
        .id = doc->text[FOLIO_FIELD_ID] ? doc->text[FOLIO_FIELD_ID] : "",
        .title = title ? title : "",
        .date = doc->text[FOLIO_FIELD_DATE],
        .url = doc->text[FOLIO_FIELD_URL],
        .snippet = snip.text ? snip.text : "",
        .highlights = snip.spans,
        .highlight_count = snip.nspans,
    };
    r->n++;
    return 0;
}

static folio_xsort xapian_sort(folio_sort sort)
{
    switch (sort) {
    case FOLIO_SORT_DATE: return FOLIO_XSORT_VALUE;
    case FOLIO_SORT_DATE_DESC: return FOLIO_XSORT_VALUE_DESC;
    case FOLIO_SORT_RELEVANCE: break;
    }
    return FOLIO_XSORT_RELEVANCE;
}

static int run_plan(folio_results *res, folio_db *db, const folio_plan *plan, const folio_search_options *opts)
{
    if (!plan->query)
        return 0;
    unsigned wanted = opts->offset + opts->limit;
    folio_xrun_options run = {
        .offset = opts->offset,
        .limit = opts->limit,
        .check_at_least = wanted > FOLIO_EXACT_TOTAL_UP_TO ? wanted : FOLIO_EXACT_TOTAL_UP_TO,
        .sort = xapian_sort(opts->sort),
        .sort_slot = FOLIO_SLOT_DATE,
        .tiebreak_slot = FOLIO_SLOT_ID,
        .bm25_k1 = FOLIO_BM25_K1,
        .bm25_b = FOLIO_BM25_B,
    };
    run_ctx ctx = {res, db, plan, opts};
    folio_xtotals totals;
    int rc = folio_xdb_run(db->x, plan->query, &run, add_hit, &ctx, &totals);
    if (rc < 0)
        return rc;
    res->exact = totals.lower_bound == totals.upper_bound;
    res->total = totals.lower_bound;
    return 0;
}

int folio_search(folio_results **out, folio_db *db, const char *query, const folio_search_options *opts)
{
    folio_search_options defaults = FOLIO_SEARCH_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    *out = NULL;
    if (!query)
        return folio_error_set(FOLIO_EINVALID, "no query given");
    if (opts->offset > UINT32_MAX / 2 || opts->limit > UINT32_MAX / 2)
        return folio_error_set(FOLIO_EINVALID, "offset or limit too large");
    folio_results *res = calloc(1, sizeof *res);
    if (!res)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    res->exact = 1;
    folio_parse_options popts = {opts->syntax, (const char *const *)db->keyword_fields, db->nkeyword_fields};
    folio_qnode *root = NULL;
    folio_plan plan;
    int rc = folio_query_parse(&root, query, strlen(query), &popts);
    if (rc >= 0)
        rc = folio_plan_build(&plan, db, root, FOLIO_DEFAULT_MAX_EXPANSION);
    if (rc >= 0) {
        rc = run_plan(res, db, &plan, opts);
        folio_plan_clear(&plan);
    }
    folio_query_free(root);
    if (rc < 0) {
        folio_results_free(res);
        return rc;
    }
    *out = res;
    return 0;
}

size_t folio_results_count(const folio_results *res)
{
    return res->n;
}

const folio_hit *folio_results_hit(const folio_results *res, size_t i)
{
    return i < res->n ? &res->hits[i] : NULL;
}

uint64_t folio_results_total(const folio_results *res, int *out_exact)
{
    if (out_exact)
        *out_exact = res->exact;
    return res->total;
}

void folio_results_free(folio_results *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->n; i++) {
        folio_doc_free(res->docs[i]);
        folio_snippet_clear(&res->snippets[i]);
    }
    free(res->hits);
    free(res->docs);
    free(res->snippets);
    free(res);
}
