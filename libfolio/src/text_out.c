/* text_out.c — see text_out.h. */
#include "text_out.h"

void folio_text_out_separate(folio_text_out *t, char sep)
{
    if (t->buf.len && t->pending != '\f' && (sep != ' ' || t->pending != '\n'))
        t->pending = sep;
}

void folio_text_out_add(folio_text_out *t, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            folio_text_out_separate(t, ' ');
            continue;
        }
        if (t->pending) {
            folio_buf_putc(&t->buf, t->pending);
            t->breaks += t->pending == '\f';
            t->pending = 0;
        }
        folio_buf_putc(&t->buf, (char)c);
    }
}

void folio_text_out_start_section(folio_text_out *t, folio_doc *doc, const char *anchor,
                                  const folio_text_out *heading)
{
    if (heading->buf.len && !heading->buf.oom) {
        folio_text_out_separate(t, '\f');
        unsigned part = t->breaks + (t->pending == '\f');
        if (folio_doc_add_section(doc, part, anchor, heading->buf.data) == FOLIO_ENOMEM)
            t->buf.oom = 1;
        folio_error_clear();
    }
    t->buf.oom |= heading->buf.oom;
}
