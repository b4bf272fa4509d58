/*
 * fuzz_pdf.c — the PDF reader (poppler's text extraction) on arbitrary bytes, with a time limit of its
 * own. Besides not crashing or leaking: a document read has text or a title, no id, a "pages" field,
 * valid UTF-8 in every field, and a warning only beside a document.
 */
#include "folio.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Short: a fuzzer runs thousands of inputs; the limit is checked between pages. */
#define FUZZ_TIME_LIMIT_MS 500

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_field(const folio_doc *doc, const char *name)
{
    const char *v = folio_doc_get(doc, name);
    if (v && !folio_utf8_valid(v, strlen(v), NULL))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    folio_doc *doc = NULL;
    char *warning = NULL;
    if (folio_doc_parse_pdf(&doc, &warning, (const char *)data, size, FUZZ_TIME_LIMIT_MS) == 0) {
        if (!folio_doc_get(doc, "title") && !folio_doc_get(doc, "body"))
            abort();
        if (folio_doc_get(doc, "id") || !folio_doc_get(doc, "pages"))
            abort();
        check_field(doc, "title");
        check_field(doc, "body");
        check_field(doc, "author");
    } else if (doc || warning) {
        abort();
    }
    folio_free(warning);
    folio_doc_free(doc);
    return 0;
}
