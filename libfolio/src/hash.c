/* hash.c — see hash.h. MurmurHash3's 64-bit mixing applied to 8-byte little-endian words. */
#include "hash.h"

#include "folio.h"

#define C1 0x87c37b91114253d5ULL
#define C2 0x4cf5ad432745937fULL

static uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static uint64_t fmix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

/* Reads up to 8 bytes as a little-endian number, so the hash is the same on every machine. */
static uint64_t load_le(const unsigned char *p, size_t n)
{
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++)
        k |= (uint64_t)p[i] << (8 * i);
    return k;
}

static uint64_t scramble(uint64_t k)
{
    k *= C1;
    k = rotl(k, 31);
    return k * C2;
}

uint64_t folio_hash64(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)len;
    size_t n = len;
    for (; n >= 8; n -= 8, p += 8) {
        h ^= scramble(load_le(p, 8));
        h = rotl(h, 27) * 5 + 0x52dce729;
    }
    if (n)
        h ^= scramble(load_le(p, n));
    return fmix(h);
}

uint64_t folio_content_hash(const void *data, size_t len)
{
    return folio_hash64(data, len);
}
