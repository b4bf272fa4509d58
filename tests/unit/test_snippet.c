/*
 * test_snippet.c — snippets (snippet.h): what gets highlighted (stems, phrases, NEAR groups, prefixes),
 * which passage is chosen, where and how the text is cut, and the HTML and marked renderings.
 * Every snippet made here also goes through check_invariants().
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
#include "buf.h"
#include "highlight.h"
#include "snippet.h"
#include "text.h"

#define ELLIPSIS "\xE2\x80\xA6"
#define ELLIPSIS_LEN 3
#define FFFD "\xEF\xBF\xBD"
#define SEED_ARTICLE "corpus/guan-heng-asylum.txt"
#define SEED_MAX 65536
#define BIG_TEXT_BYTES (1u << 20)

static folio_analyzer *an;

static int setup(void **state)
{
    (void)state;
    return folio_analyzer_new(&an, "english");
}

static int teardown(void **state)
{
    (void)state;
    folio_analyzer_free(an);
    return 0;
}

static folio_match term(const char *const *terms)
{
    return (folio_match){FOLIO_MATCH_TERM, terms, 1, 0};
}

static folio_match prefix(const char *const *terms)
{
    return (folio_match){FOLIO_MATCH_PREFIX, terms, 1, 0};
}

static folio_match phrase(const char *const *terms, size_t n)
{
    return (folio_match){FOLIO_MATCH_PHRASE, terms, n, 0};
}

static folio_match near(const char *const *terms, size_t n, unsigned distance)
{
    return (folio_match){FOLIO_MATCH_NEAR, terms, n, distance};
}

static int is_continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* What every snippet must be: valid UTF-8 without control characters or doubled or outer spaces,
 * within the length bound, with spans ascending, disjoint, in bounds and on character boundaries. */
static void check_invariants(const folio_snippet *s, size_t target)
{
    size_t len = strlen(s->text);
    assert_true(folio_utf8_valid(s->text, len, NULL));
    assert_true(len <= target + 2 * ELLIPSIS_LEN);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s->text[i];
        assert_true(c >= 0x20 && c != 0x7F);
        assert_false(c == ' ' && (i == 0 || i + 1 == len || s->text[i + 1] == ' '));
    }
    size_t at = 0;
    for (size_t i = 0; i < s->nspans; i++) {
        assert_true(s->spans[i].start >= at);
        assert_true(s->spans[i].start < s->spans[i].end);
        assert_true(s->spans[i].end <= len);
        assert_false(is_continuation((unsigned char)s->text[s->spans[i].start]));
        assert_false(is_continuation((unsigned char)s->text[s->spans[i].end]));
        at = s->spans[i].end;
    }
}

static folio_snippet make(const char *text, size_t len, const folio_match *m, size_t n, size_t target)
{
    folio_snippet s;
    assert_int_equal(folio_snippet_make(&s, an, text, len, m, n, target), 0);
    check_invariants(&s, target);
    return s;
}

/* The snippet with highlights between [ and ]; the caller frees it. */
static char *bracketed(const char *text, const folio_match *m, size_t n, size_t target)
{
    folio_snippet s = make(text, strlen(text), m, n, target);
    folio_buf out = FOLIO_BUF_INIT;
    highlight_marked(&out, s.text, s.spans, s.nspans, "[", "]");
    folio_snippet_clear(&s);
    char *got = folio_buf_detach(&out);
    assert_non_null(got);
    return got;
}

static void assert_bracketed(const char *text, const folio_match *m, size_t n, size_t target,
                             const char *expected)
{
    char *got = bracketed(text, m, n, target);
    assert_string_equal(got, expected);
    free(got);
}

static void test_stemmed_variants(void **state)
{
    (void)state;
    const char *film[] = {"film"};
    folio_match m = term(film);
    assert_bracketed("Films about filming: a filmmaker's first film.", &m, 1, 200,
                     "[Films] about [filming]: a filmmaker's first [film].");
}

static void test_phrase_only_where_whole(void **state)
{
    (void)state;
    const char *hr[] = {"human", "right"};
    folio_match m = phrase(hr, 2);
    assert_bracketed("Rights groups, humans, and human rights. Human beings have rights; human rights.", &m,
                     1, 200,
                     "Rights groups, humans, and [human rights]. Human beings have rights; [human rights].");
    /* Overlapping occurrences join into one highlight. */
    const char *aa[] = {"echo", "echo"};
    folio_match e = phrase(aa, 2);
    assert_bracketed("echo echo echo, alone echo", &e, 1, 100, "[echo echo echo], alone echo");
}

static void test_near(void **state)
{
    (void)state;
    const char *gc[] = {"guan", "china"};
    folio_match m = near(gc, 2, 2);
    /* China...Guan in the middle are 3 words apart: too far; "Guan left for China" is a group. */
    assert_bracketed("Guan spoke. They talked about China. In the end Guan left for China.", &m, 1, 200,
                     "Guan spoke. They talked about China. In the end [Guan] left for [China].");
    /* Every group word within the span is highlighted, in either order. */
    const char *ab[] = {"alpha", "beta"};
    folio_match n = near(ab, 2, 1);
    assert_bracketed("alpha alpha alpha beta x x x x beta alpha", &n, 1, 200,
                     "alpha [alpha] [alpha] [beta] x x x x [beta] [alpha]");
    /* A group with a repeated term needs two distinct words. */
    const char *aa[] = {"alpha", "alpha"};
    folio_match r = near(aa, 2, 0);
    assert_bracketed("alpha beta alpha alpha", &r, 1, 200, "alpha beta [alpha] [alpha]");
}

static void test_prefix(void **state)
{
    (void)state;
    const char *det[] = {"detain"};
    folio_match m = prefix(det);
    assert_bracketed("Detention; DETAINED, detainees and determination.", &m, 1, 200,
                     "Detention; [DETAINED], [detainees] and determination.");
    const char *cafe[] = {"caf"};
    folio_match c = prefix(cafe);
    assert_bracketed("Le Café, cafés, CAFETERIA.", &c, 1, 200, "Le [Café], [cafés], [CAFETERIA].");
}

/* "asylum" alone three times early; "asylum" with "judge" later: the later passage wins. */
static void test_window_prefers_distinct_matches(void **state)
{
    (void)state;
    const char *asylum[] = {"asylum"}, *judge[] = {"judg"};
    folio_match m[] = {term(asylum), term(judge)};
    const char *text = "Asylum asylum asylum. One two three four five six seven eight nine ten eleven "
                       "twelve thirteen fourteen. The judge granted asylum at last. Fifteen sixteen.";
    assert_bracketed(text, m, 2, 60, ELLIPSIS "fourteen. The [judge] granted [asylum] at last. Fifteen sixteen.");
    /* With only one match asked for, the passage with more highlighted words wins. */
    assert_bracketed(text, m, 1, 40, "[Asylum] [asylum] [asylum]. One two three four" ELLIPSIS);
}

static void test_cuts_on_word_boundaries(void **state)
{
    (void)state;
    const char *none[] = {"zzz"};
    folio_match m = term(none);
    const char *text = "alpha beta gamma delta epsilon zeta eta theta";
    assert_bracketed(text, &m, 1, 20, "alpha beta gamma" ELLIPSIS);
    assert_bracketed(text, &m, 1, 16, "alpha beta gamma" ELLIPSIS);
    assert_bracketed(text, &m, 1, 15, "alpha beta" ELLIPSIS);
    assert_bracketed(text, &m, 1, strlen(text), text);
    const char *eta[] = {"eta"};
    folio_match e = term(eta);
    /* Context before the match; the text end is not marked as a cut. */
    assert_bracketed(text, &e, 1, 24, ELLIPSIS "epsilon zeta [eta] theta");
    const char *gamma[] = {"gamma"};
    folio_match g = term(gamma);
    assert_bracketed(text, &g, 1, 24, ELLIPSIS "beta [gamma] delta epsilon" ELLIPSIS);
}

static void test_punctuation_stays_attached(void **state)
{
    (void)state;
    const char *fear[] = {"fear"};
    folio_match m = term(fear);
    assert_bracketed("He had, said the judge, a \"well founded fear\". Of what? Persecution.", &m, 1, 45,
                     ELLIPSIS "a \"well founded [fear]\". Of what? Persecution.");
    /* A hyphen between two words is not stuck to either: the cut falls right after "visa". */
    assert_bracketed("alpha visa-free beta", NULL, 0, 12, "alpha visa" ELLIPSIS);
}

static void test_multibyte_never_cut(void **state)
{
    (void)state;
    const char *text = "Café crème brûlée — naïve façade. 日本語のテキストと中文文本 ёлка Ελληνικά "
                       "emoji 😀👍🏽 and a café again; ἀρχὴ ܐܪܡܝܐ עִבְרִית.";
    const char *cafe[] = {"cafe"}, *emoji[] = {"emoji"}, *yolka[] = {"елка"};
    folio_match m[] = {term(cafe), term(emoji), term(yolka)};
    for (size_t target = 0; target <= strlen(text) + 4; target++) {
        for (size_t n = 0; n <= 3; n++) {
            folio_snippet s = make(text, strlen(text), m, n, target);
            folio_snippet_clear(&s);
        }
    }
    assert_bracketed(text, m, 1, 30, "[Café] crème brûlée" ELLIPSIS);
    assert_bracketed(text, m, 2, 30, ELLIPSIS "[emoji] 😀👍🏽 and a [café]" ELLIPSIS);
    /* The CJK before it is cut into two-character words (segment.h): one fits as context. */
    assert_bracketed(text, m + 2, 1, 30, ELLIPSIS "文本 [ёлка]" ELLIPSIS);
}

static void test_whitespace_collapsed(void **state)
{
    (void)state;
    const char *brown[] = {"brown"};
    folio_match m = term(brown);
    const char *text = " \t The\n\n  quick\t\t\r\nbrown \xC2\xA0 fox\xE2\x80\xA8jumps  \n";
    folio_snippet s = make(text, strlen(text), &m, 1, 100);
    assert_string_equal(s.text, "The quick brown fox jumps");
    assert_int_equal(s.nspans, 1);
    assert_int_equal(s.spans[0].start, 10);
    assert_int_equal(s.spans[0].end, 15);
    folio_snippet_clear(&s);
}

static void test_no_match_gives_start(void **state)
{
    (void)state;
    const char *none[] = {"nothing"};
    folio_match m = term(none);
    assert_bracketed("\n  First words here, then more words after them.", &m, 1, 25,
                     "First words here, then" ELLIPSIS);
    assert_bracketed("First words here.", NULL, 0, 25, "First words here.");
}

static void test_empty_and_degenerate_text(void **state)
{
    (void)state;
    const char *a[] = {"a"};
    folio_match m = term(a);
    folio_snippet s = make("", 0, &m, 1, 50);
    assert_string_equal(s.text, "");
    assert_int_equal(s.nspans, 0);
    folio_snippet_clear(&s);
    s = make(NULL, 0, NULL, 0, 50);
    assert_string_equal(s.text, "");
    folio_snippet_clear(&s);
    assert_bracketed(" \n\t ", &m, 1, 50, "");
    assert_bracketed("-- !! ??", &m, 1, 50, "-- !! ??");
    /* A single word longer than the target cannot be shown without cutting it. */
    assert_bracketed("Supercalifragilistic", &m, 1, 5, ELLIPSIS);
    assert_bracketed("a supercalifragilistic b", &m, 1, 5, "[a]" ELLIPSIS);
}

static void test_html(void **state)
{
    (void)state;
    const char *script[] = {"script"}, *tom[] = {"tom"};
    folio_match m[] = {term(script), term(tom)};
    folio_snippet s = make("<script>alert('x')</script> Tom & Jerry", 39, m, 2, 100);
    folio_buf out = FOLIO_BUF_INIT;
    highlight_html(&out, s.text, s.spans, s.nspans);
    assert_int_equal(folio_buf_check(&out), 0);
    assert_string_equal(out.data, "&lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/<mark>script</mark>&gt; "
                                  "<mark>Tom</mark> &amp; Jerry");
    folio_buf_reset(&out);
    highlight_marked(&out, s.text, s.spans, s.nspans, "\x1b[1m", "\x1b[0m");
    assert_string_equal(out.data, "<\x1b[1mscript\x1b[0m>alert('x')</\x1b[1mscript\x1b[0m> \x1b[1mTom\x1b[0m & Jerry");
    folio_buf_free(&out);
    folio_snippet_clear(&s);
}

static void test_invalid_bytes_and_controls(void **state)
{
    (void)state;
    const char *film[] = {"film"};
    folio_match m = term(film);
    const char text[] = "caf\xFF film\x01s\x7f \xC3 \xED\xA0\x80 end\xE2\x82";
    folio_snippet s = make(text, sizeof text - 1, &m, 1, 100);
    assert_string_equal(s.text, "caf" FFFD " films " FFFD " " FFFD FFFD FFFD " end" FFFD FFFD);
    assert_int_equal(s.nspans, 1);
    assert_int_equal(s.spans[0].start, 7);
    assert_int_equal(s.spans[0].end, 11);
    folio_snippet_clear(&s);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    folio_snippet s;
    const char *bad[] = {NULL};
    folio_match m = term(bad);
    assert_int_equal(folio_snippet_make(&s, an, "x", 1, &m, 1, 10), FOLIO_EINVALID);
    assert_int_equal(folio_snippet_make(&s, an, NULL, 1, NULL, 0, 10), FOLIO_EINVALID);
    assert_int_equal(folio_snippet_make(&s, NULL, "x", 1, NULL, 0, 10), FOLIO_EINVALID);
    assert_int_equal(folio_snippet_make(&s, an, "x", 1, NULL, 1, 10), FOLIO_EINVALID);
}

/* A text longer than a piece (FOLIO_SNIPPET_PIECE_BYTES), its only match at the end after two page
 * breaks: found in the last piece, marked as cut before, with the page breaks of the pieces before. */
static void test_text_in_pieces(void **state)
{
    (void)state;
    static const char filler[] = "lorem ipsum dolor sit amet, consectetur adipiscing elit. ";
    size_t cap = 2 * FOLIO_SNIPPET_PIECE_BYTES + 4096, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    while (len + sizeof filler < cap - 64) {
        memcpy(text + len, filler, sizeof filler - 1);
        len += sizeof filler - 1;
        if (len > FOLIO_SNIPPET_PIECE_BYTES / 2 && len < FOLIO_SNIPPET_PIECE_BYTES / 2 + sizeof filler)
            text[len - 1] = '\f';
        if (len > FOLIO_SNIPPET_PIECE_BYTES + 100 && len < FOLIO_SNIPPET_PIECE_BYTES + 100 + sizeof filler)
            text[len - 1] = '\f';
    }
    const char *tail = "The needle hides.";
    memcpy(text + len, tail, strlen(tail));
    len += strlen(tail);
    const char *needle[] = {"needl"};
    folio_match m[] = {term(needle)};
    folio_snippet s = make(text, len, m, 1, 40);
    assert_non_null(strstr(s.text, "The needle hides."));
    assert_memory_equal(s.text, ELLIPSIS, strlen(ELLIPSIS));
    assert_int_equal(s.nspans, 1);
    assert_memory_equal(s.text + s.spans[0].start, "needle", 6);
    assert_int_equal(s.page_breaks, 2);
    folio_snippet_clear(&s);
    free(text);
}

/* A megabyte of text with the only matches near the end: linear work, the right passage. */
static void test_big_text(void **state)
{
    (void)state;
    static const char filler[] = "lorem ipsum dolor sit amet, consectetur adipiscing elit. ";
    char *text = malloc(BIG_TEXT_BYTES + 64);
    assert_non_null(text);
    size_t len = 0;
    while (len + sizeof filler < BIG_TEXT_BYTES) {
        memcpy(text + len, filler, sizeof filler - 1);
        len += sizeof filler - 1;
    }
    const char *tail = "The needle hides in the haystack.";
    memcpy(text + len, tail, strlen(tail));
    len += strlen(tail);
    const char *needle[] = {"needl"}, *hay[] = {"hay"}, *lorem[] = {"lorem", "ipsum"};
    folio_match m[] = {term(needle), prefix(hay), near(lorem, 2, 3)};
    folio_snippet s = make(text, len, m, 3, 60);
    assert_string_equal(s.text, ELLIPSIS "adipiscing elit. The needle hides in the haystack.");
    assert_int_equal(s.nspans, 2);
    folio_snippet_clear(&s);
    free(text);
}

/* The body of the seed article that ships in corpus/ (its text is ../shared's seed article). */
static char *read_seed(size_t *len)
{
    const char *source = getenv("FOLIO_SOURCE");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", source ? source : "..", SEED_ARTICLE);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *file = malloc(SEED_MAX);
    assert_non_null(file);
    size_t n = fread(file, 1, SEED_MAX, f);
    fclose(f);
    folio_doc *doc;
    assert_int_equal(folio_doc_parse_article(&doc, file, n), 0);
    free(file);
    const char *body = folio_doc_get(doc, "body");
    assert_non_null(body);
    *len = strlen(body);
    char *text = malloc(*len + 1);
    assert_non_null(text);
    memcpy(text, body, *len + 1);
    folio_doc_free(doc);
    return text;
}

static void test_seed_article(void **state)
{
    (void)state;
    size_t len;
    char *text = read_seed(&len);
    const char *film[] = {"film"}, *sf[] = {"secret", "film"}, *gc[] = {"guan", "china"};
    const char *xinjiang[] = {"xinjiang"}, *footage[] = {"footag"};
    folio_match films = term(film);
    folio_snippet s = make(text, len, &films, 1, 200);
    folio_buf out = FOLIO_BUF_INIT;
    highlight_marked(&out, s.text, s.spans, s.nspans, "[", "]");
    assert_string_equal(out.data, ELLIPSIS "if deported back to China. From Secret [Filming] to Asylum Seekers "
                                  "Guan Heng's journey to asylum began in 2020 when he secretly [filmed] "
                                  "detention facilities in Xinjiang, a region in northwest China. This" ELLIPSIS);
    folio_snippet_clear(&s);

    folio_match m[] = {phrase(sf, 2), term(xinjiang), near(gc, 2, 5), term(footage)};
    s = make(text, len, m, 3, 160);
    folio_buf_reset(&out);
    highlight_marked(&out, s.text, s.spans, s.nspans, "[", "]");
    assert_string_equal(out.data, ELLIPSIS "back to China. From [Secret Filming] to Asylum Seekers Guan Heng's "
                                  "journey to asylum began in 2020 when he [secretly filmed] detention "
                                  "facilities in [Xinjiang], a" ELLIPSIS);
    folio_snippet_clear(&s);
    s = make(text, len, m + 2, 2, 160);
    folio_buf_reset(&out);
    highlight_marked(&out, s.text, s.spans, s.nspans, "[", "]");
    assert_string_equal(out.data, ELLIPSIS "interview with The Associated Press, [Guan] explained he knew leaving "
                                  "[China] was necessary to publish the [footage] safely. A Perilous Escape "
                                  "Route After filming," ELLIPSIS);
    folio_snippet_clear(&s);

    for (size_t target = 0; target < 400; target += 7) {
        s = make(text, len, m, 4, target);
        folio_snippet_clear(&s);
    }
    folio_buf_free(&out);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stemmed_variants),
        cmocka_unit_test(test_phrase_only_where_whole),
        cmocka_unit_test(test_near),
        cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_window_prefers_distinct_matches),
        cmocka_unit_test(test_cuts_on_word_boundaries),
        cmocka_unit_test(test_punctuation_stays_attached),
        cmocka_unit_test(test_multibyte_never_cut),
        cmocka_unit_test(test_whitespace_collapsed),
        cmocka_unit_test(test_no_match_gives_start),
        cmocka_unit_test(test_empty_and_degenerate_text),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_invalid_bytes_and_controls),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_big_text),
        cmocka_unit_test(test_text_in_pieces),
        cmocka_unit_test(test_seed_article),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
