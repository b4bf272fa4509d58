/*
 * input.h — reading input files: which files are documents, whole files under a size cap, text that is
 * not UTF-8, and an article, HTML, PDF, DOCX, ODT or EPUB file made into a folio_doc.
 *
 * Input that cannot be used is reported with report_skip() (a warning naming the file and the reason)
 * and the caller goes on; only running out of memory is fatal.
 */
#ifndef FOLIO_INPUT_H
#define FOLIO_INPUT_H

#include "buf.h"
#include "folio.h"

#include <stddef.h>

/* Files larger than this are skipped (an article corpus holds no such file; it is a mistake or binary). */
#define INPUT_MAX_FILE_BYTES (64L * 1024 * 1024)

/* How long a PDF may take to read (checked between its pages; folio_doc_parse_pdf). */
#define INPUT_TIME_LIMIT_MS 30000u

typedef enum { INPUT_OTHER, INPUT_ARTICLE, INPUT_HTML, INPUT_JSONL, INPUT_PDF, INPUT_DOCX, INPUT_ODT, INPUT_EPUB } input_type;

/* By extension (any case): .txt .md articles, .html .htm HTML, .jsonl JSON Lines, .pdf PDF, .docx Word,
 * .odt OpenDocument text, .epub EPUB. */
input_type input_type_of(const char *path);

/* Files named README.*, LICENSE.*, COPYING.*, CHANGELOG.* describe a corpus rather than belong to it. */
int input_is_corpus_documentation(const char *relative);

/* Reads a whole file into *out (malloc'd, NUL-terminated). Returns 0 (read), 1 (skipped: unreadable,
 * too large; reported) or -1 (out of memory). */
int input_read_file(const char *path, char **out, size_t *out_len);

/* Text as UTF-8: as it is when valid, else decoded as Windows-1252 with a warning naming `where`. NULL
 * for binary data (a NUL byte) or when out of memory (converted->oom). `converted` holds any converted
 * copy, for the caller to free. */
const char *input_as_utf8(const char *where, const char *data, size_t *len, folio_buf *converted);

/* Makes a file's bytes into a document (the id is left to the caller). Returns 0 with *out, 1 when the
 * file was skipped (empty, binary, unparsable; reported), or -1 when out of memory. A PDF or EPUB read
 * only in part is a document and a warning (report_warn); one without a title is named after its file. */
int input_parse_file(folio_doc **out, const char *path, input_type type, const char *data, size_t len);

#endif
