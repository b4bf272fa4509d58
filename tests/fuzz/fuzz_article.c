/*
 * fuzz_article.c — the article reader on arbitrary bytes, the way the indexer feeds it: text that is not
 * valid UTF-8 is first decoded as Windows-1252. A parsed article always has a title or a body.
 */
#include "folio.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    folio_buf decoded = FOLIO_BUF_INIT;
    if (!(text = folio_text_as_utf8(&decoded, text, &size, NULL))) {
        folio_buf_free(&decoded);
        return 0;
    }
    folio_doc *doc = NULL;
    if (folio_doc_parse_article(&doc, text, size) == 0) {
        if (!folio_doc_get(doc, "title") && !folio_doc_get(doc, "body"))
            abort();
        if (folio_doc_get(doc, "id"))
            abort();
    }
    folio_doc_free(doc);
    folio_buf_free(&decoded);
    return 0;
}
