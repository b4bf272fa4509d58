/* test_parse.c — article files (front matter, title line, BOM, CRLF) and JSON Lines records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "doc.h"
#include "error.h"

#include <stdio.h>
#include <string.h>

static folio_doc *article_ok(const char *text)
{
    folio_doc *doc = NULL;
    int rc = folio_doc_parse_article(&doc, text, strlen(text));
    if (rc != 0)
        fail_msg("article failed: %s", folio_error_last()->message);
    assert_non_null(doc);
    return doc;
}

static folio_doc *record_ok(const char *text)
{
    folio_doc *doc = NULL;
    int rc = folio_doc_parse_json(&doc, text, strlen(text));
    if (rc != 0)
        fail_msg("record failed: %s", folio_error_last()->message);
    assert_non_null(doc);
    return doc;
}

/* Checks that parse fails with FOLIO_EINVALID and a message containing `part`. */
static void assert_fails(int (*parse)(folio_doc **, const char *, size_t), const char *text, size_t len,
                         const char *part)
{
    folio_doc *doc = (folio_doc *)1;
    assert_int_equal(parse(&doc, text, len), FOLIO_EINVALID);
    assert_null(doc);
    const char *message = folio_error_last()->message;
    if (!strstr(message, part))
        fail_msg("message '%s' does not contain '%s'", message, part);
}

#define ASSERT_ARTICLE_FAILS(text, part) assert_fails(folio_doc_parse_article, text, strlen(text), part)
#define ASSERT_RECORD_FAILS(text, part) assert_fails(folio_doc_parse_json, text, strlen(text), part)

static void assert_field(const folio_doc *doc, const char *name, const char *expected)
{
    const char *value = folio_doc_get(doc, name);
    if (!expected) {
        assert_null(value);
        return;
    }
    if (!value)
        fail_msg("field '%s' unset, expected '%s'", name, expected);
    assert_string_equal(value, expected);
}

/* ---- Articles --------------------------------------------------------------------------------- */

static void test_title_from_first_line(void **state)
{
    (void)state;
    folio_doc *doc = article_ok("\n  \nAds sales boost Time Warner profit  \n\n\nQuarterly profits at US media giant"
                                "\nTimeWarner jumped 76%.\n\n");
    assert_field(doc, "title", "Ads sales boost Time Warner profit");
    assert_field(doc, "body", "Quarterly profits at US media giant\nTimeWarner jumped 76%.");
    assert_field(doc, "id", NULL);
    assert_field(doc, "date", NULL);
    folio_doc_free(doc);
}

static void test_title_only(void **state)
{
    (void)state;
    folio_doc *doc = article_ok("Just a headline");
    assert_field(doc, "title", "Just a headline");
    assert_field(doc, "body", NULL);
    folio_doc_free(doc);
}

static void test_markdown_heading_title(void **state)
{
    (void)state;
    folio_doc *doc = article_ok("# Guan Heng granted asylum\n\nIn a significant ruling...\n\n## Background\n");
    assert_field(doc, "title", "Guan Heng granted asylum");
    assert_field(doc, "body", "In a significant ruling...\n\n## Background");
    folio_doc_free(doc);

    doc = article_ok("##   Second level  \nbody");
    assert_field(doc, "title", "Second level");
    folio_doc_free(doc);

    doc = article_ok("#1 hit single\nbody"); /* not a heading: no space after '#' */
    assert_field(doc, "title", "#1 hit single");
    folio_doc_free(doc);
}

static void test_front_matter(void **state)
{
    (void)state;
    folio_doc *doc = article_ok("---\n"
                                "title: Guan Heng granted asylum\n"
                                "date: 2026-01-28\n"
                                "URL: \"https://example.org/guan-heng\"\n"
                                "Author: 'Staff reporter'\n"
                                "topics: [asylum, \"human rights, China\", 'xinjiang', ]\n"
                                "places: usa\n"
                                "keywords: [don't, \"a, b\"  ,'c' d, [nested]]\n"
                                "---\n"
                                "\n"
                                "First paragraph.\n"
                                "\n"
                                "Second paragraph.\n");
    assert_field(doc, "title", "Guan Heng granted asylum");
    assert_field(doc, "date", "2026-01-28");
    assert_field(doc, "url", "https://example.org/guan-heng");
    assert_field(doc, "author", "Staff reporter");
    assert_field(doc, "body", "First paragraph.\n\nSecond paragraph.");
    assert_int_equal(folio_doc_count(doc, "topics"), 3);
    assert_string_equal(folio_doc_value(doc, "topics", 0), "asylum");
    assert_string_equal(folio_doc_value(doc, "topics", 1), "human rights, China");
    assert_string_equal(folio_doc_value(doc, "topics", 2), "xinjiang");
    assert_int_equal(folio_doc_count(doc, "places"), 1);
    assert_field(doc, "places", "usa");
    assert_int_equal(folio_doc_count(doc, "keywords"), 4);
    assert_string_equal(folio_doc_value(doc, "keywords", 0), "don't");
    assert_string_equal(folio_doc_value(doc, "keywords", 1), "a, b");
    assert_string_equal(folio_doc_value(doc, "keywords", 2), "'c' d");
    assert_string_equal(folio_doc_value(doc, "keywords", 3), "[nested]");
    folio_doc_free(doc);
}

static void test_front_matter_ignores_what_it_does_not_know(void **state)
{
    (void)state;
    folio_doc *doc = article_ok("---   \n"
                                "# a comment\n"
                                "no colon here\n"
                                "Tags: Uppercase keyword names are not keyword fields\n"
                                "bad-name: x\n"
                                ": no key\n"
                                "id: not-from-front-matter\n"
                                "body: nor this\n"
                                "empty:\n"
                                "title:\n"
                                "time: 12:30\n"
                                "...\n"
                                "The headline\n"
                                "The body.");
    assert_field(doc, "title", "The headline"); /* empty front-matter title: from the first line */
    assert_field(doc, "body", "The body.");
    assert_field(doc, "id", NULL);
    assert_field(doc, "time", "12:30");
    assert_int_equal(doc->nkeywords, 1);
    folio_doc_free(doc);
}

static void test_front_matter_without_close_is_text(void **state)
{
    (void)state;
    folio_doc *doc = article_ok("---\ntitle: Never closed\n\nBody text.\n");
    assert_field(doc, "title", "---");
    assert_field(doc, "body", "title: Never closed\n\nBody text.");
    folio_doc_free(doc);

    doc = article_ok(" ---\ntitle: x\n---\nBody"); /* the fence must start the first line */
    assert_field(doc, "title", "---");
    folio_doc_free(doc);
}

static void test_front_matter_title_only(void **state)
{
    (void)state;
    folio_doc *doc = article_ok("---\ntitle: Headline\n---\n");
    assert_field(doc, "title", "Headline");
    assert_field(doc, "body", NULL);
    folio_doc_free(doc);
}

static void test_bom_and_crlf(void **state)
{
    (void)state;
    folio_doc *doc = article_ok("\xEF\xBB\xBF---\r\ntitle: \"Quoted\"\r\ndate: 1987-02-26\r\n---\r\n\r\nLine one\r\nLine two\r\n");
    assert_field(doc, "title", "Quoted");
    assert_field(doc, "date", "1987-02-26");
    assert_field(doc, "body", "Line one\r\nLine two");
    folio_doc_free(doc);

    doc = article_ok("\xEF\xBB\xBFHeadline\r\n\r\nBody\r\n");
    assert_field(doc, "title", "Headline");
    assert_field(doc, "body", "Body");
    folio_doc_free(doc);
}

static void test_bad_front_matter_date(void **state)
{
    (void)state;
    ASSERT_ARTICLE_FAILS("---\ndate: 1987-13-45\n---\nTitle\nBody\n", "1987-13-45");
    ASSERT_ARTICLE_FAILS("---\ndate: yesterday\n---\nTitle\n", "yesterday");
}

static void test_empty_articles(void **state)
{
    (void)state;
    ASSERT_ARTICLE_FAILS("", "empty document");
    ASSERT_ARTICLE_FAILS(" \n\t\r\n  ", "empty document");
    ASSERT_ARTICLE_FAILS("\xEF\xBB\xBF", "empty document");
    ASSERT_ARTICLE_FAILS("---\ndate: 2026-01-28\n---\n\n", "empty document");
    ASSERT_ARTICLE_FAILS("# \n\n", "empty document");
}

static void test_article_must_be_utf8(void **state)
{
    (void)state;
    ASSERT_ARTICLE_FAILS("Caf\xE9 society\nbody", "UTF-8");
    ASSERT_ARTICLE_FAILS("Title\nbody\xFF", "UTF-8");
}

/* ---- JSON Lines records ----------------------------------------------------------------------- */

static void test_reuters_record(void **state)
{
    (void)state;
    folio_doc *doc = record_ok("{\"id\": \"1\", \"title\": \"Bahia Cocoa Review\", \"date\": \"1987-02-26T15:01:01\", "
                               "\"body\": \"Showers continued\\nthroughout the week\", \"topics\": [\"cocoa\"], "
                               "\"places\": [\"el-salvador\", \"usa\", \"uruguay\"]}");
    assert_field(doc, "id", "1");
    assert_field(doc, "title", "Bahia Cocoa Review");
    assert_field(doc, "date", "1987-02-26T15:01:01");
    assert_field(doc, "body", "Showers continued\nthroughout the week");
    assert_int_equal(folio_doc_count(doc, "topics"), 1);
    assert_int_equal(folio_doc_count(doc, "places"), 3);
    assert_string_equal(folio_doc_value(doc, "places", 1), "usa");
    folio_doc_free(doc);
}

static void test_number_id_keeps_literal(void **state)
{
    (void)state;
    folio_doc *doc = record_ok("{\"id\": 42}");
    assert_field(doc, "id", "42");
    assert_field(doc, "title", NULL);
    folio_doc_free(doc);
    doc = record_ok("{\"id\": -1.50e3, \"title\": \"x\"}");
    assert_field(doc, "id", "-1.50e3");
    folio_doc_free(doc);
}

static void test_record_needs_id(void **state)
{
    (void)state;
    ASSERT_RECORD_FAILS("{\"title\": \"no id\"}", "record has no id");
    ASSERT_RECORD_FAILS("{\"id\": null, \"title\": \"null id\"}", "record has no id");
    ASSERT_RECORD_FAILS("{\"ID\": \"1\"}", "record has no id");
    ASSERT_RECORD_FAILS("{\"id\": true}", "field 'id'");
    ASSERT_RECORD_FAILS("{\"id\": [\"1\"]}", "field 'id'");
    ASSERT_RECORD_FAILS("{\"id\": \"\"}", "empty id");
}

static void test_record_field_types(void **state)
{
    (void)state;
    ASSERT_RECORD_FAILS("{\"id\": \"1\", \"title\": 5}", "field 'title' must be a string");
    ASSERT_RECORD_FAILS("{\"id\": \"1\", \"body\": [\"a\"]}", "field 'body' must be a string");
    ASSERT_RECORD_FAILS("{\"id\": \"1\", \"date\": 1987}", "field 'date' must be a string");
    ASSERT_RECORD_FAILS("{\"id\": \"1\", \"url\": {}}", "field 'url' must be a string");
    ASSERT_RECORD_FAILS("{\"id\": \"1\", \"author\": false}", "field 'author' must be a string");
    ASSERT_RECORD_FAILS("{\"id\": \"1\", \"date\": \"1987-13-01\"}", "1987-13-01");
    ASSERT_RECORD_FAILS("[{\"id\": \"1\"}]", "record is not a JSON object");
    ASSERT_RECORD_FAILS("\"id\"", "record is not a JSON object");

    folio_doc *doc = record_ok("{\"id\": \"1\", \"title\": null, \"date\": null, \"body\": \"\", \"url\": \"u\"}");
    assert_field(doc, "title", NULL);
    assert_field(doc, "date", NULL);
    assert_field(doc, "body", NULL);
    assert_field(doc, "url", "u");
    folio_doc_free(doc);
}

static void test_record_keywords(void **state)
{
    (void)state;
    char long_value[FOLIO_MAX_KEYWORD_BYTES + 2];
    memset(long_value, 'x', sizeof long_value - 1);
    long_value[sizeof long_value - 1] = '\0';
    char text[1024];
    snprintf(text, sizeof text,
             "{\"id\": \"9\", \"topics\": [\"grain\", \"\", 3, null, [\"nested\"], \"%s\", \"wheat\"], "
             "\"places\": \"usa\", \"Places\": \"ignored\", \"bad-name\": \"ignored\", \"n\": 5, "
             "\"flag\": true, \"obj\": {\"a\": \"b\"}, \"deleted\": true, \"empty\": \"\", \"none\": []}",
             long_value);
    folio_doc *doc = record_ok(text);
    assert_int_equal(folio_doc_count(doc, "topics"), 2);
    assert_string_equal(folio_doc_value(doc, "topics", 0), "grain");
    assert_string_equal(folio_doc_value(doc, "topics", 1), "wheat");
    assert_field(doc, "places", "usa");
    assert_int_equal(doc->nkeywords, 3); /* nothing else became a keyword */
    assert_int_equal(folio_doc_count(doc, "deleted"), 0);
    folio_doc_free(doc);
}

static void test_record_unicode(void **state)
{
    (void)state;
    folio_doc *doc = record_ok("{\"id\": \"caf\\u00e9\", \"title\": \"Smile \\ud83d\\ude00 \\u20ac\", "
                               "\"author\": \"Fran\xC3\xA7ois\", \"body\": \"lone \\ud800 surrogate\"}");
    assert_field(doc, "id", "caf\xC3\xA9");
    assert_field(doc, "title", "Smile \xF0\x9F\x98\x80 \xE2\x82\xAC");
    assert_field(doc, "author", "Fran\xC3\xA7ois");
    assert_field(doc, "body", "lone \xEF\xBF\xBD surrogate");
    folio_doc_free(doc);
}

static void test_record_bad_json(void **state)
{
    (void)state;
    ASSERT_RECORD_FAILS("{\"id\": \"1\" \"title\": \"x\"}", "invalid JSON at byte 12: expected ',' or '}'");
    ASSERT_RECORD_FAILS("{\"id\": \"1\"} trailing", "invalid JSON at byte 13: unexpected text after the value");
    ASSERT_RECORD_FAILS("{\"id\": \"1\", \"title\": \"caf\xE9\"}", "invalid UTF-8");
    ASSERT_RECORD_FAILS("", "unexpected end of input");
    ASSERT_RECORD_FAILS("{\"id\": \"1\", \"topics\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                        "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
                        "nested deeper than 64 levels");
}

static void test_record_with_bom(void **state)
{
    (void)state;
    folio_doc *doc = record_ok("\xEF\xBB\xBF{\"id\": \"bom\"}\r\n");
    assert_field(doc, "id", "bom");
    folio_doc_free(doc);
}

/* A keyword field named "sections" and the document's sections share one member: the JSON form holds
 * no key twice, and reads back as both. */
static void test_record_sections_keyword(void **state)
{
    (void)state;
    const char *text = "{\"id\":\"s\",\"body\":\"Intro\\fMore\",\"sections\":[\"kw\"]}";
    folio_doc *doc;
    assert_int_equal(folio_doc_parse_json(&doc, text, strlen(text)), 0);
    assert_int_equal(folio_doc_add_section(doc, 1, "more", "More"), 0);
    char *json;
    assert_int_equal(folio_doc_to_json(&json, doc), 0);
    const char *first = strstr(json, "\"sections\"");
    assert_non_null(first);
    assert_null(strstr(first + 1, "\"sections\""));
    folio_doc *back;
    assert_int_equal(folio_doc_parse_json(&back, json, strlen(json)), 0);
    assert_int_equal(folio_doc_count(back, "sections"), 1);
    assert_string_equal(folio_doc_value(back, "sections", 0), "kw");
    assert_int_equal(folio_doc_section_count(back), 1);
    const char *heading, *anchor;
    unsigned part;
    assert_int_equal(folio_doc_section(&heading, &part, &anchor, back, 0), 0);
    assert_string_equal(heading, "More");
    assert_string_equal(anchor, "more");
    assert_int_equal(part, 1);
    folio_free(json);
    folio_doc_free(back);
    folio_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_title_from_first_line),
        cmocka_unit_test(test_title_only),
        cmocka_unit_test(test_markdown_heading_title),
        cmocka_unit_test(test_front_matter),
        cmocka_unit_test(test_front_matter_ignores_what_it_does_not_know),
        cmocka_unit_test(test_front_matter_without_close_is_text),
        cmocka_unit_test(test_front_matter_title_only),
        cmocka_unit_test(test_bom_and_crlf),
        cmocka_unit_test(test_bad_front_matter_date),
        cmocka_unit_test(test_empty_articles),
        cmocka_unit_test(test_article_must_be_utf8),
        cmocka_unit_test(test_reuters_record),
        cmocka_unit_test(test_number_id_keeps_literal),
        cmocka_unit_test(test_record_needs_id),
        cmocka_unit_test(test_record_field_types),
        cmocka_unit_test(test_record_keywords),
        cmocka_unit_test(test_record_unicode),
        cmocka_unit_test(test_record_bad_json),
        cmocka_unit_test(test_record_with_bom),
        cmocka_unit_test(test_record_sections_keyword),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
