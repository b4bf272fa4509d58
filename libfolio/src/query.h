/*
 * query.h — folio's query language: the parser and the tree it produces.
 *
 * The parser only reads syntax; it does not analyze words. The planner (plan.c) turns each
 * node's text into terms with the analyzer, so queries are analyzed exactly like documents (a WORD whose
 * text analyzes to several words, like "visa-free", becomes a phrase there).
 *
 * Syntax (see README "Query language"):
 *   asylum judge                 WORD nodes under an implicit AND
 *   "well founded fear"          PHRASE
 *   a AND b, a OR b, a NOT b     operators, upper case only; precedence NOT > AND (explicit or
 *   -a, +a                        implicit) > OR; -a is NOT a; +a marks a WORD/PHRASE/group `required`
 *                                 (over an exclusion, + adds nothing: a NOT is never `required`)
 *   (a OR b) c                   grouping
 *   a NEAR b, a NEAR/5 b         NEAR: operands within N words (default 10) in either order;
 *                                 a NEAR b NEAR c is one NEAR node with three operands
 *   detent*                      PREFIX (text is the part before '*'; at least one character)
 *   oill~, goverment~2           WORD with `fuzzy`: also index words within that many edits (typo.h)
 *   title:x, title:"a b",        FIELD node (field "title", "body", "author" or "url") over one operand
 *   title:(a OR b)
 *   topics:grain                 KEYWORD: exact value of a keyword field named in the parse options
 *   date:2026-01-28, date:2025..2026, date:>=2025-06, date:..2024-12-31, date:<2020
 *                                 DATE range, inclusive epoch seconds, open ends INT64_MIN / INT64_MAX
 */
#ifndef FOLIO_QUERY_H
#define FOLIO_QUERY_H

#include "buf.h"
#include "folio.h"

#include <stddef.h>
#include <stdint.h>

#define FOLIO_QUERY_MAX_BYTES 16384
#define FOLIO_QUERY_MAX_DEPTH 64
#define FOLIO_NEAR_DEFAULT_DISTANCE 10
/* word~ : as many edits as typo tolerance allows for the word's length (at least one); word~N: N, at
 * most FOLIO_QUERY_FUZZY_MAX. */
#define FOLIO_QUERY_FUZZY_AUTO 255
#define FOLIO_QUERY_FUZZY_MAX 2

typedef enum {
    FOLIO_Q_WORD,    /* text */
    FOLIO_Q_PHRASE,  /* text: between the quotes */
    FOLIO_Q_PREFIX,  /* text: before the '*' */
    FOLIO_Q_AND,     /* kids (2+) */
    FOLIO_Q_OR,      /* kids (2+) */
    FOLIO_Q_NOT,     /* kids[0]: what is excluded; only meaningful inside an AND with a positive kid */
    FOLIO_Q_NEAR,    /* kids (2+): WORD or PREFIX nodes; distance */
    FOLIO_Q_FIELD,   /* field, kids[0] */
    FOLIO_Q_KEYWORD, /* field, text */
    FOLIO_Q_DATE     /* date_lo, date_hi */
} folio_qkind;

typedef struct folio_qnode {
    folio_qkind kind;
    char *text; /* NUL-terminated, owned by the node; NULL for operators */
    size_t text_len;
    char *field; /* FIELD and KEYWORD; owned */
    unsigned distance;
    unsigned fuzzy; /* WORD written word~ (FOLIO_QUERY_FUZZY_AUTO) or word~N (N edits); 0: exact */
    int64_t date_lo, date_hi;
    int required; /* written with a leading '+' */
    int explicit_op; /* AND written as "AND", or a node written in parentheses: not plain words */
    int column;   /* 1-based byte column where the node starts in the query text */
    struct folio_qnode **kids;
    size_t nkids;
} folio_qnode;

typedef struct folio_parse_options {
    folio_syntax syntax;
    /* Names of the keyword fields the database has (for `name:value`); any other name that is not a
     * text field or "date" is an "unknown field" error. */
    const char *const *keyword_fields;
    size_t keyword_field_count;
} folio_parse_options;

/* Parses query[0..len).
 *  - FOLIO_SYNTAX_STRICT: a syntax error returns FOLIO_EQUERY with a message and the 1-based column,
 *    e.g. "unbalanced '('" at column 12. An empty query (only white space) is an error.
 *  - FOLIO_SYNTAX_LENIENT: never a syntax error: when strict parsing fails, the text is read as in PLAIN
 *    mode. An empty query gives *out = NULL and returns 0.
 *  - FOLIO_SYNTAX_PLAIN: the text is split on white space into WORD nodes (under an AND when there are
 *    several); nothing else is special. An empty query gives *out = NULL.
 * In strict and lenient mode, a query with no positive part (only exclusions) is FOLIO_EQUERY ("nothing
 * to exclude from") in strict mode, and gives *out = NULL in lenient mode.
 * Longer than FOLIO_QUERY_MAX_BYTES, or nested deeper than FOLIO_QUERY_MAX_DEPTH: FOLIO_EQUERY in every
 * mode. The tree is owned by the caller. */
int folio_query_parse(folio_qnode **out, const char *query, size_t len, const folio_parse_options *opts);
void folio_query_free(folio_qnode *q);

/* 1 if the tree is made only of WORD nodes (one, or several under one implicit AND) with no '+', no
 * '~', no "AND" and no parentheses: the kind of query that ranking may relax. */
int folio_query_is_plain(const folio_qnode *q);

/* Appends a canonical one-line form of the tree, for tests and --explain:
 *   (AND (WORD "asylum") (NOT (WORD "china")) (FIELD title (PHRASE "human rights"))
 *        (NEAR/5 (WORD "a") (PREFIX "b")) (KEYWORD topics "grain") (DATE 1735689600 ..))
 * `+` shows as a leading '+' on the node: +(WORD "a"). Text is escaped as in JSON. Open date ends are
 * written as "..". */
void folio_query_format(folio_buf *out, const folio_qnode *q);

#endif
