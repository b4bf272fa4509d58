/*
 * tls.c — HTTPS set-up (see tls.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "tls.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *cert_pem, *key_pem;

static char *read_pem(const char *option, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "folio-search: %s %s: %s\n", option, path, strerror(errno));
        return NULL;
    }
    char *text = malloc(TLS_MAX_FILE_BYTES + 1);
    size_t n = text ? fread(text, 1, TLS_MAX_FILE_BYTES + 1, f) : 0;
    int bad = !text || ferror(f) || n == 0 || n > TLS_MAX_FILE_BYTES;
    fclose(f);
    if (bad) {
        fprintf(stderr, "folio-search: %s %s: %s\n", option, path,
                !text ? "out of memory" : n > TLS_MAX_FILE_BYTES ? "too large for a PEM file" : "cannot be read");
        free(text);
        return NULL;
    }
    text[n] = '\0';
    return text;
}

int tls_load(const serve_settings *cfg)
{
    if (!cfg->tls_cert)
        return 0;
    if (!(cert_pem = read_pem("--tls-cert", cfg->tls_cert)) || !(key_pem = read_pem("--tls-key", cfg->tls_key)))
        return -1;
    return 0;
}

int tls_enabled(void)
{
    return cert_pem != NULL;
}

unsigned tls_flags(void)
{
    return cert_pem ? MHD_USE_TLS : 0;
}

void tls_options(struct MHD_OptionItem items[TLS_OPTION_ITEMS])
{
    size_t n = 0;
    if (cert_pem) {
        items[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, cert_pem};
        items[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, key_pem};
    }
    items[n] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
}
