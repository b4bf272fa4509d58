/*
 * query_log.h — the site owner's query log (`--serve --query-log FILE`): one JSON line appended to FILE
 * for each search the server answers (GET /api/search with a non-empty query and a 200):
 *
 *   {"time":"2026-12-03T15:40:00.123Z","query":"oil prices","page":1,"total":1234,"corrected_query":null,"ms":1.42}
 *
 * `time` is UTC, `total` the number of matches (a lower bound past folio's exact count), `ms` the time
 * the search took. `corrected_query` is the query the results are for when folio corrected the one typed
 * (issue #16's typo tolerance); null while folio corrects nothing. The client's address ("address") is
 * written only with --log-addresses. A query or correction whose escaped form would pass
 * QUERY_LOG_FIELD_MAX bytes is cut at a UTF-8 boundary, and the line then says "cut":true; a line is
 * never longer than QUERY_LOG_LINE_MAX bytes.
 *
 * Concurrency: each line is one write(2) to a file opened O_APPEND, so lines from concurrent requests
 * never interleave. Errors: query_log_open() fails (with a message on stderr) when FILE cannot be opened
 * for appending; a later failed write is said once on stderr and never stops a search.
 */
#ifndef FOLIO_SEARCH_QUERY_LOG_H
#define FOLIO_SEARCH_QUERY_LOG_H

#include "buf.h"

#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

/* Escaped bytes of the query (and of the corrected query) kept in a line. */
#define QUERY_LOG_FIELD_MAX 3072
/* The largest time written (a day, in ms): so that the number's digits are bounded too. */
#define QUERY_LOG_MS_MAX 86400000.0
/* The longest line, newline included: both fields at their longest and the other members. */
#define QUERY_LOG_LINE_MAX 8192

/* One search, as the log records it. Strings are the caller's. */
typedef struct query_log_entry {
    const char *query;
    unsigned page;               /* from 1 */
    uint64_t total;
    const char *corrected_query; /* NULL: the results are for the query as typed */
    double ms;
} query_log_entry;

/* Opens `path` for appending (created 0640 when missing). 0, or -1 after a message on stderr. */
int query_log_open(const char *path, int log_addresses);

/* Whether a log is open. */
int query_log_enabled(void);

/* Appends the line of `e`; `client` (may be NULL) is written only with log_addresses. */
void query_log_write(const query_log_entry *e, const struct sockaddr *client);

void query_log_close(void);

/* The line of `e` at `when` (with `address` when not NULL), newline included, replacing what `out`
 * held. Exposed for the tests: the line query_log_write() appends. */
void query_log_format(folio_buf *out, const query_log_entry *e, const char *address, const struct timespec *when);

#endif
