/*
 * test_language.c — BCP 47 tags to Snowball stemmers (language.h), a document's language, and an analyzer
 * switching between languages (folio_analyzer_use) with each keeping its own rules; the language
 * detector (folio_detector_guess).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer.h"
#include "error.h"
#include "folio.h"
#include "language.h"

static const char *of(const char *tag)
{
    return folio_language_of_tag(tag, strlen(tag));
}

static void test_tags(void **state)
{
    (void)state;
    assert_string_equal(of("fr"), "french");
    assert_string_equal(of("FR-ca"), "french");
    assert_string_equal(of("pt_BR"), "portuguese");
    assert_string_equal(of("pt-BR"), "portuguese");
    assert_string_equal(of("de-DE-1996"), "german");
    assert_string_equal(of("en-GB"), "english");
    assert_string_equal(of("nb"), "norwegian");
    assert_string_equal(of("nn-NO"), "norwegian");
    assert_string_equal(of("fre"), "french"); /* ISO 639-2/B */
    assert_string_equal(of("deu"), "german"); /* ISO 639-2/T */
    assert_string_equal(of("de, en"), "german"); /* a Content-Language list: its first */
    /* Snowball's own names, in any case */
    assert_string_equal(of("french"), "french");
    assert_string_equal(of("Russian"), "russian");
    assert_string_equal(of("porter"), "porter");
    /* languages without a stemmer, and what is not a tag */
    assert_null(of("zh-Hans"));
    assert_null(of("ja"));
    assert_null(of("th"));
    assert_null(of(""));
    assert_null(of("-fr"));
    assert_null(of("f"));
    assert_null(of("frenchy"));
    assert_null(of("french-CA")); /* a name is a name, not a primary subtag */
    assert_string_equal(folio_language_of_tag("frx", 2), "french"); /* only len bytes are read */
}

static void test_codes(void **state)
{
    (void)state;
    assert_string_equal(folio_language_code("english"), "en");
    assert_string_equal(folio_language_code("porter"), "en");
    assert_string_equal(folio_language_code("french"), "fr");
    assert_string_equal(folio_language_code("norwegian"), "no");
    assert_null(folio_language_code("none"));
    assert_null(folio_language_code("klingon"));
    /* every code reads back as its language */
    const char *names[] = {"arabic", "armenian", "basque", "catalan", "danish", "dutch", "english", "finnish",
                           "french", "german", "greek", "hindi", "hungarian", "indonesian", "irish", "italian",
                           "lithuanian", "nepali", "norwegian", "portuguese", "romanian", "russian", "serbian",
                           "spanish", "swedish", "tamil", "turkish", "yiddish"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        assert_string_equal(of(folio_language_code(names[i])), names[i]);
}

static void test_doc_language(void **state)
{
    (void)state;
    folio_doc *doc;
    assert_int_equal(folio_doc_new(&doc), 0);
    assert_string_equal(folio_language_of_doc(doc, "english"), "english");
    assert_null(folio_language_tag_of_doc(doc));
    assert_int_equal(folio_doc_set(doc, "language", "es", 2), 0);
    assert_string_equal(folio_language_tag_of_doc(doc), "es");
    assert_string_equal(folio_language_of_doc(doc, "english"), "spanish");
    assert_int_equal(folio_doc_set(doc, "lang", "fr-CA", 5), 0); /* lang wins over language */
    assert_string_equal(folio_language_tag_of_doc(doc), "fr-CA");
    assert_string_equal(folio_language_of_doc(doc, "english"), "french");
    folio_doc_free(doc);
    assert_int_equal(folio_doc_new(&doc), 0);
    assert_int_equal(folio_doc_set(doc, "lang", "ja", 2), 0); /* no stemmer: the database's */
    assert_string_equal(folio_language_of_doc(doc, "german"), "german");
    folio_doc_free(doc);
}

/* The terms of `text` joined by '|'. */
static void terms(folio_analyzer *an, const char *text, char *out, size_t cap)
{
    folio_cursor cur;
    folio_token tok;
    size_t used = 0;
    out[0] = '\0';
    folio_analyzer_start(&cur, text, strlen(text), 0);
    while (folio_analyzer_next(an, &cur, &tok) == 1) {
        assert_true(used + tok.term_len + 2 < cap);
        used += (size_t)snprintf(out + used, cap - used, "%s%s", used ? "|" : "", tok.term);
    }
}

static void test_analyzer_switching(void **state)
{
    (void)state;
    folio_analyzer *an;
    char out[256];
    assert_int_equal(folio_analyzer_new(&an, "english"), 0);
    const char *text = "L'école des chanteuses Häuser";
    terms(an, text, out, sizeof out);
    assert_string_equal(out, "l'ecol|des|chanteus|hauser");
    assert_int_equal(folio_analyzer_use(an, "french"), 0);
    assert_string_equal(folio_analyzer_language(an), "french");
    terms(an, text, out, sizeof out);
    assert_string_equal(out, "ecol|de|chanteux|haus"); /* elision and French stems */
    assert_int_equal(folio_analyzer_use(an, "german"), 0);
    terms(an, text, out, sizeof out);
    assert_string_equal(out, "l'ecol|des|chanteus|haus");
    /* back and forth: each language's stems and cache stay its own */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(folio_analyzer_use(an, "english"), 0);
        terms(an, text, out, sizeof out);
        assert_string_equal(out, "l'ecol|des|chanteus|hauser");
        assert_int_equal(folio_analyzer_use(an, "french"), 0);
        terms(an, text, out, sizeof out);
        assert_string_equal(out, "ecol|de|chanteux|haus");
    }
    /* an unknown language is refused and leaves the analyzer as it was */
    assert_int_equal(folio_analyzer_use(an, "klingon"), FOLIO_EINVALID);
    assert_string_equal(folio_analyzer_language(an), "french");
    assert_int_equal(folio_analyzer_use(an, "none"), 0);
    terms(an, text, out, sizeof out);
    assert_string_equal(out, "l'ecole|des|chanteuses|hauser");
    folio_analyzer_free(an);
}

static int guess(folio_detector *d, const char *text, char *tag)
{
    return folio_detector_guess(d, text, strlen(text), tag, 32);
}

static void test_detector(void **state)
{
    (void)state;
    folio_detector *d;
    char tag[32];
    assert_int_equal(folio_detector_new(&d), 0);
    static const struct {
        const char *text, *tag;
    } known[] = {
        {"Les habitants de Paris quittent la ville pendant l'été pour la mer et la montagne.", "fr"},
        {"Im Sommer fahren viele Berliner an die Ostsee oder in die Berge, und die Straßen sind ruhig.", "de"},
        {"Летом многие москвичи уезжают на дачу или на море, а улицы города становятся тихими.", "ru"},
        /* by script */
        {"夏天很多北京人离开城市去海边或者山上。这个城市很安静。", "zh-Hans"},
        {"夏天很多台北人離開城市去海邊或者山上。這個城市很安靜。", "zh-Hant"},
        {"夏になると多くの東京の人々は海や山へ出かけます。", "ja"},
        {"여름에는 많은 서울 사람들이 바다나 산으로 떠납니다.", "ko"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        assert_int_equal(guess(d, known[i].text, tag), 1);
        assert_string_equal(tag, known[i].tag);
    }
    /* nothing to tell by: no guess, an empty tag */
    assert_int_equal(guess(d, "", tag), 0);
    assert_string_equal(tag, "");
    assert_int_equal(guess(d, "12 34", tag), 0);
    /* a tag that does not fit is no guess */
    assert_int_equal(folio_detector_guess(d, "Les habitants de Paris quittent la ville.", 41, tag, 2), 0);
    /* long text: only the start is read, cut on a character boundary */
    size_t n = 100000;
    char *big = malloc(n + 1);
    assert_non_null(big);
    for (size_t i = 0; i + 2 <= n; i += 2)
        memcpy(big + i, "é", 2);
    big[n] = '\0';
    folio_detector_guess(d, big, n, tag, sizeof tag);
    free(big);
    folio_detector_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tags),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_doc_language),
        cmocka_unit_test(test_analyzer_switching),
        cmocka_unit_test(test_detector),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
