/*
 * conn_guard.h — keeps slow clients from holding the server's connections (slowloris).
 *
 * libmicrohttpd's idle timeout restarts with every byte, so a client trickling a header a byte at a
 * time held a connection for ever, and 512 of them held every slot. Here each request must be whole
 * within a deadline that no trickle extends: its headers within CONN_HEADER_DEADLINE_S of the
 * connection's accept (or of its request line, on a kept-alive connection), and a kept-alive connection
 * must start its next request within CONN_IDLE_DEADLINE_S of the last answer. A connection past its
 * deadline is shut down (the library then closes it).
 *
 * The per-address bound is on connections still sending their headers, not on connections: a reverse
 * proxy keeps many connections open to the server, all from one address, but each spends only moments
 * sending headers; a slowloris from one address is what piles them up. A new connection from an address
 * with CONN_MAX_HEADER_PHASE_PER_ADDRESS such connections is refused at accept.
 *
 * Slow clients from many addresses (each under the per-address bound) are met by a global rule: while
 * more than a CONN_PRESSURE_SHARE-th of the connections at most are sending headers, a connection that
 * has been sending its headers for CONN_PRESSED_HEADER_DEADLINE_S is shut down (a real client sends them
 * in milliseconds), so that such clients can hold a slot that long, not CONN_HEADER_DEADLINE_S.
 *
 * The callbacks are libmicrohttpd's (accept policy, connection notification) plus two calls from the
 * request callbacks; all are thread-safe.
 */
#ifndef FOLIO_SEARCH_CONN_GUARD_H
#define FOLIO_SEARCH_CONN_GUARD_H

#include <microhttpd.h>

#include <sys/socket.h>

#define CONN_HEADER_DEADLINE_S 10
#define CONN_IDLE_DEADLINE_S 15
#define CONN_MAX_HEADER_PHASE_PER_ADDRESS 64
#define CONN_PRESSURE_SHARE 4
#define CONN_PRESSED_HEADER_DEADLINE_S 2

/* Starts the watchdog thread (0, or -1); conn_guard_stop() ends it. `capacity`: connections at most. */
int conn_guard_start(unsigned capacity);
void conn_guard_stop(void);

enum MHD_Result conn_guard_accept(void *cls, const struct sockaddr *addr, socklen_t len);
void conn_guard_notify(void *cls, struct MHD_Connection *con, void **socket_context,
                       enum MHD_ConnectionNotificationCode code);

/* The request line arrived (the URI callback). */
void conn_guard_request_line(struct MHD_Connection *con);
/* The request's headers are all in (the first call of the access handler). */
void conn_guard_headers_done(struct MHD_Connection *con);
/* The request was answered: the connection may wait for the next one. */
void conn_guard_request_done(struct MHD_Connection *con);

#endif
