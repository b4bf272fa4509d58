/*
 * folio-search — answers queries over a folio database: ranked hits with highlighted snippets, counts,
 * explanations, stored documents and statistics, for people (text) and for programs (json, jsonl, tsv,
 * trec), one query from the command line or a batch of them; or, with --serve, a site search server.
 *
 * A thin front end over libfolio: options.c reads the command line, answer_query.c and batch.c run queries,
 * inspect.c answers --get and --stats, output.c writes the formats, stdout_sink.c writes standard output,
 * serve.c (with http_api.c, live_db.c, url.c and the embedded page) is the server.
 */
#include "answer_query.h"
#include "batch.h"
#include "folio.h"
#include "inspect.h"
#include "keys.h"
#include "options.h"
#include "query_report.h"
#include "serve.h"
#include "stdout_sink.h"

#include <stdio.h>

/* Runs the one thing the command line asks for, other than a batch. */
static int run_single(const settings *s, folio_db *db)
{
    folio_buf out = FOLIO_BUF_INIT;
    int status;
    switch (s->action) {
    case ACTION_GET: status = inspect_get(s, db, &out); break;
    case ACTION_STATS: status = inspect_stats(s, db, &out); break;
    default:
        answer_begin(s, &out);
        status = answer_query(s, db, &out, "1", s->query);
        break;
    }
    if (sink_write(&out) == SINK_FAILED)
        status = EXIT_ERROR;
    folio_buf_free(&out);
    return status;
}

/* --make-key: the key for the client, and its line for the server's key file. */
static int make_key(void)
{
    char key[KEYS_NEW_KEY_BYTES * 2], line[KEYS_LINE_MAX];
    if (keys_make(key, sizeof key, line, sizeof line) < 0) {
        fprintf(stderr, "folio-search: the system gives no random bytes\n");
        return EXIT_ERROR;
    }
    printf("%s\n%s\n", key, line);
    fprintf(stderr, "folio-search: the first line is the key (for clients: Authorization: Bearer KEY), the second "
                    "its line for --write-keys FILE\n");
    return fflush(stdout) == 0 ? 0 : EXIT_ERROR;
}

/* --report FILE: needs no database. */
static int report(const settings *s)
{
    folio_buf out = FOLIO_BUF_INIT;
    int status = query_report_run(&out, s->report_file, s->search.limit) < 0 ? EXIT_ERROR : 0;
    if (status == 0 && (sink_init() == SINK_FAILED || sink_write(&out) == SINK_FAILED))
        status = EXIT_ERROR;
    folio_buf_free(&out);
    return status;
}

int main(int argc, char **argv)
{
    settings s;
    int status;
    if (options_parse(&s, argc, argv, &status) < 0)
        return status;
    if (s.action == ACTION_MAKE_KEY)
        return make_key();
    if (s.action == ACTION_REPORT)
        return report(&s);
    folio_db *db = NULL;
    if (sink_init() == SINK_FAILED) {
        options_free(&s);
        return EXIT_ERROR;
    }
    if (folio_db_open(&db, s.db_path, &s.open) < 0) {
        const folio_error *e = folio_error_last();
        fprintf(stderr, "folio-search: %s%s\n", e ? e->message : "cannot open the database",
                e ? answer_error_advice(e->code) : "");
        options_free(&s);
        return EXIT_ERROR;
    }
    if (s.ranking && folio_db_set_ranking(db, s.ranking) < 0) {
        fprintf(stderr, "folio-search: %s\n", folio_error_last()->message);
        folio_db_close(db);
        options_free(&s);
        return EXIT_ERROR;
    }
    if (s.action == ACTION_SERVE) {
        /* The database opened fine: the server's threads open their own handles. */
        folio_db_close(db);
        db = NULL;
        status = serve_run(&s);
    } else {
        status = s.style.batch ? batch_run(&s, db) : run_single(&s, db);
    }
    if (sink_finish() == SINK_FAILED)
        status = EXIT_ERROR;
    folio_db_close(db);
    options_free(&s);
    return status;
}
