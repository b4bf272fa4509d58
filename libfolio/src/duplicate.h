/*
 * duplicate.h — the near-duplicate key of a document: the same story republished (small edits, a
 * shortened version, a correction) gets the same key, so that a search shows it once (Xapian's collapse
 * key, FOLIO_SLOT_DUPLICATE in schema.h).
 *
 * The key is a hash of the body's words (folded, unstemmed, as the analyzer reads them):
 *  - a body of FOLIO_DUPLICATE_LEAD_WORDS + 15 words or more: its first FOLIO_DUPLICATE_LEAD_WORDS
 *    words (the lead, which a wire service keeps when it republishes or cuts a story), then the distinct
 *    numbers (words starting with a digit) among its first FOLIO_DUPLICATE_NUMBER_WORDS words, sorted:
 *    routine stories that share a template lead ("The Federal Reserve is expected to ...") differ in
 *    their figures;
 *  - a shorter body: the title's words and all the body's words (a short item, like an earnings table,
 *    is told apart by its title, which names the company);
 *  - no body words: no key (the document is never collapsed).
 * It depends only on the document, so every shard of an index computes it alike and documents in
 * different shards collapse together. Measured false merges: README "Duplicates collapsed".
 */
#ifndef FOLIO_DUPLICATE_H
#define FOLIO_DUPLICATE_H

#include "analyzer.h"
#include "doc.h"

#define FOLIO_DUPLICATE_LEAD_WORDS 25
#define FOLIO_DUPLICATE_NUMBER_WORDS 100
/* A key: 16 lower-case hex digits and a NUL. */
#define FOLIO_DUPLICATE_KEY_BYTES 17

/* Writes doc's key into out; *out_has (0 or 1) says whether it has one. */
int folio_duplicate_key(char out[FOLIO_DUPLICATE_KEY_BYTES], int *out_has, folio_analyzer *an,
                        const folio_doc *doc);

#endif
