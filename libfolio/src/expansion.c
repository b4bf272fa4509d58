/* expansion.c — expansion terms made into a weighted OR query (see expansion.h). */
#include "expansion.h"

#include "error.h"
#include "stopwords.h"

#include <stdlib.h>

int folio_expansion_init(folio_expansion *e, size_t max, const char *stop_language)
{
    *e = (folio_expansion){calloc(max ? max : 1, sizeof *e->terms), calloc(max ? max : 1, sizeof *e->weights), 0,
                           max, stop_language};
    if (!e->terms || !e->weights) {
        folio_expansion_free(e);
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    }
    return 0;
}

int folio_expansion_add(void *expansion, const char *term, size_t len, double weight)
{
    folio_expansion *e = expansion;
    if (e->n == e->cap)
        return 0;
    /* A stopword's stem is mostly the word itself ("for", "which"): frequent everywhere, it says
     * nothing about what a document is about. */
    if (e->stop_language && folio_stopword(e->stop_language, term, len))
        return 0;
    folio_xquery *q = folio_xquery_term(term, len);
    if (!q)
        return FOLIO_ENOMEM;
    e->terms[e->n] = q;
    e->weights[e->n++] = weight;
    return 0;
}

folio_xquery *folio_expansion_query(folio_expansion *e, double alpha)
{
    if (e->n == 0)
        return NULL;
    for (size_t i = 0; i < e->n; i++)
        e->terms[i] = folio_xquery_scale(e->terms[i], alpha * e->weights[i] / e->weights[0]);
    folio_xquery *q = e->n == 1 ? e->terms[0] : folio_xquery_combine(FOLIO_XOP_OR, e->terms, e->n, 0);
    e->n = 0;
    if (!q)
        folio_error_set(FOLIO_ENOMEM, "out of memory");
    return q;
}

void folio_expansion_free(folio_expansion *e)
{
    for (size_t i = 0; i < e->n; i++)
        folio_xquery_free(e->terms[i]);
    free(e->terms);
    free(e->weights);
    *e = (folio_expansion){0};
}
