/* similar.c — the plan of articles like one (see similar.h). */
#include "similar.h"

#include "error.h"
#include "expansion.h"
#include "schema.h"

#include <stdlib.h>
#include <string.h>

typedef struct similar_ctx {
    folio_expansion terms;
    folio_plan *plan;
} similar_ctx;

/* Keeps an expansion term for the query, and for snippets to highlight. */
static int add_term(void *ctx, const char *term, size_t len, double weight)
{
    similar_ctx *c = ctx;
    size_t before = c->terms.n;
    int rc = folio_expansion_add(&c->terms, term, len, weight);
    if (rc >= 0 && c->terms.n > before)
        rc = folio_plan_add_term_match(c->plan, term, len);
    return rc;
}

/* Makes in `term` the key term of the document with that id, as folio_db_get finds it: the record's id
 * term, else the term of files shown with that id. */
static int find_key_term(folio_buf *term, folio_db *db, const char *id)
{
    void (*const makers[])(folio_buf *, const char *, size_t) = {folio_schema_id_term, folio_schema_path_term};
    for (size_t i = 0; i < sizeof makers / sizeof makers[0]; i++) {
        uint64_t holders = 0;
        folio_buf_reset(term);
        makers[i](term, id, strlen(id));
        int rc = folio_buf_check(term);
        if (rc >= 0)
            rc = folio_xdb_term_freq(db->x, term->data, term->len, &holders);
        if (rc < 0 || holders > 0)
            return rc;
    }
    return folio_error_set(FOLIO_ENOTFOUND, "no document with id '%s'", id);
}

int folio_similar_plan(folio_plan *out, folio_db *db, const char *id)
{
    memset(out, 0, sizeof *out);
    folio_buf key = FOLIO_BUF_INIT;
    similar_ctx c = {.plan = out};
    int rc = find_key_term(&key, db, id);
    if (rc >= 0)
        rc = folio_expansion_init(&c.terms, FOLIO_SIMILAR_TERMS, db->language);
    folio_xrun_options run = {0};
    /* Twice the candidates: room for the stopwords skipped among them. */
    if (rc >= 0)
        rc = folio_xdb_expand_document(db->x, key.data, &run, 2 * FOLIO_SIMILAR_TERMS, add_term, &c);
    char *dup = NULL;
    size_t dup_len = 0;
    if (rc >= 0 && c.terms.n)
        rc = folio_xdb_get_value(db->x, key.data, FOLIO_SLOT_DUPLICATE, &dup, &dup_len);
    if (rc >= 0 && c.terms.n) {
        /* Left out: the document, and its near-duplicates (the same story republished). */
        folio_buf dup_term = FOLIO_BUF_INIT;
        folio_buf_printf(&dup_term, "%s%s", FOLIO_DUPLICATE_TERM_PREFIX, dup);
        folio_xquery *parts[3] = {folio_expansion_query(&c.terms, 1.0), folio_xquery_term(key.data, key.len),
                                  dup_len ? folio_xquery_term(dup_term.data, dup_term.len) : NULL};
        rc = folio_buf_check(&dup_term);
        out->query = folio_xquery_combine(FOLIO_XOP_AND_NOT, parts, dup_len ? 3 : 2, 0);
        folio_buf_free(&dup_term);
        if (rc >= 0 && !out->query)
            rc = FOLIO_ENOMEM; /* the constructor that failed said so */
    }
    free(dup);
    folio_expansion_free(&c.terms);
    folio_buf_free(&key);
    if (rc < 0)
        folio_plan_clear(out);
    return rc;
}
