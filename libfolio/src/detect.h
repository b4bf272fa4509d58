/*
 * detect.h — language identification (folio.h: folio_detector_*), and the guess for a document that the
 * preparers make (folio_preparer_detect_languages).
 */
#ifndef FOLIO_DETECT_H
#define FOLIO_DETECT_H

#include "folio.h"

#include <stddef.h>

/* Room for a guessed tag ("zh-CN") and its NUL. */
#define FOLIO_DETECTED_TAG_MAX 32

/* The language of a document from its title and body (either may be NULL), as folio_detector_guess. */
int folio_detector_guess_doc(folio_detector *d, const char *title, const char *body, char *tag, size_t tag_cap);

#endif
