/*
 * answer_query.h — answers one query the way the command line asks (hits, a count, or an explanation), in the
 * chosen output format. Shared by the single query of the command line and every line of a batch.
 */
#ifndef FOLIO_SEARCH_ANSWER_QUERY_H
#define FOLIO_SEARCH_ANSWER_QUERY_H

#include "buf.h"
#include "folio.h"
#include "options.h"

/* What to run about a failure with this code, as text to append to the library's message ("" when
 * there is nothing to run): the library says what is wrong, the program what to do about it. */
const char *answer_error_advice(int code);

/* Appends what comes before the first answer (the TSV header). */
void answer_begin(const settings *s, folio_buf *out);

/* Runs `query` (known as `qid`) and appends the answer to `out`. A failure is reported on stderr, and in
 * `out` as the format allows (see output_error). Returns EXIT_HITS, EXIT_NO_HITS or EXIT_ERROR. */
int answer_query(const settings *s, folio_db *db, folio_buf *out, const char *qid, const char *query);

#endif
