/* test_json.c — the strict JSON parser: values, escapes, errors with their byte offsets, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "error.h"
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static folio_json *parse_ok(const char *text)
{
    folio_json *v = NULL;
    int rc = folio_json_parse(&v, text, strlen(text));
    if (rc != 0)
        fail_msg("parse of '%s' failed: %s", text, folio_error_last()->message);
    assert_non_null(v);
    return v;
}

/* Checks that text fails with exactly `message`. */
static void assert_parse_error(const char *text, size_t len, const char *message)
{
    folio_json *v = (folio_json *)1;
    assert_int_equal(folio_json_parse(&v, text, len), FOLIO_EINVALID);
    assert_null(v);
    assert_string_equal(folio_error_last()->message, message);
}

#define ASSERT_ERROR(lit, message) assert_parse_error(lit, sizeof(lit) - 1, message)

static void assert_string_value(const char *text, const char *expected, size_t expected_len)
{
    folio_json *v = parse_ok(text);
    assert_int_equal(v->type, FOLIO_JSON_STRING);
    assert_int_equal(v->str_len, expected_len);
    assert_memory_equal(v->str, expected, expected_len);
    assert_int_equal(v->str[v->str_len], '\0');
    folio_json_free(v);
}

#define ASSERT_STRING(text, lit) assert_string_value(text, lit, sizeof(lit) - 1)

static void test_scalars(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        folio_json_type type;
    } cases[] = {{"null", FOLIO_JSON_NULL}, {"true", FOLIO_JSON_TRUE}, {" false ", FOLIO_JSON_FALSE},
                 {"\"\"", FOLIO_JSON_STRING}, {"0", FOLIO_JSON_NUMBER}, {"[]", FOLIO_JSON_ARRAY},
                 {"{}", FOLIO_JSON_OBJECT}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        folio_json *v = parse_ok(cases[i].text);
        assert_int_equal(v->type, cases[i].type);
        assert_int_equal(v->count, 0);
        folio_json_free(v);
    }
}

static void test_numbers_keep_their_literal(void **state)
{
    (void)state;
    const char *numbers[] = {"0", "-0", "42", "-1.5e3", "3.25", "1E+2", "6.02e-23", "12345678901234567890123"};
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        folio_json *v = parse_ok(numbers[i]);
        assert_int_equal(v->type, FOLIO_JSON_NUMBER);
        assert_string_equal(v->str, numbers[i]);
        assert_int_equal(v->str_len, strlen(numbers[i]));
        folio_json_free(v);
    }
}

static void test_bad_numbers(void **state)
{
    (void)state;
    ASSERT_ERROR("-", "invalid JSON at byte 2: invalid number");
    ASSERT_ERROR("-a", "invalid JSON at byte 2: invalid number");
    ASSERT_ERROR("1.", "invalid JSON at byte 3: invalid number: digit expected after '.'");
    ASSERT_ERROR("1.e5", "invalid JSON at byte 3: invalid number: digit expected after '.'");
    ASSERT_ERROR("1e", "invalid JSON at byte 3: invalid number: digit expected in exponent");
    ASSERT_ERROR("1e+", "invalid JSON at byte 4: invalid number: digit expected in exponent");
    ASSERT_ERROR("01", "invalid JSON at byte 2: unexpected text after the value");
    ASSERT_ERROR("+1", "invalid JSON at byte 1: unexpected character '+'");
    ASSERT_ERROR(".5", "invalid JSON at byte 1: unexpected character '.'");
    ASSERT_ERROR("NaN", "invalid JSON at byte 1: unexpected character 'N'");
    ASSERT_ERROR("[1,-]", "invalid JSON at byte 5: invalid number");
}

static void test_object_members_in_order(void **state)
{
    (void)state;
    folio_json *v = parse_ok(" {\"id\": \"7\", \"n\": 1, \"list\": [1, \"two\", null, [true], {}], \"id\": 8}\n");
    assert_int_equal(v->type, FOLIO_JSON_OBJECT);
    assert_int_equal(v->count, 4);
    assert_string_equal(v->keys[0], "id");
    assert_string_equal(v->keys[1], "n");
    assert_string_equal(v->keys[2], "list");
    assert_string_equal(v->keys[3], "id"); /* duplicates are kept */
    const folio_json *id = folio_json_get(v, "id");
    assert_non_null(id);
    assert_int_equal(id->type, FOLIO_JSON_STRING); /* the first one */
    assert_string_equal(id->str, "7");
    const folio_json *list = folio_json_get(v, "list");
    assert_int_equal(list->type, FOLIO_JSON_ARRAY);
    assert_int_equal(list->count, 5);
    assert_int_equal(list->items[1]->type, FOLIO_JSON_STRING);
    assert_string_equal(list->items[1]->str, "two");
    assert_int_equal(list->items[3]->items[0]->type, FOLIO_JSON_TRUE);
    assert_int_equal(list->items[4]->type, FOLIO_JSON_OBJECT);
    assert_null(folio_json_get(v, "missing"));
    assert_null(folio_json_get(list, "id")); /* not an object */
    assert_null(folio_json_get(NULL, "id"));
    folio_json_free(v);
}

static void test_large_array_grows(void **state)
{
    (void)state;
    enum { N = 1000 };
    char *text = malloc(N * 6 + 3);
    assert_non_null(text);
    size_t n = 0;
    text[n++] = '[';
    for (int i = 0; i < N; i++)
        n += (size_t)sprintf(text + n, "%s%d", i ? "," : "", i);
    text[n++] = ']';
    text[n] = '\0';
    folio_json *v = parse_ok(text);
    assert_int_equal(v->count, N);
    for (int i = 0; i < N; i++)
        assert_int_equal(atoi(v->items[i]->str), i);
    folio_json_free(v);
    free(text);
}

static void test_string_escapes(void **state)
{
    (void)state;
    ASSERT_STRING("\"plain\"", "plain");
    ASSERT_STRING("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"", "\" \\ / \b \f \n \r \t");
    ASSERT_STRING("\"caf\\u00e9 \\u20AC\"", "caf\xC3\xA9 \xE2\x82\xAC");
    ASSERT_STRING("\"raw caf\xC3\xA9\"", "raw caf\xC3\xA9");
    ASSERT_STRING("\"\\u0041\\u007f\\u0080\\u07ff\\u0800\\uffff\"", "A\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF");
}

static void test_surrogates(void **state)
{
    (void)state;
    ASSERT_STRING("\"\\ud83d\\ude00\"", "\xF0\x9F\x98\x80");      /* U+1F600 */
    ASSERT_STRING("\"\\uDBFF\\uDFFF\"", "\xF4\x8F\xBF\xBF");      /* U+10FFFF */
    ASSERT_STRING("\"\\ud83d\"", "\xEF\xBF\xBD");                 /* lone high */
    ASSERT_STRING("\"\\ude00x\"", "\xEF\xBF\xBDx");               /* lone low */
    ASSERT_STRING("\"\\ud83d\\u0041\"", "\xEF\xBF\xBD" "A");      /* high then not a low */
    ASSERT_STRING("\"\\ud83d\\n\"", "\xEF\xBF\xBD\n");
    ASSERT_STRING("\"\\ud83d\\ud83d\\ude00\"", "\xEF\xBF\xBD\xF0\x9F\x98\x80");
    ASSERT_STRING("\"a\\u0000b\"", "a\xEF\xBF\xBD" "b");          /* never a NUL inside */
}

static void test_bad_strings(void **state)
{
    (void)state;
    ASSERT_ERROR("\"abc", "invalid JSON at byte 1: unterminated string");
    ASSERT_ERROR("[\"abc\\\"]", "invalid JSON at byte 2: unterminated string");
    ASSERT_ERROR("\"a\nb\"", "invalid JSON at byte 3: control character 0x0A in string");
    ASSERT_ERROR("\"tab\there\"", "invalid JSON at byte 5: control character 0x09 in string");
    ASSERT_ERROR("\"bad \\x\"", "invalid JSON at byte 6: invalid escape '\\x'");
    ASSERT_ERROR("\"bad \\u12G4\"", "invalid JSON at byte 6: invalid \\u escape");
    ASSERT_ERROR("\"\\u12\"", "invalid JSON at byte 2: invalid \\u escape");
    ASSERT_ERROR("\"caf\xE9\"", "invalid JSON at byte 5: invalid UTF-8 in string");
    ASSERT_ERROR("\"\xED\xA0\x80\"", "invalid JSON at byte 2: invalid UTF-8 in string");
    ASSERT_ERROR("'single'", "invalid JSON at byte 1: unexpected character '''");
    ASSERT_ERROR("\"nul\0\"", "invalid JSON at byte 5: control character 0x00 in string");
}

static void test_structure_errors(void **state)
{
    (void)state;
    ASSERT_ERROR("", "invalid JSON at byte 1: unexpected end of input");
    ASSERT_ERROR("   ", "invalid JSON at byte 4: unexpected end of input");
    ASSERT_ERROR("{\"a\" 1}", "invalid JSON at byte 6: expected ':'");
    ASSERT_ERROR("{\"a\": 1,}", "invalid JSON at byte 9: expected a string key");
    ASSERT_ERROR("{a: 1}", "invalid JSON at byte 2: expected a string key");
    ASSERT_ERROR("{\"a\": 1 \"b\": 2}", "invalid JSON at byte 9: expected ',' or '}'");
    ASSERT_ERROR("[1 2]", "invalid JSON at byte 4: expected ',' or ']'");
    ASSERT_ERROR("[1,]", "invalid JSON at byte 4: unexpected character ']'");
    ASSERT_ERROR("[1,", "invalid JSON at byte 4: unexpected end of input");
    ASSERT_ERROR("{\"a\":", "invalid JSON at byte 6: unexpected end of input");
    ASSERT_ERROR("{\"a\"", "invalid JSON at byte 5: unexpected end of input");
    ASSERT_ERROR("[", "invalid JSON at byte 2: unexpected end of input");
    ASSERT_ERROR("tru", "invalid JSON at byte 1: unexpected character 't'");
    ASSERT_ERROR("nul", "invalid JSON at byte 1: unexpected character 'n'");
    ASSERT_ERROR("\xEF\xBB\xBF{}", "invalid JSON at byte 1: unexpected byte 0xEF");
}

static void test_trailing_garbage(void **state)
{
    (void)state;
    ASSERT_ERROR("{} x", "invalid JSON at byte 4: unexpected text after the value");
    ASSERT_ERROR("{}{}", "invalid JSON at byte 3: unexpected text after the value");
    ASSERT_ERROR("truex", "invalid JSON at byte 5: unexpected text after the value");
    ASSERT_ERROR("1 2", "invalid JSON at byte 3: unexpected text after the value");
    ASSERT_ERROR("{}\0", "invalid JSON at byte 3: unexpected text after the value");
    folio_json *v = parse_ok("{}\r\n\t ");
    folio_json_free(v);
}

/* A text of `depth` nested arrays, innermost holding a 1. */
static char *nested_arrays(int depth)
{
    char *text = malloc((size_t)depth * 2 + 2);
    assert_non_null(text);
    memset(text, '[', (size_t)depth);
    text[depth] = '1';
    memset(text + depth + 1, ']', (size_t)depth);
    text[depth * 2 + 1] = '\0';
    return text;
}

static void test_depth_limit(void **state)
{
    (void)state;
    char *ok = nested_arrays(FOLIO_JSON_MAX_DEPTH);
    folio_json *v = parse_ok(ok);
    folio_json_free(v);
    free(ok);

    char *deep = nested_arrays(FOLIO_JSON_MAX_DEPTH + 1);
    char expected[128];
    snprintf(expected, sizeof expected, "invalid JSON at byte %d: nested deeper than %d levels",
             FOLIO_JSON_MAX_DEPTH + 1, FOLIO_JSON_MAX_DEPTH);
    assert_parse_error(deep, strlen(deep), expected);
    free(deep);

    char *very_deep = nested_arrays(100000); /* must fail cleanly, not overflow the stack */
    assert_parse_error(very_deep, strlen(very_deep), expected);
    free(very_deep);

    /* Objects count too: the 65th container is the 62nd bracket, at byte 15 + 62. */
    ASSERT_ERROR("{\"a\":{\"a\":{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
                 "invalid JSON at byte 77: nested deeper than 64 levels");
}

static void test_reuters_like_record(void **state)
{
    (void)state;
    folio_json *v = parse_ok("{\"id\": \"1\", \"title\": \"Bahia Cocoa Review\", \"date\": \"1987-02-26T15:01:01\", "
                             "\"body\": \"Showers continued\\nthroughout the week\", \"topics\": [\"cocoa\"], "
                             "\"places\": [\"el-salvador\", \"usa\", \"uruguay\"]}");
    assert_string_equal(folio_json_get(v, "title")->str, "Bahia Cocoa Review");
    assert_string_equal(folio_json_get(v, "body")->str, "Showers continued\nthroughout the week");
    const folio_json *places = folio_json_get(v, "places");
    assert_int_equal(places->count, 3);
    assert_string_equal(places->items[2]->str, "uruguay");
    folio_json_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalars),
        cmocka_unit_test(test_numbers_keep_their_literal),
        cmocka_unit_test(test_bad_numbers),
        cmocka_unit_test(test_object_members_in_order),
        cmocka_unit_test(test_large_array_grows),
        cmocka_unit_test(test_string_escapes),
        cmocka_unit_test(test_surrogates),
        cmocka_unit_test(test_bad_strings),
        cmocka_unit_test(test_structure_errors),
        cmocka_unit_test(test_trailing_garbage),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_reuters_like_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
