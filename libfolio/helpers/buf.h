/*
 * buf.h — a growable byte buffer with a sticky out-of-memory flag.
 *
 * Appends never fail visibly: after an allocation failure the buffer stops growing and `oom` stays set,
 * so a long sequence of appends is checked once at the end (folio_buf_check). The bytes are always
 * NUL-terminated when `data` is not NULL. The buffer owns `data`; folio_buf_detach hands it to the caller.
 */
#ifndef FOLIO_BUF_H
#define FOLIO_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct folio_buf {
    char *data;
    size_t len;
    size_t cap;
    int oom;
} folio_buf;

#define FOLIO_BUF_INIT {NULL, 0, 0, 0}

/* Appends n bytes: inline while they fit (the hot paths append a word or a byte at a time), else
 * through folio_buf_append_grow. */
void folio_buf_append_grow(folio_buf *b, const char *s, size_t n);
static inline void folio_buf_append(folio_buf *b, const char *s, size_t n)
{
    if (b->oom || n >= b->cap - b->len) { /* cap == len == 0 for an empty buffer */
        folio_buf_append_grow(b, s, n);
        return;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static inline void folio_buf_putc(folio_buf *b, char c)
{
    folio_buf_append(b, &c, 1);
}

void folio_buf_puts(folio_buf *b, const char *s);
/* Makes room for `extra` more bytes at once (a buffer about to be filled in small appends); on failure
 * sets the sticky flag like an append. */
void folio_buf_reserve(folio_buf *b, size_t extra);
void folio_buf_printf(folio_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void folio_buf_reset(folio_buf *b); /* len = 0, keeps memory */
void folio_buf_free(folio_buf *b);

/* 0, or FOLIO_ENOMEM (recorded with folio_error_set) when an append failed. */
int folio_buf_check(const folio_buf *b);

/* Returns the NUL-terminated bytes (an empty string for an empty buffer), now owned by the caller, and
 * empties the buffer. NULL after an allocation failure. */
char *folio_buf_detach(folio_buf *b);

#endif
