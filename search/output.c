/*
 * output.c — folio-search's output formats (see output.h and docs/json-schema.md).
 */
#include "output.h"

#include "highlight.h"
#include "terminal_text.h"
#include "text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ANSI_BOLD "\033[1m"
#define ANSI_RESET "\033[0m"

static const struct {
    const char *name;
    output_format format;
} format_names[] = {
    {"text", FORMAT_TEXT}, {"json", FORMAT_JSON}, {"jsonl", FORMAT_JSONL}, {"tsv", FORMAT_TSV}, {"trec", FORMAT_TREC},
};

int output_format_parse(const char *name, output_format *out)
{
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
        if (strcmp(name, format_names[i].name) == 0) {
            *out = format_names[i].format;
            return 0;
        }
    return -1;
}

int output_is_json(output_format f)
{
    return f == FORMAT_JSON || f == FORMAT_JSONL;
}

/* ---- Field encodings -------------------------------------------------------------------------- */

/* A score as a JSON-safe number: never inf or nan. */
static void put_score(folio_buf *out, double score)
{
    folio_buf_printf(out, "%.9g", isfinite(score) ? score : 0.0);
}

/* TSV: a field on one line with no tabs (and no control characters: terminal_text.h). */
static void put_tsv_field(folio_buf *out, const char *s)
{
    for (const char *run = s;; s++) {
        if (*s && *s != '\t' && *s != '\n' && *s != '\r')
            continue;
        terminal_text_put(out, run, (size_t)(s - run), TERMINAL_ONE_LINE);
        if (!*s)
            break;
        folio_buf_putc(out, ' ');
        run = s + 1;
    }
}

/* Document text on one line, safe for a terminal. */
static void put_text_field(folio_buf *out, const char *s)
{
    terminal_text_put(out, s, strlen(s), TERMINAL_ONE_LINE);
}

/* A hit's snippet or title with its matches between open and close, safe for a terminal. */
static void put_text_marked(folio_buf *out, const char *text, const folio_span *highlights, size_t n,
                            const char *open, const char *close)
{
    folio_buf clean = FOLIO_BUF_INIT;
    folio_span *spans = n ? malloc(n * sizeof *spans) : NULL;
    if (n && !spans) {
        out->oom = 1;
        return;
    }
    terminal_text_put_spans(&clean, text, highlights, n, spans);
    if (folio_buf_check(&clean) < 0)
        out->oom = 1;
    else
        highlight_marked(out, clean.data ? clean.data : "", spans, n, open, close);
    free(spans);
    folio_buf_free(&clean);
}

/* TREC: one whitespace-free word; white space and '%' itself as %XX. */
static void put_trec_word(folio_buf *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '%' || c == ' ' || (c >= '\t' && c <= '\r'))
            folio_buf_printf(out, "%%%02X", c);
        else
            folio_buf_putc(out, (char)c);
    }
}

void output_json_string(folio_buf *out, const char *s)
{
    if (!s) {
        folio_buf_puts(out, "null");
        return;
    }
    folio_buf_putc(out, '"');
    folio_json_escape(out, s, strlen(s));
    folio_buf_putc(out, '"');
}

/* ,"name": — every object starts with a first member written by hand, so the others follow a comma. */
static void put_json_key(folio_buf *out, const char *name)
{
    folio_buf_printf(out, ",\"%s\":", name);
}

static void put_json_member(folio_buf *out, const char *name, const char *value)
{
    put_json_key(out, name);
    output_json_string(out, value);
}

static void put_json_bool(folio_buf *out, const char *name, int value)
{
    put_json_key(out, name);
    folio_buf_puts(out, value ? "true" : "false");
}

static void put_json_u64(folio_buf *out, const char *name, uint64_t value)
{
    put_json_key(out, name);
    folio_buf_printf(out, "%llu", (unsigned long long)value);
}

/* {"version":1 and, in a batch, "qid" and the query: the members every answer to a query starts with. */
static void put_json_query_head(folio_buf *out, const output_style *st, const output_query *q)
{
    folio_buf_printf(out, "{\"version\":%d", OUTPUT_JSON_SCHEMA_VERSION);
    if (st->batch)
        put_json_member(out, "qid", q->qid);
    put_json_member(out, "query", q->text);
    if (q->like)
        put_json_member(out, "like", q->like);
}

/* ---- Results ---------------------------------------------------------------------------------- */

/* "<html_name>": the text escaped with its matches in <mark>, and "<spans_name>": the matches' [start,end)
 * byte ranges in the text. */
static void put_json_marked(folio_buf *out, const char *html_name, const char *spans_name, const char *text,
                            const folio_span *spans, size_t n)
{
    put_json_key(out, html_name);
    folio_buf_putc(out, '"');
    folio_buf html = FOLIO_BUF_INIT;
    highlight_html(&html, text, spans, n);
    if (html.data)
        folio_json_escape(out, html.data, html.len);
    out->oom |= html.oom;
    folio_buf_free(&html);
    folio_buf_putc(out, '"');
    put_json_key(out, spans_name);
    folio_buf_putc(out, '[');
    for (size_t i = 0; i < n; i++)
        folio_buf_printf(out, "%s[%zu,%zu]", i ? "," : "", spans[i].start, spans[i].end);
    folio_buf_putc(out, ']');
}

static void put_json_hit(folio_buf *out, const folio_hit *h)
{
    folio_buf_printf(out, "{\"rank\":%u", h->rank);
    put_json_member(out, "id", h->id);
    put_json_key(out, "score");
    put_score(out, h->score);
    put_json_member(out, "title", h->title);
    put_json_marked(out, "title_html", "title_highlights", h->title, h->title_highlights,
                    h->title_highlight_count);
    put_json_member(out, "date", h->date);
    put_json_member(out, "url", h->url);
    put_json_member(out, "lang", h->lang);
    if (h->page)
        folio_buf_printf(out, ",\"page\":%u", h->page);
    else
        folio_buf_puts(out, ",\"page\":null");
    put_json_member(out, "section", h->section);
    put_json_member(out, "anchor", h->anchor);
    put_json_member(out, "snippet", h->snippet);
    put_json_marked(out, "snippet_html", "highlights", h->snippet, h->highlights, h->highlight_count);
    folio_buf_printf(out, ",\"duplicates\":{\"count\":%llu,\"ids\":[", (unsigned long long)h->duplicates);
    for (size_t i = 0; i < h->duplicate_id_count; i++) {
        if (i)
            folio_buf_putc(out, ',');
        output_json_string(out, h->duplicate_ids[i]);
    }
    folio_buf_puts(out, "]}}");
}

static void put_json_facets(folio_buf *out, const output_query *q, const folio_results *res)
{
    put_json_key(out, "facets");
    folio_buf_putc(out, '{');
    for (size_t f = 0; f < q->opts->facet_count; f++) {
        size_t n;
        const folio_facet_value *v = folio_results_facet(res, f, &n);
        if (f)
            folio_buf_putc(out, ',');
        output_json_string(out, q->opts->facets[f]);
        folio_buf_puts(out, ":[");
        for (size_t i = 0; i < n; i++) {
            folio_buf_puts(out, i ? ",{\"value\":" : "{\"value\":");
            output_json_string(out, v[i].value);
            folio_buf_printf(out, ",\"count\":%llu}", (unsigned long long)v[i].count);
        }
        folio_buf_putc(out, ']');
    }
    folio_buf_putc(out, '}');
}

static void put_json_results(folio_buf *out, const output_style *st, const output_query *q,
                             const folio_results *res)
{
    int exact;
    uint64_t total = folio_results_total(res, &exact);
    put_json_query_head(out, st, q);
    put_json_member(out, "parsed", folio_results_parsed(res));
    put_json_u64(out, "total", total);
    put_json_bool(out, "total_exact", exact);
    uint64_t distinct = folio_results_distinct(res, &exact);
    put_json_u64(out, "distinct", distinct);
    put_json_bool(out, "distinct_exact", exact);
    put_json_u64(out, "offset", q->opts->offset);
    put_json_u64(out, "limit", q->opts->limit);
    put_json_key(out, "took_ms");
    folio_buf_printf(out, "%.3f", q->took_ms);
    put_json_key(out, "suggestion");
    if (folio_results_suggestion(res))
        output_json_string(out, folio_results_suggestion(res));
    else
        folio_buf_puts(out, "null");
    put_json_key(out, "corrected_query");
    if (folio_results_corrected_query(res))
        output_json_string(out, folio_results_corrected_query(res));
    else
        folio_buf_puts(out, "null");
    put_json_bool(out, "expansion_capped", folio_results_expansion_capped(res));
    put_json_bool(out, "partial", folio_results_partial(res));
    put_json_key(out, "missing_shards");
    folio_buf_putc(out, '[');
    for (size_t i = 0; folio_results_missing_shard(res, i); i++) {
        if (i)
            folio_buf_putc(out, ',');
        output_json_string(out, folio_results_missing_shard(res, i));
    }
    folio_buf_putc(out, ']');
    put_json_key(out, "hits");
    folio_buf_putc(out, '[');
    size_t n = folio_results_count(res);
    for (size_t i = 0; i < n; i++) {
        if (i)
            folio_buf_putc(out, ',');
        put_json_hit(out, folio_results_hit(res, i));
    }
    folio_buf_putc(out, ']');
    if (q->opts->facet_count)
        put_json_facets(out, q, res);
    folio_buf_puts(out, "}\n");
}

static void put_text_heading(folio_buf *out, const output_style *st, const output_query *q)
{
    if (st->batch)
        folio_buf_printf(out, "## %s: %s\n", q->qid, q->text);
    if (q->like) {
        folio_buf_puts(out, "Articles like ");
        put_text_field(out, q->like);
        folio_buf_puts(out, ":\n");
    }
}

static void put_text_hit(folio_buf *out, const output_style *st, const folio_hit *h)
{
    const char *open = st->color ? ANSI_BOLD : "", *close = st->color ? ANSI_RESET : "";
    folio_buf_printf(out, "%2u. ", h->rank);
    if (*h->title)
        put_text_marked(out, h->title, h->title_highlights, h->title_highlight_count, open, close);
    else
        folio_buf_puts(out, "(untitled)");
    folio_buf_puts(out, "\n    ");
    put_text_field(out, h->id);
    if (h->date) {
        folio_buf_puts(out, "  ");
        put_text_field(out, h->date);
    }
    if (h->url) {
        folio_buf_puts(out, "  ");
        put_text_field(out, h->url);
    }
    folio_buf_putc(out, '\n');
    if (*h->snippet) {
        folio_buf_puts(out, "    ");
        if (h->page)
            folio_buf_printf(out, "p. %u: ", h->page);
        if (h->section) {
            folio_buf_puts(out, "§ ");
            terminal_text_put(out, h->section, strlen(h->section), TERMINAL_ONE_LINE);
            if (h->anchor) {
                folio_buf_puts(out, " #");
                terminal_text_put(out, h->anchor, strlen(h->anchor), TERMINAL_ONE_LINE);
            }
            folio_buf_puts(out, ": ");
        }
        put_text_marked(out, h->snippet, h->highlights, h->highlight_count, open, close);
        folio_buf_putc(out, '\n');
    }
    if (h->duplicates) {
        folio_buf_printf(out, "    and %llu similar:", (unsigned long long)h->duplicates);
        for (size_t i = 0; i < h->duplicate_id_count; i++) {
            folio_buf_puts(out, i ? ", " : " ");
            put_text_field(out, h->duplicate_ids[i]);
        }
        if (h->duplicate_id_count < h->duplicates)
            folio_buf_puts(out, h->duplicate_id_count ? ", …" : " …");
        folio_buf_putc(out, '\n');
    }
}

static void put_text_facets(folio_buf *out, const output_query *q, const folio_results *res)
{
    if (!q->opts->facet_count)
        return;
    folio_buf_puts(out, "\nFacets:\n");
    for (size_t f = 0; f < q->opts->facet_count; f++) {
        size_t n;
        const folio_facet_value *v = folio_results_facet(res, f, &n);
        folio_buf_printf(out, "  %s:", q->opts->facets[f]);
        for (size_t i = 0; i < n; i++) {
            folio_buf_puts(out, i ? ", " : " ");
            put_text_field(out, v[i].value);
            folio_buf_printf(out, " (%llu)", (unsigned long long)v[i].count);
        }
        folio_buf_puts(out, n ? "\n" : " (none)\n");
    }
}

static void put_text_results(folio_buf *out, const output_style *st, const output_query *q,
                             const folio_results *res)
{
    int exact;
    uint64_t total = folio_results_total(res, &exact);
    size_t n = folio_results_count(res);
    put_text_heading(out, st, q);
    int distinct_exact;
    uint64_t distinct = folio_results_distinct(res, &distinct_exact);
    if (n && distinct != total)
        folio_buf_printf(out, "%s%llu result%s, %s%llu distinct (showing %u-%u)\n\n", exact ? "" : "at least ",
                         (unsigned long long)total, total == 1 ? "" : "s", distinct_exact ? "" : "at least ",
                         (unsigned long long)distinct, q->opts->offset + 1, q->opts->offset + (unsigned)n);
    else if (n)
        folio_buf_printf(out, "%s%llu result%s (showing %u-%u)\n\n", exact ? "" : "at least ",
                         (unsigned long long)total, total == 1 ? "" : "s", q->opts->offset + 1,
                         q->opts->offset + (unsigned)n);
    else
        folio_buf_printf(out, "No results (%s%llu matching).\n", exact ? "" : "at least ", (unsigned long long)total);
    if (folio_results_corrected_query(res))
        folio_buf_printf(out, "Showing results for %s — search instead for %s (--exact)\n",
                         folio_results_corrected_query(res), q->text);
    if (folio_results_suggestion(res))
        folio_buf_printf(out, "Did you mean: %s\n", folio_results_suggestion(res));
    for (size_t i = 0; i < n; i++) {
        if (i)
            folio_buf_putc(out, '\n');
        put_text_hit(out, st, folio_results_hit(res, i));
    }
    put_text_facets(out, q, res);
    if (st->batch)
        folio_buf_putc(out, '\n');
}

void output_begin_hits(folio_buf *out, const output_style *st)
{
    if (st->format == FORMAT_TSV)
        folio_buf_puts(out, "qid\trank\tid\tscore\ttitle\n");
}

void output_begin_counts(folio_buf *out, const output_style *st)
{
    if (st->format == FORMAT_TSV)
        folio_buf_puts(out, "qid\tcount\n");
}

void output_results(folio_buf *out, const output_style *st, const output_query *q, const folio_results *res)
{
    size_t n = folio_results_count(res);
    switch (st->format) {
    case FORMAT_TEXT: put_text_results(out, st, q, res); break;
    case FORMAT_JSON:
    case FORMAT_JSONL: put_json_results(out, st, q, res); break;
    case FORMAT_TSV:
        for (size_t i = 0; i < n; i++) {
            const folio_hit *h = folio_results_hit(res, i);
            put_tsv_field(out, q->qid);
            folio_buf_printf(out, "\t%u\t", h->rank);
            put_tsv_field(out, h->id);
            folio_buf_putc(out, '\t');
            put_score(out, h->score);
            folio_buf_putc(out, '\t');
            put_tsv_field(out, h->title);
            folio_buf_putc(out, '\n');
        }
        break;
    case FORMAT_TREC:
        for (size_t i = 0; i < n; i++) {
            const folio_hit *h = folio_results_hit(res, i);
            put_trec_word(out, q->qid);
            folio_buf_puts(out, " Q0 ");
            put_trec_word(out, h->id);
            folio_buf_printf(out, " %u ", h->rank);
            put_score(out, h->score);
            folio_buf_puts(out, " folio\n");
        }
        break;
    }
}

void output_count(folio_buf *out, const output_style *st, const output_query *q, const folio_results *res)
{
    uint64_t total = folio_results_total(res, NULL);
    if (output_is_json(st->format)) {
        put_json_results(out, st, q, res);
    } else if (st->format == FORMAT_TSV || st->batch) {
        put_tsv_field(out, q->qid);
        folio_buf_printf(out, "\t%llu\n", (unsigned long long)total);
    } else {
        folio_buf_printf(out, "%llu\n", (unsigned long long)total);
    }
}

void output_explain(folio_buf *out, const output_style *st, const output_query *q, const char *explained)
{
    if (output_is_json(st->format)) {
        put_json_query_head(out, st, q);
        put_json_member(out, "explain", explained);
        folio_buf_puts(out, "}\n");
        return;
    }
    put_text_heading(out, st, q);
    folio_buf_puts(out, explained);
    if (st->batch)
        folio_buf_putc(out, '\n');
}

void output_error(folio_buf *out, const output_style *st, const output_query *q, const folio_error *e)
{
    const char *message = e ? e->message : "unknown error";
    int column = e && e->code == FOLIO_EQUERY ? e->column : 0;
    if (output_is_json(st->format)) {
        put_json_query_head(out, st, q);
        put_json_key(out, "error");
        folio_buf_puts(out, "{\"message\":");
        output_json_string(out, message);
        put_json_key(out, "column");
        if (column > 0)
            folio_buf_printf(out, "%d", column);
        else
            folio_buf_puts(out, "null");
        folio_buf_puts(out, "}}\n");
    } else if (st->format == FORMAT_TEXT && st->batch) {
        put_text_heading(out, st, q);
        if (column > 0)
            folio_buf_printf(out, "query error at column %d: %s\n\n", column, message);
        else
            folio_buf_printf(out, "error: %s\n\n", message);
    }
}

/* ---- Documents and statistics ------------------------------------------------------------------ */

static void put_json_document(folio_buf *out, const folio_doc *doc)
{
    char *json;
    if (folio_doc_to_json(&json, doc) < 0) {
        out->oom = 1;
        return;
    }
    folio_buf_puts(out, json);
    folio_buf_putc(out, '\n');
    folio_free(json);
}

/* "name: value" lines for every field but the body, which follows after a blank line. */
static void put_text_document(folio_buf *out, const folio_doc *doc)
{
    const char *name;
    for (size_t i = 0; (name = folio_doc_field_name(doc, i)) != NULL; i++) {
        if (strcmp(name, "body") == 0)
            continue;
        for (size_t k = 0, n = folio_doc_count(doc, name); k < n; k++) {
            folio_buf_printf(out, "%s: ", name);
            put_text_field(out, folio_doc_value(doc, name, k));
            folio_buf_putc(out, '\n');
        }
    }
    const char *body = folio_doc_get(doc, "body");
    if (body) {
        folio_buf_putc(out, '\n');
        terminal_text_put(out, body, strlen(body), TERMINAL_KEEP_NEWLINES);
        folio_buf_putc(out, '\n');
    }
}

void output_document(folio_buf *out, const output_style *st, const folio_doc *doc)
{
    if (output_is_json(st->format))
        put_json_document(out, doc);
    else
        put_text_document(out, doc);
}

void output_stats_write(folio_buf *out, const output_style *st, const output_stats *stats)
{
    const char *updated = *stats->db.updated ? stats->db.updated : NULL;
    if (output_is_json(st->format)) {
        folio_buf_printf(out, "{\"version\":%d", OUTPUT_JSON_SCHEMA_VERSION);
        put_json_u64(out, "documents", stats->db.documents);
        put_json_u64(out, "terms", stats->db.terms);
        put_json_member(out, "language", stats->language);
        put_json_key(out, "languages");
        folio_buf_putc(out, '[');
        for (size_t i = 0; i < stats->nlanguages; i++) {
            folio_buf_puts(out, i ? "," : "");
            output_json_string(out, stats->languages[i]);
        }
        folio_buf_putc(out, ']');
        put_json_u64(out, "synonym_rules", stats->synonym_rules);
        put_json_u64(out, "analyzer_version", stats->db.analyzer_version);
        put_json_member(out, "updated", updated);
        put_json_u64(out, "bytes", stats->bytes);
        folio_buf_puts(out, "}\n");
        return;
    }
    folio_buf_printf(out,
                     "documents         %llu\n"
                     "terms             %llu\n"
                     "language          %s\n"
                     "languages         ",
                     (unsigned long long)stats->db.documents, (unsigned long long)stats->db.terms, stats->language);
    for (size_t i = 0; i < stats->nlanguages; i++)
        folio_buf_printf(out, "%s%s", i ? ", " : "", stats->languages[i]);
    folio_buf_printf(out,
                     "\n"
                     "synonym_rules     %zu\n"
                     "analyzer_version  %u\n"
                     "updated           %s\n"
                     "bytes             %llu\n",
                     stats->synonym_rules, stats->db.analyzer_version, updated ? updated : "unknown",
                     (unsigned long long)stats->bytes);
}
