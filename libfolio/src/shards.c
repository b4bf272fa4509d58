/*
 * shards.c — the folio_shards_* API of folio.h: the layout of a sharded index, and routing to its shards.
 *
 * PATH is a directory holding shard-0 .. shard-(N-1), each a complete folio database, and a Xapian stub
 * file PATH/XAPIANDB with one `auto shard-K` line per shard, in order. Xapian and libfolio open such a
 * directory as one database, so PATH is searched like any other; remote deployments copy or serve the
 * shard directories and write their own stub (README "Running on several machines").
 *
 * Design: a shard is an ordinary folio database; a writer (folio-index, or any embedder) opens one writer
 * (or one bulk rebuild) per shard and routes each document to its shard with folio_shards_of_record() or
 * folio_shards_of_file(), while a reader opened on the stub sees every shard as one database. The stub
 * is the only record of the shard count: later runs read N from it (folio_shards_count).
 *
 * Routing: a document lives in shard FNV-1a-64(key) mod N, where key is a record's id, or for a file its
 * root's canonical path, "/", and its path under the root (the file's unique key in the database). FNV-1a
 * (offset basis 14695981039346656037, prime 1099511628211, over the key's bytes) is fixed here forever:
 * changing it would strand documents in the wrong shard, where updates and deletions would miss them.
 *
 * Metadata: every shard carries the schema, analyzer version and language (each is created as a folio
 * database with the same language), and after each run the union of all shards' keyword fields
 * (folio_shards_share_keyword_fields), so any shard answers what a query's FIELD: may name.
 */
#define _POSIX_C_SOURCE 200809L
#include "db.h"
#include "error.h"
#include "folio.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FNV_OFFSET_BASIS 14695981039346656037ull
#define FNV_PRIME 1099511628211ull
#define STUB_LINE_MAX 64

static uint64_t fnv1a(uint64_t h, const char *s)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= FNV_PRIME;
    }
    return h;
}

unsigned folio_shards_of_record(const char *id, unsigned n)
{
    return (unsigned)(fnv1a(FNV_OFFSET_BASIS, id) % n);
}

unsigned folio_shards_of_file(const char *root, const char *relative, unsigned n)
{
    return (unsigned)(fnv1a(fnv1a(fnv1a(FNV_OFFSET_BASIS, root), "/"), relative) % n);
}

int folio_shards_path(char **out, const char *path, unsigned i)
{
    size_t len = strlen(path) + sizeof "/shard-" + 10;
    if (!(*out = malloc(len)))
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    snprintf(*out, len, "%s/shard-%u", path, i);
    return 0;
}

static char *stub_path(const char *path, const char *suffix)
{
    size_t len = strlen(path) + sizeof "/" FOLIO_SHARDS_STUB_NAME + strlen(suffix);
    char *out = malloc(len);
    if (out)
        snprintf(out, len, "%s/%s%s", path, FOLIO_SHARDS_STUB_NAME, suffix);
    return out;
}

/* Reads the stub's lines, which must be `auto shard-0`, `auto shard-1`, ... in order. */
static int read_stub_lines(FILE *f, const char *stub, unsigned *out)
{
    char line[STUB_LINE_MAX], want[STUB_LINE_MAX];
    unsigned n = 0;
    while (fgets(line, sizeof line, f)) {
        snprintf(want, sizeof want, "auto shard-%u\n", n);
        if (strcmp(line, want) != 0 || ++n > FOLIO_SHARDS_MAX)
            return folio_error_set(FOLIO_EINVALID, "%s: not the stub of a sharded folio index (line %u)",
                                   stub, n + 1);
    }
    if (n == 0)
        return folio_error_set(FOLIO_EINVALID, "%s: an empty stub", stub);
    *out = n;
    return 0;
}

int folio_shards_count(unsigned *out, const char *path)
{
    *out = 0;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    char *stub = stub_path(path, "");
    if (!stub)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    FILE *f = fopen(stub, "r");
    int rc = 0;
    if (f) {
        rc = read_stub_lines(f, stub, out);
        fclose(f);
    } else if (errno != ENOENT) {
        rc = folio_error_set(FOLIO_EIO, "%s: %s", stub, strerror(errno));
    }
    free(stub);
    return rc;
}

int folio_shards_is_single_database(const char *path)
{
    static const char *const markers[] = {"iamglass", "iamchert", FOLIO_SHARDS_STUB_NAME};
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return 1; /* a stub file of its own */
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++) {
        size_t len = strlen(path) + strlen(markers[i]) + 2;
        char *p = malloc(len);
        if (!p)
            return 0;
        snprintf(p, len, "%s/%s", path, markers[i]);
        int found = stat(p, &st) == 0;
        free(p);
        if (found)
            return 1;
    }
    return 0;
}

int folio_shards_make_directory(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return folio_error_set(FOLIO_EIO, "%s: cannot create the directory: %s", path, strerror(errno));
    return 0;
}

int folio_shards_write_stub(const char *path, unsigned n)
{
    char *tmp = stub_path(path, ".tmp"), *stub = stub_path(path, "");
    int rc = tmp && stub ? 0 : folio_error_set(FOLIO_ENOMEM, "out of memory");
    FILE *f = rc < 0 ? NULL : fopen(tmp, "w");
    if (rc >= 0 && !f)
        rc = folio_error_set(FOLIO_EIO, "%s: %s", tmp, strerror(errno));
    for (unsigned i = 0; f && i < n; i++)
        fprintf(f, "auto shard-%u\n", i);
    /* Synced before the rename, so a crash leaves the old stub or the whole new one. */
    if (f && (fflush(f) != 0 || fsync(fileno(f)) != 0 || ferror(f)))
        rc = folio_error_set(FOLIO_EIO, "%s: cannot write: %s", tmp, strerror(errno));
    if (f && fclose(f) != 0 && rc >= 0)
        rc = folio_error_set(FOLIO_EIO, "%s: cannot write: %s", tmp, strerror(errno));
    if (f && rc >= 0 && rename(tmp, stub) != 0)
        rc = folio_error_set(FOLIO_EIO, "%s: %s", stub, strerror(errno));
    if (f && rc < 0)
        unlink(tmp);
    free(tmp);
    free(stub);
    return rc;
}

static int open_shard_writer(folio_db **out, const char *path, unsigned i)
{
    char *p;
    int rc = folio_shards_path(&p, path, i);
    if (rc < 0)
        return rc;
    folio_open_options oo = FOLIO_OPEN_OPTIONS_INIT;
    oo.mode = FOLIO_OPEN_WRITE;
    rc = folio_db_open(out, p, &oo);
    free(p);
    return rc;
}

int folio_shards_share_keyword_fields(const char *path, unsigned n)
{
    folio_db **dbs = calloc(n, sizeof *dbs);
    if (!dbs)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    int rc = 0;
    for (unsigned i = 0; rc >= 0 && i < n; i++)
        rc = open_shard_writer(&dbs[i], path, i);
    for (unsigned i = 0; rc >= 0 && i < n; i++) {
        int learnt = 0;
        for (unsigned k = 0; rc >= 0 && k < n; k++)
            if (k != i && (rc = folio_db_adopt_keyword_fields(dbs[i], dbs[k])) > 0)
                learnt = 1;
        if (rc >= 0 && learnt)
            rc = folio_db_commit(dbs[i]);
    }
    for (unsigned i = 0; i < n; i++)
        folio_db_close(dbs[i]);
    free(dbs);
    return rc < 0 ? rc : 0;
}
