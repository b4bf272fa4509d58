/*
 * serve.c — the site search server (see serve.h): libmicrohttpd set-up, routing, response headers,
 * request log, and a clean stop on SIGINT/SIGTERM.
 */
#define _POSIX_C_SOURCE 200809L
#include "serve.h"

#include "conn_guard.h"
#include "http_api.h"
#include "live_db.h"
#include "query_log.h"
#include "tls.h"
#include "url.h"
#include "web_assets.h"
#include "write_api.h"

#include <microhttpd.h>

#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Connections at once; more are refused at accept time (and from one address, more than
 * CONN_MAX_HEADER_PHASE_PER_ADDRESS still sending their headers: conn_guard.h). */
#define MAX_CONNECTIONS 512
/* Seconds a connection is kept with no byte moving (conn_guard.h bounds the time to send a request). */
#define CONNECTION_TIMEOUT_S 15
/* Memory for one connection's request line and headers: a longer request is refused by the library
 * (414 or 431). Comfortably above a maximal query, percent-encoded. */
#define CONNECTION_MEMORY_BYTES (64 * 1024)
/* Worker threads: one per core, since a query is CPU work once the index is in the page cache; with two
 * per core a connection waits behind more others on its thread (measured: bench/http/README.md). */
#define THREADS_PER_CORE 1
#define MIN_THREADS 2
#define MAX_THREADS 32
/* Bytes of a request path written to the log. */
#define LOG_PATH_BYTES 200

/* The search page may load its own script and style and call its own API, nothing else; no page may
 * frame it. The API's JSON is no page at all. */
static const char page_csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
static const char api_csp[] = "default-src 'none'; frame-ancestors 'none'";
static const char json_type[] = "application/json; charset=utf-8";

typedef enum { KIND_PAGE, KIND_API } response_kind;

/* One request, from its first line to its log line. */
typedef struct request {
    struct timespec start;
    char *target;    /* the request target as sent ("/api/search?q=..."), owned */
    char method[16]; /* "" until the headers are read */
    int headers_read; /* the access handler was called once */
    unsigned status; /* 0 until a response is queued */
    int is_write;    /* a write API request (write_api.h), whose state is `write` */
    void *write;
    char *write_path; /* its decoded path, owned */
} request;

static const serve_settings *config;

/* ---- Responses ------------------------------------------------------------------------------- */

static void add_headers(struct MHD_Response *resp, response_kind kind, const char *type)
{
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Content-Security-Policy", kind == KIND_PAGE ? page_csp : api_csp);
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, kind == KIND_PAGE ? "no-cache" : "no-store");
    if (kind == KIND_API && config->cors_origin) {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", config->cors_origin);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Origin");
    }
}

/* Queues a response holding `data` (freed by the library when `owned`). */
static enum MHD_Result send_bytes(struct MHD_Connection *con, request *rq, unsigned status, response_kind kind,
                                  const char *type, const void *data, size_t len, int owned)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, (void *)data, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        if (owned)
            free((void *)data);
        return MHD_NO;
    }
    add_headers(resp, kind, type);
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    rq->status = status;
    enum MHD_Result rc = MHD_queue_response(con, status, resp);
    MHD_destroy_response(resp);
    return rc;
}

/* Sends an API answer; its buffer goes to the library. */
static enum MHD_Result send_reply(struct MHD_Connection *con, request *rq, api_reply *r)
{
    static const char out_of_memory[] = "{\"version\":1,\"query\":\"\",\"error\":{\"message\":\"out of memory\","
                                        "\"column\":null}}\n";
    if (r->body.oom || !r->body.data) {
        api_reply_free(r);
        return send_bytes(con, rq, MHD_HTTP_SERVICE_UNAVAILABLE, KIND_API, json_type, out_of_memory,
                          sizeof out_of_memory - 1, 0);
    }
    size_t len = r->body.len;
    char *data = folio_buf_detach(&r->body);
    api_reply_free(r);
    return send_bytes(con, rq, r->status, KIND_API, json_type, data, len, 1);
}

static enum MHD_Result send_error(struct MHD_Connection *con, request *rq, unsigned status, const char *query,
                                  const char *message)
{
    api_reply r = API_REPLY_INIT;
    api_error(&r, status, query, message);
    return send_reply(con, rq, &r);
}

/* /search -> /search/: the page's relative links need the slash. */
static enum MHD_Result send_redirect(struct MHD_Connection *con, request *rq, const char *query)
{
    folio_buf location = FOLIO_BUF_INIT;
    folio_buf_printf(&location, "%s/%s%s", config->base_path, query ? "?" : "", query ? query : "");
    if (location.oom) {
        folio_buf_free(&location);
        return MHD_NO;
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result rc = MHD_NO;
    if (resp) {
        add_headers(resp, KIND_PAGE, "text/plain; charset=utf-8");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, location.data);
        rq->status = MHD_HTTP_PERMANENT_REDIRECT;
        rc = MHD_queue_response(con, MHD_HTTP_PERMANENT_REDIRECT, resp);
        MHD_destroy_response(resp);
    }
    folio_buf_free(&location);
    return rc;
}

/* ---- Routes ---------------------------------------------------------------------------------- */

typedef void (*api_handler)(api_reply *r, folio_db *db, const url_params *params);

/* Runs an API handler on this thread's handle; when the index fails under it (a rebuild swapped in),
 * once more on a freshly opened one. */
static void run_api(api_reply *r, api_handler handler, const url_params *params)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        folio_buf_reset(&r->body);
        r->index_error = 0;
        folio_db *db = live_db_get();
        if (!db) {
            const folio_error *e = folio_error_last();
            api_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, url_params_get(params, "q"),
                      e ? e->message : "the index cannot be opened");
            continue;
        }
        handler(r, db, params);
        if (!r->index_error)
            return;
        live_db_discard();
    }
}

static void health(api_reply *r, folio_db *db, const url_params *params)
{
    (void)params;
    api_health(r, db);
}

/* /healthz asked with a valid write key: the writer's state too. */
static void health_with_writer(api_reply *r, folio_db *db, const url_params *params)
{
    health(r, db, params);
    write_api_health(r);
}

static enum MHD_Result answer_api(struct MHD_Connection *con, request *rq, api_handler handler, const char *query)
{
    url_params params;
    url_status st = url_params_parse(&params, query);
    if (st == URL_MALFORMED)
        return send_error(con, rq, MHD_HTTP_BAD_REQUEST, "", "malformed percent-encoding in the query string");
    if (st == URL_TOO_MANY)
        return send_error(con, rq, MHD_HTTP_BAD_REQUEST, "", "too many query parameters");
    if (st != URL_OK)
        return send_error(con, rq, MHD_HTTP_SERVICE_UNAVAILABLE, "", "out of memory");
    api_reply r = API_REPLY_INIT;
    run_api(&r, handler, &params);
    if (r.search.query && r.status == MHD_HTTP_OK) {
        const union MHD_ConnectionInfo *client = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        query_log_write(&r.search, client ? client->client_addr : NULL);
    }
    url_params_free(&params);
    return send_reply(con, rq, &r);
}

/* `path` is the decoded path below the base path ("/", "/api/search", ...). */
static enum MHD_Result route(struct MHD_Connection *con, request *rq, const char *path, const char *query)
{
    static const struct {
        const char *path;
        api_handler handler;
    } api_routes[] = {{"/api/search", api_search}, {"/api/suggest", api_suggest},
                     {"/api/similar", api_similar}, {"/healthz", health}};
    if (strcmp(path, "/healthz") == 0 && write_api_key_valid(con))
        return answer_api(con, rq, health_with_writer, query);
    for (size_t i = 0; i < sizeof api_routes / sizeof api_routes[0]; i++)
        if (strcmp(path, api_routes[i].path) == 0)
            return answer_api(con, rq, api_routes[i].handler, query);
    const web_asset *a = web_asset_find(strcmp(path, "/") == 0 ? "/index.html" : path);
    if (a)
        return send_bytes(con, rq, MHD_HTTP_OK, KIND_PAGE, web_asset_content_type(a), a->data, a->size, 0);
    return send_error(con, rq, MHD_HTTP_NOT_FOUND, "", "not found");
}

/* Takes the base path off a decoded path: the rest ("/..."), or NULL when the path is not below it. */
static const char *below_base(const char *path)
{
    size_t n = strlen(config->base_path);
    if (strncmp(path, config->base_path, n) != 0 || path[n] != '/')
        return NULL;
    return path + n;
}

static int has_body(struct MHD_Connection *con)
{
    const char *length = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    return (length && strspn(length, "0") != strlen(length)) ||
           MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
}

static enum MHD_Result count_content_length(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    (void)value;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
        ++*(unsigned *)cls;
    return MHD_YES;
}

/* Two Content-Length headers: the library reads the first, a proxy may read the other, and the bytes
 * between are a second request smuggled past the proxy. Refused, whatever their values. */
static int repeated_content_length(struct MHD_Connection *con)
{
    unsigned n = 0;
    MHD_get_connection_values(con, MHD_HEADER_KIND, count_content_length, &n);
    return n > 1;
}

/* A request refused on its headers alone (the library then closes the connection, without reading a
 * body); MHD_YES when it is one to answer. */
static enum MHD_Result refuse(struct MHD_Connection *con, request *rq, const char *method)
{
    snprintf(rq->method, sizeof rq->method, "%s", method);
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return send_error(con, rq, MHD_HTTP_METHOD_NOT_ALLOWED, "", "only GET and HEAD");
    if (repeated_content_length(con))
        return send_error(con, rq, MHD_HTTP_BAD_REQUEST, "", "more than one Content-Length header");
    if (has_body(con))
        return send_error(con, rq, MHD_HTTP_CONTENT_TOO_LARGE, "", "a GET request has no body");
    return MHD_YES;
}

static enum MHD_Result answer(struct MHD_Connection *con, request *rq)
{
    if (rq->target[0] != '/')
        return send_error(con, rq, MHD_HTTP_BAD_REQUEST, "", "the request target must be a path");
    folio_buf path = FOLIO_BUF_INIT;
    const char *query;
    url_status st = url_split(&path, &query, rq->target);
    enum MHD_Result rc;
    if (st == URL_MALFORMED)
        rc = send_error(con, rq, MHD_HTTP_BAD_REQUEST, "", "malformed percent-encoding in the path");
    else if (st != URL_OK)
        rc = send_error(con, rq, MHD_HTTP_SERVICE_UNAVAILABLE, "", "out of memory");
    else if (*config->base_path && strcmp(path.data, config->base_path) == 0)
        rc = send_redirect(con, rq, query);
    else if (!below_base(path.data))
        rc = send_error(con, rq, MHD_HTTP_NOT_FOUND, "", "not found");
    else
        rc = route(con, rq, below_base(path.data), query);
    folio_buf_free(&path);
    return rc;
}

/* ---- The write API (write_api.h) ------------------------------------------------------------ */

static enum MHD_Result send_write_reply(void *ctx, struct MHD_Connection *con, unsigned status, char *json, size_t len,
                                        const char *allow, unsigned retry_after)
{
    request *rq = ctx;
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, json, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(json);
        return MHD_NO;
    }
    add_headers(resp, KIND_API, json_type);
    if (allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
    if (status == MHD_HTTP_UNAUTHORIZED)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    if (retry_after) {
        char seconds[16];
        snprintf(seconds, sizeof seconds, "%u", retry_after);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, seconds);
    }
    rq->status = status;
    enum MHD_Result rc = MHD_queue_response(con, status, resp);
    MHD_destroy_response(resp);
    return rc;
}

/* Whether the request goes to the write API: its decoded path (kept in rq->write_path) is the API's. */
static int write_route(request *rq, const char *method)
{
    snprintf(rq->method, sizeof rq->method, "%s", method);
    if (!write_api_enabled() || rq->target[0] != '/')
        return 0;
    folio_buf path = FOLIO_BUF_INIT;
    const char *query;
    if (url_split(&path, &query, rq->target) != URL_OK || !below_base(path.data) ||
        !write_api_owns(below_base(path.data))) {
        folio_buf_free(&path);
        return 0;
    }
    rq->write_path = folio_buf_detach(&path);
    return rq->write_path != NULL;
}

/* ---- libmicrohttpd callbacks ----------------------------------------------------------------- */

/* Called with the request line's target before anything is parsed: starts the request's record. */
static void *request_begin(void *cls, const char *uri, struct MHD_Connection *con)
{
    (void)cls;
    conn_guard_request_line(con);
    request *rq = calloc(1, sizeof *rq);
    if (!rq)
        return NULL;
    rq->target = strdup(uri);
    if (!rq->target) {
        free(rq);
        return NULL;
    }
    clock_gettime(CLOCK_MONOTONIC, &rq->start);
    return rq;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
    (void)cls;
    (void)url; /* decoded leniently by the library: the raw target is read instead */
    (void)version;
    (void)upload_data;
    request *rq = *req_cls;
    if (!rq)
        return MHD_NO; /* out of memory: drop the connection */
    if (!rq->headers_read && !rq->status)
        rq->is_write = write_route(rq, method);
    if (rq->is_write) {
        rq->headers_read = 1;
        write_reply_sender sender = {send_write_reply, rq};
        return write_api_handle(con, below_base(rq->write_path), method, upload_data, upload_data_size, &rq->write,
                                &sender);
    }
    if (rq->status || *upload_data_size) {
        *upload_data_size = 0; /* answered already: a body is ignored */
        return MHD_YES;
    }
    /* The first call comes with the headers; a good request is answered on the next, once the library
     * has read all of it: answered earlier, the library would close the connection after the response
     * instead of keeping it open for the client's next request. */
    if (!rq->headers_read) {
        rq->headers_read = 1;
        conn_guard_headers_done(con);
        return refuse(con, rq, method);
    }
    return answer(con, rq);
}

/* The log: "GET /api/search 200 1.2ms", the path cut and its odd bytes %-escaped, one write a line. */
static void log_request(const request *rq)
{
    char line[LOG_PATH_BYTES * 3 + 64];
    size_t n = (size_t)snprintf(line, sizeof line, "%s ", *rq->method ? rq->method : "-");
    const unsigned char *p = (const unsigned char *)rq->target;
    for (size_t i = 0; p[i] && p[i] != '?' && i < LOG_PATH_BYTES; i++)
        n += (size_t)snprintf(line + n, sizeof line - n, (p[i] > ' ' && p[i] < 0x7f) ? "%c" : "%%%02X", p[i]);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double ms = (double)(now.tv_sec - rq->start.tv_sec) * 1e3 + (double)(now.tv_nsec - rq->start.tv_nsec) / 1e6;
    if (rq->status)
        n += (size_t)snprintf(line + n, sizeof line - n, " %u %.1fms\n", rq->status, ms);
    else
        n += (size_t)snprintf(line + n, sizeof line - n, " - %.1fms\n", ms);
    if (write(STDERR_FILENO, line, n < sizeof line ? n : sizeof line - 1) < 0) {
        /* nowhere left to report it */
    }
}

static void request_end(void *cls, struct MHD_Connection *con, void **req_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)toe;
    conn_guard_request_done(con);
    request *rq = *req_cls;
    if (!rq)
        return;
    if (!config->quiet)
        log_request(rq);
    write_api_request_end(rq->write);
    free(rq->write_path);
    free(rq->target);
    free(rq);
    *req_cls = NULL;
}

__attribute__((format(printf, 2, 0))) static void library_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char message[512];
    vsnprintf(message, sizeof message, fmt, ap);
    message[strcspn(message, "\n")] = '\0';
    fprintf(stderr, "folio-search: http: %s\n", message);
}

/* ---- Start and stop -------------------------------------------------------------------------- */

static unsigned thread_count(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    long n = (cores > 0 ? cores : 1) * THREADS_PER_CORE;
    return (unsigned)(n < MIN_THREADS ? MIN_THREADS : n > MAX_THREADS ? MAX_THREADS : n);
}

static int resolve(struct sockaddr_storage *out, int *ipv6, const char *host, unsigned port)
{
    struct addrinfo hints = {.ai_flags = AI_PASSIVE | AI_NUMERICSERV, .ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM};
    struct addrinfo *found;
    char service[8];
    snprintf(service, sizeof service, "%u", port);
    int rc = getaddrinfo(host, service, &hints, &found);
    if (rc != 0) {
        fprintf(stderr, "folio-search: --host %s: %s\n", host, gai_strerror(rc));
        return -1;
    }
    memcpy(out, found->ai_addr, found->ai_addrlen);
    *ipv6 = found->ai_family == AF_INET6;
    freeaddrinfo(found);
    return 0;
}

static struct MHD_Daemon *start(const struct sockaddr_storage *addr, int ipv6)
{
    /* poll, not epoll: with epoll, a burst of new keep-alive connections could all go to one thread (2
     * of 6 wrk runs at half the throughput, one thread idle); with poll, 12 of 12 runs were even. */
    /* Suspend/resume: a write request waits for its commit without holding a thread (write_api.h). */
    unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | (ipv6 ? MHD_USE_IPv6 : 0) |
                     MHD_ALLOW_SUSPEND_RESUME | tls_flags();
    static struct MHD_OptionItem tls[TLS_OPTION_ITEMS];
    tls_options(tls);
    return MHD_start_daemon(
        flags, 0, conn_guard_accept, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, library_log, NULL, /* first */
        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)addr,
        MHD_OPTION_THREAD_POOL_SIZE, thread_count(), MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
        MHD_OPTION_NOTIFY_CONNECTION, conn_guard_notify, NULL, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)CONNECTION_TIMEOUT_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY_BYTES,
        MHD_OPTION_URI_LOG_CALLBACK, request_begin, NULL, MHD_OPTION_NOTIFY_COMPLETED, request_end, NULL,
        MHD_OPTION_ARRAY, tls, MHD_OPTION_END);
}

static void announce(const settings *s, struct MHD_Daemon *d, int ipv6)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : s->serve.port;
    fprintf(stderr, "folio-search: serving %s at %s://%s%s%s:%u%s/%s\n", s->db_path, tls_enabled() ? "https" : "http",
            ipv6 ? "[" : "",
            s->serve.host, ipv6 ? "]" : "", port, s->serve.base_path, write_api_enabled() ? " (writes on)" : "");
}

int serve_run(const settings *s)
{
    config = &s->serve;
    struct sockaddr_storage addr;
    int ipv6;
    if (resolve(&addr, &ipv6, s->serve.host, s->serve.port) < 0 || live_db_init(s->db_path, &s->open) < 0 ||
        write_api_check_address(s, (const struct sockaddr *)&addr) < 0 || tls_load(&s->serve) < 0 ||
        (s->serve.query_log && query_log_open(s->serve.query_log, s->serve.log_addresses) < 0))
        return EXIT_ERROR;
    /* The signals that stop the server are taken by sigwait() here, so every thread started below
     * inherits them blocked. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (conn_guard_start(MAX_CONNECTIONS) < 0) {
        fprintf(stderr, "folio-search: out of memory\n");
        return EXIT_ERROR;
    }
    /* The writer starts after the signals are blocked, so that it inherits them blocked too. */
    if (write_api_start(s) < 0) {
        conn_guard_stop();
        return EXIT_ERROR;
    }
    struct MHD_Daemon *d = start(&addr, ipv6);
    if (!d) {
        write_api_stop();
        conn_guard_stop();
        fprintf(stderr, "folio-search: cannot listen on %s port %u\n", s->serve.host, s->serve.port);
        return EXIT_ERROR;
    }
    announce(s, d, ipv6);
    int sig;
    sigwait(&stop, &sig);
    /* Requests waiting for a commit get their answers before the server stops. */
    write_api_stop();
    MHD_stop_daemon(d);
    conn_guard_stop();
    query_log_close();
    fprintf(stderr, "folio-search: stopped\n");
    return 0;
}
