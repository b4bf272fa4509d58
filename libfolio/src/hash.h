/*
 * hash.h — a fast 64-bit hash of bytes, for telling whether content changed between indexing runs.
 *
 * The value is part of what a database stores (schema.h, FOLIO_SLOT_STATE), so it is defined on the
 * bytes alone: the same on every machine and in every version of FOLIO_SCHEMA_VERSION 2. Not
 * cryptographic: it detects edits, not attacks (a collision only makes an edit look like no change).
 */
#ifndef FOLIO_HASH_H
#define FOLIO_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t folio_hash64(const void *data, size_t len);

#endif
