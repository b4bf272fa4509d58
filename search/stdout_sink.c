/*
 * stdout_sink.c — buffered standard output that stops quietly on a closed pipe (see stdout_sink.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "stdout_sink.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Bytes stdio gathers before a write(2) when the output is a pipe or a file. */
#define SINK_BUFFER_BYTES (64 * 1024)

static char sink_buffer[SINK_BUFFER_BYTES];

sink_status sink_init(void)
{
    if (fcntl(STDOUT_FILENO, F_GETFD) == -1) {
        fprintf(stderr, "folio-search: standard output is closed\n");
        return SINK_FAILED;
    }
    signal(SIGPIPE, SIG_IGN);
    if (!isatty(STDOUT_FILENO))
        setvbuf(stdout, sink_buffer, _IOFBF, sizeof sink_buffer);
    return SINK_OK;
}

static sink_status write_failed(void)
{
    if (errno == EPIPE)
        return SINK_CLOSED;
    fprintf(stderr, "folio-search: cannot write the output: %s\n", strerror(errno));
    return SINK_FAILED;
}

sink_status sink_write(folio_buf *b)
{
    if (b->oom) {
        fprintf(stderr, "folio-search: out of memory\n");
        return SINK_FAILED;
    }
    size_t len = b->len;
    size_t written = len ? fwrite(b->data, 1, len, stdout) : 0;
    folio_buf_reset(b);
    return written == len ? SINK_OK : write_failed();
}

sink_status sink_finish(void)
{
    if (fflush(stdout) != 0)
        return write_failed();
    return SINK_OK;
}
