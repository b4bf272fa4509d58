/*
 * record_store.h — how a document's record is kept in the database (schema.h "Record").
 *
 * The record is its JSON (folio_schema_doc_json), compressed as one zstd frame, in value slot
 * FOLIO_SLOT_RECORD; the document data stays empty. Why not Xapian's document data, which deflates
 * what it stores: every hit of a search reads its record back, and inflating it was the largest single
 * cost of a hit (zstd reads it back in about a third of the time: bench/batch/README.md); and a
 * value, unlike the document data, is stored as it is, so writing does not pay for a second compression
 * that cannot shrink a zstd frame. Databases of schema 2 hold the plain JSON as their document data; it
 * starts with '{' (a zstd frame never does), and still reads.
 *
 * The zstd contexts are kept per thread, made on first use and freed when the thread ends.
 */
#ifndef FOLIO_RECORD_H
#define FOLIO_RECORD_H

#include "buf.h"
#include "folio.h"

#include <stddef.h>

/* zstd's fastest level: higher levels made records barely smaller and writing slower (bench/batch/README.md). */
#define FOLIO_RECORD_ZSTD_LEVEL 1
/* The longest record kept: records come from documents of at most 64 MiB (indexer/input.h), which JSON
 * escaping makes at most six times longer (a control character is written \u00XX). A longer record is
 * refused when stored, so that none is written that could not be read back; a stored record claiming
 * more is taken for damage rather than allocated. */
#define FOLIO_RECORD_MAX_BYTES ((size_t)512 * 1024 * 1024)

/* Replaces the contents of `out` with the stored form of a record's JSON (json, len bytes). 0,
 * FOLIO_EINVALID for a record over FOLIO_RECORD_MAX_BYTES, or FOLIO_ENOMEM. */
int folio_record_pack(folio_buf *out, const char *json, size_t len);

/* The JSON of a stored record (data, len bytes as read from the database): *json points either into
 * `data` (a plain JSON record of schema 2) or into `scratch`, whose contents it replaces; either way it
 * stays valid while both are unchanged. 0, or FOLIO_ECORRUPT (not a record: the message says why), or
 * FOLIO_ENOMEM. */
int folio_record_unpack(const char **json, size_t *json_len, folio_buf *scratch, const char *data, size_t len);

/* A stored record read back as a document (folio_record_unpack, then folio_doc_parse_json): *out is the
 * caller's to free; `scratch` is working space. FOLIO_ECORRUPT when the record is damaged, or FOLIO_ENOMEM. */
int folio_record_read(folio_doc **out, folio_buf *scratch, const char *data, size_t len);

#endif
