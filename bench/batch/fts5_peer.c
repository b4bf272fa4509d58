/*
 * fts5_peer — the SQLite FTS5 runner of the batch benchmark (bench/batch/run.sh).
 *
 *   fts5_peer index DB DOCS.tsv      builds DB from ID<TAB>TITLE<TAB>BODY lines
 *   fts5_peer search DB QUERIES.tsv  answers QID<TAB>QUERY lines; prints QID<TAB>MS<TAB>TOTAL
 *
 * FTS5 as its documentation suggests: porter unicode61 tokenizer, bm25 with the title weighing twice the
 * body, `ORDER BY rank LIMIT 10` with snippet() of about 24 tokens from the body. Totals follow folio's
 * policy: exact up to 10,000 matches, by a count capped there. The time of each query is taken inside the
 * process, from binding the query to the last row.
 */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TOP "10"
#define EXACT_UP_TO "10000"
#define SNIPPET_TOKENS "24"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int fail(sqlite3 *db, const char *what)
{
    fprintf(stderr, "fts5_peer: %s: %s\n", what, sqlite3_errmsg(db));
    return 2;
}

/* Splits a line into n tab-separated fields in place (the last takes the rest, without its newline). */
static int split(char *line, char **fields, int n)
{
    line[strcspn(line, "\r\n")] = '\0';
    for (int i = 0; i < n; i++) {
        fields[i] = line;
        if (i + 1 < n) {
            char *tab = strchr(line, '\t');
            if (!tab)
                return 0;
            *tab = '\0';
            line = tab + 1;
        }
    }
    return 1;
}

static int build(sqlite3 *db, FILE *in)
{
    const char *setup = "DROP TABLE IF EXISTS t;"
                        "CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='porter unicode61');"
                        "INSERT INTO t(t, rank) VALUES('rank', 'bm25(2.0, 1.0)');"
                        "BEGIN;";
    if (sqlite3_exec(db, setup, NULL, NULL, NULL) != SQLITE_OK)
        return fail(db, "create");
    sqlite3_stmt *ins;
    if (sqlite3_prepare_v2(db, "INSERT INTO t(rowid, title, body) VALUES(?, ?, ?)", -1, &ins, NULL) != SQLITE_OK)
        return fail(db, "prepare insert");
    char *line = NULL, *f[3];
    size_t cap = 0;
    unsigned n = 0;
    while (getline(&line, &cap, in) >= 0) {
        if (!split(line, f, 3))
            continue;
        sqlite3_bind_int64(ins, 1, strtoll(f[0], NULL, 10));
        sqlite3_bind_text(ins, 2, f[1], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, f[2], -1, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            return fail(db, "insert");
        sqlite3_reset(ins);
        n++;
    }
    free(line);
    sqlite3_finalize(ins);
    if (sqlite3_exec(db, "COMMIT; INSERT INTO t(t) VALUES('optimize');", NULL, NULL, NULL) != SQLITE_OK)
        return fail(db, "commit");
    fprintf(stderr, "fts5_peer: %u documents indexed\n", n);
    return 0;
}

static int search(sqlite3 *db, FILE *in)
{
    sqlite3_stmt *top, *count;
    if (sqlite3_prepare_v2(db,
                           "SELECT rowid, title, snippet(t, 1, '<b>', '</b>', '…', " SNIPPET_TOKENS ") FROM t "
                           "WHERE t MATCH ?1 ORDER BY rank LIMIT " TOP,
                           -1, &top, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT count(*) FROM (SELECT 1 FROM t WHERE t MATCH ?1 LIMIT " EXACT_UP_TO ")", -1,
                           &count, NULL) != SQLITE_OK)
        return fail(db, "prepare");
    char *line = NULL, *f[2];
    size_t cap = 0, snippet_bytes = 0;
    while (getline(&line, &cap, in) >= 0) {
        if (!split(line, f, 2))
            continue;
        double start = now_ms();
        long long total = -1;
        sqlite3_bind_text(top, 1, f[1], -1, SQLITE_STATIC);
        sqlite3_bind_text(count, 1, f[1], -1, SQLITE_STATIC);
        while (sqlite3_step(top) == SQLITE_ROW)
            snippet_bytes += (size_t)sqlite3_column_bytes(top, 2);
        if (sqlite3_step(count) == SQLITE_ROW)
            total = sqlite3_column_int64(count, 0);
        sqlite3_reset(top);
        sqlite3_reset(count);
        double ms = now_ms() - start;
        printf("%s\t%.4f\t%lld\n", f[0], ms, total);
    }
    free(line);
    sqlite3_finalize(top);
    sqlite3_finalize(count);
    fprintf(stderr, "fts5_peer: %zu snippet bytes\n", snippet_bytes);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[1], "index") != 0 && strcmp(argv[1], "search") != 0)) {
        fprintf(stderr, "usage: fts5_peer index DB DOCS.tsv | search DB QUERIES.tsv\n");
        return 2;
    }
    FILE *in = fopen(argv[3], "r");
    if (!in) {
        perror(argv[3]);
        return 2;
    }
    sqlite3 *db;
    if (sqlite3_open(argv[2], &db) != SQLITE_OK)
        return fail(db, argv[2]);
    int rc = strcmp(argv[1], "index") == 0 ? build(db, in) : search(db, in);
    sqlite3_close(db);
    fclose(in);
    return rc;
}
