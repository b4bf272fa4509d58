/* test_synonyms.c — the synonym list (synonyms.c): rules two-way and one-way, entries compared by their
 * stems, lookups in the order of the list, the canonical text the database stores, and what a bad list
 * is refused for (naming its line). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "folio.h"
#include "synonyms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static folio_analyzer *an;

static int setup(void **state)
{
    (void)state;
    return folio_analyzer_new(&an, "english") < 0;
}

static int teardown(void **state)
{
    (void)state;
    folio_analyzer_free(an);
    return 0;
}

static folio_synonyms *parse(const char *text)
{
    folio_synonyms *s = NULL;
    assert_int_equal(folio_synonyms_parse(&s, an, text, strlen(text)), 0);
    assert_non_null(s);
    return s;
}

/* The texts of what `stems` also matches, joined by "|". */
static const char *found(const folio_synonyms *s, const char *stems)
{
    static char out[512];
    const folio_synonym *f[FOLIO_SYNONYMS_MAX_PER_WORD];
    size_t n = folio_synonyms_find(s, stems, strlen(stems), f, FOLIO_SYNONYMS_MAX_PER_WORD);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? "|" : "", f[i]->text);
    return out;
}

static void two_way_and_one_way(void **state)
{
    (void)state;
    folio_synonyms *s = parse("# countries\n\nusa, united  states, u.s.\r\nnyc, big apple => new york\n");
    assert_int_equal(folio_synonyms_rules(s), 2);
    assert_string_equal(found(s, "usa"), "united states|u.s.");
    assert_string_equal(found(s, "unit state"), "usa|u.s.");
    assert_string_equal(found(s, "u s"), "usa|united states");
    assert_string_equal(found(s, "nyc"), "new york");
    assert_string_equal(found(s, "big appl"), "new york");
    assert_string_equal(found(s, "new york"), ""); /* one-way */
    assert_string_equal(found(s, "unit"), "");     /* a part of an entry is not the entry */
    assert_int_equal(folio_synonyms_find(s, "usa", 3, NULL, 0), 1);
    assert_int_equal(folio_synonyms_find(s, "york", 4, NULL, 0), 0);
    assert_int_equal(folio_synonyms_longest(s), 2);
    folio_synonyms_free(s);
}

static void entries_by_their_stems_in_list_order(void **state)
{
    (void)state;
    folio_synonyms *s = parse("Cars, automobile, CAR\ncar => motorcar, automobiles\nalpha => beta\nbeta => alpha\n");
    /* "Cars" and "CAR" are one entry; "automobiles" repeats "automobile"; the list's order is kept. */
    assert_string_equal(found(s, "car"), "automobile|motorcar");
    /* Rules apply one step: a cycle is two rules, each one way. */
    assert_string_equal(found(s, "alpha"), "beta");
    assert_string_equal(found(s, "beta"), "alpha");
    folio_synonyms_free(s);
}

static void canonical_text_reads_back_the_same(void **state)
{
    (void)state;
    folio_synonyms *s = parse("\xef\xbb\xbf usa ,\tunited states\nnyc,big apple=>new york\n# gone\n");
    folio_buf text = FOLIO_BUF_INIT;
    folio_synonyms_canonical(s, &text);
    assert_int_equal(folio_buf_check(&text), 0);
    assert_string_equal(text.data, "usa, united states\nnyc, big apple => new york\n");
    folio_synonyms *again = parse(text.data);
    assert_string_equal(found(again, "big appl"), "new york");
    folio_synonyms_free(again);
    folio_synonyms_free(s);
    /* U+FEFF anywhere at an entry's ends is blank (a file's text pasted after a BOM), not part of it:
     * else the canonical text would begin with one, which reads back without it (found by fuzz_synonyms). */
    s = parse(" \xef\xbb\xbfuu =>vnite@ds, s\xef\xbb\xbf");
    folio_buf_reset(&text);
    folio_synonyms_canonical(s, &text);
    assert_string_equal(text.data, "uu => vnite@ds, s\n");
    folio_buf_free(&text);
    folio_synonyms_free(s);
}

static void at_most_max_per_word(void **state)
{
    (void)state;
    folio_buf list = FOLIO_BUF_INIT;
    for (int i = 0; i < 40; i++)
        folio_buf_printf(&list, "usa, filler%dz\n", i);
    folio_synonyms *s = parse(list.data);
    const folio_synonym *f[FOLIO_SYNONYMS_MAX_PER_WORD];
    assert_int_equal(folio_synonyms_find(s, "usa", 3, f, FOLIO_SYNONYMS_MAX_PER_WORD), FOLIO_SYNONYMS_MAX_PER_WORD);
    assert_string_equal(f[0]->text, "filler0z");
    assert_string_equal(f[FOLIO_SYNONYMS_MAX_PER_WORD - 1]->text, "filler15z");
    folio_synonyms_free(s);
    folio_buf_free(&list);
}

static void empty_list(void **state)
{
    (void)state;
    folio_synonyms *s = parse("# nothing but a comment\n\n");
    assert_int_equal(folio_synonyms_rules(s), 0);
    assert_string_equal(found(s, "usa"), "");
    folio_synonyms_free(s);
}

static void refused(const char *text, size_t len, const char *message)
{
    folio_synonyms *s = (folio_synonyms *)1;
    assert_int_equal(folio_synonyms_parse(&s, an, text, len), FOLIO_EINVALID);
    assert_null(s);
    const char *got = folio_error_last()->message;
    if (!strstr(got, message))
        fail_msg("expected [%s] in [%s]", message, got);
}

static void bad_lists_name_their_line(void **state)
{
    (void)state;
    refused("a, b\nc, \xff\n", 9, "line 2: not valid UTF-8");
    refused("a, b\n\n, ,\n", 10, "line 3: an empty entry");
    refused("a,\n", 3, "line 1: an empty entry");
    refused("a\n", 2, "line 1: a rule needs two different entries");
    refused("Usa, USA\n", 9, "line 1: a rule needs two different entries");
    refused("a => a\n", 7, "line 1: a => rule needs an entry on its right that is not on its left");
    refused("a => b => c\n", 12, "line 1: more than one =>");
    refused("=> b\n", 5, "line 1: an empty entry");
    refused("a, !!!\n", 7, "line 1: '!!!' has no words");
    refused("a, b\tc\x01\n", 8, "line 1: a control character");
    refused("a, one two three four five six seven eight nine\n", 48, "has more than 8 words");
    folio_buf list = FOLIO_BUF_INIT;
    for (int i = 0; i < 33; i++)
        folio_buf_printf(&list, "%sw%d", i ? ", " : "", i);
    refused(list.data, list.len, "line 1: more than 32 entries");
    folio_buf_reset(&list);
    folio_buf_puts(&list, "a, ");
    for (int i = 0; i < 4100; i++)
        folio_buf_putc(&list, 'x');
    refused(list.data, list.len, "line 1: over 4096 bytes");
    folio_buf_free(&list);
    char *huge = malloc(FOLIO_SYNONYMS_MAX_BYTES + 1);
    assert_non_null(huge);
    memset(huge, '\n', FOLIO_SYNONYMS_MAX_BYTES + 1);
    refused(huge, FOLIO_SYNONYMS_MAX_BYTES + 1, "over 16 MiB");
    free(huge);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_way_and_one_way),
        cmocka_unit_test(entries_by_their_stems_in_list_order),
        cmocka_unit_test(canonical_text_reads_back_the_same),
        cmocka_unit_test(at_most_max_per_word),
        cmocka_unit_test(empty_list),
        cmocka_unit_test(bad_lists_name_their_line),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
