/* test_keys.c — folio-search's write keys (search/keys.c): the key file's lines, hashed and plain keys,
 * odd bytes, the errors (naming the line, never the key), and new keys from --make-key. Also the write
 * body splitter (search/write_body.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "keys.h"
#include "write_body.h"

#include <stdio.h>
#include <string.h>

#define S(lit) lit, sizeof(lit) - 1

static int parse(key_set *set, const char *text, char *error)
{
    return keys_parse(set, text, strlen(text), error, 200);
}

static void test_plain_keys_match_exactly(void **state)
{
    (void)state;
    key_set set;
    char error[200];
    assert_int_equal(parse(&set, "# the site\n  first-key-0123456789  \n\nsecond-key-abcdefghij\r\n", error), 0);
    assert_int_equal(set.count, 2);
    assert_true(keys_check(&set, S("first-key-0123456789")));
    assert_true(keys_check(&set, S("second-key-abcdefghij")));
    assert_false(keys_check(&set, S("first-key-012345678")));   /* a prefix */
    assert_false(keys_check(&set, S("first-key-01234567890"))); /* longer */
    assert_false(keys_check(&set, S("First-key-0123456789")));  /* case matters */
    assert_false(keys_check(&set, "", 0));
    keys_free(&set);
}

static void test_hash_lines_match_their_key(void **state)
{
    (void)state;
    const unsigned char salt[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    char line[KEYS_LINE_MAX];
    assert_int_equal(keys_hash_line(line, sizeof line, S("the-secret-key-42!"), salt, sizeof salt), 0);
    /* SHA-256 of the salt bytes then the key (Python hashlib's answer): the scheme cannot drift. */
    assert_string_equal(line, "sha256:0102030405060708090a0b0c0d0e0f10:"
                              "5f0f5abdff758c71de7e1c208fb14a89c58de3fd0cff5844da22b388f98c6fa7");
    key_set set;
    char error[200];
    assert_int_equal(parse(&set, line, error), 0);
    assert_true(keys_check(&set, S("the-secret-key-42!")));
    assert_false(keys_check(&set, S("the-secret-key-43!")));
    keys_free(&set);
}

static void test_odd_bytes_are_keys(void **state)
{
    (void)state;
    key_set set;
    char error[200];
    const char *text = "~!$%^&*()_+{}|:\"<>?`-=[]\\;',./\n\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E-key-\xFF\xFE-0123\n";
    assert_int_equal(parse(&set, text, error), 0);
    assert_int_equal(set.count, 2);
    assert_true(keys_check(&set, S("~!$%^&*()_+{}|:\"<>?`-=[]\\;',./")));
    assert_true(keys_check(&set, S("\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E-key-\xFF\xFE-0123")));
    keys_free(&set);
}

static void test_bad_lines_name_the_line_not_the_key(void **state)
{
    (void)state;
    key_set set;
    char error[200];
    assert_int_equal(parse(&set, "good-key-0123456789\nshort\n", error), -1);
    assert_non_null(strstr(error, "line 2"));
    assert_null(strstr(error, "short"));
    assert_int_equal(parse(&set, "a key with spaces inside\n", error), -1);
    assert_non_null(strstr(error, "line 1"));
    assert_null(strstr(error, "spaces"));
    assert_int_equal(parse(&set, "tab\there-0123456789\n", error), -1);
    assert_int_equal(parse(&set, "ctrl\x01-0123456789abcdef\n", error), -1);
    assert_int_equal(parse(&set, "sha256:0102:abcd\n", error), -1);                  /* too short */
    assert_int_equal(parse(&set, "sha256:zz02030405060708090a0b0c0d0e0f10:"
                                 "5f0f5abdff758c71de7e1c208fb14a89c58de3fd0cff5844da22b388f98c6fa7\n", error), -1);
    assert_int_equal(keys_parse(&set, S("nul\0-in-the-key-0123456"), error, sizeof error), -1);
    char longkey[KEYS_MAX_BYTES + 3];
    memset(longkey, 'k', sizeof longkey - 1);
    longkey[sizeof longkey - 1] = '\0';
    assert_int_equal(parse(&set, longkey, error), -1);
    longkey[KEYS_MAX_BYTES] = '\0';
    assert_int_equal(parse(&set, longkey, error), 0);
    keys_free(&set);
}

static void test_made_keys_check_against_their_line(void **state)
{
    (void)state;
    char key[KEYS_NEW_KEY_BYTES * 2], line[KEYS_LINE_MAX], key2[KEYS_NEW_KEY_BYTES * 2], line2[KEYS_LINE_MAX];
    assert_int_equal(keys_make(key, sizeof key, line, sizeof line), 0);
    assert_int_equal(keys_make(key2, sizeof key2, line2, sizeof line2), 0);
    assert_int_equal(strlen(key), 43);
    assert_string_not_equal(key, key2);
    assert_int_equal(strspn(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43);
    key_set set;
    char error[200];
    assert_int_equal(parse(&set, line, error), 0);
    assert_true(keys_check(&set, key, strlen(key)));
    assert_false(keys_check(&set, key2, strlen(key2)));
    keys_free(&set);
}

static void test_body_formats(void **state)
{
    (void)state;
    assert_int_equal(body_format_of("application/json"), BODY_JSON);
    assert_int_equal(body_format_of("Application/JSON; charset=utf-8"), BODY_JSON);
    assert_int_equal(body_format_of("application/x-ndjson"), BODY_JSON_LINES);
    assert_int_equal(body_format_of("application/jsonl"), BODY_JSON_LINES);
    assert_int_equal(body_format_of("text/plain"), -1);
    assert_int_equal(body_format_of("application/jsonx"), -1);
    assert_int_equal(body_format_of(NULL), -1);
}

static void test_body_split(void **state)
{
    (void)state;
    body_records r;
    char error[BODY_ERROR_BYTES];
    const char arr[] = " [ {\"id\":\"a\",\"t\":\"]},\\\"[\"} , {\"id\":2} ] ";
    assert_int_equal(body_split(&r, BODY_JSON, S(arr), error), 0);
    assert_int_equal(r.count, 2);
    assert_memory_equal(arr + r.spans[0].start, "{\"id\":\"a\",\"t\":\"]},\\\"[\"}", r.spans[0].len);
    assert_memory_equal(arr + r.spans[1].start, "{\"id\":2}", r.spans[1].len);
    body_records_free(&r);
    assert_int_equal(body_split(&r, BODY_JSON, S("{\"id\":1}"), error), 0);
    assert_int_equal(r.count, 1);
    body_records_free(&r);
    assert_int_equal(body_split(&r, BODY_JSON_LINES, S("{\"id\":1}\n\n  \r\n{\"id\":2}\r\n"), error), 0);
    assert_int_equal(r.count, 2);
    assert_int_equal(r.spans[1].len, 8);
    body_records_free(&r);

    assert_int_equal(body_split(&r, BODY_JSON, S("[{\"id\":1}, {\"id\":2"), error), -1);
    assert_non_null(strstr(error, "record 1"));
    assert_int_equal(body_split(&r, BODY_JSON, S("[{\"id\":1} {\"id\":2}]"), error), -1);
    assert_int_equal(body_split(&r, BODY_JSON, S("{\"id\":1}{\"id\":2}"), error), -1);
    assert_int_equal(body_split(&r, BODY_JSON, S("[]"), error), -1);
    assert_int_equal(body_split(&r, BODY_JSON, S(""), error), -1);
    assert_int_equal(body_split(&r, BODY_JSON, S("\"text\""), error), -1);
    assert_int_equal(body_split(&r, BODY_JSON, S("[{\"id\":1}]]"), error), -1);
    assert_int_equal(body_split(&r, BODY_JSON, S("[{\"id\":\"x]"), error), -1);
    assert_int_equal(body_split(&r, BODY_JSON_LINES, S("\n \n"), error), -1);
    assert_int_equal(body_split(&r, BODY_JSON, S("[{\"id\":1},,{\"id\":2}]"), error), -1); /* found by fuzz.body */
    assert_non_null(strstr(error, "no value"));
    assert_int_equal(body_split(&r, BODY_JSON, S("[{\"id\":1},]"), error), -1);
    char deep[2 * 100 + 16];
    size_t n = 0;
    deep[n++] = '[';
    for (int i = 0; i < 100; i++)
        deep[n++] = '[';
    for (int i = 0; i < 100; i++)
        deep[n++] = ']';
    deep[n++] = ']';
    assert_int_equal(body_split(&r, BODY_JSON, deep, n, error), -1);
    assert_non_null(strstr(error, "nested deeper"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_keys_match_exactly),
        cmocka_unit_test(test_hash_lines_match_their_key),
        cmocka_unit_test(test_odd_bytes_are_keys),
        cmocka_unit_test(test_bad_lines_name_the_line_not_the_key),
        cmocka_unit_test(test_made_keys_check_against_their_line),
        cmocka_unit_test(test_body_formats),
        cmocka_unit_test(test_body_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
