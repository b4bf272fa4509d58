/*
 * output.h — folio-search's output formats: text for people, and json, jsonl, tsv and trec for programs.
 *
 * Every function appends to a folio_buf (the caller writes it out and checks it for allocation failure).
 * The JSON objects follow the stable schema in docs/json-schema.md; json and jsonl write the same thing,
 * one compact object per line. TSV fields have their tabs and line breaks turned into spaces; TREC ids
 * have white space and '%' percent-encoded, so every line keeps its six fields. Document text in text
 * and TSV output (hits, facets, --get) never reaches the terminal with control characters
 * (terminal_text.h).
 */
#ifndef FOLIO_SEARCH_OUTPUT_H
#define FOLIO_SEARCH_OUTPUT_H

#include "buf.h"
#include "folio.h"

#include <stdint.h>

/* The version of the JSON schema (docs/json-schema.md): raised only if a field changes meaning. */
#define OUTPUT_JSON_SCHEMA_VERSION 1

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_JSONL, FORMAT_TSV, FORMAT_TREC } output_format;

typedef struct output_style {
    output_format format;
    int color; /* text: matches and titles in ANSI bold */
    int batch; /* answers belong to a batch: JSON carries "qid", text gets a heading per query */
} output_style;

/* One query being answered. */
typedef struct output_query {
    const char *qid;                  /* "1" for a single query */
    const char *text;                 /* as given */
    const folio_search_options *opts; /* offset, limit and facets asked for */
    double took_ms;                   /* time spent in libfolio */
    const char *like;                 /* related articles (--like, /api/similar): the document's id, or
                                       * NULL for a query */
} output_query;

/* What --stats reports. */
typedef struct output_stats {
    folio_db_stats db;
    const char *language;
    const char *const *languages; /* folio_db_index_languages */
    size_t nlanguages;
    size_t synonym_rules; /* folio_db_synonym_rules */
    uint64_t bytes; /* size on disk */
} output_stats;

/* Reads a --format name; -1 if unknown. */
int output_format_parse(const char *name, output_format *out);

/* A JSON string (escaped, invalid UTF-8 replaced), or null for NULL: the one writer of JSON strings. */
void output_json_string(folio_buf *out, const char *s);

/* 1 if the format is JSON (json or jsonl). */
int output_is_json(output_format f);

/* What comes before the first answer: the TSV header line of hits, or of counts. */
void output_begin_hits(folio_buf *out, const output_style *st);
void output_begin_counts(folio_buf *out, const output_style *st);

/* A page of hits with the totals (and facets, in text and JSON). */
void output_results(folio_buf *out, const output_style *st, const output_query *q, const folio_results *res);

/* The number of matches alone (JSON: the results object, with no hits). */
void output_count(folio_buf *out, const output_style *st, const output_query *q, const folio_results *res);

/* folio_explain()'s text. */
void output_explain(folio_buf *out, const output_style *st, const output_query *q, const char *explained);

/* A query that failed: JSON gets an error object, a text batch the message under the query's heading;
 * otherwise nothing (the message goes to stderr, which is the caller's job). */
void output_error(folio_buf *out, const output_style *st, const output_query *q, const folio_error *e);

/* A stored document: text, or in JSON the JSON Lines record folio-index reads (keyword fields as arrays). */
void output_document(folio_buf *out, const output_style *st, const folio_doc *doc);

void output_stats_write(folio_buf *out, const output_style *st, const output_stats *stats);

#endif
