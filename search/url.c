/*
 * url.c — strict decoding of request paths and query strings (see url.h).
 */
#include "url.h"

#include "text.h"

#include <stdlib.h>
#include <string.h>

url_status url_decode(folio_buf *out, const char *s, size_t len, int plus_is_space)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c != '%') {
            folio_buf_putc(out, plus_is_space && c == '+' ? ' ' : c);
            continue;
        }
        int high = i + 2 < len ? folio_hex_value(s[i + 1]) : -1;
        int low = high >= 0 ? folio_hex_value(s[i + 2]) : -1;
        if (low < 0 || (high == 0 && low == 0))
            return URL_MALFORMED;
        folio_buf_putc(out, (char)(high * 16 + low));
        i += 2;
    }
    if (!out->data)
        folio_buf_append(out, "", 0); /* an empty result is still a string */
    return out->oom ? URL_NOMEM : URL_OK;
}

url_status url_split(folio_buf *path, const char **query, const char *target)
{
    size_t path_len = strcspn(target, "?");
    *query = target[path_len] == '?' ? target + path_len + 1 : NULL;
    return url_decode(path, target, path_len, 0);
}

/* Decodes s[0..len) into a new string. */
static url_status decode_copy(char **out, const char *s, size_t len)
{
    folio_buf b = FOLIO_BUF_INIT;
    url_status rc = url_decode(&b, s, len, 1);
    *out = rc == URL_OK ? folio_buf_detach(&b) : NULL;
    folio_buf_free(&b);
    if (rc == URL_OK && !*out)
        rc = URL_NOMEM;
    return rc;
}

static url_status add_param(url_params *p, const char *s, size_t len)
{
    if (p->n == URL_MAX_PARAMS)
        return URL_TOO_MANY;
    const char *eq = memchr(s, '=', len);
    size_t name_len = eq ? (size_t)(eq - s) : len;
    url_param *item = &p->items[p->n];
    url_status rc = decode_copy(&item->name, s, name_len);
    if (rc == URL_OK)
        rc = eq ? decode_copy(&item->value, eq + 1, len - name_len - 1) : decode_copy(&item->value, "", 0);
    if (rc != URL_OK) {
        free(item->name);
        item->name = NULL;
        return rc;
    }
    p->n++;
    return URL_OK;
}

url_status url_params_parse(url_params *out, const char *query)
{
    memset(out, 0, sizeof *out);
    url_status rc = URL_OK;
    for (const char *s = query; s && *s && rc == URL_OK;) {
        size_t len = strcspn(s, "&");
        if (len) /* "a=1&&b=2": empty pieces are nothing */
            rc = add_param(out, s, len);
        s += len;
        if (*s == '&')
            s++;
    }
    if (rc != URL_OK)
        url_params_free(out);
    return rc;
}

const char *url_params_nth(const url_params *p, const char *name, size_t nth)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->items[i].name, name) == 0 && nth-- == 0)
            return p->items[i].value;
    return NULL;
}

const char *url_params_get(const url_params *p, const char *name)
{
    return url_params_nth(p, name, 0);
}

void url_params_free(url_params *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].name);
        free(p->items[i].value);
    }
    p->n = 0;
}
