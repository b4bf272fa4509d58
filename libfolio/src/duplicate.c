/* duplicate.c — see duplicate.h. */
#include "duplicate.h"

#include "buf.h"
#include "error.h"
#include "hash.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A body shorter than this is keyed with its title and all its words. */
#define SHORT_BODY_WORDS (FOLIO_DUPLICATE_LEAD_WORDS + 15)

typedef struct number {
    char text[FOLIO_MAX_WORD_BYTES + 1];
} number;

static int by_text(const void *a, const void *b)
{
    return strcmp(((const number *)a)->text, ((const number *)b)->text);
}

/* Appends up to `max` words of text to out, each followed by a space; returns how many, or < 0. Numbers
 * among them go to nums (which has room for `max`), counted in *nnums. */
static int read_words(folio_buf *out, folio_analyzer *an, const char *text, size_t len, size_t max, number *nums,
                      size_t *nnums)
{
    static const folio_byte_set none; /* only the folded words are needed: nothing is stemmed */
    folio_cursor cur;
    folio_token tok;
    size_t n = 0;
    int rc = 0;
    folio_analyzer_start(&cur, text, len, 0);
    while (n < max && (rc = folio_analyzer_next_among(an, &cur, &tok, &none)) == 1) {
        folio_buf_append(out, tok.word, tok.word_len);
        folio_buf_putc(out, ' ');
        if (nums && tok.word[0] >= '0' && tok.word[0] <= '9')
            memcpy(nums[(*nnums)++].text, tok.word, tok.word_len + 1);
        n++;
    }
    return n < max && rc < 0 ? rc : (int)n;
}

int folio_duplicate_key(char out[FOLIO_DUPLICATE_KEY_BYTES], int *out_has, folio_analyzer *an, const folio_doc *doc)
{
    *out_has = 0;
    out[0] = '\0';
    const char *body = doc->text[FOLIO_FIELD_BODY];
    if (!body)
        return 0;
    size_t body_len = doc->text_len[FOLIO_FIELD_BODY];
    number *nums = malloc(FOLIO_DUPLICATE_NUMBER_WORDS * sizeof *nums);
    if (!nums)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    folio_buf text = FOLIO_BUF_INIT;
    size_t nnums = 0;
    int n = read_words(&text, an, body, body_len, FOLIO_DUPLICATE_NUMBER_WORDS, nums, &nnums);
    if (n >= SHORT_BODY_WORDS) {
        /* The lead: the first FOLIO_DUPLICATE_LEAD_WORDS words written, cut after that many spaces. */
        size_t cut = 0;
        for (int spaces = 0; cut < text.len && spaces < FOLIO_DUPLICATE_LEAD_WORDS; cut++)
            spaces += text.data[cut] == ' ';
        text.len = cut;
        folio_buf_putc(&text, '\x1f');
        qsort(nums, nnums, sizeof *nums, by_text);
        for (size_t i = 0; i < nnums; i++)
            if (i == 0 || strcmp(nums[i].text, nums[i - 1].text) != 0) {
                folio_buf_puts(&text, nums[i].text);
                folio_buf_putc(&text, ' ');
            }
    } else if (n > 0) {
        folio_buf_reset(&text);
        const char *title = doc->text[FOLIO_FIELD_TITLE];
        if (title)
            n = read_words(&text, an, title, doc->text_len[FOLIO_FIELD_TITLE], SIZE_MAX, NULL, NULL);
        folio_buf_putc(&text, '\x1e');
        if (n >= 0)
            n = read_words(&text, an, body, body_len, SIZE_MAX, NULL, NULL);
    }
    free(nums);
    int rc = n < 0 ? n : folio_buf_check(&text);
    if (rc >= 0 && text.len && n > 0) {
        snprintf(out, FOLIO_DUPLICATE_KEY_BYTES, "%016" PRIx64, folio_hash64(text.data, text.len));
        *out_has = 1;
    }
    folio_buf_free(&text);
    return rc < 0 ? rc : 0;
}
