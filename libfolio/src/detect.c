/*
 * detect.c — language identification for documents that do not say their language (folio.h,
 * folio_detector_*), by libexttextcat: Cavnar and Trenkle's n-gram profiles, with the models Debian ships
 * in libexttextcat-data (164 languages, LibreOffice's set).
 *
 * Why libexttextcat: it is C (folio keeps C++ inside the Xapian wrapper), packaged by Debian with its
 * models, and reads a few hundred bytes per guess; cld2 is C++ only. Its accuracy on
 * ../shared/corpora/multilingual is in README "Languages" (bench/eval/detect_accuracy.py).
 */
#include "detect.h"

#include "error.h"

#include <stdlib.h>
#include <string.h>
#include <textcat.h>
#include <utf8proc.h>

/* What a guess reads: the title and the start of the body. More gained nothing measurable and costs
 * time in proportion (textcat compares the text's n-grams against every model). */
#define DETECT_SAMPLE_BYTES 1024

struct folio_detector {
    void *textcat;
    candidate_t *candidates;
    char sample[DETECT_SAMPLE_BYTES + 1];
};

int folio_detector_new(folio_detector **out)
{
    *out = NULL;
    folio_detector *d = calloc(1, sizeof *d);
    if (!d)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    d->textcat = special_textcat_Init(FOLIO_TEXTCAT_DATA "fpdb.conf", FOLIO_TEXTCAT_DATA);
    if (!d->textcat) {
        free(d);
        return folio_error_set(FOLIO_EIO, "cannot read the language models of libexttextcat (%sfpdb.conf): "
                                          "is libexttextcat-data installed?",
                               FOLIO_TEXTCAT_DATA);
    }
    d->candidates = textcat_GetClassifyFullOutput(d->textcat);
    if (!d->candidates) {
        folio_detector_free(d);
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    }
    *out = d;
    return 0;
}

void folio_detector_free(folio_detector *d)
{
    if (!d)
        return;
    if (d->candidates)
        textcat_ReleaseClassifyFullOutput(d->textcat, d->candidates);
    if (d->textcat)
        textcat_Done(d->textcat);
    free(d);
}

/* Appends up to the sample's room of text[0..len), cut on a character boundary. */
static size_t add_sample(folio_detector *d, size_t used, const char *text, size_t len)
{
    size_t room = DETECT_SAMPLE_BYTES - used;
    if (len > room) {
        len = room;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(d->sample + used, text, len);
    return used + len;
}

/* Frequent characters written differently in the two Chinese scripts, in the same order. */
static const char simplified_only[] = "这们说为国时会来个对发后经过还没进实现样开关问题长动应么义种间业门车书见电话员觉让认"
                                      "记议论报华币亿岁习边产区网总将证营务场专资达并从乐单权战机万与";
static const char traditional_only[] = "這們說為國時會來個對發後經過還沒進實現樣開關問題長動應麼義種間業門車書見電話員覺讓認"
                                       "記議論報華幣億歲習邊產區網總將證營務場專資達並從樂單權戰機萬與";

/* Whether the three bytes at s are a character of `set`. */
static int in_set(const char *set, const char *s)
{
    for (const char *p = set; *p; p += 3)
        if (memcmp(p, s, 3) == 0)
            return 1;
    return 0;
}

/* "zh-Hant" when more of text's characters are Traditional-only than Simplified-only, else "zh-Hans". */
static const char *chinese_script(const char *s, size_t len)
{
    size_t simplified = 0, traditional = 0;
    for (size_t at = 0; at + 3 <= len; at++) {
        if (((unsigned char)s[at] & 0xF0) != 0xE0)
            continue; /* the sets are of three-byte characters */
        simplified += in_set(simplified_only, s + at);
        traditional += in_set(traditional_only, s + at);
    }
    return traditional > simplified ? "zh-Hant" : "zh-Hans";
}

/* Chinese, Japanese and Korean by their scripts, which tell them apart surely where n-gram models of
 * 1,024 bytes (some 340 characters, against models of thousands) often cannot: textcat said "unknown"
 * for 39% of ../shared's Chinese articles and took 6% of them for Japanese. Writes the tag and returns 1
 * when most letters are Han, kana or hangul; else 0. */
static int cjk_by_script(const char *s, size_t len, char *tag, size_t tag_cap)
{
    size_t letters = 0, han = 0, kana = 0, hangul = 0;
    for (size_t at = 0; at < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + at, (utf8proc_ssize_t)(len - at), &cp);
        if (n <= 0) {
            at++;
            continue;
        }
        at += (size_t)n;
        utf8proc_category_t c = utf8proc_category(cp);
        if (c < UTF8PROC_CATEGORY_LU || c > UTF8PROC_CATEGORY_LO)
            continue;
        letters++;
        if ((cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F))
            hangul++;
        else if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0xFF66 && cp <= 0xFF9F))
            kana++;
        else if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                 (cp >= 0x20000 && cp <= 0x2FFFF))
            han++;
    }
    size_t cjk = han + kana + hangul;
    if (cjk * 2 <= letters)
        return 0;
    /* Korean is written in hangul (Han rarely); Japanese mixes kana into Han, a tenth of its
     * characters at the least in running text; Chinese has none, and its two scripts are told apart by
 * the characters that differ. */
    const char *t = hangul * 2 >= cjk ? "ko" : kana * 10 >= cjk ? "ja" : chinese_script(s, len);
    if (strlen(t) >= tag_cap)
        return 0;
    memcpy(tag, t, strlen(t) + 1);
    return 1;
}

/* Guesses the language of the sample's first `used` bytes into tag (tag_cap bytes); 1, or 0 unknown. */
static int classify(folio_detector *d, size_t used, char *tag, size_t tag_cap)
{
    if (tag_cap)
        tag[0] = '\0';
    d->sample[used] = '\0';
    if (cjk_by_script(d->sample, used, tag, tag_cap))
        return 1;
    int n = textcat_ClassifyFull(d->textcat, d->sample, used, d->candidates);
    if (n <= 0 || !d->candidates[0].name)
        return 0; /* TEXTCAT_RESULT_UNKNOWN or _SHORT */
    /* Model names are "es--utf8", "zh-CN-utf8": the tag is what comes before "-utf8", an empty region
     * dropped. */
    const char *name = d->candidates[0].name;
    size_t n_tag = strcspn(name, "-");
    if (name[n_tag] == '-' && name[n_tag + 1] != '-' && strncmp(name + n_tag + 1, "utf8", 4) != 0)
        n_tag += 1 + strcspn(name + n_tag + 1, "-");
    if (n_tag == 0 || n_tag >= tag_cap)
        return 0;
    memcpy(tag, name, n_tag);
    tag[n_tag] = '\0';
    return 1;
}

int folio_detector_guess(folio_detector *d, const char *text, size_t len, char *tag, size_t tag_cap)
{
    return classify(d, add_sample(d, 0, text, len), tag, tag_cap);
}

int folio_detector_guess_doc(folio_detector *d, const char *title, const char *body, char *tag, size_t tag_cap)
{
    size_t used = 0;
    if (title) {
        used = add_sample(d, used, title, strlen(title));
        used = add_sample(d, used, "\n", 1);
    }
    if (body)
        used = add_sample(d, used, body, strlen(body));
    return classify(d, used, tag, tag_cap);
}
