/* state.c — see state.h. An open-addressing hash table keyed by path. */
#define _POSIX_C_SOURCE 200809L
#include "state.h"


#include <stdlib.h>
#include <string.h>

/* Attempts at reading a root's files while a writer keeps committing. */
#define LOAD_ATTEMPTS 5
#define MIN_CAPACITY 64

static size_t slot_of(const root_state *st, const char *path)
{
    return (size_t)folio_content_hash(path, strlen(path)) & (st->cap - 1);
}

static int grow(root_state *st)
{
    size_t cap = st->cap ? st->cap * 2 : MIN_CAPACITY;
    state_entry *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return FOLIO_ENOMEM;
    root_state bigger = {slots, cap, st->count};
    for (size_t i = 0; i < st->cap; i++) {
        if (!st->slots[i].path)
            continue;
        size_t k = slot_of(&bigger, st->slots[i].path);
        while (slots[k].path)
            k = (k + 1) & (cap - 1);
        slots[k] = st->slots[i];
    }
    free(st->slots);
    *st = bigger;
    return 0;
}

static int on_file(void *ctx, const folio_file_state *file)
{
    root_state *st = ctx;
    if ((st->count + 1) * 2 > st->cap && grow(st) < 0)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    size_t k = slot_of(st, file->path);
    while (st->slots[k].path && strcmp(st->slots[k].path, file->path) != 0)
        k = (k + 1) & (st->cap - 1);
    state_entry *e = &st->slots[k];
    if (!e->path) {
        if (!(e->path = strdup(file->path)))
            return folio_error_set(FOLIO_ENOMEM, "out of memory");
        st->count++;
    }
    e->hash = file->hash;
    e->size = file->size;
    e->mtime_ns = file->mtime_ns;
    return 0;
}

int root_state_load(root_state *st, folio_db *reader, const char *root)
{
    int rc = FOLIO_EMODIFIED;
    for (int attempt = 0; attempt < LOAD_ATTEMPTS && rc == FOLIO_EMODIFIED; attempt++) {
        root_state_free(st);
        rc = folio_db_reopen(reader);
        if (rc >= 0)
            rc = folio_db_root_files(reader, root, on_file, st);
    }
    return rc;
}

void root_state_free(root_state *st)
{
    for (size_t i = 0; i < st->cap; i++)
        free(st->slots[i].path);
    free(st->slots);
    memset(st, 0, sizeof *st);
}

state_entry *root_state_find(const root_state *st, const char *path)
{
    if (!st->cap)
        return NULL;
    size_t k = slot_of(st, path);
    while (st->slots[k].path) {
        if (strcmp(st->slots[k].path, path) == 0)
            return &st->slots[k];
        k = (k + 1) & (st->cap - 1);
    }
    return NULL;
}
