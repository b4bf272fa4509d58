/* report.c — see report.h. */
#define _POSIX_C_SOURCE 200809L
#include "report.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* How often the bar is redrawn on a terminal, and a plain line is printed otherwise. */
#define PROGRESS_TTY_MS 250
#define PROGRESS_PLAIN_SECONDS 10
#define BAR_WIDTH 24

report_counts report;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_t thread;
static int running, stopping, tty, line_shown;
static struct timespec started;

/* Clears the progress bar so that other output starts on a clean line. Call with the lock held. */
static void clear_line(void)
{
    if (line_shown) {
        fputs("\r\033[K", stderr);
        line_shown = 0;
    }
}

static void vwarn(const char *where, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void vwarn(const char *where, const char *fmt, va_list ap)
{
    pthread_mutex_lock(&lock);
    clear_line();
    fprintf(stderr, "folio-index: warning: %s: ", where);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    pthread_mutex_unlock(&lock);
}

void report_warn(const char *where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vwarn(where, fmt, ap);
    va_end(ap);
}

void report_skip(const char *where, const char *reason)
{
    report_warn(where, "skipped: %s", reason);
    atomic_fetch_add(&report.skipped, 1);
}

void report_note(const char *fmt, ...)
{
    va_list ap;
    pthread_mutex_lock(&lock);
    clear_line();
    fputs("folio-index: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    pthread_mutex_unlock(&lock);
}

static double elapsed(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - started.tv_sec) + (double)(now.tv_nsec - started.tv_nsec) / 1e9;
}

static unsigned long documents_done(void)
{
    return atomic_load(&report.added) + atomic_load(&report.updated) + atomic_load(&report.unchanged);
}

/* "1:02:03" or "2:03". */
static void format_duration(char *out, size_t size, double seconds)
{
    unsigned long s = (unsigned long)(seconds + 0.5);
    if (s >= 3600)
        snprintf(out, size, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(out, size, "%lu:%02lu", s / 60, s % 60);
}

/* Draws the bar (terminal) or prints one line (otherwise). Call with the lock held. */
static void show(void)
{
    double secs = elapsed();
    unsigned long docs = documents_done();
    double done = (double)atomic_load(&report.bytes_done), total = (double)atomic_load(&report.bytes_total);
    double rate = secs > 0 ? docs / secs : 0, mb_rate = secs > 0 ? done / 1e6 / secs : 0;
    double fraction = total > 0 ? done / total : 0;
    if (fraction > 1)
        fraction = 1;
    char eta[32] = "?";
    if (fraction > 0.01 && secs > 1)
        format_duration(eta, sizeof eta, secs / fraction - secs);
    if (tty) {
        char bar[BAR_WIDTH + 1];
        int filled = (int)(fraction * BAR_WIDTH);
        for (int i = 0; i < BAR_WIDTH; i++)
            bar[i] = i < filled ? '#' : '.';
        bar[BAR_WIDTH] = '\0';
        fprintf(stderr, "\r\033[K[%s] %3.0f%%  %lu docs  %.1f/%.1f MB  %.0f docs/s  %.1f MB/s  ETA %s", bar,
                fraction * 100, docs, done / 1e6, total / 1e6, rate, mb_rate, eta);
        line_shown = 1;
    } else {
        fprintf(stderr, "folio-index: %lu documents, %.1f of %.1f MB (%.0f%%), %.0f documents/s, %.1f MB/s, ETA %s\n",
                docs, done / 1e6, total / 1e6, fraction * 100, rate, mb_rate, eta);
    }
    fflush(stderr);
}

static void *progress_main(void *arg)
{
    (void)arg;
    long period_ms = tty ? PROGRESS_TTY_MS : PROGRESS_PLAIN_SECONDS * 1000L;
    pthread_mutex_lock(&lock);
    while (!stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += period_ms / 1000;
        until.tv_nsec += (period_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&wake, &lock, &until);
        if (!stopping)
            show();
    }
    clear_line();
    pthread_mutex_unlock(&lock);
    return NULL;
}

void report_progress_start(int quiet)
{
    clock_gettime(CLOCK_MONOTONIC, &started);
    if (quiet)
        return;
    tty = isatty(STDERR_FILENO);
    stopping = 0;
    running = pthread_create(&thread, NULL, progress_main, NULL) == 0;
}

void report_progress_stop(void)
{
    if (!running)
        return;
    pthread_mutex_lock(&lock);
    stopping = 1;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    pthread_join(thread, NULL);
    running = 0;
}
