/*
 * throttle.c — refusing addresses that keep sending wrong keys (see throttle.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "throttle.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

typedef struct slot {
    unsigned failures;
    int64_t last_failure_ms;
    int64_t refused_until_ms;
} slot;

static slot slots[THROTTLE_SLOTS];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* FNV-1a of the address's bytes (not its port): the slot it is counted in. */
static slot *slot_of(const struct sockaddr *addr)
{
    const unsigned char *p;
    size_t n;
    if (addr->sa_family == AF_INET) {
        p = (const unsigned char *)&((const struct sockaddr_in *)addr)->sin_addr;
        n = 4;
    } else if (addr->sa_family == AF_INET6) {
        p = (const unsigned char *)&((const struct sockaddr_in6 *)addr)->sin6_addr;
        n = 8; /* the /64 prefix: one host has many addresses of it */
    } else {
        return NULL;
    }
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return &slots[h % THROTTLE_SLOTS];
}

static void forget_if_old(slot *s, int64_t now)
{
    if (s->failures && now - s->last_failure_ms > (int64_t)THROTTLE_FORGET_S * 1000)
        memset(s, 0, sizeof *s);
}

unsigned throttle_wait_ms(const struct sockaddr *addr)
{
    slot *s = addr ? slot_of(addr) : NULL;
    if (!s)
        return 0;
    pthread_mutex_lock(&mu);
    int64_t now = now_ms();
    forget_if_old(s, now);
    unsigned wait = s->refused_until_ms > now ? (unsigned)(s->refused_until_ms - now) : 0;
    pthread_mutex_unlock(&mu);
    return wait;
}

void throttle_failure(const struct sockaddr *addr)
{
    slot *s = addr ? slot_of(addr) : NULL;
    if (!s)
        return;
    pthread_mutex_lock(&mu);
    int64_t now = now_ms();
    forget_if_old(s, now);
    s->failures++;
    s->last_failure_ms = now;
    if (s->failures >= THROTTLE_FREE_FAILURES) {
        unsigned extra = s->failures - THROTTLE_FREE_FAILURES;
        int64_t wait = extra >= 16 ? THROTTLE_MAX_MS : (int64_t)THROTTLE_BASE_MS << extra;
        s->refused_until_ms = now + (wait < THROTTLE_MAX_MS ? wait : THROTTLE_MAX_MS);
    }
    pthread_mutex_unlock(&mu);
}

void throttle_success(const struct sockaddr *addr)
{
    slot *s = addr ? slot_of(addr) : NULL;
    if (!s)
        return;
    pthread_mutex_lock(&mu);
    memset(s, 0, sizeof *s);
    pthread_mutex_unlock(&mu);
}
