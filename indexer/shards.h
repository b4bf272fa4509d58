/*
 * shards.h — the layout of a sharded index (folio-index --shards N -d PATH).
 *
 * PATH is a directory holding shard-0 .. shard-(N-1), each a complete folio database, and a Xapian stub
 * file PATH/XAPIANDB with one `auto shard-K` line per shard, in order. Xapian and libfolio open such a
 * directory as one database, so PATH is searched like any other; remote deployments copy or serve the
 * shard directories and write their own stub (README "Running on several machines").
 *
 * Design: libfolio is unchanged as a writer; folio-index opens one writer (or one bulk rebuild) per
 * shard and the pipeline routes each stored job to its shard (pipeline.h), while sources.c compares the
 * input with a reader opened on the stub, which sees every shard as one database. The stub is the only
 * record of the shard count: later runs read N from it.
 *
 * Routing: a document lives in shard FNV-1a-64(key) mod N, where key is a record's id, or for a file its
 * root's canonical path, "/", and its path under the root (the file's unique key in the database). FNV-1a
 * (offset basis 14695981039346656037, prime 1099511628211, over the key's bytes) is fixed here forever:
 * changing it would strand documents in the wrong shard, where updates and deletions would miss them.
 *
 * Metadata: every shard carries the schema, analyzer version and language (each is created as a folio
 * database with the same language), and after each run the union of all shards' keyword fields
 * (shards_share_keyword_fields), so any shard answers what a query's FIELD: may name.
 */
#ifndef FOLIO_SHARDS_H
#define FOLIO_SHARDS_H

#include <stddef.h>

#define SHARDS_MAX 256
#define SHARDS_STUB_NAME "XAPIANDB"

/* How many shards the index at `path` has: 0 when it is not a sharded index (a single database, or
 * nothing yet). FOLIO_EINVALID for a stub that folio-index did not write (e.g. remote lines). */
int shards_count(const char *path, unsigned *out);

/* 1 when `path` is an existing single (unsharded) database, which --shards must not turn into shards. */
int shards_is_single_database(const char *path);

/* Creates the directory `path` (if missing) for a new sharded index. */
int shards_make_directory(const char *path);

/* Writes the stub listing shard-0 .. shard-(n-1), atomically (a new file renamed over the old). Only
 * once every shard exists as a folio database: a stub never names a shard that does not open. */
int shards_write_stub(const char *path, unsigned n);

/* The database path of shard i: "path/shard-i", malloc'd; NULL when out of memory. */
char *shards_path(const char *path, unsigned i);

/* The shard of a record (id) or of a file (its root's canonical path and its relative path). */
unsigned shards_of_record(const char *id, unsigned n);
unsigned shards_of_file(const char *root, const char *relative, unsigned n);

/* Gives every shard the keyword fields any shard knows, committing the shards that learnt some. */
int shards_share_keyword_fields(const char *path, unsigned n);

#endif
