/*
 * test_segment.c — words of scripts without spaces (segment.h), as the analyzer cuts them: CJK bigrams,
 * Thai dictionary words, mixed scripts, half-width and full-width forms, emoji, invalid UTF-8, long runs;
 * and elided articles.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer.h"
#include "segment.h"

#define JOINED_MAX 65536

/* The words of `text` joined by '|', checking positions, offsets and that bigrams are the only words
 * that overlap (the second starting inside the first). */
static void joined(folio_analyzer *an, const char *text, size_t len, char *out)
{
    folio_cursor cur;
    folio_token tok;
    size_t used = 0, last_start = 0, last_end = 0;
    uint32_t pos = 0;
    int rc;
    out[0] = '\0';
    folio_analyzer_start(&cur, text, len, 0);
    while ((rc = folio_analyzer_next(an, &cur, &tok)) == 1) {
        assert_int_equal(tok.pos, pos++);
        assert_true(tok.start < tok.end && tok.end <= len);
        assert_true(tok.start >= (tok.segmented ? last_start : last_end));
        if (tok.segmented)
            assert_memory_equal(tok.term, tok.word, tok.word_len + 1); /* not stemmed */
        last_start = tok.start;
        last_end = tok.end;
        assert_true(used + tok.word_len + 2 < JOINED_MAX);
        if (used)
            out[used++] = '|';
        memcpy(out + used, tok.word, tok.word_len);
        used += tok.word_len;
        out[used] = '\0';
    }
    assert_int_equal(rc, 0);
}

static void assert_words(folio_analyzer *an, const char *text, const char *want)
{
    static char got[JOINED_MAX];
    joined(an, text, strlen(text), got);
    assert_string_equal(got, want);
}

static int setup(void **state)
{
    folio_analyzer *an;
    if (folio_analyzer_new(&an, "english") != 0)
        return -1;
    *state = an;
    return 0;
}

static int teardown(void **state)
{
    folio_analyzer_free(*state);
    return 0;
}

static void test_classes(void **state)
{
    (void)state;
    assert_int_equal(folio_segment_class_of('a'), FOLIO_SEGMENT_SPACED);
    assert_int_equal(folio_segment_class_of(0x00E9), FOLIO_SEGMENT_SPACED);    /* é */
    assert_int_equal(folio_segment_class_of(0x4E2D), FOLIO_SEGMENT_BIGRAM);    /* 中 */
    assert_int_equal(folio_segment_class_of(0x3042), FOLIO_SEGMENT_BIGRAM);    /* あ */
    assert_int_equal(folio_segment_class_of(0x30AB), FOLIO_SEGMENT_BIGRAM);    /* カ */
    assert_int_equal(folio_segment_class_of(0xFF76), FOLIO_SEGMENT_BIGRAM);    /* ｶ */
    assert_int_equal(folio_segment_class_of(0xD55C), FOLIO_SEGMENT_BIGRAM);    /* 한 */
    assert_int_equal(folio_segment_class_of(0x20000), FOLIO_SEGMENT_BIGRAM);   /* CJK ext. B */
    assert_int_equal(folio_segment_class_of(0x0E01), FOLIO_SEGMENT_DICTIONARY); /* ก */
    assert_int_equal(folio_segment_class_of(0x1780), FOLIO_SEGMENT_DICTIONARY); /* Khmer */
    assert_int_equal(folio_segment_class_of(0xFF21), FOLIO_SEGMENT_SPACED);    /* Ａ full-width */
    assert_int_equal(folio_segment_class_of(0x1F600), FOLIO_SEGMENT_SPACED);   /* 😀 */
}

static void test_cjk_bigrams(void **state)
{
    assert_words(*state, "新疆", "新疆");
    assert_words(*state, "新疆人", "新疆|疆人");
    assert_words(*state, "中", "中");
    assert_words(*state, "中 国", "中|国");
    assert_words(*state, "关于新疆的庇护申请。", "关于|于新|新疆|疆的|的庇|庇护|护申|申请");
    assert_words(*state, "東京の天気", "東京|京の|の天|天気");
    assert_words(*state, "서울의 날씨", "서울|울의|날씨");
}

static void test_mixed_scripts(void **state)
{
    assert_words(*state, "iPhone 15の新機能", "iphone|15|の新|新機|機能");
    assert_words(*state, "iPhone15の新機能", "iphone15|の新|新機|機能");
    assert_words(*state, "COVID-19疫情", "covid|19|疫情");
    assert_words(*state, "東京Tokyo大阪", "東京|tokyo|大阪");
    assert_words(*state, "ไทยThai", "ไทย|thai");
}

static void test_width_forms(void **state)
{
    /* Half-width katakana, its voicing mark joined to the letter before: ｶﾞｲﾄﾞ is ガイド. */
    assert_words(*state, "\xef\xbd\xb6\xef\xbe\x9e\xef\xbd\xb2\xef\xbe\x84\xef\xbe\x9e", "ガイ|イド");
    assert_words(*state, "ガイド", "ガイ|イド");
    /* Decomposed kana: が as か + U+3099 stays が (marks are kept in these scripts). */
    assert_words(*state, "\xe3\x81\x8b\xe3\x82\x99\xe3\x81\x8f", "がく");
    assert_words(*state, "かく", "かく");
    /* Full-width Latin and digits are spaced words, folded to ASCII. */
    assert_words(*state, "ｉＰｈｏｎｅ　１５の", "iphone|15|の");
    /* Conjoining jamo compose into one syllable each. */
    assert_words(*state, "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\xe1\x84\x80\xe1\x85\xae\xe1\x86\xa8", "한국");
}

static void test_emoji_and_symbols(void **state)
{
    assert_words(*state, "東京😀大阪", "東京|大阪");
    assert_words(*state, "😀👍🏽", "");
    assert_words(*state, "新年快乐🎉！", "新年|年快|快乐");
}

static void test_invalid_utf8(void **state)
{
    /* A bad byte separates; a CJK character cut by the end of the text is a bad byte too. */
    assert_words(*state, "東京\xff大阪", "東京|大阪");
    assert_words(*state, "東京\xe5\xa4", "東京");
    assert_words(*state, "\x80\x80中国", "中国");
    assert_words(*state, "ไทย\xffไทย", "ไทย|ไทย");
}

static void test_thai_dictionary(void **state)
{
    assert_words(*state, "ฉันกินข้าว", "ฉัน|กิน|ข้าว");
    assert_words(*state, "ภาษาไทยง่าย", "ภาษา|ไทย|ง่าย");
    assert_words(*state, "ภาษาไทย ง่าย", "ภาษา|ไทย|ง่าย");
}

/* A run longer than FOLIO_SEGMENT_RUN_MAX, of CJK and of Thai: every word valid, bounded, in order. */
static void test_long_runs(void **state)
{
    folio_analyzer *an = *state;
    size_t n = 3 * FOLIO_SEGMENT_RUN_MAX;
    char *text = malloc(n + 1);
    assert_non_null(text);
    static char got[JOINED_MAX];

    for (size_t i = 0; i + 3 <= n; i += 3)
        memcpy(text + i, "中", 3);
    joined(an, text, n, got);
    assert_int_equal(strlen(got), (n / 3 - 1) * 7 - 1); /* every pair: 6 bytes and a '|' */

    const char *thai = "ฉันกินข้าว";
    size_t tl = strlen(thai), len = 0;
    while (len + tl <= n)
        memcpy(text + len, thai, tl), len += tl;
    folio_cursor cur;
    folio_token tok;
    size_t words = 0, last_end = 0;
    int rc;
    folio_analyzer_start(&cur, text, len, 0);
    while ((rc = folio_analyzer_next(an, &cur, &tok)) == 1) {
        assert_true(tok.start >= last_end && tok.word_len <= FOLIO_MAX_WORD_BYTES);
        last_end = tok.end;
        words++;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(last_end, len);
    assert_true(words >= 3 * (len / tl) - 4); /* a word may be split where a piece of the run ends */
    free(text);
}

/* Two cursors taking turns over Thai runs with one analyzer read the same words as each alone. */
static void test_interleaved_cursors(void **state)
{
    folio_analyzer *an = *state;
    const char *a = "ภาษาไทยง่ายฉันกินข้าว", *b = "กรุงเทพมหานครฉันกินข้าว";
    folio_cursor ca, cb;
    folio_token ta, tb;
    char got_a[256] = "", got_b[256] = "";
    folio_analyzer_start(&ca, a, strlen(a), 0);
    folio_analyzer_start(&cb, b, strlen(b), 0);
    int ra = 1, rb = 1;
    while (ra == 1 || rb == 1) {
        if (ra == 1 && (ra = folio_analyzer_next(an, &ca, &ta)) == 1)
            strcat(strcat(got_a, ta.word), "|");
        if (rb == 1 && (rb = folio_analyzer_next(an, &cb, &tb)) == 1)
            strcat(strcat(got_b, tb.word), "|");
    }
    static char want[JOINED_MAX];
    joined(an, a, strlen(a), want);
    strcat(want, "|");
    assert_string_equal(got_a, want);
    joined(an, b, strlen(b), want);
    strcat(want, "|");
    assert_string_equal(got_b, want);
}

/* Elision (analyzer.c): split for French, Italian, Catalan, Irish, straight or typographic apostrophe;
 * English keeps "Guan's". In this file because it is the other rule of where words start. */
static void test_elision(void **state)
{
    folio_analyzer *fr, *it;
    assert_int_equal(folio_analyzer_new(&fr, "french"), 0);
    assert_int_equal(folio_analyzer_new(&it, "italian"), 0);
    assert_words(fr, "L'amour et l\u2019\u00e9t\u00e9", "amour|et|ete");
    assert_words(fr, "qu'il jusqu'ici d'Anne", "il|ici|anne");
    assert_words(fr, "aujourd'hui", "aujourd'hui"); /* not an elided article */
    assert_words(it, "dell'anno all'inizio un'amica", "anno|inizio|amica");
    assert_words(*state, "Guan's l'amour", "guan's|l'amour");
    folio_cursor cur;
    folio_token tok;
    const char *text = "l\u2019\u00e9cole";
    folio_analyzer_start(&cur, text, strlen(text), 0);
    assert_int_equal(folio_analyzer_next(fr, &cur, &tok), 1);
    assert_int_equal(tok.start, 4); /* after the 3-byte apostrophe */
    assert_int_equal(tok.end, strlen(text));
    folio_analyzer_free(fr);
    folio_analyzer_free(it);
}

static void test_segmenter_direct(void **state)
{
    (void)state;
    folio_segmenter *seg;
    assert_int_equal(folio_segmenter_new(&seg), 0);
    const size_t *ends;
    size_t n;
    const char *run = "ภาษาไทย";
    assert_int_equal(folio_segmenter_split(seg, run, strlen(run), &ends, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(ends[0], strlen("ภาษา"));
    assert_int_equal(ends[1], strlen(run));
    assert_int_equal(folio_segmenter_split(seg, "", 0, &ends, &n), 0);
    assert_int_equal(n, 0);
    assert_true(folio_segmenter_split(seg, "\xe0\xb8", 2, &ends, &n) < 0);
    folio_segmenter_free(seg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_cjk_bigrams),
        cmocka_unit_test(test_mixed_scripts),
        cmocka_unit_test(test_width_forms),
        cmocka_unit_test(test_emoji_and_symbols),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_thai_dictionary),
        cmocka_unit_test(test_long_runs),
        cmocka_unit_test(test_interleaved_cursors),
        cmocka_unit_test(test_elision),
        cmocka_unit_test(test_segmenter_direct),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
