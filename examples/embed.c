/*
 * embed.c — folio inside another C program: index two documents, search them, print the hits.
 *
 *   cc embed.c $(pkg-config --cflags --libs folio) -o embed && ./embed /tmp/example.db
 */
#include <folio.h>

#include <stdio.h>
#include <string.h>

static int fail(const char *what)
{
    const folio_error *e = folio_error_last();
    fprintf(stderr, "%s: %s\n", what, e ? e->message : "unknown error");
    return 1;
}

static int add(folio_db *db, const char *id, const char *title, const char *body)
{
    folio_doc *doc;
    if (folio_doc_new(&doc) < 0)
        return -1;
    int rc = folio_doc_set(doc, "id", id, strlen(id));
    if (rc == 0)
        rc = folio_doc_set(doc, "title", title, strlen(title));
    if (rc == 0)
        rc = folio_doc_set(doc, "body", body, strlen(body));
    if (rc == 0)
        rc = folio_db_put(NULL, db, doc);
    folio_doc_free(doc);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: embed DATABASE\n");
        return 2;
    }
    folio_open_options oo = FOLIO_OPEN_OPTIONS_INIT;
    oo.mode = FOLIO_OPEN_WRITE;
    folio_db *db;
    if (folio_db_open(&db, argv[1], &oo) < 0)
        return fail("open");
    if (add(db, "a", "Filming in Xinjiang", "He secretly filmed the camps.") < 0 ||
        add(db, "b", "Cooking", "A recipe for soup.") < 0 || folio_db_commit(db) < 0)
        return fail("index");
    folio_db_close(db);

    if (folio_db_open(&db, argv[1], NULL) < 0)
        return fail("open");
    folio_results *res;
    if (folio_search(&res, db, "films", NULL) < 0)
        return fail("search");
    for (size_t i = 0; i < folio_results_count(res); i++) {
        const folio_hit *hit = folio_results_hit(res, i);
        printf("%u %s %s | %s\n", hit->rank, hit->id, hit->title, hit->snippet);
    }
    folio_results_free(res);
    folio_db_close(db);
    return 0;
}
