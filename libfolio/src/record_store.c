/* record_store.c — see record_store.h. */
#include "record_store.h"

#include "doc.h"
#include "error.h"

#include <pthread.h>
#include <stdlib.h>
#include <zstd.h>

/* This thread's zstd contexts: reusing them is most of zstd's speed on records of a few kilobytes
 * (a fresh decompression context costs more than decoding the record). */
typedef struct codec {
    ZSTD_CCtx *compress;
    ZSTD_DCtx *decompress;
} codec;

static pthread_key_t codec_key;
static pthread_once_t codec_key_once = PTHREAD_ONCE_INIT;
static int codec_key_rc;

static void codec_free(void *p)
{
    codec *c = p;
    ZSTD_freeCCtx(c->compress);
    ZSTD_freeDCtx(c->decompress);
    free(c);
}

static void codec_key_create(void)
{
    codec_key_rc = pthread_key_create(&codec_key, codec_free);
}

/* This thread's codec, made on first use (zstd allocates a context's working space when it is first
 * used, so a thread that only reads costs little); NULL when out of memory. */
static codec *thread_codec(void)
{
    if (pthread_once(&codec_key_once, codec_key_create) != 0 || codec_key_rc != 0)
        return NULL;
    codec *c = pthread_getspecific(codec_key);
    if (!c) {
        if (!(c = calloc(1, sizeof *c)))
            return NULL;
        if (pthread_setspecific(codec_key, c) != 0) {
            free(c);
            return NULL;
        }
    }
    if (!c->compress)
        c->compress = ZSTD_createCCtx();
    if (!c->decompress)
        c->decompress = ZSTD_createDCtx();
    return c->compress && c->decompress ? c : NULL;
}

/* This thread's codec in *c, and `out` emptied with room for `size` bytes. */
static int begin_output(codec **c, folio_buf *out, size_t size)
{
    if (!(*c = thread_codec()))
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    folio_buf_reset(out);
    folio_buf_reserve(out, size);
    return folio_buf_check(out);
}

int folio_record_pack(folio_buf *out, const char *json, size_t len)
{
    if (len > FOLIO_RECORD_MAX_BYTES)
        return folio_error_set(FOLIO_EINVALID, "the document's record takes %zu bytes, more than the %zu kept",
                               len, FOLIO_RECORD_MAX_BYTES);
    codec *c;
    size_t bound = ZSTD_compressBound(len);
    int rc = begin_output(&c, out, bound);
    if (rc < 0)
        return rc;
    size_t n = ZSTD_compressCCtx(c->compress, out->data, bound, json, len, FOLIO_RECORD_ZSTD_LEVEL);
    if (ZSTD_isError(n))
        return folio_error_set(FOLIO_ERROR, "compressing a record: %s", ZSTD_getErrorName(n));
    out->len = n;
    return 0;
}

/* The most a zstd frame of `len` bytes can decode to: each block takes a header of at least 3 bytes and
 * yields at most ZSTD_BLOCKSIZE_MAX bytes. A damaged header may claim far more, which must not be
 * allocated on its word. */
static unsigned long long frame_capacity(size_t len)
{
    return ((unsigned long long)len / 3 + 1) * ZSTD_BLOCKSIZE_MAX;
}

int folio_record_unpack(const char **json, size_t *json_len, folio_buf *scratch, const char *data, size_t len)
{
    *json = NULL;
    *json_len = 0;
    if (len > 0 && data[0] == '{') {
        *json = data;
        *json_len = len;
        return 0;
    }
    unsigned long long size = ZSTD_getFrameContentSize(data, len);
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
        return folio_error_set(FOLIO_ECORRUPT, "a stored record is neither JSON nor a zstd frame");
    if (size > FOLIO_RECORD_MAX_BYTES)
        return folio_error_set(FOLIO_ECORRUPT, "a stored record claims %llu bytes (at most %zu)", size,
                               FOLIO_RECORD_MAX_BYTES);
    if (size > frame_capacity(len))
        return folio_error_set(FOLIO_ECORRUPT, "a stored record claims %llu bytes, more than its frame of %zu can hold",
                               size, len);
    /* One byte more than the record, so that a frame holding more than it claims fails here. */
    codec *c;
    int rc = begin_output(&c, scratch, (size_t)size + 1);
    if (rc < 0)
        return rc;
    size_t n = ZSTD_decompressDCtx(c->decompress, scratch->data, (size_t)size + 1, data, len);
    if (ZSTD_isError(n))
        return folio_error_set(FOLIO_ECORRUPT, "a stored record does not decompress: %s", ZSTD_getErrorName(n));
    if (n != size)
        return folio_error_set(FOLIO_ECORRUPT, "a stored record holds %zu bytes, not the %llu it claims", n, size);
    scratch->len = n;
    scratch->data[n] = '\0';
    *json = scratch->data;
    *json_len = n;
    return 0;
}

int folio_record_read(folio_doc **out, folio_buf *scratch, const char *data, size_t len)
{
    *out = NULL;
    const char *json;
    size_t json_len;
    int rc = folio_record_unpack(&json, &json_len, scratch, data, len);
    if (rc >= 0 && (rc = folio_doc_parse_json_stored(out, json, json_len)) < 0 && rc != FOLIO_ENOMEM)
        rc = folio_error_set(FOLIO_ECORRUPT, "a stored document is damaged: %s", folio_error_last()->message);
    return rc;
}
