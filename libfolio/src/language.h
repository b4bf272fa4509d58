/*
 * language.h — the languages documents say they are in (BCP 47 tags: "fr", "fr-CA", "pt_BR", "zh-Hans")
 * and the Snowball stemmers that analyze them (analyzer.h).
 *
 * A document's language is the first value of its keyword field `lang` (else `language`): what JSON
 * Lines `lang`, front matter `lang:` and HTML `<html lang>` give. A tag is read by its primary subtag
 * (ISO 639-1 or 639-2, any case, up to the first '-' or '_'; of a list, the first); a Snowball name ("french") is read as
 * itself. A language Snowball has no stemmer for (zh, ja, ko, th, ...) has no analysis language of its
 * own: its documents are analyzed in the database's language, whose stemmer only ever touches their
 * words in Latin, Greek or Cyrillic letters (scripts without spaces are segmented in every language).
 */
#ifndef FOLIO_LANGUAGE_H
#define FOLIO_LANGUAGE_H

#include "folio.h"

#include <stddef.h>

/* The keyword fields a document's language is read from, in order. */
#define FOLIO_LANGUAGE_FIELD "lang"
#define FOLIO_LANGUAGE_FIELD_ALT "language"

/* The Snowball language (a static string) a tag or name of `len` bytes stands for, or NULL when no
 * stemmer knows it. */
const char *folio_language_of_tag(const char *tag, size_t len);

/* The ISO 639-1 code (a static string) of a Snowball language ("english" and "porter": "en"), or NULL
 * for "none" and any name it does not know. */
const char *folio_language_code(const char *language);

/* The tag a document gives for its language (the first value of FOLIO_LANGUAGE_FIELD, else of
 * FOLIO_LANGUAGE_FIELD_ALT), owned by the document, or NULL. */
const char *folio_language_tag_of_doc(const folio_doc *doc);

/* The Snowball language to analyze a document in: its tag's, else `fallback` (the database's). */
const char *folio_language_of_doc(const folio_doc *doc, const char *fallback);

/* The length of a tag's primary subtag (up to the first '-' or '_'; a list, "de, en" as
 * Content-Language may give, is read by its first). */
size_t folio_language_primary_len(const char *tag, size_t len);

#endif
