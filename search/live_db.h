/*
 * live_db.h — the server's database handles: one per thread (a folio_db belongs to one thread), opened
 * lazily, and kept on the latest state of the index at the path.
 *
 * Before each request live_db_get() moves the calling thread's handle to the latest commit (cheap when
 * nothing changed). A full rebuild that put a new index at the path atomically (a directory or stub
 * file renamed over the old one, a symlink switched) shows up as a different file at the path: the
 * handle is then closed and the new index opened. After an index error during a request, the caller
 * drops the handle with live_db_discard() and tries once more with a fresh one.
 */
#ifndef FOLIO_SEARCH_LIVE_DB_H
#define FOLIO_SEARCH_LIVE_DB_H

#include "folio.h"

/* Once, before the server's threads start: where the index is (the string must outlive the server) and
 * how to open it. */
int live_db_init(const char *path, const folio_open_options *opts);

/* The calling thread's handle, up to date; NULL when the index cannot be opened (folio_error_last()
 * says why). The handle is closed when the thread ends. */
folio_db *live_db_get(void);

/* Closes the calling thread's handle, so that the next live_db_get() opens the index anew. */
void live_db_discard(void);

/* 1 for the errors that mean the index changed or vanished under a reader (worth one retry). */
int live_db_is_index_error(int code);

#endif
