/*
 * fuzz_json.c — the JSON parser and the JSON Lines record reader on arbitrary bytes.
 *
 * Besides not crashing or leaking, it checks the parser's promises: a failure leaves no tree and says
 * where; every decoded string is NUL-terminated valid UTF-8 without NUL bytes, and survives a round trip
 * through folio_json_escape and the parser unchanged.
 */
#include "folio.h"
#include "json.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_string(const char *s, size_t len)
{
    if (s[len] != '\0' || memchr(s, '\0', len) || !folio_utf8_valid(s, len, NULL))
        abort();
    folio_buf quoted = FOLIO_BUF_INIT;
    folio_buf_putc(&quoted, '"');
    folio_json_escape(&quoted, s, len);
    folio_buf_putc(&quoted, '"');
    folio_json *again = NULL;
    if (quoted.oom) {
        folio_buf_free(&quoted);
        return;
    }
    if (folio_json_parse(&again, quoted.data, quoted.len) == 0) {
        if (again->type != FOLIO_JSON_STRING || again->str_len != len || memcmp(again->str, s, len) != 0)
            abort();
    } else if (folio_error_last()->code != FOLIO_ENOMEM) {
        abort();
    }
    folio_json_free(again);
    folio_buf_free(&quoted);
}

static void check_tree(const folio_json *v)
{
    if (v->type == FOLIO_JSON_STRING || v->type == FOLIO_JSON_NUMBER)
        check_string(v->str, v->str_len);
    for (size_t i = 0; i < v->count; i++) {
        if (v->type == FOLIO_JSON_OBJECT)
            check_string(v->keys[i], strlen(v->keys[i]));
        check_tree(v->items[i]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    folio_json *v = NULL;
    if (folio_json_parse(&v, text, size) == 0) {
        check_tree(v);
        folio_json_free(v);
    } else if (folio_error_last()->code != FOLIO_ENOMEM &&
               (v != NULL || strncmp(folio_error_last()->message, "invalid JSON at byte ", 21) != 0)) {
        abort();
    }

    folio_doc *doc = NULL;
    if (folio_doc_parse_json(&doc, text, size) == 0 && !folio_doc_get(doc, "id"))
        abort();
    folio_doc_free(doc);
    return 0;
}
