/*
 * writer.h — the write API's one writer thread: group commit of the records that requests bring.
 *
 * A request hands over a job (its records, parsed and analyzed already, in its own thread); the writer
 * takes every job waiting at that moment as one batch, applies them in the order they came, commits,
 * and only then completes each job (job->done), so an acknowledged record is durable: requests that
 * arrive together share one commit, and a commit's cost is paid once for all of them.
 *
 * The write lock is taken per batch, not for the server's life: the writer opens the database (each
 * shard of a sharded index) for writing, applies the batch, commits and closes it again. Between
 * batches the lock is free, so folio-index can still update the same database; while folio-index holds
 * it, a batch waits up to WRITER_LOCK_WAIT_MS for it and then fails with FOLIO_ELOCKED (the requests get
 * 503 and may retry). Opening a writer costs about a millisecond; the commit's sync costs far more.
 *
 * A batch is all or nothing: when anything fails before its commit, nothing of it is committed (the
 * uncommitted changes are discarded with the handle) and every job of it fails with the error. A
 * sharded index commits its shards one after another: a crash between two shard commits leaves part of
 * the batch written, but no job was acknowledged, and a repeated request writes the same records again.
 */
#ifndef FOLIO_SEARCH_WRITER_H
#define FOLIO_SEARCH_WRITER_H

#include "folio.h"

#include <stddef.h>
#include <stdint.h>

/* How long a batch waits for the write lock that another writer (folio-index) holds. */
#define WRITER_LOCK_WAIT_MS 3000
/* Records taken into one batch at most (more wait for the next): bounds a commit's memory. */
#define WRITER_MAX_BATCH_RECORDS 20000
/* Records, and their memory (folio_prepared_cost), waiting at most, all requests together; a request
 * that would exceed either gets 503 (unless nothing waits: one request as large as --max-body allows
 * always goes). */
#define WRITER_MAX_PENDING_RECORDS 200000
#define WRITER_MAX_PENDING_BYTES ((size_t)512 << 20)
#define WRITER_MESSAGE_BYTES 300

/* One record of a request: a prepared document (put) or an id to delete. */
typedef struct write_op {
    char *id;                 /* owned */
    folio_prepared *prepared; /* NULL for a deletion; owned */
    int has_keyword_fields;
} write_op;

typedef struct write_job write_job;
struct write_job {
    write_op *ops;
    size_t nops;
    size_t cost; /* the memory its prepared documents hold (folio_prepared_cost) */
    /* Called by the writer thread when the job's commit is done or failed; the writer does not touch
     * the job afterwards. */
    void (*done)(write_job *job);
    void *ctx;
    /* Results, set before done(): */
    int code;                          /* 0, or the FOLIO_E* code of the failure */
    char message[WRITER_MESSAGE_BYTES]; /* the failure */
    unsigned long added, replaced, unchanged, deleted;
    unsigned long long commit;         /* the commit that holds the job (counted since the server started) */
    char committed[32];                /* its time, ISO 8601 UTC */
    write_job *next;                   /* the writer's queue */
};

typedef struct writer_state {
    unsigned long long pending_records; /* waiting or being written */
    unsigned long long commits, failures, records_written;
    char last_commit[32];               /* "" before the first */
    char last_failure[WRITER_MESSAGE_BYTES]; /* "" when none */
} writer_state;

/* Starts the writer for the database (or sharded index) at `path`, which must exist. */
int writer_start(const char *path);

/* Queues a job; FOLIO_EUNAVAILABLE (job not taken, nothing called) when the writer is stopping or too
 * many records wait. */
int writer_submit(write_job *job);

/* Completes every queued job, then stops the thread (before the HTTP server stops). */
void writer_stop(void);

void writer_get_state(writer_state *out);

void write_op_free(write_op *op);

#endif
