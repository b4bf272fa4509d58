/*
 * fuzz_analyzer.c — runs the analyzer over arbitrary bytes and checks the token invariants of
 * analyzer.h, then folds the same bytes and each word (folding a folded word must change nothing).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"

#define FUZZ_FIRST_POS 7

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
    if (!ok)
        abort();
}

/* Strict UTF-8: no overlongs, surrogates or code points past U+10FFFF. */
static int is_valid_utf8(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char b = s[i];
        size_t n;
        uint32_t cp, min;
        if (b < 0x80) {
            i++;
            continue;
        } else if (b >= 0xC2 && b <= 0xDF) {
            n = 2, cp = b & 0x1F, min = 0x80;
        } else if (b >= 0xE0 && b <= 0xEF) {
            n = 3, cp = b & 0x0F, min = 0x800;
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 4, cp = b & 0x07, min = 0x10000;
        } else {
            return 0;
        }
        if (i + n > len)
            return 0;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n;
    }
    return 1;
}

static void check_folded(const char *s, size_t len)
{
    check(s != NULL);
    check(strlen(s) == len);
    check(len <= FOLIO_MAX_WORD_BYTES);
    check(is_valid_utf8((const unsigned char *)s, len));
}

/* Folding a word again gives the same word. */
static void check_fold_is_stable(folio_analyzer *an, const char *word, size_t len)
{
    char copy[FOLIO_MAX_WORD_BYTES + 1];
    memcpy(copy, word, len + 1);
    size_t again_len;
    const char *again = folio_analyzer_fold(an, copy, len, &again_len);
    check(again_len == len && memcmp(again, copy, len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static folio_analyzer *an;
    if (!an && folio_analyzer_new(&an, FOLIO_DEFAULT_LANGUAGE) != 0)
        abort();

    const char *text = (const char *)data;
    folio_cursor cur;
    folio_token tok;
    folio_analyzer_start(&cur, text, size, FUZZ_FIRST_POS);
    uint32_t pos = FUZZ_FIRST_POS;
    size_t last_start = 0, last_end = 0;
    int rc;
    while ((rc = folio_analyzer_next(an, &cur, &tok)) == 1) {
        check(tok.pos == pos++);
        /* Words follow each other; only bigrams overlap, the second starting inside the first. */
        check((tok.segmented ? last_start : last_end) <= tok.start && tok.start < tok.end && tok.end <= size);
        last_start = tok.start;
        last_end = tok.end;
        check(tok.term_len > 0 && strlen(tok.term) == tok.term_len);
        check(tok.word_len > 0);
        check_folded(tok.word, tok.word_len);
        check_fold_is_stable(an, tok.word, tok.word_len);
    }
    check(rc == 0);
    check(cur.pos == pos);

    size_t len;
    const char *folded = folio_analyzer_fold(an, text, size, &len);
    check_folded(folded, len);
    return 0;
}
