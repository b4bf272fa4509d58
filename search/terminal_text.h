/*
 * terminal_text.h — document text made safe to print on a terminal.
 *
 * A document may hold control characters (ESC, BEL, CR, backspace, the C1 controls such as CSI), which
 * a terminal would obey: rewrite the screen, retitle the window, fake a prompt. Every text output of
 * folio-search (hits, --get, tsv) passes document text through here; each control character is shown
 * as U+FFFD (the replacement character) instead. Tab stays, and a line break where the caller keeps
 * them. JSON output needs none of this (its escaping already covers every control character).
 */
#ifndef FOLIO_SEARCH_TERMINAL_TEXT_H
#define FOLIO_SEARCH_TERMINAL_TEXT_H

#include "buf.h"
#include "folio.h"

#include <stddef.h>

enum { TERMINAL_ONE_LINE = 0, TERMINAL_KEEP_NEWLINES = 1 };

/* Appends s (len bytes, UTF-8) with its control characters replaced; flags: TERMINAL_KEEP_NEWLINES to
 * keep '\n' (a body), else a line break is replaced too. */
void terminal_text_put(folio_buf *out, const char *s, size_t len, int flags);

/* As terminal_text_put with one line, and `spans` (byte ranges of s, in order, not overlapping) moved
 * to the same text in `out`'s new bytes: out_spans[i] is relative to where s begins in `out`. */
void terminal_text_put_spans(folio_buf *out, const char *s, const folio_span *spans, size_t nspans,
                             folio_span *out_spans);

#endif
