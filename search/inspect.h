/*
 * inspect.h — questions about the database rather than queries: one stored document (--get) and the
 * database's statistics (--stats), in the chosen output format.
 */
#ifndef FOLIO_SEARCH_INSPECT_H
#define FOLIO_SEARCH_INSPECT_H

#include "buf.h"
#include "folio.h"
#include "options.h"

/* Appends the document s->get_id. Returns EXIT_HITS, EXIT_NO_HITS (no such document, said on stderr) or
 * EXIT_ERROR (reported on stderr). */
int inspect_get(const settings *s, folio_db *db, folio_buf *out);

/* Appends the statistics of the database at s->db_path. Returns EXIT_HITS or EXIT_ERROR. */
int inspect_stats(const settings *s, folio_db *db, folio_buf *out);

#endif
