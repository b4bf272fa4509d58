/* test_zip.c — the zip layer under DOCX, ODT and EPUB (parse_zip.h): links resolved inside the package
 * only, and archives made to hurt refused. Archives are written here, stored (not compressed) unless
 * said, so that their bytes can be edited to lie. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "folio.h"
#include "parse_zip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* CRC-32 as zip computes it (bit by bit: the tests' archives are tiny). */
static unsigned long crc32_of(const char *data, size_t len)
{
    unsigned long crc = 0xffffffffUL;
    for (size_t i = 0; i < len; i++) {
        crc ^= (unsigned char)data[i];
        for (int k = 0; k < 8; k++)
            crc = crc & 1 ? (crc >> 1) ^ 0xedb88320UL : crc >> 1;
    }
    return crc ^ 0xffffffffUL;
}

static void put16(folio_buf *b, unsigned v)
{
    char c[2] = {(char)(v & 0xff), (char)(v >> 8)};
    folio_buf_append(b, c, 2);
}

static void put32(folio_buf *b, unsigned long v)
{
    put16(b, (unsigned)(v & 0xffff));
    put16(b, (unsigned)(v >> 16));
}

/* A zip of one stored member `name` holding `data`, declaring `declared` bytes (its real size when 0). */
static void make_zip(folio_buf *b, const char *name, const char *data, size_t len, size_t declared)
{
    unsigned long crc = crc32_of(data, len);
    size_t size = declared ? declared : len, n = strlen(name);
    folio_buf_append(b, "PK\3\4", 4);
    put16(b, 20), put16(b, 0), put16(b, 0), put16(b, 0), put16(b, 0);
    put32(b, crc), put32(b, size), put32(b, size), put16(b, (unsigned)n), put16(b, 0);
    folio_buf_append(b, name, n);
    folio_buf_append(b, data, len);
    size_t central = b->len;
    folio_buf_append(b, "PK\1\2", 4);
    put16(b, 20), put16(b, 20), put16(b, 0), put16(b, 0), put16(b, 0), put16(b, 0);
    put32(b, crc), put32(b, size), put32(b, size), put16(b, (unsigned)n), put16(b, 0), put16(b, 0);
    put16(b, 0), put16(b, 0), put32(b, 0), put32(b, 0);
    folio_buf_append(b, name, n);
    size_t end = b->len;
    folio_buf_append(b, "PK\5\6", 4);
    put16(b, 0), put16(b, 0), put16(b, 1), put16(b, 1);
    put32(b, end - central), put32(b, central), put16(b, 0);
    assert_int_equal(folio_buf_check(b), 0);
}

static void test_resolve(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(folio_zip_resolve(out, sizeof out, "OEBPS/content.opf", "text/ch%201.xhtml#part"), 0);
    assert_string_equal(out, "OEBPS/text/ch 1.xhtml");
    assert_int_equal(folio_zip_resolve(out, sizeof out, "OEBPS/text/a.xhtml", "../img/./b.png"), 0);
    assert_string_equal(out, "OEBPS/img/b.png");
    assert_int_equal(folio_zip_resolve(out, sizeof out, "", "content.opf"), 0);
    assert_string_equal(out, "content.opf");
    assert_int_equal(folio_zip_resolve(out, sizeof out, "OEBPS/content.opf", "../../etc/passwd"), FOLIO_EINVALID);
    assert_int_equal(folio_zip_resolve(out, sizeof out, "a.opf", "/etc/passwd"), FOLIO_EINVALID);
    assert_int_equal(folio_zip_resolve(out, sizeof out, "a.opf", "http://example.org/x"), FOLIO_EINVALID);
    assert_int_equal(folio_zip_resolve(out, sizeof out, "a.opf", "x%00y"), FOLIO_EINVALID);
    assert_int_equal(folio_zip_resolve(out, 8, "a.opf", "a-long-name.xhtml"), FOLIO_EINVALID);
}

static void test_members(void **state)
{
    (void)state;
    folio_buf b = FOLIO_BUF_INIT;
    make_zip(&b, "dir/a.xml", "<a>text</a>", 11, 0);
    folio_zip *z;
    assert_int_equal(folio_zip_open(&z, b.data, b.len), 0);
    char *data;
    size_t len;
    assert_int_equal(folio_zip_read(&data, &len, z, "dir/a.xml"), 0);
    assert_int_equal(len, 11);
    assert_string_equal(data, "<a>text</a>");
    free(data);
    assert_int_equal(folio_zip_read(&data, &len, z, "dir/b.xml"), FOLIO_ENOTFOUND);
    assert_null(data);
    folio_zip_close(z);
    folio_buf_free(&b);

    /* Path tricks are refused when the archive is opened. */
    static const char *const tricks[] = {"../x.xml", "a/../../x.xml", "/etc/x.xml", "a\\..\\x.xml", "a\nb"};
    for (size_t i = 0; i < sizeof tricks / sizeof tricks[0]; i++) {
        make_zip(&b, tricks[i], "x", 1, 0);
        assert_int_equal(folio_zip_open(&z, b.data, b.len), FOLIO_EINVALID);
        assert_null(z);
        folio_buf_free(&b);
    }
    /* A member that declares more than it holds does not read. */
    make_zip(&b, "a.xml", "<a>text</a>", 11, 40);
    if (folio_zip_open(&z, b.data, b.len) == 0) {
        assert_true(folio_zip_read(&data, &len, z, "a.xml") < 0);
        folio_zip_close(z);
    }
    folio_buf_free(&b);
    assert_int_equal(folio_zip_open(&z, "PK\3\4 garbage", 12), FOLIO_EINVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_members),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
