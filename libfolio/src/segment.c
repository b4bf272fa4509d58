/* segment.c — see segment.h. */
#include "segment.h"

#include "error.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utf16.h>
#include <utf8proc.h>

typedef struct script_range {
    int32_t lo, hi;
    folio_segment_class cls;
} script_range;

/* Sorted, disjoint. Blocks of letters only: what is not a letter, digit or mark never reaches here. */
static const script_range ranges[] = {
    {0x0E00, 0x0EFF, FOLIO_SEGMENT_DICTIONARY}, /* Thai, Lao */
    {0x1000, 0x109F, FOLIO_SEGMENT_DICTIONARY}, /* Myanmar */
    {0x1100, 0x11FF, FOLIO_SEGMENT_BIGRAM},     /* Hangul Jamo */
    {0x1780, 0x17FF, FOLIO_SEGMENT_DICTIONARY}, /* Khmer */
    {0x19E0, 0x19FF, FOLIO_SEGMENT_DICTIONARY}, /* Khmer symbols */
    {0x2E80, 0x2FDF, FOLIO_SEGMENT_BIGRAM},     /* CJK and Kangxi radicals */
    {0x3005, 0x3007, FOLIO_SEGMENT_BIGRAM},     /* 々 〆 〇 */
    {0x3021, 0x3029, FOLIO_SEGMENT_BIGRAM},     /* Hangzhou numerals */
    {0x3031, 0x3035, FOLIO_SEGMENT_BIGRAM},     /* kana repeat marks */
    {0x3038, 0x303C, FOLIO_SEGMENT_BIGRAM},
    {0x3040, 0x30FF, FOLIO_SEGMENT_BIGRAM},     /* Hiragana, Katakana (with ー) */
    {0x3130, 0x318F, FOLIO_SEGMENT_BIGRAM},     /* Hangul compatibility Jamo */
    {0x31F0, 0x31FF, FOLIO_SEGMENT_BIGRAM},     /* Katakana phonetic extensions */
    {0x3400, 0x4DBF, FOLIO_SEGMENT_BIGRAM},     /* CJK extension A */
    {0x4E00, 0x9FFF, FOLIO_SEGMENT_BIGRAM},     /* CJK unified ideographs */
    {0xA960, 0xA97F, FOLIO_SEGMENT_BIGRAM},     /* Hangul Jamo extended A */
    {0xA9E0, 0xA9FF, FOLIO_SEGMENT_DICTIONARY}, /* Myanmar extended B */
    {0xAA60, 0xAA7F, FOLIO_SEGMENT_DICTIONARY}, /* Myanmar extended A */
    {0xAC00, 0xD7FF, FOLIO_SEGMENT_BIGRAM},     /* Hangul syllables, Jamo extended B */
    {0xF900, 0xFAFF, FOLIO_SEGMENT_BIGRAM},     /* CJK compatibility ideographs */
    {0xFF66, 0xFFDC, FOLIO_SEGMENT_BIGRAM},     /* half-width katakana and hangul */
    {0x1B000, 0x1B16F, FOLIO_SEGMENT_BIGRAM},   /* kana supplement and extensions */
    {0x20000, 0x3FFFF, FOLIO_SEGMENT_BIGRAM},   /* CJK extensions B and on */
};

folio_segment_class folio_segment_class_of(int32_t cp)
{
    if (cp < ranges[0].lo)
        return FOLIO_SEGMENT_SPACED;
    size_t lo = 0, hi = sizeof ranges / sizeof ranges[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < ranges[mid].lo)
            hi = mid;
        else if (cp > ranges[mid].hi)
            lo = mid + 1;
        else
            return ranges[mid].cls;
    }
    return FOLIO_SEGMENT_SPACED;
}

struct folio_segmenter {
    UBreakIterator *words;
    UChar utf16[FOLIO_SEGMENT_RUN_MAX];     /* a run has at most one UTF-16 unit per byte */
    size_t byte_at[FOLIO_SEGMENT_RUN_MAX + 1]; /* byte offset of each UTF-16 unit, and of the end */
    size_t ends[FOLIO_SEGMENT_RUN_MAX];
};

int folio_segmenter_new(folio_segmenter **out)
{
    *out = NULL;
    folio_segmenter *seg = calloc(1, sizeof *seg);
    if (!seg)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    UErrorCode status = U_ZERO_ERROR;
    /* The root locale: ICU picks the dictionary by script, whatever the locale. */
    seg->words = ubrk_open(UBRK_WORD, "", NULL, 0, &status);
    if (U_FAILURE(status) || !seg->words) {
        free(seg);
        return folio_error_set(FOLIO_ERROR, "cannot open ICU's word break rules: %s", u_errorName(status));
    }
    *out = seg;
    return 0;
}

void folio_segmenter_free(folio_segmenter *seg)
{
    if (!seg)
        return;
    ubrk_close(seg->words);
    free(seg);
}

int folio_segmenter_split(folio_segmenter *seg, const char *run, size_t len, const size_t **ends, size_t *nends)
{
    *ends = seg->ends;
    *nends = 0;
    if (len == 0)
        return 0;
    if (len > FOLIO_SEGMENT_RUN_MAX)
        return folio_error_set(FOLIO_EINVALID, "segment: run of %zu bytes, more than %d", len, FOLIO_SEGMENT_RUN_MAX);
    /* Every code point of a run takes 2 bytes or more in UTF-8 (3 in the scripts segmented here), and at
     * most two UTF-16 units: the buffers cannot overflow. */
    int32_t n16 = 0;
    for (size_t at = 0; at < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)run + at, (utf8proc_ssize_t)(len - at), &cp);
        if (n <= 0)
            return folio_error_set(FOLIO_EINVALID, "segment: invalid UTF-8 in a run");
        seg->byte_at[n16] = at;
        if (U16_LENGTH(cp) == 2)
            seg->byte_at[n16 + 1] = at;
        U16_APPEND_UNSAFE(seg->utf16, n16, cp);
        at += (size_t)n;
    }
    seg->byte_at[n16] = len;
    UErrorCode status = U_ZERO_ERROR;
    ubrk_setText(seg->words, seg->utf16, n16, &status);
    if (U_FAILURE(status))
        return folio_error_set(FOLIO_ERROR, "segment: ICU word break failed: %s", u_errorName(status));
    size_t n = 0;
    ubrk_first(seg->words);
    for (int32_t b = ubrk_next(seg->words); b != UBRK_DONE; b = ubrk_next(seg->words)) {
        size_t end = seg->byte_at[b];
        if (n == 0 || end > seg->ends[n - 1])
            seg->ends[n++] = end;
    }
    if (n == 0 || seg->ends[n - 1] != len)
        seg->ends[n++] = len;
    *nends = n;
    return 0;
}
