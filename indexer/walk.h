/*
 * walk.h — finds the files under a directory, in a stable (sorted) order.
 *
 * Hidden files and directories (names starting with '.') are passed over, and so are entries the
 * `skip` callback refuses (--exclude) and symbolic links to directories already being walked (a loop,
 * reported as a problem). Each regular file found is handed to the callback with its path, its path
 * relative to the root and its stat(2) data (of the link target, for a symbolic link).
 */
#ifndef FOLIO_WALK_H
#define FOLIO_WALK_H

#include <sys/stat.h>

typedef struct walk_callbacks {
    /* A non-zero return stops the walk; that value is returned by walk_directory. */
    int (*on_file)(void *ctx, const char *path, const char *relative, const struct stat *st);
    /* An entry that cannot be read or entered; is_dir says it was (or may have been) a directory, whose
     * files are then unknown. A warning, not fatal. */
    void (*on_problem)(void *ctx, const char *path, const char *reason, int is_dir);
    /* Optional: non-zero to pass over an entry (and for a directory, everything under it). */
    int (*skip)(void *ctx, const char *relative, const char *name, int is_dir);
    void *ctx;
} walk_callbacks;

int walk_directory(const char *root, const walk_callbacks *cb);

#endif
