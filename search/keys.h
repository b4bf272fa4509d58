/*
 * keys.h — the write API's keys (folio-search --write-keys FILE): reading the key file, checking a
 * presented key, and making new keys (--make-key).
 *
 * The file holds one key a line: either the key itself, or a salted hash of it,
 *     sha256:SALT:DIGEST   SALT 16 to 64 hex digits, DIGEST the 64 hex digits of SHA-256(SALT bytes || key)
 * so that the file need not hold secrets. Blank lines and lines starting with '#' are skipped; spaces and
 * tabs around a line are ignored. A key is KEYS_MIN_BYTES to KEYS_MAX_BYTES bytes, each printable ASCII
 * (0x21-0x7e) or a byte from 0x80 up (what an HTTP header value may carry), never white space or a
 * control character. A line that is neither is an error naming the line; nothing is accepted then.
 *
 * keys_check() compares in constant time: every key of the set is compared, each through SHA-256, so
 * the time taken depends neither on where the presented key differs nor on which key (if any) matches.
 * Keys are never logged or echoed: error messages name line numbers, not contents.
 */
#ifndef FOLIO_SEARCH_KEYS_H
#define FOLIO_SEARCH_KEYS_H

#include <stddef.h>

#define KEYS_MIN_BYTES 16
#define KEYS_MAX_BYTES 256
#define KEYS_MAX_COUNT 1024         /* keys in one file */
#define KEYS_MAX_FILE_BYTES (1 << 20) /* a key file is small; a larger one is a mistake */
#define KEYS_SALT_MIN_BYTES 8
#define KEYS_SALT_MAX_BYTES 32
#define KEYS_DIGEST_BYTES 32        /* SHA-256 */
#define KEYS_NEW_KEY_BYTES 32       /* random bytes of a --make-key key (base64url: 43 characters) */
#define KEYS_NEW_SALT_BYTES 16
#define KEYS_LINE_MAX (7 + 2 * KEYS_SALT_MAX_BYTES + 1 + 2 * KEYS_DIGEST_BYTES + 1)

typedef struct key_entry {
    unsigned char salt[KEYS_SALT_MAX_BYTES];
    size_t salt_len; /* 0 for a key given as itself (its digest is then SHA-256 of the key alone) */
    unsigned char digest[KEYS_DIGEST_BYTES];
} key_entry;

typedef struct key_set {
    key_entry *keys;
    size_t count;
} key_set;

/* Reads a key file's text. 0, or -1 with a message (naming the line, never its content) in `error`. */
int keys_parse(key_set *out, const char *text, size_t len, char *error, size_t error_size);

/* Reads the key file at `path` (at most KEYS_MAX_FILE_BYTES); -1 with a message in `error`. An empty
 * set (no key in the file) is an error too: a write API nobody can use is a mistake. */
int keys_load(key_set *out, const char *path, char *error, size_t error_size);

void keys_free(key_set *set);

/* 1 if `key` (len bytes, not NUL-terminated) is one of the set, else 0. Constant time in the key's
 * content and in which entry matches. */
int keys_check(const key_set *set, const char *key, size_t len);

/* Makes a new random key (base64url, NUL-terminated, in key[KEYS_NEW_KEY_BYTES * 2]) and its file line
 * (in line[KEYS_LINE_MAX]); -1 when the system gives no random bytes. */
int keys_make(char *key, size_t key_size, char *line, size_t line_size);

/* The hash line for a given key with a given salt (for tests and --make-key). */
int keys_hash_line(char *line, size_t line_size, const char *key, size_t key_len, const unsigned char *salt,
                   size_t salt_len);

#endif
