/*
 * throttle.h — slows down guessing of write keys: after THROTTLE_FREE_FAILURES failed attempts from
 * one address, that address is refused (429, without its key being checked) for a time that doubles
 * with each further failure, from THROTTLE_BASE_MS up to THROTTLE_MAX_MS. A success, or
 * THROTTLE_FORGET_S without failure, forgets the address. Addresses are kept in a fixed table
 * (THROTTLE_SLOTS): an address that collides with another shares its slot, which can only make it
 * wait sooner, never let it guess faster. Thread-safe.
 */
#ifndef FOLIO_SEARCH_THROTTLE_H
#define FOLIO_SEARCH_THROTTLE_H

#include <stddef.h>
#include <sys/socket.h>

#define THROTTLE_FREE_FAILURES 5
#define THROTTLE_BASE_MS 250
#define THROTTLE_MAX_MS 60000
#define THROTTLE_FORGET_S 600
#define THROTTLE_SLOTS 4096

/* 0 when the address may try a key now; else the milliseconds it must wait. addr may be NULL
 * (unknown: never refused). */
unsigned throttle_wait_ms(const struct sockaddr *addr);
void throttle_failure(const struct sockaddr *addr);
void throttle_success(const struct sockaddr *addr);

#endif
