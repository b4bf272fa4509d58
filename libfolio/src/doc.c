/* doc.c — see doc.h and folio.h. */
#include "doc.h"

#include "date.h"
#include "error.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

static const char *const field_names[FOLIO_FIELD_COUNT] = {"id", "title", "body", "date", "url", "author"};

int folio_field_lookup(const char *name)
{
    for (int f = 0; f < FOLIO_FIELD_COUNT; f++)
        if (strcmp(name, field_names[f]) == 0)
            return f;
    return -1;
}

const char *folio_field_name(folio_field f)
{
    return field_names[f];
}

int folio_doc_new(folio_doc **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? 0 : folio_error_set(FOLIO_ENOMEM, "out of memory");
}

void folio_doc_free(folio_doc *doc)
{
    if (!doc)
        return;
    for (int f = 0; f < FOLIO_FIELD_COUNT; f++)
        free(doc->text[f]);
    for (size_t i = 0; i < doc->nkeywords; i++) {
        free(doc->keywords[i].name);
        free(doc->keywords[i].value);
    }
    free(doc->keywords);
    for (size_t i = 0; i < doc->nsections; i++) {
        free(doc->sections[i].anchor);
        free(doc->sections[i].heading);
    }
    free(doc->sections);
    free(doc);
}

/* A keyword field name: 1 to FOLIO_MAX_FIELD_NAME_BYTES of [a-z0-9_], starting with a letter. */
static int valid_field_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > FOLIO_MAX_FIELD_NAME_BYTES || !(name[0] >= 'a' && name[0] <= 'z'))
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    return 1;
}

static int check_value(int field, const char *name, const char *value, size_t len)
{
    size_t bad;
    if (!folio_utf8_valid(value, len, &bad))
        return folio_error_set(FOLIO_EINVALID, "field '%s' is not valid UTF-8 (byte %zu)", name, bad + 1);
    if (memchr(value, '\0', len))
        return folio_error_set(FOLIO_EINVALID, "field '%s' contains a NUL byte", name);
    if (field == FOLIO_FIELD_ID) {
        if (len == 0)
            return folio_error_set(FOLIO_EINVALID, "empty id");
        if (len > FOLIO_MAX_ID_BYTES)
            return folio_error_set(FOLIO_EINVALID, "id longer than %d bytes", FOLIO_MAX_ID_BYTES);
    } else if (field == FOLIO_FIELD_DATE) {
        folio_date d;
        int rc = folio_date_parse(&d, value, len);
        if (rc < 0)
            return rc;
    } else if (field < 0) {
        if (len > FOLIO_MAX_KEYWORD_BYTES)
            return folio_error_set(FOLIO_EINVALID, "value of keyword field '%s' longer than %d bytes",
                                   name, FOLIO_MAX_KEYWORD_BYTES);
        /* Control characters have no place in a tag, and one of them separates values in storage. */
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)value[i] < 0x20)
                return folio_error_set(FOLIO_EINVALID, "value of keyword field '%s' holds a control character",
                                       name);
    }
    return 0;
}

int folio_doc_set(folio_doc *doc, const char *name, const char *value, size_t len)
{
    int field = folio_field_lookup(name);
    if (field < 0 && !valid_field_name(name))
        return folio_error_set(FOLIO_EINVALID, "bad field name '%.40s' (use a-z, 0-9 and _)", name);
    int rc = check_value(field, name, value, len);
    if (rc < 0)
        return rc;
    if (field < 0) {
        for (size_t i = 0; i < doc->nkeywords; i++)
            if (strcmp(doc->keywords[i].name, name) == 0 && strlen(doc->keywords[i].value) == len &&
                memcmp(doc->keywords[i].value, value, len) == 0)
                return 0;
    }
    char *copy = folio_text_copy(value, len);
    if (!copy)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    if (field >= 0) {
        free(doc->text[field]);
        doc->text[field] = copy;
        doc->text_len[field] = len;
        return 0;
    }
    if (doc->nkeywords == doc->keywords_cap) {
        size_t cap = doc->keywords_cap ? doc->keywords_cap * 2 : 4;
        folio_keyword *k = realloc(doc->keywords, cap * sizeof *k);
        if (!k) {
            free(copy);
            return folio_error_set(FOLIO_ENOMEM, "out of memory");
        }
        doc->keywords = k;
        doc->keywords_cap = cap;
    }
    char *name_copy = folio_text_copy(name, strlen(name));
    if (!name_copy) {
        free(copy);
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    }
    doc->keywords[doc->nkeywords].name = name_copy;
    doc->keywords[doc->nkeywords].value = copy;
    doc->nkeywords++;
    return 0;
}

size_t folio_doc_count(const folio_doc *doc, const char *name)
{
    int field = folio_field_lookup(name);
    if (field >= 0)
        return doc->text[field] != NULL;
    size_t n = 0;
    for (size_t i = 0; i < doc->nkeywords; i++)
        n += strcmp(doc->keywords[i].name, name) == 0;
    return n;
}

const char *folio_doc_value(const folio_doc *doc, const char *name, size_t i)
{
    int field = folio_field_lookup(name);
    if (field >= 0)
        return i == 0 ? doc->text[field] : NULL;
    for (size_t k = 0; k < doc->nkeywords; k++)
        if (strcmp(doc->keywords[k].name, name) == 0 && i-- == 0)
            return doc->keywords[k].value;
    return NULL;
}

const char *folio_doc_get(const folio_doc *doc, const char *name)
{
    return folio_doc_value(doc, name, 0);
}

const char *folio_doc_field_name(const folio_doc *doc, size_t i)
{
    for (int f = 0; f < FOLIO_FIELD_COUNT; f++)
        if (doc->text[f] && i-- == 0)
            return field_names[f];
    for (size_t k = 0; k < doc->nkeywords; k++) {
        size_t first = 0;
        while (strcmp(doc->keywords[first].name, doc->keywords[k].name) != 0)
            first++;
        if (first == k && i-- == 0)
            return doc->keywords[k].name;
    }
    return NULL;
}

int folio_doc_add_keyword_lenient(folio_doc *doc, const char *name, const char *value, size_t len)
{
    if (len == 0)
        return 0;
    int rc = folio_doc_set(doc, name, value, len);
    if (rc == FOLIO_EINVALID) {
        folio_error_clear();
        return 0;
    }
    return rc;
}

/* Headings are short; a longer one is cut (at a UTF-8 boundary). */
#define MAX_SECTION_BYTES 200

int folio_doc_add_section(folio_doc *doc, unsigned part, const char *anchor, const char *heading)
{
    if (doc->nsections && doc->sections[doc->nsections - 1].part > part)
        return folio_error_set(FOLIO_EINVALID, "sections must come in body order");
    size_t alen = anchor ? strlen(anchor) : 0, hlen = strlen(heading);
    if (!folio_utf8_valid(heading, hlen, NULL) || (anchor && !folio_utf8_valid(anchor, alen, NULL)))
        return folio_error_set(FOLIO_EINVALID, "section heading or anchor is not valid UTF-8");
    if (alen > MAX_SECTION_BYTES)
        return folio_error_set(FOLIO_EINVALID, "section anchor longer than %d bytes", MAX_SECTION_BYTES);
    if (hlen > MAX_SECTION_BYTES) {
        hlen = MAX_SECTION_BYTES;
        while (hlen && ((unsigned char)heading[hlen] & 0xc0) == 0x80)
            hlen--;
    }
    if (doc->nsections == doc->sections_cap) {
        size_t cap = doc->sections_cap ? doc->sections_cap * 2 : 8;
        folio_section *s = realloc(doc->sections, cap * sizeof *s);
        if (!s)
            return folio_error_set(FOLIO_ENOMEM, "out of memory");
        doc->sections = s;
        doc->sections_cap = cap;
    }
    char *a = folio_text_copy(anchor ? anchor : "", alen), *h = folio_text_copy(heading, hlen);
    if (!a || !h) {
        free(a);
        free(h);
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    }
    doc->sections[doc->nsections++] = (folio_section){part, a, h};
    return 0;
}

size_t folio_doc_section_count(const folio_doc *doc)
{
    return doc->nsections;
}

int folio_doc_section(const char **out_heading, unsigned *out_part, const char **out_anchor, const folio_doc *doc,
                      size_t i)
{
    if (i >= doc->nsections)
        return FOLIO_ENOTFOUND; /* a plain end of the list: no message */
    *out_heading = doc->sections[i].heading;
    if (out_part)
        *out_part = doc->sections[i].part;
    if (out_anchor)
        *out_anchor = doc->sections[i].anchor;
    return 0;
}

const char *folio_doc_section_of(const folio_doc *doc, unsigned part, const char **anchor)
{
    const folio_section *found = NULL;
    for (size_t i = 0; i < doc->nsections && doc->sections[i].part <= part; i++)
        found = &doc->sections[i];
    if (anchor)
        *anchor = found ? found->anchor : NULL;
    return found ? found->heading : NULL;
}
