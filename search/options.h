/*
 * options.h — folio-search's command line: what to do (search, count, explain, get, stats), on which
 * database, over which queries (the command line's words or a batch file), in which output format.
 *
 * With --serve the program is instead the site search server (serve.h), configured by `serve`.
 *
 * options_parse() reads argv into a settings value and checks the combinations; it prints its own
 * messages (usage, version, errors) so the caller only has to exit with the code it gives back.
 */
#ifndef FOLIO_SEARCH_OPTIONS_H
#define FOLIO_SEARCH_OPTIONS_H

#include "folio.h"
#include "output.h"

enum { EXIT_HITS = 0, EXIT_NO_HITS = 1, EXIT_ERROR = 2 };

/* --facet may be given this many times (libfolio's own limit). */
#define MAX_FACETS 16

typedef enum {
    ACTION_SEARCH,  /* ranked hits */
    ACTION_COUNT,   /* --count: the exact number of matches */
    ACTION_EXPLAIN, /* --explain: how the query is read */
    ACTION_GET,     /* --get ID: one stored document */
    ACTION_STATS,   /* --stats: facts about the database */
    ACTION_SERVE,   /* --serve: the site search server */
    ACTION_MAKE_KEY, /* --make-key: print a new write key and its hash line */
    ACTION_REPORT   /* --report FILE: what a query log says (query_report.h) */
} action;

/* Longest --base-path. */
#define MAX_BASE_PATH 256

/* --serve: where to listen and how to answer. */
typedef struct serve_settings {
    const char *host;                    /* --host, default 127.0.0.1 */
    unsigned port;                       /* --port, default 8080; 0: any free port */
    char base_path[MAX_BASE_PATH + 1];   /* --base-path: "" or "/search" (no trailing slash) */
    const char *cors_origin;             /* --cors: the origin allowed to call the API, or NULL */
    int quiet;                           /* --quiet: no line per request */
    const char *write_keys;              /* --write-keys FILE: the write API's keys (NULL: read-only) */
    unsigned max_body_mb;                /* --max-body MB: a write request's body at most */
    const char *tls_cert, *tls_key;      /* --tls-cert, --tls-key: HTTPS */
    int insecure_writes;                 /* --insecure-writes: writes on a public address without TLS */
    const char *query_log;               /* --query-log FILE: a line per search (query_log.h), or NULL */
    int log_addresses;                   /* --log-addresses: the query log names the client's address */
} serve_settings;

typedef struct settings {
    const char *db_path;
    folio_open_options open;       /* --timeout, --allow-partial */
    action action;
    output_style style;            /* format, colour, and whether answers carry a qid (batch) */
    folio_search_options search;   /* facets point into `facets` */
    const char *facets[MAX_FACETS];
    const char *batch_file;        /* --batch: queries one a line from here (NULL or "-": stdin) */
    const char *get_id;            /* ACTION_GET */
    const char *like_id;           /* --like ID: related articles instead of a query (ACTION_SEARCH or
                                    * ACTION_COUNT) */
    const char *report_file;       /* ACTION_REPORT */
    unsigned get_page;             /* --page: only this page of the body (from 1; 0: the whole body) */
    char *query;                   /* the command line's words joined with spaces (owned); NULL in batch */
    serve_settings serve;          /* ACTION_SERVE */
    int serve_option_given;        /* a --host, --port, --base-path, --cors or --quiet was given */
    const char *ranking;           /* hidden --ranking SPEC (bench/eval): folio_db_set_ranking */
} settings;

/* Fills *s from the command line. Returns 0 to go on, or -1 when the program should exit now with
 * *exit_code (after --help or --version: 0; after a bad option, printed on stderr: EXIT_ERROR). */
int options_parse(settings *s, int argc, char **argv, int *exit_code);

void options_free(settings *s);

#endif
