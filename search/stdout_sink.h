/*
 * stdout_sink.h — standard output for a program whose reader may stop reading (`folio-search ... | head -1`).
 *
 * SIGPIPE is ignored, so a closed pipe shows up as EPIPE from a write; the sink then reports "closed" and
 * the program stops quietly, with the status it would have had. Any other write failure (disk full, ...)
 * is reported once on stderr. Standard output is fully buffered unless it is a terminal, so a batch of
 * thousands of answers costs few system calls.
 */
#ifndef FOLIO_SEARCH_STDOUT_SINK_H
#define FOLIO_SEARCH_STDOUT_SINK_H

#include "buf.h"

typedef enum {
    SINK_OK = 0,
    SINK_CLOSED = 1,  /* the reader went away: stop writing, quietly */
    SINK_FAILED = -1  /* a write failed or a buffer ran out of memory; the message is printed */
} sink_status;

/* Call once, before opening anything: SINK_FAILED (said on stderr) when standard output is not open, so
 * that no file the program opens later can take its place. */
sink_status sink_init(void);

/* Writes b's bytes to standard output and empties b (keeping its memory for the next answer). */
sink_status sink_write(folio_buf *b);

/* Flushes standard output at the end. */
sink_status sink_finish(void);

#endif
