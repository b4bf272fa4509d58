/*
 * fuzz_html.c — the HTML reader on arbitrary bytes, decoded the way the indexer decodes files (text that
 * is not valid UTF-8 is read as Windows-1252). Besides not crashing or leaking: a parsed page has a title
 * or a body, no id, and every field is valid UTF-8 whose white space is collapsed (no blank at either
 * end of the body).
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
    if (!v)
        return;
    size_t len = strlen(v);
    if (len == 0 || !folio_utf8_valid(v, len, NULL) || v[0] == ' ' || v[0] == '\n' || v[len - 1] == ' ' ||
        v[len - 1] == '\n')
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    folio_buf decoded = FOLIO_BUF_INIT;
    if (memchr(text, '\0', size))
        return 0; /* the indexer skips binary files before parsing */
    if (!(text = folio_text_as_utf8(&decoded, text, &size, NULL))) {
        folio_buf_free(&decoded);
        return 0;
    }
    folio_doc *doc = NULL;
    if (folio_doc_parse_html(&doc, text, size) == 0) {
        if (!folio_doc_get(doc, "title") && !folio_doc_get(doc, "body"))
            abort();
        if (folio_doc_get(doc, "id"))
            abort();
        check_field(doc, "title");
        check_field(doc, "body");
        check_field(doc, "author");
    } else if (doc) {
        abort();
    }
    folio_doc_free(doc);
    folio_buf_free(&decoded);
    return 0;
}
