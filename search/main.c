/*
 * folio-search — answers queries over a folio database: ranked hits with highlighted snippets.
 *
 * A thin front end over libfolio: options in, folio_search(), results out.
 */
#define _POSIX_C_SOURCE 200809L
#include "buf.h"
#include "folio.h"
#include "snippet.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_HITS = 0, EXIT_NO_HITS = 1, EXIT_ERROR = 2 };

/* Upper bound on -n: a page is for reading, and every hit gets a snippet. */
#define MAX_LIMIT 10000

#define ANSI_BOLD "\033[1m"
#define ANSI_RESET "\033[0m"

typedef struct settings {
    const char *db_path;
    folio_search_options search;
    int color;
} settings;

static void usage(FILE *out)
{
    fputs("Usage: folio-search [-d DB] [options] QUERY...\n"
          "Search a folio database; the words of QUERY are joined with spaces.\n"
          "\n"
          "Query language (see README): plain words must all match, in any inflection; \"a phrase\" must\n"
          "appear as consecutive words; AND, OR, NOT (upper case), -word, +word, (grouping),\n"
          "a NEAR/5 b, prefix*, title:/body:/author:/url: fields, keyword:value, date:2025..2026.\n"
          "\n"
          "Options:\n"
          "  -d, --db DB             the database (default: $FOLIO_DB, else ./folio.db)\n"
          "  -n, --limit N           show N hits (default 10)\n"
          "      --offset N          skip the first N hits\n"
          "      --sort ORDER        relevance (default), date (oldest first) or -date (newest first)\n"
          "      --lenient           read what does not parse as plain words instead of failing\n"
          "      --plain             the query is plain words: no operators, quotes or fields\n"
          "      --color WHEN        highlight matches: auto (default: on a terminal), always, never\n"
          "  -h, --help              show this help\n"
          "      --version           show the version\n"
          "\n"
          "Exit status: 0 hits found, 1 no hits, 2 error.\n",
          out);
}

static int parse_count(const char *s, const char *what, unsigned max, unsigned *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 0 || v > (long)max) {
        fprintf(stderr, "folio-search: %s must be a number from 0 to %u, not '%s'\n", what, max, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* Reads the command line into *s; returns the index of the first query word, or -1 (exit with the code
 * in *exit_code). */
static int parse_args(settings *s, int argc, char **argv, int *exit_code)
{
    enum { OPT_OFFSET = 256, OPT_SORT, OPT_LENIENT, OPT_PLAIN, OPT_COLOR, OPT_VERSION };
    static const struct option long_options[] = {
        {"db", required_argument, NULL, 'd'},        {"limit", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, OPT_OFFSET}, {"sort", required_argument, NULL, OPT_SORT},
        {"lenient", no_argument, NULL, OPT_LENIENT}, {"plain", no_argument, NULL, OPT_PLAIN},
        {"color", required_argument, NULL, OPT_COLOR}, {"colour", required_argument, NULL, OPT_COLOR},
        {"help", no_argument, NULL, 'h'},            {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    int opt;
    *exit_code = EXIT_ERROR;
    while ((opt = getopt_long(argc, argv, "d:n:h", long_options, NULL)) != -1) {
        switch (opt) {
        case 'd': s->db_path = optarg; break;
        case 'n':
            if (parse_count(optarg, "--limit", MAX_LIMIT, &s->search.limit) < 0)
                return -1;
            break;
        case OPT_OFFSET:
            if (parse_count(optarg, "--offset", INT_MAX / 2, &s->search.offset) < 0)
                return -1;
            break;
        case OPT_SORT:
            if (strcmp(optarg, "relevance") == 0)
                s->search.sort = FOLIO_SORT_RELEVANCE;
            else if (strcmp(optarg, "date") == 0)
                s->search.sort = FOLIO_SORT_DATE;
            else if (strcmp(optarg, "-date") == 0)
                s->search.sort = FOLIO_SORT_DATE_DESC;
            else {
                fprintf(stderr, "folio-search: --sort takes relevance, date or -date, not '%s'\n", optarg);
                return -1;
            }
            break;
        case OPT_LENIENT: s->search.syntax = FOLIO_SYNTAX_LENIENT; break;
        case OPT_PLAIN: s->search.syntax = FOLIO_SYNTAX_PLAIN; break;
        case OPT_COLOR:
            if (strcmp(optarg, "always") == 0)
                s->color = 1;
            else if (strcmp(optarg, "never") == 0)
                s->color = 0;
            else if (strcmp(optarg, "auto") == 0)
                s->color = isatty(STDOUT_FILENO);
            else {
                fprintf(stderr, "folio-search: --color takes auto, always or never, not '%s'\n", optarg);
                return -1;
            }
            break;
        case 'h': usage(stdout); *exit_code = 0; return -1;
        case OPT_VERSION: printf("folio-search %s\n", FOLIO_VERSION); *exit_code = 0; return -1;
        default: fprintf(stderr, "Try 'folio-search --help'.\n"); return -1;
        }
    }
    if (optind == argc) {
        fprintf(stderr, "folio-search: no QUERY given\nTry 'folio-search --help'.\n");
        return -1;
    }
    return optind;
}

static char *join_words(int argc, char **argv, int first)
{
    folio_buf q = FOLIO_BUF_INIT;
    for (int i = first; i < argc; i++) {
        if (i > first)
            folio_buf_putc(&q, ' ');
        folio_buf_puts(&q, argv[i]);
    }
    return folio_buf_detach(&q);
}

static void print_hit(const folio_hit *h, int color)
{
    folio_buf out = FOLIO_BUF_INIT;
    folio_buf_printf(&out, "%2u. %s%s%s\n", h->rank, color ? ANSI_BOLD : "", *h->title ? h->title : "(untitled)",
                     color ? ANSI_RESET : "");
    folio_buf_printf(&out, "    %s", h->id);
    if (h->date)
        folio_buf_printf(&out, "  %s", h->date);
    if (h->url)
        folio_buf_printf(&out, "  %s", h->url);
    folio_buf_putc(&out, '\n');
    if (*h->snippet) {
        folio_buf_puts(&out, "    ");
        folio_snippet_marked(&out, h->snippet, h->highlights, h->highlight_count, color ? ANSI_BOLD : "",
                             color ? ANSI_RESET : "");
        folio_buf_putc(&out, '\n');
    }
    if (out.data)
        fputs(out.data, stdout);
    folio_buf_free(&out);
}

static void print_results(const folio_results *res, const folio_search_options *opts, int color)
{
    int exact;
    uint64_t total = folio_results_total(res, &exact);
    size_t n = folio_results_count(res);
    if (n)
        printf("%s%llu result%s (showing %u-%u)\n\n", exact ? "" : "at least ", (unsigned long long)total,
               total == 1 ? "" : "s", opts->offset + 1, opts->offset + (unsigned)n);
    else
        printf("No results (%s%llu matching).\n", exact ? "" : "at least ", (unsigned long long)total);
    for (size_t i = 0; i < n; i++) {
        if (i)
            putchar('\n');
        print_hit(folio_results_hit(res, i), color);
    }
}

static void report_error(void)
{
    const folio_error *e = folio_error_last();
    if (e && e->code == FOLIO_EQUERY && e->column > 0)
        fprintf(stderr, "folio-search: query error at column %d: %s\n", e->column, e->message);
    else
        fprintf(stderr, "folio-search: %s\n", e ? e->message : "unknown error");
}

int main(int argc, char **argv)
{
    settings s = {getenv("FOLIO_DB"), FOLIO_SEARCH_OPTIONS_INIT, isatty(STDOUT_FILENO)};
    if (!s.db_path || !*s.db_path)
        s.db_path = "folio.db";
    int exit_code;
    int first = parse_args(&s, argc, argv, &exit_code);
    if (first < 0)
        return exit_code;
    char *query = join_words(argc, argv, first);
    if (!query) {
        fprintf(stderr, "folio-search: out of memory\n");
        return EXIT_ERROR;
    }
    folio_db *db = NULL;
    folio_results *res = NULL;
    int rc = folio_db_open(&db, s.db_path, NULL);
    if (rc >= 0)
        rc = folio_search(&res, db, query, &s.search);
    if (rc < 0) {
        report_error();
        exit_code = EXIT_ERROR;
    } else {
        print_results(res, &s.search, s.color);
        exit_code = folio_results_count(res) ? EXIT_HITS : EXIT_NO_HITS;
    }
    folio_results_free(res);
    folio_db_close(db);
    free(query);
    return exit_code;
}
