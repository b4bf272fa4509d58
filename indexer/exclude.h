/*
 * exclude.h — the --exclude GLOB patterns (fnmatch(3) syntax: *, ?, [...]).
 *
 * A pattern without '/' is matched against the name of every file and directory ("*.log", "drafts");
 * a pattern with '/' against the whole path relative to the root ("drafts/" followed by "*" excludes
 * all of drafts; "*" also crosses '/' there). An excluded directory is not entered at all. Excluded files that an earlier run
 * indexed are deleted like vanished ones: the database follows what the options select.
 */
#ifndef FOLIO_EXCLUDE_H
#define FOLIO_EXCLUDE_H

#include <stddef.h>

typedef struct exclude_list {
    const char **patterns; /* not owned: argv strings */
    size_t n, cap;
} exclude_list;

/* Adds a pattern; -1 when out of memory. */
int exclude_add(exclude_list *list, const char *pattern);
void exclude_free(exclude_list *list);

/* 1 if the entry (its path relative to the root, and its name) is excluded. */
int exclude_match(const exclude_list *list, const char *relative, const char *name);

#endif
