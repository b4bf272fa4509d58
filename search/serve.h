/*
 * serve.h — folio-search --serve: the site search server, on libmicrohttpd with a pool of threads, each
 * with its own database handle (live_db.h).
 *
 * Routes, under --base-path: / (the search page), /app.js and /app.css (its script and style), and the
 * JSON API of http_api.h (/api/search, /api/suggest, /healthz), and with --write-keys the write API of
 * write_api.h (/api/documents, which takes POST and DELETE too). Otherwise only GET and HEAD; every response
 * carries a Content-Security-Policy (frame-ancestors 'none'), X-Content-Type-Options: nosniff and an
 * exact Content-Type. Requests that cannot be read exactly (bad percent-encoding, a body) get a 4xx
 * with the JSON error object; the connection limits refuse the rest. One log line per request on
 * stderr (method, path, status, milliseconds) unless --quiet.
 */
#ifndef FOLIO_SEARCH_SERVE_H
#define FOLIO_SEARCH_SERVE_H

#include "options.h"

/* Serves s->db_path as s->serve says until SIGINT or SIGTERM. Announces the address it listens on
 * ("folio-search: serving DB at http://HOST:PORT/BASE/") on stderr. Returns the exit status. */
int serve_run(const settings *s);

#endif
