/*
 * plan.h — turns a parsed query (query.h) into a Xapian query tree (xapian_wrap.h) over folio's schema
 * (schema.h), plus the list of what to highlight in snippets (snippet.h).
 *
 * Every word of the query goes through the database's analyzer, exactly as documents did:
 *  - a WORD or PHRASE whose text gives one term is that term; several terms make a phrase;
 *  - text fields: no field means title or body (title terms weigh FOLIO_TITLE_WEIGHT times more);
 *  - a WORD with no word characters at all ("!!!") is dropped from its AND/OR;
 *  - KEYWORD and DATE nodes inside an AND filter without changing the ranking;
 *  - PREFIX expands over the real (folded, unstemmed) words of the index, at most max_expansion
 *    of them in the whole query; `expansion_capped` says when the cap cut an expansion.
 */
#ifndef FOLIO_PLAN_H
#define FOLIO_PLAN_H

#include "db.h"
#include "query.h"
#include "snippet.h"
#include "xapian_wrap.h"

#define FOLIO_TITLE_WEIGHT 2.0
#define FOLIO_DEFAULT_MAX_EXPANSION 1000

typedef struct folio_plan {
    folio_xquery *query;   /* NULL when the query can match nothing */
    folio_match *matches;  /* what snippets highlight; each match owns its terms */
    size_t nmatches, matches_cap;
    int expansion_capped;
} folio_plan;

/* Builds the plan for `root` (may be NULL: an empty query). On success the caller owns *out and clears
 * it with folio_plan_clear. */
int folio_plan_build(folio_plan *out, folio_db *db, const folio_qnode *root, unsigned max_expansion);
void folio_plan_clear(folio_plan *plan);

#endif
