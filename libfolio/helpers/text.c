/* text.c — see text.h. */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REPLACEMENT_CHAR "\xEF\xBF\xBD" /* U+FFFD in UTF-8 */
#define UTF8_MAX_SEQUENCE 4

static int is_continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* The length of the well-formed UTF-8 sequence at s[0..len) (len > 0), or 0 when it is not one.
 * The ranges for the second byte are those of the Unicode standard's Table 3-7, which rule out
 * overlong forms, surrogates (U+D800..U+DFFF) and code points above U+10FFFF. */
static size_t utf8_sequence_length(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (len < need || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < need; i++)
        if (!is_continuation(s[i]))
            return 0;
    return need;
}

int folio_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        uint64_t eight;
        if (len - i >= 8 && (memcpy(&eight, u + i, 8), (eight & 0x8080808080808080u) == 0)) {
            i += 8; /* eight ASCII bytes at once: most text is ASCII */
            continue;
        }
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_sequence_length(u + i, len - i);
        if (n == 0) {
            if (bad_offset)
                *bad_offset = i;
            return 0;
        }
        i += n;
    }
    return 1;
}

size_t folio_utf8_encode(char out[4], unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Windows-1252 bytes 0x80..0x9F; 0xFFFD marks the five undefined ones. Every other byte is Latin-1. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, /* 80-87 */
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, /* 88-8F */
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 90-97 */
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178, /* 98-9F */
};

void folio_cp1252_to_utf8(folio_buf *out, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0; /* start of the pending run of ASCII bytes, copied in one append */
    for (size_t i = 0; i < len; i++) {
        if (u[i] < 0x80)
            continue;
        folio_buf_append(out, s + run, i - run);
        char utf8[4];
        folio_buf_append(out, utf8, folio_utf8_encode(utf8, u[i] >= 0xA0 ? u[i] : cp1252_high[u[i] - 0x80]));
        run = i + 1;
    }
    folio_buf_append(out, s + run, len - run);
}

char *folio_text_copy(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

const char *folio_text_as_utf8(folio_buf *converted, const char *s, size_t *len, size_t *bad_offset)
{
    if (folio_utf8_valid(s, *len, bad_offset))
        return s;
    folio_cp1252_to_utf8(converted, s, *len);
    if (converted->oom)
        return NULL;
    *len = converted->len;
    return converted->data;
}

void folio_html_escape(folio_buf *out, const char *s, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        const char *entity;
        switch (s[i]) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        default: continue;
        }
        folio_buf_append(out, s + run, i - run);
        folio_buf_puts(out, entity);
        run = i + 1;
    }
    folio_buf_append(out, s + run, len - run);
}

static int json_needs_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

/* Appends the JSON escape of an ASCII byte for which json_needs_escape() holds. */
static void put_json_escape(folio_buf *out, unsigned char c)
{
    switch (c) {
    case '"': folio_buf_puts(out, "\\\""); break;
    case '\\': folio_buf_puts(out, "\\\\"); break;
    case '\b': folio_buf_puts(out, "\\b"); break;
    case '\f': folio_buf_puts(out, "\\f"); break;
    case '\n': folio_buf_puts(out, "\\n"); break;
    case '\r': folio_buf_puts(out, "\\r"); break;
    case '\t': folio_buf_puts(out, "\\t"); break;
    default: folio_buf_printf(out, "\\u%04x", c); break;
    }
}

void folio_json_escape(folio_buf *out, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0, i = 0; /* s[run..i) is a pending run of bytes copied as they are */
    while (i < len) {
        if (u[i] >= 0x80) {
            size_t n = utf8_sequence_length(u + i, len - i);
            if (n) {
                i += n;
                continue;
            }
            folio_buf_append(out, s + run, i - run);
            folio_buf_puts(out, REPLACEMENT_CHAR);
        } else if (json_needs_escape(u[i])) {
            folio_buf_append(out, s + run, i - run);
            put_json_escape(out, u[i]);
        } else {
            i++;
            continue;
        }
        run = ++i;
    }
    folio_buf_append(out, s + run, len - run);
}

size_t folio_utf8_cut(const char *s, size_t len, size_t max)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len <= max)
        return len;
    /* Find the lead byte of the sequence that s[max] belongs to; if that sequence runs past max, cut
     * before it. Malformed bytes are not sequences, so a cut between them is as good as any. */
    size_t start = max;
    while (start > 0 && max - start < UTF8_MAX_SEQUENCE - 1 && is_continuation(u[start]))
        start--;
    size_t n = utf8_sequence_length(u + start, len - start);
    return n && start + n > max ? start : max;
}

int folio_hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void folio_text_skip_bom(const char **text, size_t *len)
{
    static const char bom[] = "\xEF\xBB\xBF";
    if (*len >= sizeof bom - 1 && memcmp(*text, bom, sizeof bom - 1) == 0) {
        *text += sizeof bom - 1;
        *len -= sizeof bom - 1;
    }
}
