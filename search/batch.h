/*
 * batch.h — many queries in one process: one query a line, `QID<TAB>QUERY` or just `QUERY` (the QID is
 * then the line number, from 1). Blank lines are skipped. The database stays open across the batch, and
 * every answer is written as soon as it is made, in the chosen format.
 */
#ifndef FOLIO_SEARCH_BATCH_H
#define FOLIO_SEARCH_BATCH_H

#include "folio.h"
#include "options.h"

/* Answers every line of s->batch_file (standard input when NULL or "-"). A failing line is answered with
 * an error and the batch goes on. Returns EXIT_ERROR if any line failed, the input could not be read or
 * the output could not be written; else EXIT_HITS. Stops quietly when standard output is closed. */
int batch_run(const settings *s, folio_db *db);

#endif
