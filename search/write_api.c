/*
 * write_api.c — the write API's HTTP side (see write_api.h): keys, limits, splitting and preparing the
 * records in the request's thread, and handing them to the writer.
 */
#define _POSIX_C_SOURCE 200809L
#include "write_api.h"

#include "keys.h"
#include "live_db.h"
#include "output.h"
#include "throttle.h"
#include "write_body.h"
#include "writer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define COLLECTION "/api/documents"
/* Bytes of request bodies held at once, all requests together: past it a request is refused (503)
 * before its body is read, so that many large pushes at once cannot exhaust memory. */
#define MAX_BUFFERED_BYTES ((unsigned long long)512 << 20)
#define MESSAGE_BYTES 640

typedef enum { OP_POST, OP_GET, OP_DELETE } request_op;

typedef struct write_request {
    struct MHD_Connection *con;
    request_op op;
    char *id;            /* GET and DELETE: the decoded id */
    body_format format;  /* POST */
    folio_buf body;
    unsigned long long reserved; /* bytes of buffered_bytes this request holds */
    int answered;        /* a response is queued */
    int submitted;       /* the job is the writer's until job_done */
    atomic_int job_done;
    write_job job;
} write_request;

static struct {
    int enabled;
    key_set keys;
    size_t max_body;
    char *language;
    int detect_languages; /* the database's setting (folio-index --language auto), read at start */
    pthread_key_t preparer_key;
} api;

static const output_style json_style = {FORMAT_JSON, 0, 0};
static atomic_ullong buffered_bytes;

/* Takes n more bytes of the body budget for wr; 0 when the budget is spent. */
static int reserve(write_request *wr, unsigned long long n)
{
    unsigned long long held = atomic_fetch_add(&buffered_bytes, n);
    wr->reserved += n;
    return held + n <= MAX_BUFFERED_BYTES;
}

/* ---- Answers ---- */

static enum MHD_Result send_json(write_request *wr, const write_reply_sender *sender, unsigned status, folio_buf *b,
                                 const char *allow, unsigned retry_after)
{
    wr->answered = 1;
    if (b->oom || !b->data) {
        folio_buf_free(b);
        return MHD_NO;
    }
    size_t len = b->len;
    return sender->send(sender->ctx, wr->con, status, folio_buf_detach(b), len, allow, retry_after);
}

/* {"version":1,"error":{"message":...,"record":N|null}}; record < 0: none. */
static enum MHD_Result send_error(write_request *wr, const write_reply_sender *sender, unsigned status, long record,
                                  const char *message)
{
    folio_buf b = FOLIO_BUF_INIT;
    folio_buf_printf(&b, "{\"version\":%d,\"error\":{\"message\":", OUTPUT_JSON_SCHEMA_VERSION);
    output_json_string(&b, message);
    if (record >= 0)
        folio_buf_printf(&b, ",\"record\":%ld}}\n", record);
    else
        folio_buf_puts(&b, ",\"record\":null}}\n");
    const char *allow = status == MHD_HTTP_METHOD_NOT_ALLOWED ? (wr->id ? "GET, DELETE" : "POST") : NULL;
    unsigned retry = status == MHD_HTTP_SERVICE_UNAVAILABLE ? 1 : 0;
    return send_json(wr, sender, status, &b, allow, retry);
}

/* ---- Keys ---- */

static const struct sockaddr *client_address(struct MHD_Connection *con)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return info ? info->client_addr : NULL;
}

/* The key of an `Authorization: Bearer KEY` header: *key and *len, or 0 when there is none. */
static int bearer_key(struct MHD_Connection *con, const char **key, size_t *len)
{
    const char *h = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!h || strncasecmp(h, "Bearer", 6) != 0 || (h[6] != ' ' && h[6] != '\t'))
        return 0;
    h += 7;
    while (*h == ' ' || *h == '\t')
        h++;
    size_t n = strlen(h);
    while (n && (h[n - 1] == ' ' || h[n - 1] == '\t'))
        n--;
    *key = h;
    *len = n;
    return n > 0;
}

typedef enum { AUTH_OK, AUTH_NONE, AUTH_WRONG, AUTH_WAIT } auth_result;

static auth_result authenticate(struct MHD_Connection *con, unsigned *wait_ms)
{
    const struct sockaddr *addr = client_address(con);
    const char *key;
    size_t len;
    if (!bearer_key(con, &key, &len))
        return AUTH_NONE;
    if ((*wait_ms = throttle_wait_ms(addr)) > 0)
        return AUTH_WAIT;
    if (!keys_check(&api.keys, key, len)) {
        throttle_failure(addr);
        return AUTH_WRONG;
    }
    throttle_success(addr);
    return AUTH_OK;
}

int write_api_key_valid(struct MHD_Connection *con)
{
    unsigned wait;
    return api.enabled && authenticate(con, &wait) == AUTH_OK;
}

/* ---- Start and stop ---- */

static void free_preparer(void *p)
{
    folio_preparer_free(p);
}

int write_api_start(const settings *s)
{
    const serve_settings *cfg = &s->serve;
    if (!cfg->write_keys)
        return 0;
    char error[300];
    if (keys_load(&api.keys, cfg->write_keys, error, sizeof error) < 0) {
        fprintf(stderr, "folio-search: --write-keys %s\n", error);
        return -1;
    }
    api.max_body = (size_t)cfg->max_body_mb << 20;
    folio_db *db = NULL;
    if (folio_db_open(&db, s->db_path, &s->open) < 0 || !(api.language = strdup(folio_db_language(db))) ||
        (api.detect_languages = folio_db_language_detection(db)) < 0 ||
        pthread_key_create(&api.preparer_key, free_preparer) != 0 || writer_start(s->db_path) < 0) {
        const folio_error *e = folio_error_last();
        fprintf(stderr, "folio-search: cannot start the write API: %s\n", e ? e->message : "out of memory");
        folio_db_close(db);
        return -1;
    }
    folio_db_close(db);
    api.enabled = 1;
    return 0;
}

void write_api_stop(void)
{
    writer_stop();
}

int write_api_enabled(void)
{
    return api.enabled;
}

int write_api_owns(const char *path)
{
    size_t n = sizeof COLLECTION - 1;
    return api.enabled && strncmp(path, COLLECTION, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* ---- Preparing a request's records (in its own thread) ---- */

static folio_preparer *this_thread_preparer(void)
{
    folio_preparer *p = pthread_getspecific(api.preparer_key);
    if (p)
        return p;
    if (folio_preparer_new(&p, api.language) < 0)
        return NULL;
    if (api.detect_languages && folio_preparer_detect_languages(p) < 0) {
        folio_preparer_free(p);
        return NULL;
    }
    if (pthread_setspecific(api.preparer_key, p) != 0) {
        folio_preparer_free(p);
        folio_error_set(FOLIO_ENOMEM, "out of memory");
        return NULL;
    }
    return p;
}

static int has_keyword_fields(const folio_doc *doc)
{
    static const char *const known[] = {"id", "title", "body", "date", "url", "author"};
    const char *name;
    for (size_t i = 0; (name = folio_doc_field_name(doc, i)) != NULL; i++) {
        int is_known = 0;
        for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
            is_known |= strcmp(name, known[k]) == 0;
        if (!is_known)
            return 1;
    }
    return 0;
}

static void free_ops(write_job *job)
{
    for (size_t i = 0; i < job->nops; i++)
        write_op_free(&job->ops[i]);
    free(job->ops);
    job->ops = NULL;
    job->nops = 0;
}

/* Turns one record's text into an op: the same calls as folio-index's JSON Lines path (parse,
 * prepare; the writer stores it with folio_db_put_record). 0, or an HTTP status with the message in `message`. */
static unsigned prepare_record(write_op *op, folio_preparer *prep, const char *text, size_t len, char *message,
                               size_t message_size)
{
    folio_doc *doc = NULL;
    int deleted = 0;
    int rc = folio_doc_parse_json_record(&doc, &deleted, text, len);
    const char *id = rc >= 0 ? folio_doc_get(doc, "id") : NULL;
    if (rc >= 0 && !id)
        rc = folio_error_set(FOLIO_EINVALID, "the record has no id");
    else if (rc >= 0 && strlen(id) > WRITE_MAX_ID_BYTES)
        rc = folio_error_set(FOLIO_EINVALID, "the id is longer than %d bytes", WRITE_MAX_ID_BYTES);
    if (rc >= 0 && !(op->id = strdup(id)))
        rc = folio_error_set(FOLIO_ENOMEM, "out of memory");
    if (rc >= 0 && !deleted) {
        op->has_keyword_fields = has_keyword_fields(doc);
        rc = folio_prepare(&op->prepared, prep, doc, NULL);
    }
    folio_doc_free(doc);
    if (rc >= 0)
        return 0;
    const folio_error *e = folio_error_last();
    snprintf(message, message_size, "%s", e ? e->message : "out of memory");
    return rc == FOLIO_ENOMEM || rc == FOLIO_EIO ? MHD_HTTP_SERVICE_UNAVAILABLE : MHD_HTTP_BAD_REQUEST;
}

/* Splits and prepares the body into wr->job: 0, or an HTTP status (message, and the record's index or
 * -1, set). */
static unsigned prepare_body(write_request *wr, char *message, long *record)
{
    body_records recs;
    char error[BODY_ERROR_BYTES];
    *record = -1;
    if (body_split(&recs, wr->format, wr->body.data ? wr->body.data : "", wr->body.len, error) < 0) {
        snprintf(message, MESSAGE_BYTES, "%s", error);
        return MHD_HTTP_BAD_REQUEST;
    }
    folio_preparer *prep = this_thread_preparer();
    wr->job.ops = prep ? calloc(recs.count, sizeof *wr->job.ops) : NULL;
    if (!wr->job.ops) {
        body_records_free(&recs);
        snprintf(message, MESSAGE_BYTES, "out of memory");
        return MHD_HTTP_SERVICE_UNAVAILABLE;
    }
    unsigned status = 0;
    for (size_t i = 0; i < recs.count && !status; i++) {
        wr->job.nops = i + 1;
        char why[MESSAGE_BYTES - 32];
        status = prepare_record(&wr->job.ops[i], prep, wr->body.data + recs.spans[i].start, recs.spans[i].len, why,
                                sizeof why);
        if (!status && wr->job.ops[i].prepared)
            wr->job.cost += folio_prepared_cost(wr->job.ops[i].prepared);
        if (status) {
            snprintf(message, MESSAGE_BYTES, "record %zu: %s", i, why);
            *record = (long)i;
        }
    }
    body_records_free(&recs);
    if (status)
        free_ops(&wr->job);
    return status;
}

/* ---- The request's steps ---- */

static void job_done(write_job *job)
{
    write_request *wr = job->ctx;
    atomic_store(&wr->job_done, 1);
    MHD_resume_connection(wr->con); /* the handler is called again and answers */
}

static enum MHD_Result submit(write_request *wr, const write_reply_sender *sender)
{
    wr->job.done = job_done;
    wr->job.ctx = wr;
    /* Suspended before the writer can resume it. */
    MHD_suspend_connection(wr->con);
    wr->submitted = 1;
    if (writer_submit(&wr->job) < 0) {
        const folio_error *e = folio_error_last();
        wr->job.code = FOLIO_EUNAVAILABLE;
        snprintf(wr->job.message, sizeof wr->job.message, "%s", e ? e->message : "the writer is stopping");
        job_done(&wr->job);
    }
    (void)sender;
    return MHD_YES;
}

static enum MHD_Result answer_job(write_request *wr, const write_reply_sender *sender)
{
    write_job *j = &wr->job;
    free_ops(j);
    if (j->code < 0)
        return send_error(wr, sender, MHD_HTTP_SERVICE_UNAVAILABLE, -1, j->message);
    folio_buf b = FOLIO_BUF_INIT;
    folio_buf_printf(&b, "{\"version\":%d,\"added\":%lu,\"replaced\":%lu,\"unchanged\":%lu,\"deleted\":%lu,"
                     "\"commit\":%llu,\"committed\":", OUTPUT_JSON_SCHEMA_VERSION, j->added, j->replaced,
                     j->unchanged, j->deleted, j->commit);
    output_json_string(&b, j->committed);
    folio_buf_puts(&b, "}\n");
    return send_json(wr, sender, MHD_HTTP_OK, &b, NULL, 0);
}

static enum MHD_Result answer_get(write_request *wr, const write_reply_sender *sender)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        folio_db *db = live_db_get();
        folio_doc *doc = NULL;
        int rc = db ? folio_db_get(&doc, db, wr->id) : FOLIO_ERROR;
        if (rc == FOLIO_ENOTFOUND)
            return send_error(wr, sender, MHD_HTTP_NOT_FOUND, -1, "no document with that id");
        if (rc >= 0) {
            folio_buf b = FOLIO_BUF_INIT;
            output_document(&b, &json_style, doc);
            folio_doc_free(doc);
            return send_json(wr, sender, MHD_HTTP_OK, &b, NULL, 0);
        }
        if (attempt == 0 && db && live_db_is_index_error(rc)) {
            live_db_discard();
            continue;
        }
        const folio_error *e = folio_error_last();
        return send_error(wr, sender, MHD_HTTP_SERVICE_UNAVAILABLE, -1, e ? e->message : "the index cannot be read");
    }
    return MHD_NO;
}

static enum MHD_Result answer_complete(write_request *wr, const write_reply_sender *sender)
{
    if (wr->op == OP_GET)
        return answer_get(wr, sender);
    char message[MESSAGE_BYTES];
    long record = -1;
    if (wr->op == OP_DELETE) {
        wr->job.ops = calloc(1, sizeof *wr->job.ops);
        if (!wr->job.ops || !(wr->job.ops[0].id = strdup(wr->id)))
            return send_error(wr, sender, MHD_HTTP_SERVICE_UNAVAILABLE, -1, "out of memory");
        wr->job.nops = 1;
        return submit(wr, sender);
    }
    unsigned status = prepare_body(wr, message, &record);
    folio_buf_free(&wr->body); /* the ops hold what is needed */
    if (status)
        return send_error(wr, sender, status, record, message);
    return submit(wr, sender);
}

static int has_body(struct MHD_Connection *con, unsigned long long *length, int *known)
{
    const char *cl = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    *known = cl != NULL;
    *length = cl ? strtoull(cl, NULL, 10) : 0;
    return (cl && *length > 0) ||
           MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
}

/* The first call, with the headers: the route, the method, the key, the size. */
static enum MHD_Result begin(write_request *wr, const char *path, const char *method,
                             const write_reply_sender *sender)
{
    size_t n = sizeof COLLECTION - 1;
    if (path[n] == '/') {
        if (!path[n + 1])
            return send_error(wr, sender, MHD_HTTP_NOT_FOUND, -1, "no id after /api/documents/");
        if (strlen(path + n + 1) > WRITE_MAX_ID_BYTES)
            return send_error(wr, sender, MHD_HTTP_BAD_REQUEST, -1, "the id is too long");
        if (!(wr->id = strdup(path + n + 1)))
            return MHD_NO;
    }
    if (wr->id && strcmp(method, MHD_HTTP_METHOD_GET) == 0)
        wr->op = OP_GET;
    else if (wr->id && strcmp(method, MHD_HTTP_METHOD_DELETE) == 0)
        wr->op = OP_DELETE;
    else if (!wr->id && strcmp(method, MHD_HTTP_METHOD_POST) == 0)
        wr->op = OP_POST;
    else
        return send_error(wr, sender, MHD_HTTP_METHOD_NOT_ALLOWED, -1,
                          wr->id ? "a document takes GET or DELETE" : "/api/documents takes POST");
    unsigned wait_ms = 0;
    switch (authenticate(wr->con, &wait_ms)) {
    case AUTH_NONE:
        return send_error(wr, sender, MHD_HTTP_UNAUTHORIZED, -1, "this needs an Authorization: Bearer KEY header");
    case AUTH_WRONG:
        return send_error(wr, sender, MHD_HTTP_FORBIDDEN, -1, "the key is not valid");
    case AUTH_WAIT: {
        folio_buf b = FOLIO_BUF_INIT;
        folio_buf_printf(&b, "{\"version\":%d,\"error\":{\"message\":\"too many wrong keys from this address: "
                         "try again in %u ms\",\"record\":null}}\n", OUTPUT_JSON_SCHEMA_VERSION, wait_ms);
        return send_json(wr, sender, MHD_HTTP_TOO_MANY_REQUESTS, &b, NULL, (wait_ms + 999) / 1000);
    }
    case AUTH_OK:
        break;
    }
    unsigned long long length;
    int length_known;
    int body = has_body(wr->con, &length, &length_known);
    if (wr->op != OP_POST)
        return body ? send_error(wr, sender, MHD_HTTP_BAD_REQUEST, -1, "this request takes no body") : MHD_YES;
    if (length_known && length > api.max_body) {
        char message[96];
        snprintf(message, sizeof message, "the body is larger than %zu MB (--max-body)", api.max_body >> 20);
        return send_error(wr, sender, MHD_HTTP_CONTENT_TOO_LARGE, -1, message);
    }
    int format = body_format_of(MHD_lookup_connection_value(wr->con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE));
    if (format < 0)
        return send_error(wr, sender, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, -1,
                          "Content-Type must be application/json (an object or an array) or application/x-ndjson "
                          "(JSON Lines)");
    wr->format = (body_format)format;
    if (length_known && !reserve(wr, length))
        return send_error(wr, sender, MHD_HTTP_SERVICE_UNAVAILABLE, -1,
                          "too many large requests at once: try again");
    return MHD_YES;
}

enum MHD_Result write_api_handle(struct MHD_Connection *con, const char *path, const char *method,
                                 const char *upload_data, size_t *upload_data_size, void **state,
                                 const write_reply_sender *sender)
{
    write_request *wr = *state;
    if (!wr) {
        if (!(wr = calloc(1, sizeof *wr)))
            return MHD_NO;
        wr->con = con;
        *state = wr;
        return begin(wr, path, method, sender);
    }
    if (wr->answered) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (wr->body.len + *upload_data_size > api.max_body ||
            (wr->body.len + *upload_data_size > wr->reserved && !reserve(wr, *upload_data_size)))
            return MHD_NO; /* a chunked body past the limit (or the budget): libmicrohttpd cannot answer
                            * mid-body, so the connection is closed; a Content-Length over it gets its 413
                            * (or 503) up front */
        folio_buf_append(&wr->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return wr->body.oom ? MHD_NO : MHD_YES;
    }
    if (atomic_load(&wr->job_done))
        return answer_job(wr, sender);
    if (wr->submitted)
        return MHD_YES;
    return answer_complete(wr, sender);
}

void write_api_request_end(void *state)
{
    write_request *wr = state;
    if (!wr)
        return;
    /* A request whose connection closed while it waited: the writer completes it before the request
     * ends (libmicrohttpd does not end a suspended connection), so the job is no longer the writer's. */
    free_ops(&wr->job);
    folio_buf_free(&wr->body);
    atomic_fetch_sub(&buffered_bytes, wr->reserved);
    free(wr->id);
    free(wr);
}

void write_api_health(api_reply *r)
{
    writer_state st;
    writer_get_state(&st);
    folio_buf *b = &r->body;
    if (r->status != 200 || b->len < 2 || b->data[b->len - 2] != '}')
        return;
    b->len -= 2; /* reopen the object: "}\n" */
    folio_buf_printf(b, ",\"writer\":{\"pending_records\":%llu,\"commits\":%llu,\"records_written\":%llu,"
                     "\"failures\":%llu,\"last_commit\":", st.pending_records, st.commits, st.records_written,
                     st.failures);
    output_json_string(b, *st.last_commit ? st.last_commit : NULL);
    folio_buf_puts(b, ",\"last_failure\":");
    output_json_string(b, *st.last_failure ? st.last_failure : NULL);
    folio_buf_puts(b, "}}\n");
}

static int is_loopback(const struct sockaddr *addr)
{
    if (addr->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)addr)->sin_addr.s_addr) >> 24) == 127;
    if (addr->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)addr)->sin6_addr;
        return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
    }
    return 0;
}

int write_api_check_address(const settings *s, const struct sockaddr *addr)
{
    const serve_settings *cfg = &s->serve;
    if (!cfg->write_keys || is_loopback(addr) || cfg->tls_cert || cfg->insecure_writes)
        return 0;
    fprintf(stderr, "folio-search: --write-keys on %s, which is not a loopback address, needs HTTPS (--tls-cert "
                    "and --tls-key), or --insecure-writes when a reverse proxy on this machine terminates TLS: keys "
                    "would otherwise cross the network in clear\n", cfg->host);
    return -1;
}
