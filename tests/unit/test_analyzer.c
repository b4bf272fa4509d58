/*
 * test_analyzer.c — the analyzer's rules (analyzer.h): splitting, folding, cutting, stemming, offsets.
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

#define JOINED_MAX 4096

/* Analyzes `text` and joins each token's word (or term) with single spaces, checking on the way that
 * positions follow first_pos one by one and that the token's strings are NUL-terminated. */
static void analyze_joined(folio_analyzer *an, const char *text, size_t len, int terms, char *out)
{
    folio_cursor cur;
    folio_token tok;
    uint32_t pos = 0;
    size_t used = 0;
    out[0] = '\0';
    folio_analyzer_start(&cur, text, len, 0);
    int rc;
    while ((rc = folio_analyzer_next(an, &cur, &tok)) == 1) {
        assert_int_equal(tok.pos, pos++);
        assert_int_equal(strlen(tok.term), tok.term_len);
        assert_int_equal(strlen(tok.word), tok.word_len);
        const char *s = terms ? tok.term : tok.word;
        size_t n = terms ? tok.term_len : tok.word_len;
        assert_true(used + n + 2 < JOINED_MAX);
        if (used)
            out[used++] = ' ';
        memcpy(out + used, s, n);
        used += n;
        out[used] = '\0';
    }
    assert_int_equal(rc, 0);
}

static void assert_analyzed(folio_analyzer *an, const char *text, const char *words, const char *terms)
{
    char got[JOINED_MAX];
    analyze_joined(an, text, strlen(text), 0, got);
    assert_string_equal(got, words);
    if (terms) {
        analyze_joined(an, text, strlen(text), 1, got);
        assert_string_equal(got, terms);
    }
}

static int setup_english(void **state)
{
    folio_analyzer *an;
    if (folio_analyzer_new(&an, "english") != 0)
        return -1;
    *state = an;
    return 0;
}

static int teardown_analyzer(void **state)
{
    folio_analyzer_free(*state);
    return 0;
}

typedef struct {
    const char *text;
    const char *words; /* folded words, space-separated */
    const char *terms; /* english stems, or NULL when they equal the words */
} analyze_case;

static void run_cases(folio_analyzer *an, const analyze_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_analyzed(an, cases[i].text, cases[i].words, cases[i].terms ? cases[i].terms : cases[i].words);
}

#define RUN_CASES(an, cases) run_cases(an, cases, sizeof cases / sizeof cases[0])

static void test_ascii_words(void **state)
{
    static const analyze_case cases[] = {
        {"The quick brown fox", "the quick brown fox", NULL},
        {"  leading\tand\ntrailing  ", "leading and trailing", "lead and trail"},
        {"U.S.A. and/or e-mail", "u s a and or e mail", NULL},
        {"", "", NULL},
        {" -- ,. !? ", "", NULL},
        {"x", "x", NULL},
    };
    RUN_CASES(*state, cases);
}

static void test_apostrophes(void **state)
{
    static const analyze_case cases[] = {
        {"Guan's case", "guan's case", "guan case"},
        {"don't", "don't", "don't"},
        {"rock'n'roll", "rock'n'roll", "rock'n'rol"},
        {"the students' rights", "the students rights", "the student right"},
        {"'tis 'quoted'", "tis quoted", "tis quot"},
        {"Guan\xe2\x80\x99s", "guan's", "guan"},        /* U+2019 */
        {"\xe2\x80\x99twas", "twas", NULL},            /* leading U+2019 */
        {"a''b", "a b", NULL},                          /* two apostrophes separate */
        {"it's-a", "it's a", "it a"},
        {"1990's", "1990's", "1990"},
        {"caf\xc3\xa9's", "cafe's", "cafe"},
        {"cafe\xcc\x81's", "cafe's", "cafe"},           /* decomposed é before the apostrophe */
    };
    RUN_CASES(*state, cases);
}

static void test_separators_and_numbers(void **state)
{
    static const analyze_case cases[] = {
        {"visa-free travel", "visa free travel", NULL},
        {"in 2026", "in 2026", NULL},
        {"1.13bn", "1 13bn", NULL},
        {"$639m", "639m", NULL},
        {"155,221 people", "155 221 people", "155 221 peopl"},
        {"24/7", "24 7", NULL},
        {"\xd9\xa3\xd9\xa4", "\xd9\xa3\xd9\xa4", NULL}, /* Arabic-Indic digits are digits */
        {"\xe2\x85\xab", "xii", NULL},                  /* Roman numeral twelve (Nl) */
        {"\xe2\x91\xa0", "1", NULL},                    /* circled digit one (No) */
    };
    RUN_CASES(*state, cases);
}

static void test_unicode_folding(void **state)
{
    static const analyze_case cases[] = {
        {"Caf\xc3\xa9 CAFE cafe CAF\xc3\x89", "cafe cafe cafe cafe", NULL},
        {"Cafe\xcc\x81", "cafe", NULL},                         /* e + U+0301 */
        {"na\xc3\xafve", "naive", "naiv"},
        {"Stra\xc3\x9f" "e STRASSE", "strasse strasse", "strass strass"}, /* ß */
        {"\xce\x91\xce\x98\xce\x97\xce\x9d\xce\x91", "\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1", NULL}, /* ΑΘΗΝΑ */
        {"\xce\x9f\xce\x94\xce\x9f\xce\xa3 \xe1\xbd\x81\xce\xb4\xe1\xbd\xb9\xcf\x82", /* ΟΔΟΣ ὁδός */
         "\xce\xbf\xce\xb4\xce\xbf\xcf\x83 \xce\xbf\xce\xb4\xce\xbf\xcf\x83", NULL},
        {"\xd0\x9c\xd0\x9e\xd0\xa1\xd0\x9a\xd0\x92\xd0\x90 \xd0\x81\xd0\xbb\xd0\xba\xd0\xb0", /* МОСКВА Ёлка */
         "\xd0\xbc\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0 \xd0\xb5\xd0\xbb\xd0\xba\xd0\xb0", NULL},
        {"\xe5\x8c\x97\xe4\xba\xac\xe5\xa4\xa7\xe5\xad\xa6\xe3\x80\x81\xe6\x9d\xb1\xe4\xba\xac", /* 北京大学、東京 */
         "\xe5\x8c\x97\xe4\xba\xac \xe4\xba\xac\xe5\xa4\xa7 \xe5\xa4\xa7\xe5\xad\xa6 \xe6\x9d\xb1\xe4\xba\xac", /* bigrams */
         NULL},
        {"\xed\x95\x9c\xea\xb5\xad " /* 한국 precomposed, then as conjoining jamo */
         "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\xe1\x84\x80\xe1\x85\xae\xe1\x86\xa8",
         "\xed\x95\x9c\xea\xb5\xad \xed\x95\x9c\xea\xb5\xad", NULL},
        {"\xef\xac\x81le", "file", NULL},                          /* ﬁ ligature */
        {"\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3", "abc", NULL},     /* full-width ＡＢＣ */
        {"\xc4\xb0stanbul", "istanbul", NULL},                     /* İ */
        {"\xc3\x85ngstr\xc3\xb6m \xe2\x84\xab", "angstrom a", NULL}, /* Å, and the Ångström sign */
        {"CAF\xc3\x89S cafes", "cafes cafes", "cafe cafe"},        /* folded before stemming */
        {"x \xcc\x81\xcc\x82 y", "x y", NULL},                    /* marks alone fold to nothing: no word */
    };
    RUN_CASES(*state, cases);
}

static void test_stemming(void **state)
{
    static const analyze_case cases[] = {
        {"films filmed filming Film", "films filmed filming film", "film film film film"},
        {"running runs ran", "running runs ran", "run run ran"},
        {"Connection connected", "connection connected", "connect connect"},
    };
    RUN_CASES(*state, cases);
}

static void test_invalid_utf8(void **state)
{
    static const analyze_case cases[] = {
        {"abc\xff" "def", "abc def", NULL},
        {"\xff", "", NULL},
        {"ab\xc3", "ab", NULL},                 /* truncated at the end */
        {"a\xe2\x80" "b", "a b", NULL},         /* truncated in the middle */
        {"a\xc0\xaf" "b", "a b", NULL},         /* overlong '/' */
        {"a\xe0\x80\xc1" "b", "a b", NULL},     /* overlong, three bytes */
        {"x\xed\xa0\x80y", "x y", NULL},        /* UTF-8 encoded surrogate */
        {"x\xf4\x90\x80\x80y", "x y", NULL},    /* beyond U+10FFFF */
        {"\x80\x80\x80word\xbf", "word", NULL}, /* stray continuation bytes */
        {"don\xff't", "don t", NULL},
    };
    RUN_CASES(*state, cases);
}

static void test_nul_byte_separates(void **state)
{
    char got[JOINED_MAX];
    analyze_joined(*state, "ab\0cd", 5, 0, got);
    assert_string_equal(got, "ab cd");
}

typedef struct {
    const char *word;
    size_t start, end;
} span;

static void assert_spans(folio_analyzer *an, const char *text, uint32_t first_pos, const span *want, size_t n)
{
    folio_cursor cur;
    folio_token tok;
    folio_analyzer_start(&cur, text, strlen(text), first_pos);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(folio_analyzer_next(an, &cur, &tok), 1);
        assert_string_equal(tok.word, want[i].word);
        assert_int_equal(tok.start, want[i].start);
        assert_int_equal(tok.end, want[i].end);
        assert_int_equal(tok.pos, first_pos + i);
    }
    assert_int_equal(folio_analyzer_next(an, &cur, &tok), 0);
    assert_int_equal(folio_analyzer_next(an, &cur, &tok), 0); /* stays at the end */
}

static void test_offsets(void **state)
{
    static const span hello[] = {{"hello", 2, 7}, {"world", 9, 15}};
    assert_spans(*state, "  Hello, w\xc3\xb6rld!", 0, hello, 2);

    static const span guan[] = {{"guan's", 0, 8}, {"case", 9, 13}};
    assert_spans(*state, "Guan\xe2\x80\x99s case", 0, guan, 2);

    static const span quoted[] = {{"students", 1, 9}};
    assert_spans(*state, "'students'", 0, quoted, 1);

    static const span decomposed[] = {{"cafe", 0, 6}, {"x", 7, 8}};
    assert_spans(*state, "cafe\xcc\x81 x", 0, decomposed, 2);

    static const span invalid[] = {{"a", 1, 2}, {"b", 3, 4}};
    assert_spans(*state, "\xff" "a\xff" "b\xff", 0, invalid, 2);
}

static void test_first_pos(void **state)
{
    static const span words[] = {{"visa", 0, 4}, {"free", 5, 9}, {"entry", 10, 15}};
    assert_spans(*state, "visa-free entry", 10, words, 3);
    assert_spans(*state, "visa-free entry", UINT32_C(4000000000), words, 3);
}

static int is_valid_utf8(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned char b = (unsigned char)s[i];
        size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
        if (n == 0 || i + n > len)
            return 0;
        for (size_t k = 1; k < n; k++)
            if (((unsigned char)s[i + k] & 0xC0) != 0x80)
                return 0;
        i += n;
    }
    return 1;
}

/* A word of `count` copies of `unit` after `head`, then " next": one cut token covering the whole run,
 * whose folded word is the longest whole-character prefix of `folded_head` + copies of `folded_unit`. */
static void assert_giant(folio_analyzer *an, const char *head, const char *unit, size_t count,
                         const char *folded_head, const char *folded_unit)
{
    size_t hlen = strlen(head), ulen = strlen(unit);
    size_t run = hlen + count * ulen;
    char *text = malloc(run + 6);
    assert_non_null(text);
    memcpy(text, head, hlen);
    for (size_t i = 0; i < count; i++)
        memcpy(text + hlen + i * ulen, unit, ulen);
    memcpy(text + run, " next", 6);

    /* The folded run, long enough to pass the limit, then cut back to a character boundary. */
    char want[2 * FOLIO_MAX_WORD_BYTES + 8];
    size_t wlen = strlen(folded_head), fulen = strlen(folded_unit);
    memcpy(want, folded_head, wlen);
    while (wlen <= FOLIO_MAX_WORD_BYTES) {
        memcpy(want + wlen, folded_unit, fulen);
        wlen += fulen;
    }
    wlen = FOLIO_MAX_WORD_BYTES;
    while (((unsigned char)want[wlen] & 0xC0) == 0x80)
        wlen--;
    want[wlen] = '\0';

    folio_cursor cur;
    folio_token tok;
    folio_analyzer_start(&cur, text, run + 5, 0);
    assert_int_equal(folio_analyzer_next(an, &cur, &tok), 1);
    assert_true(tok.word_len <= FOLIO_MAX_WORD_BYTES);
    assert_true(is_valid_utf8(tok.word, tok.word_len));
    assert_string_equal(tok.word, want);
    assert_int_equal(tok.start, 0);
    assert_int_equal(tok.end, run);
    assert_int_equal(tok.pos, 0);
    assert_int_equal(folio_analyzer_next(an, &cur, &tok), 1);
    assert_string_equal(tok.word, "next");
    assert_int_equal(tok.pos, 1);
    assert_int_equal(folio_analyzer_next(an, &cur, &tok), 0);
    free(text);
}

static void test_giant_words(void **state)
{
    assert_giant(*state, "", "a", 10000, "", "a");
    assert_giant(*state, "", "A", 64, "", "a");                                   /* exactly the limit */
    assert_giant(*state, "a", "\xd0\x96", 100, "a", "\xd0\xb6");                  /* Ж: 2 bytes from byte 1 */
    assert_giant(*state, "", "\xe0\xa4\x85", 5000, "", "\xe0\xa4\x85");           /* अ: 3 bytes, 63 kept */
    assert_giant(*state, "ab", "\xf0\x9d\x90\x80", 100, "ab", "a");               /* math bold A folds to a */
    assert_giant(*state, "", "\xf0\x90\x8c\xb0", 100, "", "\xf0\x90\x8c\xb0");    /* 4-byte Gothic 𐌰 */
    assert_giant(*state, "", "e\xcc\x81", 5000, "", "e");                         /* marks fold away */
    assert_giant(*state, "", "\xef\xb7\xba", 50, "", "\xd8\xb5\xd9\x84\xd9\x89\xd8\xa7\xd9\x84\xd9\x84\xd9\x87"
                 "\xd8\xb9\xd9\x84\xd9\x8a\xd9\x87\xd9\x88\xd8\xb3\xd9\x84\xd9\x85"); /* U+FDFA, spaces dropped */
}

static void test_unknown_language(void **state)
{
    (void)state;
    folio_analyzer *an = (folio_analyzer *)&an; /* any non-NULL value: must be reset */
    assert_int_equal(folio_analyzer_new(&an, "klingon"), FOLIO_EINVALID);
    assert_null(an);
    const folio_error *err = folio_error_last();
    assert_int_equal(err->code, FOLIO_EINVALID);
    assert_non_null(strstr(err->message, "klingon"));
    assert_non_null(strstr(err->message, "english"));
    assert_non_null(strstr(err->message, "none"));
    assert_int_equal(folio_analyzer_new(&an, NULL), FOLIO_EINVALID);
    assert_int_equal(folio_analyzer_new(&an, ""), FOLIO_EINVALID);
}

static void test_languages(void **state)
{
    (void)state;
    folio_analyzer *an;
    assert_int_equal(folio_analyzer_new(&an, "none"), 0);
    assert_string_equal(folio_analyzer_language(an), "none");
    assert_analyzed(an, "Running FILMS Guan's", "running films guan's", "running films guan's");
    folio_analyzer_free(an);

    assert_int_equal(folio_analyzer_new(&an, "french"), 0);
    assert_string_equal(folio_analyzer_language(an), "french");
    assert_analyzed(an, "Continuellement \xc3\xa9t\xc3\xa9", "continuellement ete", "continuel ete");
    folio_analyzer_free(an);

    folio_analyzer_free(NULL);
}

static void test_token_outlives_other_text(void **state)
{
    /* The token's strings belong to the analyzer, not to the stemmer or the text. */
    folio_analyzer *an = *state;
    char text[] = "Filming";
    folio_cursor cur;
    folio_token tok;
    folio_analyzer_start(&cur, text, strlen(text), 0);
    assert_int_equal(folio_analyzer_next(an, &cur, &tok), 1);
    memset(text, 'x', strlen(text));
    assert_string_equal(tok.word, "filming");
    assert_string_equal(tok.term, "film");
}

typedef struct {
    const char *text;
    const char *folded;
} fold_case;

static void test_fold(void **state)
{
    static const fold_case cases[] = {
        {"Runn", "runn"},
        {"", ""},
        {"Caf\xc3\xa9", "cafe"},
        {"Cafe\xcc\x81", "cafe"},
        {"Stra\xc3\x9f", "strass"},
        {"Guan\xe2\x80\x99", "guan'"},
        {"'abc", "abc"},
        {"a''b", "a'b"},
        {"visa-free", "visafree"},
        {"\xff" "ab\xc3", "ab"},
        {"\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", "\xed\x95\x9c"},
        {" -- ", ""},
    };
    folio_analyzer *an = *state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = 99;
        const char *got = folio_analyzer_fold(an, cases[i].text, strlen(cases[i].text), &len);
        assert_non_null(got);
        assert_string_equal(got, cases[i].folded);
        assert_int_equal(len, strlen(cases[i].folded));
    }

    char longer[200];
    memset(longer, 'Z', sizeof longer);
    size_t len;
    const char *got = folio_analyzer_fold(an, longer, sizeof longer, &len);
    assert_int_equal(len, FOLIO_MAX_WORD_BYTES);
    assert_int_equal(strspn(got, "z"), FOLIO_MAX_WORD_BYTES);
}

static void test_fold_of_prefix_is_prefix_of_word(void **state)
{
    static const char *const words[] = {"Running", "Caf\xc3\xa9s", "Guan\xe2\x80\x99s", "\xd0\x81\xd0\xbb\xd0\xba\xd0\xb0"};
    folio_analyzer *an = *state;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        folio_cursor cur;
        folio_token tok;
        folio_analyzer_start(&cur, words[i], strlen(words[i]), 0);
        assert_int_equal(folio_analyzer_next(an, &cur, &tok), 1);
        char word[FOLIO_MAX_WORD_BYTES + 1];
        memcpy(word, tok.word, tok.word_len + 1);
        for (size_t cut = 1; cut <= strlen(words[i]); cut++) {
            size_t len;
            const char *folded = folio_analyzer_fold(an, words[i], cut, &len);
            assert_int_equal(strncmp(folded, word, len), 0);
        }
    }
}

static folio_byte_set byte_set_of(const char *bytes)
{
    folio_byte_set set = {{0}};
    for (const unsigned char *b = (const unsigned char *)bytes; *b; b++)
        folio_byte_set_add(&set, *b);
    return set;
}

/* Reads `text` with folio_analyzer_next() and folio_analyzer_next_among(`first`) side by side: the same
 * words, and the same term wherever the second gives one. Returns how many words it left unstemmed. */
static size_t count_unstemmed(folio_analyzer *an, const char *text, size_t len, const folio_byte_set *first)
{
    /* Two analyzers, since a token lives only until its analyzer's next call. */
    folio_analyzer *among;
    assert_int_equal(folio_analyzer_new(&among, folio_analyzer_language(an)), 0);
    folio_cursor a, b;
    folio_token ta, tb;
    folio_analyzer_start(&a, text, len, 0);
    folio_analyzer_start(&b, text, len, 0);
    size_t unstemmed = 0;
    int ra;
    while ((ra = folio_analyzer_next(an, &a, &ta)) == 1) {
        assert_int_equal(folio_analyzer_next_among(among, &b, &tb, first), 1);
        assert_string_equal(tb.word, ta.word);
        assert_int_equal(tb.start, ta.start);
        assert_int_equal(tb.pos, ta.pos);
        if (!tb.term) {
            assert_int_equal(tb.term_len, 0);
            unstemmed++;
        } else {
            assert_string_equal(tb.term, ta.term);
        }
    }
    assert_int_equal(ra, 0);
    assert_int_equal(folio_analyzer_next_among(among, &b, &tb, first), 0);
    folio_analyzer_free(among);
    return unstemmed;
}

static void test_next_among(void **state)
{
    (void)state;
    static const char text[] = "Skies were dying; the banks' shares ran, \xc3\x89tats-Unis";
    folio_byte_set sb = byte_set_of("sb"), none = byte_set_of("");
    folio_analyzer *an;
    assert_int_equal(folio_analyzer_new(&an, "english"), 0);
    /* Nine words: skies, banks and shares are stemmed (count_unstemmed compares their terms), the six
     * others (were dying the ran etats unis) are not; with no byte wanted, none is. */
    assert_int_equal(count_unstemmed(an, text, strlen(text), &sb), 6);
    assert_int_equal(count_unstemmed(an, text, strlen(text), &none), 9);
    folio_analyzer_free(an);

    /* Indonesian removes prefixes ("menggunakan" -> "guna"), so it stems every word. */
    assert_int_equal(folio_analyzer_new(&an, "indonesian"), 0);
    folio_cursor cur;
    folio_token tok;
    folio_analyzer_start(&cur, "menggunakan", 11, 0);
    assert_int_equal(folio_analyzer_next_among(an, &cur, &tok, &none), 1);
    assert_string_equal(tok.term, "guna");
    folio_analyzer_free(an);
}

/* folio_analyzer_next_among() may leave a word unstemmed by its first byte only where no term starts
 * differently from its word: checked for the languages it trusts over every word of the Reuters corpus
 * (the file as text, JSON syntax and all). */
static void test_terms_keep_first_byte(void **state)
{
    (void)state;
    const char *shared = getenv("FOLIO_SHARED");
    char path[4096];
    snprintf(path, sizeof path, "%s/corpora/reuters21578.jsonl", shared ? shared : "../shared");
    FILE *f = fopen(path, "rb");
    if (!f)
        skip(); /* ../shared is not beside this clone */
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    assert_true(size > 1000000);
    rewind(f);
    char *text = malloc((size_t)size);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    static const char *const trusted[] = {"english", "porter"};
    for (size_t l = 0; l < sizeof trusted / sizeof trusted[0]; l++) {
        folio_analyzer *an;
        assert_int_equal(folio_analyzer_new(&an, trusted[l]), 0);
        folio_cursor cur;
        folio_token tok;
        size_t words = 0;
        folio_analyzer_start(&cur, text, (size_t)size, 0);
        while (folio_analyzer_next(an, &cur, &tok) == 1) {
            if (tok.term[0] != tok.word[0])
                fail_msg("%s: the term '%s' of '%s' starts differently", trusted[l], tok.term, tok.word);
            words++;
        }
        assert_true(words > 2000000);
        folio_analyzer_free(an);
    }
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ascii_words, setup_english, teardown_analyzer),
        cmocka_unit_test_setup_teardown(test_apostrophes, setup_english, teardown_analyzer),
        cmocka_unit_test_setup_teardown(test_separators_and_numbers, setup_english, teardown_analyzer),
        cmocka_unit_test_setup_teardown(test_unicode_folding, setup_english, teardown_analyzer),
        cmocka_unit_test_setup_teardown(test_stemming, setup_english, teardown_analyzer),
        cmocka_unit_test_setup_teardown(test_invalid_utf8, setup_english, teardown_analyzer),
        cmocka_unit_test_setup_teardown(test_nul_byte_separates, setup_english, teardown_analyzer),
        cmocka_unit_test_setup_teardown(test_offsets, setup_english, teardown_analyzer),
        cmocka_unit_test_setup_teardown(test_first_pos, setup_english, teardown_analyzer),
        cmocka_unit_test_setup_teardown(test_giant_words, setup_english, teardown_analyzer),
        cmocka_unit_test(test_unknown_language),
        cmocka_unit_test(test_languages),
        cmocka_unit_test_setup_teardown(test_token_outlives_other_text, setup_english, teardown_analyzer),
        cmocka_unit_test_setup_teardown(test_fold, setup_english, teardown_analyzer),
        cmocka_unit_test_setup_teardown(test_fold_of_prefix_is_prefix_of_word, setup_english, teardown_analyzer),
        cmocka_unit_test(test_next_among),
        cmocka_unit_test(test_terms_keep_first_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
