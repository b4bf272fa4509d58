/*
 * fuzz_language.c — libFuzzer target for language tags and the language detector (language.h, folio.h
 * folio_detector_guess): any bytes as a tag map to a known language or to none, reading only the bytes
 * given; any bytes as text give a short NUL-terminated tag or none, without crashing or reading out of
 * bounds.
 */
#include "fuzz_check.h"
#include "language.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static folio_detector *detector;
    if (!detector && folio_detector_new(&detector) < 0)
        return 0;
    /* An exact-size copy, so that reading past `size` is caught. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    FUZZ_CHECK(folio_language_primary_len(text, size) <= size);
    const char *language = folio_language_of_tag(text, size);
    if (language) {
        const char *code = folio_language_code(language);
        /* every language's code reads back as it ("porter" is English's other stemmer) */
        const char *back = code ? folio_language_of_tag(code, strlen(code)) : NULL;
        FUZZ_CHECK(back && strcmp(back, strcmp(language, "porter") == 0 ? "english" : language) == 0);
    }
    char tag[8];
    if (folio_detector_guess(detector, text, size, tag, sizeof tag))
        FUZZ_CHECK(strlen(tag) > 0 && strlen(tag) < sizeof tag);
    else
        FUZZ_CHECK(tag[0] == '\0');
    free(text);
    return 0;
}
