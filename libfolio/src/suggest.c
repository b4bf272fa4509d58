/* suggest.c — see suggest.h and folio_suggest() in folio.h. */
#include "suggest.h"

#include "error.h"
#include "schema.h"
#include "typo.h"

#include "buf.h"

#include <stdlib.h>
#include <string.h>

/* Index words looked at for one completion: bounds the work for a one-letter prefix. */
#define SUGGEST_SCAN_LIMIT 20000

typedef struct candidate {
    char *word;
    uint64_t freq;
} candidate;

typedef struct candidates {
    candidate *items;
    size_t n, cap;
    size_t prefix_len; /* bytes of the term prefix ("W" or "WS") to strip */
} candidates;

static int add_candidate(void *ctx, const char *term, size_t len, uint64_t freq)
{
    candidates *c = ctx;
    const char *word = term + c->prefix_len;
    size_t wlen = len - c->prefix_len;
    for (size_t i = 0; i < c->n; i++) {
        if (strlen(c->items[i].word) == wlen && memcmp(c->items[i].word, word, wlen) == 0) {
            c->items[i].freq += freq;
            return 0;
        }
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        candidate *items = realloc(c->items, cap * sizeof *items);
        if (!items)
            return folio_error_set(FOLIO_ENOMEM, "out of memory");
        c->items = items;
        c->cap = cap;
    }
    char *copy = malloc(wlen + 1);
    if (!copy)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    memcpy(copy, word, wlen);
    copy[wlen] = '\0';
    c->items[c->n++] = (candidate){copy, freq};
    return 0;
}

static int by_frequency(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->freq != y->freq)
        return x->freq > y->freq ? -1 : 1;
    return strcmp(x->word, y->word);
}

int folio_suggest(char ***out, size_t *out_n, folio_db *db, const char *text, size_t max)
{
    *out = NULL;
    *out_n = 0;
    size_t len = strlen(text);
    size_t start = len;
    while (start > 0 && text[start - 1] != ' ' && text[start - 1] != '\t' && text[start - 1] != '\n')
        start--;
    size_t flen;
    const char *folded = folio_analyzer_fold(db->an, text + start, len - start, &flen);
    if (!folded)
        return FOLIO_ENOMEM;
    if (flen == 0 || max == 0)
        return 0;
    char prefix[FOLIO_MAX_WORD_BYTES + 4];
    candidates c = {NULL, 0, 0, 0};
    static const char *const word_prefixes[] = {"W", "WS"};
    int rc = 0;
    for (size_t i = 0; i < 2 && rc >= 0; i++) {
        size_t plen = strlen(word_prefixes[i]);
        memcpy(prefix, word_prefixes[i], plen);
        memcpy(prefix + plen, folded, flen);
        c.prefix_len = plen;
        rc = folio_xdb_terms_with_prefix(db->x, prefix, plen + flen, SUGGEST_SCAN_LIMIT, add_candidate, &c, NULL);
    }
    if (rc >= 0) {
        if (c.n > 1)
            qsort(c.items, c.n, sizeof *c.items, by_frequency);
        size_t n = c.n < max ? c.n : max;
        char **list = calloc(n + 1, sizeof *list);
        if (!list)
            rc = folio_error_set(FOLIO_ENOMEM, "out of memory");
        for (size_t i = 0; list && i < n; i++) {
            list[i] = c.items[i].word;
            c.items[i].word = NULL;
        }
        *out = list;
        *out_n = list ? n : 0;
    }
    for (size_t i = 0; i < c.n; i++)
        free(c.items[i].word);
    free(c.items);
    return rc < 0 ? rc : 0;
}

void folio_suggestions_free(char **list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free(list[i]);
    free(list);
}

static int is_operator(const char *s, size_t n)
{
    static const char *const ops[] = {"AND", "OR", "NOT", "NEAR"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strlen(ops[i]) <= n && memcmp(s, ops[i], strlen(ops[i])) == 0 &&
            (n == strlen(ops[i]) || s[strlen(ops[i])] == '/'))
            return 1;
    return 0;
}

/* The closest, most frequent index word within FOLIO_TYPO_MAX_EDITS of a folded word, or NULL. */
static int closest_word(char **out, folio_db *db, const char *word, size_t len)
{
    free(*out);
    *out = NULL;
    folio_typo_candidate *c;
    size_t n;
    int rc = folio_typo_candidates(&c, &n, db, word, len, FOLIO_TYPO_MAX_EDITS, 0, 1);
    if (rc >= 0 && n) {
        *out = c[0].word;
        c[0].word = NULL;
    }
    folio_typo_candidates_free(c, n);
    return rc;
}

/* The correction of one white-space separated piece of a query, appended to out; *changed set if it
 * differs. Syntax around the word (+ - ( ) and quotes) is kept; pieces with other syntax are copied. */
static int correct_piece(folio_buf *out, folio_db *db, const char *piece, size_t len, int *changed,
                         const folio_synonyms *synonyms)
{
    size_t lead = 0, trail = 0;
    while (lead < len && strchr("+-(\"", piece[lead]))
        lead++;
    while (trail < len - lead && strchr(")\"", piece[len - 1 - trail]))
        trail++;
    const char *core = piece + lead;
    size_t clen = len - lead - trail;
    folio_cursor cur;
    folio_token tok;
    int plain = clen > 0 && !memchr(core, ':', clen) && !memchr(core, '*', clen) && !is_operator(core, clen);
    if (plain) {
        folio_analyzer_start(&cur, core, clen, 0);
        plain = folio_analyzer_next(db->an, &cur, &tok) == 1 && tok.start == 0 && tok.end == clen &&
                folio_analyzer_next(db->an, &cur, &tok) == 0;
        if (plain) {
            folio_analyzer_start(&cur, core, clen, 0);
            folio_analyzer_next(db->an, &cur, &tok);
            plain = !folio_synonyms_find(synonyms, tok.term, tok.term_len, NULL, 0);
        }
    }
    char *suggestion = NULL;
    uint64_t held = 1;
    int rc = 0;
    if (plain && (rc = folio_typo_word_freq(&held, db, tok.word, tok.word_len)) >= 0 && !held) {
        char word[FOLIO_MAX_WORD_BYTES + 1];
        memcpy(word, tok.word, tok.word_len + 1);
        rc = folio_xdb_spelling_suggestion(db->x, word, &suggestion);
        if (rc >= 0 && (!suggestion || !*suggestion)) /* no spelling data: remote shards */
            rc = closest_word(&suggestion, db, word, tok.word_len);
    }
    if (suggestion && *suggestion) {
        folio_buf_append(out, piece, lead);
        folio_buf_puts(out, suggestion);
        folio_buf_append(out, piece + len - trail, trail);
        *changed = 1;
    } else {
        folio_buf_append(out, piece, len);
    }
    free(suggestion);
    return rc;
}

int folio_didyoumean(char **out, folio_db *db, const char *query, const folio_synonyms *synonyms)
{
    *out = NULL;
    folio_buf b = FOLIO_BUF_INIT;
    int changed = 0, rc = 0;
    for (const char *p = query; *p && rc >= 0;) {
        size_t space = strspn(p, " \t\r\n");
        folio_buf_append(&b, p, space);
        p += space;
        size_t len = strcspn(p, " \t\r\n");
        if (len)
            rc = correct_piece(&b, db, p, len, &changed, synonyms);
        p += len;
    }
    if (rc >= 0 && (rc = folio_buf_check(&b)) >= 0 && changed)
        *out = folio_buf_detach(&b);
    folio_buf_free(&b);
    return rc;
}
