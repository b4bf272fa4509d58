/* input.c — see input.h. */
#define _POSIX_C_SOURCE 200809L
#include "input.h"

#include "report.h"
#include "text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static int has_extension(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

input_type input_type_of(const char *path)
{
    if (has_extension(path, ".txt") || has_extension(path, ".md"))
        return INPUT_ARTICLE;
    if (has_extension(path, ".html") || has_extension(path, ".htm"))
        return INPUT_HTML;
    if (has_extension(path, ".jsonl"))
        return INPUT_JSONL;
    if (has_extension(path, ".pdf"))
        return INPUT_PDF;
    if (has_extension(path, ".docx"))
        return INPUT_DOCX;
    if (has_extension(path, ".odt"))
        return INPUT_ODT;
    if (has_extension(path, ".epub"))
        return INPUT_EPUB;
    return INPUT_OTHER;
}

int input_is_corpus_documentation(const char *relative)
{
    const char *base = strrchr(relative, '/');
    base = base ? base + 1 : relative;
    static const char *const names[] = {"readme.", "license.", "licence.", "copying.", "changelog."};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strncasecmp(base, names[i], strlen(names[i])) == 0)
            return 1;
    return 0;
}

static const char *last_message(void)
{
    const folio_error *e = folio_error_last();
    return e ? e->message : "unknown error";
}

int input_read_file(const char *path, char **out, size_t *out_len)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0) {
        report_skip(path, strerror(errno));
        if (f)
            fclose(f);
        return 1;
    }
    if (st.st_size > INPUT_MAX_FILE_BYTES) {
        char reason[64];
        snprintf(reason, sizeof reason, "larger than %ld MiB", INPUT_MAX_FILE_BYTES / (1024 * 1024));
        report_skip(path, reason);
        fclose(f);
        return 1;
    }
    char *data = malloc((size_t)st.st_size + 1);
    if (!data) {
        fclose(f);
        return -1;
    }
    size_t len = fread(data, 1, (size_t)st.st_size, f);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(data);
        report_skip(path, "read error");
        return 1;
    }
    data[len] = '\0';
    *out = data;
    *out_len = len;
    return 0;
}

const char *input_as_utf8(const char *where, const char *data, size_t *len, folio_buf *converted)
{
    if (memchr(data, '\0', *len))
        return NULL;
    size_t bad;
    const char *text = folio_text_as_utf8(converted, data, len, &bad);
    if (text && text != data)
        report_warn(where, "not valid UTF-8 (byte %zu); read as Windows-1252", bad + 1);
    return text;
}

/* What a parser's rc means for the file: 0 (parsed), 1 (skipped, and reported) or -1 (out of memory). */
static int parse_outcome(const char *path, int rc)
{
    if (rc == FOLIO_ENOMEM)
        return -1;
    if (rc < 0) {
        report_skip(path, last_message());
        return 1;
    }
    return 0;
}

/* Parses decoded text by type; 0, 1 (skipped, reported) or -1 (out of memory). */
static int parse_text(folio_doc **out, const char *path, input_type type, const char *text, size_t len)
{
    int rc = type == INPUT_HTML ? folio_doc_parse_html(out, text, len) : folio_doc_parse_article(out, text, len);
    return parse_outcome(path, rc);
}

/* A document without a title is named after its file (without the extension). */
static int title_from_file_name(folio_doc *doc, const char *path)
{
    if (folio_doc_get(doc, "title"))
        return 0;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    folio_buf converted = FOLIO_BUF_INIT;
    const char *name = folio_text_as_utf8(&converted, base, &n, NULL);
    int rc = name ? folio_doc_set(doc, "title", name, n) : 0;
    folio_buf_free(&converted);
    return converted.oom ? FOLIO_ENOMEM : rc == FOLIO_ENOMEM ? rc : 0;
}

/* A binary format read by its library: its warnings (read only in part) are reported, and the
 * document is named after its file when it has no title. */
static int parse_binary(folio_doc **out, const char *path, input_type type, const char *data, size_t len)
{
    char *warning = NULL;
    int rc = type == INPUT_PDF    ? folio_doc_parse_pdf(out, &warning, data, len, INPUT_TIME_LIMIT_MS)
             : type == INPUT_DOCX ? folio_doc_parse_docx(out, data, len)
             : type == INPUT_ODT  ? folio_doc_parse_odt(out, data, len)
                                  : folio_doc_parse_epub(out, &warning, data, len);
    if (warning)
        report_warn(path, "%s", warning);
    folio_free(warning);
    if (rc >= 0 && (rc = title_from_file_name(*out, path)) < 0) {
        folio_doc_free(*out);
        *out = NULL;
    }
    return parse_outcome(path, rc);
}

int input_parse_file(folio_doc **out, const char *path, input_type type, const char *data, size_t len)
{
    *out = NULL;
    if (type == INPUT_PDF || type == INPUT_DOCX || type == INPUT_ODT || type == INPUT_EPUB)
        return parse_binary(out, path, type, data, len);
    if (strspn(data, " \t\r\n") == len) {
        report_skip(path, "empty file");
        return 1;
    }
    folio_buf converted = FOLIO_BUF_INIT;
    const char *text = input_as_utf8(path, data, &len, &converted);
    int rc;
    if (text)
        rc = parse_text(out, path, type, text, len);
    else if (converted.oom)
        rc = -1;
    else {
        report_skip(path, "binary file");
        rc = 1;
    }
    folio_buf_free(&converted);
    return rc;
}
