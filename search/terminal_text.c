/* terminal_text.c — see terminal_text.h. */
#include "terminal_text.h"

#include <stdlib.h>
#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* Bytes of the control character at s (C0, DEL, or C1 as UTF-8 C2 80..9F), or 0 for none. */
static size_t control_at(const unsigned char *s, size_t left, int flags)
{
    if (s[0] == '\t' || (s[0] == '\n' && (flags & TERMINAL_KEEP_NEWLINES)))
        return 0;
    if (s[0] < 0x20 || s[0] == 0x7F)
        return 1;
    if (s[0] == 0xC2 && left > 1 && s[1] >= 0x80 && s[1] <= 0x9F)
        return 2;
    return 0;
}

/* Appends s, and when map is not NULL records map[i] = where byte i of s landed (for i <= len). */
static void put(folio_buf *out, const char *s, size_t len, int flags, size_t *map)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t base = out->len, i = 0;
    while (i < len) {
        size_t clean = i;
        size_t n = 0;
        while (clean < len && !(n = control_at(u + clean, len - clean, flags)))
            clean++;
        if (map)
            for (size_t k = i; k < clean; k++)
                map[k] = out->len - base + (k - i);
        folio_buf_append(out, s + i, clean - i);
        if (clean == len)
            break;
        if (map)
            for (size_t k = clean; k < clean + n; k++)
                map[k] = out->len - base;
        folio_buf_puts(out, REPLACEMENT);
        i = clean + n;
    }
    if (map)
        map[len] = out->len - base;
}

void terminal_text_put(folio_buf *out, const char *s, size_t len, int flags)
{
    put(out, s, len, flags, NULL);
}

void terminal_text_put_spans(folio_buf *out, const char *s, const folio_span *spans, size_t nspans,
                             folio_span *out_spans)
{
    size_t len = strlen(s);
    size_t *map = nspans ? malloc((len + 1) * sizeof *map) : NULL;
    if (nspans && !map) {
        out->oom = 1;
        return;
    }
    put(out, s, len, TERMINAL_ONE_LINE, map);
    for (size_t i = 0; i < nspans; i++) {
        size_t start = spans[i].start <= len ? spans[i].start : len, end = spans[i].end <= len ? spans[i].end : len;
        out_spans[i].start = map[start];
        out_spans[i].end = map[end];
    }
    free(map);
}
