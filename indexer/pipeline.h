/*
 * pipeline.h — the threads of folio-index: the main thread finds the input and submits jobs; worker
 * threads read, parse and analyze (each with its own folio_preparer); what they make is stored either
 *
 *  - incrementally: one writer thread stores every worker's output into the database and commits at
 *    the memory budget (a database that already holds documents: updates are usually few); or
 *  - in bulk: each worker stores into a part of a folio_rebuild of its own, merged at the end (a first
 *    build or --full: see libfolio/src/rebuild.c for why this is the fast way to use several cores).
 *
 * Jobs are routed to workers by their key (record id, or root and path), and every queue is first in,
 * first out, so two jobs for one document are always applied in the order submitted: a record given
 * twice ends as its last version, and a deletion never overtakes the put before it.
 *
 * Fences (pipeline_fence) record a root in the database after everything submitted before them is
 * stored, in the same commit or a later one: state that vouches for documents (a root's URL prefix) is
 * never committed ahead of them.
 */
#ifndef FOLIO_PIPELINE_H
#define FOLIO_PIPELINE_H

#include "folio.h"

#include <stddef.h>
#include <stdint.h>

/* A root being indexed: its canonical path, and the URL prefix for its files' urls (NULL: none). */
typedef struct root_info {
    char *path;
    char *url_prefix;
} root_info;

typedef enum {
    JOB_FILE,          /* a file to read; compared with its stored state, then prepared */
    JOB_RECORD,        /* a parsed JSON Lines record to prepare */
    JOB_DELETE_FILE,   /* a file gone from its root */
    JOB_DELETE_RECORD, /* a JSON Lines deletion record */
    JOB_DELETE_ID,     /* --delete ID: every document shown with that id */
    JOB_FENCE,         /* see pipeline_fence */
    JOB_PUT,           /* made by workers: a prepared document to store */
    JOB_TOUCH          /* made by workers: an unchanged file whose size or time changed */
} job_kind;

typedef struct job {
    job_kind kind;
    struct job *next;
    char *where;           /* for warnings: the file's path, or "file:line" */
    char *id;              /* the displayed id (a file: its path relative to the root) */
    const root_info *root; /* files */
    folio_origin origin;   /* files: root, size and time from the walk; the hash once read */
    int known;             /* a file the database holds, with content hash known_hash; a record it held
                            * before this run, or one met earlier in it */
    uint64_t known_hash;
    int reindex;           /* a known file to index again even if unchanged (its root's URL changed) */
    size_t input_bytes;    /* input this job stands for (progress) */
    folio_doc *doc;        /* JOB_RECORD */
    folio_prepared *prepared; /* JOB_PUT */
    size_t cost;           /* memory held while queued */
    struct fence *fence;   /* JOB_FENCE */
} job;

/* A new job of that kind with a copy of `where` and `id` (either may be NULL); NULL when out of memory. */
job *job_new(job_kind kind, const char *where, const char *id);
void job_free(job *j);

typedef struct pipeline pipeline;

/* A sharded index (folio.h "Sharded indexes") has one database or rebuild per shard: the pipeline stores each job in its
 * shard (folio_shards_of_record / _of_file), --delete ID and fences in every shard. A single database is
 * one shard. */
typedef struct pipeline_config {
    unsigned workers;
    size_t memory_bytes;     /* the budget for documents held before a commit, all threads together */
    unsigned nshards;
    folio_db **dbs;          /* incremental: the databases, owned by the writer thread until finish */
    folio_rebuild **rebuilds; /* bulk: workers write parts of each */
    const char *language;
    int detect_languages;     /* guess the language of documents that do not say it (folio-index -l auto) */
} pipeline_config;

int pipeline_start(pipeline **out, const pipeline_config *cfg);

/* Hands a job to its worker (waiting while its queue is full); the pipeline owns it from then on.
 * < 0 (the job freed) when the pipeline failed: pipeline_finish then says why. */
int pipeline_submit(pipeline *p, job *j);

/* Records the root (its path and URL prefix: folio_db_root_set) once everything submitted before is
 * stored. */
int pipeline_fence_root(pipeline *p, const root_info *root);

/* 1 once a worker or the writer failed (stop submitting). */
int pipeline_failed(const pipeline *p);

/* Drains the queues, stops the threads and commits (incremental) or commits and closes the parts
 * (bulk: the caller then finishes the rebuild). Frees p. < 0 with the error recorded for this thread
 * when anything failed. *out_renamed gets how many new files had the content of a vanished one
 * (vanished: the content hashes of files deleted because they were gone). */
int pipeline_finish(pipeline *p, const uint64_t *vanished, size_t nvanished, unsigned long *out_renamed);

#endif
