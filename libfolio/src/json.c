/*
 * json.c — see json.h. A recursive-descent parser; the recursion is bounded by FOLIO_JSON_MAX_DEPTH.
 * Strings are decoded in place into a copy of their raw bytes, which never grows: every escape is at
 * least as long as the UTF-8 it stands for.
 */
#include "json.h"

#include "error.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define MIN_CAPACITY 4
#define REPLACEMENT_CODE_POINT 0xFFFDul
#define WHAT_MAX 128

typedef struct parser {
    const char *text;
    size_t len;
    size_t pos;
} parser;

/* Records "invalid JSON at byte N: ..." for the byte at offset `at` (which is len at the end of input). */
static int fail(size_t at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(size_t at, const char *fmt, ...)
{
    char what[WHAT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return folio_error_set(FOLIO_EINVALID, "invalid JSON at byte %zu: %s", at + 1, what);
}

static int fail_unexpected(const parser *p)
{
    if (p->pos >= p->len)
        return fail(p->pos, "unexpected end of input");
    unsigned char c = (unsigned char)p->text[p->pos];
    if (c >= 0x20 && c < 0x7F)
        return fail(p->pos, "unexpected character '%c'", c);
    return fail(p->pos, "unexpected byte 0x%02X", c);
}

/* "expected WHAT" at the current byte, or the end of input when there is none. */
static int fail_expected(const parser *p, const char *what)
{
    if (p->pos >= p->len)
        return fail(p->pos, "unexpected end of input");
    return fail(p->pos, "expected %s", what);
}

static int out_of_memory(void)
{
    return folio_error_set(FOLIO_ENOMEM, "out of memory");
}

static void skip_space(parser *p)
{
    while (p->pos < p->len) {
        char c = p->text[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return;
        p->pos++;
    }
}

static int peek(const parser *p)
{
    return p->pos < p->len ? (unsigned char)p->text[p->pos] : -1;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static folio_json *node_new(folio_json_type type)
{
    folio_json *v = calloc(1, sizeof *v);
    if (v)
        v->type = type;
    return v;
}

void folio_json_free(folio_json *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->count; i++) {
        folio_json_free(v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    free(v);
}

/* Makes room for one more member. The struct has no capacity field, so the capacity is implied by
 * count: MIN_CAPACITY, then doubling, i.e. the arrays are full when count is a power of two. */
static int reserve_member(folio_json *v)
{
    size_t n = v->count;
    if (n != 0 && (n < MIN_CAPACITY || (n & (n - 1)) != 0))
        return 0;
    size_t cap = n ? n * 2 : MIN_CAPACITY;
    folio_json **items = realloc(v->items, cap * sizeof *items);
    if (!items)
        return out_of_memory();
    v->items = items;
    if (v->type == FOLIO_JSON_OBJECT) {
        char **keys = realloc(v->keys, cap * sizeof *keys);
        if (!keys)
            return out_of_memory();
        v->keys = keys;
    }
    return 0;
}

/* Appends item (and, for an object, key); v owns both afterwards, or frees them on failure. */
static int add_member(folio_json *v, char *key, folio_json *item)
{
    if (reserve_member(v) < 0) {
        free(key);
        folio_json_free(item);
        return FOLIO_ENOMEM;
    }
    if (v->keys)
        v->keys[v->count] = key;
    v->items[v->count++] = item;
    return 0;
}

/* Reads four hex digits at s[at..end); -1 when they are not there. */
static long read_hex4(const char *s, size_t end, size_t at)
{
    if (end - at < 4)
        return -1;
    long cp = 0;
    for (size_t i = 0; i < 4; i++) {
        int h = folio_hex_value((unsigned char)s[at + i]);
        if (h < 0)
            return -1;
        cp = cp * 16 + h;
    }
    return cp;
}

/* Decodes the \u escape whose backslash is at s[*i] (inside a string ending at s[end]), joining a
 * surrogate pair; *i moves past it. A lone surrogate or U+0000 becomes U+FFFD (so decoded strings
 * never hold NUL). */
static int decode_unicode_escape(const char *s, size_t end, size_t *i, unsigned long *cp)
{
    long hi = read_hex4(s, end, *i + 2);
    if (hi < 0)
        return fail(*i, "invalid \\u escape");
    *i += 6;
    *cp = (unsigned long)hi;
    if (hi >= 0xD800 && hi <= 0xDBFF && end - *i >= 6 && s[*i] == '\\' && s[*i + 1] == 'u') {
        long lo = read_hex4(s, end, *i + 2);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            *cp = 0x10000 + (((unsigned long)hi - 0xD800) << 10) + ((unsigned long)lo - 0xDC00);
            *i += 6;
            return 0;
        }
    }
    if (*cp == 0 || (*cp >= 0xD800 && *cp <= 0xDFFF))
        *cp = REPLACEMENT_CODE_POINT;
    return 0;
}

static int simple_escape(char c)
{
    switch (c) {
    case '"': return '"';
    case '\\': return '\\';
    case '/': return '/';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    default: return -1;
    }
}

/* Decodes the string body text[start..end) (known to be free of raw control characters) into out. */
static int decode_string(const parser *p, size_t start, size_t end, char *out, size_t *out_len)
{
    size_t n = 0, i = start;
    while (i < end) {
        const char *bs = memchr(p->text + i, '\\', end - i);
        size_t run = bs ? (size_t)(bs - (p->text + i)) : end - i;
        memcpy(out + n, p->text + i, run);
        n += run;
        i += run;
        if (i == end)
            break;
        char e = p->text[i + 1];
        if (e == 'u') {
            unsigned long cp = 0;
            int rc = decode_unicode_escape(p->text, end, &i, &cp);
            if (rc < 0)
                return rc;
            n += folio_utf8_encode(out + n, cp);
            continue;
        }
        int c = simple_escape(e);
        if (c < 0) {
            if ((unsigned char)e >= 0x20 && (unsigned char)e < 0x7F)
                return fail(i, "invalid escape '\\%c'", e);
            return fail(i, "invalid escape");
        }
        out[n++] = (char)c;
        i += 2;
    }
    out[n] = '\0';
    *out_len = n;
    return 0;
}

/* Whether none of the eight bytes at s ends a string or needs a look: no '"', no '\\', no control
 * character (word-at-a-time tests for a byte equal to, or below, a value). */
static int plain_eight(const char *s)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t w;
    memcpy(&w, s, 8);
    uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
    uint64_t found = ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | ((w - ones * 0x20) & ~w);
    return (found & highs) == 0;
}

/* Parses the string starting at the '"' at text[pos] into a new NUL-terminated string. */
static int parse_string(parser *p, char **out, size_t *out_len)
{
    size_t open = p->pos, start = open + 1, i = start;
    while (i < p->len && p->text[i] != '"') {
        if (p->len - i >= 8 && plain_eight(p->text + i)) {
            i += 8;
            continue;
        }
        unsigned char c = (unsigned char)p->text[i];
        if (c < 0x20)
            return fail(i, "control character 0x%02X in string", c);
        i += c == '\\' ? 2 : 1;
    }
    if (i >= p->len)
        return fail(open, "unterminated string");
    size_t bad;
    if (!folio_utf8_valid(p->text + start, i - start, &bad))
        return fail(start + bad, "invalid UTF-8 in string");
    char *s = malloc(i - start + 1);
    if (!s)
        return out_of_memory();
    int rc = decode_string(p, start, i, s, out_len);
    if (rc < 0) {
        free(s);
        return rc;
    }
    *out = s;
    p->pos = i + 1;
    return 0;
}

/* The end of the number literal at text[pos] (RFC 8259: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?). */
static int scan_number(const parser *p, size_t *end)
{
    const char *s = p->text;
    size_t i = p->pos, len = p->len;
    if (i < len && s[i] == '-')
        i++;
    if (i < len && s[i] == '0') {
        i++;
    } else if (i < len && is_digit(s[i])) {
        while (i < len && is_digit(s[i]))
            i++;
    } else {
        return fail(i, "invalid number");
    }
    if (i < len && s[i] == '.') {
        if (++i >= len || !is_digit(s[i]))
            return fail(i, "invalid number: digit expected after '.'");
        while (i < len && is_digit(s[i]))
            i++;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= len || !is_digit(s[i]))
            return fail(i, "invalid number: digit expected in exponent");
        while (i < len && is_digit(s[i]))
            i++;
    }
    *end = i;
    return 0;
}

static int parse_number(parser *p, folio_json **out)
{
    size_t end = 0;
    int rc = scan_number(p, &end);
    if (rc < 0)
        return rc;
    folio_json *v = node_new(FOLIO_JSON_NUMBER);
    size_t n = end - p->pos;
    if (v)
        v->str = malloc(n + 1);
    if (!v || !v->str) {
        folio_json_free(v);
        return out_of_memory();
    }
    memcpy(v->str, p->text + p->pos, n);
    v->str[n] = '\0';
    v->str_len = n;
    p->pos = end;
    *out = v;
    return 0;
}

static int parse_literal(parser *p, folio_json **out)
{
    static const struct {
        const char *word;
        folio_json_type type;
    } literals[] = {{"true", FOLIO_JSON_TRUE}, {"false", FOLIO_JSON_FALSE}, {"null", FOLIO_JSON_NULL}};
    for (size_t k = 0; k < sizeof literals / sizeof literals[0]; k++) {
        size_t n = strlen(literals[k].word);
        if (p->len - p->pos >= n && memcmp(p->text + p->pos, literals[k].word, n) == 0) {
            *out = node_new(literals[k].type);
            if (!*out)
                return out_of_memory();
            p->pos += n;
            return 0;
        }
    }
    return fail_unexpected(p);
}

static int parse_value(parser *p, int depth, folio_json **out);

/* Parses a member list after its opening bracket, up to and including `close`. For an object each
 * member is "key": value. */
static int parse_members(parser *p, int depth, folio_json *v, char close)
{
    const int is_object = v->type == FOLIO_JSON_OBJECT;
    skip_space(p);
    if (peek(p) == close) {
        p->pos++;
        return 0;
    }
    for (;;) {
        char *key = NULL;
        size_t key_len;
        int rc;
        skip_space(p);
        if (is_object) {
            if (peek(p) != '"')
                return fail_expected(p, "a string key");
            if ((rc = parse_string(p, &key, &key_len)) < 0)
                return rc;
            skip_space(p);
            if (peek(p) != ':') {
                free(key);
                return fail_expected(p, "':'");
            }
            p->pos++;
        }
        folio_json *item;
        if ((rc = parse_value(p, depth, &item)) < 0) {
            free(key);
            return rc;
        }
        if ((rc = add_member(v, key, item)) < 0)
            return rc;
        skip_space(p);
        int c = peek(p);
        if (c == close) {
            p->pos++;
            return 0;
        }
        if (c != ',')
            return fail_expected(p, is_object ? "',' or '}'" : "',' or ']'");
        p->pos++;
    }
}

/* Parses an array or object; `depth` counts the containers around it. */
static int parse_container(parser *p, int depth, folio_json **out)
{
    if (depth >= FOLIO_JSON_MAX_DEPTH)
        return fail(p->pos, "nested deeper than %d levels", FOLIO_JSON_MAX_DEPTH);
    int is_object = p->text[p->pos] == '{';
    folio_json *v = node_new(is_object ? FOLIO_JSON_OBJECT : FOLIO_JSON_ARRAY);
    if (!v)
        return out_of_memory();
    p->pos++;
    int rc = parse_members(p, depth + 1, v, is_object ? '}' : ']');
    if (rc < 0) {
        folio_json_free(v);
        return rc;
    }
    *out = v;
    return 0;
}

static int parse_string_value(parser *p, folio_json **out)
{
    folio_json *v = node_new(FOLIO_JSON_STRING);
    if (!v)
        return out_of_memory();
    int rc = parse_string(p, &v->str, &v->str_len);
    if (rc < 0) {
        free(v);
        return rc;
    }
    *out = v;
    return 0;
}

static int parse_value(parser *p, int depth, folio_json **out)
{
    skip_space(p);
    int c = peek(p);
    if (c == '{' || c == '[')
        return parse_container(p, depth, out);
    if (c == '"')
        return parse_string_value(p, out);
    if (c == '-' || is_digit(c))
        return parse_number(p, out);
    return parse_literal(p, out);
}

int folio_json_parse(folio_json **out, const char *text, size_t len)
{
    parser p = {text, len, 0};
    folio_json *v = NULL;
    *out = NULL;
    int rc = parse_value(&p, 0, &v);
    if (rc < 0)
        return rc;
    skip_space(&p);
    if (p.pos < p.len) {
        folio_json_free(v);
        return fail(p.pos, "unexpected text after the value");
    }
    *out = v;
    return 0;
}

const folio_json *folio_json_get(const folio_json *v, const char *key)
{
    if (!v || v->type != FOLIO_JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < v->count; i++)
        if (strcmp(v->keys[i], key) == 0)
            return v->items[i];
    return NULL;
}
