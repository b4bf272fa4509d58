/*
 * tls.h — folio-search --serve --tls-cert FILE --tls-key FILE: HTTPS through libmicrohttpd's TLS
 * support (GnuTLS). The PEM files are read once at start (at most TLS_MAX_FILE_BYTES each); their
 * errors are reported then, and a certificate that GnuTLS refuses makes the server fail to start.
 */
#ifndef FOLIO_SEARCH_TLS_H
#define FOLIO_SEARCH_TLS_H

#include "options.h"

#include <microhttpd.h>

#define TLS_MAX_FILE_BYTES (1 << 20)
#define TLS_OPTION_ITEMS 3 /* what tls_options() fills, with its MHD_OPTION_END */

/* Reads the files (when --tls-cert is given); prints its error and returns -1. */
int tls_load(const serve_settings *cfg);

/* 1 when serving HTTPS. */
int tls_enabled(void);

/* The daemon flag and options for TLS: MHD_USE_TLS (0 without TLS) and items ending in MHD_OPTION_END,
 * to pass with MHD_OPTION_ARRAY. */
unsigned tls_flags(void);
void tls_options(struct MHD_OptionItem items[TLS_OPTION_ITEMS]);

#endif
