/* buf.c — see buf.h. */
#include "buf.h"

#include "folio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int buf_reserve(folio_buf *b, size_t extra)
{
    if (b->oom)
        return 0;
    if (extra >= (size_t)-1 / 2 - b->len) {
        b->oom = 1;
        return 0;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->oom = 1;
        return 0;
    }
    b->data = p;
    b->cap = cap;
    return 1;
}

void folio_buf_append_grow(folio_buf *b, const char *s, size_t n)
{
    if (!buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void folio_buf_reserve(folio_buf *b, size_t extra)
{
    buf_reserve(b, extra);
}

void folio_buf_puts(folio_buf *b, const char *s)
{
    folio_buf_append(b, s, strlen(s));
}

/* Formats straight into the free space when it is enough (the common case: a number, a short field), so
 * the format runs once; otherwise it measures, grows the buffer and formats again. */
void folio_buf_printf(folio_buf *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    size_t room = b->cap - b->len;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < room) {
        b->len += (size_t)n;
        return;
    }
    if (b->data)
        b->data[b->len] = '\0'; /* undo a cut-off attempt */
    if (n < 0 || !buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void folio_buf_reset(folio_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void folio_buf_free(folio_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

int folio_buf_check(const folio_buf *b)
{
    return b->oom ? folio_error_set(FOLIO_ENOMEM, "out of memory") : 0;
}

char *folio_buf_detach(folio_buf *b)
{
    if (b->oom) {
        folio_buf_free(b);
        return NULL;
    }
    if (!b->data)
        return calloc(1, 1);
    char *p = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
