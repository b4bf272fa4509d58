/*
 * sources.h — the main thread of folio-index: finds the input of each SOURCE, compares it with what the
 * database holds, and submits the work to the pipeline.
 *
 *  - A directory is a root, known by its canonical path. Its files are walked in sorted order; a file
 *    whose size and modification time match the stored state is passed over unread, any other is read
 *    by a worker, which passes it over too when its content hash matches (recording the new time). Once
 *    the whole root was walked, the stored files it no longer holds are deleted: only this root's, and
 *    never below a directory that could not be read. A file that reappears under another name with the
 *    same content is counted as renamed.
 *  - A file given directly belongs to the root of its directory, under its file name.
 *  - JSON Lines (.jsonl files, also inside a root, and - for standard input) are upserts: a record whose
 *    data hash matches the stored one is passed over; {"id": ..., "deleted": true} deletes.
 * --url-prefix is remembered per root; a root whose prefix changes is re-indexed whole.
 * A root is walked as walk.h says: each directory once, symbolic links leaving it followed only with
 * --follow-links, and an interrupt (sources_interrupted) ends the walk too.
 */
#ifndef FOLIO_SOURCES_H
#define FOLIO_SOURCES_H

#include "exclude.h"
#include "pipeline.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

/* Set by the SIGINT handler: stop submitting, finish what was submitted. */
extern volatile sig_atomic_t sources_interrupted;

typedef struct sources {
    pipeline *p;
    folio_db *reader;           /* what the database held before the run; NULL for a rebuild (nothing) */
    const char *url_prefix;     /* --url-prefix, or NULL to keep each root's own */
    const exclude_list *excludes;
    int follow_links;           /* --follow-links: symbolic links out of a root are followed too */
    root_info **roots;          /* every root met (they outlive their jobs) */
    size_t nroots;
    uint64_t *vanished;         /* content hashes of deleted vanished files (rename detection) */
    size_t nvanished, vanished_cap;
    uint64_t *touched;          /* keys met in this run: a hash set (records: id; in bulk also files) */
    size_t ntouched, touched_cap;
    int repeated;               /* bulk: a key was met twice, or a record deleted (folio_rebuild_finish) */
} sources;

/* Indexes one SOURCE (a directory, a file, or "-"). < 0 only for fatal errors (the pipeline failed, out
 * of memory); unusable input is reported and skipped. */
int sources_index(sources *s, const char *source);

/* Submits --delete ID. */
int sources_delete(sources *s, const char *id);

void sources_free(sources *s);

#endif
