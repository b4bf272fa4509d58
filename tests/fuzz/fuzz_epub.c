/*
 * fuzz_epub.c — the EPUB reader (parse_office.c over parse_zip.c and libxml2) on arbitrary bytes.
 * Besides not crashing or leaking: a document read has text or a title, no id, valid UTF-8 in every
 * field; a refusal leaves no document (nor warning).
 */
#include "folio.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
    if (folio_doc_parse_epub(&doc, &warning, (const char *)data, size) == 0) {
        if (!folio_doc_get(doc, "title") && !folio_doc_get(doc, "body"))
            abort();
        if (folio_doc_get(doc, "id"))
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
