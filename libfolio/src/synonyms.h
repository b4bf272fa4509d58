/*
 * synonyms.h — a database's synonym list (README "Synonyms"): read from the file folio-index --synonyms
 * takes, kept in the database's metadata as canonical text, and looked up by queries (plan.c).
 *
 * The file, one rule per line (blank lines and lines starting with '#' are skipped):
 *   usa, united states, u.s.     two-way: a query for any entry also matches the others
 *   nyc, big apple => new york   one-way: a query for an entry on the left also matches those on the right
 * An entry is words as a query would hold them; one of several words matches as a phrase. Rules apply
 * one step only ("a => b" and "b => c": a query for a matches b, not c), so cycles are harmless.
 * Entries are compared by their stems under the database's analyzer ("States" and "state" are one).
 *
 * Every bound below is a limit on what is stored; a list over one is refused whole, naming its line
 * (FOLIO_EINVALID), so a bad file never replaces a good list.
 */
#ifndef FOLIO_SYNONYMS_H
#define FOLIO_SYNONYMS_H

#include "analyzer.h"
#include "buf.h"
#include "folio.h" /* FOLIO_SYNONYMS_MAX_BYTES: the whole list */

#include <stddef.h>

#define FOLIO_SYNONYMS_MAX_LINE 4096         /* bytes of one rule */
#define FOLIO_SYNONYMS_MAX_ENTRIES 32        /* entries of one rule */
#define FOLIO_SYNONYMS_MAX_WORDS 8           /* words of one entry */
/* Entries one query word (or run of words) is read as at most, beside itself: the first in the list. */
#define FOLIO_SYNONYMS_MAX_PER_WORD 16

typedef struct folio_synonyms folio_synonyms;

/* An entry of a rule, owned by its folio_synonyms. */
typedef struct folio_synonym {
    const char *text;  /* as the list has it, white space runs made one space */
    const char *stems; /* its stems, separated by single spaces */
    size_t words;      /* how many stems */
} folio_synonym;

/* Reads a list (text[0..len), a file's content) with analyzer `an`. On success *out holds it (free it
 * with folio_synonyms_free; it does not refer to `text`); an empty list (no rules) is a valid one.
 * FOLIO_EINVALID "synonym list, line N: ..." for: bytes that are not UTF-8, a line over
 * FOLIO_SYNONYMS_MAX_LINE bytes, more than one "=>", an empty entry or side, an entry without words
 * or of over FOLIO_SYNONYMS_MAX_WORDS, over FOLIO_SYNONYMS_MAX_ENTRIES entries, a rule of fewer than
 * two different entries, a list over FOLIO_SYNONYMS_MAX_BYTES. `an` is used only during the call. */
int folio_synonyms_parse(folio_synonyms **out, folio_analyzer *an, const char *text, size_t len);
void folio_synonyms_free(folio_synonyms *s);

/* The number of rules. */
size_t folio_synonyms_rules(const folio_synonyms *s);
/* Appends the list as canonical text (one rule per line, as folio_synonyms_parse reads it, the same
 * rules) to `out`; the caller checks `out` for allocation failure. */
void folio_synonyms_canonical(const folio_synonyms *s, folio_buf *out);
/* The most words of an entry that a query can name (a two-way entry, or the left of a one-way rule). */
size_t folio_synonyms_longest(const folio_synonyms *s);

/* What a query naming the entry with these stems (separated by single spaces) also matches: up to `max`
 * entries in `out` (distinct, never the entry itself), in the order of the list. Returns how many;
 * with max 0 (out may then be NULL), 1 if there is any, else 0. */
size_t folio_synonyms_find(const folio_synonyms *s, const char *stems, size_t len, const folio_synonym **out,
                           size_t max);

#endif
