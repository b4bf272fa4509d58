/*
 * snippet.c — see snippet.h.
 *
 * One pass reads the text with the analyzer and, at the same time, writes the whole text normalized
 * (white space runs as one space, trimmed, control characters dropped, bad bytes as U+FFFD). Words are
 * kept as byte ranges of that normalized text, so a snippet is a plain substring of it and every length
 * is measured in output bytes. Each complete occurrence of a match (a word, a whole phrase, a whole NEAR
 * group) becomes an "occurrence" [first, last] word range; a sliding window over the words then finds
 * the window holding the most distinct matches.
 */
#include "snippet.h"

#include "error.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define ELLIPSIS "\xE2\x80\xA6" /* U+2026 */
#define ELLIPSIS_LEN 3
#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */
#define REPLACEMENT_LEN 3
#define NO_TERM UINT32_MAX
/* Up to 1/CONTEXT_SHARE of the snippet is spent on text before the first match. */
#define CONTEXT_SHARE 4

enum { MARK_HIGHLIGHT = 1, MARK_JOIN_NEXT = 2 };

typedef struct snip_word {
    size_t start, end; /* in the normalized text */
    uint32_t term;     /* id of the query term it equals, or NO_TERM */
    uint32_t breaks;   /* page breaks (form feeds) before it: fits in what was padding */
} snip_word;

typedef struct snip_occ {
    size_t first, last; /* words */
    size_t match;
    size_t weight; /* words it highlights */
    int in_window;
} snip_occ;

/* One term slot of a TERM, PHRASE or NEAR match. */
typedef struct snip_ref {
    const char *term;
    size_t match, slot;
} snip_ref;

typedef struct snip_query {
    const folio_match *matches;
    size_t nmatches;
    snip_ref *refs; /* every slot, sorted by term */
    size_t nrefs;
    size_t *id_first; /* refs[id_first[t] .. id_first[t + 1]) hold distinct term t */
    size_t nterms;
    size_t *slot_base; /* the ids of matches[m]'s terms are ids[slot_base[m] ...] */
    uint32_t *ids;
    size_t *prefixes; /* indexes of the PREFIX matches */
    size_t nprefixes;
    folio_byte_set first_bytes; /* the first bytes of the terms (rules out most words at once) */
} snip_query;

typedef struct snip_ctx {
    snip_query q;
    folio_buf norm;  /* the whole text, normalized */
    folio_buf words; /* snip_word[] */
    folio_buf occs;  /* snip_occ[], sorted by last word once all are found */
    size_t nwords, nocc;
    size_t *per_match; /* scratch, one counter per match */
    uint32_t breaks;   /* page breaks read so far */
} snip_ctx;

static snip_word *ctx_words(const snip_ctx *c)
{
    return (snip_word *)(void *)c->words.data;
}

static snip_occ *ctx_occs(const snip_ctx *c)
{
    return (snip_occ *)(void *)c->occs.data;
}

/* ---- Query terms --------------------------------------------------------------------------------- */

static int match_has_terms(const folio_match *m)
{
    return m->nterms > 0;
}

static size_t match_slots(const folio_match *m)
{
    if (m->kind == FOLIO_MATCH_PREFIX || !match_has_terms(m))
        return 0;
    return m->kind == FOLIO_MATCH_TERM ? 1 : m->nterms;
}

static int check_matches(const folio_match *matches, size_t nmatches)
{
    if (nmatches && !matches)
        return folio_error_set(FOLIO_EINVALID, "snippet: no matches array");
    for (size_t m = 0; m < nmatches; m++) {
        if (matches[m].nterms && !matches[m].terms)
            return folio_error_set(FOLIO_EINVALID, "snippet: match %zu has no terms array", m);
        for (size_t k = 0; k < matches[m].nterms; k++)
            if (!matches[m].terms[k])
                return folio_error_set(FOLIO_EINVALID, "snippet: match %zu has a NULL term", m);
    }
    return 0;
}

static int compare_refs(const void *a, const void *b)
{
    const snip_ref *x = a, *y = b;
    int c = strcmp(x->term, y->term);
    if (c)
        return c;
    if (x->match != y->match)
        return x->match < y->match ? -1 : 1;
    return x->slot < y->slot ? -1 : x->slot > y->slot;
}

/* Gives each distinct term an id (its rank in sorted order) and records the id of every slot. */
static void query_assign_ids(snip_query *q)
{
    if (q->nrefs > 1)
        qsort(q->refs, q->nrefs, sizeof *q->refs, compare_refs);
    q->nterms = 0;
    for (size_t r = 0; r < q->nrefs; r++) {
        if (r == 0 || strcmp(q->refs[r].term, q->refs[r - 1].term) != 0)
            q->id_first[q->nterms++] = r;
        q->ids[q->slot_base[q->refs[r].match] + q->refs[r].slot] = (uint32_t)(q->nterms - 1);
        folio_byte_set_add(&q->first_bytes, (unsigned char)q->refs[r].term[0]);
    }
    q->id_first[q->nterms] = q->nrefs;
}

static int query_prepare(snip_query *q, const folio_match *matches, size_t nmatches)
{
    q->matches = matches;
    q->nmatches = nmatches;
    size_t nslots = 0;
    for (size_t m = 0; m < nmatches; m++)
        nslots += match_slots(&matches[m]);
    if (nslots >= NO_TERM)
        return folio_error_set(FOLIO_EINVALID, "snippet: too many query terms");
    q->slot_base = calloc(nmatches + 1, sizeof *q->slot_base);
    q->prefixes = calloc(nmatches + 1, sizeof *q->prefixes);
    q->refs = calloc(nslots + 1, sizeof *q->refs);
    q->ids = calloc(nslots + 1, sizeof *q->ids);
    q->id_first = calloc(nslots + 1, sizeof *q->id_first);
    if (!q->slot_base || !q->prefixes || !q->refs || !q->ids || !q->id_first)
        return folio_error_set(FOLIO_ENOMEM, "snippet: out of memory");
    for (size_t m = 0; m < nmatches; m++) {
        q->slot_base[m] = q->nrefs;
        for (size_t k = 0; k < match_slots(&matches[m]); k++)
            q->refs[q->nrefs++] = (snip_ref){matches[m].terms[k], m, k};
        if (matches[m].kind == FOLIO_MATCH_PREFIX && match_has_terms(&matches[m]))
            q->prefixes[q->nprefixes++] = m;
    }
    query_assign_ids(q);
    return 0;
}

static void query_free(snip_query *q)
{
    free(q->slot_base);
    free(q->prefixes);
    free(q->refs);
    free(q->ids);
    free(q->id_first);
}

/* The id of `term`, or NO_TERM when no match uses it (or `term` is NULL: a word left unstemmed). */
static uint32_t query_term_id(const snip_query *q, const char *term)
{
    if (!term)
        return NO_TERM;
    if (!folio_byte_set_has(&q->first_bytes, (unsigned char)term[0]))
        return NO_TERM;
    size_t lo = 0, hi = q->nterms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(term, q->refs[q->id_first[mid]].term);
        if (c == 0)
            return (uint32_t)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NO_TERM;
}

static const uint32_t *match_ids(const snip_query *q, size_t m)
{
    return q->ids + q->slot_base[m];
}

/* ---- Normalized text ----------------------------------------------------------------------------- */

typedef struct normalizer {
    folio_buf *out;
    int space_pending; /* white space seen since the last byte written */
} normalizer;

static int is_space(utf8proc_int32_t cp)
{
    if ((cp >= 0x09 && cp <= 0x0D) || cp == ' ' || cp == 0x85)
        return 1;
    if (cp < 0x80)
        return 0;
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP;
}

static void normalizer_flush(normalizer *nz)
{
    if (nz->space_pending)
        folio_buf_putc(nz->out, ' ');
    nz->space_pending = 0;
}

static void normalizer_write(normalizer *nz, const char *s, size_t n)
{
    normalizer_flush(nz);
    folio_buf_append(nz->out, s, n);
}

/* Printable ASCII other than the space: the bulk of most text, copied in runs. */
static int is_plain_ascii(unsigned char b)
{
    return b > 0x20 && b < 0x7F;
}

/* Normalizes s[from..to). A UTF-8 sequence cut by `to` counts as bad bytes, so the output stays valid
 * whatever the boundaries. */
static void normalizer_feed(normalizer *nz, const char *s, size_t from, size_t to)
{
    size_t p = from;
    while (p < to) {
        size_t run = p;
        while (run < to && is_plain_ascii((unsigned char)s[run]))
            run++;
        if (run > p) {
            normalizer_write(nz, s + p, run - p);
            p = run;
            continue;
        }
        if (s[p] == ' ' || s[p] == '\n' || s[p] == '\t' || s[p] == '\r') {
            nz->space_pending = nz->out->len > 0;
            p++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n =
            utf8proc_iterate((const utf8proc_uint8_t *)s + p, (utf8proc_ssize_t)(to - p), &cp);
        if (n <= 0) {
            normalizer_write(nz, REPLACEMENT, REPLACEMENT_LEN);
            p++;
            continue;
        }
        if (is_space(cp))
            nz->space_pending = nz->out->len > 0;
        else if (utf8proc_category(cp) != UTF8PROC_CATEGORY_CC)
            normalizer_write(nz, s + p, (size_t)n);
        p += (size_t)n;
    }
}

/* ---- Occurrences --------------------------------------------------------------------------------- */

static void add_occ(snip_ctx *c, size_t first, size_t last, size_t match, size_t weight)
{
    snip_occ o = {first, last, match, weight, 0};
    folio_buf_append(&c->occs, (const char *)&o, sizeof o);
    c->nocc++;
}

/* TERM and PREFIX matches are decided word by word, while the folded word is at hand. */
static void add_word_occs(snip_ctx *c, size_t index, const folio_token *tok, uint32_t term)
{
    const snip_query *q = &c->q;
    if (term != NO_TERM)
        for (size_t r = q->id_first[term]; r < q->id_first[term + 1]; r++)
            if (q->matches[q->refs[r].match].kind == FOLIO_MATCH_TERM)
                add_occ(c, index, index, q->refs[r].match, 1);
    for (size_t p = 0; p < q->nprefixes; p++) {
        const char *prefix = q->matches[q->prefixes[p]].terms[0];
        if (strncmp(tok->word, prefix, strlen(prefix)) == 0)
            add_occ(c, index, index, q->prefixes[p], 1);
    }
}

/* Reads every word, writing the normalized text as it goes. */
static int read_words(snip_ctx *c, folio_analyzer *an, const char *text, size_t len)
{
    normalizer nz = {&c->norm, 0};
    /* Room for the usual case at once: normalizing rarely lengthens text, and words average several
     * bytes with their separators. */
    folio_buf_reserve(&c->norm, len);
    folio_buf_reserve(&c->words, (len / 4 + 1) * sizeof(snip_word));
    folio_cursor cur;
    folio_token tok;
    size_t done = 0, previous_start = 0;
    int rc;
    folio_analyzer_start(&cur, text, len, 0);
    /* Only words that may stem to a query term are stemmed. */
    while ((rc = folio_analyzer_next_among(an, &cur, &tok, &c->q.first_bytes)) == 1) {
        /* Bigrams overlap (segment.h): the second starts inside the first, on a character of theirs,
         * which normalizing writes unchanged, so it starts that many bytes before the first ends. */
        int overlap = tok.segmented && c->nwords > 0 && tok.start < done && tok.start >= previous_start;
        if ((tok.start < done && !overlap) || tok.end < tok.start || tok.end > len)
            return folio_error_set(FOLIO_ERROR, "snippet: the analyzer gave a word outside the text");
        size_t start;
        if (overlap) {
            start = ctx_words(c)[c->nwords - 1].end - (done - tok.start);
        } else {
            for (const char *f = text + done; (f = memchr(f, '\f', (size_t)(text + tok.start - f))); f++)
                c->breaks++;
            normalizer_feed(&nz, text, done, tok.start);
            normalizer_flush(&nz);
            start = c->norm.len;
            done = tok.start;
        }
        uint32_t term = query_term_id(&c->q, tok.term);
        normalizer_feed(&nz, text, done, tok.end);
        done = tok.end;
        previous_start = tok.start;
        /* Written in place: a record built on the stack and copied stalled on store forwarding. */
        static const snip_word blank = {0, 0, NO_TERM, 0};
        folio_buf_append(&c->words, (const char *)&blank, sizeof blank);
        if (c->words.oom)
            return folio_buf_check(&c->words);
        snip_word *w = ctx_words(c) + c->nwords;
        w->start = start;
        w->end = c->norm.len;
        w->term = term;
        w->breaks = c->breaks;
        add_word_occs(c, c->nwords++, &tok, term);
    }
    if (rc < 0)
        return rc;
    normalizer_feed(&nz, text, done, len);
    if (folio_buf_check(&c->norm) || folio_buf_check(&c->words) || folio_buf_check(&c->occs))
        return FOLIO_ENOMEM;
    return 0;
}

/* Knuth-Morris-Pratt over term ids: every place where the whole phrase occurs, in O(words + terms). */
static int find_phrase(snip_ctx *c, size_t m)
{
    size_t n = c->q.matches[m].nterms;
    const uint32_t *pat = match_ids(&c->q, m);
    const snip_word *w = ctx_words(c);
    size_t *fail = calloc(n, sizeof *fail);
    if (!fail)
        return folio_error_set(FOLIO_ENOMEM, "snippet: out of memory");
    for (size_t i = 1, k = 0; i < n; i++) {
        while (k > 0 && pat[i] != pat[k])
            k = fail[k - 1];
        if (pat[i] == pat[k])
            k++;
        fail[i] = k;
    }
    for (size_t r = 0, k = 0; r < c->nwords; r++) {
        while (k > 0 && w[r].term != pat[k])
            k = fail[k - 1];
        if (w[r].term == pat[k])
            k++;
        if (k == n) {
            add_occ(c, r + 1 - n, r, m, n);
            k = fail[k - 1];
        }
    }
    free(fail);
    return 0;
}

/* How many words an occurrence of a NEAR group of n words may span: its n words and at most `distance`
 * others, the window the query plan gives Xapian (for two words: at most `distance` words between). */
static size_t near_span(size_t n, unsigned distance)
{
    if (distance > SIZE_MAX - n)
        return SIZE_MAX;
    return n + (size_t)distance;
}

/* Counts of a NEAR group's terms inside a window of words. */
typedef struct near_counts {
    size_t *need, *have; /* by term id */
    size_t distinct;     /* distinct terms of the group */
    size_t satisfied;    /* distinct terms with have >= need */
    size_t members;      /* words of the group in the window */
} near_counts;

static void near_add(near_counts *nc, uint32_t term)
{
    if (++nc->have[term] == nc->need[term])
        nc->satisfied++;
    nc->members++;
}

static void near_remove(near_counts *nc, uint32_t term)
{
    if (nc->have[term]-- == nc->need[term])
        nc->satisfied--;
    nc->members--;
}

static int near_member(const near_counts *nc, uint32_t term)
{
    return term != NO_TERM && nc->need[term] > 0;
}

/* For each word ending a complete group, the shortest window ending there (minimum window over two
 * pointers), so O(words) per NEAR match. */
static void near_scan(snip_ctx *c, size_t m, near_counts *nc)
{
    const snip_word *w = ctx_words(c);
    size_t span = near_span(c->q.matches[m].nterms, c->q.matches[m].distance);
    size_t l = 0;
    for (size_t r = 0; r < c->nwords; r++) {
        if (!near_member(nc, w[r].term))
            continue;
        near_add(nc, w[r].term);
        for (;; l++) {
            if (!near_member(nc, w[l].term))
                continue;
            if (r - l < span && nc->have[w[l].term] <= nc->need[w[l].term])
                break;
            near_remove(nc, w[l].term);
        }
        if (nc->satisfied == nc->distinct)
            add_occ(c, l, r, m, nc->members);
    }
}

static int find_near(snip_ctx *c, size_t m)
{
    near_counts nc = {calloc(c->q.nterms, sizeof(size_t)), calloc(c->q.nterms, sizeof(size_t)), 0, 0, 0};
    if (!nc.need || !nc.have) {
        free(nc.need);
        free(nc.have);
        return folio_error_set(FOLIO_ENOMEM, "snippet: out of memory");
    }
    const uint32_t *ids = match_ids(&c->q, m);
    for (size_t k = 0; k < c->q.matches[m].nterms; k++)
        if (nc.need[ids[k]]++ == 0)
            nc.distinct++;
    near_scan(c, m, &nc);
    free(nc.need);
    free(nc.have);
    return 0;
}

static int compare_occs(const void *a, const void *b)
{
    const snip_occ *x = a, *y = b;
    if (x->last != y->last)
        return x->last < y->last ? -1 : 1;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return x->match < y->match ? -1 : x->match > y->match;
}

/* Adds the PHRASE and NEAR occurrences to the word ones and sorts them all by last word. */
static int find_occurrences(snip_ctx *c)
{
    for (size_t m = 0; m < c->q.nmatches; m++) {
        const folio_match *match = &c->q.matches[m];
        int rc = 0;
        if (!match_has_terms(match) || c->nwords == 0)
            continue;
        if (match->kind == FOLIO_MATCH_PHRASE)
            rc = find_phrase(c, m);
        else if (match->kind == FOLIO_MATCH_NEAR)
            rc = find_near(c, m);
        if (rc)
            return rc;
    }
    if (folio_buf_check(&c->occs))
        return FOLIO_ENOMEM;
    if (c->nocc)
        qsort(c->occs.data, c->nocc, sizeof(snip_occ), compare_occs);
    return 0;
}

/* ---- Choosing the window ------------------------------------------------------------------------- */

/* Words [s, e) in a window; e == s when even word s alone does not fit. */
typedef struct snip_window {
    size_t s, e;
} snip_window;

/* The end of the longest window starting at word s, extending from word `from` (>= s). */
static size_t window_end(const snip_ctx *c, size_t s, size_t from, size_t target)
{
    const snip_word *w = ctx_words(c);
    size_t e = from;
    while (e < c->nwords && w[e].end - w[s].start <= target)
        e++;
    return e;
}

static int compare_occ_firsts(const void *a, const void *b)
{
    const snip_occ *x = *(const snip_occ *const *)a, *y = *(const snip_occ *const *)b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return x->last < y->last ? -1 : x->last > y->last;
}

/* Running score of the window: occurrences wholly inside it, counted per match and weighed by words. */
typedef struct window_score {
    size_t *per_match;
    size_t distinct, weight;
} window_score;

static void score_enter(window_score *sc, snip_occ *o)
{
    o->in_window = 1;
    if (sc->per_match[o->match]++ == 0)
        sc->distinct++;
    sc->weight += o->weight;
}

static void score_leave(window_score *sc, snip_occ *o)
{
    o->in_window = 0;
    if (--sc->per_match[o->match] == 0)
        sc->distinct--;
    sc->weight -= o->weight;
}

/* The first start of a non-empty window with the best score (most distinct matches, then most
 * highlighted words), or nwords when no word fits at all. One sliding pass: an occurrence enters when
 * the window end passes its last word (if its first word is still inside) and leaves with its first. */
static int best_start(snip_ctx *c, size_t target, size_t *out)
{
    snip_occ *occ = ctx_occs(c);
    snip_occ **by_first = malloc((c->nocc + 1) * sizeof *by_first);
    if (!by_first)
        return folio_error_set(FOLIO_ENOMEM, "snippet: out of memory");
    for (size_t i = 0; i < c->nocc; i++)
        by_first[i] = &occ[i];
    qsort(by_first, c->nocc, sizeof *by_first, compare_occ_firsts);
    memset(c->per_match, 0, (c->q.nmatches + 1) * sizeof *c->per_match);
    window_score sc = {c->per_match, 0, 0};
    size_t best = c->nwords, best_distinct = 0, best_weight = 0;
    size_t e = 0, entering = 0, leaving = 0;
    for (size_t s = 0; s < c->nwords; s++) {
        e = window_end(c, s, e > s ? e : s, target);
        for (; entering < c->nocc && occ[entering].last < e; entering++)
            if (occ[entering].first >= s)
                score_enter(&sc, &occ[entering]);
        if (e > s && (best == c->nwords || sc.distinct > best_distinct ||
                      (sc.distinct == best_distinct && sc.weight > best_weight))) {
            best = s;
            best_distinct = sc.distinct;
            best_weight = sc.weight;
        }
        for (; leaving < c->nocc && by_first[leaving]->first <= s; leaving++)
            if (by_first[leaving]->in_window)
                score_leave(&sc, by_first[leaving]);
    }
    free(by_first);
    *out = best;
    return 0;
}

/* Moves the start of the best window [s0, ...) so that about 1/CONTEXT_SHARE of it comes before its
 * first occurrence (word f; the last one ends at word l), unless the text ends before the window
 * would: then earlier words fill it. Never earlier than s0, which was the earliest best start. */
static size_t start_with_context(const snip_ctx *c, size_t s0, size_t f, size_t l, size_t target)
{
    const snip_word *w = ctx_words(c);
    size_t context = target / CONTEXT_SHARE, room = target - (w[l].end - w[f].start);
    if (context > room)
        context = room;
    size_t s = f;
    while (s > s0 && w[f].start - w[s - 1].start <= context)
        s--;
    size_t last = c->nwords - 1, fill = last;
    while (fill > s0 && w[last].end - w[fill - 1].start <= target)
        fill--;
    return fill < s ? fill : s;
}

static snip_window choose_window(snip_ctx *c, size_t target, int *rc)
{
    snip_window win = {0, 0};
    size_t s0 = c->nwords;
    *rc = best_start(c, target, &s0);
    if (*rc || s0 == c->nwords)
        return win;
    size_t e0 = window_end(c, s0, s0, target), f = SIZE_MAX, l = 0;
    const snip_occ *occ = ctx_occs(c);
    for (size_t i = 0; i < c->nocc; i++) {
        if (occ[i].first >= s0 && occ[i].last < e0) {
            f = occ[i].first < f ? occ[i].first : f;
            l = occ[i].last > l ? occ[i].last : l;
        }
    }
    win.s = f == SIZE_MAX ? s0 : start_with_context(c, s0, f, l, target);
    win.e = window_end(c, win.s, f == SIZE_MAX ? win.s : l, target);
    return win;
}

/* ---- Cutting and highlighting -------------------------------------------------------------------- */

/* Where the snippet may begin before word s: the text start for the first word; else back over the
 * non-space bytes stuck to the word (an opening quote) if they follow a space and take at most `room`. */
static size_t extend_start(const snip_ctx *c, size_t s, size_t room)
{
    const snip_word *w = ctx_words(c);
    size_t at = w[s].start;
    if (s == 0)
        return at <= room ? 0 : at;
    size_t stop = w[s - 1].end, p = at;
    while (p > stop && c->norm.data[p - 1] != ' ') {
        if (at - p == room)
            return at;
        p--;
    }
    return p > stop ? p : at;
}

/* Where the snippet may end after word `last`: the text end after the last word; else over the
 * non-space bytes stuck to the word (a full stop) if a space follows them and they take at most `room`. */
static size_t extend_end(const snip_ctx *c, size_t last, size_t room)
{
    const snip_word *w = ctx_words(c);
    size_t at = w[last].end;
    if (last + 1 == c->nwords)
        return c->norm.len - at <= room ? c->norm.len : at;
    size_t stop = w[last + 1].start, p = at;
    while (p < stop && c->norm.data[p] != ' ') {
        if (p - at == room)
            return at;
        p++;
    }
    return p < stop ? p : at;
}

static int near_has_term(const snip_query *q, size_t m, uint32_t term)
{
    const uint32_t *ids = match_ids(q, m);
    for (size_t k = 0; k < q->matches[m].nterms; k++)
        if (ids[k] == term)
            return 1;
    return 0;
}

/* The first word a NEAR occurrence highlights: its group words may lie anywhere in the whole span
 * ending at its last word, since any of them can stand in for the one of its term in the occurrence. */
static size_t near_mark_from(const snip_ctx *c, const snip_occ *o, size_t window_start)
{
    const folio_match *m = &c->q.matches[o->match];
    size_t span = near_span(m->nterms, m->distance);
    size_t from = o->last + 1 > span ? o->last + 1 - span : 0;
    return from > window_start ? from : window_start;
}

/* Marks the words of the occurrences wholly inside the window. Occurrences of one match come with
 * ascending first and last words, so remembering where each match's marking stopped (per_match, as
 * word + 1) marks every word once per match. Overlapping phrase occurrences join into one highlight. */
static void mark_window(snip_ctx *c, snip_window win, uint8_t *mark)
{
    const snip_word *w = ctx_words(c);
    const snip_occ *occ = ctx_occs(c);
    size_t *upto = c->per_match;
    memset(upto, 0, (c->q.nmatches + 1) * sizeof *upto);
    for (size_t i = 0; i < c->nocc; i++) {
        const snip_occ *o = &occ[i];
        if (o->first < win.s || o->last >= win.e)
            continue;
        folio_match_kind kind = c->q.matches[o->match].kind;
        size_t first = kind == FOLIO_MATCH_NEAR ? near_mark_from(c, o, win.s) : o->first;
        size_t from = upto[o->match] > first ? upto[o->match] : first;
        for (size_t k = from; k <= o->last; k++)
            if (kind != FOLIO_MATCH_NEAR || near_has_term(&c->q, o->match, w[k].term))
                mark[k - win.s] |= MARK_HIGHLIGHT;
        if (kind == FOLIO_MATCH_PHRASE)
            for (size_t k = from > o->first ? from - 1 : o->first; k < o->last; k++)
                mark[k - win.s] |= MARK_JOIN_NEXT;
        upto[o->match] = o->last + 1;
    }
}

/* Turns the marks into spans; normalized offset x is snippet offset x - origin + shift. */
static int make_spans(folio_snippet *out, const snip_ctx *c, snip_window win, const uint8_t *mark,
                      size_t origin, size_t shift)
{
    const snip_word *w = ctx_words(c);
    size_t n = 0;
    for (size_t k = win.s; k < win.e; k++)
        n += (mark[k - win.s] & MARK_HIGHLIGHT) && !(k > win.s && (mark[k - 1 - win.s] & MARK_JOIN_NEXT));
    if (n == 0)
        return 0;
    out->spans = malloc(n * sizeof *out->spans);
    if (!out->spans)
        return folio_error_set(FOLIO_ENOMEM, "snippet: out of memory");
    for (size_t k = win.s; k < win.e; k++) {
        if (!(mark[k - win.s] & MARK_HIGHLIGHT))
            continue;
        size_t start = w[k].start;
        while (k + 1 < win.e && ((mark[k - win.s] & MARK_JOIN_NEXT) ||
                                 ((mark[k + 1 - win.s] & MARK_HIGHLIGHT) && w[k + 1].start < w[k].end)))
            k++;
        out->spans[out->nspans++] = (folio_span){start - origin + shift, w[k].end - origin + shift};
    }
    return 0;
}

static int make_text(folio_snippet *out, const snip_ctx *c, size_t a, size_t b)
{
    folio_buf text = FOLIO_BUF_INIT;
    if (a > 0)
        folio_buf_append(&text, ELLIPSIS, ELLIPSIS_LEN);
    folio_buf_append(&text, c->norm.data ? c->norm.data + a : "", b - a);
    if (b < c->norm.len)
        folio_buf_append(&text, ELLIPSIS, ELLIPSIS_LEN);
    out->text = folio_buf_detach(&text);
    return out->text ? 0 : folio_error_set(FOLIO_ENOMEM, "snippet: out of memory");
}

static int make_snippet(folio_snippet *out, snip_ctx *c, snip_window win, size_t target)
{
    if (c->nwords == 0) /* nothing to cut on but the ends */
        return make_text(out, c, 0, c->norm.len <= target ? c->norm.len : 0);
    if (win.e == win.s)
        return make_text(out, c, 0, 0);
    const snip_word *w = ctx_words(c);
    size_t b = extend_end(c, win.e - 1, target - (w[win.e - 1].end - w[win.s].start));
    size_t a = extend_start(c, win.s, target - (b - w[win.s].start));
    int rc = make_text(out, c, a, b);
    if (rc)
        return rc;
    uint8_t *mark = calloc(win.e - win.s, 1);
    if (!mark)
        return folio_error_set(FOLIO_ENOMEM, "snippet: out of memory");
    mark_window(c, win, mark);
    for (size_t k = 0; k < win.e - win.s; k++)
        if (mark[k] & MARK_HIGHLIGHT) {
            out->page_breaks = w[win.s + k].breaks;
            break;
        }
    rc = make_spans(out, c, win, mark, a, a > 0 ? ELLIPSIS_LEN : 0);
    free(mark);
    return rc;
}

/* ---- API ----------------------------------------------------------------------------------------- */

static void ctx_free(snip_ctx *c)
{
    query_free(&c->q);
    folio_buf_free(&c->norm);
    folio_buf_free(&c->words);
    folio_buf_free(&c->occs);
    free(c->per_match);
}

static int snippet_build(folio_snippet *out, snip_ctx *c, folio_analyzer *an, const char *text,
                         size_t len, size_t target)
{
    c->per_match = calloc(c->q.nmatches + 1, sizeof *c->per_match);
    if (!c->per_match)
        return folio_error_set(FOLIO_ENOMEM, "snippet: out of memory");
    int rc = read_words(c, an, text, len);
    if (!rc)
        rc = find_occurrences(c);
    snip_window win = {0, 0};
    if (!rc && c->nwords)
        win = choose_window(c, target, &rc);
    return rc ? rc : make_snippet(out, c, win, target);
}

/* The snippet of one piece of the text. */
static int snippet_of_piece(folio_snippet *out, folio_analyzer *an, const char *text, size_t len,
                            const folio_match *matches, size_t nmatches, size_t target_bytes)
{
    snip_ctx c = {0};
    int rc = query_prepare(&c.q, matches, nmatches);
    if (!rc)
        rc = snippet_build(out, &c, an, text, len, target_bytes);
    ctx_free(&c);
    if (rc)
        folio_snippet_clear(out);
    return rc;
}

/* Where the piece of text[start..len) ends: FOLIO_SNIPPET_PIECE_BYTES on, moved back to white space
 * (else to a UTF-8 boundary) so that no word is cut in two. */
static size_t piece_end(const char *text, size_t len, size_t start)
{
    if (len - start <= FOLIO_SNIPPET_PIECE_BYTES)
        return len;
    size_t end = start + FOLIO_SNIPPET_PIECE_BYTES;
    for (size_t e = end; e > end - FOLIO_SNIPPET_PIECE_BYTES / 4; e--)
        if (text[e - 1] == ' ' || text[e - 1] == '\n')
            return e;
    return start + folio_utf8_cut(text + start, len - start, FOLIO_SNIPPET_PIECE_BYTES);
}

/* A snippet from a piece after the first says that text comes before it. */
static int mark_cut_before(folio_snippet *s)
{
    if (strncmp(s->text, ELLIPSIS, ELLIPSIS_LEN) == 0)
        return 0;
    size_t n = strlen(s->text);
    char *text = malloc(n + ELLIPSIS_LEN + 1);
    if (!text)
        return folio_error_set(FOLIO_ENOMEM, "snippet: out of memory");
    memcpy(text, ELLIPSIS, ELLIPSIS_LEN);
    memcpy(text + ELLIPSIS_LEN, s->text, n + 1);
    free(s->text);
    s->text = text;
    for (size_t i = 0; i < s->nspans; i++) {
        s->spans[i].start += ELLIPSIS_LEN;
        s->spans[i].end += ELLIPSIS_LEN;
    }
    return 0;
}

int folio_snippet_make(folio_snippet *out, folio_analyzer *an, const char *text, size_t len,
                       const folio_match *matches, size_t nmatches, size_t target_bytes)
{
    if (!out || !an || (!text && len))
        return folio_error_set(FOLIO_EINVALID, "snippet: missing argument");
    *out = (folio_snippet){NULL, NULL, 0, 0};
    int rc = check_matches(matches, nmatches);
    if (rc)
        return rc;
    text = text ? text : "";
    /* A long text is read a piece at a time, so that its words (several times the text's size in
     * memory) are never all held at once: the snippet is the first piece's with a match. */
    size_t start = 0, end = piece_end(text, len, 0);
    if ((rc = snippet_of_piece(out, an, text, end, matches, nmatches, target_bytes)) != 0 || out->nspans)
        return rc;
    unsigned breaks = 0;
    while (end < len) {
        for (const char *f = text + start; (f = memchr(f, '\f', (size_t)(text + end - f))); f++)
            breaks++;
        start = end;
        end = piece_end(text, len, start);
        folio_snippet later = {NULL, NULL, 0, 0};
        if ((rc = snippet_of_piece(&later, an, text + start, end - start, matches, nmatches, target_bytes)) != 0) {
            folio_snippet_clear(out);
            return rc;
        }
        if (later.nspans) {
            folio_snippet_clear(out);
            *out = later;
            out->page_breaks += breaks;
            if ((rc = mark_cut_before(out)) != 0)
                folio_snippet_clear(out);
            return rc;
        }
        folio_snippet_clear(&later);
    }
    return 0;
}

void folio_snippet_clear(folio_snippet *s)
{
    if (!s)
        return;
    free(s->text);
    free(s->spans);
    *s = (folio_snippet){NULL, NULL, 0, 0};
}
