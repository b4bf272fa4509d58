/* parse_zip.c — see parse_zip.h. */
#include "parse_zip.h"

#include "error.h"
#include "folio.h"

#include <zip.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define READ_CHUNK_BYTES 65536

struct folio_zip {
    zip_t *archive;
    size_t total_read;
};

/* A member name a package may use: relative, no "..", no backslash or control character. */
static int name_is_safe(const char *name)
{
    if (name[0] == '/' || name[0] == '\0')
        return 0;
    for (const char *p = name; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '\\')
            return 0;
    for (const char *seg = name; seg;) {
        const char *slash = strchr(seg, '/');
        size_t n = slash ? (size_t)(slash - seg) : strlen(seg);
        if (n == 2 && seg[0] == '.' && seg[1] == '.')
            return 0;
        seg = slash ? slash + 1 : NULL;
    }
    return 1;
}

int folio_zip_open(folio_zip **out, const char *data, size_t len)
{
    *out = NULL;
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &error);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error) : NULL;
    if (!za) {
        int rc = folio_error_set(FOLIO_EINVALID, "not a zip archive (%s)", zip_error_strerror(&error));
        if (src)
            zip_source_free(src);
        zip_error_fini(&error);
        return rc;
    }
    zip_error_fini(&error);
    zip_int64_t n = zip_get_num_entries(za, 0);
    if (n < 0 || n > FOLIO_ZIP_MAX_ENTRIES) {
        zip_discard(za);
        return folio_error_set(FOLIO_EINVALID, "zip archive of more than %d members", FOLIO_ZIP_MAX_ENTRIES);
    }
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        if (!name || !name_is_safe(name)) {
            int rc = folio_error_set(FOLIO_EINVALID, "zip member with an unsafe path '%.80s'", name ? name : "");
            zip_discard(za);
            return rc;
        }
    }
    folio_zip *z = calloc(1, sizeof *z);
    if (!z) {
        zip_discard(za);
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    }
    z->archive = za;
    *out = z;
    return 0;
}

void folio_zip_close(folio_zip *z)
{
    if (!z)
        return;
    zip_discard(z->archive);
    free(z);
}

int folio_zip_read(char **out, size_t *out_len, folio_zip *z, const char *name)
{
    *out = NULL;
    *out_len = 0;
    zip_stat_t st;
    zip_int64_t index = zip_name_locate(z->archive, name, ZIP_FL_ENC_RAW);
    if (index < 0 || zip_stat_index(z->archive, (zip_uint64_t)index, 0, &st) != 0)
        return folio_error_set(FOLIO_ENOTFOUND, "no member '%.80s' in the archive", name);
    int sized = (st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE);
    if (!sized || st.size > FOLIO_ZIP_MAX_MEMBER_BYTES)
        return folio_error_set(FOLIO_EINVALID, "zip member '%.80s' larger than %zu MiB", name,
                               FOLIO_ZIP_MAX_MEMBER_BYTES >> 20);
    if (st.size > FOLIO_ZIP_RATIO_FROM_BYTES && st.size / (st.comp_size ? st.comp_size : 1) > FOLIO_ZIP_MAX_RATIO)
        return folio_error_set(FOLIO_EINVALID, "zip member '%.80s' compressed %llu times (a zip bomb?)", name,
                               (unsigned long long)(st.size / (st.comp_size ? st.comp_size : 1)));
    if (z->total_read + st.size > FOLIO_ZIP_MAX_TOTAL_BYTES)
        return folio_error_set(FOLIO_EINVALID, "zip archive holds more than %zu MiB", FOLIO_ZIP_MAX_TOTAL_BYTES >> 20);
    zip_file_t *f = zip_fopen_index(z->archive, (zip_uint64_t)index, 0);
    if (!f)
        return folio_error_set(FOLIO_EINVALID, "zip member '%.80s' cannot be read (%s)", name,
                               zip_strerror(z->archive));
    /* Never more than declared (plus one byte, to notice a member that lies about its size). */
    size_t cap = (size_t)st.size + 1;
    char *buf = malloc(cap + 1);
    if (!buf) {
        zip_fclose(f);
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    }
    size_t len = 0;
    int rc = 0;
    while (len < cap) {
        size_t want = cap - len < READ_CHUNK_BYTES ? cap - len : READ_CHUNK_BYTES;
        zip_int64_t got = zip_fread(f, buf + len, want);
        if (got < 0) {
            rc = folio_error_set(FOLIO_EINVALID, "zip member '%.80s' does not decompress (%s)", name,
                                 zip_file_strerror(f));
            break;
        }
        if (got == 0)
            break;
        len += (size_t)got;
    }
    zip_fclose(f);
    if (rc == 0 && len != st.size)
        rc = folio_error_set(FOLIO_EINVALID, "zip member '%.80s' is not the size it declares", name);
    if (rc < 0) {
        free(buf);
        return rc;
    }
    z->total_read += len;
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return 0;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int folio_zip_resolve(char *out, size_t cap, const char *base, const char *href)
{
    size_t href_len = strcspn(href, "#?");
    if (href_len == 0 || href[0] == '/' || memchr(href, ':', href_len))
        return folio_error_set(FOLIO_EINVALID, "link '%.80s' is not a path inside the package", href);
    /* The directory of `base`, then href's segments, "." and ".." applied. */
    const char *slash = strrchr(base, '/');
    size_t n = slash ? (size_t)(slash - base) + 1 : 0;
    if (n + href_len + 1 > cap)
        return folio_error_set(FOLIO_EINVALID, "link '%.80s' too long", href);
    memcpy(out, base, n);
    for (size_t i = 0; i < href_len; i++) {
        char c = href[i];
        if (c == '%' && i + 2 < href_len && hex_value(href[i + 1]) >= 0 && hex_value(href[i + 2]) >= 0) {
            c = (char)(hex_value(href[i + 1]) * 16 + hex_value(href[i + 2]));
            i += 2;
        }
        if ((unsigned char)c < 0x20 || c == '\\')
            return folio_error_set(FOLIO_EINVALID, "link '%.80s' is not a path inside the package", href);
        out[n++] = c;
    }
    out[n] = '\0';
    /* Normalise in place. */
    size_t w = 0;
    for (size_t r = 0; r < n;) {
        size_t seg = strcspn(out + r, "/");
        if (seg == 1 && out[r] == '.') {
            /* nothing */
        } else if (seg == 2 && out[r] == '.' && out[r + 1] == '.') {
            if (w == 0)
                return folio_error_set(FOLIO_EINVALID, "link '%.80s' leaves the package", href);
            w--; /* drop the trailing '/' */
            while (w > 0 && out[w - 1] != '/')
                w--;
        } else if (seg > 0) {
            memmove(out + w, out + r, seg);
            w += seg;
            if (r + seg < n)
                out[w++] = '/';
        }
        r += seg + 1;
    }
    out[w] = '\0';
    if (w == 0)
        return folio_error_set(FOLIO_EINVALID, "link '%.80s' is not a path inside the package", href);
    return 0;
}
