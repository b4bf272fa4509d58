/*
 * prepare.h — documents analyzed ahead of storing (folio.h "Indexing": folio_preparer, folio_prepared).
 *
 * Analysis and the building of the Xapian document are most of the work of indexing and need nothing
 * from the database but its language, so they run in any thread (Xapian::Document objects are
 * independent of any database); only storing the result belongs to the thread that owns the database.
 */
#ifndef FOLIO_PREPARE_H
#define FOLIO_PREPARE_H

#include "analyzer.h"
#include "buf.h"
#include "folio.h"
#include "xapian_wrap.h"

struct folio_prepared {
    folio_xdoc *xdoc;
    char *key_term;        /* the unique key term (schema.h) */
    char **keyword_fields; /* distinct keyword field names of the document */
    size_t nkeyword_fields;
    size_t cost; /* folio_prepared_cost() */
    int is_record;        /* prepared without a file's origin: keyed by its id */
    uint64_t record_hash; /* a record's state hash (folio_doc_hash of what it was prepared from) */
};

/* Prepares doc with an analyzer and scratch space the caller owns (folio_db_put uses the database's);
 * `detected`: folio_schema_build's. */
int folio_prepare_with(folio_prepared **out, folio_analyzer *an, folio_buf *scratch, const folio_doc *doc,
                       const char *detected, const folio_origin *origin);

#endif
