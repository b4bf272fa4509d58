/*
 * parse_pdf.c — folio_doc_parse_pdf(): a PDF file as a folio document, through poppler's GLib API.
 *
 * Contract (folio.h): the text of every page in reading order (poppler_page_get_text), pages joined by a
 * form feed, so that a position in the body tells its page (the snippet of a hit says which); the
 * keyword field "pages" holds the number of pages. Title from the metadata, else the first heading-like
 * line of the text (else none: the caller names the document after its file); author and creation date
 * from the metadata. What cannot be read at all (encrypted with a password, damaged beyond poppler's
 * repair, no text layer and no title) is FOLIO_EINVALID with the reason; what can be read in part (too
 * many pages, too much text, over the time limit) is a document plus a warning saying what was left out.
 *
 * poppler cannot be interrupted inside a page, so the time limit is checked between pages: it stops a
 * document of many slow pages, not one page on which the library spins forever (that needs a process of
 * its own, which folio does not spawn per file).
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "folio.h"

#include "buf.h"
#include "doc.h"
#include "error.h"
#include "text.h"

#include <glib.h>
#include <poppler.h>

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A default time limit per document when the caller gives none. */
#define PDF_DEFAULT_TIME_LIMIT_MS 30000u
/* Pages read at most: a larger document is a scan archive or a mistake; its first pages are kept. */
#define PDF_MAX_PAGES 20000
/* Text kept at most (a record stays well under FOLIO_RECORD_MAX_BYTES). */
#define PDF_MAX_TEXT_BYTES ((size_t)48 * 1024 * 1024)
/* A first line longer than this is a paragraph, not a heading. */
#define PDF_TITLE_MAX_BYTES 160
#define PDF_WARNING_BYTES 200
#define PDF_PAGE_BREAK '\f'

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Appends a page's text: valid UTF-8, no NUL or form feed (a form feed is the page break), trailing
 * white space dropped. */
static void append_page(folio_buf *body, const char *text)
{
    size_t len = strlen(text);
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\n' || text[len - 1] == '\r' ||
                   text[len - 1] == '\t' || text[len - 1] == PDF_PAGE_BREAK))
        len--;
    folio_buf converted = FOLIO_BUF_INIT;
    size_t n = len;
    const char *utf8 = folio_utf8_valid(text, len, NULL) ? text : folio_text_as_utf8(&converted, text, &n, NULL);
    if (!utf8) {
        body->oom |= converted.oom;
        folio_buf_free(&converted);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char c = utf8[i];
        folio_buf_putc(body, c == PDF_PAGE_BREAK ? ' ' : c == '\0' ? ' ' : c);
    }
    folio_buf_free(&converted);
}

/* Sets a field from metadata text with white space collapsed; a value folio refuses is left out. */
static int set_meta(folio_doc *doc, const char *field, const char *value)
{
    if (!value)
        return 0;
    folio_buf b = FOLIO_BUF_INIT;
    int space = 0;
    for (const char *p = value; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ') {
            space = b.len > 0;
            continue;
        }
        if (space)
            folio_buf_putc(&b, ' ');
        space = 0;
        folio_buf_putc(&b, (char)c);
    }
    int rc = folio_buf_check(&b);
    if (rc >= 0 && b.len)
        rc = folio_doc_add_keyword_lenient(doc, field, b.data, b.len);
    folio_buf_free(&b);
    return rc;
}

/* The first non-blank line of the text, if it looks like a heading: short, and with a letter. */
static int set_title_from_text(folio_doc *doc, const char *body, size_t len)
{
    size_t start = 0;
    while (start < len && (body[start] == ' ' || body[start] == '\n' || body[start] == '\t' ||
                           body[start] == '\r' || body[start] == PDF_PAGE_BREAK))
        start++;
    size_t end = start;
    while (end < len && body[end] != '\n' && body[end] != PDF_PAGE_BREAK)
        end++;
    if (end == start || end - start > PDF_TITLE_MAX_BYTES)
        return 0;
    int letter = 0;
    for (size_t i = start; i < end && !letter; i++)
        letter = (unsigned char)body[i] >= 0x80 || ((body[i] | 0x20) >= 'a' && (body[i] | 0x20) <= 'z');
    if (!letter)
        return 0;
    char *line = folio_text_copy(body + start, end - start);
    if (!line)
        return folio_error_set(FOLIO_ENOMEM, "out of memory");
    int rc = set_meta(doc, "title", line);
    free(line);
    return rc;
}

static int set_metadata(folio_doc *doc, PopplerDocument *pdf, int npages)
{
    gchar *title = poppler_document_get_title(pdf);
    gchar *author = poppler_document_get_author(pdf);
    int rc = set_meta(doc, "title", title);
    if (rc >= 0)
        rc = set_meta(doc, "author", author);
    g_free(title);
    g_free(author);
    GDateTime *created = rc >= 0 ? poppler_document_get_creation_date_time(pdf) : NULL;
    if (created) {
        GDateTime *utc = g_date_time_to_utc(created);
        gchar *iso = utc ? g_date_time_format(utc, "%Y-%m-%dT%H:%M:%SZ") : NULL;
        rc = set_meta(doc, "date", iso);
        g_free(iso);
        if (utc)
            g_date_time_unref(utc);
        g_date_time_unref(created);
    }
    char pages[24];
    snprintf(pages, sizeof pages, "%d", npages);
    if (rc >= 0)
        rc = folio_doc_add_keyword_lenient(doc, "pages", pages, strlen(pages));
    return rc;
}

static void set_warning(char **out_warning, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_warning(char **out_warning, const char *fmt, ...)
{
    if (!out_warning || *out_warning)
        return;
    char *w = malloc(PDF_WARNING_BYTES);
    if (!w)
        return; /* the warning is lost, not the document */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w, PDF_WARNING_BYTES, fmt, ap);
    va_end(ap);
    *out_warning = w;
}

/* The text of the pages, as far as the limits allow. */
static int read_pages(folio_buf *body, char **out_warning, PopplerDocument *pdf, int npages, unsigned limit_ms)
{
    double deadline = now_ms() + limit_ms;
    int last = npages < PDF_MAX_PAGES ? npages : PDF_MAX_PAGES;
    for (int i = 0; i < last; i++) {
        if (i > 0 && now_ms() > deadline) {
            set_warning(out_warning, "indexed %d of %d pages: over the time limit of %u ms", i, npages, limit_ms);
            return 0;
        }
        if (body->len > PDF_MAX_TEXT_BYTES) {
            set_warning(out_warning, "indexed %d of %d pages: over %zu MiB of text", i, npages,
                        PDF_MAX_TEXT_BYTES >> 20);
            return 0;
        }
        if (i > 0)
            folio_buf_putc(body, PDF_PAGE_BREAK);
        PopplerPage *page = poppler_document_get_page(pdf, i);
        if (!page)
            continue; /* a damaged page tree: the page reads as empty, its number is kept */
        gchar *text = poppler_page_get_text(page);
        if (text)
            append_page(body, text);
        g_free(text);
        g_object_unref(page);
        if (body->oom)
            return folio_buf_check(body);
    }
    if (last < npages)
        set_warning(out_warning, "indexed the first %d of %d pages", last, npages);
    return 0;
}

/* Does the text hold anything but page breaks and white space? */
static int has_text(const folio_buf *body)
{
    for (size_t i = 0; i < body->len; i++) {
        char c = body->data[i];
        if (c != PDF_PAGE_BREAK && c != ' ' && c != '\n' && c != '\r' && c != '\t')
            return 1;
    }
    return 0;
}

static int open_pdf(PopplerDocument **out, const char *data, size_t len)
{
    GBytes *bytes = g_bytes_new_static(data, len);
    GError *error = NULL;
    *out = poppler_document_new_from_bytes(bytes, NULL, &error);
    g_bytes_unref(bytes); /* the document holds its own reference while it lives */
    if (*out)
        return 0;
    int rc;
    if (error && error->domain == POPPLER_ERROR && error->code == POPPLER_ERROR_ENCRYPTED)
        rc = folio_error_set(FOLIO_EINVALID, "encrypted PDF (it needs a password)");
    else
        rc = folio_error_set(FOLIO_EINVALID, "damaged PDF (%s)", error ? error->message : "poppler gave no reason");
    if (error)
        g_error_free(error);
    return rc;
}

int folio_doc_parse_pdf(folio_doc **out, char **out_warning, const char *data, size_t len, unsigned time_limit_ms)
{
    *out = NULL;
    if (out_warning)
        *out_warning = NULL;
    if (len < 5 || memcmp(data, "%PDF-", 5) != 0)
        return folio_error_set(FOLIO_EINVALID, "not a PDF (no %%PDF- header)");
    if (len > INT_MAX)
        return folio_error_set(FOLIO_EINVALID, "PDF too large");
    PopplerDocument *pdf;
    int rc = open_pdf(&pdf, data, len);
    if (rc < 0)
        return rc;
    int npages = poppler_document_get_n_pages(pdf);
    folio_doc *doc = NULL;
    folio_buf body = FOLIO_BUF_INIT;
    rc = folio_doc_new(&doc);
    if (rc >= 0)
        rc = read_pages(&body, out_warning, pdf, npages, time_limit_ms ? time_limit_ms : PDF_DEFAULT_TIME_LIMIT_MS);
    if (rc >= 0)
        rc = set_metadata(doc, pdf, npages);
    if (rc >= 0 && has_text(&body)) {
        if (!folio_doc_get(doc, "title"))
            rc = set_title_from_text(doc, body.data, body.len);
        if (rc >= 0)
            rc = folio_doc_set(doc, "body", body.data, body.len);
    } else if (rc >= 0 && npages == 0) {
        rc = folio_error_set(FOLIO_EINVALID, "damaged PDF (no pages)");
    } else if (rc >= 0 && !folio_doc_get(doc, "title")) {
        rc = folio_error_set(FOLIO_EINVALID, "no text in the PDF (a scan without a text layer?)");
    } else if (rc >= 0) {
        set_warning(out_warning, "no text in the PDF (a scan without a text layer?): only its metadata indexed");
    }
    folio_buf_free(&body);
    g_object_unref(pdf);
    if (rc < 0) {
        folio_doc_free(doc);
        if (out_warning) {
            free(*out_warning);
            *out_warning = NULL;
        }
        return rc;
    }
    *out = doc;
    return 0;
}
