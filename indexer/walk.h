/*
 * walk.h — finds the article files under a directory, in a stable (sorted) order.
 *
 * Hidden files and directories (names starting with '.') are passed over, and so are symbolic links to
 * directories already being walked (a loop). Each regular file found is handed to the callback with its
 * path and its path relative to the root.
 */
#ifndef FOLIO_WALK_H
#define FOLIO_WALK_H

/* Return non-zero from the callback to stop the walk; that value is returned by walk_directory. */
typedef int (*walk_file_cb)(void *ctx, const char *path, const char *relative);
/* Called for each directory entry that cannot be read (a warning, not fatal). */
typedef void (*walk_problem_cb)(void *ctx, const char *path, const char *reason);

int walk_directory(const char *root, walk_file_cb on_file, walk_problem_cb on_problem, void *ctx);

#endif
