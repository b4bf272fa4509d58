/* test_doc.c — the document record's keyword fields: values in order, duplicates dropped in constant
 * time, the per-document limits (FOLIO_MAX_DOC_KEYWORD_FIELDS, FOLIO_MAX_DOC_KEYWORD_VALUES) refusing the
 * document in the input parsers, and stored records read back whatever their size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "doc.h"
#include "error.h"

#include <stdio.h>
#include <string.h>

static void test_values_keep_order_and_drop_duplicates(void **state)
{
    (void)state;
    folio_doc *doc;
    assert_int_equal(folio_doc_new(&doc), 0);
    char value[32];
    for (int round = 0; round < 2; round++) /* the second round only repeats */
        for (int i = 0; i < FOLIO_MAX_DOC_KEYWORD_VALUES / 2; i++) {
            snprintf(value, sizeof value, "v%d", i);
            assert_int_equal(folio_doc_set(doc, i % 2 ? "odd" : "even", value, strlen(value)), 0);
        }
    assert_int_equal(doc->nkeywords, FOLIO_MAX_DOC_KEYWORD_VALUES / 2);
    assert_int_equal(folio_doc_count(doc, "even"), FOLIO_MAX_DOC_KEYWORD_VALUES / 4);
    assert_string_equal(folio_doc_value(doc, "even", 0), "v0");
    assert_string_equal(folio_doc_value(doc, "odd", 2), "v5");
    assert_null(folio_doc_value(doc, "odd", FOLIO_MAX_DOC_KEYWORD_VALUES / 4));
    assert_string_equal(folio_doc_field_name(doc, 0), "even");
    assert_string_equal(folio_doc_field_name(doc, 1), "odd");
    assert_null(folio_doc_field_name(doc, 2));
    /* The same value in another field is another pair. */
    assert_int_equal(folio_doc_set(doc, "other", "v0", 2), 0);
    assert_int_equal(folio_doc_count(doc, "other"), 1);
    folio_doc_free(doc);
}

static void test_limits_refuse_the_document(void **state)
{
    (void)state;
    folio_doc *doc;
    assert_int_equal(folio_doc_new(&doc), 0);
    char name[32];
    for (int i = 0; i < FOLIO_MAX_DOC_KEYWORD_FIELDS; i++) {
        snprintf(name, sizeof name, "f%d", i);
        assert_int_equal(folio_doc_set(doc, name, "x", 1), 0);
    }
    assert_int_equal(folio_doc_set(doc, "one_more", "x", 1), FOLIO_EINVALID);
    assert_non_null(strstr(folio_error_last()->message, "more than 64 keyword fields in one document"));
    assert_int_equal(folio_doc_add_keyword_lenient(doc, "one_more", "x", 1), FOLIO_EINVALID);
    assert_int_equal(folio_doc_set(doc, "f0", "x", 1), 0); /* held already: no new value */
    assert_int_equal(folio_doc_set(doc, "f0", "y", 1), 0);
    folio_doc_free(doc);

    /* 100,000 values in one JSON record: refused whole, at once, with the limit named. */
    folio_buf json = FOLIO_BUF_INIT;
    folio_buf_puts(&json, "{\"id\":\"many\",\"title\":\"Many\",\"tags\":[");
    for (int i = 0; i < 100000; i++)
        folio_buf_printf(&json, "%s\"t%d\"", i ? "," : "", i);
    folio_buf_puts(&json, "]}");
    assert_int_equal(folio_buf_check(&json), 0);
    int deleted;
    assert_int_equal(folio_doc_parse_json_record(&doc, &deleted, json.data, json.len), FOLIO_EINVALID);
    assert_null(doc);
    assert_non_null(strstr(folio_error_last()->message, "more than 1024 keyword values in one document"));
    /* A stored record reads back whatever it holds. */
    assert_int_equal(folio_doc_parse_json_stored(&doc, json.data, json.len), 0);
    assert_int_equal(folio_doc_count(doc, "tags"), 100000);
    assert_string_equal(folio_doc_value(doc, "tags", 99999), "t99999");
    folio_doc_free(doc);
    folio_buf_free(&json);

    /* An odd value is still skipped alone. */
    const char *odd = "{\"id\":\"odd\",\"tags\":[\"ok\",\"bad\\u0001\"]}";
    assert_int_equal(folio_doc_parse_json_record(&doc, &deleted, odd, strlen(odd)), 0);
    assert_int_equal(folio_doc_count(doc, "tags"), 1);
    folio_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_keep_order_and_drop_duplicates),
        cmocka_unit_test(test_limits_refuse_the_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
