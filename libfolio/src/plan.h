/*
 * plan.h — turns a parsed query (query.h) into a Xapian query tree (xapian_wrap.h) over folio's schema
 * (schema.h), plus the list of what to highlight in snippets (snippet.h).
 *
 * Every word of the query goes through the database's analyzer, exactly as documents did:
 *  - a WORD or PHRASE whose text gives one term is that term; several terms make a phrase;
 *  - text fields: no field means title or body (a title match adds db->ranking.title_weight times a
 *    body match's weight, see ranking.h);
 *  - a WORD with no word characters at all ("!!!") is dropped from its AND/OR;
 *  - KEYWORD and DATE nodes inside an AND filter without changing the ranking;
 *  - PREFIX expands over the real (folded, unstemmed) words of the index, at most max_expansion
 *    of them in the whole query; `expansion_capped` says when the cap cut an expansion;
 *  - with a synonym list (synonyms.h), a WORD outside quotes that an entry names, or a run of plain
 *    words that one does ("united states"), also matches the entries it stands for: it weighs
 *    FOLIO_SYNONYM_TYPED_SHARE as itself and the rest as one term with them (Xapian's OP_SYNONYM over
 *    it and its synonyms, phrases for entries of several words), so a document holding the words typed
 *    scores more than one holding a synonym instead, other things equal. At most
 *    FOLIO_SYNONYMS_PER_QUERY entries in one query; the words after that keep their own meaning only.
 */
#ifndef FOLIO_PLAN_H
#define FOLIO_PLAN_H

#include "db.h"
#include "query.h"
#include "snippet.h"
#include "synonyms.h"
#include "xapian_wrap.h"

#define FOLIO_DEFAULT_MAX_EXPANSION 1000
#define FOLIO_SYNONYM_TYPED_SHARE 0.5
#define FOLIO_SYNONYMS_PER_QUERY 64

typedef struct folio_plan {
    folio_xquery *query;   /* NULL when the query can match nothing */
    folio_match *matches;  /* what snippets highlight; each match owns its terms */
    size_t nmatches, matches_cap;
    int expansion_capped;
    size_t plain_words; /* for a query of plain words: how many words it ranks by; else 0 */
    /* What ranks a relaxed query of plain words, beyond its words (for --explain): */
    int phrase_boosted;     /* the whole-query phrase boost */
    size_t proximity_pairs; /* neighbouring word pairs given proximity components */
    size_t feedback_terms;  /* pseudo-relevance feedback terms (set by execute.c) */
    unsigned feedback_docs; /* the top documents they were taken from */
    char *synonyms_used;    /* for --explain: "usa: united states, u.s.; nyc: new york", or NULL */
    char *languages_used;   /* for --explain, the words read in several languages of a mixed index with
                             * their stems in each: "chanteuses: english chanteus, french chanteu", or NULL */
    int synonyms_capped;    /* words were left without their synonyms (FOLIO_SYNONYMS_PER_QUERY) */
} folio_plan;

typedef struct folio_plan_options {
    unsigned max_expansion;
    /* For a query of plain words (folio_query_is_plain): match documents holding any of the words,
     * ranked by BM25, instead of all of them. No effect on other queries. */
    int relaxed;
    /* Field boosts (boosts.h: field[folio_boosts_field_index(f)]): each field's matches weigh that many
     * times their default weight. NULL: none. */
    const double *field_boost;
    /* The synonym list to apply (synonyms.h); NULL: none. */
    const folio_synonyms *synonyms;
    /* Only documents in this language (folio_search_options.language), its words read in it; NULL: all. */
    const char *language;
} folio_plan_options;

/* Builds the plan for `root` (may be NULL: an empty query). On success the caller owns *out and clears
 * it with folio_plan_clear.
 * A query of plain words drops its stopwords (stopwords.h) unless it has nothing else (or
 * ranking.drop_stopwords is 0); then its words are required (AND) or, relaxed, optional (OR), with the
 * whole-query phrase boost and proximity components of ranking.h. */
int folio_plan_build(folio_plan *out, folio_db *db, const folio_qnode *root, const folio_plan_options *opts);
void folio_plan_clear(folio_plan *plan);

/* Adds a stemmed term (copied) for snippets to highlight, to a plan made otherwise (similar.h). */
int folio_plan_add_term_match(folio_plan *plan, const char *term, size_t len);

#endif
