/* stopwords_snowball.h — the stop lists of Snowball's languages other than English (generated:
 * stopwords_snowball.c), for stopwords.c. */
#ifndef FOLIO_STOPWORDS_SNOWBALL_H
#define FOLIO_STOPWORDS_SNOWBALL_H

#include <stddef.h>

typedef struct folio_stop_list {
    const char *language; /* libstemmer's name */
    const char *const *words; /* folded, sorted by byte value */
    size_t n;
} folio_stop_list;

/* Ends with an entry whose language is NULL. */
extern const folio_stop_list folio_snowball_stop_lists[];

#endif
