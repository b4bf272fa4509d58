/* stopwords.c — see stopwords.h. The English list is Snowball's English stop list (folded, so "don't"
 * keeps its apostrophe); the other languages' are Snowball's too (stopwords_snowball.c). */
#include "stopwords.h"

#include "analyzer.h"
#include "stopwords_snowball.h"

#include <stdlib.h>
#include <string.h>

static const char *const english[] = {
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "aren't", "as",
    "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can't",
    "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't", "doing", "don't", "down",
    "during", "each", "few", "for", "from", "further", "had", "hadn't", "has", "hasn't", "have", "haven't",
    "having", "he", "he'd", "he'll", "he's", "her", "here", "here's", "hers", "herself", "him", "himself",
    "his", "how", "how's", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't", "it",
    "it's", "its", "itself", "let's", "me", "more", "most", "mustn't", "my", "myself", "no", "nor", "not",
    "of", "off", "on", "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over",
    "own", "same", "shan't", "she", "she'd", "she'll", "she's", "should", "shouldn't", "so", "some", "such",
    "than", "that", "that's", "the", "their", "theirs", "them", "themselves", "then", "there", "there's",
    "these", "they", "they'd", "they'll", "they're", "they've", "this", "those", "through", "to", "too",
    "under", "until", "up", "very", "was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "were",
    "weren't", "what", "what's", "when", "when's", "where", "where's", "which", "while", "who", "who's",
    "whom", "why", "why's", "with", "won't", "would", "wouldn't", "you", "you'd", "you'll", "you're",
    "you've", "your", "yours", "yourself", "yourselves",
};

static int compare_word(const void *key, const void *entry)
{
    return strcmp(key, *(const char *const *)entry);
}

/* The sorted list of the language; NULL when it has none. */
static const char *const *stop_list(const char *language, size_t *n)
{
    if (strcmp(language, "english") == 0 || strcmp(language, "en") == 0 || strcmp(language, "porter") == 0) {
        *n = sizeof english / sizeof english[0];
        return english;
    }
    for (const folio_stop_list *l = folio_snowball_stop_lists; l->language; l++)
        if (strcmp(l->language, language) == 0) {
            *n = l->n;
            return l->words;
        }
    return NULL;
}

int folio_stopword(const char *language, const char *word, size_t len)
{
    size_t n;
    const char *const *list = stop_list(language, &n);
    char key[FOLIO_MAX_WORD_BYTES + 1];
    if (!list || len >= sizeof key)
        return 0;
    memcpy(key, word, len);
    key[len] = '\0';
    return bsearch(key, list, n, sizeof list[0], compare_word) != NULL;
}
