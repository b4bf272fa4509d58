/*
 * fuzz_query_log.c — libFuzzer target for the query log's line reader (search/query_report.c): any bytes
 * as a line are read or refused without crashing, leaking or reading past the line (it is not
 * NUL-terminated here); a line read has a NUL-free UTF-8 query, and the line the log would write for it
 * (search/query_log.c) reads back to the same query, page and total.
 *
 * Both modules belong to folio-search, not libfolio, so they are compiled into this target
 * (tests/CMakeLists.txt).
 */
#include "fuzz_check.h"
#include "query_log.h"
#include "query_report.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = malloc(size ? size : 1);
    if (!line)
        return 0;
    memcpy(line, data, size);
    query_log_record rec = QUERY_LOG_RECORD_INIT, again = QUERY_LOG_RECORD_INIT;
    if (query_log_parse_line(&rec, line, size) == 0) {
        FUZZ_CHECK(rec.query.data && strlen(rec.query.data) == rec.query.len);
        FUZZ_CHECK(folio_utf8_valid(rec.query.data, rec.query.len, NULL));
        FUZZ_CHECK(rec.page >= 1);
        query_log_entry e = {rec.query.data, rec.page, rec.total, NULL, rec.ms};
        struct timespec when = {0, 0};
        folio_buf written = FOLIO_BUF_INIT;
        query_log_format(&written, &e, NULL, &when);
        if (!written.oom) {
            FUZZ_CHECK(written.len <= QUERY_LOG_LINE_MAX && written.data[written.len - 1] == '\n');
            FUZZ_CHECK(query_log_parse_line(&again, written.data, written.len - 1) == 0);
            FUZZ_CHECK(again.page == rec.page && again.total == rec.total);
            if (!strstr(written.data, "\"cut\":true"))
                FUZZ_CHECK(strcmp(again.query.data, rec.query.data) == 0);
        }
        folio_buf_free(&written);
    }
    query_log_record_free(&rec);
    query_log_record_free(&again);
    free(line);
    return 0;
}
