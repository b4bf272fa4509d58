/*
 * ranking.h — the parameters of how queries of plain words are ranked (README "Ranking"), in one place.
 *
 * folio_ranking_defaults are the shipped values, compiled in and chosen on every judged collection at
 * once (bench/eval). A database handle carries a copy (folio_db.ranking) that folio_db_set_ranking()
 * may override by name for experiments, so that bench/eval can try values without recompiling; nothing
 * else changes them.
 *
 * Every component stays built from Xapian's own weighting schemes and operators, so a query ranks the
 * same over one database and over remote shards.
 */
#ifndef FOLIO_RANKING_H
#define FOLIO_RANKING_H

#include <stddef.h>

typedef struct folio_ranking {
    /* BM25 (Xapian's BM25Weight, or BM25PlusWeight when bm25plus_delta > 0). */
    double k1, b, bm25plus_delta;
    /* For experiments: another of Xapian's weighting schemes instead of BM25 (folio_xscheme), with its
     * parameter (DFR's c, or LM's Dirichlet mu; 0: Xapian's default). */
    unsigned scheme;
    double scheme_param;
    /* A word's title occurrences: title_weight times a body match's weight, added on top of it. */
    double title_weight;
    /* BM25F-style (title_synonym 1): a word's title and body occurrences count as one term (Xapian's
     * OP_SYNONYM: their frequencies summed, one IDF), title_weight then adding the title's on top. */
    int title_synonym;
    /* The whole-query phrase boost of a relaxed query, relative to the words' own weight (0: none). */
    double phrase_boost;
    /* Sequential-dependence proximity, for relaxed queries of at least prox_min_words content words:
     * each pair of neighbouring words adds prox_ordered times its weight where the two occur in order
     * and adjacent, and prox_unordered times where they occur within prox_window positions in any
     * order (0: no such component). */
    double prox_ordered, prox_unordered;
    unsigned prox_window, prox_min_words;
    /* Pseudo-relevance feedback for relaxed queries of at least prf_min_words content words and
     * prf_min_matches matches: the prf_terms best terms of the top prf_docs documents (Xapian's ESet,
     * Bo1 when prf_bo1, else Xapian's default "trad" scheme), each weighed prf_alpha times its expansion
     * weight relative to the best term's. They only re-rank (AND_MAYBE). prf_docs 0: no feedback. */
    unsigned prf_docs, prf_terms, prf_min_words, prf_min_matches;
    double prf_alpha;
    int prf_bo1;
    /* Only top documents weighing at least prf_min_share of the first one's feed back (0: all prf_docs):
     * a query whose best match stands far above the next ones (one relevant document) learns from it. */
    double prf_min_share;
    /* Feedback terms that are stopwords ("for", "which") are skipped. */
    int prf_skip_stopwords;
    /* A word given n times in the query weighs n times (repeat_power 1), sqrt(n) times (0.5) or once (0). */
    double repeat_power;
    /* Stopwords dropped from queries of plain words (unless nothing else is left). */
    int drop_stopwords;
    /* A query of plain words is relaxed to any of its words when fewer documents hold them all. */
    unsigned relax_below;
} folio_ranking;

extern const folio_ranking folio_ranking_defaults;

/* Applies "name=value[,name=value...]" (names as the fields above) to *r. FOLIO_EINVALID, naming the
 * culprit, for an unknown name or a value that is not a number in range; *r is then unchanged. */
int folio_ranking_parse(folio_ranking *r, const char *spec);

/* The weight of a word repeated `copies` times in the query, relative to one copy. */
double folio_ranking_repeat_weight(const folio_ranking *r, unsigned copies);

#endif
