/*
 * write_api.h — folio-search --serve --write-keys FILE: the write API, under --base-path.
 *
 *   POST   /api/documents      records in folio's JSON Lines format, as one JSON object, a JSON array
 *                              (Content-Type: application/json) or JSON Lines (application/x-ndjson,
 *                              application/jsonl); upserts by id, {"id": ..., "deleted": true} deletes
 *   DELETE /api/documents/ID   deletes the record ID
 *   GET    /api/documents/ID   the stored record, as folio-search --get --format json prints it
 *
 * Every request needs `Authorization: Bearer KEY` with a key of the file (keys.h): 401 without one,
 * 403 with a wrong one, 429 while its address is refused for repeated failures (throttle.h). A body over
 * --max-body is 413 (from its Content-Length, before it is read). A request is all or nothing: every
 * record is parsed and analyzed (with the library's rules, as folio-index does) before any is handed
 * to the writer (writer.h); the first bad one makes a 400 naming it ("record 3: ..."), and nothing of
 * the request is written. A 200 comes only after the commit that holds the request's records:
 *   {"version":1,"added":N,"replaced":N,"unchanged":N,"deleted":N,"commit":N,"committed":"ISO time"}
 * Errors: {"version":1,"error":{"message":...,"record":N or null}}; 503 when the database cannot be
 * written (FOLIO_ELOCKED: another writer holds it), with a message saying so.
 *
 * While a request waits for its commit its connection is suspended (libmicrohttpd's suspend/resume),
 * so the server's threads go on answering searches.
 */
#ifndef FOLIO_SEARCH_WRITE_API_H
#define FOLIO_SEARCH_WRITE_API_H

#include "http_api.h"
#include "options.h"

#include <microhttpd.h>

/* A record id longer than this is refused: an id must fit in a request line (GET/DELETE its URL). */
#define WRITE_MAX_ID_BYTES 4096
#define WRITE_DEFAULT_MAX_BODY_MB 32
#define WRITE_MAX_MAX_BODY_MB 1024

/* The answer serve.c sends: it owns `json` (malloc'd) from then on; `allow` (or NULL) is the Allow
 * header of a 405, `retry_after` (or 0) the Retry-After seconds of a 429. */
typedef struct write_reply_sender {
    enum MHD_Result (*send)(void *ctx, struct MHD_Connection *con, unsigned status, char *json, size_t len,
                            const char *allow, unsigned retry_after);
    void *ctx;
} write_reply_sender;

/* Before the server starts: loads the key file, starts the writer. Without --write-keys, nothing (the
 * API is off). Prints its own error and returns -1 on failure. */
int write_api_start(const settings *s);

/* After the HTTP server stopped taking requests... before it stops: completes what is queued. */
void write_api_stop(void);

int write_api_enabled(void);

/* 1 when the request's path (decoded, below the base path) is the write API's. */
int write_api_owns(const char *path);

/* One call of libmicrohttpd's access handler for a write API request (the arguments as it gave them;
 * *state is this request's slot, NULL at first); answers through `sender`. */
enum MHD_Result write_api_handle(struct MHD_Connection *con, const char *path, const char *method,
                                 const char *upload_data, size_t *upload_data_size, void **state,
                                 const write_reply_sender *sender);

/* The request ended (answered, or the connection closed): frees its state. */
void write_api_request_end(void *state);

/* 1 when the request carries a valid key (counting a wrong one as a failure of its address): /healthz
 * then reports the writer. */
int write_api_key_valid(struct MHD_Connection *con);

/* Adds "writer":{...} to /healthz's object in r->body. */
void write_api_health(api_reply *r);

/* Checks where writes are served: on an address other than loopback, only with TLS or
 * --insecure-writes. Prints the refusal and returns -1. */
int write_api_check_address(const settings *s, const struct sockaddr *addr);

#endif
