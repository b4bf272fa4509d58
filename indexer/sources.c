/* sources.c — see sources.h. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "sources.h"

#include "input.h"
#include "report.h"
#include "state.h"
#include "walk.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A record's job holds its parsed text, about this many times the line. */
#define RECORD_COST_FACTOR 3
#define LOCATION_BYTES 4200
#define MIN_SET_CAPACITY 1024
/* The longest JSON Lines record (its line, without the newline): a larger one is skipped with a warning
 * naming its file and line, and the rest of the file is still indexed. Every byte of a record is held
 * several times while it is parsed, analysed and (for each query it matches) read back. */
#define JSONL_MAX_RECORD_BYTES ((size_t)16 * 1024 * 1024)

volatile sig_atomic_t sources_interrupted;

static int stopping(const sources *s)
{
    return sources_interrupted || pipeline_failed(s->p);
}

static int out_of_memory(void)
{
    return folio_error_set(FOLIO_ENOMEM, "out of memory");
}

/* Appends a value to a growable array of uint64_t. */
static int push_u64(uint64_t **array, size_t *n, size_t *cap, uint64_t value)
{
    if (*n == *cap) {
        size_t bigger = *cap ? *cap * 2 : 64;
        uint64_t *a = realloc(*array, bigger * sizeof *a);
        if (!a)
            return out_of_memory();
        *array = a;
        *cap = bigger;
    }
    (*array)[(*n)++] = value;
    return 0;
}

/* ---- Records touched in this run: a set of id hashes (0 marks an empty slot) ---- */

static uint64_t id_hash(const char *id)
{
    uint64_t h = folio_content_hash(id, strlen(id));
    return h ? h : 1;
}

static int touched_has(const sources *s, uint64_t h)
{
    if (!s->touched_cap)
        return 0;
    for (size_t k = h & (s->touched_cap - 1); s->touched[k]; k = (k + 1) & (s->touched_cap - 1))
        if (s->touched[k] == h)
            return 1;
    return 0;
}

static void touched_put(uint64_t *set, size_t cap, uint64_t h)
{
    size_t k = h & (cap - 1);
    while (set[k] && set[k] != h)
        k = (k + 1) & (cap - 1);
    set[k] = h;
}

static int touched_add(sources *s, uint64_t h)
{
    if (touched_has(s, h))
        return 0;
    if ((s->ntouched + 1) * 2 > s->touched_cap) {
        size_t cap = s->touched_cap ? s->touched_cap * 2 : MIN_SET_CAPACITY;
        uint64_t *set = calloc(cap, sizeof *set);
        if (!set)
            return out_of_memory();
        for (size_t i = 0; i < s->touched_cap; i++)
            if (s->touched[i])
                touched_put(set, cap, s->touched[i]);
        free(s->touched);
        s->touched = set;
        s->touched_cap = cap;
    }
    touched_put(s->touched, s->touched_cap, h);
    s->ntouched++;
    return 0;
}

/* ---- JSON Lines ---- */

/* Whether the record is stored (*out_stored) and with exactly these data (returns 1; doc NULL: only
 * whether it is stored). Asks the reader, which sees the last commit. */
static int record_unchanged(sources *s, const char *id, const folio_doc *doc, int *out_stored)
{
    uint64_t hash = 0, stored;
    int rc = doc ? folio_doc_hash(&hash, doc) : 0;
    if (rc >= 0 && (rc = folio_db_record_hash(&stored, s->reader, id)) == FOLIO_EMODIFIED &&
        (rc = folio_db_reopen(s->reader)) >= 0)
        rc = folio_db_record_hash(&stored, s->reader, id);
    *out_stored = rc >= 0;
    if (rc == FOLIO_ENOMEM)
        return rc;
    return rc >= 0 && doc && stored == hash;
}

/* Bulk: notes a key met again (a record given twice, a root given twice), whose versions may land in
 * different parts of the rebuild. */
static int note_bulk_key(sources *s, uint64_t h)
{
    if (touched_has(s, h)) {
        s->repeated = 1;
        return 0;
    }
    return touched_add(s, h);
}

/* Submits one record (or its deletion), or passes it over as unchanged. */
static int submit_record(sources *s, const char *where, folio_doc *doc, int deleted, size_t bytes)
{
    const char *id = folio_doc_get(doc, "id");
    uint64_t h = id_hash(id);
    if (!s->reader && note_bulk_key(s, h) < 0) {
        folio_doc_free(doc);
        return out_of_memory();
    }
    s->repeated |= !s->reader && deleted; /* the rebuild drops the deletion's tombstone */
    /* A record met earlier in this run replaces (or deletes) that version; a bulk run keeping the
     * database's documents learns from `known` what its parts alone cannot tell: that it replaces one. */
    int known = s->reader && touched_has(s, h);
    if (s->reader && !known) {
        int same = record_unchanged(s, id, deleted ? NULL : doc, &known);
        if (same < 0) {
            folio_doc_free(doc);
            return same;
        }
        if (same) {
            folio_doc_free(doc);
            atomic_fetch_add(&report.unchanged, 1);
            atomic_fetch_add(&report.bytes_done, bytes);
            return 0;
        }
    }
    job *j = job_new(deleted ? JOB_DELETE_RECORD : JOB_RECORD, where, id);
    if (!j || (s->reader && touched_add(s, h) < 0)) {
        job_free(j);
        folio_doc_free(doc);
        return out_of_memory();
    }
    j->known = known;
    if (deleted)
        folio_doc_free(doc);
    else
        j->doc = doc;
    j->input_bytes = bytes;
    j->cost = bytes * RECORD_COST_FACTOR;
    return pipeline_submit(s->p, j);
}

/* Parses one line into *doc; 1 when it cannot be used (reported), < 0 when out of memory. */
static int parse_json_line(const char *where, const char *line, size_t len, folio_doc **doc, int *deleted)
{
    folio_buf converted = FOLIO_BUF_INIT;
    const char *text = input_as_utf8(where, line, &len, &converted);
    int rc = 1;
    if (text)
        rc = folio_doc_parse_json_record(doc, deleted, text, len);
    else if (converted.oom)
        rc = FOLIO_ENOMEM;
    else
        report_skip(where, "binary data (a NUL byte)");
    if (rc < 0 && rc != FOLIO_ENOMEM) {
        report_skip(where, folio_error_last()->message);
        rc = 1;
    }
    folio_buf_free(&converted);
    return rc;
}

static int index_json_line(sources *s, const char *where, const char *line, size_t n)
{
    size_t len = n;
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    folio_doc *doc = NULL;
    int deleted = 0;
    int rc = strspn(line, " \t") >= len ? 1 : parse_json_line(where, line, len, &doc, &deleted);
    if (rc == 0)
        return submit_record(s, where, doc, deleted, n);
    atomic_fetch_add(&report.bytes_done, n);
    return rc < 0 ? out_of_memory() : 0;
}

/* Reads one line, its newline kept, into `line` (replacing what it held) while it is at most
 * JSONL_MAX_RECORD_BYTES long; a longer line is read to its end but not kept (*too_long). *n is the
 * line's bytes either way. 1 for a line, 0 at the end of the input. */
static int read_record_line(FILE *in, folio_buf *line, size_t *n, int *too_long)
{
    int c;
    folio_buf_reset(line);
    *n = 0;
    *too_long = 0;
    flockfile(in);
    while ((c = getc_unlocked(in)) != EOF) {
        ++*n;
        if (c != '\n' && line->len >= JSONL_MAX_RECORD_BYTES)
            *too_long = 1;
        if (!*too_long)
            folio_buf_putc(line, (char)c);
        if (c == '\n')
            break;
    }
    funlockfile(in);
    return *n > 0;
}

static int index_json_lines(sources *s, const char *name, FILE *in, int count_total)
{
    folio_buf line = FOLIO_BUF_INIT;
    size_t n;
    int too_long;
    unsigned long lineno = 0;
    int rc = 0;
    while (rc >= 0 && !stopping(s) && read_record_line(in, &line, &n, &too_long)) {
        char where[LOCATION_BYTES];
        lineno++;
        if (count_total)
            atomic_fetch_add(&report.bytes_total, (unsigned long long)n);
        snprintf(where, sizeof where, "%s:%lu", name, lineno);
        if (line.oom) {
            rc = out_of_memory();
        } else if (too_long) {
            char reason[96];
            snprintf(reason, sizeof reason, "a record longer than %zu MiB", JSONL_MAX_RECORD_BYTES / (1024 * 1024));
            report_skip(where, reason);
            atomic_fetch_add(&report.bytes_done, n);
        } else {
            rc = index_json_line(s, where, line.data, n);
        }
    }
    if (rc >= 0 && ferror(in))
        report_skip(name, strerror(errno));
    folio_buf_free(&line);
    return rc;
}

static int index_json_file(sources *s, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        report_skip(path, strerror(errno));
        return 0;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0)
        atomic_fetch_add(&report.bytes_total, (unsigned long long)st.st_size);
    int rc = index_json_lines(s, path, f, 0);
    fclose(f);
    return rc;
}

/* ---- Roots ---- */

/* The root with that canonical path, made on first use: its URL prefix is --url-prefix, else the one
 * stored for it. *out_changed: the database holds files of it made with another prefix. */
static int get_root(sources *s, const char *canonical, root_info **out, int *out_changed)
{
    char *stored = NULL;
    int known = s->reader && folio_db_root_get(&stored, s->reader, canonical) >= 0;
    const char *prefix = s->url_prefix ? s->url_prefix : known ? stored : "";
    *out_changed = known && strcmp(stored, prefix) != 0;
    for (size_t i = 0; i < s->nroots; i++)
        if (strcmp(s->roots[i]->path, canonical) == 0) {
            free(stored);
            *out = s->roots[i];
            return 0;
        }
    root_info **roots = realloc(s->roots, (s->nroots + 1) * sizeof *roots);
    root_info *r = calloc(1, sizeof *r);
    if (roots)
        s->roots = roots;
    if (!roots || !r || !(r->path = strdup(canonical)) || (*prefix && !(r->url_prefix = strdup(prefix)))) {
        if (r)
            free(r->path);
        free(r);
        free(stored);
        return out_of_memory();
    }
    free(stored);
    s->roots[s->nroots++] = r;
    *out = r;
    return 0;
}

/* A file found under a root. */
typedef struct entry {
    char *relative;
    uint64_t size;
    int64_t mtime_ns;
    input_type type;
} entry;

typedef struct walk_ctx {
    sources *s;
    size_t root_len; /* of the source path as walked (without trailing slashes) */
    entry *entries;
    size_t n, cap;
    char **bad_dirs; /* relative paths of directories that could not be read */
    size_t nbad;
    int rc;
} walk_ctx;

static int64_t mtime_ns(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static int on_file(void *ctx, const char *path, const char *relative, const struct stat *st)
{
    walk_ctx *w = ctx;
    (void)path;
    input_type type = input_type_of(relative);
    if (type == INPUT_OTHER || input_is_corpus_documentation(relative)) {
        atomic_fetch_add(&report.ignored, 1);
        return 0;
    }
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 256;
        entry *e = realloc(w->entries, cap * sizeof *e);
        if (!e)
            return w->rc = out_of_memory();
        w->entries = e;
        w->cap = cap;
    }
    entry *e = &w->entries[w->n];
    if (!(e->relative = strdup(relative)))
        return w->rc = out_of_memory();
    e->size = (uint64_t)st->st_size;
    e->mtime_ns = mtime_ns(st);
    e->type = type;
    w->n++;
    return 0;
}

static void on_problem(void *ctx, const char *path, const char *reason, walk_problem kind)
{
    walk_ctx *w = ctx;
    if (kind == WALK_ALIAS) { /* its files are indexed under the first name met */
        report_warn(path, "not walked: %s", reason);
        return;
    }
    report_skip(path, reason);
    if (kind != WALK_LOST_DIR || w->rc < 0)
        return;
    const char *relative = strlen(path) > w->root_len ? path + w->root_len + 1 : "";
    char **bad = realloc(w->bad_dirs, (w->nbad + 1) * sizeof *bad);
    if (bad)
        w->bad_dirs = bad;
    if (!bad || !(bad[w->nbad] = strdup(relative)))
        w->rc = out_of_memory();
    else
        w->nbad++;
}

static int on_skip(void *ctx, const char *relative, const char *name, int is_dir)
{
    walk_ctx *w = ctx;
    (void)is_dir;
    return exclude_match(w->s->excludes, relative, name);
}

static int on_stop(void *ctx)
{
    const walk_ctx *w = ctx;
    return stopping(w->s);
}

static void free_walk(walk_ctx *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->entries[i].relative);
    free(w->entries);
    for (size_t i = 0; i < w->nbad; i++)
        free(w->bad_dirs[i]);
    free(w->bad_dirs);
}

/* Is the path inside a directory whose listing failed (so its absence proves nothing)? */
static int under_bad_dir(const walk_ctx *w, const char *relative)
{
    for (size_t i = 0; i < w->nbad; i++) {
        size_t n = strlen(w->bad_dirs[i]);
        if (n == 0 || (strncmp(relative, w->bad_dirs[i], n) == 0 && relative[n] == '/'))
            return 1;
    }
    return 0;
}

static char *join_path(const char *dir, size_t dir_len, const char *name)
{
    size_t n = dir_len + 1 + strlen(name) + 1;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%.*s/%s", (int)dir_len, dir, name);
    return path;
}

/* Submits one article or HTML file of a root, unless its size and time say it is unchanged. */
static int submit_file(sources *s, const root_info *root, const root_state *st, int reindex, const char *path,
                       const entry *e)
{
    state_entry *known = root_state_find(st, e->relative);
    if (known) {
        known->seen = 1;
        if (!reindex && known->size == e->size && known->mtime_ns == e->mtime_ns) {
            atomic_fetch_add(&report.unchanged, 1);
            atomic_fetch_add(&report.bytes_done, e->size);
            return 0;
        }
    }
    job *j = job_new(JOB_FILE, path, e->relative);
    if (!j || (!s->reader && note_bulk_key(s, id_hash(e->relative) ^ id_hash(root->path)) < 0)) {
        job_free(j);
        return out_of_memory();
    }
    j->root = root;
    j->origin = (folio_origin){root->path, 0, e->size, e->mtime_ns};
    j->known = known != NULL;
    j->known_hash = known ? known->hash : 0;
    j->reindex = reindex;
    j->input_bytes = e->size;
    return pipeline_submit(s->p, j);
}

/* Deletes the files the database holds for this root that the walk did not find. */
static int delete_vanished(sources *s, const root_info *root, const root_state *st, const walk_ctx *w)
{
    for (size_t i = 0; i < st->cap; i++) {
        const state_entry *e = &st->slots[i];
        if (!e->path || e->seen || under_bad_dir(w, e->path))
            continue;
        job *j = job_new(JOB_DELETE_FILE, NULL, e->path);
        if (!j || push_u64(&s->vanished, &s->nvanished, &s->vanished_cap, e->hash) < 0) {
            job_free(j);
            return out_of_memory();
        }
        j->root = root;
        int rc = pipeline_submit(s->p, j);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int index_entries(sources *s, const root_info *root, root_state *st, int reindex, const char *dir,
                         walk_ctx *w)
{
    int rc = 0;
    for (size_t i = 0; i < w->n && rc >= 0 && !stopping(s); i++) {
        const entry *e = &w->entries[i];
        char *path = join_path(dir, w->root_len, e->relative);
        if (!path)
            return out_of_memory();
        if (e->type == INPUT_JSONL)
            rc = index_json_file(s, path);
        else
            rc = submit_file(s, root, st, reindex, path, e);
        free(path);
    }
    return rc;
}

static int index_directory(sources *s, const char *dir, const char *canonical)
{
    root_info *root;
    int changed;
    int rc = get_root(s, canonical, &root, &changed);
    if (rc < 0)
        return rc;
    walk_ctx w = {s, strlen(dir), NULL, 0, 0, NULL, 0, 0};
    while (w.root_len > 1 && dir[w.root_len - 1] == '/')
        w.root_len--;
    const walk_callbacks cb = {on_file, on_problem, on_skip, on_stop, &w};
    walk_directory(dir, s->follow_links ? WALK_FOLLOW_LINKS : 0, &cb);
    root_state st = {0};
    rc = w.rc;
    for (size_t i = 0; i < w.n; i++)
        atomic_fetch_add(&report.bytes_total, w.entries[i].type == INPUT_JSONL ? 0 : w.entries[i].size);
    if (rc >= 0 && s->reader)
        rc = root_state_load(&st, s->reader, root->path);
    /* A root whose URL prefix changes is recorded only once all its files carry the new one. */
    if (rc >= 0 && !changed)
        rc = pipeline_fence_root(s->p, root);
    if (rc >= 0)
        rc = index_entries(s, root, &st, changed, dir, &w);
    /* Deleting needs the whole walk: an interrupted run leaves that to the next. */
    if (rc >= 0 && !stopping(s))
        rc = delete_vanished(s, root, &st, &w);
    if (rc >= 0 && changed && !stopping(s))
        rc = pipeline_fence_root(s->p, root);
    root_state_free(&st);
    free_walk(&w);
    return rc;
}

/* A file given directly: a member of its directory's root, known by its file name. */
static int index_single_file(sources *s, const char *path, const char *canonical, const struct stat *st)
{
    input_type type = input_type_of(path);
    if (type == INPUT_OTHER) {
        report_skip(path, "not a .txt, .md, .html, .htm, .pdf, .docx, .odt, .epub or .jsonl file");
        return 0;
    }
    if (type == INPUT_JSONL)
        return index_json_file(s, path);
    char *slash = strrchr(canonical, '/');
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", slash == canonical ? 1 : (int)(slash - canonical), canonical);
    root_info *root;
    int changed;
    int rc = get_root(s, dir, &root, &changed);
    root_state known = {0};
    if (rc >= 0 && s->reader)
        rc = root_state_load(&known, s->reader, root->path);
    entry e = {slash + 1, (uint64_t)st->st_size, mtime_ns(st), type};
    atomic_fetch_add(&report.bytes_total, e.size);
    if (rc >= 0)
        rc = submit_file(s, root, &known, changed, path, &e);
    if (rc >= 0 && !changed)
        rc = pipeline_fence_root(s->p, root);
    root_state_free(&known);
    return rc;
}

int sources_index(sources *s, const char *source)
{
    if (strcmp(source, "-") == 0)
        return index_json_lines(s, "<stdin>", stdin, 1);
    struct stat st;
    char canonical[PATH_MAX];
    if (stat(source, &st) != 0 || !realpath(source, canonical)) {
        report_skip(source, strerror(errno));
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return index_directory(s, source, canonical);
    return index_single_file(s, source, canonical, &st);
}

int sources_delete(sources *s, const char *id)
{
    job *j = job_new(JOB_DELETE_ID, id, id);
    return j ? pipeline_submit(s->p, j) : out_of_memory();
}

void sources_free(sources *s)
{
    for (size_t i = 0; i < s->nroots; i++) {
        free(s->roots[i]->path);
        free(s->roots[i]->url_prefix);
        free(s->roots[i]);
    }
    free(s->roots);
    free(s->vanished);
    free(s->touched);
}
