/*
 * test_duplicate.c — the near-duplicate key (duplicate.h): the same story republished or cut keeps its
 * key; stories sharing a template lead, short items of different titles, and an edit inside the lead
 * do not; a document without body words has none.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "analyzer.h"
#include "duplicate.h"
#include "folio.h"

#include <stdio.h>
#include <string.h>

static const char lead[] =
    "OPEC believes world oil prices should be set around a fixed average price of 18 dlrs a barrel, OAPEC "
    "Assistant General Secretary Abdelaziz Al-Wattari said ";

/* The key of a document of that title and body (NULL: none); *has whether it has one. */
static void key_of(char key[FOLIO_DUPLICATE_KEY_BYTES], int *has, const char *title, const char *body)
{
    folio_analyzer *an;
    folio_doc *doc;
    assert_int_equal(folio_analyzer_new(&an, FOLIO_DEFAULT_LANGUAGE), 0);
    assert_int_equal(folio_doc_new(&doc), 0);
    assert_int_equal(folio_doc_set(doc, "id", "1", 1), 0);
    if (title)
        assert_int_equal(folio_doc_set(doc, "title", title, strlen(title)), 0);
    if (body)
        assert_int_equal(folio_doc_set(doc, "body", body, strlen(body)), 0);
    assert_int_equal(folio_duplicate_key(key, has, an, doc), 0);
    folio_doc_free(doc);
    folio_analyzer_free(an);
}

static void assert_same(const char *title1, const char *body1, const char *title2, const char *body2, int same)
{
    char a[FOLIO_DUPLICATE_KEY_BYTES], b[FOLIO_DUPLICATE_KEY_BYTES];
    int has_a, has_b;
    key_of(a, &has_a, title1, body1);
    key_of(b, &has_b, title2, body2);
    assert_true(has_a && has_b);
    assert_int_equal(strlen(a), 16);
    if (same)
        assert_string_equal(a, b);
    else
        assert_string_not_equal(a, b);
}

/* Reuters 6177 and 6208: the second is the first cut to half its length, its lead kept. */
static void test_republished_story_keeps_its_key(void **state)
{
    (void)state;
    char longer[2048], shorter[2048];
    snprintf(longer, sizeof longer,
             "%stoday. In a speech to a European Community (EC)/OAPEC/OPEC seminar in Luxembourg, he said "
             "OPEC believes the world energy trade should be kept without restrictions. But he warned that "
             "defense of the 18 dlr a barrel level had caused hardship for OPEC countries, who had been "
             "forced to curtail production, and that such cutbacks could not be sustained.",
             lead);
    snprintf(shorter, sizeof shorter,
             "%s. In a speech to a European Community/OAPEC/OPEC seminar in Luxembourg, Al-Wattari said OPEC "
             "output was below the organization's agreed ceiling for all member countries in February.",
             lead);
    assert_same("Opec Wants 18 Dlr Oil Price", longer, "OPEC wants 18 dlr oil price - OAPEC official", shorter, 1);
    /* Case, accents and punctuation are folded away as the analyzer folds them. */
    assert_same("a", longer, "b", longer, 1);
}

/* Routine stories on a template: the same first words, other figures. */
static void test_template_lead_with_other_figures_differs(void **state)
{
    (void)state;
#define FED_STORY(dlrs, now, before)                                                                              \
    "The Federal Reserve is expected to enter the U.S. government securities market to add temporary reserves, "   \
    "economists said. They expect it to supply the reserves indirectly by arranging " dlrs " billion dlrs of "      \
    "customer repurchase agreements. Federal funds were trading at " now " pct at midmorning, after averaging "    \
    before " pct yesterday."
    const char *one = FED_STORY("1.5", "6-1/8", "6.05"), *two = FED_STORY("2.0", "6-3/16", "6.11");
    assert_same("Fed expected to add temporary reserves", one, "Fed expected to add temporary reserves", two, 0);
}

/* An edit inside the lead makes another story. */
static void test_edit_in_the_lead_differs(void **state)
{
    (void)state;
    const char *rest = " Further paragraphs of the story follow here, long enough to make it a full story of many "
                       "words, which the key reads past.";
    char one[1024], two[1024];
    snprintf(one, sizeof one, "Kuwaiti oil minister Sheikh Ali said OPEC was producing well below its oil output "
                              "ceiling and this would help prices move higher.%s", rest);
    snprintf(two, sizeof two, "Saudi oil minister Hisham Nazer said OPEC was producing well below its oil output "
                              "ceiling and this would help prices move higher.%s", rest);
    assert_same("t", one, "t", two, 0);
}

/* A short item is told apart by its title: two companies with the same dividend. */
static void test_short_items_are_keyed_with_their_title(void **state)
{
    (void)state;
    const char *body = "Qtly div 10 cts vs 10 cts prior Pay April 1 Record March 15";
    assert_same("Acme Corp <ACM> sets quarterly", body, "Widget Inc <WDG> sets quarterly", body, 0);
    assert_same("Acme Corp <ACM> sets quarterly", body, "ACME CORP <ACM> SETS QUARTERLY", body, 1);
}

static void test_no_body_words_no_key(void **state)
{
    (void)state;
    char key[FOLIO_DUPLICATE_KEY_BYTES];
    int has = -1;
    key_of(key, &has, "A title only", NULL);
    assert_int_equal(has, 0);
    key_of(key, &has, "A title only", " -- ... !! ");
    assert_int_equal(has, 0);
    assert_string_equal(key, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_republished_story_keeps_its_key),
        cmocka_unit_test(test_template_lead_with_other_figures_differs),
        cmocka_unit_test(test_edit_in_the_lead_differs),
        cmocka_unit_test(test_short_items_are_keyed_with_their_title),
        cmocka_unit_test(test_no_body_words_no_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
