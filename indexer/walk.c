/* walk.c — see walk.h. */
#define _XOPEN_SOURCE 700 /* realpath */
#define _DEFAULT_SOURCE   /* scandir, alphasort, d_type */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>

/* Deep enough for any real tree; deeper is reported and not entered. */
#define WALK_MAX_DEPTH 64
#define WALK_PATH_MAX 4096
#define VISITED_MIN_CAPACITY 256
#define ALIAS_REASON "a second name of a directory indexed under another path"

typedef struct dir_key {
    dev_t dev;
    ino_t ino;
} dir_key;

typedef struct walk_state {
    const walk_callbacks *cb;
    int flags;
    size_t root_len;
    char canonical[PATH_MAX]; /* the root's real path: links resolving outside it leave the root */
    size_t canonical_len;
    dir_key open_dirs[WALK_MAX_DEPTH];
    int depth;
    /* Every directory entered, an open-addressing hash set (used[] marks the taken slots). */
    dir_key *visited;
    unsigned char *used;
    size_t nvisited, visited_cap;
    /* Symbolic links to directories, walked once the real tree is: a directory is then known by its
     * real path whenever it has one under the root. */
    char **deferred;
    size_t ndeferred, deferred_cap;
    int stopped;
} walk_state;

static size_t key_slot(const walk_state *w, const struct stat *st)
{
    unsigned long long h = ((unsigned long long)st->st_dev * 0x9E3779B97F4A7C15ull) ^ (unsigned long long)st->st_ino;
    h *= 0xff51afd7ed558ccdull;
    return (size_t)(h ^ (h >> 32)) & (w->visited_cap - 1);
}

static int was_visited(const walk_state *w, const struct stat *st)
{
    if (!w->visited_cap)
        return 0;
    for (size_t k = key_slot(w, st); w->used[k]; k = (k + 1) & (w->visited_cap - 1))
        if (w->visited[k].dev == st->st_dev && w->visited[k].ino == st->st_ino)
            return 1;
    return 0;
}

static void put_visited(walk_state *w, const struct stat *st)
{
    size_t k = key_slot(w, st);
    while (w->used[k])
        k = (k + 1) & (w->visited_cap - 1);
    w->visited[k] = (dir_key){st->st_dev, st->st_ino};
    w->used[k] = 1;
    w->nvisited++;
}

/* Records a directory as entered; -1 when out of memory. */
static int add_visited(walk_state *w, const struct stat *st)
{
    if ((w->nvisited + 1) * 2 > w->visited_cap) {
        size_t cap = w->visited_cap ? w->visited_cap * 2 : VISITED_MIN_CAPACITY;
        dir_key *keys = malloc(cap * sizeof *keys);
        unsigned char *used = calloc(cap, 1);
        if (!keys || !used) {
            free(keys);
            free(used);
            return -1;
        }
        walk_state bigger = *w;
        bigger.visited = keys;
        bigger.used = used;
        bigger.visited_cap = cap;
        bigger.nvisited = 0;
        for (size_t i = 0; i < w->visited_cap; i++)
            if (w->used[i]) {
                struct stat old = {0};
                old.st_dev = w->visited[i].dev;
                old.st_ino = w->visited[i].ino;
                put_visited(&bigger, &old);
            }
        free(w->visited);
        free(w->used);
        w->visited = keys;
        w->used = used;
        w->visited_cap = cap;
    }
    put_visited(w, st);
    return 0;
}

static int is_open_dir(const walk_state *w, const struct stat *st)
{
    for (int i = 0; i < w->depth; i++)
        if (w->open_dirs[i].dev == st->st_dev && w->open_dirs[i].ino == st->st_ino)
            return 1;
    return 0;
}

/* Whether a real path lies inside the root. */
static int inside_root(const walk_state *w, const char *real)
{
    if (w->canonical_len == 1) /* the root is / */
        return 1;
    return strncmp(real, w->canonical, w->canonical_len) == 0 &&
           (real[w->canonical_len] == '\0' || real[w->canonical_len] == '/');
}

/* /proc, /sys and their kind: endless or huge synthetic files, never documents. */
static int on_pseudo_filesystem(const char *path)
{
    struct statfs fs;
    if (statfs(path, &fs) != 0)
        return 0;
    switch ((unsigned long)fs.f_type) {
    case PROC_SUPER_MAGIC: case SYSFS_MAGIC: case DEBUGFS_MAGIC: case TRACEFS_MAGIC: case SECURITYFS_MAGIC:
    case CGROUP_SUPER_MAGIC: case CGROUP2_SUPER_MAGIC: case BPF_FS_MAGIC:
        return 1;
    default:
        return 0;
    }
}

/* For a symbolic link: NULL when it may be followed, else why not. */
static const char *link_refusal(const walk_state *w, const char *path)
{
    char real[PATH_MAX];
    if (!realpath(path, real))
        return errno == ENOENT ? "broken symbolic link" : errno == ELOOP ? "symbolic link loop" : NULL;
    if (!(w->flags & WALK_FOLLOW_LINKS) && !inside_root(w, real))
        return "symbolic link out of the SOURCE directory (not followed without --follow-links)";
    if (on_pseudo_filesystem(real))
        return "symbolic link into a kernel pseudo-filesystem such as /proc (never followed)";
    return NULL;
}

static int is_symlink(const struct dirent *e, const char *path)
{
    if (e->d_type != DT_UNKNOWN)
        return e->d_type == DT_LNK;
    struct stat st;
    return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

static int defer(walk_state *w, const char *path)
{
    if (w->ndeferred == w->deferred_cap) {
        size_t cap = w->deferred_cap ? w->deferred_cap * 2 : 16;
        char **d = realloc(w->deferred, cap * sizeof *d);
        if (!d)
            return -1;
        w->deferred = d;
        w->deferred_cap = cap;
    }
    if (!(w->deferred[w->ndeferred] = strdup(path)))
        return -1;
    w->ndeferred++;
    return 0;
}

static int walk_dir(walk_state *w, const char *dir, const struct stat *dir_stat)
{
    const walk_callbacks *cb = w->cb;
    if (w->depth == WALK_MAX_DEPTH) {
        cb->on_problem(cb->ctx, dir, "directory nesting too deep", WALK_LOST_DIR);
        return 0;
    }
    if (add_visited(w, dir_stat) < 0) {
        cb->on_problem(cb->ctx, dir, "out of memory", WALK_LOST_DIR);
        return 0;
    }
    struct dirent **entries;
    int n = scandir(dir, &entries, NULL, alphasort);
    if (n < 0) {
        cb->on_problem(cb->ctx, dir, strerror(errno), WALK_LOST_DIR);
        return 0;
    }
    w->open_dirs[w->depth] = (dir_key){dir_stat->st_dev, dir_stat->st_ino};
    w->depth++;
    int rc = 0;
    for (int i = 0; i < n; i++) {
        const char *name = entries[i]->d_name;
        char path[WALK_PATH_MAX];
        struct stat st;
        if (rc || w->stopped || name[0] == '.')
            continue;
        if (cb->stop && cb->stop(cb->ctx)) {
            w->stopped = 1;
            continue;
        }
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
            cb->on_problem(cb->ctx, name, "path too long", WALK_LOST_DIR);
            continue;
        }
        const char *relative = path + w->root_len + 1;
        int link = is_symlink(entries[i], path);
        const char *refused = link ? link_refusal(w, path) : NULL;
        if (refused) {
            cb->on_problem(cb->ctx, path, refused, WALK_LOST_FILE);
            continue;
        }
        if (stat(path, &st) != 0) {
            /* A dangling symbolic link is no loss; anything else might have been a directory. */
            int dangling = errno == ENOENT && link;
            cb->on_problem(cb->ctx, path, dangling ? "broken symbolic link" : strerror(errno),
                           dangling ? WALK_LOST_FILE : WALK_LOST_DIR);
            continue;
        }
        int is_dir = S_ISDIR(st.st_mode);
        if (cb->skip && cb->skip(cb->ctx, relative, name, is_dir))
            continue;
        if (is_dir) {
            if (is_open_dir(w, &st))
                cb->on_problem(cb->ctx, path, "symbolic link loop", WALK_LOST_FILE);
            else if (link && defer(w, path) < 0)
                cb->on_problem(cb->ctx, path, "out of memory", WALK_LOST_DIR);
            else if (link)
                ; /* walked after the real tree */
            else if (was_visited(w, &st))
                cb->on_problem(cb->ctx, path, ALIAS_REASON, WALK_ALIAS);
            else if (st.st_dev != dir_stat->st_dev && on_pseudo_filesystem(path))
                cb->on_problem(cb->ctx, path, "a kernel pseudo-filesystem such as /proc (never walked)",
                               WALK_LOST_FILE);
            else
                rc = walk_dir(w, path, &st);
        } else if (S_ISREG(st.st_mode)) {
            rc = cb->on_file(cb->ctx, path, relative, &st);
        }
    }
    for (int i = 0; i < n; i++)
        free(entries[i]);
    free(entries);
    w->depth--;
    return rc;
}

int walk_directory(const char *root, int flags, const walk_callbacks *cb)
{
    walk_state *w = calloc(1, sizeof *w);
    if (!w) {
        cb->on_problem(cb->ctx, root, "out of memory", WALK_LOST_DIR);
        return 0;
    }
    w->cb = cb;
    w->flags = flags;
    w->root_len = strlen(root);
    /* "dir/" and "dir" give the same relative paths. */
    char trimmed[WALK_PATH_MAX];
    int rc = 0;
    struct stat st;
    if (w->root_len >= sizeof trimmed) {
        cb->on_problem(cb->ctx, root, "path too long", WALK_LOST_DIR);
        goto done;
    }
    memcpy(trimmed, root, w->root_len + 1);
    while (w->root_len > 1 && trimmed[w->root_len - 1] == '/')
        trimmed[--w->root_len] = '\0';
    if (stat(trimmed, &st) != 0 || !realpath(trimmed, w->canonical)) {
        cb->on_problem(cb->ctx, root, strerror(errno), WALK_LOST_DIR);
        goto done;
    }
    w->canonical_len = strlen(w->canonical);
    rc = walk_dir(w, trimmed, &st);
    /* Then the symbolic links to directories (and those they lead to), each new directory once. */
    for (size_t i = 0; i < w->ndeferred && !rc && !w->stopped; i++) {
        const char *path = w->deferred[i];
        if (cb->stop && cb->stop(cb->ctx))
            break;
        if (stat(path, &st) != 0)
            cb->on_problem(cb->ctx, path, strerror(errno), WALK_LOST_DIR);
        else if (was_visited(w, &st))
            cb->on_problem(cb->ctx, path, ALIAS_REASON, WALK_ALIAS);
        else
            rc = walk_dir(w, path, &st);
    }
done:
    for (size_t i = 0; i < w->ndeferred; i++)
        free(w->deferred[i]);
    free(w->deferred);
    free(w->visited);
    free(w->used);
    free(w);
    return rc;
}
