/*
 * query_report.c — the query log's report (see query_report.h): a strict reader of the log's flat JSON
 * lines, a table of distinct queries, and the three rankings.
 */
#define _POSIX_C_SOURCE 200809L
#include "query_report.h"

#include "folio.h"
#include "query_log.h"
#include "terminal_text.h"
#include "text.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Characters of a number literal read at most: far more than any the log writes. */
#define NUMBER_MAX_CHARS 32

/* ---- One line -------------------------------------------------------------------------------- */

typedef struct cursor {
    const char *p, *end;
} cursor;

static void skip_space(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
        c->p++;
}

static int take(cursor *c, char ch)
{
    skip_space(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 1;
    }
    return 0;
}

static int take_word(cursor *c, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
        return 0;
    c->p += n;
    return 1;
}

static int hex4(const char *p, unsigned long *out)
{
    *out = 0;
    for (int i = 0; i < 4; i++) {
        int v = folio_hex_value((unsigned char)p[i]);
        if (v < 0)
            return -1;
        *out = *out * 16 + (unsigned long)v;
    }
    return 0;
}

/* A \u escape (c->p after the 'u'), a surrogate pair joined; a lone surrogate or U+0000 is U+FFFD. */
static int put_unicode_escape(cursor *c, folio_buf *out)
{
    unsigned long cp, low;
    if (c->end - c->p < 4 || hex4(c->p, &cp) < 0)
        return -1;
    c->p += 4;
    if (cp >= 0xD800 && cp <= 0xDBFF && c->end - c->p >= 6 && c->p[0] == '\\' && c->p[1] == 'u' &&
        hex4(c->p + 2, &low) == 0 && low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        c->p += 6;
    } else if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0) {
        cp = 0xFFFD;
    }
    char bytes[4];
    folio_buf_append(out, bytes, folio_utf8_encode(bytes, cp));
    return 0;
}

/* A string (c->p on its opening quote) decoded into `out`, which it replaces; it must be UTF-8. */
static int read_string(cursor *c, folio_buf *out)
{
    folio_buf_reset(out);
    folio_buf_putc(out, '\0'); /* data is never NULL, even for "" */
    folio_buf_reset(out);
    if (!take(c, '"'))
        return -1;
    while (c->p < c->end && *c->p != '"') {
        unsigned char ch = (unsigned char)*c->p++;
        if (ch < 0x20)
            return -1;
        if (ch != '\\') {
            folio_buf_putc(out, (char)ch);
            continue;
        }
        if (c->p == c->end)
            return -1;
        const char *plain = strchr("\"\\/bfnrt", *c->p);
        if (*c->p == 'u') {
            c->p++;
            if (put_unicode_escape(c, out) < 0)
                return -1;
        } else if (plain && *c->p) {
            folio_buf_putc(out, "\"\\/\b\f\n\r\t"[plain - "\"\\/bfnrt"]);
            c->p++;
        } else {
            return -1;
        }
    }
    if (c->p == c->end || out->oom)
        return -1;
    c->p++;
    return folio_utf8_valid(out->data, out->len, NULL) ? 0 : -1;
}

/* Steps past a run of digits; how many. */
static size_t skip_digits(cursor *c)
{
    const char *first = c->p;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
        c->p++;
    return (size_t)(c->p - first);
}

/* A number by JSON's grammar; *is_whole when it has no fraction, exponent or sign. */
static int read_number(cursor *c, double *out, int *is_whole)
{
    const char *start = c->p;
    if (c->p < c->end && *c->p == '-')
        c->p++;
    const char *first = c->p;
    size_t digits = skip_digits(c);
    if (digits == 0 || (digits > 1 && *first == '0'))
        return -1;
    *is_whole = *start != '-';
    if (c->p < c->end && *c->p == '.') {
        c->p++;
        if (!skip_digits(c))
            return -1;
        *is_whole = 0;
    }
    if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
        c->p++;
        if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
            c->p++;
        if (!skip_digits(c))
            return -1;
        *is_whole = 0;
    }
    size_t n = (size_t)(c->p - start);
    if (n > NUMBER_MAX_CHARS)
        return -1;
    char literal[NUMBER_MAX_CHARS + 1];
    memcpy(literal, start, n);
    literal[n] = '\0';
    *out = strtod(literal, NULL);
    return isfinite(*out) ? 0 : -1;
}

/* A value of no interest (a member this reader does not know): a string, number, true, false or null. */
static int skip_scalar(cursor *c, folio_buf *scratch)
{
    double ignored;
    int whole;
    if (c->p < c->end && *c->p == '"')
        return read_string(c, scratch);
    if (take_word(c, "true") || take_word(c, "false") || take_word(c, "null"))
        return 0;
    return read_number(c, &ignored, &whole);
}

enum { SEEN_QUERY = 1, SEEN_TOTAL = 2, SEEN_MS = 4, SEEN_PAGE = 8 };

static int read_member(cursor *c, query_log_record *out, unsigned *seen)
{
    if (read_string(c, &out->scratch) < 0 || !take(c, ':'))
        return -1;
    skip_space(c);
    const char *name = out->scratch.data;
    unsigned bit = strcmp(name, "query") == 0 ? SEEN_QUERY
                   : strcmp(name, "total") == 0 ? SEEN_TOTAL
                   : strcmp(name, "ms") == 0    ? SEEN_MS
                   : strcmp(name, "page") == 0  ? SEEN_PAGE
                                                : 0;
    if (!bit)
        return skip_scalar(c, &out->scratch);
    if (*seen & bit)
        return -1; /* a member twice: which one would be meant? */
    *seen |= bit;
    if (bit == SEEN_QUERY)
        return read_string(c, &out->query);
    double v;
    int whole;
    if (read_number(c, &v, &whole) < 0 || v < 0)
        return -1;
    if (bit == SEEN_MS) {
        out->ms = v;
        return 0;
    }
    if (!whole || v > 9007199254740992.0) /* integers a double holds exactly */
        return -1;
    if (bit == SEEN_TOTAL)
        out->total = (uint64_t)v;
    else if (v < 1 || v > UINT_MAX)
        return -1;
    else
        out->page = (unsigned)v;
    return 0;
}

int query_log_parse_line(query_log_record *out, const char *line, size_t len)
{
    cursor c = {line, line + len};
    unsigned seen = 0;
    out->page = 1;
    out->total = 0;
    out->ms = 0.0;
    if (!take(&c, '{'))
        return -1;
    if (!take(&c, '}')) {
        do {
            skip_space(&c);
            if (read_member(&c, out, &seen) < 0)
                return -1;
        } while (take(&c, ','));
        if (!take(&c, '}'))
            return -1;
    }
    skip_space(&c);
    unsigned required = SEEN_QUERY | SEEN_TOTAL | SEEN_MS;
    return c.p == c.end && (seen & required) == required ? 0 : -1;
}

void query_log_record_free(query_log_record *r)
{
    folio_buf_free(&r->query);
    folio_buf_free(&r->scratch);
}

/* ---- The table of distinct queries ----------------------------------------------------------- */

typedef struct tally {
    char *query;          /* folded, owned */
    uint64_t searches;    /* first pages */
    uint64_t no_results;  /* first pages that found nothing */
    uint64_t timed;       /* every search */
    double slowest_ms;
} tally;

typedef struct table {
    tally *slots; /* open addressing; query NULL: empty */
    size_t cap, count;
} table;

static int table_grow(table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 1024;
    tally *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slots[i].query)
            continue;
        size_t j = folio_content_hash(t->slots[i].query, strlen(t->slots[i].query)) & (cap - 1);
        while (slots[j].query)
            j = (j + 1) & (cap - 1);
        slots[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return 0;
}

/* The tally of `query`, added when new; NULL when the table is full (REPORT_MAX_QUERIES) or out of
 * memory (*oom set). */
static tally *table_find(table *t, const char *query, int *oom)
{
    if ((t->count + 1) * 2 > t->cap && t->count < REPORT_MAX_QUERIES && table_grow(t) < 0) {
        *oom = 1;
        return NULL;
    }
    size_t len = strlen(query);
    size_t i = folio_content_hash(query, len) & (t->cap - 1);
    while (t->slots[i].query) {
        if (strcmp(t->slots[i].query, query) == 0)
            return &t->slots[i];
        i = (i + 1) & (t->cap - 1);
    }
    if (t->count >= REPORT_MAX_QUERIES)
        return NULL;
    t->slots[i].query = folio_text_copy(query, len);
    if (!t->slots[i].query) {
        *oom = 1;
        return NULL;
    }
    t->count++;
    return &t->slots[i];
}

static void table_free(table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->slots[i].query);
    free(t->slots);
}

/* The query as counted: ASCII case folded, white space runs made one space, none at the ends. */
static void fold(folio_buf *out, const char *q)
{
    folio_buf_reset(out);
    folio_buf_putc(out, '\0');
    folio_buf_reset(out);
    for (const char *p = q; *p; p++) {
        if (strchr(" \t\n\r\f\v", *p)) {
            if (out->len && out->data[out->len - 1] != ' ')
                folio_buf_putc(out, ' ');
            continue;
        }
        folio_buf_putc(out, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
    }
    if (out->len && out->data[out->len - 1] == ' ')
        out->data[--out->len] = '\0';
}

/* ---- Reading the log ------------------------------------------------------------------------- */

typedef struct totals {
    uint64_t searches, skipped, untallied;
} totals;

/* Reads every line of `in` into `t`; -1 when out of memory. */
static int read_log(FILE *in, table *t, totals *sum)
{
    char *line = malloc(QUERY_LOG_LINE_MAX + 1);
    query_log_record rec = QUERY_LOG_RECORD_INIT;
    folio_buf folded = FOLIO_BUF_INIT;
    int oom = line == NULL;
    while (!oom && fgets(line, QUERY_LOG_LINE_MAX + 1, in)) {
        size_t len = strlen(line);
        if (len == QUERY_LOG_LINE_MAX && line[len - 1] != '\n') {
            int ch;
            while ((ch = getc(in)) != EOF && ch != '\n') {
            } /* longer than any line the log writes: not one of its lines */
            sum->skipped++;
            continue;
        }
        if (len && line[len - 1] == '\n')
            len--;
        if (len == 0)
            continue;
        if (query_log_parse_line(&rec, line, len) < 0) {
            oom = rec.query.oom || rec.scratch.oom;
            sum->skipped++;
            continue;
        }
        fold(&folded, rec.query.data);
        if (folded.oom) {
            oom = 1;
            break;
        }
        sum->searches++;
        tally *e = table_find(t, folded.data, &oom);
        if (!e) {
            sum->untallied++;
            continue;
        }
        if (rec.page == 1) {
            e->searches++;
            e->no_results += rec.total == 0;
        }
        e->timed++;
        if (rec.ms > e->slowest_ms)
            e->slowest_ms = rec.ms;
    }
    free(line);
    query_log_record_free(&rec);
    folio_buf_free(&folded);
    return oom ? -1 : 0;
}

/* ---- The report ------------------------------------------------------------------------------ */

static int by_searches(const void *a, const void *b)
{
    const tally *x = *(const tally *const *)a, *y = *(const tally *const *)b;
    if (x->searches != y->searches)
        return x->searches > y->searches ? -1 : 1;
    return strcmp(x->query, y->query);
}

static int by_no_results(const void *a, const void *b)
{
    const tally *x = *(const tally *const *)a, *y = *(const tally *const *)b;
    if (x->no_results != y->no_results)
        return x->no_results > y->no_results ? -1 : 1;
    return strcmp(x->query, y->query);
}

static int by_slowest(const void *a, const void *b)
{
    const tally *x = *(const tally *const *)a, *y = *(const tally *const *)b;
    if (x->slowest_ms != y->slowest_ms)
        return x->slowest_ms > y->slowest_ms ? -1 : 1;
    return strcmp(x->query, y->query);
}

static void put_query(folio_buf *out, const char *q)
{
    terminal_text_put(out, q, strlen(q), TERMINAL_ONE_LINE);
    folio_buf_putc(out, '\n');
}

/* One table: the first `top` of `rows` (sorted by `order`) for which `count` is not 0. */
static void put_table(folio_buf *out, const char *heading, tally **rows, size_t n, unsigned top,
                      int (*order)(const void *, const void *), uint64_t (*count)(const tally *))
{
    qsort(rows, n, sizeof *rows, order);
    folio_buf_printf(out, "\n%s\n", heading);
    size_t shown = 0;
    for (size_t i = 0; i < n && shown < top; i++) {
        if (count(rows[i]) == 0)
            continue;
        if (order == by_slowest)
            folio_buf_printf(out, "  %10.2f  %8llu  ", rows[i]->slowest_ms, (unsigned long long)rows[i]->timed);
        else
            folio_buf_printf(out, "  %8llu  ", (unsigned long long)count(rows[i]));
        put_query(out, rows[i]->query);
        shown++;
    }
    if (!shown)
        folio_buf_puts(out, "  (none)\n");
}

static uint64_t searches_of(const tally *t) { return t->searches; }
static uint64_t no_results_of(const tally *t) { return t->no_results; }
static uint64_t timed_of(const tally *t) { return t->timed; }

static int write_report(folio_buf *out, const char *path, const table *t, const totals *sum, unsigned top)
{
    tally **rows = malloc((t->count ? t->count : 1) * sizeof *rows);
    if (!rows)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].query)
            rows[n++] = &t->slots[i];
    folio_buf_puts(out, "Query log ");
    put_query(out, path);
    folio_buf_printf(out, "%llu searches of %zu distinct queries; %llu lines skipped (not query log lines)\n",
                     (unsigned long long)sum->searches, n, (unsigned long long)sum->skipped);
    if (sum->untallied)
        folio_buf_printf(out, "%llu searches of further queries not tallied (more than %d distinct queries)\n",
                         (unsigned long long)sum->untallied, REPORT_MAX_QUERIES);
    put_table(out, "Most frequent queries (first pages):\n  searches  query", rows, n, top, by_searches,
              searches_of);
    put_table(out, "Most frequent queries with no results:\n  searches  query", rows, n, top, by_no_results,
              no_results_of);
    put_table(out, "Slowest queries (the slowest search of each):\n          ms  searches  query", rows, n, top,
              by_slowest, timed_of);
    free(rows);
    return out->oom ? -1 : 0;
}

int query_report_run(folio_buf *out, const char *path, unsigned top)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *in = is_stdin ? stdin : fopen(path, "r");
    if (!in) {
        fprintf(stderr, "folio-search: --report %s: %s\n", path, strerror(errno));
        return -1;
    }
    table t = {NULL, 0, 0};
    totals sum = {0, 0, 0};
    int rc = read_log(in, &t, &sum);
    if (ferror(in)) {
        fprintf(stderr, "folio-search: --report %s: %s\n", path, strerror(errno));
        rc = -2;
    }
    if (!is_stdin)
        fclose(in);
    if (rc == 0)
        rc = write_report(out, path, &t, &sum, top);
    if (rc == -1)
        fprintf(stderr, "folio-search: --report %s: out of memory\n", path);
    table_free(&t);
    return rc < 0 ? -1 : 0;
}
