/* doc.c — see doc.h and folio.h. */
#include "doc.h"

#include "date.h"
#include "error.h"
#include "hash.h"
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
    for (size_t i = 0; i < doc->nfields; i++) {
        for (size_t k = 0; k < doc->fields[i].nvalues; k++)
            free(doc->fields[i].values[k]);
        free(doc->fields[i].values);
        free(doc->fields[i].name);
    }
    free(doc->fields);
    free(doc->pairs);
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

static int out_of_memory(void)
{
    return folio_error_set(FOLIO_ENOMEM, "out of memory");
}

/* The keyword field of that name, or NULL. Linear, but in at most FOLIO_MAX_DOC_KEYWORD_FIELDS (a
 * stored record read back may hold more: still one pass per lookup, never one per value). */
static folio_keyword_field *find_field(const folio_doc *doc, const char *name)
{
    for (size_t i = 0; i < doc->nfields; i++)
        if (strcmp(doc->fields[i].name, name) == 0)
            return &doc->fields[i];
    return NULL;
}

static size_t pair_slot(const folio_doc *doc, size_t field, const char *value, size_t len)
{
    uint64_t h = folio_hash64(value, len) ^ ((uint64_t)field * 0x9E3779B97F4A7C15ull);
    return (size_t)(h ^ (h >> 29)) & (doc->pairs_cap - 1);
}

static int pair_equal(const folio_doc *doc, uint64_t pair, size_t field, const char *value, size_t len)
{
    if ((pair >> 32) != field)
        return 0;
    const char *held = doc->fields[field].values[(pair & 0xffffffffu) - 1];
    return strlen(held) == len && memcmp(held, value, len) == 0;
}

static int has_pair(const folio_doc *doc, size_t field, const char *value, size_t len)
{
    if (!doc->pairs_cap)
        return 0;
    for (size_t k = pair_slot(doc, field, value, len); doc->pairs[k]; k = (k + 1) & (doc->pairs_cap - 1))
        if (pair_equal(doc, doc->pairs[k], field, value, len))
            return 1;
    return 0;
}

static void put_pair(folio_doc *doc, size_t field, size_t index)
{
    const char *value = doc->fields[field].values[index];
    size_t k = pair_slot(doc, field, value, strlen(value));
    while (doc->pairs[k])
        k = (k + 1) & (doc->pairs_cap - 1);
    doc->pairs[k] = (uint64_t)field << 32 | (uint64_t)(index + 1);
}

/* Room in the pair set for one more; rebuilt from the fields when it grows. */
static int reserve_pair(folio_doc *doc)
{
    if ((doc->nkeywords + 1) * 2 <= doc->pairs_cap)
        return 0;
    size_t cap = doc->pairs_cap ? doc->pairs_cap * 2 : 16;
    uint64_t *pairs = calloc(cap, sizeof *pairs);
    if (!pairs)
        return out_of_memory();
    free(doc->pairs);
    doc->pairs = pairs;
    doc->pairs_cap = cap;
    for (size_t f = 0; f < doc->nfields; f++)
        for (size_t i = 0; i < doc->fields[f].nvalues; i++)
            put_pair(doc, f, i);
    return 0;
}

/* FOLIO_EINVALID when one more value (of the field `field`, NULL for a new one) goes over the limits. */
static int check_limits(const folio_doc *doc, const folio_keyword_field *field, const char *name)
{
    if (doc->unbounded)
        return 0;
    if (!field && doc->nfields >= FOLIO_MAX_DOC_KEYWORD_FIELDS)
        return folio_error_set(FOLIO_EINVALID, "more than %d keyword fields in one document (at '%.40s')",
                               FOLIO_MAX_DOC_KEYWORD_FIELDS, name);
    if (doc->nkeywords >= FOLIO_MAX_DOC_KEYWORD_VALUES)
        return folio_error_set(FOLIO_EINVALID, "more than %d keyword values in one document (at '%.40s')",
                               FOLIO_MAX_DOC_KEYWORD_VALUES, name);
    return 0;
}

static int add_keyword(folio_doc *doc, const char *name, const char *value, size_t len)
{
    folio_keyword_field *field = find_field(doc, name);
    size_t f = field ? (size_t)(field - doc->fields) : doc->nfields;
    if (field && has_pair(doc, f, value, len))
        return 0;
    int rc = check_limits(doc, field, name);
    if (rc < 0)
        return rc;
    if (doc->nkeywords >= 0xffffffffu)
        return folio_error_set(FOLIO_EINVALID, "too many keyword values in one document");
    rc = reserve_pair(doc);
    if (rc < 0)
        return rc;
    if (!field) {
        if (doc->nfields == doc->fields_cap) {
            size_t cap = doc->fields_cap ? doc->fields_cap * 2 : 4;
            folio_keyword_field *fields = realloc(doc->fields, cap * sizeof *fields);
            if (!fields)
                return out_of_memory();
            doc->fields = fields;
            doc->fields_cap = cap;
        }
        field = &doc->fields[doc->nfields];
        memset(field, 0, sizeof *field);
        if (!(field->name = folio_text_copy(name, strlen(name))))
            return out_of_memory();
        doc->nfields++;
    }
    if (field->nvalues == field->values_cap) {
        size_t cap = field->values_cap ? field->values_cap * 2 : 4;
        char **values = realloc(field->values, cap * sizeof *values);
        if (!values)
            return out_of_memory();
        field->values = values;
        field->values_cap = cap;
    }
    char *copy = folio_text_copy(value, len);
    if (!copy)
        return out_of_memory();
    field->values[field->nvalues] = copy;
    put_pair(doc, f, field->nvalues);
    field->nvalues++;
    doc->nkeywords++;
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
    if (field < 0)
        return add_keyword(doc, name, value, len);
    char *copy = folio_text_copy(value, len);
    if (!copy)
        return out_of_memory();
    free(doc->text[field]);
    doc->text[field] = copy;
    doc->text_len[field] = len;
    return 0;
}

size_t folio_doc_count(const folio_doc *doc, const char *name)
{
    int field = folio_field_lookup(name);
    if (field >= 0)
        return doc->text[field] != NULL;
    const folio_keyword_field *k = find_field(doc, name);
    return k ? k->nvalues : 0;
}

const char *folio_doc_value(const folio_doc *doc, const char *name, size_t i)
{
    int field = folio_field_lookup(name);
    if (field >= 0)
        return i == 0 ? doc->text[field] : NULL;
    const folio_keyword_field *k = find_field(doc, name);
    return k && i < k->nvalues ? k->values[i] : NULL;
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
    return i < doc->nfields ? doc->fields[i].name : NULL;
}

int folio_doc_add_keyword_lenient(folio_doc *doc, const char *name, const char *value, size_t len)
{
    if (len == 0)
        return 0;
    /* The per-document limits refuse the document, not just the value. */
    if (folio_field_lookup(name) < 0 && valid_field_name(name)) {
        const folio_keyword_field *k = find_field(doc, name);
        int rc = k && has_pair(doc, (size_t)(k - doc->fields), value, len) ? 0 : check_limits(doc, k, name);
        if (rc < 0)
            return rc;
    }
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
