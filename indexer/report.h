/*
 * report.h — what folio-index tells the user while it works: warnings naming the input, the counts
 * behind the summary, and progress on stderr (a bar redrawn in place on a terminal, a plain line every
 * PROGRESS_PLAIN_SECONDS otherwise, nothing with -q).
 *
 * Any thread may warn or count; warnings and the progress line share a lock, so a warning never lands
 * in the middle of the bar.
 */
#ifndef FOLIO_REPORT_H
#define FOLIO_REPORT_H

#include <stdatomic.h>

typedef struct report_counts {
    atomic_ulong added, updated, deleted, unchanged, skipped, ignored;
    atomic_ullong bytes_done;  /* input bytes dealt with (indexed, or passed over as unchanged) */
    atomic_ullong bytes_total; /* input bytes known so far (grows as sources are walked) */
} report_counts;

extern report_counts report;

void report_warn(const char *where, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A warning, and one more input skipped. */
void report_skip(const char *where, const char *reason);

/* Starts the progress display (unless quiet); report_progress_stop() clears it. */
void report_progress_start(int quiet);
void report_progress_stop(void);

/* A message between the progress and the summary ("interrupted: ..."), on stderr. */
void report_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
