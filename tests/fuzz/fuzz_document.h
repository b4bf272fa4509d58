/*
 * fuzz_document.h — the properties every document reader's fuzz target checks (PDF, DOCX, ODT, EPUB),
 * besides not crashing or leaking: a document read has text or a title, no id (the indexer gives it
 * one), valid UTF-8 in every field; a refusal leaves neither a document nor a warning.
 */
#ifndef FOLIO_FUZZ_DOCUMENT_H
#define FOLIO_FUZZ_DOCUMENT_H

#include "folio.h"
#include "fuzz_check.h"
#include "text.h"

#include <string.h>

static void fuzz_check_field(const folio_doc *doc, const char *name)
{
    const char *v = folio_doc_get(doc, name);
    FUZZ_CHECK(!v || folio_utf8_valid(v, strlen(v), NULL));
}

/* `rc` is the reader's answer; `doc` and `warning` what it left in its out-parameters. */
static void fuzz_check_document(int rc, const folio_doc *doc, const char *warning)
{
    if (rc == 0) {
        FUZZ_CHECK(folio_doc_get(doc, "title") || folio_doc_get(doc, "body"));
        FUZZ_CHECK(!folio_doc_get(doc, "id"));
        fuzz_check_field(doc, "title");
        fuzz_check_field(doc, "body");
        fuzz_check_field(doc, "author");
    } else {
        FUZZ_CHECK(!doc && !warning);
    }
}

#endif
