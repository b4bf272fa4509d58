/*
 * boosts.h — recency and field boosts (README "Recency and field boosts"): what a database stores as its
 * setting (FOLIO_META_RECENCY, FOLIO_META_BOOST) and a query may override.
 *
 * Recency: a document's relevance is multiplied by 0.5^(age / half_life), age = now - its date (0 for a
 * date in the future); an undated document's factor is 0, so it follows every dated one. Field boosts:
 * a word's (or phrase's) matches in a text field weigh field[i] times what they weigh by default.
 * Both are parsed from short texts: "30d" (a half-life: a number and s, m, h, d, w or y; "off" or 0 for
 * none) and "title=2,author=0.5" (text fields by name, weights from 0 to FOLIO_BOOST_MAX). A parse error
 * is FOLIO_EINVALID naming the culprit, and leaves *out unchanged.
 */
#ifndef FOLIO_BOOSTS_H
#define FOLIO_BOOSTS_H

#include "schema.h"

#define FOLIO_META_RECENCY "folio.recency" /* the half-life as given ("30d"); unset: none */
#define FOLIO_META_BOOST "folio.boost"     /* field boosts as given ("title=2"); unset: none */

#define FOLIO_BOOST_MAX 100.0
/* The longest half-life: a thousand years, in seconds. */
#define FOLIO_HALF_LIFE_MAX (1000.0 * 365 * 86400)
/* Recency re-ranks this many of the best hits by relevance (more when a page reaches deeper): a
 * document below them never rises above them, however new (README "Recency and field boosts"). */
#define FOLIO_RECENCY_DEPTH 1000
/* Longest text of either setting. */
#define FOLIO_BOOST_SPEC_MAX 256

typedef struct folio_boosts {
    double half_life;                     /* seconds; 0: no recency */
    double field[FOLIO_TEXT_FIELD_COUNT]; /* by folio_boosts_field_index; 1: as by default */
} folio_boosts;

extern const folio_boosts folio_boosts_none;

/* "30d", "12h", "off"... into *out_seconds (0 for off). */
int folio_recency_parse(double *out_seconds, const char *spec);

/* "title=2,body=0.5" into out->field (fields not named keep their value). */
int folio_boost_parse(folio_boosts *out, const char *spec);

/* The position of a text field in folio_boosts.field. */
int folio_boosts_field_index(folio_text_field f);

/* The name of the text field at `index` of folio_boosts.field ("body", "title", ...). */
const char *folio_boosts_field_name(int index);

/* The natural log of the recency factor of a document `age` seconds old (a negative age counts as 0):
 * -ln 2 x age / half_life. Kept in log space, where a factor too small for a double still orders. */
double folio_recency_log_factor(double age, double half_life);

#endif
