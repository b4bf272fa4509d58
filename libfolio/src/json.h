/*
 * json.h — a small, strict JSON parser (RFC 8259) for JSON Lines input.
 *
 * The whole value is parsed into a tree the caller owns (free it with folio_json_free). Strings are
 * decoded (escapes resolved, \u surrogate pairs joined; a lone surrogate or \u0000 becomes U+FFFD) and
 * NUL-terminated; raw bytes in strings must be valid UTF-8. Numbers keep their literal text. Nesting
 * deeper than FOLIO_JSON_MAX_DEPTH is an error, as is anything but white space after the value.
 */
#ifndef FOLIO_JSON_H
#define FOLIO_JSON_H

#include <stddef.h>

#define FOLIO_JSON_MAX_DEPTH 64

typedef enum {
    FOLIO_JSON_NULL,
    FOLIO_JSON_FALSE,
    FOLIO_JSON_TRUE,
    FOLIO_JSON_NUMBER, /* str holds the literal, e.g. "-1.5e3" */
    FOLIO_JSON_STRING, /* str holds the decoded string */
    FOLIO_JSON_ARRAY,  /* items[0..count) */
    FOLIO_JSON_OBJECT  /* keys[i] -> items[i], in input order; duplicate keys kept */
} folio_json_type;

typedef struct folio_json {
    folio_json_type type;
    char *str;
    size_t str_len;
    struct folio_json **items;
    char **keys;
    size_t count;
} folio_json;

/* Parses text[0..len). On error returns FOLIO_EINVALID with a message like
 * "invalid JSON at byte 17: expected ':'" (1-based byte offset) and *out = NULL; FOLIO_ENOMEM too. */
int folio_json_parse(folio_json **out, const char *text, size_t len);
void folio_json_free(folio_json *v);

/* The value of the first member named `key` of an object, or NULL (also when v is not an object). */
const folio_json *folio_json_get(const folio_json *v, const char *key);

#endif
