/*
 * query_log.c — the site owner's query log (see query_log.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "query_log.h"

#include "text.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int log_fd = -1;
static const char *log_path;
static int with_addresses;
static atomic_int failure_reported;

int query_log_open(const char *path, int log_addresses)
{
    log_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (log_fd < 0) {
        fprintf(stderr, "folio-search: --query-log %s: %s\n", path, strerror(errno));
        return -1;
    }
    log_path = path;
    with_addresses = log_addresses;
    return 0;
}

int query_log_enabled(void)
{
    return log_fd >= 0;
}

void query_log_close(void)
{
    if (log_fd >= 0)
        close(log_fd);
    log_fd = -1;
}

/* ,"name":"s" with s cut (at a UTF-8 boundary) until its escaped form fits QUERY_LOG_FIELD_MAX; whether
 * it was cut. */
static int put_bounded_string(folio_buf *out, const char *name, const char *s)
{
    folio_buf_printf(out, ",\"%s\":", name);
    if (!s) {
        folio_buf_puts(out, "null");
        return 0;
    }
    size_t len = strlen(s), start = out->len;
    for (;;) {
        folio_buf_putc(out, '"');
        folio_json_escape(out, s, len);
        folio_buf_putc(out, '"');
        if (out->oom || out->len - start <= QUERY_LOG_FIELD_MAX + 2)
            return len < strlen(s);
        out->len = start; /* escapes made it longer than its bytes: keep less */
        len = folio_utf8_cut(s, len, len / 2);
    }
}

void query_log_format(folio_buf *out, const query_log_entry *e, const char *address, const struct timespec *when)
{
    struct tm t;
    gmtime_r(&when->tv_sec, &t);
    folio_buf_reset(out);
    folio_buf_printf(out, "{\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ\"", t.tm_year + 1900, t.tm_mon + 1,
                     t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, when->tv_nsec / 1000000);
    int cut = put_bounded_string(out, "query", e->query);
    folio_buf_printf(out, ",\"page\":%u,\"total\":%llu", e->page, (unsigned long long)e->total);
    cut |= put_bounded_string(out, "corrected_query", e->corrected_query);
    folio_buf_printf(out, ",\"ms\":%.2f", e->ms < QUERY_LOG_MS_MAX ? e->ms : QUERY_LOG_MS_MAX);
    if (address)
        put_bounded_string(out, "address", address);
    if (cut)
        folio_buf_puts(out, ",\"cut\":true");
    folio_buf_puts(out, "}\n");
}

/* The client's address as text, or "" when it is of no family known here. */
static void address_text(char out[INET6_ADDRSTRLEN], const struct sockaddr *client)
{
    out[0] = '\0';
    if (client && client->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)client)->sin_addr, out, INET6_ADDRSTRLEN);
    else if (client && client->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)client)->sin6_addr, out, INET6_ADDRSTRLEN);
}

static void report_failure(const char *why)
{
    if (!atomic_exchange(&failure_reported, 1))
        fprintf(stderr, "folio-search: --query-log %s: %s; searches go on unlogged while it fails (said once)\n",
                log_path, why);
}

void query_log_write(const query_log_entry *e, const struct sockaddr *client)
{
    if (log_fd < 0)
        return;
    char address[INET6_ADDRSTRLEN];
    address_text(address, client);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    folio_buf line = FOLIO_BUF_INIT;
    query_log_format(&line, e, with_addresses ? address : NULL, &now);
    if (line.oom) {
        report_failure("out of memory");
    } else {
        ssize_t n = write(log_fd, line.data, line.len);
        if (n < 0)
            report_failure(strerror(errno));
        else if ((size_t)n < line.len)
            report_failure("a line was written in part (is the disk full?)");
    }
    folio_buf_free(&line);
}
