/*
 * folio_tokens — prints how folio's analyzer reads text, for tests that check folio against a brute-force
 * scan of a raw corpus (tests/e2e/brute_force.py): the same segmentation, folding and stemming.
 *
 *   folio_tokens [-l LANGUAGE] [FILE...]
 *
 * One line per word: "POSITION<TAB>STEM<TAB>FOLDED-WORD", positions from 0 in each text. With no FILE,
 * standard input is one text. With files, each file is one text, its words preceded by a line
 * "# FILE" (a word line always starts with a digit). Exit status 0, or 2 on an error.
 */
#include "analyzer.h"
#include "buf.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_CHUNK 65536

static int fail(const char *what)
{
    const folio_error *e = folio_error_last();
    fprintf(stderr, "folio_tokens: %s: %s\n", what, e ? e->message : "failed");
    return 2;
}

/* Reads all of `f` into `out`; 0, or -1 on a read error or out of memory. */
static int read_all(FILE *f, folio_buf *out)
{
    char chunk[READ_CHUNK];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        folio_buf_append(out, chunk, n);
    return ferror(f) || folio_buf_check(out) < 0 ? -1 : 0;
}

static int print_tokens(folio_analyzer *an, const char *text, size_t len)
{
    folio_cursor cur;
    folio_token tok;
    int rc;
    folio_analyzer_start(&cur, text, len, 0);
    while ((rc = folio_analyzer_next(an, &cur, &tok)) == 1)
        printf("%u\t%s\t%s\n", (unsigned)tok.pos, tok.term, tok.word);
    return rc;
}

/* Tokenizes one file ("-" or NULL: standard input). */
static int tokenize(folio_analyzer *an, const char *path, folio_buf *text)
{
    FILE *f = path && strcmp(path, "-") != 0 ? fopen(path, "rb") : stdin;
    if (!f) {
        perror(path);
        return 2;
    }
    folio_buf_reset(text);
    int rc = read_all(f, text);
    if (f != stdin)
        fclose(f);
    if (rc < 0) {
        fprintf(stderr, "folio_tokens: cannot read %s\n", path ? path : "standard input");
        return 2;
    }
    if (path)
        printf("# %s\n", path);
    return print_tokens(an, text->data ? text->data : "", text->len) < 0 ? fail(path ? path : "stdin") : 0;
}

int main(int argc, char **argv)
{
    const char *language = FOLIO_DEFAULT_LANGUAGE;
    int first = 1;
    if (argc >= 3 && strcmp(argv[1], "-l") == 0) {
        language = argv[2];
        first = 3;
    }
    folio_analyzer *an;
    if (folio_analyzer_new(&an, language) < 0)
        return fail(language);
    folio_buf text = FOLIO_BUF_INIT;
    int status = 0;
    if (first == argc)
        status = tokenize(an, NULL, &text);
    for (int i = first; i < argc && status == 0; i++)
        status = tokenize(an, argv[i], &text);
    folio_buf_free(&text);
    folio_analyzer_free(an);
    if (fflush(stdout) != 0)
        status = 2;
    return status;
}
