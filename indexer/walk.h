/*
 * walk.h — finds the files under a directory, in a stable (sorted) order.
 *
 * Hidden files and directories (names starting with '.') are passed over, and so are entries the
 * `skip` callback refuses (--exclude). Each directory (by device and inode) is walked at most once, so
 * symbolic links that fan out cost no more than the tree they name. The real tree is walked first and
 * symbolic links to directories after it, so a directory keeps its real path when it has one under the
 * root: a link to a directory walked already is passed over (WALK_ALIAS: nothing is lost), a link to a
 * directory being walked is a loop. A symbolic link whose target lies outside the root (file or directory)
 * is not followed unless WALK_FOLLOW_LINKS is given, and never into a kernel pseudo-filesystem (/proc,
 * /sys). Each regular file found is handed to on_file with its path, its path relative to the root and
 * its stat(2) data (of the link target, for a symbolic link). The optional `stop` callback is asked
 * before every entry, so an interrupt ends a walk of any size promptly.
 */
#ifndef FOLIO_WALK_H
#define FOLIO_WALK_H

#include <sys/stat.h>

/* What an entry that was not walked costs. */
typedef enum walk_problem {
    WALK_LOST_FILE, /* an entry not indexed (a broken link, a link out of the root, a loop) */
    WALK_LOST_DIR,  /* a directory (or maybe one) that could not be read: its files are unknown */
    WALK_ALIAS,     /* a second name of a directory walked already: nothing is lost */
} walk_problem;

enum { WALK_FOLLOW_LINKS = 1 };

typedef struct walk_callbacks {
    /* A non-zero return stops the walk; that value is returned by walk_directory. */
    int (*on_file)(void *ctx, const char *path, const char *relative, const struct stat *st);
    /* An entry not walked, and why. A warning, not fatal. */
    void (*on_problem)(void *ctx, const char *path, const char *reason, walk_problem kind);
    /* Optional: non-zero to pass over an entry (and for a directory, everything under it). */
    int (*skip)(void *ctx, const char *relative, const char *name, int is_dir);
    /* Optional: non-zero to stop the walk at once (an interrupt); walk_directory then returns 0. */
    int (*stop)(void *ctx);
    void *ctx;
} walk_callbacks;

/* flags: 0 or WALK_FOLLOW_LINKS. Returns 0, or on_file's non-zero return. */
int walk_directory(const char *root, int flags, const walk_callbacks *cb);

#endif
