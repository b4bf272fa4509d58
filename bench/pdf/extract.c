/*
 * extract.c — PDF text extraction alone (folio_doc_parse_pdf, one thread), for bench/pdf/run.sh: reads
 * each PDF named on the command line into memory (not timed), extracts it (timed), and prints
 * "files pages input_bytes text_bytes seconds".
 */
#define _POSIX_C_SOURCE 200809L
#include "folio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    unsigned long long pages = 0, input = 0, text = 0;
    double seconds = 0;
    int files = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f || fseek(f, 0, SEEK_END) != 0) {
            perror(argv[i]);
            return 1;
        }
        long n = ftell(f);
        rewind(f);
        char *data = malloc((size_t)n);
        if (!data || fread(data, 1, (size_t)n, f) != (size_t)n) {
            perror(argv[i]);
            return 1;
        }
        fclose(f);
        folio_doc *doc;
        char *warning;
        double t0 = now();
        int rc = folio_doc_parse_pdf(&doc, &warning, data, (size_t)n, 0);
        seconds += now() - t0;
        if (rc < 0) {
            fprintf(stderr, "%s: %s\n", argv[i], folio_error_last()->message);
            return 1;
        }
        pages += strtoull(folio_doc_get(doc, "pages"), NULL, 10);
        const char *body = folio_doc_get(doc, "body");
        text += body ? strlen(body) : 0;
        input += (unsigned long long)n;
        files++;
        folio_free(warning);
        folio_doc_free(doc);
        free(data);
    }
    printf("%d %llu %llu %llu %.3f\n", files, pages, input, text, seconds);
    return 0;
}
