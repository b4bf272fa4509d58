/*
 * fuzz_boosts.c — libFuzzer target for the recency and field-boost parsers (libfolio/src/boosts.c):
 * any text parses or fails without crashing or reading out of bounds; a failure leaves the value
 * unchanged, and what parses is within its bounds.
 */
#include "boosts.h"
#include "fuzz_check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    double half_life = -1;
    if (folio_recency_parse(&half_life, text) < 0)
        FUZZ_CHECK(half_life == -1);
    else
        FUZZ_CHECK(half_life >= 0 && half_life <= FOLIO_HALF_LIFE_MAX);
    folio_boosts b = folio_boosts_none;
    if (folio_boost_parse(&b, text) < 0) {
        FUZZ_CHECK(memcmp(b.field, folio_boosts_none.field, sizeof b.field) == 0);
    } else {
        for (int i = 0; i < FOLIO_TEXT_FIELD_COUNT; i++)
            FUZZ_CHECK(b.field[i] >= 0 && b.field[i] <= FOLIO_BOOST_MAX);
    }
    free(text);
    return 0;
}
