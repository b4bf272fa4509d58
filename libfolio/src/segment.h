/*
 * segment.h — words in scripts written without spaces between them.
 *
 * Two rules, chosen by script (folio_segment_class):
 *  - Han, hiragana, katakana and hangul (with their half-width and compatibility forms): overlapping
 *    character bigrams, as Lucene's CJKAnalyzer does. Every pair of neighbouring characters of such a run
 *    is a word ("新疆人" gives "新疆", "疆人"); a character with no such neighbour is a word alone. The
 *    analyzer (analyzer.c) reads these itself, a character at a time: no state beyond its cursor.
 *  - Thai, Lao, Khmer and Myanmar: ICU's dictionary-based word break (libicu), through a
 *    folio_segmenter below.
 * Why bigrams for CJK, measured on ../shared (README "Languages"): ICU's dictionary words lost recall on
 * known-item and question queries wherever query and document were segmented differently (a compound
 * in one, its parts in the other), while bigrams match any substring of two characters or more, and need
 * no dictionary that lags behind news vocabulary; the cost is a larger index (about one term per
 * character).
 */
#ifndef FOLIO_SEGMENT_H
#define FOLIO_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    FOLIO_SEGMENT_SPACED = 0, /* words end at separators (every script not named below) */
    FOLIO_SEGMENT_BIGRAM,     /* Han, kana, hangul */
    FOLIO_SEGMENT_DICTIONARY  /* Thai, Lao, Khmer, Myanmar */
} folio_segment_class;

/* The rule a letter, digit or mark follows. Combining marks of any script are SPACED: they take the
 * class of the run they are in (analyzer.c). */
folio_segment_class folio_segment_class_of(int32_t cp);

/* Runs longer than this many bytes are segmented in pieces of this size (cut at a character boundary):
 * a word may be split where a piece ends. Bounds the work and memory of one call. */
#define FOLIO_SEGMENT_RUN_MAX 4096

/* Word ends of DICTIONARY runs (ICU's word break iterator, opened once and reused). One per thread. */
typedef struct folio_segmenter folio_segmenter;

/* FOLIO_ENOMEM, or FOLIO_ERROR when ICU cannot open its word break rules. */
int folio_segmenter_new(folio_segmenter **out);
void folio_segmenter_free(folio_segmenter *seg);

/* Splits run[0..len) (valid UTF-8 of DICTIONARY letters and marks, len <= FOLIO_SEGMENT_RUN_MAX) into
 * words: *ends receives the byte offset where each word ends, ascending, the last one len; *nends their
 * number. The array is owned by seg and valid until its next call. Returns 0 or a negative FOLIO_E*. */
int folio_segmenter_split(folio_segmenter *seg, const char *run, size_t len, const size_t **ends, size_t *nends);

#endif
