/* typo.c — see typo.h. */
#include "typo.h"

#include "error.h"
#include "schema.h"
#include "stopwords.h"

#include <stdlib.h>
#include <string.h>

/* Co-occurrence counts are exact up to this many documents: enough to tell candidates apart. */
#define NEIGHBOUR_COUNT_UP_TO 1000

typedef struct vocab_word {
    size_t at;     /* offset of the word in the pool */
    uint32_t len;  /* bytes */
    uint32_t cps;  /* code points */
    uint64_t freq; /* documents holding it, body or title (the larger) */
} vocab_word;

struct folio_typo_vocabulary {
    vocab_word *words; /* by code points, then bytes */
    size_t n, cap;
    folio_buf pool;
    size_t from_length[FOLIO_MAX_WORD_BYTES + 2]; /* first word of each length in code points */
};

static uint32_t code_points(const char *s, size_t len)
{
    uint32_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

unsigned folio_typo_max_edits(const char *word, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (word[i] >= '0' && word[i] <= '9')
            return 0;
    uint32_t n = code_points(word, len);
    return n >= FOLIO_TYPO_TWO_EDITS_FROM ? 2 : n >= FOLIO_TYPO_ONE_EDIT_FROM ? 1 : 0;
}

/* Decodes UTF-8 into code points (at most `max`); bytes that do not decode count one each. */
static size_t decode(uint32_t *out, size_t max, const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n < max;) {
        unsigned char b = (unsigned char)s[i];
        size_t extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
        if (i + extra >= len)
            extra = 0;
        uint32_t cp = extra ? (uint32_t)(b & (0x3F >> extra)) : b;
        for (size_t k = 1; k <= extra; k++)
            cp = cp << 6 | ((unsigned char)s[i + k] & 0x3F);
        out[n++] = cp;
        i += extra + 1;
    }
    return n;
}

unsigned folio_typo_distance(const char *a, size_t alen, const char *b, size_t blen, unsigned max)
{
    enum { CAP = FOLIO_MAX_WORD_BYTES * 4 };
    uint32_t x[CAP], y[CAP];
    size_t m = decode(x, CAP, a, alen), n = decode(y, CAP, b, blen);
    if ((m > n ? m - n : n - m) > max)
        return max + 1;
    /* Three rows of the optimal-string-alignment table: two back (for swaps), the last and this one. */
    unsigned rows[3][CAP + 1];
    unsigned *back = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= n; j++)
        prev[j] = (unsigned)j;
    for (size_t i = 1; i <= m; i++) {
        cur[0] = (unsigned)i;
        unsigned row_min = cur[0];
        for (size_t j = 1; j <= n; j++) {
            unsigned cost = x[i - 1] != y[j - 1];
            unsigned d = prev[j - 1] + cost;
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] && back[j - 2] + 1 < d)
                d = back[j - 2] + 1;
            cur[j] = d;
            if (d < row_min)
                row_min = d;
        }
        if (row_min > max)
            return max + 1;
        unsigned *t = back;
        back = prev;
        prev = cur;
        cur = t;
    }
    return prev[n] > max ? max + 1 : prev[n];
}

int folio_typo_word_freq(uint64_t *out, folio_db *db, const char *word, size_t len)
{
    static const char *const word_prefixes[] = {"W", "WS"};
    char term[FOLIO_MAX_WORD_BYTES + 4];
    *out = 0;
    if (len > FOLIO_MAX_WORD_BYTES)
        return 0;
    for (size_t i = 0; i < 2; i++) {
        size_t plen = strlen(word_prefixes[i]);
        memcpy(term, word_prefixes[i], plen);
        memcpy(term + plen, word, len);
        uint64_t freq;
        int rc = folio_xdb_term_freq(db->x, term, plen + len, &freq);
        if (rc < 0)
            return rc;
        if (freq > *out)
            *out = freq;
    }
    return 0;
}

/* ---- The vocabulary ---- */

static int add_word(void *ctx, const char *term, size_t len, uint64_t freq)
{
    folio_typo_vocabulary *v = ctx;
    /* "W" + word is a body word, "WS" + word a title word; other "W?" prefixes are other fields. */
    size_t skip = len > 1 && term[1] == 'S' ? 2 : 1;
    if (len <= skip || (term[skip] >= 'A' && term[skip] <= 'Z') || len - skip > FOLIO_MAX_WORD_BYTES)
        return 0;
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 4096;
        vocab_word *w = realloc(v->words, cap * sizeof *w);
        if (!w)
            return folio_error_set(FOLIO_ENOMEM, "out of memory");
        v->words = w;
        v->cap = cap;
    }
    vocab_word *w = &v->words[v->n++];
    w->at = v->pool.len;
    w->len = (uint32_t)(len - skip);
    w->cps = code_points(term + skip, len - skip);
    w->freq = freq;
    folio_buf_append(&v->pool, term + skip, len - skip);
    return folio_buf_check(&v->pool);
}

static int by_word(const folio_typo_vocabulary *v, const vocab_word *x, const vocab_word *y)
{
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(v->pool.data + x->at, v->pool.data + y->at, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* qsort has no context argument: the vocabulary being sorted (loading runs in the handle's one thread,
 * but two handles may load at once, hence per thread). */
static _Thread_local const folio_typo_vocabulary *sorting;

static int by_length_then_word(const void *a, const void *b)
{
    const vocab_word *x = a, *y = b;
    if (x->cps != y->cps)
        return x->cps < y->cps ? -1 : 1;
    return by_word(sorting, x, y);
}

static void vocabulary_free(folio_typo_vocabulary *v)
{
    if (!v)
        return;
    free(v->words);
    folio_buf_free(&v->pool);
    free(v);
}

static int load_vocabulary(folio_db *db)
{
    if (db->typo_vocabulary)
        return 0;
    folio_typo_vocabulary *v = calloc(1, sizeof *v);
    if (!v)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    v->pool = (folio_buf)FOLIO_BUF_INIT;
    int rc = folio_xdb_terms_with_prefix(db->x, "W", 1, FOLIO_TYPO_VOCABULARY_MAX, add_word, v, NULL);
    if (rc < 0) {
        vocabulary_free(v);
        return rc;
    }
    sorting = v;
    if (v->n > 1)
        qsort(v->words, v->n, sizeof *v->words, by_length_then_word);
    /* A word of body and title is one word, holding the larger frequency. */
    size_t kept = 0;
    for (size_t i = 0; i < v->n; i++) {
        if (kept && by_length_then_word(&v->words[kept - 1], &v->words[i]) == 0) {
            if (v->words[i].freq > v->words[kept - 1].freq)
                v->words[kept - 1].freq = v->words[i].freq;
            continue;
        }
        v->words[kept++] = v->words[i];
    }
    v->n = kept;
    size_t at = 0;
    for (size_t len = 0; len < FOLIO_MAX_WORD_BYTES + 2; len++) {
        while (at < v->n && v->words[at].cps < len)
            at++;
        v->from_length[len] = at;
    }
    db->typo_vocabulary = v;
    return 0;
}

void folio_typo_forget(folio_db *db)
{
    vocabulary_free(db->typo_vocabulary);
    db->typo_vocabulary = NULL;
}

/* ---- Candidates ---- */

/* A candidate while the vocabulary is scanned: the vocabulary word it is. */
typedef struct scanned {
    const vocab_word *w;
    unsigned distance;
} scanned;

static int closer(const folio_typo_vocabulary *v, const scanned *a, const scanned *b)
{
    if (a->distance != b->distance)
        return a->distance < b->distance;
    if (a->w->freq != b->w->freq)
        return a->w->freq > b->w->freq;
    return by_word(v, a->w, b->w) < 0;
}

void folio_typo_candidates_free(folio_typo_candidate *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++)
        free(c[i].word);
    free(c);
}

int folio_typo_candidates(folio_typo_candidate **out, size_t *out_n, folio_db *db, const char *word, size_t len,
                          unsigned max_edits, uint64_t min_freq, size_t max)
{
    *out = NULL;
    *out_n = 0;
    if (max_edits > FOLIO_TYPO_MAX_EDITS)
        max_edits = FOLIO_TYPO_MAX_EDITS;
    if (max == 0 || max_edits == 0 || len == 0 || len > FOLIO_MAX_WORD_BYTES)
        return 0;
    int rc = load_vocabulary(db);
    if (rc < 0)
        return rc;
    const folio_typo_vocabulary *v = db->typo_vocabulary;
    scanned *best = calloc(max, sizeof *best);
    if (!best)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    size_t n = 0;
    uint32_t cps = code_points(word, len);
    uint32_t lo = cps > max_edits ? cps - max_edits : 0, hi = cps + max_edits;
    if (hi > FOLIO_MAX_WORD_BYTES)
        hi = FOLIO_MAX_WORD_BYTES;
    for (size_t i = v->from_length[lo]; i < v->from_length[hi + 1]; i++) {
        const vocab_word *w = &v->words[i];
        const char *text = v->pool.data + w->at;
        if (w->freq < min_freq || (w->len == len && memcmp(text, word, len) == 0))
            continue;
        scanned c = {w, folio_typo_distance(word, len, text, w->len, max_edits)};
        if (c.distance > max_edits || (n == max && !closer(v, &c, &best[n - 1])))
            continue;
        size_t at = n < max ? n++ : n - 1; /* a full list drops its last */
        while (at > 0 && closer(v, &c, &best[at - 1])) {
            best[at] = best[at - 1];
            at--;
        }
        best[at] = c;
    }
    folio_typo_candidate *list = n ? calloc(n, sizeof *list) : NULL;
    if (n && !list)
        rc = folio_error_set(FOLIO_ENOMEM, "out of memory");
    for (size_t i = 0; list && i < n; i++) {
        list[i].word = malloc(best[i].w->len + 1);
        if (!list[i].word) {
            folio_typo_candidates_free(list, i);
            list = NULL;
            rc = folio_error_set(FOLIO_ENOMEM, "out of memory");
            break;
        }
        memcpy(list[i].word, v->pool.data + best[i].w->at, best[i].w->len);
        list[i].word[best[i].w->len] = '\0';
        list[i].distance = best[i].distance;
        list[i].freq = best[i].w->freq;
    }
    free(best);
    if (rc < 0)
        return rc;
    *out = list;
    *out_n = list ? n : 0;
    return 0;
}

/* ---- Choosing with the other words ---- */

static char *copy_word(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    return copy ? memcpy(copy, s, n) : NULL;
}

/* The body stem term of a folded word (the analyzer's first term), malloc'd; NULL when it has none. */
static int stem_of(char **out, folio_db *db, const char *word, size_t len)
{
    *out = NULL;
    folio_cursor cur;
    folio_token tok;
    folio_analyzer_start(&cur, word, len, 0);
    if (folio_analyzer_next(db->an, &cur, &tok) != 1)
        return 0;
    const char *prefix = folio_schema_stem_prefix(FOLIO_TEXT_BODY);
    size_t plen = strlen(prefix);
    *out = malloc(plen + tok.term_len + 1);
    if (!*out)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    memcpy(*out, prefix, plen);
    memcpy(*out + plen, tok.term, tok.term_len + 1);
    return 0;
}

/* Documents where the two stem terms occur within FOLIO_TYPO_NEIGHBOUR_WINDOW positions. */
static int count_near(uint64_t *out, folio_db *db, const char *a, const char *b)
{
    *out = 0;
    if (!a || !b || strcmp(a, b) == 0)
        return 0;
    folio_xquery *pair[2] = {folio_xquery_term(a, strlen(a)), folio_xquery_term(b, strlen(b))};
    folio_xquery *q = folio_xquery_combine(FOLIO_XOP_NEAR, pair, 2, FOLIO_TYPO_NEIGHBOUR_WINDOW);
    if (!q)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    folio_xrun_options run = {.check_at_least = NEIGHBOUR_COUNT_UP_TO, .count_only = 1};
    folio_xtotals totals;
    int rc = folio_xdb_run(db->x, q, &run, NULL, NULL, NULL, &totals);
    folio_xquery_free(q);
    if (rc >= 0)
        *out = totals.lower_bound;
    return rc;
}

/* The stem of the word that stands at i for its neighbours: the correction chosen so far, else the word. */
static int context_stem(char **out, folio_db *db, const char *const *words, const size_t *lens, char *const *chosen,
                        size_t i)
{
    if (chosen[i])
        return stem_of(out, db, chosen[i], strlen(chosen[i]));
    *out = NULL;
    return words[i] ? stem_of(out, db, words[i], lens[i]) : 0;
}

/* The nearest word before (step -1) or after (step +1) i that has a stem, or n when none. */
static size_t neighbour(const char *const *words, char *const *chosen, size_t n, size_t i, int step)
{
    for (size_t j = i + (size_t)step; j < n; j += (size_t)step)
        if (words[j] || chosen[j])
            return j;
    return n;
}

int folio_typo_choose(char **out, folio_db *db, const char *const *words, const size_t *lens,
                      const uint64_t *needs, size_t n)
{
    memset(out, 0, n * sizeof *out);
    folio_typo_candidate *cands[FOLIO_TYPO_MAX_CORRECTED];
    size_t ncands[FOLIO_TYPO_MAX_CORRECTED], which[FOLIO_TYPO_MAX_CORRECTED];
    size_t k = 0;
    int rc = 0;
    /* First each word's closest, most frequent candidate; then each chooses again among its equally
     * close ones with its neighbours, corrected words standing in for their typos. */
    for (size_t i = 0; i < n && k < FOLIO_TYPO_MAX_CORRECTED && rc >= 0; i++) {
        if (!needs[i])
            continue;
        rc = folio_typo_candidates(&cands[k], &ncands[k], db, words[i], lens[i],
                                   folio_typo_max_edits(words[i], lens[i]), needs[i], FOLIO_TYPO_CANDIDATES);
        if (rc < 0)
            break;
        which[k] = i;
        if (ncands[k] && !(out[i] = copy_word(cands[k][0].word)))
            rc = folio_error_set(FOLIO_ENOMEM, "out of memory");
        k++;
    }
    for (size_t c = 0; c < k && rc >= 0; c++) {
        size_t i = which[c], left = neighbour(words, out, n, i, -1), right = neighbour(words, out, n, i, 1);
        if (ncands[c] < 2 || (left == n && right == n))
            continue;
        char *stems[2] = {NULL, NULL};
        if (left < n)
            rc = context_stem(&stems[0], db, words, lens, out, left);
        if (rc >= 0 && right < n)
            rc = context_stem(&stems[1], db, words, lens, out, right);
        uint64_t best_together = 0;
        size_t best = 0;
        for (size_t j = 0; j < ncands[c] && cands[c][j].distance == cands[c][0].distance && rc >= 0; j++) {
            char *stem = NULL;
            uint64_t a = 0, b = 0;
            rc = stem_of(&stem, db, cands[c][j].word, strlen(cands[c][j].word));
            if (rc >= 0)
                rc = count_near(&a, db, stem, stems[0]);
            if (rc >= 0)
                rc = count_near(&b, db, stem, stems[1]);
            free(stem);
            if (rc >= 0 && a + b > best_together) {
                best_together = a + b;
                best = j;
            }
        }
        free(stems[0]);
        free(stems[1]);
        if (rc >= 0 && best) {
            char *copy = copy_word(cands[c][best].word);
            if (!copy)
                rc = folio_error_set(FOLIO_ENOMEM, "out of memory");
            free(out[i]);
            out[i] = copy;
        }
    }
    for (size_t c = 0; c < k; c++)
        folio_typo_candidates_free(cands[c], ncands[c]);
    if (rc < 0)
        for (size_t i = 0; i < n; i++) {
            free(out[i]);
            out[i] = NULL;
        }
    return rc;
}

/* ---- Correcting a query of plain words ---- */

typedef struct unit_word {
    char word[FOLIO_MAX_WORD_BYTES + 1]; /* folded */
    size_t len;
    char stem[FOLIO_MAX_WORD_BYTES + 1];
    size_t start, end; /* the word's bytes in the unit's text */
} unit_word;

/* The one word of a query unit; 0 when it is not one word (punctuation only, "visa-free"). */
static int single_word(folio_db *db, const folio_qnode *unit, unit_word *out)
{
    folio_cursor cur;
    folio_token tok;
    folio_analyzer_start(&cur, unit->text, unit->text_len, 0);
    if (folio_analyzer_next(db->an, &cur, &tok) != 1)
        return 0;
    memcpy(out->word, tok.word, tok.word_len + 1);
    out->len = tok.word_len;
    memcpy(out->stem, tok.term, tok.term_len + 1);
    out->start = tok.start;
    out->end = tok.end;
    return folio_analyzer_next(db->an, &cur, &tok) == 0;
}

/* Replaces bytes [start, end) of the unit's text by `with`. */
static int replace_in_unit(folio_qnode *unit, size_t start, size_t end, const char *with)
{
    size_t wlen = strlen(with), len = unit->text_len - (end - start) + wlen;
    char *text = malloc(len + 1);
    if (!text)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    memcpy(text, unit->text, start);
    memcpy(text + start, with, wlen);
    memcpy(text + start + wlen, unit->text + end, unit->text_len - end + 1);
    free(unit->text);
    unit->text = text;
    unit->text_len = len;
    return 0;
}

int folio_typo_correct_query(char **out, folio_db *db, folio_qnode *root, const char *query,
                             folio_typo_words which, const folio_synonyms *synonyms)
{
    *out = NULL;
    if (!root || !folio_query_is_plain(root))
        return 0;
    folio_qnode **units = root->kind == FOLIO_Q_WORD ? &root : root->kids;
    size_t n = root->kind == FOLIO_Q_WORD ? 1 : root->nkids;
    unit_word *uw = calloc(n, sizeof *uw);
    const char **words = calloc(n, sizeof *words);
    size_t *lens = calloc(n, sizeof *lens);
    uint64_t *needs = calloc(n, sizeof *needs);
    char **chosen = calloc(n, sizeof *chosen);
    int rc = uw && words && lens && needs && chosen ? 0 : folio_error_set(FOLIO_ENOMEM, "out of memory");
    int any = 0;
    size_t qlen = strlen(query);
    uint64_t docs = 0; /* a word in more than docs / FOLIO_TYPO_RARE_RATIO documents cannot be rare */
    if (rc >= 0 && which == FOLIO_TYPO_RARE_WORDS)
        rc = folio_xdb_doc_count(db->x, &docs);
    for (size_t i = 0; i < n && rc >= 0; i++) {
        const folio_qnode *u = units[i];
        size_t at = u->column > 0 ? (size_t)u->column - 1 : qlen;
        /* Only a word written as the query has it can be shown corrected in the query's own text. */
        if (!single_word(db, u, &uw[i]) || at + u->text_len > qlen || memcmp(query + at, u->text, u->text_len) != 0 ||
            folio_stopword(db->language, uw[i].word, uw[i].len) ||
            folio_synonyms_find(synonyms, uw[i].stem, strlen(uw[i].stem), NULL, 0))
            continue;
        uint64_t freq = 0;
        rc = folio_typo_word_freq(&freq, db, uw[i].word, uw[i].len);
        words[i] = uw[i].word;
        lens[i] = uw[i].len;
        if (rc < 0 || folio_typo_max_edits(uw[i].word, uw[i].len) == 0)
            continue;
        if (which == FOLIO_TYPO_ABSENT_WORDS && freq == 0)
            needs[i] = 1;
        else if (which == FOLIO_TYPO_RARE_WORDS && freq > 0 && freq <= docs / FOLIO_TYPO_RARE_RATIO &&
                 code_points(uw[i].word, uw[i].len) >= FOLIO_TYPO_RARE_FROM)
            needs[i] = freq * FOLIO_TYPO_RARE_RATIO;
        any |= needs[i] != 0;
    }
    if (rc >= 0 && any)
        rc = folio_typo_choose(chosen, db, words, lens, needs, n);
    folio_buf text = FOLIO_BUF_INIT;
    size_t copied = 0;
    int changed = 0;
    for (size_t i = 0; i < n && rc >= 0 && any; i++) {
        if (!chosen[i])
            continue;
        size_t at = (size_t)units[i]->column - 1;
        folio_buf_append(&text, query + copied, at + uw[i].start - copied);
        folio_buf_puts(&text, chosen[i]);
        copied = at + uw[i].end;
        rc = replace_in_unit(units[i], uw[i].start, uw[i].end, chosen[i]);
        changed = 1;
    }
    if (rc >= 0 && changed) {
        folio_buf_puts(&text, query + copied);
        if ((rc = folio_buf_check(&text)) >= 0)
            *out = folio_buf_detach(&text);
    }
    folio_buf_free(&text);
    for (size_t i = 0; chosen && i < n; i++)
        free(chosen[i]);
    free(chosen);
    free(needs);
    free(lens);
    free(words);
    free(uw);
    return rc;
}
