/*
 * error.h — the thread-local last error behind folio_error_last(); folio_error_set() and
 * folio_error_clear() are public (folio.h), since callbacks and programs report through it too.
 *
 * Every failing libfolio function records one error here and returns its code, so a caller can write
 *     return folio_error_set(FOLIO_EINVALID, "bad date '%s'", s);
 * The message is copied (formatted into a thread-local buffer), so it never points into freed memory.
 */
#ifndef FOLIO_ERROR_H
#define FOLIO_ERROR_H

#include "folio.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FOLIO_ERROR_MESSAGE_MAX 512

/* folio_error_set() (folio.h) with the 1-based column of a query error. */
int folio_error_set_at(int code, int column, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif

#endif
