/* exclude.c — see exclude.h. */
#include "exclude.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

int exclude_add(exclude_list *list, const char *pattern)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 4;
        const char **p = realloc(list->patterns, cap * sizeof *p);
        if (!p)
            return -1;
        list->patterns = p;
        list->cap = cap;
    }
    list->patterns[list->n++] = pattern;
    return 0;
}

void exclude_free(exclude_list *list)
{
    free(list->patterns);
    list->patterns = NULL;
    list->n = list->cap = 0;
}

int exclude_match(const exclude_list *list, const char *relative, const char *name)
{
    for (size_t i = 0; i < list->n; i++) {
        const char *p = list->patterns[i];
        if (fnmatch(p, strchr(p, '/') ? relative : name, 0) == 0)
            return 1;
    }
    return 0;
}
