/*
 * fuzz_synonyms.c — libFuzzer target for the synonym list parser (libfolio/src/synonyms.c): any bytes
 * parse or fail without crashing or reading out of bounds; a list that parses reads back from its
 * canonical text as the same list (what the database stores is what it had), and a lookup of any of
 * its words never answers the word itself nor more than asked for.
 */
#include "fuzz_check.h"
#include "synonyms.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static folio_analyzer *an;
    if (!an && folio_analyzer_new(&an, "english") < 0)
        return 0;
    folio_synonyms *s, *again;
    if (folio_synonyms_parse(&s, an, (const char *)data, size) < 0) {
        FUZZ_CHECK(s == NULL);
        return 0;
    }
    folio_buf text = FOLIO_BUF_INIT, text_again = FOLIO_BUF_INIT;
    folio_synonyms_canonical(s, &text);
    if (folio_buf_check(&text) >= 0 && folio_synonyms_parse(&again, an, text.data ? text.data : "", text.len) >= 0) {
        FUZZ_CHECK(folio_synonyms_rules(again) == folio_synonyms_rules(s));
        FUZZ_CHECK(folio_synonyms_longest(again) == folio_synonyms_longest(s));
        folio_synonyms_canonical(again, &text_again);
        FUZZ_CHECK(text_again.len == text.len && (!text.len || memcmp(text.data, text_again.data, text.len) == 0));
        folio_synonyms_free(again);
    } else {
        FUZZ_CHECK(folio_buf_check(&text) < 0); /* only running out of memory may fail it */
    }
    /* Each word of the input, looked up by its stem. */
    const folio_synonym *found[FOLIO_SYNONYMS_MAX_PER_WORD];
    folio_cursor cur;
    folio_token tok;
    folio_analyzer_start(&cur, (const char *)data, size, 0);
    while (folio_analyzer_next(an, &cur, &tok) == 1) {
        size_t n = folio_synonyms_find(s, tok.term, tok.term_len, found, 3);
        FUZZ_CHECK(n <= 3);
        FUZZ_CHECK(folio_synonyms_find(s, tok.term, tok.term_len, NULL, 0) == (n > 0));
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(strlen(found[i]->stems) != tok.term_len || memcmp(found[i]->stems, tok.term, tok.term_len) != 0);
    }
    folio_buf_free(&text);
    folio_buf_free(&text_again);
    folio_synonyms_free(s);
    return 0;
}
