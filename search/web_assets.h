/*
 * web_assets.h — the search page's files, embedded in the binary at build time so that the server reads
 * nothing from disk: search/web/embed.cmake turns each file of search/web/ (index.html, app.js, app.css)
 * into a byte array of a generated web_assets_data.c, served at "/" + its file name.
 */
#ifndef FOLIO_SEARCH_WEB_ASSETS_H
#define FOLIO_SEARCH_WEB_ASSETS_H

#include <stddef.h>

typedef struct web_asset {
    const char *path; /* "/index.html" */
    const unsigned char *data;
    size_t size;
} web_asset;

/* The generated table. */
extern const web_asset web_assets[];
extern const size_t web_asset_count;

/* The asset served at `path` ("/app.js"), or NULL. */
const web_asset *web_asset_find(const char *path);

/* Its Content-Type, from its extension (UTF-8 text for the page's own files). */
const char *web_asset_content_type(const web_asset *a);

#endif
