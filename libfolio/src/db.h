/*
 * db.h — the folio_db handle (folio.h) as the search engine sees it.
 *
 * A folio_db pairs a Xapian handle with the analyzer its language calls for and the schema facts kept
 * in the database metadata (see schema.h). It belongs to one thread at a time.
 */
#ifndef FOLIO_DB_H
#define FOLIO_DB_H

#include "analyzer.h"
#include "buf.h"
#include "folio.h"
#include "xapian_wrap.h"

#define FOLIO_LANGUAGE_MAX 64

struct folio_db {
    folio_xdb *x;
    folio_open_mode mode;
    char language[FOLIO_LANGUAGE_MAX];
    folio_analyzer *an;
    char **keyword_fields; /* names of keyword fields seen in the database (owned) */
    size_t nkeyword_fields;
    int keyword_fields_changed; /* writer: new names to record at the next commit */
    folio_buf scratch;          /* writer: working space for building terms and data */
};

#endif
