/*
 * test_stored_hashes.c — known answers for every hash that a database stores or that routes a document:
 * the content hash (file state, record state), a root's key (file terms), keyword fields' value slots,
 * the suffix of a long id's key term, and shard routing. Databases and sharded layouts made by one
 * version of folio are read and updated by the next, so a change to any of these values would force
 * re-indexing or strand documents in the wrong shard: it must fail here first.
 *
 * The expected values were computed apart from folio's code, from the algorithms' definitions
 * (MurmurHash3-style mixing of little-endian words as hash.c describes it; FNV-1a 64). The FNV-1a of
 * schema.c (keyword slots, long id terms) starts from 1469598103934665603, one digit short of FNV's
 * offset basis 14695981039346656037 that shard routing uses: a slip made long ago, kept because
 * databases store its values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "folio.h"
#include "schema.h"

#include <stdlib.h>
#include <string.h>

#define S(lit) lit, sizeof(lit) - 1

static void test_content_hash(void **state)
{
    (void)state;
    assert_true(folio_content_hash(S("")) == 0x9ca066f1a4ab2eeaULL);
    assert_true(folio_content_hash(S("a")) == 0x55831c136c16b407ULL);
    assert_true(folio_content_hash(S("folio")) == 0x90d073cf1b15bfe6ULL);
    assert_true(folio_content_hash(S("The quick brown fox jumps over the lazy dog")) == 0x671c503794d2f84dULL);
}

/* A file's state value: its content hash, size and modification time, as stored in FOLIO_SLOT_STATE. */
static void test_file_state_value(void **state)
{
    (void)state;
    folio_origin origin = {"/srv/news", folio_content_hash(S("folio")), 5, 1700000000123456789LL};
    folio_buf out = FOLIO_BUF_INIT;
    folio_schema_state(&out, &origin);
    assert_int_equal(folio_buf_check(&out), 0);
    assert_string_equal(out.data, "90d073cf1b15bfe6 5 1700000000123456789");
    folio_buf_free(&out);
}

/* A record's state is the content hash of its JSON form, which does not depend on the input's key order. */
static void test_record_hash(void **state)
{
    (void)state;
    folio_doc *doc;
    assert_int_equal(folio_doc_parse_json(&doc, S("{\"topics\":[\"grain\"],\"title\":\"Wheat\",\"id\":\"r1\"}")), 0);
    char *json;
    assert_int_equal(folio_doc_to_json(&json, doc), 0);
    assert_string_equal(json, "{\"id\":\"r1\",\"title\":\"Wheat\",\"topics\":[\"grain\"]}");
    uint64_t hash;
    assert_int_equal(folio_doc_hash(&hash, doc), 0);
    assert_true(hash == 0x15e5eccff6c2ea26ULL);
    folio_free(json);
    folio_doc_free(doc);
}

/* Files are keyed by their root's key (a hash of its canonical path) and their path under it. */
static void test_root_key_and_file_term(void **state)
{
    (void)state;
    char key[FOLIO_KEY_BYTES];
    folio_schema_root_key(key, "/srv/news");
    assert_string_equal(key, "ba8509e7a1b8302c");
    folio_buf term = FOLIO_BUF_INIT;
    folio_schema_file_term(&term, key, S("business/001.txt"));
    assert_int_equal(folio_buf_check(&term), 0);
    assert_string_equal(term.data, "XFba8509e7a1b8302c/business/001.txt");
    folio_buf_free(&term);
}

/* An id too long for a term is cut and suffixed with its (schema.c) FNV-1a hash. */
static void test_long_id_term(void **state)
{
    (void)state;
    char id[251];
    memset(id, 'x', 250);
    id[250] = '\0';
    folio_buf term = FOLIO_BUF_INIT;
    folio_schema_id_term(&term, id, 250);
    assert_int_equal(folio_buf_check(&term), 0);
    const char *suffix = "#ec9ed1cac0d8ee3b";
    assert_true(term.len > strlen(suffix));
    assert_string_equal(term.data + term.len - strlen(suffix), suffix);
    assert_int_equal(term.data[0], 'Q');
    folio_buf_free(&term);
}

static void test_keyword_slots(void **state)
{
    (void)state;
    assert_int_equal(folio_schema_keyword_slot("topics"), 9245431);
    assert_int_equal(folio_schema_keyword_slot("places"), 7408843);
}

static void test_shard_routing(void **state)
{
    (void)state;
    assert_int_equal(folio_shards_of_record("reuters-1", 3), 0);
    assert_int_equal(folio_shards_of_record("17", 7), 4);
    assert_int_equal(folio_shards_of_record("bbc/business/001.txt", 3), 1);
    assert_int_equal(folio_shards_of_file("/srv/bbc", "business/001.txt", 3), 1);
    assert_int_equal(folio_shards_of_file("/srv/bbc", "business/001.txt", 5), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_content_hash),
        cmocka_unit_test(test_file_state_value),
        cmocka_unit_test(test_record_hash),
        cmocka_unit_test(test_root_key_and_file_term),
        cmocka_unit_test(test_long_id_term),
        cmocka_unit_test(test_keyword_slots),
        cmocka_unit_test(test_shard_routing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
