/*
 * rebuild.c — bulk builds and compaction (folio.h "Indexing": folio_rebuild_*, folio_compact).
 *
 * Why parts merged at the end: storing a document in Xapian (its in-memory inverter, std::map and
 * memcmp) costs about twice what analyzing it does, so one writer thread fed by parallel analyzers
 * barely gains from more cores (bench/indexing/README.md). Each
 * thread instead writes a database of its own, unsynced, with small batches (Xapian's maps stay small
 * and fast), and Xapian's compaction merges the parts in one sequential pass, which also leaves the
 * B-trees full (a smaller index than incremental writes give).
 *
 * A part that grows large gets slower to write (every commit updates B-trees that keep growing), so a
 * writer closes its part and opens another now and then (indexer/pipeline.c: PART_INPUT_BYTES); the
 * merge takes any number of parts in one pass.
 *
 * Layout while rebuilding <db>: the directory <db>.rebuild holds a marker file, part-0, part-1, ...
 * and the merged result "new", which renameat2(RENAME_EXCHANGE) swaps with <db> in one atomic step;
 * the old database then sits in <db>.rebuild and is removed with it. A build that was killed leaves
 * <db>.rebuild behind and <db> untouched; the next rebuild removes it (only if it holds the marker, which
 * is removed last). A sharded index is swapped whole instead (folio_rebuild_finish_shards: <path>.swap).
 */
#define _GNU_SOURCE /* renameat2 */
#include "folio.h"

#include "boosts.h"
#include "db.h"
#include "error.h"
#include "hash.h"
#include "schema.h"
#include "xapian_wrap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WORK_SUFFIX ".rebuild"
#define MARKER_NAME "folio-rebuild"
#define NEW_NAME "new"
#define PATH_BYTES 4096
#define MAX_PARTS 1024
#define NFTW_FDS 16

struct folio_rebuild {
    char path[PATH_BYTES]; /* the database, without trailing slashes */
    char work[PATH_BYTES];
    char language[FOLIO_LANGUAGE_MAX];
    folio_xdb *lock;       /* the old database open for writing: its lock keeps other writers out */
    atomic_uint nparts;    /* parts opened so far (by any thread) */
    int keep_existing;     /* the old database is merged in, before the parts */
};

/* out = a + b; an error when it does not fit (set_paths keeps every path used here short enough). */
static int join(char *out, const char *a, const char *b)
{
    int n = snprintf(out, PATH_BYTES, "%s%s", a, b);
    return n >= 0 && n < PATH_BYTES ? 0 : folio_error_set(FOLIO_EINVALID, "%s: path too long", a);
}

/* Everything under the work directory but the directory itself and its marker, which go last. */
static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    if (ftw->level == 0 || (ftw->level == 1 && strcmp(path + ftw->base, MARKER_NAME) == 0))
        return 0;
    return (type == FTW_DP ? rmdir(path) : unlink(path)) == 0 || errno == ENOENT ? 0 : -1;
}

/* Removes the work directory of an earlier build, if there is one and it is ours. The marker is removed
 * only once everything else is: a kill or a failure midway leaves a directory that still says it is
 * ours, so the next build removes it (removed first, every later build refused to touch it). */
static int remove_work(const char *work)
{
    char marker[PATH_BYTES];
    struct stat st;
    if (lstat(work, &st) != 0)
        return errno == ENOENT ? 0 : folio_error_set(FOLIO_EIO, "%s: %s", work, strerror(errno));
    if (join(marker, work, "/" MARKER_NAME) < 0)
        return FOLIO_EINVALID;
    if (access(marker, F_OK) != 0)
        return folio_error_set(FOLIO_EIO, "%s: exists and is not a folio build directory; move it away", work);
    if (nftw(work, remove_entry, NFTW_FDS, FTW_DEPTH | FTW_PHYS) != 0 || (unlink(marker) != 0 && errno != ENOENT) ||
        rmdir(work) != 0)
        return folio_error_set(FOLIO_EIO, "%s: cannot remove: %s", work, strerror(errno));
    return 0;
}

static int make_work(const char *work)
{
    char marker[PATH_BYTES];
    if (mkdir(work, 0777) != 0)
        return folio_error_set(FOLIO_EIO, "%s: %s", work, strerror(errno));
    if (join(marker, work, "/" MARKER_NAME) < 0)
        return FOLIO_EINVALID;
    FILE *f = fopen(marker, "w");
    if (!f || fclose(f) != 0)
        return folio_error_set(FOLIO_EIO, "%s: %s", marker, strerror(errno));
    return 0;
}

/* The old database's language, if it has one; else `fallback`. */
static void old_language(folio_rebuild *rb, const char *fallback)
{
    char *language = NULL;
    if (folio_xdb_get_metadata(rb->lock, FOLIO_META_LANGUAGE, &language) >= 0 && *language)
        fallback = language;
    snprintf(rb->language, sizeof rb->language, "%s", fallback);
    free(language);
}

static int set_paths(folio_rebuild *rb, const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    if (n + sizeof WORK_SUFFIX + 32 >= PATH_BYTES)
        return folio_error_set(FOLIO_EINVALID, "%s: path too long", path);
    memcpy(rb->path, path, n);
    rb->path[n] = '\0';
    if (join(rb->work, rb->path, WORK_SUFFIX) < 0)
        return FOLIO_EINVALID;
    struct stat st;
    if (stat(rb->path, &st) == 0 && !S_ISDIR(st.st_mode))
        return folio_error_set(FOLIO_EINVALID, "%s: not a database directory (a stub file cannot be rebuilt)",
                               rb->path);
    return 0;
}

int folio_rebuild_begin(folio_rebuild **out, const char *path, const char *language)
{
    *out = NULL;
    folio_rebuild *rb = calloc(1, sizeof *rb);
    if (!rb)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    atomic_init(&rb->nparts, 0);
    int rc = set_paths(rb, path);
    if (rc >= 0)
        rc = folio_db_lock_path(&rb->lock, rb->path);
    if (rc >= 0)
        old_language(rb, FOLIO_DEFAULT_LANGUAGE);
    if (rc >= 0 && language)
        snprintf(rb->language, sizeof rb->language, "%s", language);
    if (rc >= 0 && (rc = remove_work(rb->work)) >= 0)
        rc = make_work(rb->work);
    if (rc < 0) {
        folio_rebuild_abort(rb);
        return rc;
    }
    *out = rb;
    return 0;
}

const char *folio_rebuild_language(const folio_rebuild *rb)
{
    return rb->language;
}

void folio_rebuild_keep_existing(folio_rebuild *rb)
{
    rb->keep_existing = 1;
}

static int part_path(char *out, const folio_rebuild *rb, unsigned i)
{
    char name[32];
    snprintf(name, sizeof name, "/part-%u", i);
    return join(out, rb->work, name);
}

int folio_rebuild_part(folio_db **out, folio_rebuild *rb)
{
    char path[PATH_BYTES];
    *out = NULL;
    unsigned i = atomic_fetch_add(&rb->nparts, 1);
    if (i >= MAX_PARTS)
        return folio_error_set(FOLIO_EINVALID, "a rebuild takes at most %d parts", MAX_PARTS);
    if (part_path(path, rb, i) < 0)
        return FOLIO_EINVALID;
    return folio_db_open_part(out, path, rb->language);
}

/* The parts leave spelling data out while storing documents (adding it document by document is a third
 * of the cost of a build) and make it here from their words in one pass, in their own threads; the
 * merge adds up the parts' word frequencies. */
int folio_rebuild_part_close(folio_db *part)
{
    int rc = folio_db_build_spelling(part->x);
    if (rc >= 0)
        rc = folio_db_commit(part);
    folio_db_close(part);
    return rc;
}

void folio_rebuild_abort(folio_rebuild *rb)
{
    if (!rb)
        return;
    if (rb->lock) {
        remove_work(rb->work);
        folio_xdb_close(rb->lock);
    }
    free(rb);
}

/* The union of space-separated words, in order of first appearance. Linear: a hash set of the words
 * kept (each slot: the word's offset in `out` + 1), since a hostile input can make the keyword field
 * list of every part 20,000 names long. */
static char *union_of_words(const char *const *values, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += strlen(values[i]) + 1;
    size_t cap = 16;
    while (cap < total) /* at least twice the words (each takes 2 bytes or more) */
        cap *= 2;
    size_t *set = calloc(cap, sizeof *set);
    folio_buf out = FOLIO_BUF_INIT;
    if (!set)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        for (const char *p = values[i]; *p;) {
            size_t len = strcspn(p, " ");
            uint64_t h = folio_hash64(p, len);
            size_t k = (size_t)(h ^ (h >> 31)) & (cap - 1);
            int seen = 0;
            for (; !seen && set[k]; k = (k + 1) & (cap - 1)) {
                const char *q = out.data + set[k] - 1;
                seen = strcspn(q, " ") == len && memcmp(q, p, len) == 0;
            }
            if (len && !seen) {
                if (out.len)
                    folio_buf_putc(&out, ' ');
                set[k] = out.len + 1;
                folio_buf_append(&out, p, len);
            }
            p += len + (p[len] == ' ');
        }
    }
    free(set);
    return folio_buf_detach(&out);
}

/* Metadata several parts hold: keyword field names are united, the latest update time and the newest
 * schema win (a database of schema 2 merged with new parts holds records of both), except that a
 * database without near-duplicate keys (schema 3 or older) stays below FOLIO_SCHEMA_DUPLICATES, since
 * its documents still have none; everything else
 * (analyzer, language; roots are set in one part) is the same. */
static char *merge_metadata(void *ctx, const char *key, const char *const *values, size_t n)
{
    (void)ctx;
    if (strcmp(key, FOLIO_META_KEYWORD_FIELDS) == 0)
        return union_of_words(values, n);
    const char *pick = values[0];
    if (strcmp(key, FOLIO_META_UPDATED) == 0)
        for (size_t i = 1; i < n; i++)
            if (strcmp(values[i], pick) > 0)
                pick = values[i];
    if (strcmp(key, FOLIO_META_SCHEMA) == 0)
        for (size_t i = 1; i < n; i++)
            if (strtol(values[i], NULL, 10) > strtol(pick, NULL, 10))
                pick = values[i];
    if (strcmp(key, FOLIO_META_SCHEMA) == 0)
        for (size_t i = 0; i < n; i++)
            if (strtol(values[i], NULL, 10) < FOLIO_SCHEMA_DUPLICATES && strtol(pick, NULL, 10) >= FOLIO_SCHEMA_DUPLICATES) {
                char number[16];
                snprintf(number, sizeof number, "%d", FOLIO_SCHEMA_DUPLICATES - 1);
                return strdup(number);
            }
    return strdup(pick);
}

static int sync_directory(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return folio_error_set(FOLIO_EIO, "%s: %s", path, strerror(errno));
    int rc = fsync(fd) == 0 ? 0 : folio_error_set(FOLIO_EIO, "%s: %s", path, strerror(errno));
    close(fd);
    return rc;
}

/* The directory holding `path`, for syncing a rename in it. */
static void parent_of(char *out, const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = !slash ? 0 : slash == path ? 1 : (size_t)(slash - path);
    if (n == 0)
        strcpy(out, ".");
    else {
        memcpy(out, path, n);
        out[n] = '\0';
    }
}

/* Puts `fresh` where `path` is and the old `path` where `fresh` was, in one step where the file system
 * allows it; else through `aside` (a free name), with a moment when `path` is missing. */
static int exchange(const char *fresh, const char *path, const char *aside)
{
    if (renameat2(AT_FDCWD, fresh, AT_FDCWD, path, RENAME_EXCHANGE) != 0) {
        if (errno != EINVAL && errno != ENOSYS)
            return folio_error_set(FOLIO_EIO, "%s: cannot swap in the new database: %s", path, strerror(errno));
        if (rename(path, aside) != 0)
            return folio_error_set(FOLIO_EIO, "%s: cannot swap in the new database: %s", path, strerror(errno));
        if (rename(fresh, path) != 0) {
            int e = errno;
            rename(aside, path); /* put the old one back before the work directory is removed */
            return folio_error_set(FOLIO_EIO, "%s: cannot swap in the new database: %s", path, strerror(e));
        }
        if (rename(aside, fresh) != 0)
            return folio_error_set(FOLIO_EIO, "%s: cannot move the old database aside: %s", aside, strerror(errno));
    }
    char parent[PATH_BYTES];
    parent_of(parent, path);
    return sync_directory(parent);
}

static int swap_in(folio_rebuild *rb, const char *fresh)
{
    char aside[PATH_BYTES];
    if (join(aside, rb->work, "/old") < 0)
        return FOLIO_EINVALID;
    return exchange(fresh, rb->path, aside);
}

/* Keeps only the last version of each record and file stored more than once (the parts are merged in
 * the order they were opened, so the last has the highest docid), then drops the tombstones of
 * deleted records (db.c). */
static int keep_last_versions(const char *path)
{
    static const char *const key_prefixes[] = {"Q", "XF"}; /* schema.h: the unique keys */
    folio_xdb *x;
    int rc = folio_xdb_open_write(&x, path);
    if (rc < 0)
        return rc;
    for (size_t i = 0; rc >= 0 && i < sizeof key_prefixes / sizeof key_prefixes[0]; i++)
        rc = folio_xdb_keep_last(x, key_prefixes[i], NULL);
    if (rc >= 0)
        rc = folio_xdb_delete(x, FOLIO_TOMBSTONE_TERM, NULL);
    if (rc >= 0)
        rc = folio_xdb_commit(x);
    folio_xdb_close(x);
    return rc;
}

/* The old database's settings (recency, field boosts, synonyms, language detection: what folio-index
 * options set, not documents) into `fresh`, a rebuild that does not merge the old database in (--full):
 * it rebuilds the documents, not the settings. */
static int carry_settings(folio_rebuild *rb, const char *fresh)
{
    static const char *const keys[] = {FOLIO_META_RECENCY, FOLIO_META_BOOST, FOLIO_META_SYNONYMS,
                                       FOLIO_META_DETECT_LANGUAGES};
    folio_xdb *x = NULL;
    int rc = 0;
    for (size_t i = 0; rc >= 0 && i < sizeof keys / sizeof keys[0]; i++) {
        char *value = NULL;
        rc = folio_xdb_get_metadata(rb->lock, keys[i], &value);
        if (rc >= 0 && *value && !x)
            rc = folio_xdb_open_write(&x, fresh);
        if (rc >= 0 && *value)
            rc = folio_xdb_set_metadata(x, keys[i], value);
        free(value);
    }
    if (rc >= 0 && x)
        rc = folio_xdb_commit(x);
    folio_xdb_close(x);
    return rc;
}

/* Merges `sources` into work/new (fresh); the database is untouched. */
static int merge_sources(folio_rebuild *rb, const char *const *sources, size_t n, int repeated_keys, char *fresh)
{
    int rc = join(fresh, rb->work, "/" NEW_NAME);
    if (rc >= 0)
        rc = folio_xdb_compact(fresh, sources, n, merge_metadata, NULL);
    if (rc >= 0 && repeated_keys)
        rc = keep_last_versions(fresh);
    if (rc >= 0 && !rb->keep_existing)
        rc = carry_settings(rb, fresh);
    return rc;
}

/* After the swap: the old database's lock released, the work directory (holding it) removed, rb freed. */
static void release(folio_rebuild *rb, int remove)
{
    folio_xdb_close(rb->lock);
    rb->lock = NULL;
    if (remove)
        remove_work(rb->work);
    free(rb);
}

/* Merges `sources` into the new database and swaps it in; frees rb. */
static int finish_with(folio_rebuild *rb, const char *const *sources, size_t n, int repeated_keys)
{
    char fresh[PATH_BYTES];
    int rc = merge_sources(rb, sources, n, repeated_keys, fresh);
    if (rc >= 0)
        rc = swap_in(rb, fresh);
    if (rc < 0) {
        folio_rebuild_abort(rb);
        return rc;
    }
    release(rb, 1);
    return 0;
}

/* Merges the parts (and the database kept) into work/new. */
static int merge_parts(folio_rebuild *rb, int repeated_keys, char *fresh)
{
    unsigned nparts = atomic_load(&rb->nparts);
    if (nparts == 0 || nparts > MAX_PARTS)
        return folio_error_set(FOLIO_EINVALID, "a rebuild needs 1 to %d parts", MAX_PARTS);
    char (*paths)[PATH_BYTES] = calloc(nparts, sizeof *paths);
    const char **sources = calloc(nparts + 1, sizeof *sources);
    int rc = paths && sources ? 0 : folio_error_set(FOLIO_ENOMEM, "out of memory");
    /* The database kept comes first: merged in order, the parts' versions of a record come after its. */
    size_t n = 0;
    if (rc >= 0 && rb->keep_existing)
        sources[n++] = rb->path;
    for (unsigned i = 0; i < nparts && rc >= 0; i++) {
        rc = part_path(paths[i], rb, i);
        sources[n++] = paths[i];
    }
    if (rc >= 0)
        rc = merge_sources(rb, sources, n, repeated_keys || rb->keep_existing, fresh);
    free(paths);
    free(sources);
    return rc;
}

int folio_rebuild_finish(folio_rebuild *rb, int repeated_keys)
{
    char fresh[PATH_BYTES];
    int rc = merge_parts(rb, repeated_keys, fresh);
    if (rc >= 0)
        rc = swap_in(rb, fresh);
    if (rc < 0) {
        folio_rebuild_abort(rb);
        return rc;
    }
    release(rb, 1);
    return 0;
}

/* A sharded index is swapped whole: every shard's merge is moved into a new index directory beside it
 * (PATH.swap, a work directory with its marker), with its stub, and that directory is exchanged with
 * PATH in one rename. Until then PATH is the old index, after it the new one: never some shards of
 * each (swapped shard by shard, a kill between two swaps left documents of neither build). */
#define SHARDS_SWAP_SUFFIX ".swap"

static void abort_all(folio_rebuild **rbs, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        folio_rebuild_abort(rbs[i]);
        rbs[i] = NULL;
    }
}

/* Moves each shard's merge into the new index directory and writes its stub. */
static int assemble_shards(folio_rebuild **rbs, unsigned n, char (*fresh)[PATH_BYTES], const char *swap)
{
    int rc = remove_work(swap);
    if (rc >= 0)
        rc = make_work(swap);
    for (unsigned i = 0; rc >= 0 && i < n; i++) {
        char *shard;
        if ((rc = folio_shards_path(&shard, swap, i)) < 0)
            break;
        if (rename(fresh[i], shard) != 0)
            rc = folio_error_set(FOLIO_EIO, "%s: cannot move the new shard: %s", rbs[i]->path, strerror(errno));
        free(shard);
    }
    if (rc >= 0)
        rc = folio_shards_write_stub(swap, n);
    if (rc >= 0)
        rc = sync_directory(swap);
    return rc;
}

int folio_rebuild_finish_shards(const char *path, folio_rebuild **rbs, unsigned n, int repeated_keys)
{
    char index[PATH_BYTES] = "", swap[PATH_BYTES] = "", marker[PATH_BYTES] = "", aside[PATH_BYTES] = "";
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    int rc = len < PATH_BYTES ? 0 : folio_error_set(FOLIO_EINVALID, "%s: path too long", path);
    if (rc >= 0) {
        memcpy(index, path, len);
        index[len] = '\0';
        if ((rc = join(swap, index, SHARDS_SWAP_SUFFIX)) >= 0 && (rc = join(marker, index, "/" MARKER_NAME)) >= 0)
            rc = join(aside, swap, ".old");
    }
    char (*fresh)[PATH_BYTES] = rc >= 0 ? calloc(n, sizeof *fresh) : NULL;
    if (rc >= 0 && !fresh)
        rc = folio_error_set(FOLIO_ENOMEM, "out of memory");
    for (unsigned i = 0; rc >= 0 && i < n; i++)
        rc = merge_parts(rbs[i], repeated_keys, fresh[i]);
    if (rc >= 0)
        rc = assemble_shards(rbs, n, fresh, swap);
    free(fresh);
    /* The old index gets the marker that makes it removable once it sits at PATH.swap; the new one
     * takes PATH.swap's marker to PATH, removed right after (a stray marker file there is harmless). */
    FILE *f = rc >= 0 ? fopen(marker, "w") : NULL;
    if (rc >= 0 && (!f || fclose(f) != 0))
        rc = folio_error_set(FOLIO_EIO, "%s: %s", marker, strerror(errno));
    if (rc >= 0)
        rc = exchange(swap, index, aside);
    if (rc < 0) {
        if (*marker)
            unlink(marker);
        if (*swap)
            remove_work(swap);
        abort_all(rbs, n);
        return rc;
    }
    unlink(marker);
    for (unsigned i = 0; i < n; i++) {
        release(rbs[i], 0); /* their work directories are in the old index, at PATH.swap */
        rbs[i] = NULL;
    }
    remove_work(swap);
    return 0;
}

int folio_compact(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return folio_error_set(errno == ENOENT ? FOLIO_ENOTFOUND : FOLIO_EIO, "%s: %s", path, strerror(errno));
    folio_rebuild *rb;
    int rc = folio_rebuild_begin(&rb, path, NULL);
    if (rc < 0)
        return rc;
    const char *source = rb->path;
    return finish_with(rb, &source, 1, 0);
}
