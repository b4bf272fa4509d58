/*
 * inspect.c — --get and --stats (see inspect.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "inspect.h"

#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A folio database is one flat directory (or a stub file); deeper nesting is not followed. */
#define MAX_DIR_DEPTH 4
/* Longest path measured (Linux's PATH_MAX). */
#define PATH_MAX_BYTES 4096

static void report_error(void)
{
    const folio_error *e = folio_error_last();
    fprintf(stderr, "folio-search: %s\n", e ? e->message : "unknown error");
}

/* Keeps only page `page` (from 1) of a paged document's body: its pages are separated by form feeds.
 * 0, or -1 when the document has no such page (said on stderr). */
static int keep_page(folio_doc *doc, const char *id, unsigned page)
{
    const char *body = folio_doc_get(doc, "body");
    if (!folio_doc_get(doc, "pages") || !body) {
        fprintf(stderr, "folio-search: document '%s' has no pages (--page is for PDF files)\n", id);
        return -1;
    }
    const char *start = body;
    unsigned n = 1;
    for (; n < page && start; n++)
        if ((start = strchr(start, '\f')))
            start++;
    if (!start) {
        fprintf(stderr, "folio-search: document '%s' has %u pages, not %u\n", id, n - 1, page);
        return -1;
    }
    const char *end = strchr(start, '\f');
    size_t len = end ? (size_t)(end - start) : strlen(start);
    char *copy = strndup(start, len);
    int rc = copy ? folio_doc_set(doc, "body", copy, len) : FOLIO_ENOMEM;
    free(copy);
    if (rc < 0)
        report_error();
    return rc < 0 ? -1 : 0;
}

int inspect_get(const settings *s, folio_db *db, folio_buf *out)
{
    folio_doc *doc = NULL;
    int rc = folio_db_get(&doc, db, s->get_id);
    if (rc == FOLIO_ENOTFOUND) {
        fprintf(stderr, "folio-search: no document with id '%s'\n", s->get_id);
        return EXIT_NO_HITS;
    }
    if (rc < 0) {
        report_error();
        return EXIT_ERROR;
    }
    if (s->get_page && keep_page(doc, s->get_id, s->get_page) < 0) {
        folio_doc_free(doc);
        return EXIT_ERROR;
    }
    output_document(out, &s->style, doc);
    folio_doc_free(doc);
    return EXIT_HITS;
}

/* Adds the sizes of the regular files at `path` (a file, or a directory walked `depth` levels down). */
static int add_sizes(const char *path, int depth, uint64_t *bytes)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return -1;
    if (S_ISREG(st.st_mode))
        *bytes += (uint64_t)st.st_size;
    if (!S_ISDIR(st.st_mode) || depth == 0)
        return 0;
    DIR *dir = opendir(path);
    if (!dir)
        return -1;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char child[PATH_MAX_BYTES];
        if (snprintf(child, sizeof child, "%s/%s", path, e->d_name) >= (int)sizeof child) {
            errno = ENAMETOOLONG;
            rc = -1;
        } else {
            rc = add_sizes(child, depth - 1, bytes);
        }
    }
    closedir(dir);
    return rc;
}

int inspect_stats(const settings *s, folio_db *db, folio_buf *out)
{
    output_stats stats = {.language = folio_db_language(db)};
    if (folio_db_stats_get(&stats.db, db) < 0 || folio_db_index_languages(db, &stats.languages, &stats.nlanguages) < 0 ||
        folio_db_synonym_rules(db, &stats.synonym_rules) < 0) {
        report_error();
        return EXIT_ERROR;
    }
    if (add_sizes(s->db_path, MAX_DIR_DEPTH, &stats.bytes) < 0) {
        fprintf(stderr, "folio-search: cannot measure %s: %s\n", s->db_path, strerror(errno));
        return EXIT_ERROR;
    }
    output_stats_write(out, &s->style, &stats);
    return EXIT_HITS;
}
