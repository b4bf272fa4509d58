/*
 * highlight.c — a hit's snippet with its highlights, rendered for a format (see highlight.h).
 */
#include "highlight.h"

#include "text.h"

#include <string.h>

typedef void (*text_writer)(folio_buf *out, const char *s, size_t len);

/* Writes text with each span between open and close; spans out of order or out of bounds are skipped
 * or clipped so that bad spans cannot make the output read out of bounds. */
static void write_highlighted(folio_buf *out, const char *text, const folio_span *spans, size_t nspans,
                              const char *open, const char *close, text_writer write)
{
    size_t len = text ? strlen(text) : 0, at = 0;
    for (size_t i = 0; i < nspans; i++) {
        size_t start = spans[i].start, end = spans[i].end < len ? spans[i].end : len;
        if (start < at || start >= end)
            continue;
        write(out, text + at, start - at);
        folio_buf_puts(out, open);
        write(out, text + start, end - start);
        folio_buf_puts(out, close);
        at = end;
    }
    write(out, text ? text + at : "", len - at);
}

void highlight_html(folio_buf *out, const char *text, const folio_span *spans, size_t nspans)
{
    write_highlighted(out, text, spans, nspans, "<mark>", "</mark>", folio_html_escape);
}

void highlight_marked(folio_buf *out, const char *text, const folio_span *spans, size_t nspans,
                      const char *open, const char *close)
{
    write_highlighted(out, text, spans, nspans, open ? open : "", close ? close : "", folio_buf_append);
}
