/*
 * fuzz_check.h — FUZZ_CHECK(cond): a fuzz target's property check that runs in every build (assert()
 * would vanish under the NDEBUG of CI's builds), naming the property on stderr before aborting, so
 * libFuzzer keeps the input as a crash.
 */
#ifndef FOLIO_FUZZ_CHECK_H
#define FOLIO_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond)                                                                                      \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond);                      \
            abort();                                                                                         \
        }                                                                                                    \
    } while (0)

#endif
