/* pipeline.c — see pipeline.h. */
#define _POSIX_C_SOURCE 200809L
#include "pipeline.h"

#include "input.h"
#include "report.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Commit after this much (folio_prepared_cost) is stored, if the memory budget allows that much:
 * Xapian's in-memory maps stay small and fast (batch sizes measured: bench/indexing/README.md). */
#define FAST_BATCH_COST (4u << 20)
/* Bulk: a worker starts a new part of a shard after this much input (or a quarter of the memory budget,
 * if less: a part also holds Xapian's caches). Writing a part slows down as it grows (on the generated
 * corpus, one part indexed 1,350 documents per CPU second for its first 50,000 documents and 1,050 past
 * 300,000); parts of this size keep the rate of the first. */
#define PART_INPUT_BYTES (48u << 20)
#define PART_BUDGET_SHARE 4
/* Jobs waiting for one worker; the writer's queue is bounded by cost (a share of the budget). */
#define WORKER_QUEUE_JOBS 64
#define WRITER_QUEUE_SHARE 8
/* What a job that holds no document costs the writer. */
#define SMALL_JOB_COST 256
#define MESSAGE_BYTES 600

typedef struct queue {
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    job *head, *tail;
    size_t count, cost, max_count, max_cost;
    int closed;
} queue;

typedef struct fence {
    const root_info *root;
    atomic_uint pending; /* copies not yet seen */
} fence;

typedef struct worker {
    struct pipeline *p;
    unsigned index;
    pthread_t thread;
    int started;
    queue in;
    folio_preparer *preparer;
    folio_db **parts;      /* bulk: this worker's current part of each shard's rebuild */
    size_t *since_commit;  /* bulk: cost stored in each part since its last commit */
    size_t *part_input;    /* bulk: input stored in each part since it was opened */
} worker;

struct pipeline {
    unsigned nworkers;
    worker *workers;
    unsigned nshards;
    folio_db **dbs;
    folio_rebuild **rebuilds;
    const char *language;
    int detect_languages;
    size_t batch_cost;
    size_t part_input; /* bulk: input after which a worker starts a new part */
    queue out; /* incremental: workers to writer */
    pthread_t writer;
    int writer_started;
    atomic_int failed;
    pthread_mutex_t mu; /* message, new_hashes */
    char message[MESSAGE_BYTES];
    int code;
    uint64_t *new_hashes; /* content hashes of files new to the database (rename detection) */
    size_t nnew, new_cap;
};

/* ---- Jobs ---- */

static char *copy_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

job *job_new(job_kind kind, const char *where, const char *id)
{
    job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->kind = kind;
    j->where = copy_or_null(where);
    j->id = copy_or_null(id);
    j->cost = SMALL_JOB_COST;
    if ((where && !j->where) || (id && !j->id)) {
        job_free(j);
        return NULL;
    }
    return j;
}

void job_free(job *j)
{
    if (!j)
        return;
    free(j->where);
    free(j->id);
    folio_doc_free(j->doc);
    folio_prepared_free(j->prepared);
    free(j);
}

static void fence_release(fence *f)
{
    if (atomic_fetch_sub(&f->pending, 1) == 1)
        free(f);
}

/* ---- Failure ---- */

/* Records the first failure (this thread's last error) and wakes everyone who waits on a queue. */
static void fail(struct pipeline *p, int code)
{
    pthread_mutex_lock(&p->mu);
    if (!atomic_load(&p->failed)) {
        const folio_error *e = folio_error_last();
        snprintf(p->message, sizeof p->message, "%s", e ? e->message : "out of memory");
        p->code = code;
        atomic_store(&p->failed, 1);
    }
    pthread_mutex_unlock(&p->mu);
    for (unsigned i = 0; i <= p->nworkers; i++) {
        queue *q = i < p->nworkers ? &p->workers[i].in : &p->out;
        pthread_mutex_lock(&q->mu);
        pthread_cond_broadcast(&q->not_full);
        pthread_mutex_unlock(&q->mu);
    }
}

int pipeline_failed(const pipeline *p)
{
    return atomic_load(&p->failed);
}

/* ---- Queues ---- */

static int queue_init(queue *q, size_t max_count, size_t max_cost)
{
    memset(q, 0, sizeof *q);
    q->max_count = max_count;
    q->max_cost = max_cost;
    if (pthread_mutex_init(&q->mu, NULL) != 0)
        return -1;
    if (pthread_cond_init(&q->not_empty, NULL) != 0 || pthread_cond_init(&q->not_full, NULL) != 0)
        return -1;
    return 0;
}

static void queue_destroy(queue *q)
{
    for (job *j = q->head, *next; j; j = next) {
        next = j->next;
        if (j->kind == JOB_FENCE)
            fence_release(j->fence);
        job_free(j);
    }
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->not_empty);
    pthread_cond_destroy(&q->not_full);
}

static int queue_full(const queue *q, const job *j)
{
    return q->count >= q->max_count || (q->count > 0 && q->cost + j->cost > q->max_cost);
}

/* Appends j, waiting for room; -1 (j not taken) when the pipeline failed meanwhile. */
static int queue_push(queue *q, job *j, const struct pipeline *p)
{
    pthread_mutex_lock(&q->mu);
    while (queue_full(q, j) && !atomic_load(&p->failed))
        pthread_cond_wait(&q->not_full, &q->mu);
    int failed = atomic_load(&p->failed);
    if (!failed) {
        j->next = NULL;
        if (q->tail)
            q->tail->next = j;
        else
            q->head = j;
        q->tail = j;
        q->count++;
        q->cost += j->cost;
        pthread_cond_signal(&q->not_empty);
    }
    pthread_mutex_unlock(&q->mu);
    return failed ? -1 : 0;
}

/* The next job, waiting for one; NULL once the queue is closed and empty. */
static job *queue_pop(queue *q)
{
    pthread_mutex_lock(&q->mu);
    while (!q->head && !q->closed)
        pthread_cond_wait(&q->not_empty, &q->mu);
    job *j = q->head;
    if (j) {
        q->head = j->next;
        if (!q->head)
            q->tail = NULL;
        q->count--;
        q->cost -= j->cost;
        pthread_cond_signal(&q->not_full);
    }
    pthread_mutex_unlock(&q->mu);
    return j;
}

static void queue_close(queue *q)
{
    pthread_mutex_lock(&q->mu);
    q->closed = 1;
    pthread_cond_broadcast(&q->not_empty);
    pthread_mutex_unlock(&q->mu);
}

/* ---- Storing (the writer, or a worker into its part) ---- */

static int apply_fence(folio_db *db, const fence *f)
{
    return folio_db_root_set(db, f->root->path, f->root->url_prefix);
}

/* The shard a job's document lives in. */
static unsigned shard_of(const struct pipeline *p, const job *j)
{
    if (p->nshards == 1)
        return 0;
    return j->root ? folio_shards_of_file(j->root->path, j->id, p->nshards) : folio_shards_of_record(j->id, p->nshards);
}

/* --delete ID: every document shown with the id, whatever its shard. */
static int apply_delete_id(folio_db **dbs, unsigned n, const job *j)
{
    int any = 0, rc = 0;
    for (unsigned i = 0; i < n && rc >= 0; i++) {
        int done = 0;
        rc = folio_db_delete(&done, dbs[i], j->id);
        any |= done;
    }
    if (rc >= 0 && any)
        atomic_fetch_add(&report.deleted, 1);
    else if (rc >= 0)
        report_warn(j->id, "no document with that id to delete");
    return rc;
}

static int apply_fence_everywhere(folio_db **dbs, unsigned n, const fence *f)
{
    int rc = 0;
    for (unsigned i = 0; i < n && rc >= 0; i++)
        rc = apply_fence(dbs[i], f);
    return rc;
}

/* Stores one job in its database (in_part: a part of a bulk run); < 0 on a database failure (fatal). */
static int apply(folio_db *db, job *j, int in_part)
{
    /* A part knows only its own documents: `known` tells it what replaces or deletes one stored before
     * (the merge keeps the last version of each key). */
    int known = in_part && j->known, done = 0, rc = 0;
    switch (j->kind) {
    case JOB_PUT:
        rc = folio_db_put_prepared(&done, db, j->prepared);
        if (rc >= 0)
            atomic_fetch_add(done || known ? &report.updated : &report.added, 1);
        return rc;
    case JOB_TOUCH:
        rc = folio_db_touch_file(db, j->id, &j->origin);
        atomic_fetch_add(&report.unchanged, 1);
        return rc == FOLIO_ENOTFOUND ? 0 : rc;
    case JOB_DELETE_FILE:
        rc = folio_db_delete_file(&done, db, j->root->path, j->id);
        break;
    case JOB_DELETE_RECORD:
        rc = folio_db_delete_record(&done, db, j->id);
        done |= known;
        break;
    case JOB_DELETE_ID: /* every shard: store() */
    case JOB_FENCE:
    case JOB_FILE:
    case JOB_RECORD:
        break; /* JOB_FILE and JOB_RECORD: turned into JOB_PUT or JOB_TOUCH by a worker first */
    }
    if (rc >= 0 && done)
        atomic_fetch_add(&report.deleted, 1);
    return rc;
}

/* Stores a job (not a fence) in the shard it belongs to, or in every shard; returns the shard it went
 * to, n for all, or < 0 on failure. */
static int store(const struct pipeline *p, folio_db **dbs, job *j)
{
    if (j->kind == JOB_DELETE_ID) {
        int rc = apply_delete_id(dbs, p->nshards, j);
        return rc < 0 ? rc : (int)p->nshards;
    }
    unsigned shard = shard_of(p, j);
    int rc = apply(dbs[shard], j, p->rebuilds != NULL);
    return rc < 0 ? rc : (int)shard;
}

/* Commits when the batch reached its cost; returns < 0 on failure. */
static int maybe_commit(folio_db *db, size_t *since_commit, size_t cost, size_t batch_cost)
{
    *since_commit += cost;
    if (*since_commit < batch_cost)
        return 0;
    *since_commit = 0;
    return folio_db_commit(db);
}

static int commit_all(folio_db **dbs, unsigned n)
{
    int rc = 0;
    for (unsigned i = 0; i < n && rc >= 0; i++)
        rc = folio_db_commit(dbs[i]);
    return rc;
}

/* The writer applies a fence when the last worker's copy arrives: by then every job submitted before
 * it has reached the writer (each worker forwards in order) and has been applied. */
static int writer_fence(struct pipeline *p, fence *f)
{
    if (atomic_fetch_sub(&f->pending, 1) != 1)
        return 0;
    int rc = atomic_load(&p->failed) ? 0 : apply_fence_everywhere(p->dbs, p->nshards, f);
    free(f);
    return rc;
}

static void *writer_main(void *arg)
{
    struct pipeline *p = arg;
    size_t since_commit = 0;
    job *j;
    while ((j = queue_pop(&p->out))) {
        int rc = 0;
        if (j->kind == JOB_FENCE)
            rc = writer_fence(p, j->fence);
        else if (!atomic_load(&p->failed))
            rc = store(p, p->dbs, j);
        /* The writer's batch spans the shards: all of them commit together. */
        since_commit += j->cost;
        if (rc >= 0 && !atomic_load(&p->failed) && since_commit >= p->batch_cost) {
            since_commit = 0;
            rc = commit_all(p->dbs, p->nshards);
        }
        if (rc < 0)
            fail(p, rc);
        job_free(j);
    }
    return NULL;
}

/* ---- Workers ---- */

static void remember_new_file(struct pipeline *p, uint64_t hash)
{
    pthread_mutex_lock(&p->mu);
    if (p->nnew == p->new_cap) {
        size_t cap = p->new_cap ? p->new_cap * 2 : 256;
        uint64_t *h = realloc(p->new_hashes, cap * sizeof *h);
        if (h) {
            p->new_hashes = h;
            p->new_cap = cap;
        }
    }
    if (p->nnew < p->new_cap) /* without room, a rename is only counted as a deletion and an addition */
        p->new_hashes[p->nnew++] = hash;
    pthread_mutex_unlock(&p->mu);
}

/* Sets the url of a file from its root's prefix, unless the file names its own. */
static int set_url(folio_doc *doc, const job *j)
{
    if (!j->root->url_prefix || folio_doc_get(doc, "url"))
        return 0;
    size_t n = strlen(j->root->url_prefix) + strlen(j->id) + 1;
    char *url = malloc(n);
    if (!url)
        return FOLIO_ENOMEM;
    snprintf(url, n, "%s%s", j->root->url_prefix, j->id);
    int rc = folio_doc_set(doc, "url", url, strlen(url));
    free(url);
    return rc;
}

/* Reads a JOB_FILE: one whose content hash is the stored one becomes a JOB_TOUCH, any other is parsed
 * into j->doc. Returns 1 when the job goes on, 0 when it was skipped (reported), < 0 on a fatal error. */
static int work_file(job *j)
{
    char *data;
    size_t len;
    int rc = input_read_file(j->where, &data, &len);
    if (rc != 0)
        return rc < 0 ? FOLIO_ENOMEM : 0;
    j->origin.hash = folio_content_hash(data, len);
    j->origin.size = len;
    if (j->known && !j->reindex && j->known_hash == j->origin.hash) {
        free(data);
        j->kind = JOB_TOUCH;
        return 1;
    }
    rc = input_parse_file(&j->doc, j->where, input_type_of(j->where), data, len);
    free(data);
    if (rc != 0)
        return rc < 0 ? FOLIO_ENOMEM : 0;
    if (folio_doc_set(j->doc, "id", j->id, strlen(j->id)) < 0 || (rc = set_url(j->doc, j)) < 0) {
        if (folio_error_last()->code == FOLIO_ENOMEM)
            return FOLIO_ENOMEM;
        report_skip(j->where, folio_error_last()->message);
        return 0;
    }
    return 1;
}

/* Analyzes j->doc into j->prepared. */
static int prepare(worker *w, job *j, const folio_origin *origin)
{
    int rc = folio_prepare(&j->prepared, w->preparer, j->doc, origin);
    folio_doc_free(j->doc);
    j->doc = NULL;
    if (rc == FOLIO_EINVALID) {
        report_skip(j->where, folio_error_last()->message);
        return 0;
    }
    if (rc < 0)
        return rc;
    j->kind = JOB_PUT;
    j->cost = folio_prepared_cost(j->prepared);
    return 1;
}

/* Does a worker's part of a job: 1 when it goes on to be stored, 0 when done, < 0 fatal. */
static int work(worker *w, job *j)
{
    int rc = 1;
    if (j->kind == JOB_FILE && (rc = work_file(j)) == 1 && j->kind == JOB_FILE) {
        rc = prepare(w, j, &j->origin);
        if (rc == 1 && !j->known)
            remember_new_file(w->p, j->origin.hash);
    } else if (j->kind == JOB_RECORD) {
        rc = prepare(w, j, NULL);
    }
    atomic_fetch_add(&report.bytes_done, j->input_bytes);
    return rc;
}

/* Bulk: completes the worker's part of shard i and opens a new one. */
static int next_part(worker *w, unsigned i)
{
    int rc = folio_rebuild_part_close(w->parts[i]);
    w->parts[i] = NULL;
    w->since_commit[i] = w->part_input[i] = 0;
    return rc < 0 ? rc : folio_rebuild_part(&w->parts[i], w->p->rebuilds[i]);
}

/* Bulk: stores into this worker's part of the job's shard. A fence is applied by worker 0 only (the
 * parts of a shard are merged), into every shard. */
static int store_in_part(worker *w, job *j)
{
    const struct pipeline *p = w->p;
    if (j->kind == JOB_FENCE) {
        int rc = w->index == 0 ? apply_fence_everywhere(w->parts, p->nshards, j->fence) : 0;
        fence_release(j->fence);
        return rc;
    }
    int where = store(p, w->parts, j), rc = where < 0 ? where : 0;
    for (unsigned i = 0; rc >= 0 && i < p->nshards; i++) {
        if ((unsigned)where != i && (unsigned)where != p->nshards)
            continue;
        rc = maybe_commit(w->parts[i], &w->since_commit[i], j->cost, p->batch_cost);
        if (rc >= 0 && (w->part_input[i] += j->input_bytes) >= p->part_input)
            rc = next_part(w, i);
    }
    return rc;
}

/* Bulk: opens this worker's part of every shard's rebuild. */
static int open_parts(worker *w)
{
    const struct pipeline *p = w->p;
    w->parts = calloc(p->nshards, sizeof *w->parts);
    w->since_commit = calloc(p->nshards, sizeof *w->since_commit);
    w->part_input = calloc(p->nshards, sizeof *w->part_input);
    if (!w->parts || !w->since_commit || !w->part_input)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    int rc = 0;
    for (unsigned i = 0; i < p->nshards && rc >= 0; i++)
        rc = folio_rebuild_part(&w->parts[i], p->rebuilds[i]);
    return rc;
}

/* Bulk: completes the worker's parts, or only closes them once the pipeline failed. */
static void close_parts(worker *w)
{
    struct pipeline *p = w->p;
    for (unsigned i = 0; w->parts && i < p->nshards; i++) {
        if (!w->parts[i])
            continue;
        int rc = 0;
        if (atomic_load(&p->failed))
            folio_db_close(w->parts[i]);
        else if ((rc = folio_rebuild_part_close(w->parts[i])) < 0)
            fail(p, rc);
        w->parts[i] = NULL;
    }
    free(w->parts);
    free(w->since_commit);
    free(w->part_input);
    w->parts = NULL;
    w->since_commit = NULL;
    w->part_input = NULL;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    struct pipeline *p = w->p;
    int rc = folio_preparer_new(&w->preparer, p->language);
    if (rc >= 0 && p->detect_languages)
        rc = folio_preparer_detect_languages(w->preparer);
    if (rc >= 0 && p->rebuilds)
        rc = open_parts(w);
    if (rc < 0)
        fail(p, rc);
    job *j;
    while ((j = queue_pop(&w->in))) {
        rc = atomic_load(&p->failed) ? 0 : work(w, j);
        if (rc > 0 && p->rebuilds)
            rc = store_in_part(w, j);
        else if (rc > 0 && queue_push(&p->out, j, p) == 0)
            continue; /* the writer owns it now */
        else if (j->kind == JOB_FENCE)
            fence_release(j->fence);
        if (rc < 0)
            fail(p, rc);
        job_free(j);
    }
    close_parts(w);
    folio_preparer_free(w->preparer);
    return NULL;
}

/* ---- The pipeline ---- */

int pipeline_start(pipeline **out, const pipeline_config *cfg)
{
    *out = NULL;
    struct pipeline *p = calloc(1, sizeof *p);
    unsigned n = cfg->workers ? cfg->workers : 1;
    if (!p || !(p->workers = calloc(n, sizeof *p->workers))) {
        free(p);
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    }
    p->nworkers = n;
    p->nshards = cfg->nshards ? cfg->nshards : 1;
    p->dbs = cfg->dbs;
    p->rebuilds = cfg->rebuilds;
    p->language = cfg->language;
    p->detect_languages = cfg->detect_languages;
    /* Bulk: every part of every shard holds a batch at once; incremental: only the writer does. */
    size_t share = cfg->rebuilds ? cfg->memory_bytes / n / p->nshards : cfg->memory_bytes / 2;
    p->batch_cost = share < FAST_BATCH_COST ? share : FAST_BATCH_COST;
    p->part_input = cfg->memory_bytes / PART_BUDGET_SHARE;
    if (p->part_input > PART_INPUT_BYTES)
        p->part_input = PART_INPUT_BYTES;
    /* From here on the caller gets p even on failure, and pipeline_finish() cleans up. */
    *out = p;
    int ok = pthread_mutex_init(&p->mu, NULL) == 0 &&
             queue_init(&p->out, (size_t)-1, cfg->memory_bytes / WRITER_QUEUE_SHARE) == 0;
    for (unsigned i = 0; ok && i < n; i++) {
        p->workers[i].p = p;
        p->workers[i].index = i;
        ok = queue_init(&p->workers[i].in, WORKER_QUEUE_JOBS, (size_t)-1) == 0;
    }
    if (ok && !p->rebuilds)
        ok = p->writer_started = pthread_create(&p->writer, NULL, writer_main, p) == 0;
    for (unsigned i = 0; ok && i < n; i++)
        ok = p->workers[i].started = pthread_create(&p->workers[i].thread, NULL, worker_main, &p->workers[i]) == 0;
    return ok ? 0 : folio_error_set(FOLIO_ERROR, "cannot start the indexing threads");
}

static unsigned route(const pipeline *p, const job *j)
{
    uint64_t h = folio_content_hash(j->id, strlen(j->id));
    if (j->root)
        h ^= folio_content_hash(j->root->path, strlen(j->root->path));
    return (unsigned)(h % p->nworkers);
}

int pipeline_submit(pipeline *p, job *j)
{
    if (queue_push(&p->workers[route(p, j)].in, j, p) < 0) {
        job_free(j);
        return FOLIO_ERROR;
    }
    return 0;
}

int pipeline_fence_root(pipeline *p, const root_info *root)
{
    fence *f = calloc(1, sizeof *f);
    if (!f)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    f->root = root;
    atomic_store(&f->pending, p->nworkers);
    for (unsigned i = 0; i < p->nworkers; i++) {
        job *j = job_new(JOB_FENCE, NULL, NULL);
        if (j)
            j->fence = f;
        if (!j || queue_push(&p->workers[i].in, j, p) < 0) {
            job_free(j);
            /* The copies not sent will never be seen: release them now. */
            for (unsigned k = i; k < p->nworkers; k++)
                fence_release(f);
            return j ? FOLIO_ERROR : folio_error_set(FOLIO_ENOMEM, "out of memory");
        }
    }
    return 0;
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* How many of the vanished contents reappeared as new files (each matched once). */
static unsigned long count_renames(uint64_t *new_hashes, size_t nnew, const uint64_t *vanished, size_t nvanished)
{
    if (!nnew || !nvanished)
        return 0;
    uint64_t *gone = malloc(nvanished * sizeof *gone);
    if (!gone)
        return 0;
    memcpy(gone, vanished, nvanished * sizeof *gone);
    qsort(gone, nvanished, sizeof *gone, compare_u64);
    qsort(new_hashes, nnew, sizeof *new_hashes, compare_u64);
    unsigned long matches = 0;
    for (size_t i = 0, k = 0; i < nnew && k < nvanished;) {
        if (new_hashes[i] == gone[k]) {
            matches++;
            i++;
            k++;
        } else if (new_hashes[i] < gone[k]) {
            i++;
        } else {
            k++;
        }
    }
    free(gone);
    return matches;
}

int pipeline_finish(pipeline *p, const uint64_t *vanished, size_t nvanished, unsigned long *out_renamed)
{
    for (unsigned i = 0; i < p->nworkers; i++)
        queue_close(&p->workers[i].in);
    for (unsigned i = 0; i < p->nworkers; i++)
        if (p->workers[i].started)
            pthread_join(p->workers[i].thread, NULL);
    queue_close(&p->out);
    if (p->writer_started)
        pthread_join(p->writer, NULL);
    int rc = 0;
    if (!atomic_load(&p->failed) && p->dbs && (rc = commit_all(p->dbs, p->nshards)) < 0)
        fail(p, rc);
    if (atomic_load(&p->failed))
        rc = folio_error_set(p->code < 0 ? p->code : FOLIO_ERROR, "%s", p->message);
    *out_renamed = rc < 0 ? 0 : count_renames(p->new_hashes, p->nnew, vanished, nvanished);
    for (unsigned i = 0; i < p->nworkers; i++)
        queue_destroy(&p->workers[i].in);
    queue_destroy(&p->out);
    pthread_mutex_destroy(&p->mu);
    free(p->new_hashes);
    free(p->workers);
    free(p);
    return rc;
}
