/*
 * fuzz_snippet.c — makes snippets of arbitrary bytes and checks the promises of snippet.h.
 * Input: byte 0 picks the target size, byte 1 which query matches are used (one bit each), byte 2 the
 * NEAR distances; the rest is the text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "buf.h"
#include "highlight.h"
#include "snippet.h"
#include "text.h"

#define HEADER_BYTES 3
#define TARGET_STEP 3 /* targets 0, 3, ..., 765 */
#define ELLIPSIS_LEN 3

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const film[] = {"film"}, *const a[] = {"a"}, *const ca[] = {"ca"},
                         *const the_film[] = {"the", "film"}, *const a_a[] = {"a", "a"},
                         *const film_a[] = {"film", "a"}, *const a_a_b[] = {"a", "a", "b"},
                         *const cafe[] = {"cafe"};

static void check(int ok)
{
    if (!ok)
        abort();
}

static size_t pick_matches(folio_match *out, uint8_t bits, uint8_t distances)
{
    const folio_match all[] = {
        {FOLIO_MATCH_TERM, film, 1, 0},
        {FOLIO_MATCH_TERM, a, 1, 0},
        {FOLIO_MATCH_PREFIX, ca, 1, 0},
        {FOLIO_MATCH_PHRASE, the_film, 2, 0},
        {FOLIO_MATCH_PHRASE, a_a, 2, 0},
        {FOLIO_MATCH_NEAR, film_a, 2, distances & 7},
        {FOLIO_MATCH_NEAR, a_a_b, 3, distances >> 5},
        {FOLIO_MATCH_TERM, cafe, 1, 0},
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (bits & (1u << i))
            out[n++] = all[i];
    return n;
}

static void check_snippet(const folio_snippet *s, size_t target)
{
    size_t len = strlen(s->text);
    check(folio_utf8_valid(s->text, len, NULL));
    check(len <= target + 2 * ELLIPSIS_LEN);
    for (size_t i = 0; i < len; i++) { /* no control characters; single inner spaces */
        unsigned char c = (unsigned char)s->text[i];
        check(c >= 0x20 && c != 0x7F);
        check(c != ' ' || (i > 0 && i + 1 < len && s->text[i + 1] != ' '));
    }
    size_t at = 0;
    for (size_t i = 0; i < s->nspans; i++) {
        check(s->spans[i].start >= at && s->spans[i].start < s->spans[i].end && s->spans[i].end <= len);
        check(folio_utf8_valid(s->text + s->spans[i].start, s->spans[i].end - s->spans[i].start, NULL));
        at = s->spans[i].end;
    }
}

static size_t count_byte(const char *s, size_t len, char c)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == c;
    return n;
}

static void check_renderings(const folio_snippet *s)
{
    folio_buf out = FOLIO_BUF_INIT;
    highlight_html(&out, s->text, s->spans, s->nspans);
    check(folio_buf_check(&out) == 0 && folio_utf8_valid(out.data, out.len, NULL));
    check(count_byte(out.data, out.len, '<') == 2 * s->nspans); /* only <mark> and </mark> */
    check(count_byte(out.data, out.len, '>') == 2 * s->nspans);
    folio_buf_reset(&out);
    highlight_marked(&out, s->text, s->spans, s->nspans, "[", "]");
    check(folio_buf_check(&out) == 0 && out.len == strlen(s->text) + 2 * s->nspans);
    folio_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static folio_analyzer *an;
    if (!an && folio_analyzer_new(&an, FOLIO_DEFAULT_LANGUAGE) != 0)
        abort();
    if (size < HEADER_BYTES)
        return 0;
    size_t target = (size_t)data[0] * TARGET_STEP;
    folio_match matches[8];
    size_t n = pick_matches(matches, data[1], data[2]);
    folio_snippet s;
    check(folio_snippet_make(&s, an, (const char *)data + HEADER_BYTES, size - HEADER_BYTES, matches, n,
                             target) == 0);
    check_snippet(&s, target);
    check_renderings(&s);
    folio_snippet_clear(&s);
    return 0;
}
