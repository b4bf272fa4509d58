/*
 * folio-index — builds or updates a folio database from article files and JSON Lines.
 *
 * A thin front end over libfolio: it finds the input, reads and decodes it, and hands documents to
 * folio_db_put(). Input that cannot be used is reported and skipped; the database only ever holds what
 * was committed, so a failure or a kill leaves the last commit intact.
 */
#define _POSIX_C_SOURCE 200809L
#include "folio.h"
#include "text.h"
#include "walk.h"

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

/* Files larger than this are skipped (an article corpus holds no such file; it is a mistake or binary). */
#define MAX_FILE_BYTES (64L * 1024 * 1024)
/* Documents per commit: bounds the memory of one batch and the work lost to a crash. */
#define COMMIT_EVERY 5000

enum { EXIT_ALL_INDEXED = 0, EXIT_FATAL = 2, EXIT_SOME_SKIPPED = 3 };

typedef struct indexer {
    folio_db *db;
    int quiet;
    unsigned long added, replaced, skipped, ignored;
    unsigned long long bytes;
    unsigned since_commit;
} indexer;

static void warn(const char *where, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(const char *where, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "folio-index: warning: %s: ", where);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void skip(indexer *ix, const char *where, const char *reason)
{
    warn(where, "skipped: %s", reason);
    ix->skipped++;
}

static const char *last_message(void)
{
    const folio_error *e = folio_error_last();
    return e ? e->message : "unknown error";
}

/* Stores one document; bad documents are skipped, anything else is fatal (returns < 0). */
static int store(indexer *ix, folio_doc *doc, const char *where)
{
    int replaced = 0;
    int rc = folio_db_put(ix->db, doc, &replaced);
    if (rc == FOLIO_EINVALID) {
        skip(ix, where, last_message());
        return 0;
    }
    if (rc < 0)
        return rc;
    if (replaced)
        ix->replaced++;
    else
        ix->added++;
    if (++ix->since_commit == COMMIT_EVERY) {
        ix->since_commit = 0;
        return folio_db_commit(ix->db);
    }
    return 0;
}

/* Text as UTF-8: as it is when valid, else decoded as Windows-1252 with a warning. NULL for binary data
 * (a NUL byte). *out_buf holds any converted copy, for the caller to free. */
static const char *as_utf8(const char *where, const char *data, size_t *len, folio_buf *out_buf)
{
    if (memchr(data, '\0', *len))
        return NULL;
    size_t bad;
    if (folio_utf8_valid(data, *len, &bad))
        return data;
    warn(where, "not valid UTF-8 (byte %zu); read as Windows-1252", bad + 1);
    folio_cp1252_to_utf8(out_buf, data, *len);
    if (out_buf->oom)
        return NULL;
    *len = out_buf->len;
    return out_buf->data;
}

static int index_article(indexer *ix, const char *path, const char *id, const char *data, size_t len)
{
    folio_buf converted = FOLIO_BUF_INIT;
    const char *text = as_utf8(path, data, &len, &converted);
    int rc = 0;
    folio_doc *doc = NULL;
    if (!text)
        skip(ix, path, converted.oom ? "out of memory" : "binary file");
    else if (folio_doc_parse_article(&doc, text, len) < 0)
        skip(ix, path, last_message());
    else if (folio_doc_set(doc, "id", id, strlen(id)) < 0)
        skip(ix, path, last_message());
    else
        rc = store(ix, doc, path);
    folio_doc_free(doc);
    folio_buf_free(&converted);
    return rc;
}

static int index_json_line(indexer *ix, const char *where, char *line, size_t len)
{
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    size_t blank = 0;
    while (blank < len && (line[blank] == ' ' || line[blank] == '\t'))
        blank++;
    if (blank == len)
        return 0;
    folio_buf converted = FOLIO_BUF_INIT;
    const char *text = as_utf8(where, line, &len, &converted);
    folio_doc *doc = NULL;
    int rc = 0;
    if (!text)
        skip(ix, where, converted.oom ? "out of memory" : "binary data (a NUL byte)");
    else if (folio_doc_parse_json(&doc, text, len) < 0)
        skip(ix, where, last_message());
    else
        rc = store(ix, doc, where);
    folio_doc_free(doc);
    folio_buf_free(&converted);
    return rc;
}

static int index_json_lines(indexer *ix, const char *name, FILE *in)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    int rc = 0;
    while (rc >= 0 && (n = getline(&line, &cap, in)) >= 0) {
        char where[4200];
        lineno++;
        ix->bytes += (unsigned long long)n;
        snprintf(where, sizeof where, "%s:%lu", name, lineno);
        rc = index_json_line(ix, where, line, (size_t)n);
    }
    if (rc >= 0 && ferror(in)) {
        skip(ix, name, strerror(errno));
    }
    free(line);
    return rc;
}

static int has_extension(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

/* Files in a corpus directory that describe the corpus rather than being articles of it. */
static int is_corpus_documentation(const char *relative)
{
    const char *base = strrchr(relative, '/');
    base = base ? base + 1 : relative;
    static const char *const names[] = {"readme.", "license.", "licence.", "copying.", "changelog."};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strncasecmp(base, names[i], strlen(names[i])) == 0)
            return 1;
    return 0;
}

static int read_whole_file(indexer *ix, const char *path, char **out, size_t *out_len)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0) {
        skip(ix, path, strerror(errno));
        if (f)
            fclose(f);
        return 0;
    }
    if (st.st_size > MAX_FILE_BYTES) {
        char reason[96];
        snprintf(reason, sizeof reason, "larger than %ld MiB", MAX_FILE_BYTES / (1024 * 1024));
        skip(ix, path, reason);
        fclose(f);
        return 0;
    }
    char *data = malloc((size_t)st.st_size + 1);
    if (!data) {
        fclose(f);
        fprintf(stderr, "folio-index: out of memory\n");
        return -1;
    }
    size_t len = fread(data, 1, (size_t)st.st_size, f);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(data);
        skip(ix, path, "read error");
        return 0;
    }
    data[len] = '\0';
    *out = data;
    *out_len = len;
    return 0;
}

/* One file: an article (.txt, .md) or JSON Lines (.jsonl). `id` is the article's id. */
static int index_file(indexer *ix, const char *path, const char *id, int explicit_file)
{
    int jsonl = has_extension(path, ".jsonl");
    if (!jsonl && !has_extension(path, ".txt") && !has_extension(path, ".md")) {
        if (explicit_file)
            skip(ix, path, "not a .txt, .md or .jsonl file");
        else
            ix->ignored++;
        return 0;
    }
    if (jsonl) {
        FILE *f = fopen(path, "rb");
        if (!f) {
            skip(ix, path, strerror(errno));
            return 0;
        }
        int rc = index_json_lines(ix, path, f);
        fclose(f);
        return rc;
    }
    char *data;
    size_t len;
    if (read_whole_file(ix, path, &data, &len) < 0)
        return -1;
    if (!data)
        return 0;
    ix->bytes += len;
    int rc = 0;
    size_t blank = strspn(data, " \t\r\n");
    if (blank == len)
        skip(ix, path, "empty file");
    else
        rc = index_article(ix, path, id, data, len);
    free(data);
    return rc;
}

static int on_walk_file(void *ctx, const char *path, const char *relative)
{
    indexer *ix = ctx;
    if (is_corpus_documentation(relative)) {
        ix->ignored++;
        return 0;
    }
    return index_file(ix, path, relative, 0);
}

static void on_walk_problem(void *ctx, const char *path, const char *reason)
{
    skip(ctx, path, reason);
}

static int index_source(indexer *ix, const char *source)
{
    if (strcmp(source, "-") == 0)
        return index_json_lines(ix, "<stdin>", stdin);
    struct stat st;
    if (stat(source, &st) != 0) {
        skip(ix, source, strerror(errno));
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return walk_directory(source, on_walk_file, on_walk_problem, ix);
    const char *base = strrchr(source, '/');
    return index_file(ix, source, base ? base + 1 : source, 1);
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void usage(FILE *out)
{
    fputs("Usage: folio-index [-d DB] [options] SOURCE...\n"
          "Index article files and JSON Lines into a folio database.\n"
          "\n"
          "SOURCE is a directory (walked recursively; hidden entries skipped), a file, or - for JSON Lines\n"
          "on standard input. Articles are .txt and .md files; .jsonl files hold one JSON record a line\n"
          "(id, title, body, date, url, author, and keyword fields). See corpus/README.md.\n"
          "\n"
          "Options:\n"
          "  -d, --db DB          the database (default: $FOLIO_DB, else ./folio.db); created if missing\n"
          "  -l, --language LANG  stemming language of a new database (default english)\n"
          "  -q, --quiet          print only warnings and errors\n"
          "  -h, --help           show this help\n"
          "      --version        show the version\n"
          "\n"
          "Exit status: 0 all input indexed, 3 some input skipped (see the warnings), 2 fatal error.\n",
          out);
}

int main(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"db", required_argument, NULL, 'd'},   {"language", required_argument, NULL, 'l'},
        {"quiet", no_argument, NULL, 'q'},      {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},    {NULL, 0, NULL, 0},
    };
    const char *db_path = getenv("FOLIO_DB");
    const char *language = NULL;
    indexer ix = {0};
    int opt;
    if (!db_path || !*db_path)
        db_path = "folio.db";
    while ((opt = getopt_long(argc, argv, "d:l:qh", long_options, NULL)) != -1) {
        switch (opt) {
        case 'd': db_path = optarg; break;
        case 'l': language = optarg; break;
        case 'q': ix.quiet = 1; break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("folio-index %s\n", FOLIO_VERSION); return 0;
        default: fprintf(stderr, "Try 'folio-index --help'.\n"); return EXIT_FATAL;
        }
    }
    if (optind == argc) {
        fprintf(stderr, "folio-index: no SOURCE given (a directory, a file, or - for JSON Lines on stdin)\n"
                        "Try 'folio-index --help'.\n");
        return EXIT_FATAL;
    }
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    folio_open_options oo = FOLIO_OPEN_OPTIONS_INIT;
    oo.mode = FOLIO_OPEN_WRITE;
    oo.language = language;
    if (folio_db_open(&ix.db, db_path, &oo) < 0) {
        fprintf(stderr, "folio-index: %s\n", last_message());
        return EXIT_FATAL;
    }
    int rc = 0;
    for (int i = optind; i < argc && rc >= 0; i++)
        rc = index_source(&ix, argv[i]);
    if (rc >= 0)
        rc = folio_db_commit(ix.db);
    if (rc < 0) {
        fprintf(stderr, "folio-index: %s; nothing after the last commit was written\n", last_message());
        folio_db_close(ix.db);
        return EXIT_FATAL;
    }
    folio_db_close(ix.db);
    double secs = seconds_since(&start);
    if (!ix.quiet) {
        printf("%lu documents indexed (%lu added, %lu replaced), %lu skipped", ix.added + ix.replaced, ix.added,
               ix.replaced, ix.skipped);
        if (ix.ignored)
            printf(", %lu other files ignored", ix.ignored);
        printf(" in %.2f s (%.1f MB/s) into %s\n", secs, secs > 0 ? (double)ix.bytes / 1e6 / secs : 0.0, db_path);
    }
    return ix.skipped ? EXIT_SOME_SKIPPED : EXIT_ALL_INDEXED;
}
