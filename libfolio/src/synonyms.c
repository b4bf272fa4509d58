/* synonyms.c — see synonyms.h. */
#include "synonyms.h"

#include "error.h"
#include "hash.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* For the bounds in messages. */
#define QUOTED(x) #x
#define NUMBER(x) QUOTED(x)

typedef struct rule {
    size_t first, n; /* its entries: entries[first .. first + n) */
    size_t left;     /* the first `left` of them are the left side; left == n: a two-way rule */
} rule;

/* The entries a query can name, by their stems: each distinct stems once, with the list (in list
 * order, through next_same) of the entries that have them. */
typedef struct key {
    size_t first, last; /* entry indices */
} key;

struct folio_synonyms {
    folio_synonym *entries;
    size_t *entry_rule; /* the rule of each entry */
    size_t *next_same;  /* the next entry naming the same key, + 1 (0: none) */
    size_t nentries, entries_cap;
    rule *rules;
    size_t nrules, rules_cap;
    key *keys;
    size_t nkeys;
    size_t *slots; /* open addressing over keys: key index + 1, 0 free */
    size_t nslots; /* a power of two */
    size_t longest;
};

void folio_synonyms_free(folio_synonyms *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nentries; i++) {
        free((char *)s->entries[i].text);
        free((char *)s->entries[i].stems);
    }
    free(s->entries);
    free(s->entry_rule);
    free(s->next_same);
    free(s->rules);
    free(s->keys);
    free(s->slots);
    free(s);
}

size_t folio_synonyms_rules(const folio_synonyms *s)
{
    return s->nrules;
}

size_t folio_synonyms_longest(const folio_synonyms *s)
{
    return s->longest;
}

/* ---- Reading the list ---- */

typedef struct reader {
    folio_synonyms *s;
    folio_analyzer *an;
    size_t line; /* 1-based */
    folio_buf text, stems;
} reader;

static int line_error(const reader *r, const char *what)
{
    return folio_error_set(FOLIO_EINVALID, "synonym list, line %zu: %s", r->line, what);
}

static int entry_error(const reader *r, const char *what, const char *entry, size_t len)
{
    size_t shown = folio_utf8_cut(entry, len, 60);
    return folio_error_set(FOLIO_EINVALID, "synonym list, line %zu: '%.*s%s' %s", r->line, (int)shown, entry,
                           shown < len ? "..." : "", what);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

#define BOM "\xef\xbb\xbf" /* U+FEFF, which Windows tools put first in a file: blank, like white space */

/* Trims [*a, *b) of text: white space, carriage returns and U+FEFF at either end. */
static void trim(const char *text, size_t *a, size_t *b)
{
    for (;;) {
        if (*a < *b && (is_space(text[*a]) || text[*a] == '\r'))
            ++*a;
        else if (*b - *a >= 3 && memcmp(text + *a, BOM, 3) == 0)
            *a += 3;
        else
            break;
    }
    for (;;) {
        if (*b > *a && (is_space(text[*b - 1]) || text[*b - 1] == '\r'))
            --*b;
        else if (*b - *a >= 3 && memcmp(text + *b - 3, BOM, 3) == 0)
            *b -= 3;
        else
            break;
    }
}

/* Adds the entry text[0..len) (trimmed, not empty) to the rule being read, unless one of its side
 * [side_first, nentries) has the same stems. */
static int add_entry(reader *r, const char *text, size_t len, size_t side_first)
{
    folio_synonyms *s = r->s;
    folio_buf_reset(&r->text);
    for (size_t i = 0; i < len; i++) { /* white space runs as one space (text is trimmed) */
        if (is_space(text[i]) && is_space(text[i + 1]))
            continue;
        folio_buf_putc(&r->text, is_space(text[i]) ? ' ' : text[i]);
    }
    folio_buf_reset(&r->stems);
    folio_cursor cur;
    folio_token tok;
    size_t words = 0;
    int rc;
    folio_analyzer_start(&cur, text, len, 0);
    while ((rc = folio_analyzer_next(r->an, &cur, &tok)) == 1) {
        if (words++)
            folio_buf_putc(&r->stems, ' ');
        folio_buf_append(&r->stems, tok.term, tok.term_len);
    }
    if (rc < 0)
        return rc;
    if (folio_buf_check(&r->text) < 0 || folio_buf_check(&r->stems) < 0)
        return FOLIO_ENOMEM;
    if (words == 0)
        return entry_error(r, "has no words", r->text.data, r->text.len);
    if (words > FOLIO_SYNONYMS_MAX_WORDS)
        return entry_error(r, "has more than " NUMBER(FOLIO_SYNONYMS_MAX_WORDS) " words", r->text.data,
                           r->text.len);
    for (size_t i = side_first; i < s->nentries; i++)
        if (strcmp(s->entries[i].stems, r->stems.data) == 0)
            return 0; /* "usa, USA": one entry */
    if (s->nentries - s->rules[s->nrules].first >= FOLIO_SYNONYMS_MAX_ENTRIES)
        return line_error(r, "more than " NUMBER(FOLIO_SYNONYMS_MAX_ENTRIES) " entries");
    if (s->nentries == s->entries_cap) {
        size_t cap = s->entries_cap ? s->entries_cap * 2 : 64;
        folio_synonym *e = realloc(s->entries, cap * sizeof *e);
        if (e)
            s->entries = e;
        size_t *er = e ? realloc(s->entry_rule, cap * sizeof *er) : NULL;
        if (!er)
            return folio_error_set(FOLIO_ENOMEM, "out of memory");
        s->entry_rule = er;
        s->entries_cap = cap;
    }
    char *t = folio_text_copy(r->text.data, r->text.len), *st = folio_text_copy(r->stems.data, r->stems.len);
    if (!t || !st) {
        free(t);
        free(st);
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    }
    s->entries[s->nentries] = (folio_synonym){t, st, words};
    s->entry_rule[s->nentries++] = s->nrules;
    return 0;
}

/* Adds the comma-separated entries of one side, text[0..len). */
static int add_side(reader *r, const char *text, size_t len)
{
    size_t side_first = r->s->nentries;
    for (size_t at = 0;;) {
        const char *comma = memchr(text + at, ',', len - at);
        size_t end = comma ? (size_t)(comma - text) : len, a = at, b = end;
        trim(text, &a, &b);
        if (a == b)
            return line_error(r, "an empty entry (two commas, or one at an end)");
        int rc = add_entry(r, text + a, b - a, side_first);
        if (rc < 0)
            return rc;
        if (!comma)
            return 0;
        at = end + 1;
    }
}

static const char *find_arrow(const char *text, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++)
        if (text[i] == '=' && text[i + 1] == '>')
            return text + i;
    return NULL;
}

/* Reads one rule, the trimmed, non-empty line text[0..len). */
static int add_rule(reader *r, const char *text, size_t len)
{
    folio_synonyms *s = r->s;
    if (len > FOLIO_SYNONYMS_MAX_LINE)
        return line_error(r, "over " NUMBER(FOLIO_SYNONYMS_MAX_LINE) " bytes");
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] < 0x20 && text[i] != '\t')
            return line_error(r, "a control character");
    if (s->nrules == s->rules_cap) {
        size_t cap = s->rules_cap ? s->rules_cap * 2 : 64;
        rule *rules = realloc(s->rules, cap * sizeof *rules);
        if (!rules)
            return folio_error_set(FOLIO_ENOMEM, "out of memory");
        s->rules = rules;
        s->rules_cap = cap;
    }
    rule *ru = &s->rules[s->nrules];
    ru->first = s->nentries;
    const char *arrow = find_arrow(text, len);
    int rc;
    if (arrow && find_arrow(arrow + 2, len - (size_t)(arrow + 2 - text)))
        return line_error(r, "more than one =>");
    if (!arrow) {
        rc = add_side(r, text, len);
        ru->left = ru->n = s->nentries - ru->first;
        if (rc >= 0 && ru->n < 2)
            rc = line_error(r, "a rule needs two different entries (a, b) or two sides (a => b)");
    } else {
        rc = add_side(r, text, (size_t)(arrow - text));
        ru->left = s->nentries - ru->first;
        if (rc >= 0)
            rc = add_side(r, arrow + 2, len - (size_t)(arrow + 2 - text));
        ru->n = s->nentries - ru->first;
        int other = 0; /* a right entry that is not also on the left */
        for (size_t i = ru->first + ru->left; rc >= 0 && i < ru->first + ru->n && !other; i++) {
            other = 1;
            for (size_t k = ru->first; k < ru->first + ru->left && other; k++)
                other = strcmp(s->entries[i].stems, s->entries[k].stems) != 0;
        }
        if (rc >= 0 && !other)
            rc = line_error(r, "a => rule needs an entry on its right that is not on its left");
    }
    if (rc < 0)
        return rc;
    s->nrules++;
    return 0;
}

static size_t slot_of(const folio_synonyms *s, const char *stems, size_t len)
{
    size_t mask = s->nslots - 1, i = (size_t)folio_hash64(stems, len) & mask;
    while (s->slots[i] && strcmp(s->entries[s->keys[s->slots[i] - 1].first].stems, stems) != 0)
        i = (i + 1) & mask;
    return i;
}

/* Indexes the left entries (every entry of a two-way rule) by their stems. */
static int index_keys(folio_synonyms *s)
{
    size_t names = 0;
    for (size_t r = 0; r < s->nrules; r++)
        names += s->rules[r].left;
    s->nslots = 16;
    while (s->nslots < 2 * names)
        s->nslots *= 2;
    s->slots = calloc(s->nslots, sizeof *s->slots);
    s->keys = calloc(names ? names : 1, sizeof *s->keys);
    s->next_same = calloc(s->nentries ? s->nentries : 1, sizeof *s->next_same);
    if (!s->slots || !s->keys || !s->next_same)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    for (size_t r = 0; r < s->nrules; r++)
        for (size_t e = s->rules[r].first; e < s->rules[r].first + s->rules[r].left; e++) {
            const folio_synonym *en = &s->entries[e];
            size_t i = slot_of(s, en->stems, strlen(en->stems));
            if (!s->slots[i]) {
                s->keys[s->nkeys] = (key){e, e};
                s->slots[i] = ++s->nkeys;
            } else {
                key *k = &s->keys[s->slots[i] - 1];
                s->next_same[k->last] = e + 1;
                k->last = e;
            }
            if (en->words > s->longest)
                s->longest = en->words;
        }
    return 0;
}

int folio_synonyms_parse(folio_synonyms **out, folio_analyzer *an, const char *text, size_t len)
{
    *out = NULL;
    if (len > FOLIO_SYNONYMS_MAX_BYTES)
        return folio_error_set(FOLIO_EINVALID, "synonym list: over %u MiB", FOLIO_SYNONYMS_MAX_BYTES >> 20);
    size_t bad;
    reader r = {calloc(1, sizeof *r.s), an, 1, FOLIO_BUF_INIT, FOLIO_BUF_INIT};
    if (!r.s)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    int rc = 0;
    if (!folio_utf8_valid(text, len, &bad)) {
        for (size_t i = 0; i < bad; i++)
            r.line += text[i] == '\n';
        rc = line_error(&r, "not valid UTF-8");
    }
    for (size_t at = 0; rc >= 0 && at < len; r.line++) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - text) : len, a = at, b = end;
        at = end + 1;
        trim(text, &a, &b);
        if (a < b && text[a] != '#')
            rc = add_rule(&r, text + a, b - a);
    }
    if (rc >= 0)
        rc = index_keys(r.s);
    folio_buf_free(&r.text);
    folio_buf_free(&r.stems);
    if (rc < 0) {
        folio_synonyms_free(r.s);
        return rc;
    }
    *out = r.s;
    return 0;
}

void folio_synonyms_canonical(const folio_synonyms *s, folio_buf *out)
{
    for (size_t r = 0; r < s->nrules; r++) {
        const rule *ru = &s->rules[r];
        for (size_t i = 0; i < ru->n; i++) {
            if (i)
                folio_buf_puts(out, i == ru->left ? " => " : ", ");
            folio_buf_puts(out, s->entries[ru->first + i].text);
        }
        folio_buf_putc(out, '\n');
    }
}

/* ---- Looking up ---- */

/* Adds entries[e] to out[0..*n) unless it is the key's own entry or there already. */
static void add_found(const folio_synonyms *s, size_t e, const char *stems, const folio_synonym **out, size_t *n)
{
    const folio_synonym *en = &s->entries[e];
    if (strcmp(en->stems, stems) == 0)
        return;
    for (size_t i = 0; i < *n; i++)
        if (out[i] == en || strcmp(out[i]->stems, en->stems) == 0)
            return;
    out[(*n)++] = en;
}

size_t folio_synonyms_find(const folio_synonyms *s, const char *stems, size_t len, const folio_synonym **out,
                           size_t max)
{
    if (!s || !s->nkeys || len == 0 || memchr(stems, '\0', len))
        return 0;
    char *k = folio_text_copy(stems, len);
    if (!k)
        return 0;
    size_t i = slot_of(s, k, len), n = 0;
    if (!s->slots[i]) {
        free(k);
        return 0;
    }
    if (max == 0) { /* a key's rule always has another entry (folio_synonyms_parse checks) */
        free(k);
        return 1;
    }
    for (size_t e = s->keys[s->slots[i] - 1].first + 1; e && n < max; e = s->next_same[e - 1]) {
        const rule *ru = &s->rules[s->entry_rule[e - 1]];
        size_t from = ru->left == ru->n ? ru->first : ru->first + ru->left;
        for (size_t t = from; t < ru->first + ru->n && n < max; t++)
            add_found(s, t, k, out, &n);
    }
    free(k);
    return n;
}
