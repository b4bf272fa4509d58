/*
 * highlight.h — renders a hit's snippet (plain text) with its highlight spans (folio_hit.highlights)
 * for one output format: HTML for JSON's snippet_html and the page, marks such as ANSI bold for a
 * terminal. Rendering is the front end's business; libfolio only says where the matched words are.
 *
 * Spans out of order or out of bounds are skipped or clipped, so bad spans never make the output read
 * outside the text.
 */
#ifndef FOLIO_SEARCH_HIGHLIGHT_H
#define FOLIO_SEARCH_HIGHLIGHT_H

#include "buf.h"
#include "folio.h"

#include <stddef.h>

/* Appends the snippet as HTML: text escaped, highlights wrapped in <mark>...</mark>. */
void highlight_html(folio_buf *out, const char *text, const folio_span *spans, size_t nspans);

/* Appends the snippet with highlights between `open` and `close` (e.g. ANSI bold), text unescaped. */
void highlight_marked(folio_buf *out, const char *text, const folio_span *spans, size_t nspans,
                      const char *open, const char *close);

#endif
