/* plan.c — see plan.h. */
#include "plan.h"
#include "language.h"

#include "error.h"
#include "schema.h"
#include "stopwords.h"
#include "text.h"
#include "typo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* What compiling one node gives: a query, or nothing at all (`empty`, e.g. a word of punctuation only,
 * which its parent drops). Errors go to the sticky ctx->rc and make `query` NULL. */
typedef struct compiled {
    folio_xquery *query;
    int empty;
} compiled;

/* Words a query may hold in phrases and NEAR groups (distinct ones: repeats count once). Each costs a
 * walk through the positions of every document holding it, so this bounds a query's time (measured
 * worst cases: bench/query_bounds.sh, bench/batch/README.md). */
#define MAX_POSITIONAL_WORDS 128
/* Prefixes a query may hold. Each expands, in each field, to at most max_expansion words of its own
 * (one budget shared by the whole query left `s* s*` and `a* x*` with nothing for the second prefix:
 * 0 hits, reported as exact). All together they may expand to EXPANSION_BUDGETS_PER_QUERY x
 * max_expansion words; a query over either bound is a query error, never a silently emptied prefix.
 * (On Reuters, 16 one-letter prefixes OR'ed at 1,000 words a field took 5.4 s.) */
#define MAX_QUERY_PREFIXES 16
#define EXPANSION_BUDGETS_PER_QUERY 4

typedef struct plan_ctx {
    folio_db *db;
    folio_plan *plan;
    unsigned max_expansion; /* words each prefix may expand to, in each field */
    const double *field_boost; /* folio_plan_options.field_boost */
    unsigned prefixes;      /* prefixes met so far */
    size_t expanded;        /* words all of them expanded to so far */
    size_t positional; /* words in phrases and NEAR groups so far */
    folio_buf term; /* scratch for building a prefixed term */
    int rc;         /* sticky: the first error; later steps do nothing */
    int positions_needed; /* a phrase or NEAR group of two words or more */
    const folio_synonyms *synonyms; /* folio_plan_options.synonyms */
    int synonyms_paused;            /* compiling the words of a synonym group, or a fuzzy word's alternatives */
    size_t synonym_entries;         /* entries applied so far (FOLIO_SYNONYMS_PER_QUERY) */
    folio_buf synonym_note;         /* plan->synonyms_used, being written */
    /* The languages query words are read in (db.h folio_db_languages, or those a `lang:` filter names):
     * languages[0] is the analyzer's for the whole plan, the others only for the words of WORD and
     * PHRASE nodes (analyze_languages). */
    const char *languages[FOLIO_INDEX_LANGUAGES_MAX];
    size_t nlanguages;
    folio_buf language_note;        /* plan->languages_used, being written */
} plan_ctx;

/* A list of terms produced by analyzing some query text. */
typedef struct term_list {
    char **terms;
    size_t n, cap;
} term_list;

static const folio_text_field all_fields[FOLIO_TEXT_FIELD_COUNT] = {FOLIO_TEXT_BODY, FOLIO_TEXT_TITLE, FOLIO_TEXT_AUTHOR,
                                                                    FOLIO_TEXT_URL};

static void fail(plan_ctx *c, int rc)
{
    if (c->rc >= 0)
        c->rc = rc;
}

static void check_query(plan_ctx *c, const folio_xquery *q)
{
    if (!q)
        fail(c, folio_error_last() ? folio_error_last()->code : FOLIO_ENOMEM);
}

static void term_list_clear(term_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->terms[i]);
    free(l->terms);
    memset(l, 0, sizeof *l);
}

static void term_list_add(plan_ctx *c, term_list *l, const char *s, size_t len)
{
    if (c->rc < 0)
        return;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        char **t = realloc(l->terms, cap * sizeof *t);
        if (!t) {
            fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
            return;
        }
        l->terms = t;
        l->cap = cap;
    }
    char *copy = folio_text_copy(s, len);
    if (!copy) {
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
        return;
    }
    l->terms[l->n++] = copy;
}

/* The stems of `text`, in order. */
static void analyze(plan_ctx *c, const char *text, size_t len, term_list *out)
{
    folio_cursor cur;
    folio_token tok;
    int rc;
    folio_analyzer_start(&cur, text, len, 0);
    while (c->rc >= 0 && (rc = folio_analyzer_next(c->db->an, &cur, &tok)) == 1)
        term_list_add(c, out, tok.term, tok.term_len);
    if (rc < 0)
        fail(c, rc);
}

/* Repeated operands ("a a a", "x OR x", "-y -y") match like one copy and weigh like all copies summed,
 * so each distinct WORD or PHRASE (same stems, same sign) is compiled once and scaled by its number of
 * copies: a 10,000-word query of a few words repeated costs a few posting lists, not 10,000. */
typedef struct unit_key {
    char *key; /* sign, then the stems separated by ' ' */
    size_t index;
} unit_key;

static int compare_keys(const void *a, const void *b)
{
    const unit_key *x = a, *y = b;
    int d = strcmp(x->key, y->key);
    return d ? d : (x->index > y->index) - (x->index < y->index);
}

/* The key of a WORD or PHRASE unit, or of NOT over one; NULL for any other node (never merged). */
static char *unit_key_of(plan_ctx *c, const folio_qnode *n)
{
    int excluded = n->kind == FOLIO_Q_NOT;
    const folio_qnode *inner = excluded ? n->kids[0] : n;
    if (inner->kind != FOLIO_Q_WORD && inner->kind != FOLIO_Q_PHRASE)
        return NULL;
    term_list t = {0};
    analyze(c, inner->text, inner->text_len, &t);
    folio_buf key = FOLIO_BUF_INIT;
    folio_buf_putc(&key, excluded ? '-' : '+');
    for (size_t i = 0; i < t.n; i++) {
        folio_buf_puts(&key, t.terms[i]);
        folio_buf_putc(&key, ' ');
    }
    term_list_clear(&t);
    char *out = folio_buf_detach(&key);
    if (!out)
        fail(c, FOLIO_ENOMEM);
    return out;
}

/* copies[i] = how many of units[0..n) repeat units[i] when i is the first of them; 0 for a later copy. */
static void count_copies(plan_ctx *c, const folio_qnode *const *units, size_t n, unsigned *copies)
{
    unit_key *keys = calloc(n ? n : 1, sizeof *keys);
    size_t nk = 0;
    if (!keys)
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
    for (size_t i = 0; i < n; i++) {
        copies[i] = 1;
        char *key = c->rc >= 0 ? unit_key_of(c, units[i]) : NULL;
        if (key)
            keys[nk++] = (unit_key){key, i};
    }
    if (c->rc >= 0 && nk > 1)
        qsort(keys, nk, sizeof *keys, compare_keys);
    for (size_t run = 0, i = 1; c->rc >= 0 && i <= nk; i++) {
        if (i < nk && strcmp(keys[i].key, keys[run].key) == 0) {
            copies[keys[i].index] = 0;
            copies[keys[run].index]++;
        } else {
            run = i;
        }
    }
    for (size_t i = 0; i < nk; i++)
        free(keys[i].key);
    free(keys);
}

/* A compiled unit that stands for `copies` repeats weighs as ranking.repeat_power says (as much as all
 * of them by default). */
static folio_xquery *weigh_copies(plan_ctx *c, folio_xquery *q, unsigned copies)
{
    if (copies <= 1 || !q)
        return q;
    q = folio_xquery_scale(q, folio_ranking_repeat_weight(&c->db->ranking, copies));
    check_query(c, q);
    return q;
}

/* Counts the words of a phrase or NEAR group against MAX_POSITIONAL_WORDS. */
static void spend_positional(plan_ctx *c, const folio_qnode *n, size_t words)
{
    c->positional += words;
    c->positions_needed |= words > 1;
    if (c->rc >= 0 && c->positional > MAX_POSITIONAL_WORDS)
        fail(c, folio_error_set_at(FOLIO_EQUERY, n->column,
                                   "query too complex (more than %d words in phrases and NEAR groups)",
                                   MAX_POSITIONAL_WORDS));
}

/* After a prefix's expansion: the query's words against EXPANSION_BUDGETS_PER_QUERY x max_expansion. */
static void check_expanded(plan_ctx *c, const folio_qnode *n)
{
    size_t budget = (size_t)EXPANSION_BUDGETS_PER_QUERY * c->max_expansion;
    if (c->rc >= 0 && c->expanded > budget)
        fail(c, folio_error_set_at(FOLIO_EQUERY, n->column,
                                   "query too complex (its prefixes expand to more than %zu words; use longer "
                                   "prefixes)",
                                   budget));
}

/* Counts a prefix against MAX_QUERY_PREFIXES. */
static void spend_prefix(plan_ctx *c, const folio_qnode *n)
{
    if (c->rc >= 0 && ++c->prefixes > MAX_QUERY_PREFIXES)
        fail(c, folio_error_set_at(FOLIO_EQUERY, n->column, "query too complex (more than %d prefixes)",
                                   MAX_QUERY_PREFIXES));
}

/* Room for one more match. */
static int grow_matches(folio_plan *p)
{
    if (p->nmatches < p->matches_cap)
        return 0;
    size_t cap = p->matches_cap ? p->matches_cap * 2 : 8;
    folio_match *m = realloc(p->matches, cap * sizeof *m);
    if (!m)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    p->matches = m;
    p->matches_cap = cap;
    return 0;
}

/* Records something for snippets to highlight; the match takes over `terms`. */
static void add_match(plan_ctx *c, folio_match_kind kind, term_list *terms, unsigned distance)
{
    folio_plan *p = c->plan;
    int rc;
    if (c->rc >= 0 && (rc = grow_matches(p)) < 0)
        fail(c, rc);
    if (c->rc < 0) {
        term_list_clear(terms);
        return;
    }
    p->matches[p->nmatches++] = (folio_match){kind, (const char *const *)terms->terms, terms->n, distance};
    memset(terms, 0, sizeof *terms);
}

static folio_xquery *prefixed_term(plan_ctx *c, const char *prefix, const char *term)
{
    folio_buf_reset(&c->term);
    folio_buf_puts(&c->term, prefix);
    folio_buf_puts(&c->term, term);
    if (folio_buf_check(&c->term) < 0) {
        fail(c, FOLIO_ENOMEM);
        return NULL;
    }
    folio_xquery *q = folio_xquery_term(c->term.data, c->term.len);
    check_query(c, q);
    return q;
}

/* Title terms weigh more than the others; a field boost multiplies a field's weight. */
static folio_xquery *weigh_field(plan_ctx *c, folio_text_field f, folio_xquery *q)
{
    double weight = f == FOLIO_TEXT_TITLE ? c->db->ranking.title_weight : 1;
    if (c->field_boost)
        weight *= c->field_boost[folio_boosts_field_index(f)];
    if (weight == 1 || !q)
        return q;
    q = folio_xquery_scale(q, weight);
    check_query(c, q);
    return q;
}

/* The terms of `list` under `prefix`: the one term, or all of them joined by `op` within `window`. */
static folio_xquery *terms_joined(plan_ctx *c, const char *prefix, const term_list *list, folio_xop op,
                                  unsigned window)
{
    if (list->n == 1)
        return prefixed_term(c, prefix, list->terms[0]);
    folio_xquery **terms = calloc(list->n, sizeof *terms);
    if (!terms) {
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
        return NULL;
    }
    for (size_t t = 0; t < list->n; t++)
        terms[t] = prefixed_term(c, prefix, list->terms[t]);
    folio_xquery *q = folio_xquery_combine(op, terms, list->n, window);
    free(terms);
    check_query(c, q);
    return q;
}

/* Whether the phrase (or NEAR group) `q` of a field other than the body is worth OR'ing with the body's:
 * Xapian 1.4.22 runs phrases OR'ed together much more slowly than a phrase alone (bench/batch/README.md),
 * and most titles hold none of
 * a query's phrases. One that no document has adds neither matches nor weight, so it is left out; the
 * check stops at the first match. Not over remote shards, where it would cost a round trip. A writer
 * committing between the check and the run may add the first title holding the phrase, which this query
 * then misses. */
static int worth_keeping(plan_ctx *c, const folio_xquery *q)
{
    if (c->rc < 0 || !q || folio_xdb_has_remote(c->db->x))
        return 1;
    folio_xrun_options run = {.check_at_least = 1, .count_only = 1};
    folio_xtotals totals;
    int rc = folio_xdb_run(c->db->x, q, &run, NULL, NULL, NULL, &totals);
    if (rc < 0) {
        fail(c, rc);
        return 1;
    }
    return totals.lower_bound > 0;
}

/* Combines up to FOLIO_TEXT_FIELD_COUNT per-field queries with OR (or returns the only one). */
static folio_xquery *or_fields(plan_ctx *c, folio_xquery **per_field, size_t n)
{
    if (n == 1)
        return per_field[0];
    folio_xquery *q = folio_xquery_combine(FOLIO_XOP_OR, per_field, n, 0);
    check_query(c, q);
    return q;
}

/* A term, or several combined with `op` (PHRASE or NEAR) within `window` positions, of already-analyzed
 * stems, in each field of `fields`. */
static folio_xquery *terms_query(plan_ctx *c, const term_list *t, unsigned fields, folio_xop op, unsigned window)
{
    folio_xquery *per_field[FOLIO_TEXT_FIELD_COUNT + 1];
    size_t nf = 0;
    if (t->n == 1 && c->db->ranking.title_synonym && (fields & FOLIO_TEXT_BODY) && (fields & FOLIO_TEXT_TITLE)) {
        /* BM25F-style: title and body occurrences as one term, the title's extra weight on top. */
        folio_xquery *both[2] = {prefixed_term(c, folio_schema_stem_prefix(FOLIO_TEXT_BODY), t->terms[0]),
                                 prefixed_term(c, folio_schema_stem_prefix(FOLIO_TEXT_TITLE), t->terms[0])};
        per_field[nf] = folio_xquery_combine(FOLIO_XOP_SYNONYM, both, 2, 0);
        check_query(c, per_field[nf]);
        per_field[nf] = weigh_field(c, FOLIO_TEXT_BODY, per_field[nf]);
        if (per_field[nf])
            nf++;
        if (c->db->ranking.title_weight > 0)
            fields &= ~(unsigned)FOLIO_TEXT_BODY;
        else
            fields &= ~(unsigned)(FOLIO_TEXT_BODY | FOLIO_TEXT_TITLE);
    }
    for (int i = 0; i < FOLIO_TEXT_FIELD_COUNT && c->rc >= 0; i++) {
        folio_text_field f = all_fields[i];
        if (!(fields & f))
            continue;
        folio_xquery *q = terms_joined(c, folio_schema_stem_prefix(f), t, op, window);
        if (t->n > 1 && f != FOLIO_TEXT_BODY && (fields & FOLIO_TEXT_BODY) && !worth_keeping(c, q)) {
            folio_xquery_free(q);
            continue;
        }
        q = weigh_field(c, f, q);
        if (q)
            per_field[nf++] = q;
    }
    if (c->rc < 0) {
        for (size_t i = 0; i < nf; i++)
            folio_xquery_free(per_field[i]);
        return NULL;
    }
    return or_fields(c, per_field, nf);
}

/* ---- Runs of scripts without spaces ----
 * A query word holding a run of a script written without spaces ("新疆的庇护", "iPhone15の新機能") stands for
 * the words the analyzer cuts from it (segment.h), each read as a word of its own, as if typed with
 * spaces between them: all required, or any of them in a relaxed plain query, and ranked by the phrase
 * boost and proximity like other words. A quoted phrase ("新疆的庇护") keeps them consecutive. What the
 * analyzer does not segment stays one piece, so "visa-free" inside such a word is still a phrase. */
typedef struct pieces {
    folio_qnode *words; /* WORD nodes over parts of the word's text, owned */
    size_t n;
} pieces;

static void pieces_clear(pieces *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->words[i].text);
    free(p->words);
    memset(p, 0, sizeof *p);
}

/* Adds the piece word->text[start..end) to out (when not NULL); returns 1, for counting. */
static size_t add_piece(plan_ctx *c, const folio_qnode *word, size_t start, size_t end, pieces *out)
{
    if (!out)
        return 1;
    folio_qnode *w = &out->words[out->n++];
    w->kind = FOLIO_Q_WORD;
    w->text = folio_text_copy(word->text + start, end - start);
    w->text_len = end - start;
    w->column = word->column + (int)start;
    w->required = word->required;
    if (!w->text)
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
    return 1;
}

/* Counts the pieces of `word` (when `out` is NULL) or fills out->words; returns their number, 0 when the
 * word holds nothing segmented. */
static size_t cut_pieces(plan_ctx *c, const folio_qnode *word, pieces *out)
{
    folio_cursor cur;
    folio_token tok;
    size_t n = 0, start = 0, end = 0;
    int rc, segmented = 0, open = 0; /* open: unsegmented words [start, end) wait to become a piece */
    folio_analyzer_start(&cur, word->text, word->text_len, 0);
    while (c->rc >= 0 && (rc = folio_analyzer_next(c->db->an, &cur, &tok)) == 1) {
        if (!tok.segmented) {
            start = open ? start : tok.start;
            end = tok.end;
            open = 1;
            continue;
        }
        if (open)
            n += add_piece(c, word, start, end, out);
        open = 0;
        segmented = 1;
        n += add_piece(c, word, tok.start, tok.end, out);
    }
    if (rc < 0)
        fail(c, rc);
    if (open)
        n += add_piece(c, word, start, end, out);
    return segmented ? n : 0;
}

/* The pieces of a WORD holding segmented text, in p (empty for any other node or word). */
static void split_runs(plan_ctx *c, const folio_qnode *word, pieces *p)
{
    memset(p, 0, sizeof *p);
    if (word->kind != FOLIO_Q_WORD)
        return;
    size_t n = cut_pieces(c, word, NULL);
    if (n < 2 || c->rc < 0)
        return;
    p->words = calloc(n, sizeof *p->words);
    if (!p->words) {
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
        return;
    }
    cut_pieces(c, word, p);
}

static compiled compile_text(plan_ctx *c, const folio_qnode *n, unsigned fields, int positive);
static folio_xquery *combine_kept(plan_ctx *c, folio_xop op, folio_xquery **qs, size_t n);

/* The AND of the pieces. */
static compiled compile_pieces(plan_ctx *c, const pieces *p, unsigned fields, int positive)
{
    compiled out = {NULL, 1};
    folio_xquery **qs = calloc(p->n, sizeof *qs);
    size_t nq = 0;
    if (!qs)
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
    for (size_t i = 0; qs && i < p->n && c->rc >= 0; i++) {
        compiled r = compile_text(c, &p->words[i], fields, positive);
        if (r.query)
            qs[nq++] = r.query;
    }
    if (c->rc < 0) {
        for (size_t i = 0; i < nq; i++)
            folio_xquery_free(qs[i]);
        free(qs);
        return out;
    }
    out.empty = nq == 0;
    out.query = combine_kept(c, FOLIO_XOP_AND, qs, nq);
    return out;
}

/* The stems of t joined by single spaces, as synonyms.h looks them up, in `out`. */
static void join_stems(folio_buf *out, const term_list *t)
{
    folio_buf_reset(out);
    for (size_t i = 0; i < t->n; i++) {
        if (i)
            folio_buf_putc(out, ' ');
        folio_buf_puts(out, t->terms[i]);
    }
}

/* The stems of an entry (folio_synonym.stems, separated by single spaces). */
static void split_stems(plan_ctx *c, const char *stems, term_list *out)
{
    for (const char *p = stems; *p;) {
        size_t n = strcspn(p, " ");
        term_list_add(c, out, p, n);
        p += n + (p[n] == ' ');
    }
}

/* Starts the entry of the words `text` in a note for --explain ("a: ...; b: ..."). */
static folio_buf *note_entry(folio_buf *b, const char *text, size_t len)
{
    if (b->len)
        folio_buf_puts(b, "; ");
    folio_buf_append(b, text, len);
    folio_buf_puts(b, ": ");
    return b;
}

/* Notes for --explain that `typed` also matched these entries. */
static void note_synonyms(plan_ctx *c, const char *typed, size_t len, const folio_synonym *const *found, size_t n)
{
    folio_buf *b = note_entry(&c->synonym_note, typed, len);
    for (size_t i = 0; i < n; i++) {
        if (i)
            folio_buf_puts(b, ", ");
        folio_buf_puts(b, found[i]->text);
    }
}

/* Several forms of one text (its synonyms, or its stems in several languages) as one term in each of
 * `fields`: OP_SYNONYM of the forms (a form of several words as a phrase), so a document is weighed by
 * what it holds of them all, as if they were one word; the fields then weighed and OR'ed as any word's.
 * NULL when no field is left (or on error). */
static folio_xquery *forms_query(plan_ctx *c, const term_list *forms, size_t n, unsigned fields)
{
    folio_xquery *per_field[FOLIO_TEXT_FIELD_COUNT];
    size_t nf = 0;
    for (int f = 0; f < FOLIO_TEXT_FIELD_COUNT && c->rc >= 0; f++) {
        if (!(fields & all_fields[f]))
            continue;
        folio_xquery **group = calloc(n, sizeof *group);
        if (!group) {
            fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
            break;
        }
        for (size_t i = 0; i < n; i++)
            group[i] = terms_joined(c, folio_schema_stem_prefix(all_fields[f]), &forms[i], FOLIO_XOP_PHRASE,
                                    (unsigned)forms[i].n);
        folio_xquery *q = folio_xquery_combine(FOLIO_XOP_SYNONYM, group, n, 0);
        free(group);
        check_query(c, q);
        if ((q = weigh_field(c, all_fields[f], q)))
            per_field[nf++] = q;
    }
    if (c->rc < 0 || !nf) {
        for (size_t i = 0; i < nf; i++)
            folio_xquery_free(per_field[i]);
        return NULL;
    }
    return or_fields(c, per_field, nf);
}

/* `typed` (the query of the words `stems`, as the words `text` typed, in `fields`), or, when the synonym
 * list has entries for those stems, typed x FOLIO_SYNONYM_TYPED_SHARE OR the rest of its weight as one
 * term of typed and the entries (OP_SYNONYM in each field; several words as a phrase). Takes over
 * `typed`. */
static folio_xquery *with_synonyms(plan_ctx *c, folio_xquery *typed, const term_list *stems, unsigned fields,
                                   const char *text, size_t len)
{
    if (!typed || !c->synonyms || c->synonyms_paused || c->rc < 0 || stems->n == 0)
        return typed;
    folio_buf key = FOLIO_BUF_INIT;
    join_stems(&key, stems);
    const folio_synonym *found[FOLIO_SYNONYMS_MAX_PER_WORD];
    size_t n = folio_buf_check(&key) < 0 ? 0
                                         : folio_synonyms_find(c->synonyms, key.data, key.len, found,
                                                               FOLIO_SYNONYMS_MAX_PER_WORD);
    folio_buf_free(&key);
    if (n && c->synonym_entries + n > FOLIO_SYNONYMS_PER_QUERY) {
        c->plan->synonyms_capped = 1;
        n = 0;
    }
    term_list *forms = n ? calloc(n + 1, sizeof *forms) : NULL;
    if (n && !forms)
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
    if (!forms)
        return typed;
    c->synonym_entries += n;
    forms[0] = *stems; /* borrowed */
    for (size_t i = 0; i < n; i++) {
        split_stems(c, found[i]->stems, &forms[i + 1]);
        c->positions_needed |= forms[i + 1].n > 1;
    }
    c->positions_needed |= stems->n > 1;
    folio_xquery *group = forms_query(c, forms, n + 1, fields);
    folio_xquery *out = typed;
    if (c->rc >= 0 && group) {
        folio_xquery *pair[2] = {folio_xquery_scale(typed, FOLIO_SYNONYM_TYPED_SHARE),
                                 folio_xquery_scale(group, 1 - FOLIO_SYNONYM_TYPED_SHARE)};
        out = folio_xquery_combine(FOLIO_XOP_OR, pair, 2, 0);
        check_query(c, out);
        note_synonyms(c, text, len, found, n);
        for (size_t i = 1; (fields & FOLIO_TEXT_BODY) && i <= n; i++)
            add_match(c, forms[i].n == 1 ? FOLIO_MATCH_TERM : FOLIO_MATCH_PHRASE, &forms[i], 0);
    } else {
        folio_xquery_free(group);
    }
    for (size_t i = 1; i <= n; i++)
        term_list_clear(&forms[i]);
    free(forms);
    return out;
}

/* Whether two analyses are the same terms. */
static int same_terms(const term_list *a, const term_list *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->terms[i], b->terms[i]) != 0)
            return 0;
    return 1;
}

/* Notes for --explain the stems of `text` in each language where they differ. */
static void note_languages(plan_ctx *c, const char *text, size_t len, const term_list *forms,
                           const char *const *languages, size_t n)
{
    folio_buf *b = note_entry(&c->language_note, text, len);
    for (size_t i = 0; i < n; i++) {
        folio_buf_puts(b, i ? ", " : "");
        folio_buf_puts(b, languages[i]);
        folio_buf_putc(b, ' ');
        for (size_t t = 0; t < forms[i].n; t++) {
            folio_buf_puts(b, t ? " " : "");
            folio_buf_puts(b, forms[i].terms[t]);
        }
    }
}

/* The stems of the words of `units` (those not marked in `stop`, when given; analysis stops once
 * `max_terms` are read) in each of the plan's languages, where they differ: forms[0] in languages[0]
 * (the analyzer's), then one per other language whose stems are not already there (a caller's array of
 * FOLIO_INDEX_LANGUAGES_MAX, each to be cleared). Returns how many. In a mixed index "nations" is
 * "nation" in English and French alike, one term; "chanteuses" is "chanteus" (English) and "chanteux"
 * (French). `text` (len bytes), when not NULL, is what --explain names them by. */
static size_t analyze_languages(plan_ctx *c, const folio_qnode *const *units, size_t n, const unsigned char *stop,
                                size_t max_terms, term_list *forms, const char *text, size_t len)
{
    size_t nforms = 0;
    const char *named[FOLIO_INDEX_LANGUAGES_MAX];
    for (size_t l = 0; l < c->nlanguages && c->rc >= 0; l++) {
        term_list t = {0};
        int rc = l ? folio_analyzer_use(c->db->an, c->languages[l]) : 0;
        if (rc < 0)
            fail(c, rc);
        for (size_t i = 0; i < n && t.n <= max_terms && c->rc >= 0; i++)
            if (!stop || !stop[i])
                analyze(c, units[i]->text, units[i]->text_len, &t);
        int seen = 0;
        for (size_t j = 0; j < nforms && !seen; j++)
            seen = same_terms(&t, &forms[j]);
        if (l && (seen || t.n == 0 || c->rc < 0)) {
            term_list_clear(&t);
            continue;
        }
        named[nforms] = c->languages[l];
        forms[nforms++] = t;
    }
    if (c->nlanguages > 1) {
        int rc = folio_analyzer_use(c->db->an, c->languages[0]);
        if (rc < 0)
            fail(c, rc);
    }
    if (nforms == 0) /* an error before the first language */
        memset(&forms[nforms++], 0, sizeof *forms);
    if (text && nforms > 1 && c->rc >= 0)
        note_languages(c, text, len, forms, named, nforms);
    return nforms;
}

static void forms_clear(term_list *forms, size_t n)
{
    for (size_t i = 0; i < n; i++)
        term_list_clear(&forms[i]);
}

/* WORD and PHRASE: analyzed text; one term, or a phrase of several. */
static compiled compile_text(plan_ctx *c, const folio_qnode *n, unsigned fields, int positive)
{
    compiled out = {NULL, 0};
    pieces p;
    split_runs(c, n, &p);
    if (p.n) {
        out = compile_pieces(c, &p, fields, positive);
        pieces_clear(&p);
        return out;
    }
    term_list forms[FOLIO_INDEX_LANGUAGES_MAX];
    size_t nforms = analyze_languages(c, &n, 1, NULL, SIZE_MAX, forms, n->text, n->text_len);
    term_list *t = &forms[0];
    if (t->n > 1)
        spend_positional(c, n, t->n);
    if (c->rc >= 0 && t->n == 0)
        out.empty = 1;
    else if (c->rc >= 0 && nforms == 1)
        out.query = terms_query(c, t, fields, FOLIO_XOP_PHRASE, (unsigned)t->n);
    else if (c->rc >= 0)
        out.query = forms_query(c, forms, nforms, fields);
    if (positive && n->kind == FOLIO_Q_WORD && !n->fuzzy)
        out.query = with_synonyms(c, out.query, t, fields, n->text, n->text_len);
    for (size_t i = 0; positive && (fields & FOLIO_TEXT_BODY) && out.query && i < nforms; i++)
        add_match(c, forms[i].n == 1 ? FOLIO_MATCH_TERM : FOLIO_MATCH_PHRASE, &forms[i], 0);
    forms_clear(forms, nforms);
    return out;
}

typedef struct expansion {
    plan_ctx *c;
    folio_xquery **terms;
    size_t n, cap;
} expansion;

static int collect_expansion(void *ctx, const char *term, size_t len, uint64_t termfreq)
{
    (void)termfreq;
    expansion *e = ctx;
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 16;
        folio_xquery **t = realloc(e->terms, cap * sizeof *t);
        if (!t)
            return folio_error_set(FOLIO_ENOMEM, "out of memory");
        e->terms = t;
        e->cap = cap;
    }
    folio_xquery *q = folio_xquery_term(term, len);
    if (!q)
        return FOLIO_ENOMEM;
    e->terms[e->n++] = q;
    e->c->expanded++;
    return 0;
}

/* PREFIX: an OR over the index's words that start with the folded prefix, in each field. */
static compiled compile_prefix(plan_ctx *c, const folio_qnode *n, unsigned fields, int positive)
{
    compiled out = {NULL, 0};
    size_t flen;
    const char *folded = folio_analyzer_fold(c->db->an, n->text, n->text_len, &flen);
    if (!folded) {
        fail(c, FOLIO_ENOMEM);
        return out;
    }
    if (flen == 0) {
        out.empty = 1;
        return out;
    }
    spend_prefix(c, n);
    term_list prefix = {0};
    term_list_add(c, &prefix, folded, flen);
    expansion e = {c, NULL, 0, 0};
    folio_xquery *per_field[FOLIO_TEXT_FIELD_COUNT];
    size_t nf = 0;
    for (int i = 0; i < FOLIO_TEXT_FIELD_COUNT && c->rc >= 0; i++) {
        folio_text_field f = all_fields[i];
        if (!(fields & f))
            continue;
        folio_buf_reset(&c->term);
        folio_buf_puts(&c->term, folio_schema_word_prefix(f));
        folio_buf_puts(&c->term, prefix.terms[0]);
        if (folio_buf_check(&c->term) < 0) {
            fail(c, FOLIO_ENOMEM);
            break;
        }
        int more = 0;
        e.n = 0;
        int rc = folio_xdb_terms_with_prefix(c->db->x, c->term.data, c->term.len, c->max_expansion,
                                             collect_expansion, &e, &more);
        if (rc < 0) {
            fail(c, rc);
            break;
        }
        c->plan->expansion_capped |= more;
        if (e.n == 0)
            continue;
        folio_xquery *q = e.n == 1 ? e.terms[0] : folio_xquery_combine(FOLIO_XOP_OR, e.terms, e.n, 0);
        e.n = 0; /* the terms now belong to q */
        check_query(c, q);
        q = weigh_field(c, f, q);
        if (q)
            per_field[nf++] = q;
    }
    for (size_t i = e.n; c->rc < 0 && i-- > 0;)
        folio_xquery_free(e.terms[i]);
    free(e.terms);
    check_expanded(c, n);
    if (c->rc >= 0) {
        out.query = nf ? or_fields(c, per_field, nf) : folio_xquery_match_nothing();
        check_query(c, out.query);
    } else {
        for (size_t i = 0; i < nf; i++)
            folio_xquery_free(per_field[i]);
    }
    if (positive && (fields & FOLIO_TEXT_BODY) && out.query)
        add_match(c, FOLIO_MATCH_PREFIX, &prefix, 0);
    term_list_clear(&prefix);
    return out;
}

static folio_xquery *combine_kept(plan_ctx *c, folio_xop op, folio_xquery **qs, size_t n);

/* The stems of the index's words (titles and bodies) that start with a folded prefix: what a prefix
 * stands for inside NEAR, where positions are needed and only stems carry them. */
typedef struct stem_collector {
    plan_ctx *c;
    term_list *stems;
    size_t prefix_len;
} stem_collector;

static int collect_stem(void *ctx, const char *term, size_t len, uint64_t termfreq)
{
    (void)termfreq;
    stem_collector *sc = ctx;
    term_list word = {0};
    analyze(sc->c, term + sc->prefix_len, len - sc->prefix_len, &word);
    for (size_t w = 0; w < word.n; w++) {
        size_t k = 0;
        while (k < sc->stems->n && strcmp(sc->stems->terms[k], word.terms[w]) != 0)
            k++;
        if (k == sc->stems->n)
            term_list_add(sc->c, sc->stems, word.terms[w], strlen(word.terms[w]));
    }
    term_list_clear(&word);
    sc->c->expanded++;
    return sc->c->rc < 0 ? sc->c->rc : 0;
}

static void expand_prefix_stems(plan_ctx *c, const folio_qnode *kid, term_list *stems)
{
    size_t flen;
    const char *folded = folio_analyzer_fold(c->db->an, kid->text, kid->text_len, &flen);
    if (!folded) {
        fail(c, FOLIO_ENOMEM);
        return;
    }
    spend_prefix(c, kid);
    char prefix[FOLIO_MAX_WORD_BYTES + 4];
    static const char *const word_prefixes[] = {"W", "WS"};
    for (size_t i = 0; i < 2 && c->rc >= 0 && flen; i++) {
        size_t plen = strlen(word_prefixes[i]);
        memcpy(prefix, word_prefixes[i], plen);
        memcpy(prefix + plen, folded, flen);
        stem_collector sc = {c, stems, plen};
        int more = 0;
        int rc = folio_xdb_terms_with_prefix(c->db->x, prefix, plen + flen, c->max_expansion,
                                             collect_stem, &sc, &more);
        c->plan->expansion_capped |= more;
        if (rc < 0)
            fail(c, rc);
    }
    check_expanded(c, kid);
}

/* One position of a NEAR group: the stems that may stand there (one, or a prefix's expansion). */
typedef struct near_group {
    term_list *slots;
    size_t nslots;
    term_list *phrases; /* operands of several words: their words must also stand as a phrase */
    size_t nphrases;
    size_t longest, second; /* the two longest operands, in words */
} near_group;

static void near_group_clear(near_group *g)
{
    for (size_t i = 0; i < g->nslots; i++)
        term_list_clear(&g->slots[i]);
    for (size_t i = 0; i < g->nphrases; i++)
        term_list_clear(&g->phrases[i]);
    free(g->slots);
    free(g->phrases);
}

static void near_note_length(near_group *g, size_t len)
{
    if (len > g->longest) {
        g->second = g->longest;
        g->longest = len;
    } else if (len > g->second) {
        g->second = len;
    }
}

/* Reads the operands into slots; 0 when an operand stands for nothing (the group cannot match). */
static int near_group_read(plan_ctx *c, const folio_qnode *n, near_group *g, size_t max_slots)
{
    g->slots = calloc(max_slots, sizeof *g->slots);
    g->phrases = calloc(n->nkids, sizeof *g->phrases);
    if (!g->slots || !g->phrases) {
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
        return 0;
    }
    for (size_t k = 0; k < n->nkids && c->rc >= 0; k++) {
        const folio_qnode *kid = n->kids[k];
        if (kid->kind == FOLIO_Q_PREFIX) {
            expand_prefix_stems(c, kid, &g->slots[g->nslots]);
            if (g->slots[g->nslots++].n == 0)
                return 0;
            near_note_length(g, 1);
            continue;
        }
        term_list words = {0};
        analyze(c, kid->text, kid->text_len, &words);
        for (size_t w = 0; w < words.n && g->nslots < max_slots; w++)
            term_list_add(c, &g->slots[g->nslots++], words.terms[w], strlen(words.terms[w]));
        near_note_length(g, words.n);
        if (words.n > 1)
            g->phrases[g->nphrases++] = words;
        else
            term_list_clear(&words);
    }
    return 1;
}

/* The NEAR of the group's slots in one field, plus the phrase of each multi-word operand. */
static folio_xquery *near_in_field(plan_ctx *c, const near_group *g, folio_text_field f, unsigned window)
{
    const char *prefix = folio_schema_stem_prefix(f);
    folio_xquery **parts = calloc(g->nphrases + 1, sizeof *parts);
    folio_xquery **slots = calloc(g->nslots, sizeof *slots);
    if (!parts || !slots) {
        free(parts);
        free(slots);
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
        return NULL;
    }
    for (size_t i = 0; i < g->nslots; i++)
        slots[i] = terms_joined(c, prefix, &g->slots[i], FOLIO_XOP_OR, 0);
    parts[0] = g->nslots == 1 ? slots[0] : folio_xquery_combine(FOLIO_XOP_NEAR, slots, g->nslots, window);
    free(slots);
    for (size_t i = 0; i < g->nphrases; i++)
        parts[i + 1] = terms_query(c, &g->phrases[i], f, FOLIO_XOP_PHRASE, (unsigned)g->phrases[i].n);
    folio_xquery *q = combine_kept(c, FOLIO_XOP_AND, parts, g->nphrases + 1);
    check_query(c, q);
    return weigh_field(c, f, q);
}

/* NEAR, as FTS5 defines it: every operand occurs, with at most `distance` words between the first
 * operand and the last, in any order. Xapian's OP_NEAR takes a window of positions, so the window is
 * the distance plus the two longest operands (exact for single words). OP_NEAR takes only terms or ORs
 * of terms, so a prefix operand is the OR of the stems of the words it expands to (a word sharing such a
 * stem matches too), and a phrase operand puts its words in the window and is required as a phrase as
 * well (its words near each other in order, not necessarily that occurrence of the phrase). */
static compiled compile_near(plan_ctx *c, const folio_qnode *n, unsigned fields, int positive)
{
    compiled out = {NULL, 0};
    size_t max_slots = 0;
    for (size_t k = 0; k < n->nkids; k++)
        max_slots += n->kids[k]->kind == FOLIO_Q_PREFIX ? 1 : n->kids[k]->text_len; /* >= its words */
    spend_positional(c, n, n->nkids);
    near_group g = {0};
    int can_match = c->rc >= 0 && near_group_read(c, n, &g, max_slots + 1);
    if (c->rc >= 0 && can_match && g.nslots == 0)
        out.empty = 1;
    else if (c->rc >= 0 && !can_match) {
        out.query = folio_xquery_match_nothing();
        check_query(c, out.query);
    } else if (c->rc >= 0) {
        unsigned window = n->distance + (unsigned)(g.longest + g.second);
        folio_xquery *per_field[FOLIO_TEXT_FIELD_COUNT];
        size_t nf = 0;
        for (int i = 0; i < FOLIO_TEXT_FIELD_COUNT && c->rc >= 0; i++) {
            folio_xquery *q = (fields & all_fields[i]) ? near_in_field(c, &g, all_fields[i], window) : NULL;
            if (q)
                per_field[nf++] = q;
        }
        if (c->rc >= 0 && nf)
            out.query = or_fields(c, per_field, nf);
        if (positive && (fields & FOLIO_TEXT_BODY) && out.query) {
            /* Snippets highlight the group by its first stem at each position, in the same window. */
            term_list words = {0};
            for (size_t i = 0; i < g.nslots; i++)
                term_list_add(c, &words, g.slots[i].terms[0], strlen(g.slots[i].terms[0]));
            add_match(c, FOLIO_MATCH_NEAR, &words, window - (unsigned)g.nslots);
            term_list_clear(&words);
        }
    }
    near_group_clear(&g);
    return out;
}

static compiled compile_node(plan_ctx *c, const folio_qnode *n, unsigned fields, int positive);

static int is_filter(const folio_qnode *n)
{
    return n->kind == FOLIO_Q_KEYWORD || n->kind == FOLIO_Q_DATE;
}

/* Combines kept operands: none -> NULL, one -> itself, several -> op. Frees the array. */
static folio_xquery *combine_kept(plan_ctx *c, folio_xop op, folio_xquery **qs, size_t n)
{
    folio_xquery *q = NULL;
    if (n == 1)
        q = qs[0];
    else if (n > 1) {
        q = folio_xquery_combine(op, qs, n, 0);
        check_query(c, q);
    }
    free(qs);
    return q;
}

/* AND, OR, and a lone NOT: positives combined with op; NOT kids excluded; filters restrict. */
static compiled compile_group(plan_ctx *c, const folio_qnode *n, unsigned fields, int positive)
{
    compiled out = {NULL, 0};
    size_t kids = n->kind == FOLIO_Q_NOT ? 1 : n->nkids;
    folio_xquery **pos = calloc(kids + 1, sizeof *pos), **neg = calloc(kids + 1, sizeof *neg),
                 **filt = calloc(kids + 1, sizeof *filt);
    unsigned *copies = calloc(kids, sizeof *copies);
    size_t np = 0, nn = 0, nfilt = 0;
    if (!pos || !neg || !filt || !copies)
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
    else if (n->kind != FOLIO_Q_NOT)
        count_copies(c, (const folio_qnode *const *)n->kids, kids, copies);
    else
        copies[0] = 1;
    for (size_t k = 0; k < kids && c->rc >= 0; k++) {
        const folio_qnode *kid = n->kind == FOLIO_Q_NOT ? n : n->kids[k];
        int excluded = kid->kind == FOLIO_Q_NOT;
        const folio_qnode *inner = excluded ? kid->kids[0] : kid;
        if (!copies[k])
            continue;
        compiled r = compile_node(c, inner, fields, positive && !excluded);
        r.query = weigh_copies(c, r.query, copies[k]);
        if (!r.query)
            continue;
        if (excluded)
            neg[nn++] = r.query;
        else if (n->kind == FOLIO_Q_AND && is_filter(inner))
            filt[nfilt++] = r.query;
        else
            pos[np++] = r.query;
    }
    if (c->rc < 0) {
        for (size_t i = 0; i < np; i++)
            folio_xquery_free(pos[i]);
        for (size_t i = 0; i < nn; i++)
            folio_xquery_free(neg[i]);
        for (size_t i = 0; i < nfilt; i++)
            folio_xquery_free(filt[i]);
        free(pos);
        free(neg);
        free(filt);
        free(copies);
        return out;
    }
    free(copies);
    folio_xquery *base = combine_kept(c, n->kind == FOLIO_Q_OR ? FOLIO_XOP_OR : FOLIO_XOP_AND, pos, np);
    folio_xquery *filter = combine_kept(c, FOLIO_XOP_AND, filt, nfilt);
    folio_xquery *exclude = combine_kept(c, FOLIO_XOP_OR, neg, nn);
    if (!base && !filter && !exclude) {
        out.empty = 1;
        return out;
    }
    if (base && filter) {
        folio_xquery *pair[2] = {base, filter};
        base = folio_xquery_combine(FOLIO_XOP_FILTER, pair, 2, 0);
        check_query(c, base);
    } else if (!base) {
        base = filter ? filter : folio_xquery_match_all();
        check_query(c, base);
    }
    if (exclude) {
        folio_xquery *pair[2] = {base, exclude};
        base = folio_xquery_combine(FOLIO_XOP_AND_NOT, pair, 2, 0);
        check_query(c, base);
    }
    out.query = base;
    return out;
}

static compiled compile_keyword(plan_ctx *c, const folio_qnode *n)
{
    compiled out = {NULL, 0};
    folio_buf_reset(&c->term);
    folio_schema_keyword_term(&c->term, n->field, n->text, n->text_len);
    if (folio_buf_check(&c->term) < 0) {
        fail(c, FOLIO_ENOMEM);
        return out;
    }
    out.query = folio_xquery_term(c->term.data, c->term.len);
    check_query(c, out.query);
    return out;
}

static compiled compile_date(plan_ctx *c, const folio_qnode *n)
{
    compiled out = {NULL, 0};
    double lo = n->date_lo == INT64_MIN ? -HUGE_VAL : (double)n->date_lo;
    double hi = n->date_hi == INT64_MAX ? HUGE_VAL : (double)n->date_hi;
    out.query = folio_xquery_number_range(FOLIO_SLOT_DATE, lo, hi);
    check_query(c, out.query);
    return out;
}

/* word~ and word~N: the word, OR the index words within its edits (typo.h) weighed
 * FOLIO_TYPO_CORRECTED_WEIGHT, so that documents holding the word as written come first. */
static compiled compile_fuzzy(plan_ctx *c, const folio_qnode *n, unsigned fields, int positive)
{
    compiled out = compile_text(c, n, fields, positive);
    folio_cursor cur; /* the candidates are words: the folded word, not its stem */
    folio_token tok;
    folio_analyzer_start(&cur, n->text, n->text_len, 0);
    if (out.empty || !out.query || folio_analyzer_next(c->db->an, &cur, &tok) != 1)
        return out;
    char word[FOLIO_MAX_WORD_BYTES + 1];
    size_t len = tok.word_len;
    memcpy(word, tok.word, len + 1);
    unsigned edits = n->fuzzy;
    if (edits == FOLIO_QUERY_FUZZY_AUTO) {
        edits = folio_typo_max_edits(word, len);
        edits = edits ? edits : 1;
    }
    folio_typo_candidate *cands = NULL;
    size_t ncands = 0;
    int rc = folio_typo_candidates(&cands, &ncands, c->db, word, len, edits, 0, FOLIO_TYPO_FUZZY_WORDS);
    if (rc < 0)
        fail(c, rc);
    folio_xquery **alts = calloc(ncands + 1, sizeof *alts);
    size_t nalts = 0;
    if (!alts)
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
    c->synonyms_paused++; /* the alternatives stand for the word as typed, which has none */
    for (size_t i = 0; i < ncands && alts && c->rc >= 0; i++) {
        folio_qnode alt = *n;
        alt.text = cands[i].word;
        alt.text_len = strlen(cands[i].word);
        alt.fuzzy = 0;
        compiled r = compile_text(c, &alt, fields, positive);
        if (r.query)
            alts[nalts++] = r.query;
    }
    c->synonyms_paused--;
    folio_typo_candidates_free(cands, ncands);
    if (c->rc < 0 || nalts == 0) {
        for (size_t i = 0; i < nalts; i++)
            folio_xquery_free(alts[i]);
        free(alts);
        return out;
    }
    folio_xquery *near = folio_xquery_scale(combine_kept(c, FOLIO_XOP_OR, alts, nalts), FOLIO_TYPO_CORRECTED_WEIGHT);
    folio_xquery *pair[2] = {out.query, near};
    out.query = folio_xquery_combine(FOLIO_XOP_OR, pair, 2, 0);
    check_query(c, out.query);
    return out;
}

static compiled compile_node(plan_ctx *c, const folio_qnode *n, unsigned fields, int positive)
{
    compiled none = {NULL, 0};
    if (c->rc < 0)
        return none;
    switch (n->kind) {
    case FOLIO_Q_WORD:
        return n->fuzzy ? compile_fuzzy(c, n, fields, positive) : compile_text(c, n, fields, positive);
    case FOLIO_Q_PHRASE:
        return compile_text(c, n, fields, positive);
    case FOLIO_Q_PREFIX:
        return compile_prefix(c, n, fields, positive);
    case FOLIO_Q_NEAR:
        return compile_near(c, n, fields, positive);
    case FOLIO_Q_AND:
    case FOLIO_Q_OR:
    case FOLIO_Q_NOT:
        return compile_group(c, n, fields, positive);
    case FOLIO_Q_FIELD:
        return compile_node(c, n->kids[0], folio_schema_text_field(n->field), positive);
    case FOLIO_Q_KEYWORD:
        return compile_keyword(c, n);
    case FOLIO_Q_DATE:
        return compile_date(c, n);
    }
    fail(c, folio_error_set(FOLIO_ERROR, "unknown query node"));
    return none;
}

/* A plain word that is a single stopword ("what", "the"). */
static int is_stopword_unit(plan_ctx *c, const folio_qnode *word)
{
    folio_cursor cur;
    folio_token tok;
    folio_analyzer_start(&cur, word->text, word->text_len, 0);
    if (folio_analyzer_next(c->db->an, &cur, &tok) != 1)
        return 0;
    /* A stopword of any language the words are read in: its documents share the term space, where the
     * word is as frequent as a stopword is. */
    int stop = 0;
    for (size_t i = 0; i < c->nlanguages && !stop; i++)
        stop = folio_stopword(c->languages[i], tok.word, tok.word_len);
    if (!stop)
        return 0;
    return folio_analyzer_next(c->db->an, &cur, &tok) == 0;
}

/* Extra weight for documents holding all the query's words as one phrase (a headline typed in full,
 * stopwords included, that too few documents match word for word): `base` OR the phrase, field by
 * field. A document holding the phrase holds its words, so what matches is unchanged and the weight is
 * what AND_MAYBE would give; but Xapian 1.4.22 runs AND_MAYBE's optional phrase once per document of
 * `base`, and OR only over the phrase's own candidates: far faster, with the same hits and weights
 * (bench/batch/README.md).
 * Each field's phrase is joined on its own: Xapian 1.4.22 adds the weight of a phrase that fails its
 * position check when phrases are OR'ed on the optional side of AND_MAYBE (seen as different rankings
 * for one database and for the same documents split in shards).
 * Boosting pairs of neighbouring words (NEAR) was measured too and lowered both judged collections.
 * Longer queries get no boost: such a phrase practically never occurs, and checking it costs a position
 * walk per word (bench/batch/README.md). */
#define PHRASE_BOOST_MAX_WORDS 64

static folio_xquery *add_phrase_boost(plan_ctx *c, folio_xquery *base, const folio_qnode *const *units, size_t n)
{
    if (c->db->ranking.phrase_boost <= 0)
        return base;
    c->plan->phrase_boosted = 1;
    /* In a mixed index, the phrase in each language's stems: a document holds its own language's. */
    term_list forms[FOLIO_INDEX_LANGUAGES_MAX];
    size_t nforms = analyze_languages(c, units, n, NULL, PHRASE_BOOST_MAX_WORDS, forms, NULL, 0);
    for (size_t l = 0; l < nforms; l++) {
        const term_list *all = &forms[l];
        for (int f = 0; f < FOLIO_TEXT_FIELD_COUNT && base && c->rc >= 0 && all->n >= 2 &&
                        all->n <= PHRASE_BOOST_MAX_WORDS;
             f++) {
            if (!(FOLIO_TEXT_DEFAULT & all_fields[f]))
                continue;
            folio_xquery *phrase = folio_xquery_scale(
                terms_query(c, all, all_fields[f], FOLIO_XOP_PHRASE, (unsigned)all->n), c->db->ranking.phrase_boost);
            if (all_fields[f] != FOLIO_TEXT_BODY && !worth_keeping(c, phrase)) {
                folio_xquery_free(phrase);
                continue;
            }
            folio_xquery *pair[2] = {base, phrase};
            base = folio_xquery_combine(FOLIO_XOP_OR, pair, 2, 0);
            check_query(c, base);
        }
    }
    forms_clear(forms, nforms);
    return base;
}

/* Sequential-dependence proximity (Metzler and Croft's SDM, in Xapian's operators): each pair of
 * neighbouring query words (stopwords dropped, as the words themselves are) adds prox_ordered times its
 * weight to documents holding the two in order and adjacent (PHRASE, window 2) and prox_unordered times
 * where they occur within prox_window positions in any order (NEAR), in the body. Joined with OR, as
 * the phrase boost is: a document holding the pair holds its words, so the matches stay the same. At
 * most MAX_PROXIMITY_PAIRS pairs (each costs a position walk over the documents holding both words). */
#define MAX_PROXIMITY_PAIRS 32

static folio_xquery *proximity_pair(plan_ctx *c, const char *a, const char *b, folio_xop op, unsigned window,
                                    double weight)
{
    folio_xquery *pair[2] = {prefixed_term(c, "", a), prefixed_term(c, "", b)};
    folio_xquery *q = folio_xquery_combine(op, pair, 2, window);
    q = folio_xquery_scale(q, weight);
    check_query(c, q);
    return q;
}

/* Whether the pair (a, b) is met in forms before forms[l].terms[i]. */
static int pair_seen(const term_list *forms, size_t l, size_t i, const char *a, const char *b)
{
    for (size_t m = 0; m <= l; m++)
        for (size_t k = 0; k + 1 < forms[m].n && (m < l || k < i); k++)
            if (strcmp(forms[m].terms[k], a) == 0 && strcmp(forms[m].terms[k + 1], b) == 0)
                return 1;
    return 0;
}

static folio_xquery *add_proximity(plan_ctx *c, folio_xquery *base, const folio_qnode *const *units, size_t n,
                                   const unsigned char *stop)
{
    const folio_ranking *r = &c->db->ranking;
    if (r->prox_ordered <= 0 && r->prox_unordered <= 0)
        return base;
    /* In a mixed index, the pairs of each language's stems (a document holds its own language's). */
    term_list forms[FOLIO_INDEX_LANGUAGES_MAX];
    size_t nforms = analyze_languages(c, units, n, stop, MAX_PROXIMITY_PAIRS, forms, NULL, 0);
    if (forms[0].n < r->prox_min_words || forms[0].n < 2) {
        forms_clear(forms, nforms);
        return base;
    }
    folio_xquery **parts = calloc(2 * MAX_PROXIMITY_PAIRS * nforms + 1, sizeof *parts);
    size_t np = 0;
    if (!parts) {
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
        forms_clear(forms, nforms);
        return base;
    }
    parts[np++] = base;
    for (size_t l = 0; l < nforms; l++) {
        const term_list *words = &forms[l];
        for (size_t i = 0; i + 1 < words->n && i < MAX_PROXIMITY_PAIRS && c->rc >= 0; i++) {
            const char *a = words->terms[i], *b = words->terms[i + 1];
            /* "a a": no pair; a pair met before: once */
            if (strcmp(a, b) == 0 || pair_seen(forms, l, i, a, b))
                continue;
            if (r->prox_ordered > 0)
                parts[np++] = proximity_pair(c, a, b, FOLIO_XOP_PHRASE, 2, r->prox_ordered);
            if (r->prox_unordered > 0)
                parts[np++] = proximity_pair(c, a, b, FOLIO_XOP_NEAR, r->prox_window, r->prox_unordered);
            c->plan->proximity_pairs++;
        }
    }
    forms_clear(forms, nforms);
    if (c->rc < 0) {
        for (size_t i = 1; i < np; i++)
            folio_xquery_free(parts[i]);
        free(parts);
        return base;
    }
    return combine_kept(c, FOLIO_XOP_OR, parts, np);
}

/* A query of plain words: stopwords dropped (unless nothing else is left), the rest required or, when
 * relaxed, optional. */
/* The units of a plain query: the words typed, each holding segmented text replaced by its pieces. */
typedef struct plain_units {
    const folio_qnode **units;
    size_t n;
    pieces *cut; /* one per typed word */
    size_t ncut;
} plain_units;

static void plain_units_clear(plain_units *pu)
{
    for (size_t i = 0; i < pu->ncut; i++)
        pieces_clear(&pu->cut[i]);
    free(pu->cut);
    free(pu->units);
    memset(pu, 0, sizeof *pu);
}

static void expand_units(plan_ctx *c, const folio_qnode *const *typed, size_t n, plain_units *pu)
{
    memset(pu, 0, sizeof *pu);
    pu->cut = calloc(n, sizeof *pu->cut);
    if (!pu->cut) {
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
        return;
    }
    pu->ncut = n;
    size_t total = 0;
    for (size_t i = 0; i < n && c->rc >= 0; i++) {
        split_runs(c, typed[i], &pu->cut[i]);
        total += pu->cut[i].n ? pu->cut[i].n : 1;
    }
    pu->units = c->rc >= 0 ? calloc(total ? total : 1, sizeof *pu->units) : NULL;
    if (!pu->units) {
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (!pu->cut[i].n)
            pu->units[pu->n++] = typed[i];
        for (size_t k = 0; k < pu->cut[i].n; k++)
            pu->units[pu->n++] = &pu->cut[i].words[k];
    }
}

/* The longest run of two or more plain words from units[i] that a synonym entry names ("united
 * states"): how many units it takes (0: none), its stems in *stems. Only words typed once. */
static size_t synonym_run(plan_ctx *c, const folio_qnode *const *units, size_t n, size_t i, const unsigned *copies,
                          term_list *stems)
{
    size_t longest = c->synonyms ? folio_synonyms_longest(c->synonyms) : 0;
    if (longest < 2 || !copies)
        return 0;
    size_t ends[FOLIO_SYNONYMS_MAX_WORDS + 1] = {0}, k = 0; /* ends[j]: the stems of units i .. i+j-1 */
    term_list all = {0};
    while (i + k < n && k < longest && copies[i + k] == 1 && !units[i + k]->fuzzy && c->rc >= 0) {
        analyze(c, units[i + k]->text, units[i + k]->text_len, &all);
        if (all.n > longest)
            break;
        ends[++k] = all.n;
    }
    size_t run = k;
    folio_buf key = FOLIO_BUF_INIT;
    for (; run >= 2 && c->rc >= 0; run--) {
        term_list words = {all.terms, ends[run], 0};
        join_stems(&key, &words);
        if (folio_buf_check(&key) >= 0 && folio_synonyms_find(c->synonyms, key.data, key.len, NULL, 0))
            break;
    }
    folio_buf_free(&key);
    for (size_t w = 0; run >= 2 && w < ends[run]; w++)
        term_list_add(c, stems, all.terms[w], strlen(all.terms[w]));
    term_list_clear(&all);
    return run >= 2 && c->rc >= 0 ? run : 0;
}

/* The `run` plain words at units (synonym_run), combined as the plain query combines its words (its
 * stopwords dropped when `content` words remain), with the synonyms of the run as a whole. */
static folio_xquery *compile_run(plan_ctx *c, const folio_qnode *const *units, size_t run, const unsigned char *stop,
                                 size_t content, int relaxed, const term_list *stems)
{
    folio_xquery **parts = calloc(run, sizeof *parts);
    folio_buf text = FOLIO_BUF_INIT;
    size_t np = 0;
    if (!parts)
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
    c->synonyms_paused++; /* its words stand for the run, which has synonyms of its own */
    for (size_t k = 0; parts && k < run && c->rc >= 0; k++) {
        folio_buf_puts(&text, k ? " " : "");
        folio_buf_append(&text, units[k]->text, units[k]->text_len);
        if (stop[k] && content)
            continue;
        compiled r = compile_text(c, units[k], FOLIO_TEXT_DEFAULT, 1);
        if (r.query)
            parts[np++] = r.query;
    }
    c->synonyms_paused--;
    if (c->rc < 0) {
        for (size_t k = 0; k < np; k++)
            folio_xquery_free(parts[k]);
        free(parts);
        folio_buf_free(&text);
        return NULL;
    }
    folio_xquery *q = combine_kept(c, relaxed ? FOLIO_XOP_OR : FOLIO_XOP_AND, parts, np);
    if (folio_buf_check(&text) < 0)
        fail(c, FOLIO_ENOMEM);
    else
        q = with_synonyms(c, q, stems, FOLIO_TEXT_DEFAULT, text.data, text.len);
    folio_buf_free(&text);
    return q;
}

static compiled compile_plain(plan_ctx *c, const folio_qnode *root, int relaxed)
{
    compiled out = {NULL, 0};
    const folio_qnode *const *typed = root->kind == FOLIO_Q_WORD ? &root : (const folio_qnode *const *)root->kids;
    size_t ntyped = root->kind == FOLIO_Q_WORD ? 1 : root->nkids;
    plain_units pu;
    expand_units(c, typed, ntyped, &pu);
    const folio_qnode *const *units = pu.units;
    size_t n = pu.n;
    if (c->rc < 0) {
        plain_units_clear(&pu);
        return out;
    }
    unsigned char *stop = calloc(n, 1);
    folio_xquery **qs = calloc(n, sizeof *qs);
    if (!stop || !qs) {
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
        free(stop);
        free(qs);
        plain_units_clear(&pu);
        return out;
    }
    unsigned *copies = calloc(n, sizeof *copies);
    if (!copies)
        fail(c, folio_error_set(FOLIO_ENOMEM, "out of memory"));
    else
        count_copies(c, units, n, copies);
    size_t content = 0;
    for (size_t i = 0; i < n; i++) {
        stop[i] = (unsigned char)(c->db->ranking.drop_stopwords && is_stopword_unit(c, units[i]));
        content += !stop[i];
    }
    size_t nq = 0;
    for (size_t i = 0; i < n && c->rc >= 0; i++) {
        term_list run_stems = {0};
        size_t run = synonym_run(c, units, n, i, copies, &run_stems);
        if (run) {
            folio_xquery *q = compile_run(c, units + i, run, stop + i, content, relaxed, &run_stems);
            if (q)
                qs[nq++] = q;
            term_list_clear(&run_stems);
            i += run - 1;
            continue;
        }
        if ((stop[i] && content) || !copies[i])
            continue;
        compiled r = compile_text(c, units[i], FOLIO_TEXT_DEFAULT, 1);
        r.query = weigh_copies(c, r.query, copies[i]);
        if (r.query)
            qs[nq++] = r.query;
    }
    free(copies);
    c->plan->plain_words = nq;
    if (c->rc < 0) {
        for (size_t i = 0; i < nq; i++)
            folio_xquery_free(qs[i]);
        free(qs);
        free(stop);
        plain_units_clear(&pu);
        return out;
    }
    out.empty = nq == 0;
    out.query = combine_kept(c, relaxed ? FOLIO_XOP_OR : FOLIO_XOP_AND, qs, nq);
    /* Relaxed, fewer than ranking.relax_below documents hold all the words, so checking their positions
     * costs little; when all words are required, every match would need that check. */
    if (out.query && n >= 2 && relaxed)
        out.query = add_phrase_boost(c, out.query, units, n);
    if (out.query && relaxed)
        out.query = add_proximity(c, out.query, units, n, content ? stop : NULL);
    free(stop);
    plain_units_clear(&pu);
    return out;
}

/* A phrase needs word positions. An index that holds documents but no positions at all lost its
 * position table (position.glass deleted or truncated away): Xapian then reads it as empty, and every
 * phrase would quietly match nothing. Said instead. */
static int check_positions(folio_db *db)
{
    int has = 0;
    uint64_t docs = 0;
    int rc = folio_xdb_has_positions(db->x, &has);
    if (rc >= 0 && !has && (rc = folio_xdb_doc_count(db->x, &docs)) >= 0 && docs > 0)
        rc = folio_error_set(FOLIO_ECORRUPT, "the index holds no word positions (its position table, "
                                             "position.glass, is missing): phrases and NEAR cannot be matched; "
                                             "re-index needed");
    return rc;
}

/* Adds the analysis language of a tag to c->languages (after folio_db_languages has read the index's). */
static void add_tag_language(plan_ctx *c, const char *tag, size_t len)
{
    const char *language = folio_language_of_tag(tag, len);
    if (!language) /* a language without a stemmer of its own is analyzed in the database's */
        language = c->db->languages[0];
    for (size_t i = 0; i < c->nlanguages; i++)
        if (strcmp(c->languages[i], language) == 0)
            return;
    if (c->nlanguages < FOLIO_INDEX_LANGUAGES_MAX)
        c->languages[c->nlanguages++] = language;
}

/* Adds the analysis language of a `lang:` or `language:` filter node to c->languages. */
static void add_filter_language(plan_ctx *c, const folio_qnode *n)
{
    if (n->kind == FOLIO_Q_KEYWORD &&
        (strcmp(n->field, FOLIO_LANGUAGE_FIELD) == 0 || strcmp(n->field, FOLIO_LANGUAGE_FIELD_ALT) == 0))
        add_tag_language(c, n->text, n->text_len);
}

/* The languages the query's words are read in: the one `language` names (folio_plan_options), else
 * those of the `lang:` filters a match must pass (the query's own, or the kids of its top AND), else
 * every language of the index (folio_db_languages). */
static int plan_languages(plan_ctx *c, const folio_qnode *root, const char *language)
{
    const char *const *all;
    size_t n;
    int rc = folio_db_languages(&all, &n, c->db);
    if (rc < 0)
        return rc;
    if (language) {
        add_tag_language(c, language, strlen(language));
        return 0;
    }
    add_filter_language(c, root);
    for (size_t i = 0; root->kind == FOLIO_Q_AND && i < root->nkids; i++)
        add_filter_language(c, root->kids[i]);
    if (c->nlanguages == 0) {
        memcpy(c->languages, all, n * sizeof *all);
        c->nlanguages = n;
    }
    return 0;
}

/* q restricted to the documents in the language `tag` (as `lang:TAG` filters: schema.h). */
static folio_xquery *only_language(plan_ctx *c, folio_xquery *q, const char *tag)
{
    if (!q)
        return NULL;
    folio_buf_reset(&c->term);
    folio_schema_keyword_term(&c->term, FOLIO_LANGUAGE_FIELD, tag, strlen(tag));
    if (folio_buf_check(&c->term) < 0) {
        folio_xquery_free(q);
        fail(c, FOLIO_ENOMEM);
        return NULL;
    }
    folio_xquery *pair[2] = {q, folio_xquery_term(c->term.data, c->term.len)};
    folio_xquery *out = folio_xquery_combine(FOLIO_XOP_FILTER, pair, 2, 0);
    check_query(c, out);
    return out;
}

int folio_plan_build(folio_plan *out, folio_db *db, const folio_qnode *root, const folio_plan_options *opts)
{
    memset(out, 0, sizeof *out);
    if (!root)
        return 0;
    plan_ctx c = {.db = db,
                  .plan = out,
                  .max_expansion = opts->max_expansion,
                  .field_boost = opts->field_boost,
                  .term = FOLIO_BUF_INIT,
                  .synonyms = opts->synonyms,
                  .synonym_note = FOLIO_BUF_INIT,
                  .language_note = FOLIO_BUF_INIT};
    c.rc = plan_languages(&c, root, opts->language);
    const char *database_language = folio_analyzer_language(db->an);
    if (c.rc >= 0)
        c.rc = folio_analyzer_use(db->an, c.languages[0]);
    compiled r = {NULL, 1};
    if (c.rc >= 0)
        r = folio_query_is_plain(root) ? compile_plain(&c, root, opts->relaxed)
                                       : compile_node(&c, root, FOLIO_TEXT_DEFAULT, 1);
    int back = folio_analyzer_use(db->an, database_language);
    if (c.rc >= 0 && back < 0)
        c.rc = back;
    if (c.rc >= 0 && opts->language)
        r.query = only_language(&c, r.query, opts->language);
    folio_buf_free(&c.term);
    if (c.rc >= 0 && c.language_note.len && (c.rc = folio_buf_check(&c.language_note)) >= 0)
        out->languages_used = folio_buf_detach(&c.language_note);
    folio_buf_free(&c.language_note);
    if (c.rc >= 0 && c.synonym_note.len && (c.rc = folio_buf_check(&c.synonym_note)) >= 0)
        out->synonyms_used = folio_buf_detach(&c.synonym_note);
    folio_buf_free(&c.synonym_note);
    if (c.rc >= 0 && c.positions_needed)
        c.rc = check_positions(db);
    if (c.rc < 0) {
        folio_xquery_free(r.query);
        folio_plan_clear(out);
        return c.rc;
    }
    out->query = r.query;
    return 0;
}

int folio_plan_add_term_match(folio_plan *plan, const char *term, size_t len)
{
    char **terms = malloc(sizeof *terms);
    char *copy = folio_text_copy(term, len);
    int rc = terms && copy ? grow_matches(plan) : folio_error_set(FOLIO_ENOMEM, "out of memory");
    if (rc < 0) {
        free(terms);
        free(copy);
        return rc;
    }
    terms[0] = copy;
    plan->matches[plan->nmatches++] = (folio_match){FOLIO_MATCH_TERM, (const char *const *)terms, 1, 0};
    return 0;
}

void folio_plan_clear(folio_plan *plan)
{
    folio_xquery_free(plan->query);
    for (size_t i = 0; i < plan->nmatches; i++) {
        for (size_t t = 0; t < plan->matches[i].nterms; t++)
            free((char *)plan->matches[i].terms[t]);
        free((char **)plan->matches[i].terms);
    }
    free(plan->matches);
    free(plan->synonyms_used);
    free(plan->languages_used);
    memset(plan, 0, sizeof *plan);
}
