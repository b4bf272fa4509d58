/*
 * analyzer.c — see analyzer.h for the rules.
 *
 * The analyzer sits on the indexing hot path, so a word costs no allocation: each word is folded into
 * fixed buffers inside the analyzer (code points first, then UTF-8), and only the stem is copied into a
 * reused growable buffer. ASCII letters and digits take a fast path; everything else goes through
 * utf8proc, one code point at a time.
 *
 * Choices the header leaves open:
 *  - A word whose letters all fold to nothing (a run of combining marks alone, or a default-ignorable
 *    letter such as U+3164) has no term to index, so it is skipped and takes no position.
 *  - Folded code points that are not letters or digits are dropped (a compatibility mapping can bring
 *    them in: U+00BD "½" maps to "1⁄2", U+FDFA to words with spaces), so a folded word holds only
 *    letters, digits and U+0027.
 *  - folio_analyzer_fold() keeps the folded letters, digits and marks of the whole text, drops every
 *    other character, keeps an apostrophe (as U+0027) only after a kept character and not after another
 *    apostrophe, and cuts the result like a word: folding a prefix of a word's text then gives a prefix
 *    of the folded word.
 */
#include "analyzer.h"

#include "buf.h"
#include "error.h"
#include "segment.h"
#include "text.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* NFKC compatibility mapping, case folding, marks and default-ignorables removed. utf8proc applies the
 * mapping per code point and recursively, so precomposed and decomposed input fold alike. */
#define FOLD_OPTIONS                                                                                   \
    (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)
/* Segmented scripts keep their marks: they are vowels and tones in Thai, voicing in kana (が is not か). */
#define FOLD_KEEPING_MARKS (FOLD_OPTIONS & ~UTF8PROC_STRIPMARK)

/* Room for one code point's folding: utf8proc's longest is 18 code points (U+FDFA). */
#define FOLD_CHAR_MAX 32

/* Folded code points kept per word. Composition after folding joins at most three code points into one
 * (Hangul L+V+T), and every code point takes at least one byte, so this many always yield more than
 * FOLIO_MAX_WORD_BYTES: the rest of a longer word cannot change its cut form and is not folded. */
#define FOLD_CAP (4 * FOLIO_MAX_WORD_BYTES)

#define REPLACEMENT_CHAR 0xFFFD
#define RIGHT_SINGLE_QUOTE 0x2019
#define NO_STEMMING "none"

typedef enum { CHAR_SEPARATOR, CHAR_APOSTROPHE, CHAR_MARK, CHAR_ALNUM } char_class;

/* Stems of recent words, direct-mapped by a hash of the word: text repeats its words (Zipf), and a
 * lookup costs far less than Snowball's stemmer. 16,384 slots (2.3 MB, touched as used) hold most of a
 * news vocabulary; fewer cost snippet time, more gained nothing (bench/batch/README.md). */
#define STEM_CACHE_SLOTS 16384
#define STEM_CACHE_STEM_MAX (FOLIO_MAX_WORD_BYTES + 8)

typedef struct stem_cache_slot {
    unsigned char word_len; /* 0: empty */
    unsigned char stem_len;
    char word[FOLIO_MAX_WORD_BYTES];
    char stem[STEM_CACHE_STEM_MAX + 1]; /* NUL-terminated */
} stem_cache_slot;

/* What stemming needs for one language; an analyzer keeps one per language it has been asked for, so
 * that switching between a mixed index's languages (folio_analyzer_use) costs nothing after the first. */
typedef struct language_state {
    char *language;
    struct sb_stemmer *stemmer;  /* NULL for "none" */
    stem_cache_slot *stem_cache; /* STEM_CACHE_SLOTS, or NULL without a stemmer */
    int keeps_first_byte;        /* a term always starts with its word's first byte: see keeps_first_byte() */
    const char *const *elisions; /* elided articles and pronouns of the language, or NULL */
} language_state;

/* Snowball's languages and "none": no analyzer needs more. */
#define ANALYZER_LANGUAGES_MAX 40

struct folio_analyzer {
    language_state langs[ANALYZER_LANGUAGES_MAX]; /* [0]: the language it was made with */
    size_t nlangs;
    language_state *cur; /* the language in use */
    utf8proc_int32_t folded[FOLD_CAP + FOLD_CHAR_MAX];
    size_t nfolded;
    int needs_compose; /* a non-ASCII code point was folded */
    char word[FOLIO_MAX_WORD_BYTES + 1];
    size_t word_len;
    folio_buf term; /* a stem too long for the stem cache */
    folio_segmenter *segmenter; /* opened at the first run that needs it */
    unsigned seg_generation;    /* bumped at each split: says whose run seg_ends belong to */
    const size_t *seg_ends;     /* word ends of the last run split, from its start */
    size_t seg_nends;
};

/* ---- reading characters ---- */

/* Decodes the character at s (n > 0 bytes available) into *cp and returns its length; an invalid byte
 * reads as U+FFFD, one byte long. */
static size_t decode_char(const char *s, size_t n, utf8proc_int32_t *cp)
{
    unsigned char b = (unsigned char)s[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, cp);
    if (len <= 0) {
        *cp = REPLACEMENT_CHAR;
        return 1;
    }
    return (size_t)len;
}

static int is_ascii_alnum(utf8proc_int32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
}

static int is_letter_or_digit_category(utf8proc_category_t cat)
{
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

static char_class classify(utf8proc_int32_t cp)
{
    if (cp < 0x80) {
        if (is_ascii_alnum(cp))
            return CHAR_ALNUM;
        return cp == '\'' ? CHAR_APOSTROPHE : CHAR_SEPARATOR;
    }
    if (cp == RIGHT_SINGLE_QUOTE)
        return CHAR_APOSTROPHE;
    utf8proc_category_t cat = utf8proc_category(cp);
    if (is_letter_or_digit_category(cat))
        return CHAR_ALNUM;
    if (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME)
        return CHAR_MARK;
    return CHAR_SEPARATOR;
}

static int is_word_class(char_class c)
{
    return c == CHAR_ALNUM || c == CHAR_MARK;
}

/* ---- folding ---- */

static void fold_reset(folio_analyzer *an)
{
    an->nfolded = 0;
    an->needs_compose = 0;
}

/* Appends the folding of one letter, digit or mark to the folded code points; marks are kept only with
 * `keep_marks`. */
static void fold_char(folio_analyzer *an, utf8proc_int32_t cp, int keep_marks)
{
    if (an->nfolded >= FOLD_CAP)
        return;
    if (cp < 0x80) {
        an->folded[an->nfolded++] = (cp >= 'A' && cp <= 'Z') ? cp + ('a' - 'A') : cp;
        return;
    }
    utf8proc_int32_t *dst = an->folded + an->nfolded;
    int boundclass = 0; /* only read with UTF8PROC_CHARBOUND */
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, dst, FOLD_CHAR_MAX, keep_marks ? FOLD_KEEPING_MARKS : FOLD_OPTIONS,
                                                 &boundclass);
    if (n <= 0 || n > FOLD_CHAR_MAX)
        return;
    size_t kept = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        utf8proc_category_t cat = utf8proc_category(dst[i]);
        if (is_letter_or_digit_category(cat) || (keep_marks && cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME))
            dst[kept++] = dst[i];
    }
    an->nfolded += kept;
    an->needs_compose = 1;
}

/* Appends U+0027, unless it would lead the folded word or double an apostrophe. */
static void fold_apostrophe(folio_analyzer *an)
{
    if (an->nfolded == 0 || an->nfolded >= FOLD_CAP || an->folded[an->nfolded - 1] == '\'')
        return;
    an->folded[an->nfolded++] = '\'';
}

/* Composes the folded code points (NFKC) and writes them to an->word as UTF-8, cut at
 * FOLIO_MAX_WORD_BYTES on a character boundary. Returns the word's length in bytes. */
static size_t fold_finish(folio_analyzer *an)
{
    size_t n = an->nfolded;
    if (!an->needs_compose) {
        /* ASCII only: one byte per code point, nothing to compose. */
        size_t len = n < FOLIO_MAX_WORD_BYTES ? n : FOLIO_MAX_WORD_BYTES;
        for (size_t i = 0; i < len; i++)
            an->word[i] = (char)an->folded[i];
        an->word[len] = '\0';
        an->word_len = len;
        return len;
    }
    utf8proc_ssize_t composed =
        utf8proc_normalize_utf32(an->folded, (utf8proc_ssize_t)n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (composed >= 0)
        n = (size_t)composed;
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        utf8proc_uint8_t utf8[4];
        size_t clen = (size_t)utf8proc_encode_char(an->folded[i], utf8);
        if (len + clen > FOLIO_MAX_WORD_BYTES)
            break;
        memcpy(an->word + len, utf8, clen);
        len += clen;
    }
    an->word[len] = '\0';
    an->word_len = len;
    return len;
}

/* ---- words ---- */

/* The common case, a word of ASCII letters and digits alone (followed by the end, or by an ASCII byte
 * other than an apostrophe): folded by lower-casing it straight into an->word, with cur->at moved past
 * it. Returns its folded length, or 0 (cur untouched) when the word needs read_word_folding(). */
static size_t read_ascii_word(folio_analyzer *an, folio_cursor *cur)
{
    const unsigned char *text = (const unsigned char *)cur->text;
    size_t start = cur->at, end = start;
    while (end < cur->len && is_ascii_alnum(text[end]))
        end++;
    if (end == start || (end < cur->len && (text[end] >= 0x80 || text[end] == '\'')))
        return 0;
    size_t len = end - start < FOLIO_MAX_WORD_BYTES ? end - start : FOLIO_MAX_WORD_BYTES;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = text[start + i];
        an->word[i] = (char)((b >= 'A' && b <= 'Z') ? b + ('a' - 'A') : b);
    }
    an->word[len] = '\0';
    an->word_len = len;
    cur->at = end;
    return len;
}

/* Reads the word that starts at cur->at, folding it, and leaves cur->at just past it. */
static void read_word_folding(folio_analyzer *an, folio_cursor *cur)
{
    int seen_alnum = 0;
    fold_reset(an);
    while (cur->at < cur->len) {
        unsigned char b = (unsigned char)cur->text[cur->at];
        if (is_ascii_alnum(b)) {
            /* The common case, without decoding or classifying: what fold_char does for ASCII. */
            if (an->nfolded < FOLD_CAP)
                an->folded[an->nfolded++] = (b >= 'A' && b <= 'Z') ? b + ('a' - 'A') : b;
            seen_alnum = 1;
            cur->at++;
            continue;
        }
        utf8proc_int32_t cp;
        size_t n = decode_char(cur->text + cur->at, cur->len - cur->at, &cp);
        char_class c = classify(cp);
        if (is_word_class(c) && folio_segment_class_of(cp) != FOLIO_SEGMENT_SPACED) {
            return; /* a run of a script without spaces starts: segmented on its own */
        } else if (is_word_class(c)) {
            fold_char(an, cp, 0);
            seen_alnum |= c == CHAR_ALNUM;
        } else if (c == CHAR_APOSTROPHE && seen_alnum && cur->at + n < cur->len) {
            utf8proc_int32_t next;
            decode_char(cur->text + cur->at + n, cur->len - cur->at - n, &next);
            if (classify(next) != CHAR_ALNUM)
                return;
            fold_apostrophe(an);
        } else {
            return;
        }
        cur->at += n;
    }
}

/* Moves cur->at to the next word character; returns 0 at the end of the text. */
static int skip_separators(folio_cursor *cur)
{
    while (cur->at < cur->len) {
        unsigned char b = (unsigned char)cur->text[cur->at];
        if (b < 0x80) {
            /* In ASCII only letters and digits start a word. */
            if (is_ascii_alnum(b))
                return 1;
            cur->at++;
            continue;
        }
        utf8proc_int32_t cp;
        size_t n = decode_char(cur->text + cur->at, cur->len - cur->at, &cp);
        if (is_word_class(classify(cp)))
            return 1;
        cur->at += n;
    }
    return 0;
}

/* ---- scripts without spaces (segment.h) ---- */

#define HALFWIDTH_VOICED_MARK 0xFF9E
#define HALFWIDTH_SEMI_VOICED_MARK 0xFF9F

/* Whether cp belongs to the character before it in a BIGRAM run: a kana voicing mark, combining or
 * half-width, or a conjoining hangul vowel or final consonant (ᄒ ᅡ ᆫ is 한). Other marks do not: a word
 * of marks alone folds to nothing. */
static int continues_bigram_char(utf8proc_int32_t cp)
{
    return cp == 0x3099 || cp == 0x309A || cp == HALFWIDTH_VOICED_MARK || cp == HALFWIDTH_SEMI_VOICED_MARK ||
           (cp >= 0x1160 && cp <= 0x11FF) || (cp >= 0xD7B0 && cp <= 0xD7FF);
}

/* The end of the character at `at` of a BIGRAM run: its code point and the combining marks after it
 * that continue it (a decomposed が is か and U+3099, one character; half-width ｶﾞ too). */
static size_t bigram_char_end(const folio_cursor *cur, size_t at)
{
    utf8proc_int32_t cp;
    at += decode_char(cur->text + at, cur->len - at, &cp);
    while (at < cur->len) {
        size_t n = decode_char(cur->text + at, cur->len - at, &cp);
        if (!continues_bigram_char(cp))
            break;
        at += n;
    }
    return at;
}

static void fold_range(folio_analyzer *an, const folio_cursor *cur, size_t from, size_t to)
{
    while (from < to) {
        utf8proc_int32_t cp;
        from += decode_char(cur->text + from, to - from, &cp);
        fold_char(an, cp, 1);
    }
}

/* Reads the bigram that starts at cur->at (a BIGRAM character) into an->word, leaving cur->at at its
 * second character, or the character alone when no BIGRAM character follows and no bigram covered it
 * already. Sets *end to the end of the word's bytes; returns 0 when there is no word (the character was
 * the second of the bigram before). */
static int read_bigram(folio_analyzer *an, folio_cursor *cur, size_t *end)
{
    size_t at = cur->at, second = bigram_char_end(cur, at);
    utf8proc_int32_t next = 0;
    if (second < cur->len)
        decode_char(cur->text + second, cur->len - second, &next);
    int pair = second < cur->len && folio_segment_class_of(next) == FOLIO_SEGMENT_BIGRAM;
    cur->at = second;
    if (!pair && at == cur->pair_tail)
        return 0;
    *end = pair ? bigram_char_end(cur, second) : second;
    if (pair)
        cur->pair_tail = second;
    fold_reset(an);
    fold_range(an, cur, at, *end);
    return fold_finish(an) > 0;
}

/* The end of the DICTIONARY run at `at` (these scripts' marks are in their blocks), at most FOLIO_SEGMENT_RUN_MAX bytes
 * (cut at a character boundary). */
static size_t dictionary_run_end(const folio_cursor *cur, size_t at)
{
    size_t start = at;
    while (at < cur->len) {
        utf8proc_int32_t cp;
        size_t n = decode_char(cur->text + at, cur->len - at, &cp);
        if (at + n - start > FOLIO_SEGMENT_RUN_MAX || folio_segment_class_of(cp) != FOLIO_SEGMENT_DICTIONARY)
            break;
        at += n;
    }
    return at;
}

/* Reads the dictionary word at cur->at into an->word and moves cur->at past it. The run's word ends are
 * computed once, when the cursor enters it, and kept by the analyzer for as long as no other run is
 * split (seg_generation). */
static int read_dictionary_word(folio_analyzer *an, folio_cursor *cur)
{
    int rc;
    if (!an->segmenter && (rc = folio_segmenter_new(&an->segmenter)) < 0)
        return rc;
    if (cur->at >= cur->seg_end || cur->seg_generation != an->seg_generation) {
        if (cur->at >= cur->seg_end) {
            cur->seg_start = cur->at;
            cur->seg_end = dictionary_run_end(cur, cur->at);
        }
        rc = folio_segmenter_split(an->segmenter, cur->text + cur->seg_start, cur->seg_end - cur->seg_start,
                                   &an->seg_ends, &an->seg_nends);
        if (rc < 0)
            return rc;
        cur->seg_generation = ++an->seg_generation;
    }
    size_t end = cur->seg_end;
    for (size_t i = 0; i < an->seg_nends; i++)
        if (cur->seg_start + an->seg_ends[i] > cur->at) {
            end = cur->seg_start + an->seg_ends[i];
            break;
        }
    fold_reset(an);
    fold_range(an, cur, cur->at, end);
    cur->at = end;
    return (int)fold_finish(an);
}

/* Reads a word of a script without spaces at cur->at, if one starts there: 1 with the word in an->word
 * and its end in *end, 0 when the text there is of a spaced script (cur untouched), 2 when the
 * character there makes no word (cur moved past it), or a negative FOLIO_E* code. */
static int read_segmented(folio_analyzer *an, folio_cursor *cur, size_t *end)
{
    if ((unsigned char)cur->text[cur->at] < 0x80)
        return 0;
    utf8proc_int32_t cp;
    decode_char(cur->text + cur->at, cur->len - cur->at, &cp);
    switch (folio_segment_class_of(cp)) {
    case FOLIO_SEGMENT_BIGRAM:
        return read_bigram(an, cur, end) ? 1 : 2;
    case FOLIO_SEGMENT_DICTIONARY: {
        int rc = read_dictionary_word(an, cur);
        *end = cur->at;
        return rc < 0 ? rc : rc > 0 ? 1 : 2;
    }
    case FOLIO_SEGMENT_SPACED:
        break;
    }
    return 0;
}

static stem_cache_slot *stem_cache_slot_for(folio_analyzer *an)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < an->word_len; i++)
        h = (h ^ (unsigned char)an->word[i]) * 16777619u;
    return &an->cur->stem_cache[h % STEM_CACHE_SLOTS];
}

/* Points *term at the stem of an->word (NUL-terminated): in the stem cache, in an->term for a stem too
 * long for the cache, or at the word itself without a stemmer. A cache hit copies nothing. */
static int stem_word(folio_analyzer *an, const char **term, size_t *term_len)
{
    *term = an->word;
    *term_len = an->word_len;
    if (!an->cur->stemmer)
        return 0;
    stem_cache_slot *slot = stem_cache_slot_for(an);
    if (slot->word_len == an->word_len && memcmp(slot->word, an->word, an->word_len) == 0) {
        *term = slot->stem;
        *term_len = slot->stem_len;
        return 0;
    }
    const sb_symbol *s = sb_stemmer_stem(an->cur->stemmer, (const sb_symbol *)an->word, (int)an->word_len);
    if (!s)
        return folio_error_set(FOLIO_ENOMEM, "out of memory while stemming");
    const char *stem = an->word;
    size_t len = an->word_len;
    /* Snowball keeps a stem non-empty for a non-empty word; the check keeps terms non-empty anyway. */
    if (sb_stemmer_length(an->cur->stemmer) > 0) {
        stem = (const char *)s;
        len = (size_t)sb_stemmer_length(an->cur->stemmer);
    }
    if (len <= STEM_CACHE_STEM_MAX) {
        slot->word_len = (unsigned char)an->word_len;
        memcpy(slot->word, an->word, an->word_len);
        slot->stem_len = (unsigned char)len;
        memcpy(slot->stem, stem, len);
        slot->stem[len] = '\0';
        *term = slot->stem;
        *term_len = len;
        return 0;
    }
    /* The stemmer's buffer lives only until its next call. */
    folio_buf_reset(&an->term);
    folio_buf_append(&an->term, stem, len);
    int rc = folio_buf_check(&an->term);
    if (rc) {
        folio_buf_free(&an->term); /* clears the sticky flag, so the next word can try again */
        return rc;
    }
    *term = an->term.data;
    *term_len = an->term.len;
    return 0;
}

static void split_elision(folio_analyzer *an, const folio_cursor *cur, size_t *start);

/* folio_analyzer_next(), and folio_analyzer_next_among() when `first` is not NULL. */
static int next_token(folio_analyzer *an, folio_cursor *cur, folio_token *tok, const folio_byte_set *first)
{
    for (;;) {
        if (!skip_separators(cur))
            return 0;
        size_t start = cur->at, end;
        int segmented = read_segmented(an, cur, &end);
        if (segmented < 0)
            return segmented;
        if (segmented == 2)
            continue;
        if (!segmented && read_ascii_word(an, cur) == 0) {
            read_word_folding(an, cur);
            if (fold_finish(an) == 0)
                continue; /* nothing to index: see the top of this file */
            if (an->cur->elisions)
                split_elision(an, cur, &start);
        }
        if (segmented) {
            /* Not stemmed: Snowball's stemmers know no words of these scripts. */
            tok->term = an->word;
            tok->term_len = an->word_len;
        } else if (first && an->cur->keeps_first_byte && !folio_byte_set_has(first, (unsigned char)an->word[0])) {
            tok->term = NULL;
            tok->term_len = 0;
        } else {
            int rc = stem_word(an, &tok->term, &tok->term_len);
            if (rc)
                return rc;
        }
        tok->word = an->word;
        tok->word_len = an->word_len;
        tok->start = start;
        tok->end = segmented ? end : cur->at;
        tok->segmented = segmented;
        tok->pos = cur->pos++;
        return 1;
    }
}

int folio_analyzer_next(folio_analyzer *an, folio_cursor *cur, folio_token *tok)
{
    return next_token(an, cur, tok, NULL);
}

int folio_analyzer_next_among(folio_analyzer *an, folio_cursor *cur, folio_token *tok, const folio_byte_set *first)
{
    return next_token(an, cur, tok, first);
}

void folio_analyzer_start(folio_cursor *cur, const char *text, size_t len, uint32_t first_pos)
{
    cur->text = text;
    cur->len = len;
    cur->at = 0;
    cur->pos = first_pos;
    cur->pair_tail = SIZE_MAX;
    cur->seg_start = cur->seg_end = 0;
    cur->seg_generation = 0;
}

const char *folio_analyzer_fold(folio_analyzer *an, const char *text, size_t len, size_t *out_len)
{
    fold_reset(an);
    size_t at = 0;
    while (at < len) {
        utf8proc_int32_t cp;
        size_t n = decode_char(text + at, len - at, &cp);
        char_class c = classify(cp);
        if (is_word_class(c))
            fold_char(an, cp, folio_segment_class_of(cp) != FOLIO_SEGMENT_SPACED);
        else if (c == CHAR_APOSTROPHE)
            fold_apostrophe(an);
        at += n;
    }
    *out_len = fold_finish(an);
    return an->word;
}

/* ---- elision ---- */

/* Elided articles and pronouns split from the word after them ("l'amour" is "amour"), as Lucene's
 * ElisionFilter lists them for each language; English keeps its apostrophes ("Guan's"). */
static const char *const french_elisions[] = {"c", "d", "j", "jusqu", "l", "lorsqu", "m", "n",
                                              "puisqu", "qu", "quoiqu", "s", "t", NULL};
static const char *const italian_elisions[] = {"agl", "all", "c", "coll", "d", "dagl", "dall", "degl",
                                               "dell", "gl", "l", "m", "negl", "nell", "pell", "s",
                                               "sugl", "sull", "t", "un", "v", NULL};
static const char *const catalan_elisions[] = {"d", "l", "m", "n", "s", "t", NULL};
static const char *const irish_elisions[] = {"b", "d", "m", NULL};

static const char *const *elisions_of(const char *language)
{
    if (strcmp(language, "french") == 0)
        return french_elisions;
    if (strcmp(language, "italian") == 0)
        return italian_elisions;
    if (strcmp(language, "catalan") == 0)
        return catalan_elisions;
    if (strcmp(language, "irish") == 0)
        return irish_elisions;
    return NULL;
}

/* When the folded word starts with an elided article and an apostrophe, drops them from an->word and
 * moves *start past the apostrophe in the text (U+0027 or U+2019; folding made both U+0027). */
static void split_elision(folio_analyzer *an, const folio_cursor *cur, size_t *start)
{
    const char *apostrophe = memchr(an->word, '\'', an->word_len);
    if (!apostrophe)
        return;
    size_t head = (size_t)(apostrophe - an->word);
    const char *const *e = an->cur->elisions;
    while (*e && (strlen(*e) != head || memcmp(*e, an->word, head) != 0))
        e++;
    if (!*e)
        return;
    an->word_len -= head + 1;
    memmove(an->word, apostrophe + 1, an->word_len + 1);
    for (size_t at = *start; at < cur->at;) {
        utf8proc_int32_t cp;
        size_t n = decode_char(cur->text + at, cur->at - at, &cp);
        at += n;
        if (classify(cp) == CHAR_APOSTROPHE) {
            *start = at;
            return;
        }
    }
}

/* ---- life cycle ---- */

/* FOLIO_EINVALID, with the known languages in the message. */
static int unknown_language(const char *language)
{
    folio_buf known = FOLIO_BUF_INIT;
    folio_buf_puts(&known, NO_STEMMING);
    for (const char **name = sb_stemmer_list(); *name; name++) {
        folio_buf_puts(&known, ", ");
        folio_buf_puts(&known, *name);
    }
    int rc = folio_error_set(FOLIO_EINVALID, "unknown language '%s' (known: %s)", language,
                             known.oom ? "?" : known.data);
    folio_buf_free(&known);
    return rc;
}

static int is_listed_language(const char *language)
{
    for (const char **name = sb_stemmer_list(); *name; name++)
        if (strcmp(*name, language) == 0)
            return 1;
    return 0;
}

/* Whether the language's terms always start with their word's first byte. Snowball's English and Porter
 * stemmers only rewrite endings (their exceptional forms too: "skies" -> "sky", "dying" -> "die"), and
 * "none" keeps the word; test_analyzer checks it over every word of the Reuters corpus. Others are not
 * listed: some rewrite the start of a word (Arabic, Indonesian and Irish remove prefixes, Serbian
 * transliterates). */
static int keeps_first_byte(const char *language)
{
    return strcmp(language, NO_STEMMING) == 0 || strcmp(language, "english") == 0 || strcmp(language, "porter") == 0;
}

/* Opens the stemmer of `language` into *st (its stemmer left NULL for "none"). */
static int open_language(language_state *st, const char *language)
{
    memset(st, 0, sizeof *st);
    st->keeps_first_byte = keeps_first_byte(language);
    st->elisions = elisions_of(language);
    if (strcmp(language, NO_STEMMING) != 0) {
        st->stemmer = sb_stemmer_new(language, NULL);
        /* libstemmer returns NULL both for an unknown name and when out of memory; aliases such as "en"
         * are not in its list, so only a listed name tells the two apart. */
        if (!st->stemmer)
            return is_listed_language(language) ? folio_error_set(FOLIO_ENOMEM, "out of memory")
                                                : unknown_language(language);
        st->stem_cache = calloc(STEM_CACHE_SLOTS, sizeof *st->stem_cache);
    }
    st->language = folio_text_copy(language, strlen(language));
    if ((st->stemmer && !st->stem_cache) || !st->language)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    return 0;
}

static void close_language(language_state *st)
{
    if (st->stemmer)
        sb_stemmer_delete(st->stemmer);
    free(st->stem_cache);
    free(st->language);
}

int folio_analyzer_new(folio_analyzer **out, const char *language)
{
    *out = NULL;
    if (!language)
        return folio_error_set(FOLIO_EINVALID, "no analyzer language given");
    folio_analyzer *an = calloc(1, sizeof *an);
    if (!an)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    int rc = folio_analyzer_use(an, language);
    if (rc) {
        folio_analyzer_free(an);
        return rc;
    }
    *out = an;
    return 0;
}

int folio_analyzer_use(folio_analyzer *an, const char *language)
{
    if (an->cur && strcmp(an->cur->language, language) == 0)
        return 0;
    for (size_t i = 0; i < an->nlangs; i++)
        if (strcmp(an->langs[i].language, language) == 0) {
            an->cur = &an->langs[i];
            return 0;
        }
    if (an->nlangs == ANALYZER_LANGUAGES_MAX)
        return unknown_language(language);
    language_state *st = &an->langs[an->nlangs];
    int rc = open_language(st, language);
    if (rc < 0) {
        close_language(st);
        return rc;
    }
    an->cur = &an->langs[an->nlangs++];
    return 0;
}

void folio_analyzer_free(folio_analyzer *an)
{
    if (!an)
        return;
    for (size_t i = 0; i < an->nlangs; i++)
        close_language(&an->langs[i]);
    folio_buf_free(&an->term);
    folio_segmenter_free(an->segmenter);
    free(an);
}

const char *folio_analyzer_language(const folio_analyzer *an)
{
    return an->cur->language;
}
