/*
 * parse_json.c — folio_doc_parse_json() and folio_doc_parse_json_record(): one JSON Lines record as a
 * folio_doc. The format is described for users in corpus/README.md.
 *
 * A record is parsed once: the members make the document, and "deleted": true marks a deletion record
 * (which need hold nothing but its id). doc.c owns the rules for field names and values; keyword values
 * it refuses are skipped (folio_doc_add_keyword_lenient), so one odd tag does not lose a record.
 */
#include "doc.h"

#include "error.h"
#include "json.h"
#include "text.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define DELETED_KEY "deleted"
#define SECTIONS_KEY "sections"

static int set_json_id(folio_doc *doc, const folio_json *v)
{
    if (v->type == FOLIO_JSON_NULL)
        return 0; /* reported as a missing id */
    if (v->type != FOLIO_JSON_STRING && v->type != FOLIO_JSON_NUMBER)
        return folio_error_set(FOLIO_EINVALID, "field 'id' must be a string or a number");
    return folio_doc_set(doc, "id", v->str, v->str_len);
}

/* title, body, date, url, author: a string; null or "" leaves the field unset. */
static int set_json_text(folio_doc *doc, const char *key, const folio_json *v)
{
    if (v->type == FOLIO_JSON_NULL)
        return 0;
    if (v->type != FOLIO_JSON_STRING)
        return folio_error_set(FOLIO_EINVALID, "field '%s' must be a string", key);
    return v->str_len ? folio_doc_set(doc, key, v->str, v->str_len) : 0;
}

/* A section, [part, "anchor", "heading"] (folio_doc_add_section); one of another shape is ignored. */
static int add_json_section(folio_doc *doc, const folio_json *v)
{
    if (v->count != 3 || v->items[0]->type != FOLIO_JSON_NUMBER || v->items[1]->type != FOLIO_JSON_STRING ||
        v->items[2]->type != FOLIO_JSON_STRING)
        return 0;
    char *end;
    unsigned long part = strtoul(v->items[0]->str, &end, 10);
    if (*end || part > UINT_MAX || memchr(v->items[1]->str, '\0', v->items[1]->str_len) ||
        memchr(v->items[2]->str, '\0', v->items[2]->str_len))
        return 0;
    int rc = folio_doc_add_section(doc, (unsigned)part, v->items[1]->str, v->items[2]->str);
    if (rc == FOLIO_EINVALID) {
        folio_error_clear();
        return 0;
    }
    return rc;
}

/* A keyword field: a string or an array of strings; other values are ignored ("sections" also holds
 * the document's sections, as arrays). */
static int add_json_keywords(folio_doc *doc, const char *key, const folio_json *v)
{
    if (v->type == FOLIO_JSON_STRING)
        return folio_doc_add_keyword_lenient(doc, key, v->str, v->str_len);
    if (v->type != FOLIO_JSON_ARRAY)
        return 0;
    for (size_t i = 0; i < v->count; i++) {
        const folio_json *item = v->items[i];
        if (strcmp(key, SECTIONS_KEY) == 0 && item->type == FOLIO_JSON_ARRAY) {
            int rc = add_json_section(doc, item);
            if (rc < 0)
                return rc;
            continue;
        }
        if (item->type != FOLIO_JSON_STRING)
            continue;
        int rc = folio_doc_add_keyword_lenient(doc, key, item->str, item->str_len);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int apply_json_member(folio_doc *doc, int *deleted, const char *key, const folio_json *v)
{
    int field = folio_field_lookup(key);
    if (field == FOLIO_FIELD_ID)
        return set_json_id(doc, v);
    if (field >= 0)
        return set_json_text(doc, key, v);
    if (strcmp(key, DELETED_KEY) == 0) {
        *deleted = v->type == FOLIO_JSON_TRUE;
        return 0;
    }
    return add_json_keywords(doc, key, v);
}

static int doc_from_json(folio_doc *doc, int *deleted, const folio_json *record)
{
    if (record->type != FOLIO_JSON_OBJECT)
        return folio_error_set(FOLIO_EINVALID, "record is not a JSON object");
    for (size_t i = 0; i < record->count; i++) {
        int rc = apply_json_member(doc, deleted, record->keys[i], record->items[i]);
        if (rc < 0)
            return rc;
    }
    if (!folio_doc_get(doc, "id"))
        return folio_error_set(FOLIO_EINVALID, "record has no id");
    return 0;
}

static int parse_record(folio_doc **out, int *out_deleted, const char *text, size_t len, int unbounded)
{
    *out = NULL;
    *out_deleted = 0;
    folio_text_skip_bom(&text, &len); /* the first line of a file saved by Windows tools */
    folio_json *record;
    int rc = folio_json_parse(&record, text, len);
    if (rc < 0)
        return rc;
    folio_doc *doc = NULL;
    int deleted = 0;
    rc = folio_doc_new(&doc);
    if (rc == 0) {
        doc->unbounded = unbounded;
        rc = doc_from_json(doc, &deleted, record);
    }
    folio_json_free(record);
    if (rc < 0) {
        folio_doc_free(doc);
        return rc;
    }
    *out = doc;
    *out_deleted = deleted;
    return 0;
}

int folio_doc_parse_json_record(folio_doc **out, int *out_deleted, const char *text, size_t len)
{
    return parse_record(out, out_deleted, text, len, 0);
}

int folio_doc_parse_json(folio_doc **out, const char *text, size_t len)
{
    int deleted;
    return parse_record(out, &deleted, text, len, 0);
}

int folio_doc_parse_json_stored(folio_doc **out, const char *text, size_t len)
{
    int deleted;
    return parse_record(out, &deleted, text, len, 1);
}
