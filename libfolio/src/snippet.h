/*
 * snippet.h — query-biased snippets with highlights, made with folio's own analyzer so that every
 * form the query matched (stems, phrases, prefixes) is what gets highlighted.
 */
#ifndef FOLIO_SNIPPET_H
#define FOLIO_SNIPPET_H

#include "analyzer.h"
#include "buf.h"
#include "folio.h"

#include <stddef.h>

typedef enum {
    FOLIO_MATCH_TERM,   /* terms[0]: a stemmed term; a word whose term equals it matches */
    FOLIO_MATCH_PREFIX, /* terms[0]: a folded prefix; a word whose folded form starts with it matches */
    FOLIO_MATCH_PHRASE, /* terms[0..n): stemmed terms at consecutive positions; highlighted as a unit,
                           only where the whole phrase occurs */
    FOLIO_MATCH_NEAR    /* terms[0..n): stemmed terms in any order within a span of n + `distance`
                           words; each highlighted only where the whole group occurs */
} folio_match_kind;

typedef struct folio_match {
    folio_match_kind kind;
    const char *const *terms;
    size_t nterms;
    unsigned distance; /* NEAR: at most this many other words in the group's span */
} folio_match;

/* Text read at once for a snippet: a longer text is read in pieces of this size (cut at white space) and
 * the snippet is the first piece's with a match (else the first piece's), so that a hit costs memory
 * for this much text, not for all of a long body (its words take several times the text's size). A
 * text up to this size gets the best window of all of it, as before; a longer one the best window of
 * its first piece with a match, which may not be the best of the whole text. */
#define FOLIO_SNIPPET_PIECE_BYTES ((size_t)4 * 1024 * 1024)

typedef struct folio_snippet {
    char *text;         /* NUL-terminated; "…" (U+2026) marks a cut at either end; owned */
    folio_span *spans;  /* highlighted byte ranges in text, ascending, not overlapping; owned */
    size_t nspans;
    unsigned page_breaks; /* form feeds in the text before the first match shown (0 without one): a
                             paged document's page breaks (folio_doc_parse_pdf) */
} folio_snippet;

/* Makes a snippet of about `target_bytes` bytes (never more than target_bytes plus the two "…" marks,
 * never cutting a word or a UTF-8 sequence) from text[0..len).
 * The window chosen is the one holding the most distinct matches (each folio_match counts once),
 * then the most matched words, then the earliest. With no match the snippet is the start of the text.
 * White space runs (newlines included) become one space in the snippet. `text` may be invalid UTF-8:
 * bad bytes become U+FFFD. On success the caller owns *out (folio_snippet_clear). */
int folio_snippet_make(folio_snippet *out, folio_analyzer *an, const char *text, size_t len,
                       const folio_match *matches, size_t nmatches, size_t target_bytes);
void folio_snippet_clear(folio_snippet *s);

#endif
