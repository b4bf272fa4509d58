/*
 * expansion.h — expansion terms (Xapian's ESet, folio_xdb_expand and folio_xdb_expand_document) made
 * into a query: each term weighed by its expansion weight relative to the best term's, OR-ed. Pseudo-
 * relevance feedback (execute.c) and articles like one (similar.h) both rank with such a query.
 */
#ifndef FOLIO_EXPANSION_H
#define FOLIO_EXPANSION_H

#include "xapian_wrap.h"

#include <stddef.h>

typedef struct folio_expansion {
    folio_xquery **terms; /* owned, best first */
    double *weights;
    size_t n, cap;
    const char *stop_language; /* skip stopwords of this language (NULL: keep every term) */
} folio_expansion;

/* Room for at most `max` terms (stopwords of stop_language, which may be NULL, left out). */
int folio_expansion_init(folio_expansion *e, size_t max, const char *stop_language);

/* A folio_xexpand_cb: keeps the term unless it is a stopword or there is no room left. Terms must come
 * best first. */
int folio_expansion_add(void *expansion, const char *term, size_t len, double weight);

/* The OR of the terms kept, term i weighed alpha x weights[i] / weights[0] (NULL when none was kept, or
 * out of memory: then the error is set). The terms go into the query. */
folio_xquery *folio_expansion_query(folio_expansion *e, double alpha);

void folio_expansion_free(folio_expansion *e);

#endif
