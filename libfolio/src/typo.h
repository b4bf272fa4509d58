/*
 * typo.h — typo tolerance: the index words within a bounded edit distance of a query word, and the
 * choice of one correction for each word the index does not hold (or holds rarely, in a query with few
 * matches), made with the query's other words.
 *
 * Edit distance is optimal string alignment (insertions, deletions, substitutions and swaps of two
 * neighbouring letters, each one edit) over Unicode code points of folded words. A word may be corrected
 * by at most folio_typo_max_edits() edits: none for words with a digit or under
 * FOLIO_TYPO_ONE_EDIT_FROM letters, one up to FOLIO_TYPO_TWO_EDITS_FROM - 1 letters, two from there
 * (Meilisearch's defaults, but from 4 letters rather than 5 for a word the index does not hold at all,
 * where a short one risks nothing that would match otherwise; a word it holds, from
 * FOLIO_TYPO_RARE_FROM letters).
 *
 * The candidates come from the vocabulary of the index (its folded body and title words, W and WS
 * terms, schema.h), read once per handle with Xapian's term list: over remote shards too, where Xapian's
 * spelling data is not served. db->typo_vocabulary holds it; folio_typo_forget() drops it (the index
 * changed). Errors are FOLIO_E* codes with folio_error_set's message.
 */
#ifndef FOLIO_TYPO_H
#define FOLIO_TYPO_H

#include "db.h"
#include "query.h"
#include "synonyms.h"

#include <stddef.h>
#include <stdint.h>

#define FOLIO_TYPO_ONE_EDIT_FROM 4
#define FOLIO_TYPO_TWO_EDITS_FROM 9
#define FOLIO_TYPO_MAX_EDITS 2
/* Words of the vocabulary kept (the most frequent first would need a second pass; an index with more
 * distinct words than this is read only up to here, in term order). */
#define FOLIO_TYPO_VOCABULARY_MAX 2000000
/* Candidates of one word that the other words weigh (the closest, then the most frequent). */
#define FOLIO_TYPO_CANDIDATES 8
/* Words of one query that may be corrected (each costs a pass over the vocabulary and a few counts). */
#define FOLIO_TYPO_MAX_CORRECTED 8
/* A word and a neighbour "occur together" within this many positions, in either order. */
#define FOLIO_TYPO_NEIGHBOUR_WINDOW 3
/* What a correction weighs against the typed word where both may match (the word~ operator). */
#define FOLIO_TYPO_CORRECTED_WEIGHT 0.5
/* Index words one word~ may stand for besides itself (the closest, then the most frequent). */
#define FOLIO_TYPO_FUZZY_WORDS 32

/* Edits allowed for a folded word of `len` bytes. */
unsigned folio_typo_max_edits(const char *word, size_t len);

/* The edit distance between two UTF-8 words, or max + 1 when it is more than `max`. */
unsigned folio_typo_distance(const char *a, size_t alen, const char *b, size_t blen, unsigned max);

/* How many documents hold the folded word in their body or title (W or WS term, the larger). */
int folio_typo_word_freq(uint64_t *out, folio_db *db, const char *word, size_t len);

typedef struct folio_typo_candidate {
    char *word; /* folded, owned */
    unsigned distance;
    uint64_t freq; /* documents holding it (body or title) */
} folio_typo_candidate;

/* The index words within `max_edits` of the folded word (not the word itself) held by at least
 * `min_freq` documents, closest first, then the most frequent, then alphabetical; at most `max`. *out is malloc'd (free with
 * folio_typo_candidates_free), NULL when none. */
int folio_typo_candidates(folio_typo_candidate **out, size_t *out_n, folio_db *db, const char *word, size_t len,
                          unsigned max_edits, uint64_t min_freq, size_t max);
void folio_typo_candidates_free(folio_typo_candidate *c, size_t n);

/* Chooses corrections for a sequence of folded query words. needs[i] says which words to correct: 0 for
 * none, else the documents a correction must at least be held by (1: any); words[i] of the others (NULL for a stopword or a word that says nothing) are the context. Each word
 * to correct takes, among its FOLIO_TYPO_CANDIDATES, the closest; between equally close ones, the one
 * that occurs most often next to its neighbouring words (within FOLIO_TYPO_NEIGHBOUR_WINDOW positions,
 * the neighbours' own corrections for words corrected too), then the most frequent. out[i] gets a
 * malloc'd correction or NULL (none found, or not asked); the caller frees each. */
int folio_typo_choose(char **out, folio_db *db, const char *const *words, const size_t *lens,
                      const uint64_t *needs, size_t n);

/* A word the index holds is corrected (its query having few matches) only to a word at least this many
 * times as frequent: "goverment", in 9 Reuters articles, to "government", in 2,251; a rare word that is
 * no typo seldom has so much more frequent a neighbour. */
#define FOLIO_TYPO_RARE_RATIO 100
#define FOLIO_TYPO_RARE_FROM 5

typedef enum {
    FOLIO_TYPO_ABSENT_WORDS, /* words the index does not hold */
    FOLIO_TYPO_RARE_WORDS    /* words it holds, each to a word FOLIO_TYPO_RARE_RATIO times as frequent */
} folio_typo_words;

/* Typo tolerance for a query of plain words (folio_query_is_plain; any other tree is left alone): each
 * of its `which` words (not a stopword, with edits allowed) is replaced in the tree by its correction
 * (folio_typo_choose). A word the synonym list `synonyms` (may be NULL) names is no typo: "nyc" stands
 * for "new york" even where the index holds no "nyc". *out gets the query text with the corrections,
 * malloc'd, or NULL when nothing changed. */
int folio_typo_correct_query(char **out, folio_db *db, folio_qnode *root, const char *query,
                             folio_typo_words which, const folio_synonyms *synonyms);

/* Drops the handle's vocabulary (the index changed; or the handle closes). */
void folio_typo_forget(folio_db *db);

#endif
