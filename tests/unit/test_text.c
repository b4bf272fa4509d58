/* test_text.c — UTF-8 checking and cutting, Windows-1252 decoding, HTML and JSON escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "text.h"

#include <string.h>

#define S(lit) lit, sizeof(lit) - 1

static int valid(const char *s, size_t len)
{
    return folio_utf8_valid(s, len, NULL);
}

static void test_utf8_valid_accepts_well_formed(void **state)
{
    (void)state;
    assert_true(valid(S("")));
    assert_true(valid(S("plain ASCII\n")));
    assert_true(valid(S("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9D\x84\x9E")));   /* é € 𝄞 */
    assert_true(valid(S("\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF"))); /* U+0080 U+07FF U+0800 U+FFFF */
    assert_true(valid(S("\xED\x9F\xBF\xEE\x80\x80")));                 /* U+D7FF U+E000, around the surrogates */
    assert_true(valid(S("\xF0\x90\x80\x80\xF4\x8F\xBF\xBF")));         /* U+10000 U+10FFFF */
    assert_true(valid(S("a\0b")));                                       /* NUL is a character */
}

static void test_utf8_valid_rejects_malformed(void **state)
{
    (void)state;
    assert_false(valid(S("\xC0\x80")));             /* overlong NUL */
    assert_false(valid(S("\xC1\xBF")));             /* overlong */
    assert_false(valid(S("\xE0\x9F\xBF")));         /* overlong 3-byte */
    assert_false(valid(S("\xF0\x8F\xBF\xBF")));     /* overlong 4-byte */
    assert_false(valid(S("\xED\xA0\x80")));         /* surrogate U+D800 */
    assert_false(valid(S("\xED\xBF\xBF")));         /* surrogate U+DFFF */
    assert_false(valid(S("\xF4\x90\x80\x80")));     /* U+110000 */
    assert_false(valid(S("\xF5\x80\x80\x80")));
    assert_false(valid(S("\xFF")));
    assert_false(valid(S("\x80")));                 /* stray continuation */
    assert_false(valid(S("\xE2\x82")));             /* truncated at the end */
    assert_false(valid(S("\xE2\x82" "a")));         /* truncated before ASCII */
}

static void test_utf8_valid_reports_offset(void **state)
{
    (void)state;
    size_t bad = 99;
    assert_false(folio_utf8_valid(S("ab\xC3\xA9z\xE9t"), &bad));
    assert_int_equal(bad, 5);
    bad = 99;
    assert_false(folio_utf8_valid(S("\xF0\x9F\x98"), &bad));
    assert_int_equal(bad, 0);
}

static void test_utf8_encode(void **state)
{
    (void)state;
    char b[4];
    assert_int_equal(folio_utf8_encode(b, 'A'), 1);
    assert_memory_equal(b, "A", 1);
    assert_int_equal(folio_utf8_encode(b, 0xE9), 2);
    assert_memory_equal(b, "\xC3\xA9", 2);
    assert_int_equal(folio_utf8_encode(b, 0x20AC), 3);
    assert_memory_equal(b, "\xE2\x82\xAC", 3);
    assert_int_equal(folio_utf8_encode(b, 0x1F600), 4);
    assert_memory_equal(b, "\xF0\x9F\x98\x80", 4);
    assert_int_equal(folio_utf8_encode(b, 0x10FFFF), 4);
    assert_memory_equal(b, "\xF4\x8F\xBF\xBF", 4);
}

/* Runs an appending function and returns the NUL-terminated result (static storage). */
static const char *appended(void (*fn)(folio_buf *, const char *, size_t), const char *s, size_t len)
{
    static char result[1024];
    folio_buf b = FOLIO_BUF_INIT;
    fn(&b, s, len);
    assert_int_equal(folio_buf_check(&b), 0);
    assert_true(b.len < sizeof result);
    memcpy(result, b.data ? b.data : "", b.len);
    result[b.len] = '\0';
    folio_buf_free(&b);
    return result;
}

static void test_cp1252_to_utf8(void **state)
{
    (void)state;
    assert_string_equal(appended(folio_cp1252_to_utf8, S("plain")), "plain");
    assert_string_equal(appended(folio_cp1252_to_utf8, S("caf\xE9 na\xEFve \xA3" "5")),
                        "caf\xC3\xA9 na\xC3\xAFve \xC2\xA3" "5");
    assert_string_equal(appended(folio_cp1252_to_utf8, S("\x80 \x93quoted\x94 \x96 \x85")),
                        "\xE2\x82\xAC \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x93 \xE2\x80\xA6");
    assert_string_equal(appended(folio_cp1252_to_utf8, S("\x9F\xFF")), "\xC5\xB8\xC3\xBF");
    /* The five undefined bytes. */
    assert_string_equal(appended(folio_cp1252_to_utf8, S("\x81\x8D\x8F\x90\x9D")),
                        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_string_equal(appended(folio_cp1252_to_utf8, S("")), "");
}

static void test_cp1252_output_is_always_utf8(void **state)
{
    (void)state;
    char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (char)i;
    folio_buf b = FOLIO_BUF_INIT;
    folio_cp1252_to_utf8(&b, all, sizeof all);
    assert_int_equal(folio_buf_check(&b), 0);
    assert_true(folio_utf8_valid(b.data, b.len, NULL));
    folio_buf_free(&b);
}

static void test_html_escape(void **state)
{
    (void)state;
    assert_string_equal(appended(folio_html_escape, S("<a href=\"x\">Tom & 'Jerry'</a>")),
                        "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
    assert_string_equal(appended(folio_html_escape, S("nothing to do \xC3\xA9")), "nothing to do \xC3\xA9");
    assert_string_equal(appended(folio_html_escape, S("&&")), "&amp;&amp;");
}

static void test_json_escape(void **state)
{
    (void)state;
    assert_string_equal(appended(folio_json_escape, S("say \"hi\" \\ bye")), "say \\\"hi\\\" \\\\ bye");
    assert_string_equal(appended(folio_json_escape, S("a\nb\tc\rd\be\ff")), "a\\nb\\tc\\rd\\be\\ff");
    assert_string_equal(appended(folio_json_escape, S("\x01\x1F\x7F")), "\\u0001\\u001f\x7F");
    assert_string_equal(appended(folio_json_escape, S("nul\0byte")), "nul\\u0000byte");
    assert_string_equal(appended(folio_json_escape, S("caf\xC3\xA9 / \xF0\x9F\x98\x80")),
                        "caf\xC3\xA9 / \xF0\x9F\x98\x80");
}

static void test_json_escape_replaces_invalid_utf8(void **state)
{
    (void)state;
    assert_string_equal(appended(folio_json_escape, S("caf\xE9!")), "caf\xEF\xBF\xBD!");
    assert_string_equal(appended(folio_json_escape, S("\xE2\x82")), "\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_string_equal(appended(folio_json_escape, S("\xED\xA0\x80\"")),
                        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\\\"");
    const char *out = appended(folio_json_escape, S("\xC0\x80\xFF x"));
    assert_true(folio_utf8_valid(out, strlen(out), NULL));
}

static void test_utf8_cut(void **state)
{
    (void)state;
    const char *s = "a\xC3\xA9" "b\xE2\x82\xAC\xF0\x9F\x98\x80"; /* a é b € 😀: offsets 0 1 3 4 7, length 11 */
    assert_int_equal(folio_utf8_cut(s, 11, 20), 11);
    assert_int_equal(folio_utf8_cut(s, 11, 11), 11);
    assert_int_equal(folio_utf8_cut(s, 11, 0), 0);
    assert_int_equal(folio_utf8_cut(s, 11, 1), 1);
    assert_int_equal(folio_utf8_cut(s, 11, 2), 1);  /* inside é */
    assert_int_equal(folio_utf8_cut(s, 11, 3), 3);
    assert_int_equal(folio_utf8_cut(s, 11, 5), 4);  /* inside € */
    assert_int_equal(folio_utf8_cut(s, 11, 6), 4);
    assert_int_equal(folio_utf8_cut(s, 11, 7), 7);
    assert_int_equal(folio_utf8_cut(s, 11, 8), 7);  /* inside 😀 */
    assert_int_equal(folio_utf8_cut(s, 11, 10), 7);
}

static void test_utf8_cut_malformed(void **state)
{
    (void)state;
    /* Stray continuation bytes are not a sequence: any cut between them will do. */
    assert_int_equal(folio_utf8_cut(S("ab\x80\x80\x80\x80\x80"), 5), 5);
    /* A truncated sequence at the end is cut at max as well. */
    assert_int_equal(folio_utf8_cut(S("ab\xE2\x82"), 3), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid_accepts_well_formed),
        cmocka_unit_test(test_utf8_valid_rejects_malformed),
        cmocka_unit_test(test_utf8_valid_reports_offset),
        cmocka_unit_test(test_utf8_encode),
        cmocka_unit_test(test_cp1252_to_utf8),
        cmocka_unit_test(test_cp1252_output_is_always_utf8),
        cmocka_unit_test(test_html_escape),
        cmocka_unit_test(test_json_escape),
        cmocka_unit_test(test_json_escape_replaces_invalid_utf8),
        cmocka_unit_test(test_utf8_cut),
        cmocka_unit_test(test_utf8_cut_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
