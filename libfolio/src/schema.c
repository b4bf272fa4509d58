/* schema.c — see schema.h. */
#include "schema.h"

#include "date.h"
#include "doc.h"
#include "duplicate.h"
#include "error.h"
#include "hash.h"
#include "language.h"
#include "record_store.h"
#include "text.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest id kept verbatim in a Q term; longer ids keep this much and add a hash of the whole id. */
#define ID_TERM_VERBATIM_BYTES 200
/* Longest term built here: a prefix of at most 3 bytes, then a word or stem. */
#define TERM_MAX_BYTES 240

static const struct {
    folio_text_field field;
    const char *name;
    const char *stem_prefix;
    const char *word_prefix;
} text_fields[FOLIO_TEXT_FIELD_COUNT] = {
    {FOLIO_TEXT_BODY, "body", "", "W"},
    {FOLIO_TEXT_TITLE, "title", "S", "WS"},
    {FOLIO_TEXT_AUTHOR, "author", "A", "WA"},
    {FOLIO_TEXT_URL, "url", "U", "WU"},
};

const char *folio_schema_stem_prefix(folio_text_field f)
{
    for (int i = 0; i < FOLIO_TEXT_FIELD_COUNT; i++)
        if (text_fields[i].field == f)
            return text_fields[i].stem_prefix;
    return "";
}

const char *folio_schema_word_prefix(folio_text_field f)
{
    for (int i = 0; i < FOLIO_TEXT_FIELD_COUNT; i++)
        if (text_fields[i].field == f)
            return text_fields[i].word_prefix;
    return "W";
}

folio_text_field folio_schema_text_field(const char *name)
{
    for (int i = 0; i < FOLIO_TEXT_FIELD_COUNT; i++)
        if (strcmp(text_fields[i].name, name) == 0)
            return text_fields[i].field;
    return 0;
}

/* FNV-1a, 64 bits: enough to tell apart ids that share their first 200 bytes. The offset basis is one
 * digit short of FNV's (14695981039346656037); databases store these values (keyword slots, long id
 * terms), so it stays as it is (tests/unit/test_stored_hashes.c pins them). */
static uint64_t fnv1a64(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Keyword slots live above this, away from the fixed slots. */
#define KEYWORD_SLOT_BASE 0x10000u

unsigned folio_schema_keyword_slot(const char *field)
{
    return KEYWORD_SLOT_BASE + (unsigned)(fnv1a64(field, strlen(field)) & 0xffffffu);
}

/* Appends an id or path to a key term: verbatim when short, else cut and suffixed with a hash. */
static void append_key(folio_buf *out, const char *id, size_t len)
{
    if (len <= ID_TERM_VERBATIM_BYTES) {
        folio_buf_append(out, id, len);
        return;
    }
    folio_buf_append(out, id, folio_utf8_cut(id, len, ID_TERM_VERBATIM_BYTES - 17));
    folio_buf_printf(out, "#%016llx", (unsigned long long)fnv1a64(id, len));
}

void folio_schema_id_term(folio_buf *out, const char *id, size_t len)
{
    folio_buf_putc(out, 'Q');
    append_key(out, id, len);
}

void folio_schema_root_key(char out[FOLIO_KEY_BYTES], const char *path)
{
    snprintf(out, FOLIO_KEY_BYTES, "%016" PRIx64, folio_hash64(path, strlen(path)));
}

void folio_schema_file_term(folio_buf *out, const char *root_key, const char *path, size_t len)
{
    folio_buf_printf(out, "XF%s/", root_key);
    append_key(out, path, len);
}

void folio_schema_root_term(folio_buf *out, const char *root_key)
{
    folio_buf_printf(out, "XR%s", root_key);
}

void folio_schema_path_term(folio_buf *out, const char *path, size_t len)
{
    folio_buf_puts(out, "XP");
    append_key(out, path, len);
}

void folio_schema_key_term(folio_buf *out, const folio_doc *doc, const folio_origin *origin)
{
    const char *id = doc->text[FOLIO_FIELD_ID];
    size_t len = doc->text_len[FOLIO_FIELD_ID];
    if (!origin || !origin->root) {
        folio_schema_id_term(out, id, len);
        return;
    }
    char key[FOLIO_KEY_BYTES];
    folio_schema_root_key(key, origin->root);
    folio_schema_file_term(out, key, id, len);
}

void folio_schema_state(folio_buf *out, const folio_origin *origin)
{
    folio_buf_printf(out, "%016" PRIx64, origin->hash);
    if (origin->root)
        folio_buf_printf(out, " %" PRIu64 " %" PRId64, origin->size, origin->mtime_ns);
}

int folio_schema_state_parse(folio_origin *out, const char *value, size_t len)
{
    char copy[80];
    if (len < 16 || len >= sizeof copy)
        return folio_error_set(FOLIO_ECORRUPT, "bad document state '%.*s'", (int)(len < 40 ? len : 40), value);
    memcpy(copy, value, len);
    copy[len] = '\0';
    memset(out, 0, sizeof *out);
    char *end;
    out->hash = strtoull(copy, &end, 16);
    int ok = end == copy + 16;
    if (ok && *end) {
        out->size = strtoull(end, &end, 10);
        ok = *end == ' ';
        if (ok)
            out->mtime_ns = strtoll(end, &end, 10);
        ok = ok && *end == '\0';
    }
    return ok ? 0 : folio_error_set(FOLIO_ECORRUPT, "bad document state '%s'", copy);
}

void folio_schema_keyword_term(folio_buf *out, const char *field, const char *value, size_t len)
{
    folio_buf_putc(out, 'K');
    folio_buf_puts(out, field);
    folio_buf_putc(out, ':');
    for (size_t i = 0; i < len; i++) {
        char c = value[i];
        folio_buf_putc(out, (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c);
    }
}

/* Joins prefix and word into term (a caller's buffer of TERM_MAX_BYTES + 1); returns the length. */
static size_t make_term(char *term, const char *prefix, const char *word, size_t len)
{
    size_t plen = strlen(prefix);
    if (plen + len > TERM_MAX_BYTES)
        len = TERM_MAX_BYTES - plen; /* cannot happen with FOLIO_MAX_WORD_BYTES words; kept as a bound */
    memcpy(term, prefix, plen);
    memcpy(term + plen, word, len);
    term[plen + len] = '\0';
    return plen + len;
}

/* Indexes one text field: positional stems and unpositioned words. */
static int index_text(folio_xdoc *xdoc, folio_analyzer *an, const char *text, size_t len, folio_text_field field,
                      folio_build_cost *cost)
{
    const char *stem_prefix = folio_schema_stem_prefix(field);
    const char *word_prefix = folio_schema_word_prefix(field);
    char term[TERM_MAX_BYTES + 1];
    folio_cursor cur;
    folio_token tok;
    int rc;
    folio_analyzer_start(&cur, text, len, 0);
    while ((rc = folio_analyzer_next(an, &cur, &tok)) == 1) {
        size_t n = make_term(term, stem_prefix, tok.term, tok.term_len);
        rc = folio_xdoc_add_posting(xdoc, term, n, tok.pos);
        if (rc < 0)
            return rc;
        n = make_term(term, word_prefix, tok.word, tok.word_len);
        rc = folio_xdoc_add_term(xdoc, term, n);
        if (rc < 0)
            return rc;
        cost->postings += 2;
    }
    cost->bytes += len;
    return rc;
}

static const struct {
    folio_field field;
    folio_text_field text;
} indexed_fields[] = {
    {FOLIO_FIELD_TITLE, FOLIO_TEXT_TITLE},
    {FOLIO_FIELD_BODY, FOLIO_TEXT_BODY},
    {FOLIO_FIELD_AUTHOR, FOLIO_TEXT_AUTHOR},
    {FOLIO_FIELD_URL, FOLIO_TEXT_URL},
};

/* One value slot per keyword field: all its values, joined. */
static int keyword_values(folio_xdoc *xdoc, const folio_doc *doc, folio_buf *scratch)
{
    for (size_t i = 0; i < doc->nfields; i++) {
        const folio_keyword_field *k = &doc->fields[i];
        const char *name = k->name;
        folio_buf_reset(scratch);
        for (size_t j = 0; j < k->nvalues; j++) {
            if (j)
                folio_buf_putc(scratch, FOLIO_KEYWORD_SEPARATOR);
            folio_buf_puts(scratch, k->values[j]);
        }
        int rc = folio_buf_check(scratch);
        if (rc >= 0)
            rc = folio_xdoc_set_value(xdoc, folio_schema_keyword_slot(name), scratch->data, scratch->len);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int language_term(folio_xdoc *xdoc, const char *tag, size_t len, folio_buf *scratch)
{
    folio_buf_reset(scratch);
    folio_schema_keyword_term(scratch, FOLIO_LANGUAGE_FIELD, tag, len);
    int rc = folio_buf_check(scratch);
    return rc < 0 ? rc : folio_xdoc_add_boolean_term(xdoc, scratch->data, scratch->len);
}

/* The language terms: every document is filterable and facetable by `lang` (language.h). A document
 * that gives no `lang` gets its `language` tag (or the `detected` one), else the code of the database's
 * language `fallback`, as a term and a value of `lang` (not in its record, which keeps what the document
 * said); a tag with a subtag ("fr-CA") is also found by its primary one (`lang:fr`). */
static int language_terms(folio_xdoc *xdoc, const folio_doc *doc, const char *detected, const char *fallback,
                          folio_buf *scratch)
{
    int given = folio_doc_get(doc, FOLIO_LANGUAGE_FIELD) != NULL;
    const char *tag = detected ? detected : folio_language_tag_of_doc(doc);
    if (!tag)
        tag = folio_language_code(fallback);
    if (!tag)
        return 0;
    size_t len = strlen(tag), primary = folio_language_primary_len(tag, len);
    int rc = 0;
    if (!given && (rc = folio_xdoc_set_value(xdoc, folio_schema_keyword_slot(FOLIO_LANGUAGE_FIELD), tag, len)) >= 0)
        rc = language_term(xdoc, tag, len, scratch);
    if (rc >= 0 && primary > 0 && primary < len)
        rc = language_term(xdoc, tag, primary, scratch);
    return rc;
}

/* The terms that key a document and say where it came from, and its state value. */
static int origin_terms(folio_xdoc *xdoc, const folio_doc *doc, const folio_origin *origin, uint64_t data_hash,
                        folio_buf *scratch)
{
    const char *id = doc->text[FOLIO_FIELD_ID];
    size_t id_len = doc->text_len[FOLIO_FIELD_ID];
    folio_origin record = {NULL, data_hash, 0, 0};
    int rc;
    folio_buf_reset(scratch);
    folio_schema_key_term(scratch, doc, origin);
    if ((rc = folio_buf_check(scratch)) < 0 || (rc = folio_xdoc_add_boolean_term(xdoc, scratch->data, scratch->len)) < 0)
        return rc;
    if (origin && origin->root) {
        char key[FOLIO_KEY_BYTES];
        folio_schema_root_key(key, origin->root);
        folio_buf_reset(scratch);
        folio_schema_root_term(scratch, key);
        if ((rc = folio_buf_check(scratch)) < 0 ||
            (rc = folio_xdoc_add_boolean_term(xdoc, scratch->data, scratch->len)) < 0)
            return rc;
        folio_buf_reset(scratch);
        folio_schema_path_term(scratch, id, id_len);
        if ((rc = folio_buf_check(scratch)) < 0 ||
            (rc = folio_xdoc_add_boolean_term(xdoc, scratch->data, scratch->len)) < 0)
            return rc;
    }
    folio_buf_reset(scratch);
    folio_schema_state(scratch, origin && origin->root ? origin : &record);
    if ((rc = folio_buf_check(scratch)) < 0)
        return rc;
    return folio_xdoc_set_value(xdoc, FOLIO_SLOT_STATE, scratch->data, scratch->len);
}

/* Dates from year 1 on are above -2^40 seconds: the offset makes every one a non-negative key. */
#define DATE_KEY_OFFSET ((int64_t)1 << 40)

/* A date sort key (schema.h): 16 hex digits of the date (inverted for newest first), or "z" for no date,
 * then the id. */
static int date_sort_key(folio_xdoc *xdoc, unsigned slot, int dated, int64_t epoch, int newest_first,
                         const char *id, folio_buf *scratch)
{
    folio_buf_reset(scratch);
    if (dated) {
        uint64_t key = (uint64_t)(epoch + DATE_KEY_OFFSET);
        folio_buf_printf(scratch, "%016llx", (unsigned long long)(newest_first ? UINT64_MAX - key : key));
    } else {
        folio_buf_putc(scratch, 'z');
    }
    folio_buf_puts(scratch, id);
    int rc = folio_buf_check(scratch);
    return rc < 0 ? rc : folio_xdoc_set_value(xdoc, slot, scratch->data, scratch->len);
}

/* The near-duplicate key, as a value (the collapse key) and a term (to find a document's duplicates). */
static int duplicate_key(folio_xdoc *xdoc, folio_analyzer *an, const folio_doc *doc)
{
    char key[FOLIO_DUPLICATE_KEY_BYTES];
    int has;
    int rc = folio_duplicate_key(key, &has, an, doc);
    if (rc < 0 || !has)
        return rc;
    char term[sizeof FOLIO_DUPLICATE_TERM_PREFIX + FOLIO_DUPLICATE_KEY_BYTES];
    snprintf(term, sizeof term, "%s%s", FOLIO_DUPLICATE_TERM_PREFIX, key);
    if ((rc = folio_xdoc_set_value(xdoc, FOLIO_SLOT_DUPLICATE, key, strlen(key))) < 0)
        return rc;
    return folio_xdoc_add_boolean_term(xdoc, term, strlen(term));
}

static void json_string(folio_buf *out, const char *s, size_t len);

int folio_schema_build(folio_xdoc *xdoc, folio_analyzer *an, const folio_doc *doc, const char *detected,
                       const folio_origin *origin, folio_buf *scratch, folio_build_cost *cost)
{
    const char *id = doc->text[FOLIO_FIELD_ID];
    if (!id)
        return folio_error_set(FOLIO_EINVALID, "document has no id");
    folio_build_cost unused;
    if (!cost)
        cost = &unused;
    memset(cost, 0, sizeof *cost);
    /* The document's own language for its text, then back to the database's (the analyzer's). */
    const char *database_language = folio_analyzer_language(an);
    const char *language = detected ? folio_language_of_tag(detected, strlen(detected)) : NULL;
    int rc = folio_analyzer_use(an, language ? language : folio_language_of_doc(doc, database_language));
    for (size_t i = 0; rc >= 0 && i < sizeof indexed_fields / sizeof indexed_fields[0]; i++) {
        folio_field f = indexed_fields[i].field;
        if (doc->text[f])
            rc = index_text(xdoc, an, doc->text[f], doc->text_len[f], indexed_fields[i].text, cost);
    }
    int back = folio_analyzer_use(an, database_language);
    if (rc < 0 || (rc = back) < 0 || (rc = language_terms(xdoc, doc, detected, database_language, scratch)) < 0)
        return rc;
    for (size_t i = 0; i < doc->nfields; i++)
        for (size_t j = 0; j < doc->fields[i].nvalues; j++) {
            const char *value = doc->fields[i].values[j];
            folio_buf_reset(scratch);
            folio_schema_keyword_term(scratch, doc->fields[i].name, value, strlen(value));
            if ((rc = folio_buf_check(scratch)) < 0 ||
                (rc = folio_xdoc_add_boolean_term(xdoc, scratch->data, scratch->len)) < 0)
                return rc;
        }
    if ((rc = keyword_values(xdoc, doc, scratch)) < 0)
        return rc;
    folio_date d;
    int dated = doc->text[FOLIO_FIELD_DATE] != NULL;
    if (dated && ((rc = folio_date_parse(&d, doc->text[FOLIO_FIELD_DATE], doc->text_len[FOLIO_FIELD_DATE])) < 0 ||
                  (rc = folio_xdoc_set_value_number(xdoc, FOLIO_SLOT_DATE, (double)d.epoch)) < 0))
        return rc;
    if ((rc = folio_xdoc_set_value(xdoc, FOLIO_SLOT_ID, id, doc->text_len[FOLIO_FIELD_ID])) < 0 ||
        (rc = date_sort_key(xdoc, FOLIO_SLOT_DATE_ASC, dated, dated ? d.epoch : 0, 0, id, scratch)) < 0 ||
        (rc = date_sort_key(xdoc, FOLIO_SLOT_DATE_DESC, dated, dated ? d.epoch : 0, 1, id, scratch)) < 0)
        return rc;
    if ((rc = duplicate_key(xdoc, an, doc)) < 0)
        return rc;
    folio_buf_reset(scratch);
    folio_schema_doc_json(scratch, doc);
    if ((rc = folio_buf_check(scratch)) < 0)
        return rc;
    cost->bytes += scratch->len;
    /* The content hash is of the JSON, so it does not depend on how the record is stored. */
    uint64_t hash = folio_hash64(scratch->data, scratch->len);
    cost->data_hash = hash;
    if (detected) { /* the record holds the guess, as the `lang` the document did not give */
        scratch->len--; /* its closing brace; a record always has an id before it */
        folio_buf_puts(scratch, ",\"" FOLIO_LANGUAGE_FIELD "\":[");
        json_string(scratch, detected, strlen(detected));
        folio_buf_puts(scratch, "]}");
        if ((rc = folio_buf_check(scratch)) < 0)
            return rc;
    }
    folio_buf packed = FOLIO_BUF_INIT;
    if ((rc = folio_record_pack(&packed, scratch->data, scratch->len)) >= 0)
        rc = folio_xdoc_set_value(xdoc, FOLIO_SLOT_RECORD, packed.data, packed.len);
    folio_buf_free(&packed);
    return rc < 0 ? rc : origin_terms(xdoc, doc, origin, hash, scratch);
}

static void json_string(folio_buf *out, const char *s, size_t len)
{
    folio_buf_putc(out, '"');
    folio_json_escape(out, s, len);
    folio_buf_putc(out, '"');
}

/* The document's sections as array items [part, anchor, heading], after `sep`. */
static void put_sections(folio_buf *out, const folio_doc *doc, const char *sep)
{
    for (size_t i = 0; i < doc->nsections; i++) {
        folio_buf_printf(out, "%s[%u,", i ? "," : sep, doc->sections[i].part);
        json_string(out, doc->sections[i].anchor, strlen(doc->sections[i].anchor));
        folio_buf_putc(out, ',');
        json_string(out, doc->sections[i].heading, strlen(doc->sections[i].heading));
        folio_buf_putc(out, ']');
    }
}

void folio_schema_doc_json(folio_buf *out, const folio_doc *doc)
{
    const char *sep = "";
    int sections_written = 0;
    folio_buf_putc(out, '{');
    for (int f = 0; f < FOLIO_FIELD_COUNT; f++) {
        if (!doc->text[f])
            continue;
        folio_buf_printf(out, "%s\"%s\":", sep, folio_field_name(f));
        json_string(out, doc->text[f], doc->text_len[f]);
        sep = ",";
    }
    /* Keyword values are grouped by field, as arrays, in the order fields first appear. A keyword field
     * named "sections" shares its array with the sections (strings and arrays: the reader tells them
     * apart), so the object never holds a key twice. */
    for (size_t i = 0; i < doc->nfields; i++) {
        const folio_keyword_field *k = &doc->fields[i];
        folio_buf_printf(out, "%s\"%s\":[", sep, k->name);
        for (size_t j = 0; j < k->nvalues; j++) {
            if (j)
                folio_buf_putc(out, ',');
            json_string(out, k->values[j], strlen(k->values[j]));
        }
        if (strcmp(k->name, "sections") == 0) {
            put_sections(out, doc, k->nvalues ? "," : "");
            sections_written = 1;
        }
        folio_buf_putc(out, ']');
        sep = ",";
    }
    if (doc->nsections && !sections_written) {
        folio_buf_printf(out, "%s\"sections\":[", sep);
        put_sections(out, doc, "");
        folio_buf_putc(out, ']');
    }
    folio_buf_putc(out, '}');
}

int folio_doc_to_json(char **out, const folio_doc *doc)
{
    folio_buf json = FOLIO_BUF_INIT;
    folio_schema_doc_json(&json, doc);
    *out = folio_buf_detach(&json);
    return *out ? 0 : folio_error_set(FOLIO_ENOMEM, "out of memory");
}

int folio_doc_hash(uint64_t *out, const folio_doc *doc)
{
    folio_buf json = FOLIO_BUF_INIT;
    folio_schema_doc_json(&json, doc);
    int rc = folio_buf_check(&json);
    if (rc >= 0)
        *out = folio_hash64(json.data, json.len);
    folio_buf_free(&json);
    return rc;
}
