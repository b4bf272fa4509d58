/*
 * stopwords.h — words too common to carry meaning in a free-text query ("what", "the", "of").
 *
 * Used only when ranking queries of plain words: documents are indexed with every word, and phrases and
 * operators always match every word they name. Lists exist for English and
 * every other language Snowball has a stop list for (stopwords_snowball.c); the rest have none.
 */
#ifndef FOLIO_STOPWORDS_H
#define FOLIO_STOPWORDS_H

#include <stddef.h>

/* 1 if the folded (unstemmed) word is a stopword of the language. */
int folio_stopword(const char *language, const char *word, size_t len);

#endif
