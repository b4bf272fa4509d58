/*
 * fuzz_query.c — parses arbitrary bytes as a query in all three modes, formats each tree and checks the
 * invariants of query.h: the shape of every node, strict success giving the same tree in lenient mode,
 * lenient mode failing only on the size and depth limits, and plain mode giving the white-space-separated
 * words of the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "query.h"

#define FUZZ_NEAR_MAX_DISTANCE 1000 /* query.c's cap on NEAR/n */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const keyword_fields[] = {"topics", "places"};

static void check(int ok)
{
    if (!ok)
        abort();
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int is_term(const folio_qnode *n)
{
    return n->kind == FOLIO_Q_WORD || n->kind == FOLIO_Q_PHRASE || n->kind == FOLIO_Q_PREFIX;
}

static int has_positive_kid(const folio_qnode *n)
{
    for (size_t i = 0; i < n->nkids; i++)
        if (n->kids[i]->kind != FOLIO_Q_NOT)
            return 1;
    return 0;
}

static void check_text(const folio_qnode *n, int wanted)
{
    if (!wanted) {
        check(n->text == NULL);
        return;
    }
    check(n->text != NULL && n->text_len > 0 && n->text[n->text_len] == '\0');
}

/* The node invariants of query.h; `may_exclude`: n is an operand of an AND with a positive operand. */
static void check_node(const folio_qnode *n, size_t len, int may_exclude)
{
    check(n->column >= 1 && (size_t)n->column <= len);
    check(n->nkids == 0 || n->kids != NULL);
    int kids_may_exclude = 0;
    switch (n->kind) {
    case FOLIO_Q_WORD:
    case FOLIO_Q_PHRASE:
    case FOLIO_Q_PREFIX:
    case FOLIO_Q_KEYWORD:
        check_text(n, 1);
        /* only a WORD is fuzzy: word~ or word~1, word~2 */
        check(n->fuzzy == 0 || (n->kind == FOLIO_Q_WORD && (n->fuzzy == FOLIO_QUERY_FUZZY_AUTO ||
                                                             n->fuzzy <= FOLIO_QUERY_FUZZY_MAX)));
        check(n->nkids == 0);
        check((n->field != NULL) == (n->kind == FOLIO_Q_KEYWORD));
        break;
    case FOLIO_Q_DATE:
        check_text(n, 0);
        check(n->nkids == 0 && n->date_lo <= n->date_hi);
        break;
    case FOLIO_Q_AND:
    case FOLIO_Q_OR:
        check_text(n, 0);
        check(n->nkids >= 2);
        for (size_t i = 0; i < n->nkids; i++) /* flattened */
            check(n->kids[i]->kind != n->kind || n->kids[i]->required);
        kids_may_exclude = n->kind == FOLIO_Q_AND && has_positive_kid(n);
        break;
    case FOLIO_Q_NOT:
        check_text(n, 0);
        check(n->nkids == 1 && may_exclude && !n->required);
        break;
    case FOLIO_Q_NEAR:
        check_text(n, 0);
        check(n->nkids >= 2 && n->distance <= FUZZ_NEAR_MAX_DISTANCE);
        for (size_t i = 0; i < n->nkids; i++)
            check(is_term(n->kids[i]) && !n->kids[i]->required && !n->kids[i]->fuzzy);
        break;
    case FOLIO_Q_FIELD:
        check_text(n, 0);
        check(n->nkids == 1 && n->field != NULL);
        check(!strcmp(n->field, "title") || !strcmp(n->field, "body") || !strcmp(n->field, "author") ||
              !strcmp(n->field, "url"));
        break;
    default:
        check(0);
    }
    for (size_t i = 0; i < n->nkids; i++)
        check_node(n->kids[i], len, kids_may_exclude);
}

/* A plain tree: the white-space-separated runs of the input, in order, as WORD nodes. */
static void check_plain(const folio_qnode *q, const char *s, size_t len)
{
    size_t runs = 0;
    for (size_t i = 0; i < len; i++)
        if (!is_space(s[i]) && (i == 0 || is_space(s[i - 1])))
            runs++;
    if (runs == 0) {
        check(q == NULL);
        return;
    }
    check(q != NULL && folio_query_is_plain(q));
    const folio_qnode *const *words = runs == 1 ? &q : (const folio_qnode *const *)q->kids;
    check(runs == 1 ? q->kind == FOLIO_Q_WORD : q->nkids == runs);
    for (size_t i = 0; i < runs; i++) {
        const folio_qnode *w = words[i];
        size_t at = (size_t)w->column - 1;
        check(w->kind == FOLIO_Q_WORD && at + w->text_len <= len);
        check(memcmp(s + at, w->text, w->text_len) == 0);
        check(at + w->text_len == len || is_space(s[at + w->text_len]));
    }
}

/* Parses and formats; returns the rc and leaves the formatted tree in *text (caller frees). */
static int parse_and_format(const char *s, size_t len, folio_syntax syntax, folio_qnode **q, char **text)
{
    folio_parse_options opts = {syntax, keyword_fields, sizeof keyword_fields / sizeof keyword_fields[0]};
    int rc = folio_query_parse(q, s, len, &opts);
    if (rc < 0) {
        const folio_error *e = folio_error_last();
        check(*q == NULL && e != NULL && e->code == rc && e->message[0] != '\0');
        check(rc != FOLIO_EQUERY || (e->column >= 1 && (size_t)e->column <= len + 1));
    }
    folio_buf b = FOLIO_BUF_INIT;
    folio_query_format(&b, *q);
    *text = folio_buf_detach(&b);
    if (!*text)
        abort(); /* out of memory: nothing to check */
    check(rc == 0 || (*text)[0] == '\0');
    return rc;
}

static int is_limit_error(size_t len)
{
    const folio_error *e = folio_error_last();
    return len > FOLIO_QUERY_MAX_BYTES || (e && strstr(e->message, "nested deeper than"));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    folio_qnode *strict, *lenient, *plain;
    char *strict_text, *lenient_text, *plain_text;

    int strict_rc = parse_and_format(s, size, FOLIO_SYNTAX_STRICT, &strict, &strict_text);
    int strict_limit = strict_rc == FOLIO_EQUERY && is_limit_error(size);
    int strict_nothing =
        strict_rc == FOLIO_EQUERY && strstr(folio_error_last()->message, "nothing to exclude") != NULL;
    check(strict_rc == 0 || strict_rc == FOLIO_EQUERY || strict_rc == FOLIO_ENOMEM);
    if (strict)
        check_node(strict, size, 0);

    int lenient_rc = parse_and_format(s, size, FOLIO_SYNTAX_LENIENT, &lenient, &lenient_text);
    if (strict_rc == 0)
        check(lenient_rc == 0 && strcmp(strict_text, lenient_text) == 0);
    if (lenient_rc == FOLIO_EQUERY)
        check(strict_limit && is_limit_error(size));
    if (strict_limit)
        check(lenient_rc == FOLIO_EQUERY);

    int plain_rc = parse_and_format(s, size, FOLIO_SYNTAX_PLAIN, &plain, &plain_text);
    int plain_too_long = plain_rc == FOLIO_EQUERY && size > FOLIO_QUERY_MAX_BYTES;
    check(plain_rc == 0 || plain_rc == FOLIO_ENOMEM || plain_too_long);
    if (plain_rc == 0)
        check_plain(plain, s, size);
    /* A strict failure that is neither a limit nor "only exclusions" reads the query as plain words. */
    if (strict_rc == FOLIO_EQUERY && !strict_limit && !strict_nothing && lenient_rc == 0 && plain_rc == 0)
        check(strcmp(lenient_text, plain_text) == 0);
    /* Only exclusions in the whole query is nothing; in a part of it, plain words. */
    if (strict_nothing && lenient_rc == 0 && plain_rc == 0)
        check(lenient == NULL || strcmp(lenient_text, plain_text) == 0);

    folio_query_is_plain(strict);
    folio_query_is_plain(lenient);
    folio_query_free(strict);
    folio_query_free(lenient);
    folio_query_free(plain);
    free(strict_text);
    free(lenient_text);
    free(plain_text);
    return 0;
}
