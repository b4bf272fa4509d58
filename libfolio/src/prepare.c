/* prepare.c — see prepare.h and folio.h ("Indexing"). */
#include "prepare.h"

#include "doc.h"
#include "detect.h"
#include "error.h"
#include "language.h"
#include "schema.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* What a document costs a writer until the commit, in bytes: Xapian keeps its postings, positions,
 * term list and data in memory (std::map nodes and encoded strings). Fitted by measuring peak RSS
 * against these counts while indexing Reuters-21578 and the synthetic corpus (bench/indexing). */
#define COST_PER_POSTING 24
#define COST_PER_BYTE 2
#define COST_PER_DOCUMENT 512

struct folio_preparer {
    folio_analyzer *an;
    folio_buf scratch;
    folio_detector *detector; /* folio_preparer_detect_languages, or NULL */
};

int folio_preparer_new(folio_preparer **out, const char *language)
{
    *out = NULL;
    folio_preparer *p = calloc(1, sizeof *p);
    if (!p)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    int rc = folio_analyzer_new(&p->an, language ? language : FOLIO_DEFAULT_LANGUAGE);
    if (rc < 0) {
        free(p);
        return rc;
    }
    *out = p;
    return 0;
}

void folio_preparer_free(folio_preparer *p)
{
    if (!p)
        return;
    folio_analyzer_free(p->an);
    folio_buf_free(&p->scratch);
    folio_detector_free(p->detector);
    free(p);
}

void folio_prepared_free(folio_prepared *doc)
{
    if (!doc)
        return;
    folio_xdoc_free(doc->xdoc);
    free(doc->key_term);
    for (size_t i = 0; i < doc->nkeyword_fields; i++)
        free(doc->keyword_fields[i]);
    free(doc->keyword_fields);
    free(doc);
}

size_t folio_prepared_cost(const folio_prepared *doc)
{
    return doc->cost;
}

/* Keeps the names of the document's keyword fields, which the database records when it stores it. */
static int keep_keyword_fields(folio_prepared *p, const folio_doc *doc)
{
    if (doc->nfields == 0)
        return 0;
    p->keyword_fields = calloc(doc->nfields, sizeof *p->keyword_fields);
    if (!p->keyword_fields)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    for (size_t i = 0; i < doc->nfields; i++) {
        const char *name = doc->fields[i].name;
        if (!(p->keyword_fields[p->nkeyword_fields] = folio_text_copy(name, strlen(name))))
            return folio_error_set(FOLIO_ENOMEM, "out of memory");
        p->nkeyword_fields++;
    }
    return 0;
}

int folio_prepare_with(folio_prepared **out, folio_analyzer *an, folio_buf *scratch, const folio_doc *doc,
                       const char *detected, const folio_origin *origin)
{
    *out = NULL;
    folio_prepared *p = calloc(1, sizeof *p);
    if (!p)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    folio_build_cost cost;
    int rc = folio_xdoc_new(&p->xdoc);
    if (rc >= 0)
        rc = folio_schema_build(p->xdoc, an, doc, detected, origin, scratch, &cost);
    if (rc >= 0) {
        folio_buf_reset(scratch);
        folio_schema_key_term(scratch, doc, origin);
        rc = folio_buf_check(scratch);
    }
    if (rc >= 0 && !(p->key_term = folio_text_copy(scratch->data, scratch->len)))
        rc = folio_error_set(FOLIO_ENOMEM, "out of memory");
    if (rc >= 0)
        rc = keep_keyword_fields(p, doc);
    if (rc < 0) {
        folio_prepared_free(p);
        return rc;
    }
    p->cost = COST_PER_DOCUMENT + cost.postings * COST_PER_POSTING + cost.bytes * COST_PER_BYTE;
    p->is_record = !origin || !origin->root;
    p->record_hash = cost.data_hash;
    *out = p;
    return 0;
}

int folio_preparer_detect_languages(folio_preparer *p)
{
    return p->detector ? 0 : folio_detector_new(&p->detector);
}

int folio_prepare(folio_prepared **out, folio_preparer *p, const folio_doc *doc, const folio_origin *origin)
{
    char tag[FOLIO_DETECTED_TAG_MAX];
    const char *detected = NULL;
    if (p->detector && !folio_language_tag_of_doc(doc)) {
        const char *title = folio_doc_get(doc, "title"), *body = folio_doc_get(doc, "body");
        if (folio_detector_guess_doc(p->detector, title, body, tag, sizeof tag))
            detected = tag;
    }
    return folio_prepare_with(out, p->an, &p->scratch, doc, detected, origin);
}
