/*
 * fuzz_body.c — libFuzzer target for the write API's body splitter (search/write_body.c): any bytes as
 * a request body, read as JSON (first byte even) or JSON Lines (odd), split or fail without crashing or
 * reading out of bounds; every record found lies inside the body, in order, without overlapping, and
 * starts and ends with a non-space byte.
 */
#include "fuzz_check.h"
#include "write_body.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    body_format format = data[0] & 1 ? BODY_JSON_LINES : BODY_JSON;
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    body_records r;
    char error[BODY_ERROR_BYTES];
    if (body_split(&r, format, body, len, error) < 0) {
        FUZZ_CHECK(r.spans == NULL && r.count == 0 && strlen(error) > 0);
        return 0;
    }
    FUZZ_CHECK(r.count > 0 && r.count <= BODY_MAX_RECORDS);
    size_t prev_end = 0;
    for (size_t i = 0; i < r.count; i++) {
        const body_span *s = &r.spans[i];
        FUZZ_CHECK(s->len > 0 && s->start >= prev_end && s->start + s->len <= len);
        FUZZ_CHECK(!memchr(" \t\r\n", body[s->start], 4) && !memchr(" \t\r\n", body[s->start + s->len - 1], 4));
        prev_end = s->start + s->len;
    }
    body_records_free(&r);
    return 0;
}
