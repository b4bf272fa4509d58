/*
 * analyzer.h — turns text into index terms; the one analyzer both indexing and querying use.
 *
 * Rules (FOLIO_ANALYZER_VERSION 3; change the version whenever a rule changes, since an index built
 * under other rules must be rebuilt; 2 added segmentation and elision, 3 a language per document: each
 * is analyzed in the language it says it is in, language.h):
 *  - Input is UTF-8. Invalid bytes never stop the analyzer: each is read as U+FFFD, which separates words.
 *  - A word is a maximal run of letters (L*), digits (N*) and combining marks (M*). An apostrophe
 *    (U+0027 or U+2019) with a letter or digit on both sides stays inside the word ("Guan's" is one word,
 *    written with U+0027). Everything else separates words: hyphens, slashes, dots, commas, so
 *    "visa-free" is two words at consecutive positions and "1.13bn" is "1" then "13bn".
 *  - Folding: NFKC compatibility mapping, case folding, accents and other marks removed ("Café" and
 *    "CAFE" both become "cafe"). Folding happens before stemming, so a word typed without accents
 *    stems exactly like the accented one.
 *  - A folded word longer than FOLIO_MAX_WORD_BYTES is cut to that many bytes at a character boundary.
 *  - The term is the Snowball stem (libstemmer, the analyzer's language) of the folded word.
 *  - Scripts written without spaces (segment.h): a run of Han, kana or hangul gives its overlapping
 *    bigrams (each a word, overlapping the one before in the text), Thai, Lao, Khmer and Myanmar runs
 *    ICU's dictionary words; a run ends where another script starts. These words keep their marks in
 *    folding and are not stemmed (term == word; tok->segmented is set).
 *  - Elision (french, italian, catalan, irish): a word starting with an elided article or pronoun and
 *    an apostrophe ("l'amour", "dell'anno") loses them, and starts after the apostrophe in the text.
 *  - Every word takes the next position (0, 1, 2, ...); nothing is dropped (no stopwords here).
 */
#ifndef FOLIO_ANALYZER_H
#define FOLIO_ANALYZER_H

#include <stddef.h>
#include <stdint.h>

#define FOLIO_ANALYZER_VERSION 3
#define FOLIO_MAX_WORD_BYTES 64
#define FOLIO_DEFAULT_LANGUAGE "english"

typedef struct folio_analyzer folio_analyzer;

/* Creates an analyzer for a libstemmer language name ("english", "french", ...; also "none" for no
 * stemming, where the term is the folded word). FOLIO_EINVALID for an unknown language; the message
 * lists the known ones. One analyzer per thread: libstemmer's stemmers are not thread-safe. */
int folio_analyzer_new(folio_analyzer **out, const char *language);
void folio_analyzer_free(folio_analyzer *an);

/* Switches the analyzer to another language (a libstemmer name or "none", as folio_analyzer_new takes):
 * the words read after it are stemmed, elided and folded by that language's rules. The first switch to a
 * language opens its stemmer; the analyzer keeps it, so switching back and forth (one document after
 * another of a mixed index) costs nothing more. FOLIO_EINVALID for an unknown language, which leaves
 * the analyzer in the language it was in. */
int folio_analyzer_use(folio_analyzer *an, const char *language);

/* The language in use (folio_analyzer_use), owned by the analyzer. */
const char *folio_analyzer_language(const folio_analyzer *an);

/* Where the analyzer is in one text. Set the fields with folio_analyzer_start(); the caller owns the
 * cursor and the text, which must stay unchanged while the cursor is used. */
typedef struct folio_cursor {
    const char *text;
    size_t len;
    size_t at;    /* byte offset of the next unread byte */
    uint32_t pos; /* position the next word will take */
    /* Inside runs of scripts without spaces (segment.h), for the analyzer only: */
    size_t pair_tail;          /* where the second character of the last bigram starts */
    size_t seg_start, seg_end; /* the dictionary run being read */
    unsigned seg_generation;   /* the analyzer's split of that run, while it is the latest one */
} folio_cursor;

typedef struct folio_token {
    const char *term; /* stemmed folded word, NUL-terminated */
    size_t term_len;
    const char *word; /* folded word before stemming, NUL-terminated */
    size_t word_len;
    size_t start, end; /* the word's bytes in the original text: [start, end); bigrams overlap */
    uint32_t pos;
    int segmented; /* cut from a run of a script without spaces (segment.h): not stemmed */
} folio_token;

/* Starts reading `text` (len bytes) with positions from `first_pos`. */
void folio_analyzer_start(folio_cursor *cur, const char *text, size_t len, uint32_t first_pos);

/* Reads the next word: returns 1 and fills *tok, or 0 at the end of the text, or a negative FOLIO_E*
 * code (FOLIO_ENOMEM). tok->term and tok->word point into the analyzer and stay valid until the next
 * call to any function of this analyzer. */
int folio_analyzer_next(folio_analyzer *an, folio_cursor *cur, folio_token *tok);

/* A set of bytes, for folio_analyzer_next_among(): bit b % 8 of byte b / 8 set when b is in it. */
typedef struct folio_byte_set {
    uint8_t bits[32];
} folio_byte_set;

static inline void folio_byte_set_add(folio_byte_set *set, unsigned char b)
{
    set->bits[b / 8] |= (uint8_t)(1u << (b % 8));
}

static inline int folio_byte_set_has(const folio_byte_set *set, unsigned char b)
{
    return (set->bits[b / 8] >> (b % 8)) & 1;
}

/* folio_analyzer_next(), for a reader that only cares about words whose term starts with a byte of
 * `first`: a word whose term cannot start with one gets tok->term NULL (and term_len 0) instead of being
 * stemmed, which is most of a word's cost. Exact: only languages whose stemmer never changes a word's
 * first byte skip (english, porter, and "none"); under the others every word is stemmed. Snippets use it
 * on every word of each hit. */
int folio_analyzer_next_among(folio_analyzer *an, folio_cursor *cur, folio_token *tok, const folio_byte_set *first);

/* Folds `text` (len bytes) the way words are folded, without splitting or stemming: the result is
 * NUL-terminated, owned by the analyzer, valid until its next call, and its length goes to *out_len. Used
 * for prefix queries (`runn*` matches words that start with the folded "runn"). NULL on FOLIO_ENOMEM. */
const char *folio_analyzer_fold(folio_analyzer *an, const char *text, size_t len, size_t *out_len);

#endif
