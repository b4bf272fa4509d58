/*
 * suggest.h — words for a search box: completions of the word being typed (folio_suggest in folio.h)
 * and did-you-mean corrections of a query that found little.
 */
#ifndef FOLIO_SUGGEST_H
#define FOLIO_SUGGEST_H

#include "db.h"
#include "synonyms.h"

/* The query text with each plain word the index does not hold replaced by its spelling correction.
 * *out is malloc'd, or NULL when no word changed. Words written with syntax (field:value, operators,
 * prefixes) are left as they are, and so are words the synonym list `synonyms` (may be NULL) names:
 * they found their synonyms. */
int folio_didyoumean(char **out, folio_db *db, const char *query, const folio_synonyms *synonyms);

#endif
