/* test_pdf.c — the PDF reader (folio_doc_parse_pdf): pages, metadata, titles, refusals and limits, on
 * PDFs written here (a minimal writer: Helvetica text, one content stream a page). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "folio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes a PDF of `npages` pages, page i holding pages[i % nfill]; `info` is the Info dictionary's
 * inside, or NULL. */
static void make_pdf(folio_buf *out, const char *const *pages, size_t nfill, size_t npages, const char *info)
{
    size_t nobj = 3 + 2 * npages + (info ? 1 : 0);
    size_t *offsets = calloc(nobj + 1, sizeof *offsets);
    assert_non_null(offsets);
    folio_buf_puts(out, "%PDF-1.4\n");
    offsets[1] = out->len;
    folio_buf_puts(out, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    offsets[2] = out->len;
    folio_buf_printf(out, "2 0 obj << /Type /Pages /Count %zu /Kids [", npages);
    for (size_t i = 0; i < npages; i++)
        folio_buf_printf(out, " %zu 0 R", 4 + 2 * i);
    folio_buf_puts(out, "] >> endobj\n");
    offsets[3] = out->len;
    folio_buf_puts(out, "3 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n");
    for (size_t i = 0; i < npages; i++) {
        char stream[512];
        int n = snprintf(stream, sizeof stream, "BT /F1 12 Tf 72 700 Td (%s) Tj ET", pages[i % nfill]);
        offsets[4 + 2 * i] = out->len;
        folio_buf_printf(out,
                         "%zu 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << "
                         "/F1 3 0 R >> >> /Contents %zu 0 R >> endobj\n",
                         4 + 2 * i, 5 + 2 * i);
        offsets[5 + 2 * i] = out->len;
        folio_buf_printf(out, "%zu 0 obj << /Length %d >> stream\n%s\nendstream endobj\n", 5 + 2 * i, n, stream);
    }
    if (info) {
        offsets[nobj] = out->len;
        folio_buf_printf(out, "%zu 0 obj << %s >> endobj\n", nobj, info);
    }
    size_t xref = out->len;
    folio_buf_printf(out, "xref\n0 %zu\n0000000000 65535 f \n", nobj + 1);
    for (size_t i = 1; i <= nobj; i++)
        folio_buf_printf(out, "%010zu 00000 n \n", offsets[i]);
    folio_buf_printf(out, "trailer << /Size %zu /Root 1 0 R", nobj + 1);
    if (info)
        folio_buf_printf(out, " /Info %zu 0 R", nobj);
    folio_buf_printf(out, " >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    free(offsets);
    assert_int_equal(folio_buf_check(out), 0);
}

static folio_doc *parse_ok(const folio_buf *pdf, char **warning, unsigned limit_ms)
{
    folio_doc *doc = NULL;
    int rc = folio_doc_parse_pdf(&doc, warning, pdf->data, pdf->len, limit_ms);
    if (rc != 0)
        fail_msg("PDF refused: %s", folio_error_last()->message);
    return doc;
}

static void test_pages_and_metadata(void **state)
{
    (void)state;
    static const char *const pages[] = {"Gannets on page one", "Jetty on page two", "Narwhals on page three"};
    folio_buf pdf = FOLIO_BUF_INIT;
    make_pdf(&pdf, pages, 3, 3,
             "/Title (  Lighthouse\n report ) /Author (Ada Keeper) /CreationDate (D:20240102030405+01'00')");
    char *warning = NULL;
    folio_doc *doc = parse_ok(&pdf, &warning, 0);
    assert_null(warning);
    assert_string_equal(folio_doc_get(doc, "body"), "Gannets on page one\fJetty on page two\fNarwhals on page three");
    assert_string_equal(folio_doc_get(doc, "title"), "Lighthouse report");
    assert_string_equal(folio_doc_get(doc, "author"), "Ada Keeper");
    assert_string_equal(folio_doc_get(doc, "date"), "2024-01-02T02:04:05Z"); /* in UTC */
    assert_string_equal(folio_doc_get(doc, "pages"), "3");
    assert_null(folio_doc_get(doc, "id"));
    folio_doc_free(doc);
    folio_buf_free(&pdf);
}

static void test_title_from_text(void **state)
{
    (void)state;
    static const char *const heading[] = {"Tidal charts"};
    folio_buf pdf = FOLIO_BUF_INIT;
    make_pdf(&pdf, heading, 1, 1, "/Title ()");
    folio_doc *doc = parse_ok(&pdf, NULL, 0);
    assert_string_equal(folio_doc_get(doc, "title"), "Tidal charts");
    folio_doc_free(doc);
    folio_buf_free(&pdf);
    /* A first line without a letter is no heading: no title (the indexer names it after its file). */
    static const char *const numbers[] = {"2024 - 12 - 03"};
    make_pdf(&pdf, numbers, 1, 1, NULL);
    doc = parse_ok(&pdf, NULL, 0);
    assert_null(folio_doc_get(doc, "title"));
    folio_doc_free(doc);
    folio_buf_free(&pdf);
}

static void assert_refused(const char *data, size_t len, const char *reason)
{
    folio_doc *doc = (folio_doc *)1;
    char *warning = (char *)1;
    assert_int_equal(folio_doc_parse_pdf(&doc, &warning, data, len, 0), FOLIO_EINVALID);
    assert_null(doc);
    assert_null(warning);
    if (!strstr(folio_error_last()->message, reason))
        fail_msg("expected '%s' in '%s'", reason, folio_error_last()->message);
}

static void test_refused(void **state)
{
    (void)state;
    assert_refused("hello", 5, "not a PDF");
    assert_refused("%PDF-1.4\n", 9, "damaged PDF");
    static const char *const blank[] = {""};
    folio_buf pdf = FOLIO_BUF_INIT;
    make_pdf(&pdf, blank, 1, 2, NULL);
    assert_refused(pdf.data, pdf.len, "no text in the PDF");
    folio_buf_free(&pdf);
    /* Cut anywhere, a PDF is refused or read: never a crash, never a document without text or title. */
    static const char *const text[] = {"Some words here"};
    make_pdf(&pdf, text, 1, 2, "/Title (Cut)");
    for (size_t cut = 0; cut < pdf.len; cut += 7) {
        folio_doc *doc = NULL;
        char *warning = NULL;
        if (folio_doc_parse_pdf(&doc, &warning, pdf.data, cut, 0) == 0) {
            assert_true(folio_doc_get(doc, "body") || folio_doc_get(doc, "title"));
            folio_doc_free(doc);
        }
        folio_free(warning);
    }
    folio_buf_free(&pdf);
}

/* A document read only in part keeps the pages read and says what was left out. */
static void test_time_limit(void **state)
{
    (void)state;
    enum { PAGES = 3000 };
    static const char *const text[] = {"A page of a long document about kittiwakes and their cliffs"};
    folio_buf pdf = FOLIO_BUF_INIT;
    make_pdf(&pdf, text, 1, PAGES, NULL);
    char *warning = NULL;
    folio_doc *doc = parse_ok(&pdf, &warning, 1);
    assert_non_null(warning);
    if (!strstr(warning, "over the time limit of 1 ms"))
        fail_msg("warning: %s", warning);
    const char *body = folio_doc_get(doc, "body");
    size_t breaks = 0;
    for (const char *p = body; (p = strchr(p, '\f')); p++)
        breaks++;
    assert_true(breaks + 1 < PAGES);
    assert_string_equal(folio_doc_get(doc, "pages"), "3000");
    folio_free(warning);
    folio_doc_free(doc);
    folio_buf_free(&pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages_and_metadata),
        cmocka_unit_test(test_title_from_text),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_time_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
