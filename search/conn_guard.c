/* conn_guard.c — see conn_guard.h. */
#define _POSIX_C_SOURCE 200809L
#include "conn_guard.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* How often the watchdog looks: deadlines are met within this much. */
#define WATCH_INTERVAL_MS 250

typedef enum {
    SLOT_FREE,
    SLOT_HEADERS, /* accepted, or its request line arrived: sending headers (counted per address) */
    SLOT_IDLE,    /* kept alive between requests */
    SLOT_SERVING, /* headers in: the request is being answered */
} slot_state;

typedef struct slot {
    slot_state state;
    MHD_socket fd;
    struct sockaddr_storage addr;
    socklen_t addr_len;
    time_t deadline; /* CLOCK_MONOTONIC seconds; 0: none */
    time_t headers_since; /* CLOCK_MONOTONIC seconds: when it began sending its headers (SLOT_HEADERS) */
    int reserved; /* taken by conn_guard_accept for a connection the library has yet to start (no fd) */
} slot;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static slot *slots;
static unsigned nslots;
static int stopping;
static pthread_t watchdog;
static unsigned pressure_at; /* connections sending headers beyond which the pressed deadline holds */

static time_t now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec;
}

/* The address without its port. */
static int same_host(const struct sockaddr_storage *a, const struct sockaddr *b)
{
    if (a->ss_family != b->sa_family)
        return 0;
    if (b->sa_family == AF_INET)
        return memcmp(&((const struct sockaddr_in *)a)->sin_addr, &((const struct sockaddr_in *)b)->sin_addr,
                      sizeof(struct in_addr)) == 0;
    if (b->sa_family == AF_INET6)
        return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr, &((const struct sockaddr_in6 *)b)->sin6_addr,
                      sizeof(struct in6_addr)) == 0;
    return 0;
}

/* A slot sending headers from now, until `deadline`. */
static void slot_begin(slot *s, time_t deadline)
{
    s->state = SLOT_HEADERS;
    s->deadline = deadline;
    s->headers_since = now_s();
}

/* The library's threads each accept connections: the count and the slot it reserves are taken under one
 * lock, so that two threads accepting at once from one address cannot both see room for one more. */
enum MHD_Result conn_guard_accept(void *cls, const struct sockaddr *addr, socklen_t len)
{
    (void)cls;
    unsigned sending = 0;
    pthread_mutex_lock(&lock);
    for (unsigned i = 0; i < nslots; i++)
        sending += slots[i].state == SLOT_HEADERS && same_host(&slots[i].addr, addr);
    int admit = sending < CONN_MAX_HEADER_PHASE_PER_ADDRESS;
    for (unsigned i = 0; admit && i < nslots && len <= sizeof slots[i].addr; i++)
        if (slots[i].state == SLOT_FREE) {
            slot *s = &slots[i];
            memset(s, 0, sizeof *s);
            s->reserved = 1;
            s->fd = MHD_INVALID_SOCKET;
            memcpy(&s->addr, addr, len);
            s->addr_len = len;
            /* Freed by the watchdog then if the library never starts the connection. */
            slot_begin(s, now_s() + CONN_HEADER_DEADLINE_S);
            break;
        }
    pthread_mutex_unlock(&lock);
    return admit ? MHD_YES : MHD_NO;
}

static slot *slot_of(struct MHD_Connection *con)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(con, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

static void set_state(struct MHD_Connection *con, slot_state state, time_t seconds)
{
    pthread_mutex_lock(&lock);
    slot *s = slot_of(con);
    if (s && s->state != SLOT_FREE) {
        s->state = state;
        s->deadline = seconds ? now_s() + seconds : 0;
    }
    pthread_mutex_unlock(&lock);
}

void conn_guard_notify(void *cls, struct MHD_Connection *con, void **socket_context,
                       enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    pthread_mutex_lock(&lock);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *fd = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *addr = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        slot *s = NULL;
        /* The slot reserved when it was accepted (any one of its address: they are alike), else a free one. */
        for (unsigned i = 0; fd && addr && addr->client_addr && i < nslots && !s; i++)
            if (slots[i].reserved && same_host(&slots[i].addr, addr->client_addr))
                s = &slots[i];
        for (unsigned i = 0; fd && i < nslots && !s; i++)
            if (slots[i].state == SLOT_FREE) {
                s = &slots[i];
                memset(s, 0, sizeof *s);
                if (addr && addr->client_addr) {
                    s->addr_len = addr->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                                           : sizeof(struct sockaddr_in);
                    memcpy(&s->addr, addr->client_addr, s->addr_len);
                }
            }
        if (s) {
            s->reserved = 0;
            s->fd = fd->connect_fd;
            slot_begin(s, now_s() + CONN_HEADER_DEADLINE_S);
            *socket_context = s;
        }
    } else if (*socket_context) {
        /* Called before the library closes the socket: from here on the watchdog leaves the fd alone. */
        ((slot *)*socket_context)->state = SLOT_FREE;
        *socket_context = NULL;
    }
    pthread_mutex_unlock(&lock);
}

void conn_guard_request_line(struct MHD_Connection *con)
{
    pthread_mutex_lock(&lock);
    slot *s = slot_of(con);
    /* A kept-alive connection starts its next request: sending headers again, with a deadline. */
    if (s && s->state == SLOT_IDLE)
        slot_begin(s, now_s() + CONN_HEADER_DEADLINE_S);
    pthread_mutex_unlock(&lock);
}

void conn_guard_headers_done(struct MHD_Connection *con)
{
    set_state(con, SLOT_SERVING, 0);
}

void conn_guard_request_done(struct MHD_Connection *con)
{
    set_state(con, SLOT_IDLE, CONN_IDLE_DEADLINE_S);
}

static void *watch(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    while (!stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += WATCH_INTERVAL_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&wake, &lock, &until);
        time_t now = now_s();
        unsigned sending = 0;
        for (unsigned i = 0; i < nslots; i++)
            sending += slots[i].state == SLOT_HEADERS && slots[i].deadline;
        /* Many connections sending headers at once, from however many addresses: the slow ones go sooner. */
        int pressed = sending > pressure_at;
        for (unsigned i = 0; i < nslots; i++)
            if ((slots[i].state == SLOT_HEADERS || slots[i].state == SLOT_IDLE) && slots[i].deadline &&
                (now >= slots[i].deadline || (pressed && slots[i].state == SLOT_HEADERS &&
                                              now - slots[i].headers_since >= CONN_PRESSED_HEADER_DEADLINE_S))) {
                if (slots[i].reserved) { /* accepted, never started: nothing to close */
                    if (now >= slots[i].deadline) {
                        slots[i].state = SLOT_FREE;
                        slots[i].reserved = 0;
                    }
                    continue;
                }
                /* The library sees the end of the stream and closes the connection in its own thread. */
                shutdown(slots[i].fd, SHUT_RDWR);
                slots[i].deadline = 0;
            }
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

int conn_guard_start(unsigned capacity)
{
    /* Room beyond the connection limit: a refused connection is notified too. */
    nslots = capacity + capacity / 4 + 16;
    pressure_at = capacity / CONN_PRESSURE_SHARE;
    slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    stopping = 0;
    if (pthread_create(&watchdog, NULL, watch, NULL) != 0) {
        free(slots);
        slots = NULL;
        return -1;
    }
    return 0;
}

void conn_guard_stop(void)
{
    pthread_mutex_lock(&lock);
    stopping = 1;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    pthread_join(watchdog, NULL);
    free(slots);
    slots = NULL;
    nslots = 0;
}
