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
 * Why bigrams for Han and kana, measured (README "Languages"; bench/eval/known_item.py and
 * bench/eval/run.sh xquad-zh, the same code with Han and kana given to ICU instead): nDCG@10 on xquad-zh
 * ties (0.953 bigrams, 0.955 ICU); known-item search finds more with bigrams where a query is cut from
 * the middle of a text (Japanese body runs in the top 10: 97.6% against 93.2%; titles 97.2% against
 * 96.4%), since ICU cuts the edges of such a run into other words than the full text has, and a
 * dictionary lags behind news vocabulary. The cost: the mixed multilingual corpus's index is 36% larger
 * (47.5 against 34.9 MB) and indexing it slower. Hangul is written with spaces, but a word carries its
 * particles (서울의, 서울에서), which bigrams match and ICU keeps whole.
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
