/* walk.c — see walk.h. */
#define _POSIX_C_SOURCE 200809L
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Deep enough for any real tree; deeper is reported and not entered. */
#define WALK_MAX_DEPTH 64
#define WALK_PATH_MAX 4096

typedef struct walk_state {
    const walk_callbacks *cb;
    size_t root_len;
    struct {
        dev_t dev;
        ino_t ino;
    } open_dirs[WALK_MAX_DEPTH];
    int depth;
} walk_state;

static int is_open_dir(const walk_state *w, const struct stat *st)
{
    for (int i = 0; i < w->depth; i++)
        if (w->open_dirs[i].dev == st->st_dev && w->open_dirs[i].ino == st->st_ino)
            return 1;
    return 0;
}

static int walk_dir(walk_state *w, const char *dir, const struct stat *dir_stat)
{
    const walk_callbacks *cb = w->cb;
    if (w->depth == WALK_MAX_DEPTH) {
        cb->on_problem(cb->ctx, dir, "directory nesting too deep", 1);
        return 0;
    }
    struct dirent **entries;
    int n = scandir(dir, &entries, NULL, alphasort);
    if (n < 0) {
        cb->on_problem(cb->ctx, dir, strerror(errno), 1);
        return 0;
    }
    w->open_dirs[w->depth].dev = dir_stat->st_dev;
    w->open_dirs[w->depth].ino = dir_stat->st_ino;
    w->depth++;
    int rc = 0;
    for (int i = 0; i < n; i++) {
        const char *name = entries[i]->d_name;
        char path[WALK_PATH_MAX];
        struct stat st;
        if (rc || name[0] == '.')
            continue;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
            cb->on_problem(cb->ctx, name, "path too long", 1);
            continue;
        }
        const char *relative = path + w->root_len + 1;
        if (stat(path, &st) != 0) {
            /* A dangling symbolic link is no loss; anything else might have been a directory. */
            struct stat link;
            int dangling = errno == ENOENT && lstat(path, &link) == 0 && S_ISLNK(link.st_mode);
            cb->on_problem(cb->ctx, path, dangling ? "broken symbolic link" : strerror(errno), !dangling);
            continue;
        }
        int is_dir = S_ISDIR(st.st_mode);
        if (cb->skip && cb->skip(cb->ctx, relative, name, is_dir))
            continue;
        if (is_dir) {
            if (is_open_dir(w, &st))
                cb->on_problem(cb->ctx, path, "symbolic link loop", 0);
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

int walk_directory(const char *root, const walk_callbacks *cb)
{
    walk_state w = {cb, strlen(root), {{0, 0}}, 0};
    /* "dir/" and "dir" give the same relative paths. */
    char trimmed[WALK_PATH_MAX];
    if (w.root_len >= sizeof trimmed) {
        cb->on_problem(cb->ctx, root, "path too long", 1);
        return 0;
    }
    memcpy(trimmed, root, w.root_len + 1);
    while (w.root_len > 1 && trimmed[w.root_len - 1] == '/')
        trimmed[--w.root_len] = '\0';
    struct stat st;
    if (stat(trimmed, &st) != 0) {
        cb->on_problem(cb->ctx, root, strerror(errno), 1);
        return 0;
    }
    return walk_dir(&w, trimmed, &st);
}
