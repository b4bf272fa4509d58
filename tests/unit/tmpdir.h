/*
 * tmpdir.h — the scratch directory of a unit test program: made under $FOLIO_TEST_TMP (else /tmp) when
 * the tests start, removed with everything in it when they end.
 */
#ifndef FOLIO_TEST_TMPDIR_H
#define FOLIO_TEST_TMPDIR_H

/* Bytes of a path inside the scratch directory, NUL included. */
#define TMPDIR_PATH_BYTES 4096

/* Makes BASE/NAME-XXXXXX; 0, or -1 with errno set. */
int tmpdir_make(const char *name);
/* Removes the directory and its contents; 0, or -1. */
int tmpdir_remove(void);
/* Writes the path of `name` inside the directory to out (TMPDIR_PATH_BYTES bytes). */
void tmpdir_path(char *out, const char *name);

#endif
