/*
 * parse_article.c — folio_doc_parse_article(): an article file (.txt, .md) as a folio_doc. The format is
 * described for users in corpus/README.md: optional front matter between "---" lines, else the first
 * non-blank line is the title; the rest is the body.
 *
 * doc.c owns the rules for field names and values; keyword values it refuses are skipped
 * (folio_doc_add_keyword_lenient), so one odd tag does not lose an article.
 */
#include "doc.h"

#include "error.h"
#include "text.h"

#include <string.h>

#define MAX_HEADING_LEVEL 6 /* Markdown "######" */

typedef struct span {
    const char *s;
    size_t len;
} span;

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static span trim(span t)
{
    while (t.len > 0 && is_space(t.s[0])) {
        t.s++;
        t.len--;
    }
    while (t.len > 0 && is_space(t.s[t.len - 1]))
        t.len--;
    return t;
}

static int span_equals(span t, const char *word)
{
    return t.len == strlen(word) && memcmp(t.s, word, t.len) == 0;
}

/* Removes one pair of matching quotes, "..." or '...', around t. */
static span unquote(span t)
{
    if (t.len >= 2 && (t.s[0] == '"' || t.s[0] == '\'') && t.s[t.len - 1] == t.s[0]) {
        t.s++;
        t.len -= 2;
    }
    return t;
}

/* The next line of text[*pos..len), without its "\n" or "\r\n"; 0 when none is left. */
static int next_line(const char *text, size_t len, size_t *pos, span *line)
{
    if (*pos >= len)
        return 0;
    const char *start = text + *pos;
    const char *nl = memchr(start, '\n', len - *pos);
    size_t n = nl ? (size_t)(nl - start) : len - *pos;
    *pos += nl ? n + 1 : n;
    if (n > 0 && start[n - 1] == '\r')
        n--;
    *line = (span){start, n};
    return 1;
}

static int add_list_item(folio_doc *doc, const char *name, const char *s, size_t len)
{
    span item = unquote(trim((span){s, len}));
    return folio_doc_add_keyword_lenient(doc, name, item.s, item.len);
}

/* Adds the items of a YAML flow list "[a, 'b, c', d]" (the brackets already removed) as keyword values.
 * A quote opens only at the start of an item (so "don't" is one word), and commas inside quotes do not
 * split. */
static int add_keyword_list(folio_doc *doc, const char *name, span list)
{
    size_t start = 0;
    char quote = 0;
    for (size_t i = 0; i < list.len; i++) {
        char c = list.s[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if ((c == '"' || c == '\'') && trim((span){list.s + start, i - start}).len == 0) {
            quote = c;
        } else if (c == ',') {
            int rc = add_list_item(doc, name, list.s + start, i - start);
            if (rc < 0)
                return rc;
            start = i + 1;
        }
    }
    return add_list_item(doc, name, list.s + start, list.len - start);
}

/* Applies one "key: value" front-matter line; lines that are not one, and unknown keys, are ignored. */
static int apply_front_matter_line(folio_doc *doc, span line)
{
    const char *colon = memchr(line.s, ':', line.len);
    if (!colon)
        return 0;
    span key = trim((span){line.s, (size_t)(colon - line.s)});
    span value = trim((span){colon + 1, line.len - (size_t)(colon - line.s) - 1});
    if (key.len == 0 || key.len > FOLIO_MAX_FIELD_NAME_BYTES || memchr(key.s, '\0', key.len))
        return 0;
    char name[FOLIO_MAX_FIELD_NAME_BYTES + 1], lower[FOLIO_MAX_FIELD_NAME_BYTES + 1];
    for (size_t i = 0; i < key.len; i++) {
        name[i] = key.s[i];
        lower[i] = (char)(key.s[i] >= 'A' && key.s[i] <= 'Z' ? key.s[i] - 'A' + 'a' : key.s[i]);
    }
    name[key.len] = lower[key.len] = '\0';

    int field = folio_field_lookup(lower);
    if (field == FOLIO_FIELD_ID || field == FOLIO_FIELD_BODY)
        return 0; /* the id comes from the file's path, the body from the text */
    if (field >= 0) { /* a bad date fails the article; doc.c's message names the date */
        value = unquote(value);
        return value.len ? folio_doc_set(doc, lower, value.s, value.len) : 0;
    }
    if (value.len >= 2 && value.s[0] == '[' && value.s[value.len - 1] == ']')
        return add_keyword_list(doc, name, (span){value.s + 1, value.len - 2});
    value = unquote(value);
    return folio_doc_add_keyword_lenient(doc, name, value.s, value.len);
}

/* A line that opens (only "---") or closes ("---" or "...") front matter; trailing blanks allowed. */
static int is_fence(span line, int closing)
{
    while (line.len > 0 && is_space(line.s[line.len - 1]))
        line.len--;
    return span_equals(line, "---") || (closing && span_equals(line, "..."));
}

/* Reads the front matter at the start of text, if any, and sets *after to the offset just past it
 * (0 when there is none). Without a closing fence there is no front matter: the opening "---" is then
 * article text like the rest, since a stray rule line must not swallow the whole article. */
static int read_front_matter(folio_doc *doc, const char *text, size_t len, size_t *after)
{
    size_t pos = 0;
    span line;
    *after = 0;
    if (!next_line(text, len, &pos, &line) || !is_fence(line, 0))
        return 0;
    size_t end = pos; /* find the closing fence before applying anything */
    do {
        if (!next_line(text, len, &end, &line))
            return 0;
    } while (!is_fence(line, 1));
    *after = end;
    while (next_line(text, end, &pos, &line) && !is_fence(line, 1)) {
        int rc = apply_front_matter_line(doc, line);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Strips a Markdown heading marker ("# ", "## ", ...) from a trimmed title line; "#" alone is an
 * empty heading. */
static span strip_heading(span t)
{
    size_t n = 0;
    while (n < t.len && n < MAX_HEADING_LEVEL && t.s[n] == '#')
        n++;
    if (n == 0 || (n < t.len && t.s[n] != ' ' && t.s[n] != '\t'))
        return t;
    return trim((span){t.s + n, t.len - n});
}

/* Takes the title from the first non-blank line unless the front matter gave one; the rest is the body. */
static int read_title_and_body(folio_doc *doc, const char *text, size_t len)
{
    size_t pos = 0;
    if (!folio_doc_get(doc, "title")) {
        span line = {text, 0};
        while (next_line(text, len, &pos, &line) && trim(line).len == 0)
            ;
        span title = strip_heading(trim(line));
        if (title.len) {
            int rc = folio_doc_set(doc, "title", title.s, title.len);
            if (rc < 0)
                return rc;
        }
    }
    span body = trim((span){text + pos, len - pos});
    if (body.len) {
        int rc = folio_doc_set(doc, "body", body.s, body.len);
        if (rc < 0)
            return rc;
    }
    if (!folio_doc_get(doc, "title") && !body.len)
        return folio_error_set(FOLIO_EINVALID, "empty document");
    return 0;
}

int folio_doc_parse_article(folio_doc **out, const char *text, size_t len)
{
    *out = NULL;
    folio_text_skip_bom(&text, &len);
    folio_doc *doc;
    int rc = folio_doc_new(&doc);
    if (rc < 0)
        return rc;
    size_t after;
    rc = read_front_matter(doc, text, len, &after);
    if (rc == 0)
        rc = read_title_and_body(doc, text + after, len - after);
    if (rc < 0) {
        folio_doc_free(doc);
        return rc;
    }
    *out = doc;
    return 0;
}
