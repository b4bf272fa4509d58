/*
 * similar.h — the plan of "articles like this one" (folio_search_like, folio.h).
 *
 * The document's own body terms are weighed by Xapian's expand set over a relevance set of that one
 * document (folio_xdb_expand_document: a term weighs more the more often the document uses it and the
 * rarer it is in the index); the FOLIO_SIMILAR_TERMS best, stopwords left out, are OR-ed, each weighed by
 * its expansion weight relative to the best one's, and BM25 ranks the other documents by them. The
 * document itself, any other shown with its id (files of several roots) and its near-duplicates
 * (duplicate.h) are left out (AND_NOT its key term and its XH term), so over shards no docid needs mapping
 * back. Snippets highlight the terms.
 */
#ifndef FOLIO_SIMILAR_H
#define FOLIO_SIMILAR_H

#include "db.h"
#include "plan.h"

/* Expansion terms the query of a document is made of. On Reuters (bench/related/run.sh, README "Related
 * articles") the share of the top 10 that share a topic with the story was 55% with 10, 63% with 20, 66%
 * with 40 and 68% with 80 terms. */
#define FOLIO_SIMILAR_TERMS 40

/* Builds into *out the plan of the documents like the one with that id: the record with that id, else
 * the first file shown with it (as folio_db_get finds it). FOLIO_ENOTFOUND when there is none. A
 * document without body terms gives a plan that matches nothing (out->query NULL). The caller owns *out
 * (folio_plan_clear), which is empty on failure. */
int folio_similar_plan(folio_plan *out, folio_db *db, const char *id);

#endif
