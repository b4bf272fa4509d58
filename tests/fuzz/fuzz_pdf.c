/*
 * fuzz_pdf.c — the PDF reader (poppler's text extraction) on arbitrary bytes, with a time limit of its
 * own. Besides not crashing or leaking: a document read has text or a title, no id, a "pages" field,
 * valid UTF-8 in every field, and a warning only beside a document.
 */
#include "fuzz_document.h"

#include <stdint.h>

/* Short: a fuzzer runs thousands of inputs; the limit is checked between pages. */
#define FUZZ_TIME_LIMIT_MS 500

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    folio_doc *doc = NULL;
    char *warning = NULL;
    int rc = folio_doc_parse_pdf(&doc, &warning, (const char *)data, size, FUZZ_TIME_LIMIT_MS);
    fuzz_check_document(rc, doc, warning);
    FUZZ_CHECK(rc != 0 || folio_doc_get(doc, "pages"));
    folio_free(warning);
    folio_doc_free(doc);
    return 0;
}
