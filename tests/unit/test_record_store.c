/*
 * test_record_store.c — stored records (record_store.h): compressed and read back whole, schema 2's plain JSON read
 * as it is, damage refused with FOLIO_ECORRUPT, and each thread with contexts of its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "buf.h"
#include "doc.h"
#include "record_store.h"
#include "error.h"
#include "folio.h"

static const char record[] =
    "{\"id\":\"reut-1\",\"title\":\"Grain report\",\"body\":\"Wheat prices rose sharply in Kansas. Wheat prices "
    "rose sharply in Kansas, and corn prices rose sharply in Iowa.\",\"topics\":[\"grain\",\"wheat\"]}";

static void pack(folio_buf *out, const char *json, size_t len)
{
    if (folio_record_pack(out, json, len) != 0)
        fail_msg("pack: %s", folio_error_last()->message);
}

static void test_round_trip(void **state)
{
    (void)state;
    folio_buf packed = FOLIO_BUF_INIT, scratch = FOLIO_BUF_INIT;
    pack(&packed, record, strlen(record));
    assert_true(packed.len > 0 && packed.len < strlen(record)); /* the repeated sentence compresses */
    assert_int_not_equal(packed.data[0], '{');
    const char *json;
    size_t len;
    assert_int_equal(folio_record_unpack(&json, &len, &scratch, packed.data, packed.len), 0);
    assert_int_equal(len, strlen(record));
    assert_memory_equal(json, record, len);
    assert_int_equal(json[len], '\0');

    folio_doc *doc;
    assert_int_equal(folio_record_read(&doc, &scratch, packed.data, packed.len), 0);
    assert_string_equal(doc->text[FOLIO_FIELD_TITLE], "Grain report");
    folio_doc_free(doc);

    /* A record too long to be read back is refused before anything is read or written. */
    assert_int_equal(folio_record_pack(&packed, record, FOLIO_RECORD_MAX_BYTES + 1), FOLIO_EINVALID);
    assert_non_null(strstr(folio_error_last()->message, "more than"));

    /* An empty record round-trips too (nothing to read back as a document, though). */
    pack(&packed, "", 0);
    assert_int_equal(folio_record_unpack(&json, &len, &scratch, packed.data, packed.len), 0);
    assert_int_equal(len, 0);
    folio_buf_free(&packed);
    folio_buf_free(&scratch);
}

static void test_schema_2_plain_json_is_read_in_place(void **state)
{
    (void)state;
    folio_buf scratch = FOLIO_BUF_INIT;
    const char *json;
    size_t len;
    assert_int_equal(folio_record_unpack(&json, &len, &scratch, record, strlen(record)), 0);
    assert_ptr_equal(json, record);
    assert_int_equal(len, strlen(record));
    assert_int_equal(scratch.len, 0);
    folio_buf_free(&scratch);
}

static void assert_corrupt(const char *data, size_t len, const char *part)
{
    folio_buf scratch = FOLIO_BUF_INIT;
    const char *json = "x";
    size_t json_len = 9;
    assert_int_equal(folio_record_unpack(&json, &json_len, &scratch, data, len), FOLIO_ECORRUPT);
    assert_null(json);
    assert_int_equal(json_len, 0);
    if (!strstr(folio_error_last()->message, part))
        fail_msg("message '%s' lacks '%s'", folio_error_last()->message, part);
    folio_doc *doc = (folio_doc *)1;
    assert_int_equal(folio_record_read(&doc, &scratch, data, len), FOLIO_ECORRUPT);
    assert_null(doc);
    folio_buf_free(&scratch);
}

static void test_damage_is_refused(void **state)
{
    (void)state;
    assert_corrupt("", 0, "neither JSON nor a zstd frame");
    assert_corrupt("\x00\x01garbage", 9, "neither JSON nor a zstd frame");

    folio_buf packed = FOLIO_BUF_INIT;
    pack(&packed, record, strlen(record));
    assert_corrupt(packed.data, packed.len - 3, "does not decompress"); /* cut short */
    packed.data[packed.len / 2] ^= 0x55;                                /* a byte flipped in the middle */
    folio_buf scratch = FOLIO_BUF_INIT;
    const char *json;
    size_t len;
    int rc = folio_record_unpack(&json, &len, &scratch, packed.data, packed.len);
    /* zstd checks no checksum here, so a flipped byte may decode to other text: never to the record */
    assert_true(rc == FOLIO_ECORRUPT || len != strlen(record) || memcmp(json, record, len) != 0);
    folio_buf_free(&scratch);

    /* A frame header claiming a terabyte (magic, single segment with an 8-byte size, the size). */
    static const unsigned char huge[] = {0x28, 0xB5, 0x2F, 0xFD, 0xE0, 0, 0, 0, 0, 0, 1, 0, 0, 0};
    assert_corrupt((const char *)huge, sizeof huge, "claims");
    /* One claiming 400 MB, under the limit, but with no block to hold them: refused before allocating. */
    static const unsigned char no_blocks[] = {0x28, 0xB5, 0x2F, 0xFD, 0xE0, 0, 0, 0, 0x18, 0, 0, 0, 0};
    assert_corrupt((const char *)no_blocks, sizeof no_blocks, "more than its frame");

    /* A valid frame whose content is not a record. */
    pack(&packed, "{\"id\":", 6);
    folio_doc *doc;
    assert_int_equal(folio_record_read(&doc, &scratch, packed.data, packed.len), FOLIO_ECORRUPT);
    assert_non_null(strstr(folio_error_last()->message, "damaged"));
    folio_buf_free(&packed);
    folio_buf_free(&scratch);
}

/* Each thread packs and reads back its own records many times over, all at once. */
static void *round_trips(void *arg)
{
    int t = *(int *)arg, bad = 0;
    folio_buf packed = FOLIO_BUF_INIT, scratch = FOLIO_BUF_INIT;
    char json[256];
    for (int i = 0; i < 2000; i++) {
        int n = snprintf(json, sizeof json, "{\"id\":\"t%d-%d\",\"body\":\"thread %d record %d record %d\"}", t,
                         i, t, i, i);
        const char *back;
        size_t len;
        if (folio_record_pack(&packed, json, (size_t)n) != 0 ||
            folio_record_unpack(&back, &len, &scratch, packed.data, packed.len) != 0 || len != (size_t)n ||
            memcmp(back, json, len) != 0)
            bad++;
    }
    folio_buf_free(&packed);
    folio_buf_free(&scratch);
    return (void *)(intptr_t)bad;
}

static void test_threads_have_their_own_contexts(void **state)
{
    (void)state;
    enum { THREADS = 4 };
    pthread_t threads[THREADS];
    int ids[THREADS];
    for (int i = 0; i < THREADS; i++) {
        ids[i] = i;
        assert_int_equal(pthread_create(&threads[i], NULL, round_trips, &ids[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        void *bad;
        assert_int_equal(pthread_join(threads[i], &bad), 0);
        assert_int_equal((intptr_t)bad, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_schema_2_plain_json_is_read_in_place),
        cmocka_unit_test(test_damage_is_refused),
        cmocka_unit_test(test_threads_have_their_own_contexts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
