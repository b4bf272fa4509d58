/* test_query.c — the query language parser (query.c), table-driven: each row is a query and the
 * canonical form folio_query_format gives for it, or the error message and column it must fail with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "error.h"
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STRICT FOLIO_SYNTAX_STRICT
#define LENIENT FOLIO_SYNTAX_LENIENT
#define PLAIN FOLIO_SYNTAX_PLAIN

static const char *const keyword_fields[] = {"topics", "places"};

typedef struct parse_case {
    const char *query;
    folio_syntax syntax;
    const char *tree; /* folio_query_format of the result; "" for no tree */
} parse_case;

static const parse_case parse_cases[] = {
    /* Words, phrases, prefixes. */
    {"asylum", STRICT, "(WORD \"asylum\")"},
    {"asylum judge", STRICT, "(AND (WORD \"asylum\") (WORD \"judge\"))"},
    {"  asylum \t judge\n", STRICT, "(AND (WORD \"asylum\") (WORD \"judge\"))"},
    {"\"well founded fear\"", STRICT, "(PHRASE \"well founded fear\")"},
    {"detent*", STRICT, "(PREFIX \"detent\")"},
    {"a*b", STRICT, "(WORD \"a*b\")"},
    {"a**", STRICT, "(PREFIX \"a*\")"},
    {"oill~", STRICT, "(WORD~ \"oill\")"},
    {"goverment~2 budget", STRICT, "(AND (WORD~2 \"goverment\") (WORD \"budget\"))"},
    {"title:oill~1", STRICT, "(FIELD title (WORD~1 \"oill\"))"},
    {"a~b", STRICT, "(WORD \"a~b\")"},
    {"\"oill~\"", STRICT, "(PHRASE \"oill~\")"},
    {"oill~3", LENIENT, "(WORD \"oill~3\")"},
    {"visa-free e-mail c++", STRICT, "(AND (WORD \"visa-free\") (WORD \"e-mail\") (WORD \"c++\"))"},
    {"a \"-b +c\"", STRICT, "(AND (WORD \"a\") (PHRASE \"-b +c\"))"},
    {"asylum and judge or not", STRICT,
     "(AND (WORD \"asylum\") (WORD \"and\") (WORD \"judge\") (WORD \"or\") (WORD \"not\"))"},
    {"foo: bar", STRICT, "(AND (WORD \"foo:\") (WORD \"bar\"))"},
    {"10:30 a:", STRICT, "(AND (WORD \"10:30\") (WORD \"a:\"))"},
    {"a\"b c\"d", STRICT, "(AND (WORD \"a\") (PHRASE \"b c\") (WORD \"d\"))"},
    {"caf\xc3\xa9 \"back\\\\slash\ttab\"", STRICT, "(AND (WORD \"caf\xc3\xa9\") (PHRASE \"back\\\\\\\\slash\\ttab\"))"},
    /* Operators and precedence: NOT > AND > OR. */
    {"asylum AND judge", STRICT, "(AND (WORD \"asylum\") (WORD \"judge\"))"},
    {"asylum OR refugee", STRICT, "(OR (WORD \"asylum\") (WORD \"refugee\"))"},
    {"asylum NOT china", STRICT, "(AND (WORD \"asylum\") (NOT (WORD \"china\")))"},
    {"asylum AND NOT china", STRICT, "(AND (WORD \"asylum\") (NOT (WORD \"china\")))"},
    {"asylum -china", STRICT, "(AND (WORD \"asylum\") (NOT (WORD \"china\")))"},
    {"NOT china asylum", STRICT, "(AND (NOT (WORD \"china\")) (WORD \"asylum\"))"},
    {"+asylum", STRICT, "+(WORD \"asylum\")"},
    {"+asylum judge", STRICT, "(AND +(WORD \"asylum\") (WORD \"judge\"))"},
    {"+\"a b\" -\"c d\" e", STRICT, "(AND +(PHRASE \"a b\") (NOT (PHRASE \"c d\")) (WORD \"e\"))"},
    {"a b OR c", STRICT, "(OR (AND (WORD \"a\") (WORD \"b\")) (WORD \"c\"))"},
    {"a OR b c", STRICT, "(OR (WORD \"a\") (AND (WORD \"b\") (WORD \"c\")))"},
    {"a OR b AND c OR d", STRICT, "(OR (WORD \"a\") (AND (WORD \"b\") (WORD \"c\")) (WORD \"d\"))"},
    {"a -b OR c", STRICT, "(OR (AND (WORD \"a\") (NOT (WORD \"b\"))) (WORD \"c\"))"},
    {"a NOT (b OR c)", STRICT, "(AND (WORD \"a\") (NOT (OR (WORD \"b\") (WORD \"c\"))))"},
    {"a (NOT b)", STRICT, "(AND (WORD \"a\") (NOT (WORD \"b\")))"},
    /* Found by fuzz.query: '+' over an exclusion adds nothing (it made a NOT marked required). */
    {"+((-(jj)))u", STRICT, "(AND (NOT (WORD \"jj\")) (WORD \"u\"))"},
    {"a AND(b)", STRICT, "(AND (WORD \"a\") (WORD \"b\"))"},
    /* Grouping and flattening. */
    {"(asylum OR refugee) judge", STRICT, "(AND (OR (WORD \"asylum\") (WORD \"refugee\")) (WORD \"judge\"))"},
    {"(a b) (c AND d) e", STRICT, "(AND (WORD \"a\") (WORD \"b\") (WORD \"c\") (WORD \"d\") (WORD \"e\"))"},
    {"(a OR b) OR (c OR (d OR e))", STRICT,
     "(OR (WORD \"a\") (WORD \"b\") (WORD \"c\") (WORD \"d\") (WORD \"e\"))"},
    {"((a))", STRICT, "(WORD \"a\")"},
    {"+(a b) c", STRICT, "(AND +(AND (WORD \"a\") (WORD \"b\")) (WORD \"c\"))"},
    {"+(a)", STRICT, "+(WORD \"a\")"},
    /* NEAR. */
    {"asylum NEAR/5 judge", STRICT, "(NEAR/5 (WORD \"asylum\") (WORD \"judge\"))"},
    {"asylum NEAR judge", STRICT, "(NEAR/10 (WORD \"asylum\") (WORD \"judge\"))"},
    {"a NEAR/0 b", STRICT, "(NEAR/0 (WORD \"a\") (WORD \"b\"))"},
    {"a NEAR/1000 b", STRICT, "(NEAR/1000 (WORD \"a\") (WORD \"b\"))"},
    {"a NEAR b NEAR/3 c NEAR/7 d", STRICT, "(NEAR/3 (WORD \"a\") (WORD \"b\") (WORD \"c\") (WORD \"d\"))"},
    {"a NEAR c*", STRICT, "(NEAR/10 (WORD \"a\") (PREFIX \"c\"))"},
    {"x a NEAR b y", STRICT, "(AND (WORD \"x\") (NEAR/10 (WORD \"a\") (WORD \"b\")) (WORD \"y\"))"},
    {"a NEAR (b)", STRICT, "(NEAR/10 (WORD \"a\") (WORD \"b\"))"},
    {"near a", STRICT, "(AND (WORD \"near\") (WORD \"a\"))"},
    /* Text fields. */
    {"title:xinjiang", STRICT, "(FIELD title (WORD \"xinjiang\"))"},
    {"title:\"human rights\"", STRICT, "(FIELD title (PHRASE \"human rights\"))"},
    {"title:(china OR uyghur)", STRICT, "(FIELD title (OR (WORD \"china\") (WORD \"uyghur\")))"},
    {"title:detent* body:x author:y", STRICT,
     "(AND (FIELD title (PREFIX \"detent\")) (FIELD body (WORD \"x\")) (FIELD author (WORD \"y\")))"},
    {"Title:x", STRICT, "(FIELD title (WORD \"x\"))"},
    {"title:-x", STRICT, "(FIELD title (WORD \"-x\"))"},
    {"title:AND", STRICT, "(FIELD title (WORD \"AND\"))"},
    {"url:http://example.com/a?b=c", STRICT, "(FIELD url (WORD \"http://example.com/a?b=c\"))"},
    {"-title:x y", STRICT, "(AND (NOT (FIELD title (WORD \"x\"))) (WORD \"y\"))"},
    {"+title:x y", STRICT, "(AND +(FIELD title (WORD \"x\")) (WORD \"y\"))"},
    {"title:(a -b)", STRICT, "(FIELD title (AND (WORD \"a\") (NOT (WORD \"b\"))))"},
    /* Keyword fields. */
    {"topics:grain", STRICT, "(KEYWORD topics \"grain\")"},
    {"places:usa grain", STRICT, "(AND (KEYWORD places \"usa\") (WORD \"grain\"))"},
    {"places:\"united kingdom\"", STRICT, "(KEYWORD places \"united kingdom\")"},
    {"TOPICS:Money-FX", STRICT, "(KEYWORD topics \"money-fx\")"},
    {"(topics:grain)", STRICT, "(KEYWORD topics \"grain\")"},
    {"topics:grain OR topics:wheat", STRICT, "(OR (KEYWORD topics \"grain\") (KEYWORD topics \"wheat\"))"},
    {"a -topics:grain", STRICT, "(AND (WORD \"a\") (NOT (KEYWORD topics \"grain\")))"},
    /* Dates: a single date is its whole period; open ends are "..". */
    {"date:2026-01-28", STRICT, "(DATE 1769558400 1769644799)"},
    {"date:2025..2026", STRICT, "(DATE 1735689600 1798761599)"},
    {"date:>=2025-06", STRICT, "(DATE 1748736000 ..)"},
    {"date:..2024-12-31", STRICT, "(DATE .. 1735689599)"},
    {"date:2025..", STRICT, "(DATE 1735689600 ..)"},
    {"date:>2025", STRICT, "(DATE 1767225600 ..)"},
    {"date:<2020", STRICT, "(DATE .. 1577836799)"},
    {"date:<=2020-03", STRICT, "(DATE .. 1585699199)"},
    {"date:2025-06..2025-06", STRICT, "(DATE 1748736000 1751327999)"},
    {"date:\"2026-01-28 00:00:00\"", STRICT, "(DATE 1769558400 1769558400)"},
    {"(date:2025)", STRICT, "(DATE 1735689600 1767225599)"},
    /* The combination from the issue. */
    {"title:\"human rights\" date:2025.. -china (asylum OR refugee*)", STRICT,
     "(AND (FIELD title (PHRASE \"human rights\")) (DATE 1735689600 ..) (NOT (WORD \"china\")) "
     "(OR (WORD \"asylum\") (PREFIX \"refugee\")))"},
    /* Lenient: what parses is parsed; the rest is plain words; only exclusions is nothing. */
    {"asylum -china", LENIENT, "(AND (WORD \"asylum\") (NOT (WORD \"china\")))"},
    {"-china", LENIENT, ""},
    {"-a NOT b", LENIENT, ""},
    {"", LENIENT, ""},
    {" \t ", LENIENT, ""},
    {"(asylum", LENIENT, "(WORD \"(asylum\")"},
    {"asylum OR", LENIENT, "(AND (WORD \"asylum\") (WORD \"OR\"))"},
    {"foo:bar baz", LENIENT, "(AND (WORD \"foo:bar\") (WORD \"baz\"))"},
    {"a OR -b", LENIENT, "(AND (WORD \"a\") (WORD \"OR\") (WORD \"-b\"))"},
    {"5\" screen", LENIENT, "(AND (WORD \"5\\\"\") (WORD \"screen\"))"},
    /* Plain: every byte is literal. */
    {"title:x \"a b\" -c (d)", PLAIN,
     "(AND (WORD \"title:x\") (WORD \"\\\"a\") (WORD \"b\\\"\") (WORD \"-c\") (WORD \"(d)\"))"},
    {" one ", PLAIN, "(WORD \"one\")"},
    {"", PLAIN, ""},
    {"\n", PLAIN, ""},
};

typedef struct error_case {
    const char *query;
    const char *message; /* a substring of the message */
    int column;
} error_case;

static const error_case error_cases[] = {
    {"", "empty query", 1},
    {"   ", "empty query", 1},
    {"asylum \"well founded", "unbalanced quote", 8},
    {"\"", "unbalanced quote", 1},
    {"title:\"a", "unbalanced quote", 7},
    {"topics:\"a", "unbalanced quote", 8},
    {"a (b OR c", "unbalanced '('", 3},
    {"a ((b) c", "unbalanced '('", 3},
    {"(", "unbalanced '('", 1},
    {"a b)", "unexpected ')'", 4},
    {")", "unexpected ')'", 1},
    {"a)b", "unexpected ')'", 2},
    {"AND judge", "'AND' has nothing to apply to", 1},
    {"asylum OR", "'OR' has nothing to apply to", 8},
    {"NOT", "'NOT' has nothing to apply to", 1},
    {"asylum NEAR", "'NEAR' has nothing to apply to", 8},
    {"NEAR a", "'NEAR' has nothing to apply to", 1},
    {"a AND", "'AND' has nothing to apply to", 3},
    {"a AND OR b", "'AND' has nothing to apply to", 3},
    {"(OR a)", "'OR' has nothing to apply to", 2},
    {"a (b AND) c", "'AND' has nothing to apply to", 6},
    {"a -", "'-' has nothing to apply to", 3},
    {"a - b", "'-' has nothing to apply to", 3},
    {"+", "'+' has nothing to apply to", 1},
    {"--a", "'-' has nothing to apply to", 1},
    {"a NOT NOT b", "'NOT' has nothing to apply to", 3},
    {"asylum NEAR/x judge", "bad NEAR distance 'x'", 8},
    {"a NEAR/ b", "bad NEAR distance", 3},
    {"a NEAR/5x b", "bad NEAR distance '5x'", 3},
    {"a NEAR/1001 b", "bad NEAR distance '1001'", 3},
    {"a NEAR/99999999999999999999999 b", "bad NEAR distance", 3},
    {"a NEAR -b", "NEAR works only on words and prefixes", 8},
    {"\"a b\" NEAR c*", "NEAR works only on words and prefixes", 1},
    {"a NEAR/3 \"b c\"", "NEAR works only on words and prefixes", 10},
    {"(a b) NEAR c", "NEAR works only on", 2},
    {"a NEAR title:b", "NEAR works only on", 8},
    {"+a NEAR b", "NEAR works only on", 1},
    {"date:2025-13", "month 13 out of range", 6},
    {"date:2025-02-29", "day 29 out of range", 6},
    {"x date:2025..2026-13", "month 13 out of range", 14},
    {"date:>=20x5", "4-digit year", 8},
    {"date:2026..2025", "ends before it starts", 6},
    {"date:..", "needs at least one end", 6},
    {"date:>", "empty date", 7},
    {"date:(2025)", "takes a single value", 6},
    {"date:\"\"", "empty value for 'date:'", 6},
    {"foo:bar", "unknown field 'foo'", 1},
    {"a foo:(b)", "unknown field 'foo'", 3},
    {"id:\"x\"", "unknown field 'id'", 1},
    {"*", "'*' needs a word before it", 1},
    {"a * b", "'*' needs a word before it", 3},
    {"title:*", "'*' needs a word before it", 7},
    {"~", "'~' needs a word before it", 1},
    {"a ~2", "'~' needs a word before it", 3},
    {"oill~3", "takes 1 or 2 edits", 5},
    {"oill~0", "takes 1 or 2 edits", 5},
    {"oil*~", "a prefix cannot take '~'", 4},
    {"oill~ NEAR b", "NEAR cannot take a word with '~'", 1},
    {"title:", "nothing after 'title:'", 1},
    {"a title: b", "nothing after 'title:'", 3},
    {"(title:)", "nothing after 'title:'", 2},
    {"topics:", "nothing after 'topics:'", 1},
    {"topics:\"\"", "empty value for 'topics:'", 8},
    {"topics:(a b)", "takes a single value", 8},
    {"\"\"", "empty phrase", 1},
    {"a \" \t \"", "empty phrase", 3},
    {"title:\"\"", "empty phrase", 7},
    {"()", "empty group", 1},
    {"a ( ) b", "empty group", 3},
    {"title:()", "empty group", 7},
    {"-china", "nothing to exclude from", 1},
    {"NOT a", "nothing to exclude from", 1},
    {"-a -b", "nothing to exclude from", 1},
    {"a OR -b", "nothing to exclude from", 6},
    {"a OR NOT b", "nothing to exclude from", 6},
    {"title:(-a)", "nothing to exclude from", 8},
    {"a -(-b)", "nothing to exclude from", 5},
    {"a (-b OR c)", "nothing to exclude from", 4},
};

static int parse_with(folio_qnode **out, const char *query, size_t len, folio_syntax syntax)
{
    folio_parse_options opts = {syntax, keyword_fields, sizeof keyword_fields / sizeof keyword_fields[0]};
    return folio_query_parse(out, query, len, &opts);
}

/* The canonical form of `q` (caller frees). */
static char *format_tree(const folio_qnode *q)
{
    folio_buf b = FOLIO_BUF_INIT;
    folio_query_format(&b, q);
    char *s = folio_buf_detach(&b);
    assert_non_null(s);
    return s;
}

static void test_parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        const parse_case *c = &parse_cases[i];
        folio_qnode *q = NULL;
        int rc = parse_with(&q, c->query, strlen(c->query), c->syntax);
        char *got = format_tree(q);
        if (rc != 0 || strcmp(got, c->tree) != 0) {
            const folio_error *e = folio_error_last();
            print_error("query '%s' (mode %d): rc %d (%s)\n  got      %s\n  expected %s\n", c->query,
                        (int)c->syntax, rc, rc && e ? e->message : "", got, c->tree);
            fail();
        }
        free(got);
        folio_query_free(q);
    }
}

static void test_error_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof error_cases / sizeof error_cases[0]; i++) {
        const error_case *c = &error_cases[i];
        folio_qnode *q = NULL;
        int rc = parse_with(&q, c->query, strlen(c->query), STRICT);
        const folio_error *e = folio_error_last();
        if (rc != FOLIO_EQUERY || q || !e || !strstr(e->message, c->message) || e->column != c->column) {
            print_error("query '%s': rc %d, message '%s' column %d; expected '%s' column %d\n", c->query, rc,
                        e ? e->message : "(none)", e ? e->column : 0, c->message, c->column);
            fail();
        }
    }
}

/* Whatever strict mode accepts, lenient mode gives the same tree; whatever it rejects (except the
 * limits), lenient mode accepts and clears the error. */
static void test_lenient_agrees_with_strict(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof error_cases / sizeof error_cases[0]; i++) {
        folio_qnode *q = NULL;
        folio_error_clear();
        assert_int_equal(parse_with(&q, error_cases[i].query, strlen(error_cases[i].query), LENIENT), 0);
        assert_null(folio_error_last());
        folio_query_free(q);
    }
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        const parse_case *c = &parse_cases[i];
        if (c->syntax != STRICT)
            continue;
        folio_qnode *q = NULL;
        assert_int_equal(parse_with(&q, c->query, strlen(c->query), LENIENT), 0);
        char *got = format_tree(q);
        assert_string_equal(got, c->tree);
        free(got);
        folio_query_free(q);
    }
}

static void test_columns(void **state)
{
    (void)state;
    folio_qnode *q;
    const char *text = "  asylum -china title:x +\"a b\"";
    assert_int_equal(parse_with(&q, text, strlen(text), STRICT), 0);
    assert_int_equal(q->kind, FOLIO_Q_AND);
    assert_int_equal(q->nkids, 4);
    assert_int_equal(q->column, 3);
    assert_int_equal(q->kids[0]->column, 3);
    assert_int_equal(q->kids[1]->column, 10);          /* the '-' */
    assert_int_equal(q->kids[1]->kids[0]->column, 11); /* china */
    assert_int_equal(q->kids[2]->column, 17);          /* title: */
    assert_int_equal(q->kids[2]->kids[0]->column, 23); /* x */
    assert_int_equal(q->kids[3]->column, 25);          /* the '+' */
    assert_int_equal(q->kids[3]->text_len, 3);
    folio_query_free(q);
}

static void test_is_plain(void **state)
{
    (void)state;
    static const struct {
        const char *query;
        folio_syntax syntax;
        int plain;
    } cases[] = {
        {"a", STRICT, 1},        {"a b c", STRICT, 1},       {"+a b", STRICT, 0},    {"a OR b", STRICT, 0},
        {"\"a b\"", STRICT, 0},  {"a*", STRICT, 0},          {"a -b", STRICT, 0},    {"title:a", STRICT, 0},
        {"a (b c)", STRICT, 0},  {"a NEAR b", STRICT, 0},    {"topics:x", STRICT, 0}, {"-a", LENIENT, 0},
        {"(a", LENIENT, 1},      {"title:x -y z", PLAIN, 1}, {"a AND b", STRICT, 0}, {"(a)", STRICT, 0},
        {"a b AND c", STRICT, 0}, {"a AND b", PLAIN, 1},     {"a~", STRICT, 0},      {"a b~2", STRICT, 0},
        {"a~", PLAIN, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        folio_qnode *q = NULL;
        assert_int_equal(parse_with(&q, cases[i].query, strlen(cases[i].query), cases[i].syntax), 0);
        if (folio_query_is_plain(q) != cases[i].plain) {
            print_error("query '%s': is_plain %d\n", cases[i].query, folio_query_is_plain(q));
            fail();
        }
        folio_query_free(q);
    }
    assert_int_equal(folio_query_is_plain(NULL), 0);
}

static void test_length_limit(void **state)
{
    (void)state;
    char *text = malloc(FOLIO_QUERY_MAX_BYTES + 1);
    assert_non_null(text);
    memset(text, 'a', FOLIO_QUERY_MAX_BYTES + 1);
    for (int syntax = STRICT; syntax <= PLAIN; syntax++) {
        folio_qnode *q = NULL;
        assert_int_equal(parse_with(&q, text, FOLIO_QUERY_MAX_BYTES, (folio_syntax)syntax), 0);
        assert_int_equal(q->text_len, FOLIO_QUERY_MAX_BYTES);
        folio_query_free(q);
        assert_int_equal(parse_with(&q, text, FOLIO_QUERY_MAX_BYTES + 1, (folio_syntax)syntax), FOLIO_EQUERY);
        assert_null(q);
        assert_non_null(strstr(folio_error_last()->message, "query too long"));
        assert_int_equal(folio_error_last()->column, FOLIO_QUERY_MAX_BYTES + 1);
    }
    free(text);
}

/* `levels` nested groups around one word. */
static char *nested(int levels)
{
    char *s = malloc((size_t)levels * 2 + 2);
    assert_non_null(s);
    memset(s, '(', (size_t)levels);
    s[levels] = 'a';
    memset(s + levels + 1, ')', (size_t)levels);
    s[2 * levels + 1] = '\0';
    return s;
}

static void test_depth_limit(void **state)
{
    (void)state;
    folio_qnode *q = NULL;
    char *ok = nested(FOLIO_QUERY_MAX_DEPTH), *deep = nested(FOLIO_QUERY_MAX_DEPTH + 1);
    assert_int_equal(parse_with(&q, ok, strlen(ok), STRICT), 0);
    assert_int_equal(q->kind, FOLIO_Q_WORD);
    folio_query_free(q);
    for (int syntax = STRICT; syntax <= LENIENT; syntax++) {
        assert_int_equal(parse_with(&q, deep, strlen(deep), (folio_syntax)syntax), FOLIO_EQUERY);
        assert_null(q);
        assert_non_null(strstr(folio_error_last()->message, "nested deeper than"));
        assert_int_equal(folio_error_last()->column, FOLIO_QUERY_MAX_DEPTH + 1);
    }
    assert_int_equal(parse_with(&q, deep, strlen(deep), PLAIN), 0);
    assert_int_equal(q->kind, FOLIO_Q_WORD);
    folio_query_free(q);
    free(ok);
    free(deep);
}

/* Only len bytes are read, NUL bytes are text, and no options means strict with no keyword fields. */
static void test_lengths_and_defaults(void **state)
{
    (void)state;
    folio_qnode *q = NULL;
    assert_int_equal(folio_query_parse(&q, "asylum OR", 6, NULL), 0);
    char *got = format_tree(q);
    assert_string_equal(got, "(WORD \"asylum\")");
    free(got);
    folio_query_free(q);

    assert_int_equal(folio_query_parse(&q, "a\0b", 3, NULL), 0);
    assert_int_equal(q->text_len, 3);
    got = format_tree(q);
    assert_string_equal(got, "(WORD \"a\\u0000b\")");
    free(got);
    folio_query_free(q);

    assert_int_equal(folio_query_parse(&q, "topics:grain", 12, NULL), FOLIO_EQUERY);
    assert_non_null(strstr(folio_error_last()->message, "unknown field 'topics'"));
}

static void test_format_null(void **state)
{
    (void)state;
    char *got = format_tree(NULL);
    assert_string_equal(got, "");
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_error_table),
        cmocka_unit_test(test_lenient_agrees_with_strict),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_is_plain),
        cmocka_unit_test(test_length_limit),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_lengths_and_defaults),
        cmocka_unit_test(test_format_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
