/*
 * query.c — see query.h. A hand-written lexer and a recursive-descent parser.
 *
 * Tokens:
 *  - White space is ASCII white space. A token is '(', ')', a quoted phrase, or a run of other bytes up
 *    to white space, '(', ')' or '"'. Inside quotes every byte is text ('-' too); there is no escape.
 *  - A token that starts with '-' or '+' is that operator, and the rest is the next token: the signs
 *    count only at the start of a term, so "visa-free" and "e-mail" are words. They must touch their
 *    operand: "a - b" is an error ("--a" too: the operand of a sign is never another operator).
 *  - The runs AND, OR, NOT, NEAR and NEAR/n, exactly in upper case, are operators: "and" is a word.
 *    NEAR/n takes n from 0 (adjacent) to QUERY_NEAR_MAX_DISTANCE.
 *  - name:value with name = [A-Za-z][A-Za-z0-9_]* and a value starting right after the ':' with anything
 *    but white space or ')' is a field; names match case-insensitively. An unknown name is an error; a
 *    known name with nothing after it is an error, an unknown one is just a word ("foo: bar").
 *  - A word ending in '*' is a PREFIX of the bytes before the '*'; a '*' elsewhere is text.
 *  - A word ending in '~' or '~N' (a digit) is a fuzzy WORD: "oill~", "goverment~2"; N is 1 or 2.
 * Grammar, precedence NOT > NEAR > AND > OR:
 *   query   = or
 *   or      = and { "OR" and }
 *   and     = near { ["AND"] near }
 *   near    = unary { "NEAR"["/"n] unary }          operands: WORD, PHRASE or PREFIX without '+'
 *   unary   = ("-" | "NOT") primary | "+" primary | primary   so "a NOT b" is a AND (NOT b)
 *   primary = WORD | PREFIX | PHRASE | "(" or ")" | name ":" value
 * Tree:
 *  - Nested ANDs and ORs of the same kind are flattened and a one-operand group is its operand; a group
 *    marked with '+' stays a node of its own so the mark is kept.
 *  - a NEAR b NEAR/3 c is one NEAR over a, b, c with the smallest distance written (the strictest).
 *  - A NOT must be an operand of an AND that has a positive operand: "-a", "a OR -b", "-(-a)" and
 *    "title:(-a)" are "nothing to exclude from" errors.
 *  - A field restricts one operand. A text field's value is a word, prefix, phrase or group; the word
 *    is read without operators (title:-x is the word "-x"). A keyword or date value is a quoted string
 *    or a run up to white space, '(' , ')' or '"'; keyword values are verbatim but ASCII-lower-cased.
 *  - date: takes x, a..b, a.., ..b, >x, >=x, <x, <=x. A bad date is reported at the column of the date
 *    that is bad (the second one in "2025..2026-13").
 * folio_query_format writes nothing for an empty (NULL) tree.
 */
#include "query.h"
#include "language.h"

#include "date.h"
#include "error.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUERY_NEAR_MAX_DISTANCE 1000

typedef enum {
    TOK_END,
    TOK_LPAREN,
    TOK_RPAREN,
    TOK_PHRASE, /* start, len: the text between the quotes */
    TOK_WORD,   /* start, len */
    TOK_MINUS,
    TOK_PLUS,
    TOK_AND,
    TOK_OR,
    TOK_NOT,
    TOK_NEAR, /* distance */
    TOK_FIELD /* start, len: the name; field_kind, field_name */
} token_kind;

typedef enum { FIELD_TEXT, FIELD_KEYWORD, FIELD_DATE } field_kind;

typedef struct token {
    token_kind kind;
    size_t at; /* offset of the token's first byte */
    size_t start, len;
    unsigned distance;
    field_kind field_kind;
    const char *field_name; /* canonical spelling */
} token;

typedef struct parser {
    const char *s;
    size_t len;
    size_t pos; /* where the lexer reads next: just after `tok` */
    const folio_parse_options *opts;
    token tok; /* the current (lookahead) token */
    int depth;
    int limit_hit;       /* the error is a size or depth limit, which no mode recovers from */
    int only_exclusions; /* the error is "nothing to exclude from" for the whole query */
} parser;

static const char *const text_fields[] = {"title", "body", "author", "url"};
static const char date_field[] = "date";

/* ---- Nodes ---------------------------------------------------------------------------------------- */

static int out_of_memory(void)
{
    return folio_error_set(FOLIO_ENOMEM, "out of memory");
}

/* A node starting at byte offset `at`; NULL when out of memory (recorded, as in every node_ helper). */
static folio_qnode *node_new(folio_qkind kind, size_t at)
{
    folio_qnode *n = calloc(1, sizeof *n);
    if (!n) {
        out_of_memory();
        return NULL;
    }
    n->kind = kind;
    n->column = (int)at + 1;
    return n;
}

void folio_query_free(folio_qnode *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->nkids; i++)
        folio_query_free(q->kids[i]);
    free(q->kids);
    free(q->text);
    free(q->field);
    free(q);
}

static int node_set_text(folio_qnode *n, const char *s, size_t len)
{
    if (!(n->text = folio_text_copy(s, len)))
        return out_of_memory();
    n->text_len = len;
    return 0;
}

static int node_set_field(folio_qnode *n, const char *name)
{
    return (n->field = folio_text_copy(name, strlen(name))) ? 0 : out_of_memory();
}

static folio_qnode *node_new_text(folio_qkind kind, size_t at, const char *s, size_t len)
{
    folio_qnode *n = node_new(kind, at);
    if (n && node_set_text(n, s, len) < 0) {
        folio_query_free(n);
        return NULL;
    }
    return n;
}

static folio_qnode *node_new_field(folio_qkind kind, size_t at, const char *name)
{
    folio_qnode *n = node_new(kind, at);
    if (n && node_set_field(n, name) < 0) {
        folio_query_free(n);
        return NULL;
    }
    return n;
}

/* Appends `kid` to n->kids. Takes ownership of `kid` even on failure. The array grows in powers of two
 * (2, 4, 8, ...), so the capacity follows from nkids and needs no field of its own. */
static int node_add(folio_qnode *n, folio_qnode *kid)
{
    size_t count = n->nkids;
    if (count == 0 || (count >= 2 && (count & (count - 1)) == 0)) {
        size_t cap = count ? count * 2 : 2;
        folio_qnode **kids = realloc(n->kids, cap * sizeof *kids);
        if (!kids) {
            folio_query_free(kid);
            return out_of_memory();
        }
        n->kids = kids;
    }
    n->kids[n->nkids++] = kid;
    return 0;
}

/* Adds `kid` to the AND or OR `n`, moving in the operands of a kid of the same kind (unless '+'). */
static int node_add_flat(folio_qnode *n, folio_qnode *kid)
{
    if (kid->kind != n->kind || kid->required)
        return node_add(n, kid);
    n->explicit_op |= kid->explicit_op;
    int rc = 0;
    for (size_t i = 0; i < kid->nkids; i++) {
        if (rc == 0)
            rc = node_add(n, kid->kids[i]);
        else
            folio_query_free(kid->kids[i]);
    }
    kid->nkids = 0;
    folio_query_free(kid);
    return rc;
}

/* *out = `n` over the one operand `kid`. Takes ownership of both, even on failure; n may be NULL (out of
 * memory). */
static int node_wrap(folio_qnode **out, folio_qnode *n, folio_qnode *kid)
{
    if (!n) {
        folio_query_free(kid);
        return FOLIO_ENOMEM;
    }
    int rc = node_add(n, kid);
    if (rc < 0) {
        folio_query_free(n);
        return rc;
    }
    *out = n;
    return 0;
}

/* A one-operand AND/OR is its operand. */
static folio_qnode *node_collapse(folio_qnode *n)
{
    if (n->nkids != 1)
        return n;
    folio_qnode *only = n->kids[0];
    n->nkids = 0;
    folio_query_free(n);
    return only;
}

/* ---- Errors --------------------------------------------------------------------------------------- */

static int fail_at(size_t at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records a syntax error at byte offset `at` and returns FOLIO_EQUERY. */
static int fail_at(size_t at, const char *fmt, ...)
{
    char message[FOLIO_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return folio_error_set_at(FOLIO_EQUERY, (int)at + 1, "%s", message);
}

static const char *token_name(token_kind kind)
{
    switch (kind) {
    case TOK_MINUS:
        return "-";
    case TOK_PLUS:
        return "+";
    case TOK_AND:
        return "AND";
    case TOK_OR:
        return "OR";
    case TOK_NOT:
        return "NOT";
    case TOK_NEAR:
        return "NEAR";
    default:
        return "?";
    }
}

static int fail_nothing_to_apply(const token *op)
{
    return fail_at(op->at, "'%s' has nothing to apply to", token_name(op->kind));
}

/* ---- Lexer ---------------------------------------------------------------------------------------- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The end of the run of word bytes starting at `from`. */
static size_t word_end(const parser *p, size_t from)
{
    size_t i = from;
    while (i < p->len && !is_space(p->s[i]) && p->s[i] != '(' && p->s[i] != ')' && p->s[i] != '"')
        i++;
    return i;
}

static int run_is(const parser *p, size_t start, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(p->s + start, word, len) == 0;
}

/* s[start..start+len) equals `name` ignoring ASCII case. */
static int name_matches(const parser *p, size_t start, size_t len, const char *name)
{
    if (strlen(name) != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (ascii_lower(p->s[start + i]) != ascii_lower(name[i]))
            return 0;
    return 1;
}

/* The canonical name and kind of the field named s[start..start+len), or NULL when there is none. */
static const char *field_lookup(const parser *p, size_t start, size_t len, field_kind *kind)
{
    for (size_t i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++) {
        if (name_matches(p, start, len, text_fields[i])) {
            *kind = FIELD_TEXT;
            return text_fields[i];
        }
    }
    if (name_matches(p, start, len, date_field)) {
        *kind = FIELD_DATE;
        return date_field;
    }
    for (size_t i = 0; i < p->opts->keyword_field_count; i++) {
        if (name_matches(p, start, len, p->opts->keyword_fields[i])) {
            *kind = FIELD_KEYWORD;
            return p->opts->keyword_fields[i];
        }
    }
    /* Every document has a language (language.h), whether it said one or not. */
    if (name_matches(p, start, len, FOLIO_LANGUAGE_FIELD)) {
        *kind = FIELD_KEYWORD;
        return FOLIO_LANGUAGE_FIELD;
    }
    return NULL;
}

/* Reads "..." at `at`: *start and *len get the text between the quotes, *end the offset after them. */
static int lex_quoted(const parser *p, size_t at, size_t *start, size_t *len, size_t *end)
{
    const char *close = memchr(p->s + at + 1, '"', p->len - at - 1);
    if (!close)
        return fail_at(at, "unbalanced quote");
    *start = at + 1;
    *len = (size_t)(close - p->s) - *start;
    *end = *start + *len + 1;
    return 0;
}

/* If the run [start, end) begins with a field name and ':', sets *is_field and fills p->tok. */
static int lex_field(parser *p, size_t start, size_t end, int *is_field)
{
    *is_field = 0;
    size_t colon = start;
    if (!is_alpha(p->s[colon]))
        return 0;
    while (colon < end && (is_alpha(p->s[colon]) || is_digit(p->s[colon]) || p->s[colon] == '_'))
        colon++;
    if (colon == end || p->s[colon] != ':')
        return 0;
    field_kind kind = FIELD_TEXT;
    const char *name = field_lookup(p, start, colon - start, &kind);
    size_t value = colon + 1;
    int has_value = value < p->len && !is_space(p->s[value]) && p->s[value] != ')';
    if (!has_value) {
        if (name)
            return fail_at(start, "nothing after '%s:'", name);
        return 0; /* "foo:" followed by a space is just a word */
    }
    if (!name)
        return fail_at(start, "unknown field '%.*s'", (int)(colon - start), p->s + start);
    p->tok.kind = TOK_FIELD;
    p->tok.start = start;
    p->tok.len = colon - start;
    p->tok.field_kind = kind;
    p->tok.field_name = name;
    p->pos = value;
    *is_field = 1;
    return 0;
}

/* NEAR or NEAR/n in the run [start, end). */
static int lex_near(parser *p, size_t start, size_t end)
{
    p->tok.kind = TOK_NEAR;
    p->tok.distance = FOLIO_NEAR_DEFAULT_DISTANCE;
    if (end - start == 4)
        return 0;
    size_t digits = start + 5;
    unsigned distance = 0;
    int valid = end > digits;
    for (size_t i = digits; valid && i < end; i++) {
        valid = is_digit(p->s[i]);
        distance = distance * 10 + (unsigned)(p->s[i] - '0');
        valid = valid && distance <= QUERY_NEAR_MAX_DISTANCE; /* stops before it could overflow */
    }
    if (!valid)
        return fail_at(start, "bad NEAR distance '%.*s' (use NEAR/n with n from 0 to %d)", (int)(end - digits),
                       p->s + digits, QUERY_NEAR_MAX_DISTANCE);
    p->tok.distance = distance;
    return 0;
}

/* Classifies the run of word bytes at p->pos: operator, field or word. */
static int lex_run(parser *p)
{
    size_t start = p->pos, end = word_end(p, start), len = end - start;
    p->pos = end;
    p->tok.start = start;
    p->tok.len = len;
    if (run_is(p, start, len, "AND"))
        p->tok.kind = TOK_AND;
    else if (run_is(p, start, len, "OR"))
        p->tok.kind = TOK_OR;
    else if (run_is(p, start, len, "NOT"))
        p->tok.kind = TOK_NOT;
    else if (run_is(p, start, len, "NEAR") || (len > 4 && memcmp(p->s + start, "NEAR/", 5) == 0))
        return lex_near(p, start, end);
    else {
        int is_field;
        int rc = lex_field(p, start, end, &is_field);
        if (rc < 0 || is_field)
            return rc;
        p->tok.kind = TOK_WORD;
    }
    return 0;
}

/* Reads the next token into p->tok. */
static int advance(parser *p)
{
    while (p->pos < p->len && is_space(p->s[p->pos]))
        p->pos++;
    p->tok.at = p->pos;
    if (p->pos == p->len) {
        p->tok.kind = TOK_END;
        return 0;
    }
    switch (p->s[p->pos]) {
    case '(':
        p->tok.kind = TOK_LPAREN;
        break;
    case ')':
        p->tok.kind = TOK_RPAREN;
        break;
    case '-':
        p->tok.kind = TOK_MINUS;
        break;
    case '+':
        p->tok.kind = TOK_PLUS;
        break;
    case '"':
        p->tok.kind = TOK_PHRASE;
        return lex_quoted(p, p->pos, &p->tok.start, &p->tok.len, &p->pos);
    default:
        return lex_run(p);
    }
    p->pos++;
    return 0;
}

/* ---- Parser --------------------------------------------------------------------------------------- */

static int parse_or(parser *p, folio_qnode **out);

static int starts_primary(token_kind kind)
{
    return kind == TOK_WORD || kind == TOK_PHRASE || kind == TOK_LPAREN || kind == TOK_FIELD;
}

static int starts_operand(token_kind kind)
{
    return starts_primary(kind) || kind == TOK_MINUS || kind == TOK_PLUS || kind == TOK_NOT;
}

/* The edits of a word ending in '~' or '~N' (the suffix is cut from *len), 0 for any other word. */
static int fuzzy_suffix(const parser *p, size_t start, size_t *len, unsigned *out)
{
    *out = 0;
    size_t n = *len;
    unsigned edits = FOLIO_QUERY_FUZZY_AUTO;
    if (n >= 2 && p->s[start + n - 2] == '~' && is_digit(p->s[start + n - 1])) {
        edits = (unsigned)(p->s[start + n - 1] - '0');
        n -= 2;
        if (edits == 0 || edits > FOLIO_QUERY_FUZZY_MAX)
            return fail_at(start + n, "'~' takes 1 or 2 edits (word~1, word~2), not %u", edits);
    } else if (p->s[start + n - 1] == '~') {
        n -= 1;
    } else {
        return 0;
    }
    if (n == 0)
        return fail_at(start, "'~' needs a word before it");
    if (p->s[start + n - 1] == '*')
        return fail_at(start + n - 1, "a prefix cannot take '~'");
    *len = n;
    *out = edits;
    return 0;
}

/* A WORD, or a PREFIX when the word ends in '*', or a fuzzy WORD when it ends in '~' or '~N'. */
static int make_term(folio_qnode **out, const parser *p, size_t start, size_t len)
{
    folio_qkind kind = FOLIO_Q_WORD;
    unsigned fuzzy;
    int rc = fuzzy_suffix(p, start, &len, &fuzzy);
    if (rc < 0)
        return rc;
    if (fuzzy) {
        *out = node_new_text(kind, start, p->s + start, len);
        if (*out)
            (*out)->fuzzy = fuzzy;
        return *out ? 0 : FOLIO_ENOMEM;
    }
    if (p->s[start + len - 1] == '*') {
        kind = FOLIO_Q_PREFIX;
        if (--len == 0)
            return fail_at(start, "'*' needs a word before it");
    }
    *out = node_new_text(kind, start, p->s + start, len);
    return *out ? 0 : FOLIO_ENOMEM;
}

static int make_phrase(folio_qnode **out, const parser *p, size_t quote, size_t start, size_t len)
{
    size_t i = 0;
    while (i < len && is_space(p->s[start + i]))
        i++;
    if (i == len)
        return fail_at(quote, "empty phrase");
    *out = node_new_text(FOLIO_Q_PHRASE, quote, p->s + start, len);
    return *out ? 0 : FOLIO_ENOMEM;
}

/* A group in parentheses; p->tok is on the '('. */
static int parse_group(parser *p, folio_qnode **out)
{
    size_t open = p->tok.at;
    if (++p->depth > FOLIO_QUERY_MAX_DEPTH) {
        p->limit_hit = 1;
        return fail_at(open, "query nested deeper than %d levels", FOLIO_QUERY_MAX_DEPTH);
    }
    int rc = advance(p);
    if (rc < 0)
        return rc;
    if (p->tok.kind == TOK_RPAREN)
        return fail_at(open, "empty group");
    if (p->tok.kind == TOK_END)
        return fail_at(open, "unbalanced '('");
    rc = parse_or(p, out);
    if (rc < 0)
        return rc;
    if (p->tok.kind != TOK_RPAREN) {
        folio_query_free(*out);
        return fail_at(open, "unbalanced '('");
    }
    (*out)->explicit_op = 1;
    p->depth--;
    rc = advance(p);
    if (rc < 0)
        folio_query_free(*out);
    return rc;
}

/* The value of a keyword or date field at p->pos: a quoted string or a run of word bytes. */
static int read_value(parser *p, const token *field, size_t *start, size_t *len)
{
    size_t at = p->pos;
    if (p->s[at] == '(')
        return fail_at(at, "field '%s' takes a single value", field->field_name);
    if (p->s[at] == '"') {
        int rc = lex_quoted(p, at, start, len, &p->pos);
        if (rc == 0 && *len == 0)
            return fail_at(at, "empty value for '%s:'", field->field_name);
        return rc;
    }
    *start = at;
    p->pos = word_end(p, at);
    *len = p->pos - at;
    return 0;
}

static int make_keyword(folio_qnode **out, const parser *p, const token *field, size_t start, size_t len)
{
    folio_qnode *n = node_new_field(FOLIO_Q_KEYWORD, field->at, field->field_name);
    if (!n || node_set_text(n, p->s + start, len) < 0) {
        folio_query_free(n);
        return FOLIO_ENOMEM;
    }
    for (size_t i = 0; i < len; i++)
        n->text[i] = ascii_lower(n->text[i]);
    *out = n;
    return 0;
}

/* Parses one date of a date value, reporting a bad one at its own column. */
static int parse_date_at(const parser *p, size_t start, size_t len, folio_date *d)
{
    if (folio_date_parse(d, p->s + start, len) == 0)
        return 0;
    char message[FOLIO_ERROR_MESSAGE_MAX];
    snprintf(message, sizeof message, "%s", folio_error_last()->message);
    return fail_at(start, "%s", message);
}

/* The range [*lo, *hi] of a date value: x, a..b, a.., ..b, >x, >=x, <x or <=x. */
static int parse_date_range(const parser *p, size_t start, size_t len, int64_t *lo, int64_t *hi)
{
    const char *v = p->s + start;
    folio_date d;
    int rc;
    *lo = INT64_MIN;
    *hi = INT64_MAX;
    if (len >= 1 && (v[0] == '>' || v[0] == '<')) {
        size_t skip = len >= 2 && v[1] == '=' ? 2 : 1;
        rc = parse_date_at(p, start + skip, len - skip, &d);
        if (rc < 0)
            return rc;
        if (v[0] == '>')
            *lo = skip == 2 ? d.epoch : folio_date_last_second(&d) + 1;
        else
            *hi = skip == 2 ? folio_date_last_second(&d) : d.epoch - 1;
        return 0;
    }
    size_t dots = 0;
    while (dots + 1 < len && !(v[dots] == '.' && v[dots + 1] == '.'))
        dots++;
    if (dots + 1 >= len) { /* one date: its whole period */
        rc = parse_date_at(p, start, len, &d);
        if (rc == 0) {
            *lo = d.epoch;
            *hi = folio_date_last_second(&d);
        }
        return rc;
    }
    if (len == 2)
        return fail_at(start, "date range '..' needs at least one end");
    if (dots > 0) {
        rc = parse_date_at(p, start, dots, &d);
        if (rc < 0)
            return rc;
        *lo = d.epoch;
    }
    if (dots + 2 < len) {
        rc = parse_date_at(p, start + dots + 2, len - dots - 2, &d);
        if (rc < 0)
            return rc;
        *hi = folio_date_last_second(&d);
    }
    if (*lo > *hi)
        return fail_at(start, "date range '%.*s' ends before it starts", (int)len, v);
    return 0;
}

static int make_date(folio_qnode **out, const parser *p, const token *field, size_t start, size_t len)
{
    int64_t lo, hi;
    int rc = parse_date_range(p, start, len, &lo, &hi);
    if (rc < 0)
        return rc;
    folio_qnode *n = node_new(FOLIO_Q_DATE, field->at);
    if (!n)
        return FOLIO_ENOMEM;
    n->date_lo = lo;
    n->date_hi = hi;
    *out = n;
    return 0;
}

/* The operand of a text field: a group, a phrase or a word read without operators. */
static int parse_text_field_operand(parser *p, folio_qnode **out)
{
    size_t at = p->pos;
    int rc;
    if (p->s[at] == '(') {
        rc = advance(p);
        return rc < 0 ? rc : parse_group(p, out);
    }
    if (p->s[at] == '"') {
        size_t start = 0, len = 0;
        rc = lex_quoted(p, at, &start, &len, &p->pos);
        if (rc == 0)
            rc = make_phrase(out, p, at, start, len);
    } else {
        p->pos = word_end(p, at);
        rc = make_term(out, p, at, p->pos - at);
    }
    if (rc == 0) {
        rc = advance(p);
        if (rc < 0)
            folio_query_free(*out);
    }
    return rc;
}

/* name:value with p->tok on the field and p->pos just after the ':'. */
static int parse_field(parser *p, folio_qnode **out)
{
    token field = p->tok;
    if (field.field_kind == FIELD_TEXT) {
        folio_qnode *kid;
        int rc = parse_text_field_operand(p, &kid);
        return rc < 0 ? rc : node_wrap(out, node_new_field(FOLIO_Q_FIELD, field.at, field.field_name), kid);
    }
    size_t start = 0, len = 0;
    int rc = read_value(p, &field, &start, &len);
    if (rc == 0)
        rc = field.field_kind == FIELD_KEYWORD ? make_keyword(out, p, &field, start, len)
                                                : make_date(out, p, &field, start, len);
    if (rc == 0) {
        rc = advance(p);
        if (rc < 0)
            folio_query_free(*out);
    }
    return rc;
}

static int parse_primary(parser *p, folio_qnode **out)
{
    int rc;
    switch (p->tok.kind) {
    case TOK_WORD:
        rc = make_term(out, p, p->tok.start, p->tok.len);
        break;
    case TOK_PHRASE:
        rc = make_phrase(out, p, p->tok.at, p->tok.start, p->tok.len);
        break;
    case TOK_LPAREN:
        return parse_group(p, out);
    case TOK_FIELD:
        return parse_field(p, out);
    case TOK_RPAREN:
        return fail_at(p->tok.at, "unexpected ')'");
    case TOK_END:
        return fail_at(p->tok.at, "unexpected end of query");
    default:
        return fail_nothing_to_apply(&p->tok);
    }
    if (rc == 0) {
        rc = advance(p);
        if (rc < 0)
            folio_query_free(*out);
    }
    return rc;
}

/* '-', NOT or '+' before a primary, or a primary. */
static int parse_unary(parser *p, folio_qnode **out)
{
    token op = p->tok;
    if (op.kind != TOK_MINUS && op.kind != TOK_NOT && op.kind != TOK_PLUS)
        return parse_primary(p, out);
    int rc = advance(p);
    if (rc < 0)
        return rc;
    int attached = op.kind == TOK_NOT || p->tok.at == op.at + 1; /* "a - b" is not "a -b" */
    if (!starts_primary(p->tok.kind) || !attached)
        return fail_nothing_to_apply(&op);
    folio_qnode *kid;
    rc = parse_primary(p, &kid);
    if (rc < 0)
        return rc;
    if (op.kind == TOK_PLUS) {
        /* An exclusion is already a must: "+(-a)" is "-a" (a NOT is never marked required). */
        if (kid->kind != FOLIO_Q_NOT) {
            kid->required = 1;
            kid->column = (int)op.at + 1;
        }
        *out = kid;
        return 0;
    }
    return node_wrap(out, node_new(FOLIO_Q_NOT, op.at), kid);
}

static int check_near_operand(const folio_qnode *n)
{
    /* A phrase is refused rather than matched approximately: Xapian's OP_NEAR cannot hold one. */
    int term = n->kind == FOLIO_Q_WORD || n->kind == FOLIO_Q_PREFIX;
    if (term && !n->required && n->fuzzy)
        return fail_at((size_t)n->column - 1, "NEAR cannot take a word with '~'");
    if (term && !n->required)
        return 0;
    return fail_at((size_t)n->column - 1, "NEAR works only on words and prefixes");
}

static int parse_near(parser *p, folio_qnode **out)
{
    folio_qnode *first;
    int rc = parse_unary(p, &first);
    if (rc < 0 || p->tok.kind != TOK_NEAR) {
        *out = first;
        return rc;
    }
    folio_qnode *n = node_new(FOLIO_Q_NEAR, (size_t)first->column - 1);
    if (!n) {
        folio_query_free(first);
        return FOLIO_ENOMEM;
    }
    n->distance = p->tok.distance;
    rc = node_add(n, first);
    if (rc == 0)
        rc = check_near_operand(first);
    while (rc == 0 && p->tok.kind == TOK_NEAR) {
        token op = p->tok;
        if (op.distance < n->distance)
            n->distance = op.distance;
        folio_qnode *kid;
        rc = advance(p);
        if (rc == 0 && !starts_operand(p->tok.kind))
            rc = fail_nothing_to_apply(&op);
        if (rc == 0)
            rc = parse_unary(p, &kid);
        if (rc == 0)
            rc = node_add(n, kid);
        if (rc == 0)
            rc = check_near_operand(kid);
    }
    if (rc < 0) {
        folio_query_free(n);
        return rc;
    }
    *out = n;
    return 0;
}

/* Operands joined by AND or OR (`op`): `parse_operand` reads one operand, and an operand follows either
 * after the `op` token or, when `implicit`, directly. */
static int parse_list(parser *p, folio_qnode **out, folio_qkind kind, token_kind op, int implicit,
                      int (*parse_operand)(parser *, folio_qnode **))
{
    folio_qnode *first;
    int rc = parse_operand(p, &first);
    if (rc < 0)
        return rc;
    folio_qnode *n = node_new(kind, (size_t)first->column - 1);
    if (!n) {
        folio_query_free(first);
        return FOLIO_ENOMEM;
    }
    rc = node_add_flat(n, first);
    for (;;) {
        if (rc < 0) {
            folio_query_free(n);
            return rc;
        }
        if (p->tok.kind == op) {
            token written = p->tok;
            n->explicit_op = 1;
            rc = advance(p);
            if (rc == 0 && !starts_operand(p->tok.kind))
                rc = fail_nothing_to_apply(&written);
        } else if (!implicit || !starts_operand(p->tok.kind)) {
            break;
        }
        folio_qnode *kid;
        if (rc == 0)
            rc = parse_operand(p, &kid);
        if (rc == 0)
            rc = node_add_flat(n, kid);
    }
    *out = node_collapse(n);
    return 0;
}

static int parse_and(parser *p, folio_qnode **out)
{
    return parse_list(p, out, FOLIO_Q_AND, TOK_AND, 1, parse_near);
}

static int parse_or(parser *p, folio_qnode **out)
{
    return parse_list(p, out, FOLIO_Q_OR, TOK_OR, 0, parse_and);
}

/* ---- Exclusions ----------------------------------------------------------------------------------- */

static int and_has_positive(const folio_qnode *n)
{
    for (size_t i = 0; i < n->nkids; i++)
        if (n->kids[i]->kind != FOLIO_Q_NOT)
            return 1;
    return 0;
}

static int is_positive(const folio_qnode *n)
{
    return n->kind != FOLIO_Q_NOT && !(n->kind == FOLIO_Q_AND && !and_has_positive(n));
}

/* Every NOT is an operand of an AND with a positive operand (`may_exclude` says n is one). */
static int check_exclusions(const folio_qnode *n, int may_exclude)
{
    if (n->kind == FOLIO_Q_NOT && !may_exclude)
        return fail_at((size_t)n->column - 1, "nothing to exclude from");
    int kids_may_exclude = n->kind == FOLIO_Q_AND && and_has_positive(n);
    for (size_t i = 0; i < n->nkids; i++) {
        int rc = check_exclusions(n->kids[i], kids_may_exclude);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* ---- Modes ---------------------------------------------------------------------------------------- */

static int parse_strict(parser *p, folio_qnode **out)
{
    size_t i = 0;
    while (i < p->len && is_space(p->s[i]))
        i++;
    if (i == p->len)
        return fail_at(0, "empty query");
    folio_qnode *root = NULL;
    int rc = advance(p);
    if (rc == 0)
        rc = parse_or(p, &root);
    if (rc < 0)
        return rc;
    if (p->tok.kind != TOK_END) /* parse_or stops only at the end or at a ')' without a '(' */
        rc = fail_at(p->tok.at, "unexpected ')'");
    if (rc == 0) {
        p->only_exclusions = !is_positive(root);
        rc = check_exclusions(root, 0);
    }
    if (rc < 0) {
        folio_query_free(root);
        return rc;
    }
    *out = root;
    return 0;
}

/* Words split on white space, under an AND when there are several. */
static int parse_plain(const char *s, size_t len, folio_qnode **out)
{
    folio_qnode *all = node_new(FOLIO_Q_AND, 0);
    if (!all)
        return FOLIO_ENOMEM;
    size_t i = 0;
    for (;;) {
        while (i < len && is_space(s[i]))
            i++;
        if (i == len)
            break;
        size_t start = i;
        while (i < len && !is_space(s[i]))
            i++;
        folio_qnode *word = node_new_text(FOLIO_Q_WORD, start, s + start, i - start);
        if (!word || node_add(all, word) < 0) {
            folio_query_free(all);
            return FOLIO_ENOMEM;
        }
    }
    if (all->nkids == 0) {
        folio_query_free(all);
        all = NULL;
    } else if (all->nkids == 1) {
        all = node_collapse(all);
    } else {
        all->column = all->kids[0]->column;
    }
    *out = all;
    return 0;
}

int folio_query_parse(folio_qnode **out, const char *query, size_t len, const folio_parse_options *opts)
{
    static const folio_parse_options defaults = {FOLIO_SYNTAX_STRICT, NULL, 0};
    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (len > FOLIO_QUERY_MAX_BYTES)
        return fail_at(FOLIO_QUERY_MAX_BYTES, "query too long (%zu bytes, at most %d)", len,
                       FOLIO_QUERY_MAX_BYTES);
    if (opts->syntax == FOLIO_SYNTAX_PLAIN)
        return parse_plain(query, len, out);
    parser p = {query, len, 0, opts, {TOK_END, 0, 0, 0, 0, FIELD_TEXT, NULL}, 0, 0, 0};
    int rc = parse_strict(&p, out);
    if (rc != FOLIO_EQUERY || opts->syntax != FOLIO_SYNTAX_LENIENT || p.limit_hit)
        return rc;
    folio_error_clear();
    if (p.only_exclusions)
        return 0; /* nothing to search for */
    return parse_plain(query, len, out);
}

/* ---- Inspection ----------------------------------------------------------------------------------- */

int folio_query_is_plain(const folio_qnode *q)
{
    if (!q || q->required || q->explicit_op)
        return 0;
    if (q->kind == FOLIO_Q_WORD)
        return !q->fuzzy;
    if (q->kind != FOLIO_Q_AND)
        return 0;
    for (size_t i = 0; i < q->nkids; i++)
        if (q->kids[i]->kind != FOLIO_Q_WORD || q->kids[i]->required || q->kids[i]->explicit_op ||
            q->kids[i]->fuzzy)
            return 0;
    return 1;
}

static const char *kind_name(folio_qkind kind)
{
    static const char *const names[] = {"WORD", "PHRASE", "PREFIX", "AND", "OR",
                                        "NOT",  "NEAR",   "FIELD",  "KEYWORD", "DATE"};
    return names[kind];
}

static void format_quoted(folio_buf *out, const char *s, size_t len)
{
    folio_buf_putc(out, '"');
    folio_json_escape(out, s, len);
    folio_buf_putc(out, '"');
}

static void format_date_end(folio_buf *out, int64_t epoch, int64_t open)
{
    if (epoch == open)
        folio_buf_puts(out, " ..");
    else
        folio_buf_printf(out, " %lld", (long long)epoch);
}

void folio_query_format(folio_buf *out, const folio_qnode *q)
{
    if (!q)
        return;
    if (q->required)
        folio_buf_putc(out, '+');
    folio_buf_putc(out, '(');
    folio_buf_puts(out, kind_name(q->kind));
    switch (q->kind) {
    case FOLIO_Q_NEAR:
        folio_buf_printf(out, "/%u", q->distance);
        break;
    case FOLIO_Q_WORD:
        if (q->fuzzy == FOLIO_QUERY_FUZZY_AUTO)
            folio_buf_putc(out, '~');
        else if (q->fuzzy)
            folio_buf_printf(out, "~%u", q->fuzzy);
        break;
    case FOLIO_Q_FIELD:
    case FOLIO_Q_KEYWORD:
        folio_buf_putc(out, ' ');
        folio_buf_puts(out, q->field);
        break;
    case FOLIO_Q_DATE:
        format_date_end(out, q->date_lo, INT64_MIN);
        format_date_end(out, q->date_hi, INT64_MAX);
        break;
    default:
        break;
    }
    if (q->text) {
        folio_buf_putc(out, ' ');
        format_quoted(out, q->text, q->text_len);
    }
    for (size_t i = 0; i < q->nkids; i++) {
        folio_buf_putc(out, ' ');
        folio_query_format(out, q->kids[i]);
    }
    folio_buf_putc(out, ')');
}
