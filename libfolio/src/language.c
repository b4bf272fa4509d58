/* language.c — BCP 47 tags to Snowball stemmers (language.h). */
#include "language.h"

#include <string.h>
#include <strings.h>

typedef struct language_name {
    const char *language; /* Snowball's name */
    const char *code;     /* ISO 639-1 */
    const char *aliases;  /* other primary subtags: ISO 639-2/B and /T, and 639-1 variants; space-separated */
} language_name;

/* Every language of Debian 12's libstemmer (2.2) but "porter", which is English. */
static const language_name languages[] = {
    {"arabic", "ar", "ara"},       {"armenian", "hy", "hye arm"}, {"basque", "eu", "eus baq"},
    {"catalan", "ca", "cat"},      {"danish", "da", "dan"},       {"dutch", "nl", "nld dut"},
    {"english", "en", "eng"},      {"finnish", "fi", "fin"},      {"french", "fr", "fra fre"},
    {"german", "de", "deu ger"},   {"greek", "el", "ell gre"},    {"hindi", "hi", "hin"},
    {"hungarian", "hu", "hun"},    {"indonesian", "id", "ind in"}, {"irish", "ga", "gle"},
    {"italian", "it", "ita"},      {"lithuanian", "lt", "lit"},   {"nepali", "ne", "nep"},
    {"norwegian", "no", "nor nb nob nn nno"}, {"portuguese", "pt", "por"}, {"romanian", "ro", "ron rum mo"},
    {"russian", "ru", "rus"},      {"serbian", "sr", "srp"},      {"spanish", "es", "spa"},
    {"swedish", "sv", "swe"},      {"tamil", "ta", "tam"},        {"turkish", "tr", "tur"},
    {"yiddish", "yi", "yid ji"},
};
#define NLANGUAGES (sizeof languages / sizeof languages[0])

size_t folio_language_primary_len(const char *tag, size_t len)
{
    size_t n = 0;
    while (n < len && tag[n] != '-' && tag[n] != '_' && tag[n] != ',' && tag[n] != ' ')
        n++;
    return n;
}

/* Whether the space-separated `list` holds the word s[0..n) (ASCII case ignored). */
static int listed(const char *list, const char *s, size_t n)
{
    for (const char *p = list; *p;) {
        size_t w = strcspn(p, " ");
        if (w == n && strncasecmp(p, s, n) == 0)
            return 1;
        p += w + (p[w] == ' ');
    }
    return 0;
}

const char *folio_language_of_tag(const char *tag, size_t len)
{
    size_t n = folio_language_primary_len(tag, len);
    if (n == len && n == strlen("porter") && strncasecmp(tag, "porter", n) == 0)
        return "porter";
    for (size_t i = 0; i < NLANGUAGES; i++) {
        const language_name *l = &languages[i];
        if ((n == len && strlen(l->language) == n && strncasecmp(tag, l->language, n) == 0) ||
            (strlen(l->code) == n && strncasecmp(tag, l->code, n) == 0) || listed(l->aliases, tag, n))
            return l->language;
    }
    return NULL;
}

const char *folio_language_code(const char *language)
{
    if (strcmp(language, "porter") == 0)
        return "en";
    for (size_t i = 0; i < NLANGUAGES; i++)
        if (strcmp(languages[i].language, language) == 0)
            return languages[i].code;
    return NULL;
}

const char *folio_language_tag_of_doc(const folio_doc *doc)
{
    const char *tag = folio_doc_get(doc, FOLIO_LANGUAGE_FIELD);
    return tag ? tag : folio_doc_get(doc, FOLIO_LANGUAGE_FIELD_ALT);
}

const char *folio_language_of_doc(const folio_doc *doc, const char *fallback)
{
    const char *tag = folio_language_tag_of_doc(doc);
    const char *language = tag ? folio_language_of_tag(tag, strlen(tag)) : NULL;
    return language ? language : fallback;
}
