/*
 * state.h — what the database knows of a root's files (folio_db_root_files), as a table the walk looks
 * paths up in, marking each file it finds; the files never marked are the ones that vanished.
 */
#ifndef FOLIO_STATE_H
#define FOLIO_STATE_H

#include "folio.h"

#include <stddef.h>
#include <stdint.h>

typedef struct state_entry {
    char *path; /* NULL: an empty slot */
    uint64_t hash, size;
    int64_t mtime_ns;
    int seen;
} state_entry;

typedef struct root_state {
    state_entry *slots;
    size_t cap, count; /* cap: 0 or a power of two */
} root_state;

/* Loads the root's files from a reader (retrying if a writer commits meanwhile). */
int root_state_load(root_state *st, folio_db *reader, const char *root);
void root_state_free(root_state *st);

/* The entry for a path, or NULL. */
state_entry *root_state_find(const root_state *st, const char *path);

#endif
