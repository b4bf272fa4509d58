/*
 * query_report.h — `folio-search --report FILE`: what a query log (query_log.h) tells a site owner to act
 * on: the most frequent queries, the most frequent queries that found nothing (words to add, synonyms
 * to give, pages to write), and the slowest queries.
 *
 * Queries are counted after folding ASCII case and runs of white space ("Oil  Prices" is "oil prices");
 * frequencies count first pages only (page 2 of a search is the same visitor reading on), the slowest
 * table every search. Lines that are not query log lines (malformed JSON, a member missing or of the
 * wrong type, not UTF-8, longer than QUERY_LOG_LINE_MAX) are skipped and counted; the report never
 * fails on what the file holds, only when it cannot be read. Memory is bounded by REPORT_MAX_QUERIES
 * distinct queries: the searches of further ones are counted but not tallied, and the report says so.
 * Text from the log is printed with its control characters replaced (terminal_text.h).
 */
#ifndef FOLIO_SEARCH_QUERY_REPORT_H
#define FOLIO_SEARCH_QUERY_REPORT_H

#include "buf.h"

#include <stddef.h>
#include <stdint.h>

/* Distinct queries tallied at most. */
#define REPORT_MAX_QUERIES 1000000

/* One log line, parsed. */
typedef struct query_log_record {
    folio_buf query;   /* decoded, NUL-terminated */
    folio_buf scratch; /* the parser's: member names and skipped strings */
    unsigned page;     /* 1 when the line has none */
    uint64_t total;
    double ms;
} query_log_record;

#define QUERY_LOG_RECORD_INIT {FOLIO_BUF_INIT, FOLIO_BUF_INIT, 1, 0, 0.0}

/* Parses one line (without its newline) into *out, which may be reused from line to line. 0, or -1 when
 * it is not a query log line; out of memory is -1 too, with out->query.oom set. */
int query_log_parse_line(query_log_record *out, const char *line, size_t len);
void query_log_record_free(query_log_record *r);

/* Reads the log at `path` ("-": standard input) and appends the report, `top` rows a table, to `out`.
 * 0, or -1 after a message on stderr when the file cannot be read or memory runs out. */
int query_report_run(folio_buf *out, const char *path, unsigned top);

#endif
