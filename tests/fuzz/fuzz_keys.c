/*
 * fuzz_keys.c — libFuzzer target for folio-search's key file reader (search/keys.c): any bytes as a key
 * file parse or fail without crashing, leaking or reading out of bounds; a file that parses holds at
 * most one key a line, and each of its lines that is a plain key is accepted by keys_check.
 *
 * keys.c belongs to folio-search, so it is compiled into this target (tests/CMakeLists.txt).
 */
#include "fuzz_check.h"
#include "keys.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    key_set set;
    char error[200];
    const char *text = (const char *)data;
    if (keys_parse(&set, text, size, error, sizeof error) < 0) {
        FUZZ_CHECK(set.keys == NULL && set.count == 0 && strlen(error) > 0);
        return 0;
    }
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    FUZZ_CHECK(set.count <= lines && set.count <= KEYS_MAX_COUNT);
    /* The first line, trimmed, when it is a plain key, must check. */
    size_t start = 0, end = 0;
    while (end < size && data[end] != '\n')
        end++;
    while (start < end && (data[start] == ' ' || data[start] == '\t'))
        start++;
    while (end > start && (data[end - 1] == ' ' || data[end - 1] == '\t' || data[end - 1] == '\r'))
        end--;
    if (end > start && data[start] != '#' && (end - start < 7 || memcmp(text + start, "sha256:", 7) != 0))
        FUZZ_CHECK(keys_check(&set, text + start, end - start));
    keys_free(&set);
    return 0;
}
