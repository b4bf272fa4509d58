/* boosts.c — see boosts.h. */
#include "boosts.h"

#include "error.h"
#include "folio.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const folio_boosts folio_boosts_none = {0, {1, 1, 1, 1}};

static const folio_text_field fields[FOLIO_TEXT_FIELD_COUNT] = {FOLIO_TEXT_BODY, FOLIO_TEXT_TITLE, FOLIO_TEXT_AUTHOR,
                                                                FOLIO_TEXT_URL};
static const char *const field_names[FOLIO_TEXT_FIELD_COUNT] = {"body", "title", "author", "url"};

int folio_boosts_field_index(folio_text_field f)
{
    for (int i = 0; i < FOLIO_TEXT_FIELD_COUNT; i++)
        if (fields[i] == f)
            return i;
    return 0;
}

const char *folio_boosts_field_name(int index)
{
    return index >= 0 && index < FOLIO_TEXT_FIELD_COUNT ? field_names[index] : "";
}

static const struct {
    char unit;
    double seconds;
} units[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 7 * 86400}, {'y', 365 * 86400}};

int folio_recency_parse(double *out_seconds, const char *spec)
{
    if (!spec)
        return folio_error_set(FOLIO_EINVALID, "recency: no half-life given");
    if (strcmp(spec, "off") == 0 || strcmp(spec, "0") == 0) {
        *out_seconds = 0;
        return 0;
    }
    size_t len = strlen(spec);
    if (len < 2 || len > 32)
        return folio_error_set(FOLIO_EINVALID, "recency: '%.40s' is not a half-life such as 30d, 12h or off", spec);
    double unit = 0;
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (spec[len - 1] == units[i].unit)
            unit = units[i].seconds;
    char number[40];
    memcpy(number, spec, len - 1);
    number[len - 1] = '\0';
    char *end;
    errno = 0;
    double v = strtod(number, &end);
    if (!unit || *end || errno || !(v > 0) || v * unit > FOLIO_HALF_LIFE_MAX || number[0] == ' ')
        return folio_error_set(FOLIO_EINVALID,
                               "recency: '%s' is not a half-life such as 30d, 12h or off (a positive number, then "
                               "s, m, h, d, w or y; at most 1000 years)",
                               spec);
    *out_seconds = v * unit;
    return 0;
}

/* One "name=weight" of a boost spec into field[]. */
static int set_boost(double field[FOLIO_TEXT_FIELD_COUNT], const char *item, size_t len)
{
    const char *eq = memchr(item, '=', len);
    size_t nlen = eq ? (size_t)(eq - item) : len;
    int index = -1;
    for (int i = 0; i < FOLIO_TEXT_FIELD_COUNT; i++)
        if (strlen(field_names[i]) == nlen && memcmp(field_names[i], item, nlen) == 0)
            index = i;
    if (index < 0)
        return folio_error_set(FOLIO_EINVALID, "boost: '%.*s' is not a text field (body, title, author or url)",
                               (int)(nlen > 40 ? 40 : nlen), item);
    char value[40];
    size_t vlen = eq ? len - nlen - 1 : 0;
    if (!eq || vlen == 0 || vlen >= sizeof value)
        return folio_error_set(FOLIO_EINVALID, "boost: %s needs a weight (%s=2)", field_names[index],
                               field_names[index]);
    memcpy(value, eq + 1, vlen);
    value[vlen] = '\0';
    char *end;
    errno = 0;
    double v = strtod(value, &end);
    if (*end || errno || !(v >= 0 && v <= FOLIO_BOOST_MAX) || value[0] == ' ')
        return folio_error_set(FOLIO_EINVALID, "boost: %s takes a weight from 0 to %g, not '%s'", field_names[index],
                               FOLIO_BOOST_MAX, value);
    field[index] = v;
    return 0;
}

int folio_boost_parse(folio_boosts *out, const char *spec)
{
    if (!spec)
        return folio_error_set(FOLIO_EINVALID, "boost: no field weights given");
    if (strlen(spec) > FOLIO_BOOST_SPEC_MAX)
        return folio_error_set(FOLIO_EINVALID, "boost: longer than %d bytes", FOLIO_BOOST_SPEC_MAX);
    double field[FOLIO_TEXT_FIELD_COUNT];
    memcpy(field, out->field, sizeof field);
    while (*spec) {
        const char *comma = strchr(spec, ',');
        size_t len = comma ? (size_t)(comma - spec) : strlen(spec);
        int rc = set_boost(field, spec, len);
        if (rc < 0)
            return rc;
        spec += len + (comma != NULL);
    }
    memcpy(out->field, field, sizeof field);
    return 0;
}

double folio_recency_log_factor(double age, double half_life)
{
    return age > 0 ? -log(2.0) * age / half_life : 0;
}
