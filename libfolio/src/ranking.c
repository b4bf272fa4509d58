/* ranking.c — see ranking.h. */
#include "ranking.h"

#include "error.h"
#include "folio.h"
#include "xapian_wrap.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Each value was kept only when it raised the mean over the five judged collections of ../shared/eval
 * and cost none of them more than 1% of MAP or nDCG@10 (README "Ranking": the ablation and the
 * leave-one-collection-out figures). */
const folio_ranking folio_ranking_defaults = {
    .k1 = 1.2,
    .b = 0.75, /* 0.6 scored 0.3% higher on the mean, not steadily (one fold of five chose 0.75), and made
                * every kind of bench/batch query 5% slower (Xapian's weight bounds prune less) */
    .bm25plus_delta = 0,
    .scheme = 0, /* BM25 */
    .scheme_param = 0,
    .title_weight = 0.5,
    .title_synonym = 0,
    .phrase_boost = 1.0,
    .prox_ordered = 0,
    .prox_unordered = 0.1, /* ordered adjacent pairs added nothing over it; weight 0.2 was too much */
    .prox_window = 8,      /* SDM's unordered window; 4 and 16 both lost */
    .prox_min_words = 2,
    .prf_docs = 10, /* candidates: prf_min_share decides how many feed back */
    .prf_terms = 10,
    .prf_min_words = 4,
    .prf_min_matches = 10,
    .prf_alpha = 0.5,
    .prf_bo1 = 0,
    .prf_min_share = 0.8, /* a claim with one relevant abstract (scifact) learnt off-topic terms from
                           * the four below it; all ten fed back on every collection lost more */
    .prf_skip_stopwords = 0,
    .repeat_power = 1,
    .drop_stopwords = 1,
    .relax_below = 10,
};

typedef enum { REAL, COUNT, FLAG } kind;

typedef struct param {
    const char *name;
    kind kind;
    size_t offset;
    double lo, hi;
} param;

#define P(field, k, lo, hi) {#field, k, offsetof(folio_ranking, field), lo, hi}
static const param params[] = {
    P(k1, REAL, 0, 100),
    P(b, REAL, 0, 1),
    P(bm25plus_delta, REAL, 0, 100),
    P(scheme, COUNT, 0, FOLIO_XSCHEME_LAST),
    P(scheme_param, REAL, 0, 100000),
    P(title_weight, REAL, 0, 100),
    P(title_synonym, FLAG, 0, 1),
    P(phrase_boost, REAL, 0, 100),
    P(prox_ordered, REAL, 0, 100),
    P(prox_unordered, REAL, 0, 100),
    P(prox_window, COUNT, 2, 1000),
    P(prox_min_words, COUNT, 2, 1000),
    P(prf_docs, COUNT, 0, 1000),
    P(prf_terms, COUNT, 1, 1000),
    P(prf_min_words, COUNT, 1, 1000),
    P(prf_min_matches, COUNT, 1, 100000),
    P(prf_alpha, REAL, 0, 100),
    P(prf_bo1, FLAG, 0, 1),
    P(prf_min_share, REAL, 0, 1),
    P(prf_skip_stopwords, FLAG, 0, 1),
    P(repeat_power, REAL, 0, 4),
    P(drop_stopwords, FLAG, 0, 1),
    P(relax_below, COUNT, 0, FOLIO_EXACT_TOTAL_UP_TO), /* the decision needs an exact count */
};
#undef P

static int set_one(folio_ranking *r, const char *item, size_t len)
{
    const char *eq = memchr(item, '=', len);
    if (!eq)
        return folio_error_set(FOLIO_EINVALID, "ranking: '%.*s' is not name=value", (int)len, item);
    size_t nlen = (size_t)(eq - item);
    for (size_t i = 0; i < sizeof params / sizeof *params; i++) {
        const param *p = &params[i];
        if (strlen(p->name) != nlen || memcmp(p->name, item, nlen) != 0)
            continue;
        char value[64];
        size_t vlen = len - nlen - 1;
        if (vlen == 0 || vlen >= sizeof value)
            return folio_error_set(FOLIO_EINVALID, "ranking: bad value for %s", p->name);
        memcpy(value, eq + 1, vlen);
        value[vlen] = '\0';
        char *end;
        errno = 0;
        double v = strtod(value, &end);
        if (*end || errno || !(v >= p->lo && v <= p->hi) || (p->kind != REAL && v != floor(v)))
            return folio_error_set(FOLIO_EINVALID, "ranking: %s takes a number from %g to %g, not '%s'", p->name,
                                   p->lo, p->hi, value);
        char *field = (char *)r + p->offset;
        if (p->kind == REAL)
            *(double *)field = v;
        else if (p->kind == COUNT)
            *(unsigned *)field = (unsigned)v;
        else
            *(int *)field = (int)v;
        return 0;
    }
    return folio_error_set(FOLIO_EINVALID, "ranking: unknown parameter '%.*s'", (int)nlen, item);
}

int folio_ranking_parse(folio_ranking *r, const char *spec)
{
    folio_ranking next = *r;
    while (spec && *spec) {
        const char *comma = strchr(spec, ',');
        size_t len = comma ? (size_t)(comma - spec) : strlen(spec);
        if (len) {
            int rc = set_one(&next, spec, len);
            if (rc < 0)
                return rc;
        }
        spec += len + (comma != NULL);
    }
    *r = next;
    return 0;
}

double folio_ranking_repeat_weight(const folio_ranking *r, unsigned copies)
{
    return copies <= 1 ? 1.0 : pow((double)copies, r->repeat_power);
}
