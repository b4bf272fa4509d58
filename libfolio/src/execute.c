/* execute.c — folio_search(), folio_search_like() and their results (folio.h "Search"): parse (or, for
 * articles like one, similar.h), plan, run, make snippets. */
#include "boosts.h"
#include "db.h"
#include "doc.h"
#include "duplicate.h"
#include "error.h"
#include "language.h"
#include "expansion.h"
#include "plan.h"
#include "query.h"
#include "record_store.h"
#include "schema.h"
#include "similar.h"
#include "snippet.h"
#include "suggest.h"
#include "text.h"
#include "typo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The ranking's parameters (BM25, the relax rule, feedback) are db->ranking (ranking.h). */
/* Facet fields one search may count. */
#define FOLIO_MAX_FACETS 16

/* The values counted for one facet field. */
/* "page=4294967295" and a NUL. */
#define PAGE_ANCHOR_BYTES 16

typedef struct facet {
    folio_facet_value *values; /* values[i].value owned */
    size_t n, cap;
} facet;

struct folio_results {
    folio_hit *hits;
    folio_doc **docs;          /* the stored record behind each hit (owns its strings) */
    folio_snippet *snippets;   /* owns each hit's snippet */
    folio_snippet *titles;     /* owns each hit's highlighted title */
    char (*page_anchors)[PAGE_ANCHOR_BYTES]; /* a paged document's anchor, "page=N" */
    char (*dup_keys)[FOLIO_DUPLICATE_KEY_BYTES]; /* collapse: each hit's near-duplicate key ("": none) */
    char ***dup_ids;           /* collapse: the ids of each hit's duplicates (owned), or NULL */
    size_t n, cap;
    uint64_t total;
    int exact;
    uint64_t distinct; /* the total once collapsed */
    int distinct_exact;
    int expansion_capped;
    char *parsed;
    char *suggestion; /* did-you-mean, or NULL */
    char *corrected_query; /* typo tolerance: what was searched, or NULL */
    char **missing_shards; /* names of shards left out, NULL-terminated (NULL when none) */
    facet *facets; /* one per requested facet field */
    size_t nfacets;
};

typedef struct run_ctx {
    folio_results *res;
    folio_db *db;
    const folio_plan *plan;
    const folio_search_options *opts;
    folio_buf record; /* working space for reading stored records */
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
    folio_snippet *t = realloc(r->titles, cap * sizeof *t);
    if (t)
        r->titles = t;
    char(*a)[PAGE_ANCHOR_BYTES] = realloc(r->page_anchors, cap * sizeof *a);
    if (a)
        r->page_anchors = a;
    char(*k)[FOLIO_DUPLICATE_KEY_BYTES] = realloc(r->dup_keys, cap * sizeof *k);
    if (k)
        r->dup_keys = k;
    char ***ids = realloc(r->dup_ids, cap * sizeof *ids);
    if (ids)
        r->dup_ids = ids;
    if (!h || !d || !s || !t || !a || !k || !ids)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    r->cap = cap;
    return 0;
}

/* The language tag a hit shows: its own, else the code of the database's language (NULL for "none"). */
static const char *hit_language(const folio_doc *doc, const folio_db *db)
{
    const char *tag = folio_language_tag_of_doc(doc);
    return tag ? tag : folio_language_code(db->language);
}

/* Keeps the stored record of a hit; its snippet is made once the search knows its final plan. */

static int add_hit(void *ctx, double weight, const char *data, size_t len, const folio_xgroup *group)
{
    run_ctx *c = ctx;
    folio_results *r = c->res;
    int rc = results_grow(r);
    if (rc < 0)
        return rc;
    folio_doc *doc;
    if ((rc = folio_record_read(&doc, &c->record, data, len)) < 0)
        return rc;
    const char *title = doc->text[FOLIO_FIELD_TITLE];
    r->docs[r->n] = doc;
    r->snippets[r->n] = (folio_snippet){NULL, NULL, 0, 0};
    r->titles[r->n] = (folio_snippet){NULL, NULL, 0, 0};
    r->dup_ids[r->n] = NULL;
    r->dup_keys[r->n][0] = '\0';
    if (group && group->key_len < FOLIO_DUPLICATE_KEY_BYTES) {
        memcpy(r->dup_keys[r->n], group->key, group->key_len);
        r->dup_keys[r->n][group->key_len] = '\0';
    }
    r->hits[r->n] = (folio_hit){
        .rank = c->opts->offset + (unsigned)r->n + 1,
        .score = weight,
        .id = doc->text[FOLIO_FIELD_ID] ? doc->text[FOLIO_FIELD_ID] : "",
        .title = title ? title : "",
        .date = doc->text[FOLIO_FIELD_DATE],
        .url = doc->text[FOLIO_FIELD_URL],
        .snippet = "",
        .lang = hit_language(doc, c->db),
        .duplicates = group && r->dup_keys[r->n][0] ? group->collapsed : 0,
    };
    r->n++;
    return 0;
}

/* Highlights what the plan matched in a hit's title: a snippet of all of it (a bad byte may grow to
 * U+FFFD's three, so three bytes a byte always fit). Its spans are offsets in the snippet's normalized
 * text, so they are kept only where that text is the stored title itself; any other title (control
 * characters, bad UTF-8, runs of white space, over a snippet piece) stays as stored, unhighlighted, for
 * each front end to show safely in its own way. */
static int highlight_title(folio_hit *hit, folio_snippet *title, folio_db *db, const folio_plan *plan)
{
    size_t len = strlen(hit->title);
    if (!len || len > FOLIO_SNIPPET_PIECE_BYTES)
        return 0;
    int rc = folio_snippet_make(title, db->an, hit->title, len, plan->matches, plan->nmatches, 3 * len);
    if (rc < 0)
        return rc;
    if (title->text && strcmp(title->text, hit->title) == 0) {
        hit->title_highlights = title->spans;
        hit->title_highlight_count = title->nspans;
    } else {
        folio_snippet_clear(title);
    }
    return 0;
}

/* The snippet and title highlights of hit i. */
static int make_snippet(folio_results *r, size_t i, folio_db *db, const folio_plan *plan, size_t snippet_bytes)
{
    const folio_doc *doc = r->docs[i];
    const char *body = doc->text[FOLIO_FIELD_BODY] ? doc->text[FOLIO_FIELD_BODY] : "";
    size_t body_len = doc->text[FOLIO_FIELD_BODY] ? doc->text_len[FOLIO_FIELD_BODY] : 0;
    folio_snippet *snip = &r->snippets[i];
    int rc = folio_snippet_make(snip, db->an, body, body_len, plan->matches, plan->nmatches, snippet_bytes);
    /* A body without a match (the title matched) shows the page's own summary, if it has one. */
    const char *description = folio_doc_get(doc, "description");
    if (rc >= 0 && snip->nspans && doc->nsections) {
        const char *anchor;
        r->hits[i].section = folio_doc_section_of(doc, snip->page_breaks, &anchor);
        r->hits[i].anchor = anchor && *anchor ? anchor : NULL;
    }
    if (rc >= 0 && snip->nspans == 0 && description) {
        folio_snippet_clear(snip);
        rc = folio_snippet_make(snip, db->an, description, strlen(description), plan->matches,
                                plan->nmatches, snippet_bytes);
    }
    if (rc < 0)
        return rc;
    r->hits[i].snippet = snip->text ? snip->text : "";
    if (folio_doc_get(doc, "pages") && !r->hits[i].anchor) {
        /* A PDF's anchor is its page, as PDF viewers open url#page=N. */
        r->hits[i].page = snip->page_breaks + 1;
        snprintf(r->page_anchors[i], PAGE_ANCHOR_BYTES, "page=%u", r->hits[i].page);
        r->hits[i].anchor = r->page_anchors[i];
    }
    r->hits[i].highlights = snip->spans;
    r->hits[i].highlight_count = snip->nspans;
    return highlight_title(&r->hits[i], &r->titles[i], db, plan);
}

/* Gives every hit its snippet of the body, highlighting what the plan matched. */
static int make_snippets(folio_results *r, folio_db *db, const folio_plan *plan, size_t snippet_bytes)
{
    /* Each hit's words are read in its own language, as it was indexed. */
    const char *database_language = folio_analyzer_language(db->an);
    int rc = 0;
    for (size_t i = 0; rc >= 0 && i < r->n && snippet_bytes; i++) {
        const folio_doc *doc = r->docs[i];
        if ((rc = folio_analyzer_use(db->an, folio_language_of_doc(doc, database_language))) >= 0)
            rc = make_snippet(r, i, db, plan, snippet_bytes);
    }
    int back = folio_analyzer_use(db->an, database_language);
    return rc < 0 ? rc : back;
}

/* Drops the hits and facet counts of a run, so that the search can run again with another plan. */
static void results_clear_run(folio_results *r)
{
    for (size_t i = 0; i < r->n; i++) {
        folio_doc_free(r->docs[i]);
        folio_snippet_clear(&r->snippets[i]);
        folio_snippet_clear(&r->titles[i]);
        for (size_t k = 0; r->dup_ids[i] && r->dup_ids[i][k]; k++)
            free(r->dup_ids[i][k]);
        free(r->dup_ids[i]);
    }
    r->n = 0;
    for (size_t i = 0; i < r->nfacets && r->facets; i++) {
        for (size_t v = 0; v < r->facets[i].n; v++)
            free((char *)r->facets[i].values[v].value);
        r->facets[i].n = 0;
    }
}

static int facet_add(facet *f, const char *value, size_t len, uint64_t count)
{
    for (size_t i = 0; i < f->n; i++) {
        if (strlen(f->values[i].value) == len && memcmp(f->values[i].value, value, len) == 0) {
            f->values[i].count += count;
            return 0;
        }
    }
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        folio_facet_value *v = realloc(f->values, cap * sizeof *v);
        if (!v)
            return folio_error_set(FOLIO_ENOMEM, "out of memory");
        f->values = v;
        f->cap = cap;
    }
    char *copy = folio_text_copy(value, len);
    if (!copy)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    f->values[f->n++] = (folio_facet_value){copy, count};
    return 0;
}

/* A slot value holds all of a document's values of the field: each one counts for the document. */
static int add_count(void *ctx, size_t slot_index, const char *value, size_t len, uint64_t count)
{
    run_ctx *c = ctx;
    facet *f = &c->res->facets[slot_index];
    while (len) {
        const char *sep = memchr(value, FOLIO_KEYWORD_SEPARATOR, len);
        size_t part = sep ? (size_t)(sep - value) : len;
        int rc = facet_add(f, value, part, count);
        if (rc < 0)
            return rc;
        value += part;
        len -= part;
        if (sep) {
            value++;
            len--;
        }
    }
    return 0;
}

static int by_count_then_value(const void *a, const void *b)
{
    const folio_facet_value *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

static folio_xsort xapian_sort(folio_sort sort)
{
    switch (sort) {
    case FOLIO_SORT_DATE:
    case FOLIO_SORT_DATE_DESC: return FOLIO_XSORT_VALUE; /* the slot's key holds the direction */
    case FOLIO_SORT_RELEVANCE: break;
    }
    return FOLIO_XSORT_RELEVANCE;
}

/* The options of a run ranked as db ranks (BM25 or another scheme, ties by id); the caller sets the rest. */
static folio_xrun_options ranked_run(const folio_db *db)
{
    const folio_ranking *r = &db->ranking;
    return (folio_xrun_options){.tiebreak_slot = FOLIO_SLOT_ID,
                                .bm25_k1 = r->k1,
                                .bm25_b = r->b,
                                .bm25plus_delta = r->bm25plus_delta,
                                .scheme = r->scheme,
                                .scheme_param = r->scheme_param};
}

/* A total from its bounds: exact when they meet. Past the exact range every page reports the same
 * lower bound, whatever it had to check. */
static void exact_or_bound(uint64_t *total, int *exact, uint64_t lower, uint64_t upper,
                           const folio_search_options *opts)
{
    *exact = lower == upper;
    *total = lower;
    if (!opts->exact_total && (!*exact || *total > FOLIO_EXACT_TOTAL_UP_TO)) {
        *exact = 0;
        *total = FOLIO_EXACT_TOTAL_UP_TO;
    }
}

/* Runs the plan for its page of hits, checking at least FOLIO_EXACT_TOTAL_UP_TO matches so that the
 * total is exact up to there. (Checking only what the page needs, and counting with a second weightless
 * run, was tried: Xapian 1.4's top-k pruning then ranked an OR query of title-weighted terms differently
 * on one database and on the same documents in shards, so the exact ranking is kept.) No hit is read
 * when fewer than `hits_from_total` documents match. */
static int run_plan(folio_results *res, folio_db *db, const folio_plan *plan, const folio_search_options *opts,
                    const folio_boosts *boosts, unsigned hits_from_total)
{
    if (!plan->query)
        return 0;
    unsigned wanted = opts->offset + opts->limit;
    unsigned check_at_least = wanted > FOLIO_EXACT_TOTAL_UP_TO ? wanted : FOLIO_EXACT_TOTAL_UP_TO;
    unsigned slots[FOLIO_MAX_FACETS];
    for (size_t i = 0; i < opts->facet_count; i++)
        slots[i] = folio_schema_keyword_slot(opts->facets[i]);
    if (opts->exact_total || opts->facet_count) {
        /* Every match must be checked: to count them all, and for facets over all of them. */
        uint64_t docs;
        int rc = folio_xdb_doc_count(db->x, &docs);
        if (rc < 0)
            return rc;
        check_at_least = docs > UINT32_MAX ? UINT32_MAX : (unsigned)docs;
    }
    folio_xrun_options run = ranked_run(db);
    run.offset = opts->offset;
    run.limit = opts->limit;
    run.check_at_least = check_at_least;
    run.sort = xapian_sort(opts->sort);
    run.sort_slot = opts->sort == FOLIO_SORT_DATE_DESC ? FOLIO_SLOT_DATE_DESC : FOLIO_SLOT_DATE_ASC;
    run.count_slots = slots;
    run.ncount_slots = opts->facet_count;
    run.hits_from_total = hits_from_total;
    run.record_slot = FOLIO_SLOT_RECORD;
    run.half_life = boosts->half_life;
    run.now = (double)time(NULL);
    run.date_slot = FOLIO_SLOT_DATE;
    run.rerank_depth = FOLIO_RECENCY_DEPTH;
    run.collapse = opts->collapse;
    run.collapse_slot = FOLIO_SLOT_DUPLICATE;
    run_ctx ctx = {res, db, plan, opts, FOLIO_BUF_INIT};
    folio_xtotals totals;
    int rc = folio_xdb_run(db->x, plan->query, &run, add_hit, add_count, &ctx, &totals);
    folio_buf_free(&ctx.record);
    if (rc < 0)
        return rc;
    exact_or_bound(&res->total, &res->exact, totals.lower_bound, totals.upper_bound, opts);
    exact_or_bound(&res->distinct, &res->distinct_exact, totals.distinct_lower_bound, totals.distinct_upper_bound,
                   opts);
    for (size_t i = 0; i < res->nfacets; i++) {
        facet *f = &res->facets[i];
        if (f->n > 1)
            qsort(f->values, f->n, sizeof *f->values, by_count_then_value);
    }
    return 0;
}

/* The ids of the hits' duplicates, as a run hands them over (record_slot FOLIO_SLOT_ID). */
typedef struct duplicates_run {
    folio_results *res;
    int *own_met; /* per hit: its own id was met among its group */
} duplicates_run;

static int add_duplicate_id(void *ctx, double weight, const char *id, size_t len, const folio_xgroup *group)
{
    (void)weight;
    duplicates_run *d = ctx;
    folio_results *r = d->res;
    for (size_t i = 0; i < r->n; i++) {
        folio_hit *hit = &r->hits[i];
        if (!hit->duplicates || strlen(r->dup_keys[i]) != group->key_len ||
            memcmp(r->dup_keys[i], group->key, group->key_len) != 0)
            continue;
        if (!d->own_met[i] && strlen(hit->id) == len && memcmp(hit->id, id, len) == 0) {
            d->own_met[i] = 1;
            return 0;
        }
        if (hit->duplicate_id_count == FOLIO_DUPLICATE_IDS_MAX)
            return 0;
        if (!(r->dup_ids[i][hit->duplicate_id_count] = folio_text_copy(id, len)))
            return folio_error_set(FOLIO_ENOMEM, "out of memory");
        hit->duplicate_id_count++;
        return 0;
    }
    return 0;
}

/* Names the duplicates collapsed into the hits: one run of the plan's matches that share a hit's
 * near-duplicate key (the terms XH<key>), collapsed to the best FOLIO_DUPLICATE_IDS_MAX + 1 of each key
 * (the hit itself among them), by relevance. */
static int list_duplicates(folio_results *res, folio_db *db, const folio_plan *plan)
{
    size_t groups = 0;
    for (size_t i = 0; i < res->n; i++)
        groups += res->hits[i].duplicates > 0;
    if (!groups || !plan->query)
        return 0;
    folio_xquery **keys = calloc(groups, sizeof *keys);
    int *own_met = calloc(res->n, sizeof *own_met);
    int rc = keys && own_met ? 0 : folio_error_set(FOLIO_ENOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < res->n && rc >= 0; i++) {
        if (!res->hits[i].duplicates)
            continue;
        char term[sizeof FOLIO_DUPLICATE_TERM_PREFIX + FOLIO_DUPLICATE_KEY_BYTES];
        snprintf(term, sizeof term, "%s%s", FOLIO_DUPLICATE_TERM_PREFIX, res->dup_keys[i]);
        keys[k++] = folio_xquery_term(term, strlen(term));
        res->dup_ids[i] = calloc(FOLIO_DUPLICATE_IDS_MAX + 1, sizeof(char *));
        res->hits[i].duplicate_ids = (const char *const *)res->dup_ids[i];
        if (!res->dup_ids[i])
            rc = folio_error_set(FOLIO_ENOMEM, "out of memory");
    }
    folio_xquery *q = NULL;
    if (rc >= 0) {
        folio_xquery *any_key = folio_xquery_combine(FOLIO_XOP_OR, keys, k, 0); /* takes the terms */
        free(keys);
        keys = NULL;
        folio_xquery *pair[2] = {folio_xquery_copy(plan->query), any_key};
        if (!(q = folio_xquery_combine(FOLIO_XOP_FILTER, pair, 2, 0)))
            rc = FOLIO_ENOMEM; /* the constructor that failed said so */
    }
    folio_xrun_options run = ranked_run(db);
    run.limit = (unsigned)groups * (FOLIO_DUPLICATE_IDS_MAX + 1);
    run.record_slot = FOLIO_SLOT_ID;
    run.collapse = 1;
    run.collapse_slot = FOLIO_SLOT_DUPLICATE;
    run.collapse_max = FOLIO_DUPLICATE_IDS_MAX + 1;
    duplicates_run d = {res, own_met};
    if (rc >= 0)
        rc = folio_xdb_run(db->x, q, &run, add_duplicate_id, NULL, &d, NULL);
    folio_xquery_free(q);
    for (size_t i = 0; keys && i < k; i++)
        folio_xquery_free(keys[i]);
    free(keys);
    free(own_met);
    return rc;
}

/* The exact number of matches of plan, or `limit` when there are at least that many. */
static int count_up_to(uint64_t *out, folio_db *db, const folio_plan *plan, unsigned limit)
{
    *out = 0;
    if (!plan->query)
        return 0;
    folio_xrun_options run = {.check_at_least = limit, .count_only = 1};
    folio_xtotals totals;
    int rc = folio_xdb_run(db->x, plan->query, &run, NULL, NULL, NULL, &totals);
    if (rc >= 0)
        *out = totals.lower_bound < limit ? totals.lower_bound : limit;
    return rc;
}

static unsigned max_expansion(const folio_search_options *opts)
{
    return opts->max_expansion ? opts->max_expansion : FOLIO_DEFAULT_MAX_EXPANSION;
}

/* Pseudo-relevance feedback for a relaxed query of plain words (sizes in ranking.h): the best terms of
 * its top documents add weight to the documents that hold them (AND_MAYBE), each term weighed by its
 * expansion weight relative to the best one. They re-rank; the matches stay those of the query's own
 * words. Fewer than prf_min_matches matches are too few to learn from (the terms would drift off the
 * query); a relaxed query of fewer than prf_min_words content words (two rare words that never meet)
 * serves keywords, not a question, and keeps the ranking of its words, and its speed. */
static int add_feedback(folio_db *db, folio_plan *plan)
{
    const folio_ranking *r = &db->ranking;
    folio_xrun_options run = ranked_run(db);
    run.expand_bo1 = r->prf_bo1;
    run.expand_min_share = r->prf_min_share;
    folio_expansion f;
    int rc = folio_expansion_init(&f, r->prf_terms, r->prf_skip_stopwords ? db->language : NULL);
    /* Room for the stopwords skipped among the candidates. */
    unsigned candidates = r->prf_skip_stopwords ? 2 * r->prf_terms : r->prf_terms;
    if (rc >= 0)
        rc = folio_xdb_expand(db->x, plan->query, &run, r->prf_docs, candidates, folio_expansion_add, &f,
                              &plan->feedback_docs);
    if (rc >= 0 && f.n) {
        plan->feedback_terms = f.n;
        folio_xquery *pair[2] = {plan->query, folio_expansion_query(&f, r->prf_alpha)};
        plan->query = folio_xquery_combine(FOLIO_XOP_AND_MAYBE, pair, 2, 0);
        if (!plan->query)
            rc = FOLIO_ENOMEM;
    }
    folio_expansion_free(&f);
    return rc;
}

/* How a query of `opts` is planned: its words required, or `relaxed` to any of them. */
static int plan_options(folio_plan_options *out, folio_db *db, const folio_search_options *opts,
                        const folio_boosts *boosts, int relaxed)
{
    *out = (folio_plan_options){max_expansion(opts), relaxed, boosts->field, NULL, opts->language};
    return opts->synonyms ? folio_db_synonyms(&out->synonyms, db) : 0;
}

/* Parses `query`, corrects its `which` typos (opts->typo) and plans it with its words required; with
 * FOLIO_TYPO_RARE_WORDS only a corrected query is planned (the query as typed has its plan already). The
 * caller owns *root, *plan and *corrected (the corrected query text or NULL), which are empty on failure. */
static int prepare(folio_qnode **root, folio_plan *plan, char **corrected, folio_db *db, const char *query,
                   const folio_search_options *opts, const folio_boosts *boosts, folio_typo_words which)
{
    *root = NULL;
    *corrected = NULL;
    memset(plan, 0, sizeof *plan);
    if (!query)
        return folio_error_set(FOLIO_EINVALID, "no query given");
    folio_parse_options popts = {opts->syntax, (const char *const *)db->keyword_fields, db->nkeyword_fields};
    folio_plan_options po;
    int rc = folio_query_parse(root, query, strlen(query), &popts);
    if (rc >= 0)
        rc = plan_options(&po, db, opts, boosts, 0);
    if (rc >= 0 && opts->typo)
        rc = folio_typo_correct_query(corrected, db, *root, query, which, po.synonyms);
    if (rc >= 0 && (which == FOLIO_TYPO_ABSENT_WORDS || *corrected))
        rc = folio_plan_build(plan, db, *root, &po);
    if (rc < 0) {
        folio_query_free(*root);
        *root = NULL;
        free(*corrected);
        *corrected = NULL;
    }
    return rc;
}

/* The hits to read of a plan's run: none below ranking.relax_below matches when it may be relaxed. */
static unsigned hits_from_total(const folio_db *db, const folio_plan *plan)
{
    return plan->plain_words > 1 ? db->ranking.relax_below : 0;
}

/* Whether typo tolerance should look at the rare words of a query of plain words: it has fewer than
 * ranking.relax_below matches (`matches`, exact below that), its absent words already corrected. */
static int few_matches(const folio_db *db, const folio_search_options *opts, const folio_plan *plan,
                       uint64_t matches)
{
    return opts->typo && plan->plain_words && matches < db->ranking.relax_below;
}

/* Typo tolerance for a query with few_matches(): its rare words corrected to far more frequent ones
 * (FOLIO_TYPO_RARE_WORDS), taken when the corrected query has at least ranking.relax_below matches.
 * Taken, *root, *plan and *corrected become the corrected query's (the old ones freed) and *took is 1;
 * else all stay as they are and *took is 0. */
static int correct_rare_words(int *took, folio_qnode **root, folio_plan *plan, char **corrected, folio_db *db,
                              const char *query, const folio_search_options *opts, const folio_boosts *boosts)
{
    folio_qnode *fixed_root;
    folio_plan fixed;
    char *fixed_text;
    *took = 0;
    int rc = prepare(&fixed_root, &fixed, &fixed_text, db, *corrected ? *corrected : query, opts, boosts,
                     FOLIO_TYPO_RARE_WORDS);
    uint64_t matches = 0;
    if (rc >= 0 && fixed_text)
        rc = count_up_to(&matches, db, &fixed, db->ranking.relax_below);
    if (rc >= 0 && fixed_text && matches >= db->ranking.relax_below) {
        folio_query_free(*root);
        folio_plan_clear(plan);
        free(*corrected);
        *root = fixed_root;
        *plan = fixed;
        *corrected = fixed_text;
        *took = 1;
        return 0;
    }
    folio_query_free(fixed_root);
    folio_plan_clear(&fixed);
    free(fixed_text);
    return rc;
}

/* Whether a plan of plain words whose words are all required should be relaxed to any of them: fewer
 * than ranking.relax_below documents hold them all. `matches` must be exact below that (so every layout of
 * the index decides alike). */
static int should_relax(const folio_db *db, const folio_plan *plan, uint64_t matches)
{
    return plan->plain_words > 1 && matches < db->ranking.relax_below;
}

/* Replaces *plan by the relaxed plan of `root` (any of its words), with pseudo-relevance feedback for
 * the relaxed natural-language questions it was measured on; a short query keeps the ranking of its own
 * words, and its speed. */
static int relax(folio_plan *plan, folio_db *db, const folio_qnode *root, const folio_search_options *opts,
                 const folio_boosts *boosts)
{
    folio_plan_clear(plan);
    folio_plan_options po;
    int rc = plan_options(&po, db, opts, boosts, 1);
    if (rc >= 0)
        rc = folio_plan_build(plan, db, root, &po);
    uint64_t matches;
    const folio_ranking *r = &db->ranking;
    if (rc >= 0 && r->prf_docs && plan->plain_words >= r->prf_min_words && plan->query &&
        (rc = count_up_to(&matches, db, plan, r->prf_min_matches)) >= 0 && matches >= r->prf_min_matches)
        rc = add_feedback(db, plan);
    return rc;
}

static const folio_search_options default_options = FOLIO_SEARCH_OPTIONS_INIT;

/* Checks the caller's options; NULL stands for the defaults. */
static int check_options(const folio_search_options **optsp)
{
    if (!*optsp)
        *optsp = &default_options;
    const folio_search_options *opts = *optsp;
    if (opts->version != FOLIO_SEARCH_OPTIONS_VERSION)
        return folio_error_set(FOLIO_EINVALID,
                               "folio_search_options version %u, this libfolio reads version %d (initialise "
                               "the options with FOLIO_SEARCH_OPTIONS_INIT)",
                               opts->version, FOLIO_SEARCH_OPTIONS_VERSION);
    if (opts->offset > UINT32_MAX / 2 || opts->limit > UINT32_MAX / 2)
        return folio_error_set(FOLIO_EINVALID, "offset or limit too large");
    if (opts->language && (!*opts->language || strlen(opts->language) > FOLIO_MAX_KEYWORD_BYTES))
        return folio_error_set(FOLIO_EINVALID, "a language is a tag of 1 to %d bytes", FOLIO_MAX_KEYWORD_BYTES);
    if (opts->facet_count > FOLIO_MAX_FACETS)
        return folio_error_set(FOLIO_EINVALID, "at most %d facets", FOLIO_MAX_FACETS);
    for (size_t i = 0; i < opts->facet_count; i++)
        if (folio_field_lookup(opts->facets[i]) >= 0)
            return folio_error_set(FOLIO_EINVALID, "'%s' is not a keyword field: facets count keyword fields",
                                   opts->facets[i]);
    return 0;
}

/* The recency and field boosts of a query: its own (opts->recency, opts->boost), else the database's. */
static int query_boosts(folio_boosts *out, const folio_db *db, const folio_search_options *opts)
{
    *out = db->boosts;
    int rc = opts->recency ? folio_recency_parse(&out->half_life, opts->recency) : 0;
    if (rc >= 0 && opts->boost) {
        memcpy(out->field, folio_boosts_none.field, sizeof out->field);
        rc = folio_boost_parse(out, opts->boost);
    }
    return rc;
}

static int note_missing_shards(folio_results *res, folio_db *db)
{
    size_t n = folio_xdb_missing_count(db->x);
    if (n == 0)
        return 0;
    res->missing_shards = calloc(n + 1, sizeof *res->missing_shards);
    if (!res->missing_shards)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const char *name = folio_xdb_missing_name(db->x, i);
        res->missing_shards[i] = malloc(strlen(name) + 1);
        if (!res->missing_shards[i])
            return folio_error_set(FOLIO_ENOMEM, "out of memory");
        strcpy(res->missing_shards[i], name);
    }
    return 0;
}

/* Empty results, with room for the facets asked for; NULL when out of memory. */
static folio_results *results_new(const folio_search_options *opts)
{
    folio_results *res = calloc(1, sizeof *res);
    if (res) {
        res->exact = 1;
        res->distinct_exact = 1;
        res->nfacets = opts->facet_count;
        res->facets = calloc(opts->facet_count + 1, sizeof *res->facets);
    }
    if (res && !res->facets) {
        free(res);
        return NULL;
    }
    return res;
}

int folio_search(folio_results **out, folio_db *db, const char *query, const folio_search_options *opts)
{
    *out = NULL;
    int rc = check_options(&opts);
    if (rc < 0)
        return rc;
    folio_results *res = results_new(opts);
    if (!res)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    folio_qnode *root = NULL;
    folio_plan plan;
    folio_boosts boosts;
    rc = query_boosts(&boosts, db, opts);
    if (rc >= 0)
        rc = prepare(&root, &plan, &res->corrected_query, db, query, opts, &boosts, FOLIO_TYPO_ABSENT_WORDS);
    else
        memset(&plan, 0, sizeof plan);
    if (rc >= 0) {
        /* The run checks at least FOLIO_EXACT_TOTAL_UP_TO matches, so a small total is exact; the hits of
         * a plan about to be relaxed are not even read. */
        rc = run_plan(res, db, &plan, opts, &boosts, hits_from_total(db, &plan));
        int took = 0;
        if (rc >= 0 && few_matches(db, opts, &plan, res->total))
            rc = correct_rare_words(&took, &root, &plan, &res->corrected_query, db, query, opts, &boosts);
        if (rc >= 0 && took) {
            results_clear_run(res);
            rc = run_plan(res, db, &plan, opts, &boosts, hits_from_total(db, &plan));
        }
        folio_buf parsed = FOLIO_BUF_INIT;
        if (root)
            folio_query_format(&parsed, root);
        res->parsed = folio_buf_detach(&parsed);
        if (rc >= 0 && !res->parsed)
            rc = folio_error_set(FOLIO_ENOMEM, "out of memory");
        if (rc >= 0 && should_relax(db, &plan, res->total)) {
            results_clear_run(res);
            if ((rc = relax(&plan, db, root, opts, &boosts)) >= 0)
                rc = run_plan(res, db, &plan, opts, &boosts, 0);
        }
        res->expansion_capped = plan.expansion_capped;
        if (rc >= 0)
            rc = make_snippets(res, db, &plan, opts->snippet_bytes);
        if (rc >= 0)
            rc = list_duplicates(res, db, &plan);
        folio_plan_clear(&plan);
    }
    folio_query_free(root);
    if (rc >= 0)
        rc = note_missing_shards(res, db);
    const folio_synonyms *synonyms = NULL;
    if (rc >= 0 && opts->spelling && !res->corrected_query && opts->synonyms)
        rc = folio_db_synonyms(&synonyms, db);
    if (rc >= 0 && opts->spelling && !res->corrected_query) /* corrected: the results are what it would offer */
        rc = folio_didyoumean(&res->suggestion, db, query, synonyms);
    if (rc < 0) {
        folio_results_free(res);
        return rc;
    }
    *out = res;
    return 0;
}

int folio_search_like(folio_results **out, folio_db *db, const char *id, const folio_search_options *opts)
{
    *out = NULL;
    int rc = check_options(&opts);
    if (rc < 0)
        return rc;
    if (!id || !*id)
        return folio_error_set(FOLIO_EINVALID, "no document id given");
    folio_results *res = results_new(opts);
    if (!res)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    folio_plan plan;
    folio_boosts boosts;
    memset(&plan, 0, sizeof plan);
    if ((rc = query_boosts(&boosts, db, opts)) >= 0 && (rc = folio_similar_plan(&plan, db, id)) >= 0 &&
        (rc = run_plan(res, db, &plan, opts, &boosts, 0)) >= 0 &&
        (rc = make_snippets(res, db, &plan, opts->snippet_bytes)) >= 0 &&
        (rc = list_duplicates(res, db, &plan)) >= 0)
        rc = note_missing_shards(res, db);
    folio_plan_clear(&plan);
    if (rc < 0) {
        folio_results_free(res);
        return rc;
    }
    *out = res;
    return 0;
}

/* The boosts part of the "ranking:" line. */
static void explain_boosts(folio_buf *text, const folio_boosts *boosts, folio_sort sort)
{
    const char *sep = "; field boosts:";
    for (int i = 0; i < FOLIO_TEXT_FIELD_COUNT; i++)
        if (boosts->field[i] != 1) {
            folio_buf_printf(text, "%s %s x%g", sep, folio_boosts_field_name(i), boosts->field[i]);
            sep = ",";
        }
    if (boosts->half_life > 0 && sort == FOLIO_SORT_RELEVANCE)
        folio_buf_printf(text, "; recency: relevance x 0.5^(age / %g days), re-ranking the best %d by relevance",
                         boosts->half_life / 86400, FOLIO_RECENCY_DEPTH);
    else if (boosts->half_life > 0)
        folio_buf_puts(text, "; recency: none (results sorted by date)");
}

/* The "ranking:" line of --explain: every component the plan's ranking uses, with its weight. */
static void explain_ranking(folio_buf *text, const folio_db *db, const folio_plan *plan, const folio_boosts *boosts,
                            folio_sort sort, int relaxed)
{
    const folio_ranking *r = &db->ranking;
    static const char *const schemes[] = {"BM25", "DPH", "DLH", "PL2", "InL2", "IfB2", "BB2", "LM Dirichlet", "LM two-stage"};
    if (r->scheme != FOLIO_XSCHEME_BM25)
        folio_buf_printf(text, "\nranking: %s (parameter %g)", schemes[r->scheme], r->scheme_param);
    else
        folio_buf_printf(text, "\nranking: %s k1=%g b=%g", r->bm25plus_delta > 0 ? "BM25+" : "BM25", r->k1, r->b);
    if (r->scheme == FOLIO_XSCHEME_BM25 && r->bm25plus_delta > 0)
        folio_buf_printf(text, " delta=%g", r->bm25plus_delta);
    if (r->title_synonym)
        folio_buf_puts(text, "; a word's title and body occurrences as one term (BM25F-style)");
    double title = boosts->field[folio_boosts_field_index(FOLIO_TEXT_TITLE)];
    if (r->title_weight > 0)
        folio_buf_printf(text, "; title match +%g x a body match", r->title_weight * title);
    explain_boosts(text, boosts, sort);
    if (plan->plain_words > 1)
    {
        if (relaxed)
            folio_buf_printf(text, "; relaxed to any of its %zu words (fewer than %u documents hold them all)",
                             plan->plain_words, r->relax_below);
        else
            folio_buf_printf(text, "; all %zu words required (at least %u documents hold them all)",
                             plan->plain_words, r->relax_below);
    }
    if (plan->phrase_boosted)
        folio_buf_printf(text, "; whole-query phrase +%g", r->phrase_boost);
    if (plan->proximity_pairs) {
        folio_buf_printf(text, "; proximity over %zu word pairs:", plan->proximity_pairs);
        if (r->prox_ordered > 0)
            folio_buf_printf(text, " adjacent in order +%g", r->prox_ordered);
        if (r->prox_unordered > 0)
            folio_buf_printf(text, " within %u positions +%g", r->prox_window, r->prox_unordered);
    }
    if (plan->feedback_terms)
        folio_buf_printf(text,
                         "; feedback: %zu terms (%s) of the top %u documents (of %u, those weighing at least %g of the "
                         "first's), each weighed %g x its share of the best term's",
                         plan->feedback_terms, r->prf_bo1 ? "Bo1" : "Xapian's ESet", plan->feedback_docs, r->prf_docs,
                         r->prf_min_share, r->prf_alpha);
}

int folio_explain(char **out, folio_db *db, const char *query, const folio_search_options *opts)
{
    *out = NULL;
    int rc = check_options(&opts);
    if (rc < 0)
        return rc;
    folio_qnode *root = NULL;
    folio_plan plan;
    char *corrected = NULL;
    folio_boosts boosts;
    memset(&plan, 0, sizeof plan);
    if ((rc = query_boosts(&boosts, db, opts)) >= 0)
        rc = prepare(&root, &plan, &corrected, db, query, opts, &boosts, FOLIO_TYPO_ABSENT_WORDS);
    uint64_t matches = 0;
    int relaxed = 0, took = 0;
    if (rc >= 0 && plan.plain_words)
        rc = count_up_to(&matches, db, &plan, db->ranking.relax_below);
    if (rc >= 0 && few_matches(db, opts, &plan, matches) &&
        (rc = correct_rare_words(&took, &root, &plan, &corrected, db, query, opts, &boosts)) >= 0 && took)
        matches = db->ranking.relax_below; /* what it takes to correct them */
    if (rc >= 0 && should_relax(db, &plan, matches)) {
        relaxed = 1;
        rc = relax(&plan, db, root, opts, &boosts);
    }
    if (rc < 0) {
        folio_plan_clear(&plan);
        folio_query_free(root);
        free(corrected);
        return rc;
    }
    folio_buf text = FOLIO_BUF_INIT;
    if (corrected)
        folio_buf_printf(&text, "corrected: %s (typo tolerance; %s)\n", corrected,
                         took ? "rare words of a query with few matches, to far more frequent ones"
                              : "words the index does not hold");
    free(corrected);
    folio_buf_puts(&text, "parsed: ");
    if (root)
        folio_query_format(&text, root);
    else
        folio_buf_puts(&text, "(empty)");
    folio_buf_puts(&text, "\nxapian: ");
    char *described = NULL;
    if (plan.query && (rc = folio_xquery_describe(plan.query, &described)) >= 0)
        folio_buf_puts(&text, described);
    else if (!plan.query)
        folio_buf_puts(&text, "(matches nothing)");
    if (plan.query)
        explain_ranking(&text, db, &plan, &boosts, opts->sort, relaxed);
    if (plan.synonyms_used)
        folio_buf_printf(&text, "\nsynonyms: %s (each weighs %g as typed, the rest as one term with its synonyms)",
                         plan.synonyms_used, FOLIO_SYNONYM_TYPED_SHARE);
    if (plan.languages_used)
        folio_buf_printf(&text, "\nlanguages: %s (each word one term of its stems in the index's languages)",
                         plan.languages_used);
    if (plan.query && opts->collapse)
        folio_buf_printf(&text, "\ncollapse: of the matches sharing a near-duplicate key (value slot %d), only the "
                                "best ranked is a hit, naming the others",
                         FOLIO_SLOT_DUPLICATE);
    if (plan.synonyms_capped)
        folio_buf_printf(&text, "\nnote: words past the first %d synonyms of the query were left without theirs",
                         FOLIO_SYNONYMS_PER_QUERY);
    if (plan.expansion_capped)
        folio_buf_puts(&text, "\nnote: a prefix expansion was cut at the --max-expansion cap");
    folio_buf_putc(&text, '\n');
    free(described);
    folio_plan_clear(&plan);
    folio_query_free(root);
    if (rc >= 0 && (rc = folio_buf_check(&text)) >= 0)
        *out = folio_buf_detach(&text);
    folio_buf_free(&text);
    return rc;
}

void folio_free(void *p)
{
    free(p);
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

uint64_t folio_results_distinct(const folio_results *res, int *out_exact)
{
    if (out_exact)
        *out_exact = res->distinct_exact;
    return res->distinct;
}

int folio_results_expansion_capped(const folio_results *res)
{
    return res->expansion_capped;
}

int folio_results_partial(const folio_results *res)
{
    return res->missing_shards != NULL;
}

const char *folio_results_missing_shard(const folio_results *res, size_t i)
{
    for (size_t k = 0; res->missing_shards && res->missing_shards[k]; k++)
        if (k == i)
            return res->missing_shards[k];
    return NULL;
}

const char *folio_results_suggestion(const folio_results *res)
{
    return res->suggestion;
}

const char *folio_results_corrected_query(const folio_results *res)
{
    return res->corrected_query;
}

const char *folio_results_parsed(const folio_results *res)
{
    return res->parsed ? res->parsed : "";
}

const folio_facet_value *folio_results_facet(const folio_results *res, size_t i, size_t *out_n)
{
    *out_n = 0;
    if (i >= res->nfacets)
        return NULL;
    *out_n = res->facets[i].n < FOLIO_FACET_TOP ? res->facets[i].n : FOLIO_FACET_TOP;
    return res->facets[i].values;
}

void folio_results_free(folio_results *res)
{
    if (!res)
        return;
    results_clear_run(res);
    for (size_t i = 0; i < res->nfacets && res->facets; i++)
        free(res->facets[i].values);
    free(res->facets);
    free(res->parsed);
    free(res->suggestion);
    free(res->corrected_query);
    for (size_t i = 0; res->missing_shards && res->missing_shards[i]; i++)
        free(res->missing_shards[i]);
    free(res->missing_shards);
    free(res->hits);
    free(res->docs);
    free(res->snippets);
    free(res->titles);
    free(res->page_anchors);
    free(res->dup_keys);
    free(res->dup_ids);
    free(res);
}
