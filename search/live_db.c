/*
 * live_db.c — per-thread database handles that follow the index (see live_db.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "live_db.h"


#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* What the path named when the handle was opened: a rebuild swapped in atomically changes it. */
typedef struct identity {
    dev_t dev;
    ino_t ino;
    struct timespec mtime; /* compared for a stub file only: a directory's changes with every commit */
    int is_file;
} identity;

typedef struct handle {
    folio_db *db;
    identity id;
} handle;

static const char *db_path;
static folio_open_options open_options;
static pthread_key_t handle_key;

static void close_handle(void *p)
{
    handle *h = p;
    folio_db_close(h->db);
    free(h);
}

int live_db_init(const char *path, const folio_open_options *opts)
{
    db_path = path;
    open_options = *opts;
    if (pthread_key_create(&handle_key, close_handle) != 0)
        return folio_error_set(FOLIO_ERROR, "cannot create a thread key");
    return 0;
}

static handle *this_thread_handle(void)
{
    handle *h = pthread_getspecific(handle_key);
    if (h)
        return h;
    h = calloc(1, sizeof *h);
    if (!h) {
        folio_error_set(FOLIO_ENOMEM, "out of memory");
        return NULL;
    }
    if (pthread_setspecific(handle_key, h) != 0) {
        free(h);
        folio_error_set(FOLIO_ENOMEM, "out of memory");
        return NULL;
    }
    return h;
}

static int read_identity(identity *out)
{
    struct stat st;
    if (stat(db_path, &st) != 0)
        return -1;
    memset(out, 0, sizeof *out);
    out->dev = st.st_dev;
    out->ino = st.st_ino;
    out->is_file = S_ISREG(st.st_mode);
    if (out->is_file)
        out->mtime = st.st_mtim;
    return 0;
}

static int same_identity(const identity *a, const identity *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->is_file == b->is_file &&
           (!a->is_file || (a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec));
}

static void drop(handle *h)
{
    folio_db_close(h->db);
    h->db = NULL;
}

folio_db *live_db_get(void)
{
    handle *h = this_thread_handle();
    if (!h)
        return NULL;
    identity now;
    /* When the path is missing for a moment (a rebuild not done atomically), the open handle still
     * reads the old files; keep it. */
    int known = read_identity(&now) == 0;
    if (h->db && known && !same_identity(&h->id, &now))
        drop(h);
    if (h->db && folio_db_reopen(h->db) < 0)
        drop(h);
    if (h->db)
        return h->db;
    if (folio_db_open(&h->db, db_path, &open_options) < 0) {
        h->db = NULL;
        return NULL;
    }
    /* Recorded before opening: a swap between the two is seen at the next request, which opens again. */
    if (known)
        h->id = now;
    else
        memset(&h->id, 0, sizeof h->id);
    return h->db;
}

void live_db_discard(void)
{
    handle *h = pthread_getspecific(handle_key);
    if (h)
        drop(h);
}

int live_db_is_index_error(int code)
{
    return code == FOLIO_EMODIFIED || code == FOLIO_ECORRUPT || code == FOLIO_ENOTFOUND || code == FOLIO_EIO ||
           code == FOLIO_ERROR;
}
