/*
 * text.h — byte-level text helpers: UTF-8 checking, Windows-1252 decoding, escaping for HTML and JSON.
 * All output goes to a folio_buf (see buf.h), so callers check for allocation failure once at the end.
 */
#ifndef FOLIO_TEXT_H
#define FOLIO_TEXT_H

#include "buf.h"

#include <stddef.h>

/* 1 if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF), else 0.
 * When not, *bad_offset (may be NULL) gets the offset of the first bad byte. */
int folio_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Appends s[0..len) decoded as Windows-1252 (a superset of Latin-1 for printable text) as UTF-8. The five
 * bytes Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) become U+FFFD. */
void folio_cp1252_to_utf8(folio_buf *out, const char *s, size_t len);

/* The text s[0..*len) as UTF-8, the way folio reads files: s itself when it is valid UTF-8, else its
 * Windows-1252 decoding, appended to `converted` (then *len is the decoded length and *bad_offset, which
 * may be NULL, the offset of the first byte that was not UTF-8). NULL when out of memory. */
const char *folio_text_as_utf8(folio_buf *converted, const char *s, size_t *len, size_t *bad_offset);

/* A malloc'd NUL-terminated copy of s[0..len) (the caller frees it), or NULL when out of memory. */
char *folio_text_copy(const char *s, size_t len);

/* Steps *text and *len past a UTF-8 byte order mark at the start, if there is one (files saved by
 * Windows tools begin with one). */
void folio_text_skip_bom(const char **text, size_t *len);

/* Appends s[0..len) with & < > " ' escaped for HTML text and attribute values. */
void folio_html_escape(folio_buf *out, const char *s, size_t len);

/* Appends s[0..len) as the inside of a JSON string (no quotes): " \ and control characters escaped;
 * invalid UTF-8 bytes become U+FFFD so the output is always valid JSON. */
void folio_json_escape(folio_buf *out, const char *s, size_t len);

/* Writes code point cp (at most U+10FFFF, not a surrogate) as UTF-8 into out; returns the length, 1-4. */
size_t folio_utf8_encode(char out[4], unsigned long cp);

/* The value of a hexadecimal digit (0-9, a-f, A-F), or -1 for any other byte. */
int folio_hex_value(int c);

/* The length of the longest prefix of s[0..len) that is at most max bytes and does not end inside a
 * UTF-8 sequence. */
size_t folio_utf8_cut(const char *s, size_t len, size_t max);

#endif
