/*
 * text_out.h — a document's text as the input parsers (HTML, office formats) collect it from a tree of
 * elements: white space collapsed to one separator, and no separator at the start or the end.
 *
 * Separators rank: a space, then a line break (between blocks), then a form feed (a section break, which
 * starts the next part of the body: folio_doc_add_section counts parts by form feeds). A stronger
 * separator pending is never weakened by a later, weaker one. The caller owns `buf` (folio_buf_free) and
 * checks it for allocation failure once at the end.
 */
#ifndef FOLIO_TEXT_OUT_H
#define FOLIO_TEXT_OUT_H

#include "buf.h"
#include "folio.h"

typedef struct folio_text_out {
    folio_buf buf;
    char pending;    /* 0, ' ', '\n' or '\f': a separator not yet written */
    unsigned breaks; /* form feeds (section breaks) written to buf */
} folio_text_out;

#define FOLIO_TEXT_OUT_INIT {FOLIO_BUF_INIT, 0, 0}

/* Asks for separator `sep` (' ', '\n' or '\f') before the next text. */
void folio_text_out_separate(folio_text_out *t, char sep);

/* Appends s (NUL-terminated) with its white space collapsed. */
void folio_text_out_add(folio_text_out *t, const char *s);

/* A heading starts a section: when `heading` holds text, a section break goes before what follows and
 * the section (its heading text, `anchor`, which may be NULL) is noted in `doc`. A section the record
 * refuses (an anchor too long) is left out: one odd id loses nothing else. */
void folio_text_out_start_section(folio_text_out *t, folio_doc *doc, const char *anchor,
                                  const folio_text_out *heading);

#endif
