/*
 * writer.c — the group-commit writer thread (see writer.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "writer.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Pause between two attempts at a write lock another process holds. */
#define LOCK_RETRY_MS 20

static struct {
    pthread_mutex_t mu;
    pthread_cond_t wake;
    pthread_t thread;
    int started, stopping;
    write_job *head, *tail;
    size_t pending_bytes;
    const char *path;
    unsigned nshards; /* 1 for a single database */
    char **shard_paths;
    int single; /* shard_paths[0] is a strdup of path, not folio_shards_path's */
    writer_state state;
} w = {.mu = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

void write_op_free(write_op *op)
{
    free(op->id);
    folio_prepared_free(op->prepared);
    op->id = NULL;
    op->prepared = NULL;
}

static void now_iso(char out[32])
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    char seconds[24];
    strftime(seconds, sizeof seconds, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 32, "%.24s.%03dZ", seconds, (int)(ts.tv_nsec / 1000000));
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Opens every shard for writing, waiting a while for a lock another writer holds. */
static int open_writers(folio_db **dbs)
{
    folio_open_options oo = FOLIO_OPEN_OPTIONS_INIT;
    oo.mode = FOLIO_OPEN_WRITE;
    for (unsigned waited = 0;; waited += LOCK_RETRY_MS) {
        int rc = 0;
        unsigned i;
        for (i = 0; i < w.nshards && rc >= 0; i++)
            rc = folio_db_open(&dbs[i], w.shard_paths[i], &oo);
        if (rc >= 0)
            return 0;
        for (unsigned k = 0; k < i; k++) {
            folio_db_close(dbs[k]);
            dbs[k] = NULL;
        }
        if (rc != FOLIO_ELOCKED || waited >= WRITER_LOCK_WAIT_MS) {
            if (rc == FOLIO_ELOCKED)
                return folio_error_set(FOLIO_ELOCKED, "another writer (a running folio-index?) holds the database; "
                                                      "nothing of this request was written: try again later");
            return rc;
        }
        sleep_ms(LOCK_RETRY_MS);
    }
}

static void close_writers(folio_db **dbs)
{
    for (unsigned i = 0; i < w.nshards; i++) {
        folio_db_close(dbs[i]); /* what was not committed is discarded */
        dbs[i] = NULL;
    }
}

/* Applies one record, counting what it did into the job. */
static int apply(folio_db **dbs, write_job *job, const write_op *op)
{
    unsigned shard = w.nshards > 1 ? folio_shards_of_record(op->id, w.nshards) : 0;
    folio_db *db = dbs[shard];
    int done = 0, rc;
    if (!op->prepared) {
        if ((rc = folio_db_delete_record(&done, db, op->id)) >= 0)
            (*(done ? &job->deleted : &job->unchanged))++;
        return rc;
    }
    /* libfolio's rule for records, as folio-index's: the same data stored already is left alone. */
    folio_record_outcome outcome;
    if ((rc = folio_db_put_record(&outcome, db, op->prepared)) >= 0)
        (*(outcome == FOLIO_RECORD_UNCHANGED  ? &job->unchanged
           : outcome == FOLIO_RECORD_REPLACED ? &job->replaced
                                              : &job->added))++;
    return rc;
}

static int apply_batch(folio_db **dbs, write_job *batch, int *keyword_fields)
{
    int rc = open_writers(dbs);
    for (write_job *j = batch; j && rc >= 0; j = j->next)
        for (size_t i = 0; i < j->nops && rc >= 0; i++) {
            rc = apply(dbs, j, &j->ops[i]);
            *keyword_fields |= j->ops[i].has_keyword_fields;
        }
    for (unsigned i = 0; i < w.nshards && rc >= 0; i++)
        rc = folio_db_commit(dbs[i]);
    close_writers(dbs);
    /* A sharded index: every shard learns the keyword fields any shard knows, as after folio-index. */
    if (rc >= 0 && w.nshards > 1 && *keyword_fields)
        folio_shards_share_keyword_fields(w.path, w.nshards);
    return rc;
}

/* Takes the jobs waiting now, up to WRITER_MAX_BATCH_RECORDS records (at least one job). */
static write_job *take_batch(size_t *records, size_t *bytes)
{
    write_job *batch = w.head, *last = w.head;
    *records = last->nops;
    *bytes = last->cost;
    while (last->next && *records + last->next->nops <= WRITER_MAX_BATCH_RECORDS) {
        last = last->next;
        *records += last->nops;
        *bytes += last->cost;
    }
    w.head = last->next;
    if (!w.head)
        w.tail = NULL;
    last->next = NULL;
    return batch;
}

static void *writer_main(void *arg)
{
    (void)arg;
    folio_db **dbs = calloc(w.nshards, sizeof *dbs);
    for (;;) {
        pthread_mutex_lock(&w.mu);
        while (!w.head && !w.stopping)
            pthread_cond_wait(&w.wake, &w.mu);
        if (!w.head) {
            pthread_mutex_unlock(&w.mu);
            break;
        }
        size_t records, bytes;
        write_job *batch = take_batch(&records, &bytes);
        pthread_mutex_unlock(&w.mu);

        int keyword_fields = 0;
        int rc = dbs ? apply_batch(dbs, batch, &keyword_fields) : folio_error_set(FOLIO_ENOMEM, "out of memory");
        char when[32];
        now_iso(when);
        const folio_error *e = folio_error_last();
        pthread_mutex_lock(&w.mu);
        w.state.pending_records -= records;
        w.pending_bytes -= bytes;
        if (rc >= 0) {
            w.state.commits++;
            w.state.records_written += records;
            memcpy(w.state.last_commit, when, sizeof when);
        } else {
            w.state.failures++;
            snprintf(w.state.last_failure, sizeof w.state.last_failure, "%s: %s", when,
                     e ? e->message : "unknown error");
        }
        unsigned long long commit = w.state.commits;
        pthread_mutex_unlock(&w.mu);
        for (write_job *j = batch, *next; j; j = next) {
            next = j->next; /* read first: done() may free j */
            if (rc >= 0) {
                j->commit = commit;
                memcpy(j->committed, when, sizeof when);
            } else {
                j->code = rc;
                j->added = j->replaced = j->unchanged = j->deleted = 0;
                snprintf(j->message, sizeof j->message, "%s", e ? e->message : "the commit failed");
            }
            j->done(j);
        }
    }
    free(dbs);
    return NULL;
}

int writer_start(const char *path)
{
    unsigned n = 0;
    if (folio_shards_count(&n, path) < 0)
        return -1;
    w.path = path;
    w.nshards = n ? n : 1;
    w.shard_paths = calloc(w.nshards, sizeof *w.shard_paths);
    if (!w.shard_paths)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    /* A single database is its own only shard. */
    for (unsigned i = 0; i < w.nshards; i++) {
        if (n == 0)
            w.shard_paths[i] = strdup(path);
        else if (folio_shards_path(&w.shard_paths[i], path, i) < 0)
            return -1;
        if (!w.shard_paths[i])
            return folio_error_set(FOLIO_ENOMEM, "out of memory");
    }
    w.single = n == 0;
    if (pthread_create(&w.thread, NULL, writer_main, NULL) != 0)
        return folio_error_set(FOLIO_ERROR, "cannot start the writer thread");
    w.started = 1;
    return 0;
}

int writer_submit(write_job *job)
{
    pthread_mutex_lock(&w.mu);
    int full = w.head && (w.state.pending_records + job->nops > WRITER_MAX_PENDING_RECORDS ||
                          w.pending_bytes + job->cost > WRITER_MAX_PENDING_BYTES);
    int refuse = w.stopping || !w.started || full;
    if (!refuse) {
        job->next = NULL;
        if (w.tail)
            w.tail->next = job;
        else
            w.head = job;
        w.tail = job;
        w.state.pending_records += job->nops;
        w.pending_bytes += job->cost;
        pthread_cond_signal(&w.wake);
    }
    pthread_mutex_unlock(&w.mu);
    if (refuse)
        return folio_error_set(FOLIO_EUNAVAILABLE, w.stopping ? "the server is stopping"
                                                              : "too many records are waiting to be written; try again");
    return 0;
}

void writer_stop(void)
{
    if (!w.started)
        return;
    pthread_mutex_lock(&w.mu);
    w.stopping = 1;
    pthread_cond_broadcast(&w.wake);
    pthread_mutex_unlock(&w.mu);
    pthread_join(w.thread, NULL);
    w.started = 0;
    for (unsigned i = 0; i < w.nshards; i++) {
        if (w.single)
            free(w.shard_paths[i]);
        else
            folio_free(w.shard_paths[i]);
    }
    free(w.shard_paths);
    w.shard_paths = NULL;
}

void writer_get_state(writer_state *out)
{
    pthread_mutex_lock(&w.mu);
    *out = w.state;
    pthread_mutex_unlock(&w.mu);
}
