/* tmpdir.c — see tmpdir.h. */
#define _XOPEN_SOURCE 700 /* mkdtemp, nftw */

#include "tmpdir.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static char root[TMPDIR_PATH_BYTES / 2];

int tmpdir_make(const char *name)
{
    const char *base = getenv("FOLIO_TEST_TMP");
    if (!base || !*base)
        base = "/tmp";
    if (mkdir(base, 0777) != 0 && errno != EEXIST)
        return -1;
    snprintf(root, sizeof root, "%s/%s-XXXXXX", base, name);
    return mkdtemp(root) ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

int tmpdir_remove(void)
{
    return nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void tmpdir_path(char *out, const char *name)
{
    snprintf(out, TMPDIR_PATH_BYTES, "%s/%s", root, name);
}
