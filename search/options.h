/*
 * options.h — folio-search's command line: what to do (search, count, explain, get, stats), on which
 * database, over which queries (the command line's words or a batch file), in which output format.
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
    ACTION_STATS    /* --stats: facts about the database */
} action;

typedef struct settings {
    const char *db_path;
    action action;
    output_style style;            /* format, colour, and whether answers carry a qid (batch) */
    folio_search_options search;   /* facets point into `facets` */
    const char *facets[MAX_FACETS];
    const char *batch_file;        /* --batch: queries one a line from here (NULL or "-": stdin) */
    const char *get_id;            /* ACTION_GET */
    char *query;                   /* the command line's words joined with spaces (owned); NULL in batch */
} settings;

/* Fills *s from the command line. Returns 0 to go on, or -1 when the program should exit now with
 * *exit_code (after --help or --version: 0; after a bad option, printed on stderr: EXIT_ERROR). */
int options_parse(settings *s, int argc, char **argv, int *exit_code);

void options_free(settings *s);

#endif
