/*
 * keys.c — the write API's keys (see keys.h).
 */
#define _GNU_SOURCE /* getrandom */
#include "keys.h"

#include "text.h"

#include <nettle/memops.h>
#include <nettle/sha2.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

static const char hash_prefix[] = "sha256:";

static void digest_of(unsigned char out[KEYS_DIGEST_BYTES], const unsigned char *salt, size_t salt_len,
                      const char *key, size_t len)
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    if (salt_len)
        sha256_update(&ctx, salt_len, salt);
    sha256_update(&ctx, len, (const uint8_t *)key);
    sha256_digest(&ctx, KEYS_DIGEST_BYTES, out);
}

static int key_byte_ok(unsigned char c)
{
    return (c > 0x20 && c < 0x7f) || c >= 0x80;
}

/* Reads 2*n hex digits into n bytes; -1 if any is not a hex digit. */
static int read_hex(unsigned char *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi = folio_hex_value((unsigned char)s[2 * i]), lo = folio_hex_value((unsigned char)s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return 0;
}

static void write_hex(char *out, const unsigned char *in, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

/* One hash line "sha256:SALT:DIGEST" into *e; -1 when malformed. */
static int parse_hash_line(key_entry *e, const char *s, size_t len)
{
    size_t p = sizeof hash_prefix - 1;
    const char *colon = memchr(s + p, ':', len - p);
    if (!colon)
        return -1;
    size_t salt_hex = (size_t)(colon - (s + p)), digest_hex = len - p - salt_hex - 1;
    if (salt_hex % 2 || salt_hex < 2 * KEYS_SALT_MIN_BYTES || salt_hex > 2 * KEYS_SALT_MAX_BYTES ||
        digest_hex != 2 * KEYS_DIGEST_BYTES)
        return -1;
    e->salt_len = salt_hex / 2;
    if (read_hex(e->salt, s + p, e->salt_len) < 0 || read_hex(e->digest, colon + 1, KEYS_DIGEST_BYTES) < 0)
        return -1;
    return 0;
}

/* One line of the file (without its line break), trimmed; adds a key unless blank or a comment. */
static int parse_line(key_set *set, const char *s, size_t len, unsigned long lineno, char *error, size_t error_size)
{
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    if (len == 0 || s[0] == '#')
        return 0;
    if (set->count == KEYS_MAX_COUNT) {
        snprintf(error, error_size, "more than %d keys", KEYS_MAX_COUNT);
        return -1;
    }
    key_entry *e = &set->keys[set->count];
    memset(e, 0, sizeof *e);
    if (len > sizeof hash_prefix - 1 && memcmp(s, hash_prefix, sizeof hash_prefix - 1) == 0) {
        if (parse_hash_line(e, s, len) < 0) {
            snprintf(error, error_size, "line %lu: a hash line is sha256:SALT:DIGEST (SALT %d to %d hex digits, "
                     "DIGEST %d)", lineno, 2 * KEYS_SALT_MIN_BYTES, 2 * KEYS_SALT_MAX_BYTES, 2 * KEYS_DIGEST_BYTES);
            return -1;
        }
        set->count++;
        return 0;
    }
    if (len < KEYS_MIN_BYTES || len > KEYS_MAX_BYTES) {
        snprintf(error, error_size, "line %lu: a key is %d to %d bytes long", lineno, KEYS_MIN_BYTES, KEYS_MAX_BYTES);
        return -1;
    }
    for (size_t i = 0; i < len; i++)
        if (!key_byte_ok((unsigned char)s[i])) {
            snprintf(error, error_size, "line %lu: a key holds no white space or control characters", lineno);
            return -1;
        }
    digest_of(e->digest, NULL, 0, s, len);
    set->count++;
    return 0;
}

int keys_parse(key_set *out, const char *text, size_t len, char *error, size_t error_size)
{
    memset(out, 0, sizeof *out);
    if (memchr(text, '\0', len)) {
        snprintf(error, error_size, "the key file holds a NUL byte");
        return -1;
    }
    /* At most one key a line: the number of lines bounds the array. */
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    if (lines > KEYS_MAX_COUNT)
        lines = KEYS_MAX_COUNT;
    out->keys = calloc(lines, sizeof *out->keys);
    if (!out->keys) {
        snprintf(error, error_size, "out of memory");
        return -1;
    }
    unsigned long lineno = 0;
    for (size_t start = 0; start <= len;) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        lineno++;
        if (parse_line(out, text + start, end - start, lineno, error, error_size) < 0) {
            keys_free(out);
            return -1;
        }
        start = end + 1;
    }
    return 0;
}

int keys_load(key_set *out, const char *path, char *error, size_t error_size)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(error, error_size, "%s: %s", path, strerror(errno));
        return -1;
    }
    char *text = malloc(KEYS_MAX_FILE_BYTES + 1);
    size_t n = text ? fread(text, 1, KEYS_MAX_FILE_BYTES + 1, f) : 0;
    int bad = !text || ferror(f);
    fclose(f);
    int rc = -1;
    if (bad)
        snprintf(error, error_size, "%s: cannot be read", path);
    else if (n > KEYS_MAX_FILE_BYTES)
        snprintf(error, error_size, "%s: larger than %d bytes", path, KEYS_MAX_FILE_BYTES);
    else if (keys_parse(out, text, n, error, error_size) == 0)
        rc = 0;
    if (text) {
        memset(text, 0, n); /* the key file's secrets do not stay in freed memory */
        free(text);
    }
    if (rc == 0 && out->count == 0) {
        snprintf(error, error_size, "%s holds no key", path);
        keys_free(out);
        rc = -1;
    }
    return rc;
}

void keys_free(key_set *set)
{
    if (set->keys)
        memset(set->keys, 0, set->count * sizeof *set->keys);
    free(set->keys);
    set->keys = NULL;
    set->count = 0;
}

int keys_check(const key_set *set, const char *key, size_t len)
{
    if (len == 0 || len > KEYS_MAX_BYTES)
        return 0; /* the length alone says no key matches: nothing secret is learnt from it */
    int found = 0;
    for (size_t i = 0; i < set->count; i++) {
        unsigned char d[KEYS_DIGEST_BYTES];
        digest_of(d, set->keys[i].salt, set->keys[i].salt_len, key, len);
        found |= memeql_sec(d, set->keys[i].digest, KEYS_DIGEST_BYTES);
    }
    return found != 0;
}

int keys_hash_line(char *line, size_t line_size, const char *key, size_t key_len, const unsigned char *salt,
                   size_t salt_len)
{
    if (salt_len < KEYS_SALT_MIN_BYTES || salt_len > KEYS_SALT_MAX_BYTES || line_size < KEYS_LINE_MAX)
        return -1;
    unsigned char d[KEYS_DIGEST_BYTES];
    digest_of(d, salt, salt_len, key, key_len);
    char salt_hex[2 * KEYS_SALT_MAX_BYTES + 1], digest_hex[2 * KEYS_DIGEST_BYTES + 1];
    write_hex(salt_hex, salt, salt_len);
    write_hex(digest_hex, d, KEYS_DIGEST_BYTES);
    snprintf(line, line_size, "%s%s:%s", hash_prefix, salt_hex, digest_hex);
    return 0;
}

static int random_bytes(unsigned char *out, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(out + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

int keys_make(char *key, size_t key_size, char *line, size_t line_size)
{
    static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char raw[KEYS_NEW_KEY_BYTES], salt[KEYS_NEW_SALT_BYTES];
    if (key_size < KEYS_NEW_KEY_BYTES * 2 || random_bytes(raw, sizeof raw) < 0 || random_bytes(salt, sizeof salt) < 0)
        return -1;
    /* base64url without padding: 6 bits a character. */
    size_t n = 0, bits = 0;
    unsigned acc = 0;
    for (size_t i = 0; i < sizeof raw; i++) {
        acc = (acc << 8) | raw[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            key[n++] = b64url[(acc >> bits) & 63];
        }
    }
    if (bits)
        key[n++] = b64url[(acc << (6 - bits)) & 63];
    key[n] = '\0';
    memset(raw, 0, sizeof raw);
    return keys_hash_line(line, line_size, key, n, salt, sizeof salt);
}
