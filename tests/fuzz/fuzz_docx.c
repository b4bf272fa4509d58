/*
 * fuzz_docx.c — the DOCX reader (parse_office.c over parse_zip.c and libxml2) on arbitrary bytes.
 * The properties checked: fuzz_document.h.
 */
#include "fuzz_document.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    folio_doc *doc = NULL;
    char *warning = NULL;
    int rc = folio_doc_parse_docx(&doc, (const char *)data, size);
    fuzz_check_document(rc, doc, warning);
    folio_free(warning);
    folio_doc_free(doc);
    return 0;
}
