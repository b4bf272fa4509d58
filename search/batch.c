/*
 * batch.c — answers a file of queries, one a line (see batch.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "batch.h"

#include "answer_query.h"
#include "stdout_sink.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for a line number as a qid. */
#define LINE_QID_BYTES 24

static int is_blank(const char *s)
{
    return s[strspn(s, " \t\r\n\f\v")] == '\0';
}

/* Drops the line break; splits "QID<TAB>QUERY" at the first tab, else names the query by its line. */
static const char *split_line(char *line, size_t len, unsigned long number, char qid_buf[LINE_QID_BYTES],
                              const char **qid)
{
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
    char *tab = strchr(line, '\t');
    if (!tab) {
        snprintf(qid_buf, LINE_QID_BYTES, "%lu", number);
        *qid = qid_buf;
        return line;
    }
    *tab = '\0';
    *qid = line;
    return tab + 1;
}

static FILE *open_input(const char *path)
{
    if (!path || strcmp(path, "-") == 0)
        return stdin;
    FILE *in = fopen(path, "r");
    if (!in)
        fprintf(stderr, "folio-search: cannot read %s: %s\n", path, strerror(errno));
    return in;
}

int batch_run(const settings *s, folio_db *db)
{
    FILE *in = open_input(s->batch_file);
    if (!in)
        return EXIT_ERROR;
    folio_buf out = FOLIO_BUF_INIT;
    answer_begin(s, &out);
    sink_status sunk = sink_write(&out);
    int failed = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned long number = 0;
    while (sunk == SINK_OK && (len = getline(&line, &cap, in)) >= 0) {
        number++;
        if (is_blank(line))
            continue;
        char qid_buf[LINE_QID_BYTES];
        const char *qid;
        const char *query = split_line(line, (size_t)len, number, qid_buf, &qid);
        if (answer_query(s, db, &out, qid, query) == EXIT_ERROR)
            failed = 1;
        sunk = sink_write(&out);
    }
    if (sunk == SINK_OK && ferror(in)) {
        fprintf(stderr, "folio-search: cannot read the queries: %s\n", strerror(errno));
        failed = 1;
    }
    free(line);
    folio_buf_free(&out);
    if (in != stdin)
        fclose(in);
    return failed || sunk == SINK_FAILED ? EXIT_ERROR : EXIT_HITS;
}
