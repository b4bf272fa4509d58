/* test_xapian_wrap.c — the C door to Xapian (xapian_wrap.cpp): opening and locking, documents, commits,
 * metadata, term listing, query trees, ranking, sorting, totals and ownership of query nodes. */
#define _XOPEN_SOURCE 700 /* mkdtemp, nftw */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmpdir.h"

#include "error.h"
#include "folio.h"
#include "xapian_wrap.h"

#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PATH_BYTES 4096
#define TERM_BYTES 64
#define MAX_HITS 16
#define STOP_CODE 42

/* Value slots of the test corpus. */
#define SLOT_NUMBER 0
#define SLOT_ID 1
#define SLOT_RANK 2
#define SLOT_RECORD 3 /* empty in the test corpus: a hit's record is its document data */

static const folio_xrun_options RUN_DEFAULTS = {
    .offset = 0, .limit = 10, .check_at_least = 100, .sort = FOLIO_XSORT_RELEVANCE,
    .sort_slot = SLOT_RANK, .tiebreak_slot = SLOT_ID, .bm25_k1 = 1.2, .bm25_b = 0.75, .record_slot = SLOT_RECORD,
};

/* ---- Temporary directories ---- */

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[PATH_BYTES];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* ---- Building documents ---- */

typedef struct test_doc {
    const char *id;
    const char *words; /* space-separated; each takes the next position from 0 */
    double number;     /* in SLOT_NUMBER; NAN for none */
    double rank;       /* in SLOT_RANK; NAN for none */
} test_doc;

static void id_term(char *out, const char *id)
{
    snprintf(out, TERM_BYTES, "Q%s", id);
}

static void put_doc(folio_xdb *w, const test_doc *d, int *out_replaced)
{
    char term[TERM_BYTES];
    folio_xdoc *doc;
    assert_int_equal(folio_xdoc_new(&doc), 0);
    uint32_t pos = 0;
    for (const char *p = d->words; *p;) {
        size_t n = strcspn(p, " ");
        assert_int_equal(folio_xdoc_add_posting(doc, p, n, pos++), 0);
        p += n + strspn(p + n, " ");
    }
    id_term(term, d->id);
    assert_int_equal(folio_xdoc_add_boolean_term(doc, term, strlen(term)), 0);
    assert_int_equal(folio_xdoc_set_value(doc, SLOT_ID, d->id, strlen(d->id)), 0);
    if (!isnan(d->number))
        assert_int_equal(folio_xdoc_set_value_number(doc, SLOT_NUMBER, d->number), 0);
    if (!isnan(d->rank))
        assert_int_equal(folio_xdoc_set_value_number(doc, SLOT_RANK, d->rank), 0);
    assert_int_equal(folio_xdoc_set_data(doc, d->id, strlen(d->id)), 0);
    assert_int_equal(folio_xdb_replace(w, term, doc, out_replaced), 0);
    folio_xdoc_free(doc);
}

static void put_word_doc(folio_xdb *w, const char *id, const char *words, int *out_replaced)
{
    test_doc d = {id, words, NAN, NAN};
    put_doc(w, &d, out_replaced);
}

static folio_xdb *open_writer(const char *name)
{
    char path[PATH_BYTES];
    tmpdir_path(path, name);
    folio_xdb *w;
    int rc = folio_xdb_open_write(&w, path);
    if (rc != 0)
        fail_msg("open_write %s: %s", path, folio_error_last()->message);
    return w;
}

static folio_xdb *open_reader(const char *name)
{
    char path[PATH_BYTES];
    tmpdir_path(path, name);
    folio_xdb *r;
    int rc = folio_xdb_open_read(&r, path);
    if (rc != 0)
        fail_msg("open_read %s: %s", path, folio_error_last()->message);
    return r;
}

static uint64_t doc_count(folio_xdb *db)
{
    uint64_t n;
    assert_int_equal(folio_xdb_doc_count(db, &n), 0);
    return n;
}

/* Asserts the data of the document with `id` is `expected`, or that there is none (expected NULL). */
static void assert_data(folio_xdb *db, const char *id, const char *expected)
{
    char term[TERM_BYTES];
    char *data;
    size_t len;
    id_term(term, id);
    int rc = folio_xdb_get_data(db, term, &data, &len);
    if (!expected) {
        assert_int_equal(rc, FOLIO_ENOTFOUND);
        assert_null(data);
        return;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(len, strlen(expected));
    assert_string_equal(data, expected);
    free(data);
}

static void assert_metadata(folio_xdb *db, const char *key, const char *expected)
{
    char *value;
    assert_int_equal(folio_xdb_get_metadata(db, key, &value), 0);
    assert_non_null(value);
    assert_string_equal(value, expected);
    free(value);
}

/* ---- Opening ---- */

static void assert_open_read_fails(const char *path, int code)
{
    folio_xdb *db = (folio_xdb *)1;
    assert_int_equal(folio_xdb_open_read(&db, path), code);
    assert_null(db);
    assert_int_equal(folio_error_last()->code, code);
}

static void test_open_read_missing(void **state)
{
    (void)state;
    char path[PATH_BYTES];
    tmpdir_path(path, "missing");
    assert_open_read_fails(path, FOLIO_ENOTFOUND);
}

static void test_open_read_empty_directory(void **state)
{
    (void)state;
    char path[PATH_BYTES];
    tmpdir_path(path, "empty");
    assert_int_equal(mkdir(path, 0777), 0);
    /* Nothing is there yet: not found, as for a missing path. */
    assert_open_read_fails(path, FOLIO_ENOTFOUND);
}

static void test_open_read_damaged_xapian_files(void **state)
{
    (void)state;
    char path[PATH_BYTES];
    tmpdir_path(path, "damaged");
    assert_int_equal(mkdir(path, 0777), 0);
    write_file(path, "iamglass", "garbage\n");
    write_file(path, "postlist.glass", "more garbage\n");
    assert_open_read_fails(path, FOLIO_ECORRUPT);
}

static void test_open_read_directory_of_other_files(void **state)
{
    (void)state;
    char path[PATH_BYTES];
    tmpdir_path(path, "other-files");
    assert_int_equal(mkdir(path, 0777), 0);
    write_file(path, "notes.txt", "my own notes\n");
    write_file(path, "photo.jpg", "\xff\xd8\xff\xe0 not really\n");
    /* Something is there, and it is not a Xapian database (xapian_wrap.h). */
    assert_open_read_fails(path, FOLIO_ECORRUPT);
}

static void test_open_read_garbage_stub_file(void **state)
{
    (void)state;
    char path[PATH_BYTES];
    tmpdir_path(path, "stub");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("this is not a stub database file\n", f);
    assert_int_equal(fclose(f), 0);
    assert_open_read_fails(path, FOLIO_ECORRUPT);
}

static void test_second_writer_is_locked_out(void **state)
{
    (void)state;
    char path[PATH_BYTES];
    tmpdir_path(path, "locked");
    folio_xdb *first = open_writer("locked");
    folio_xdb *second = (folio_xdb *)1;
    assert_int_equal(folio_xdb_open_write(&second, path), FOLIO_ELOCKED);
    assert_null(second);
    assert_int_equal(folio_error_last()->code, FOLIO_ELOCKED);
    assert_non_null(strstr(folio_error_last()->message, "lock"));

    /* Readers are never locked out. */
    put_word_doc(first, "a", "alpha", NULL);
    assert_int_equal(folio_xdb_commit(first), 0);
    folio_xdb *reader = open_reader("locked");
    assert_int_equal(doc_count(reader), 1);
    folio_xdb_close(reader);

    folio_xdb_close(first);
    second = open_writer("locked");
    folio_xdb_close(second);
    folio_xdb_close(NULL);
}

/* ---- Documents and commits ---- */

static void test_replace_and_delete(void **state)
{
    (void)state;
    folio_xdb *w = open_writer("docs");
    int replaced = -1, deleted = -1;
    put_word_doc(w, "a", "alpha beta", &replaced);
    assert_int_equal(replaced, 0);
    put_word_doc(w, "b", "beta", &replaced);
    assert_int_equal(replaced, 0);
    /* Replacing sees the uncommitted first version. */
    put_word_doc(w, "a", "gamma", &replaced);
    assert_int_equal(replaced, 1);
    assert_int_equal(doc_count(w), 2);
    assert_data(w, "a", "a");

    uint64_t freq;
    assert_int_equal(folio_xdb_term_freq(w, "alpha", 5, &freq), 0);
    assert_int_equal(freq, 0); /* the old version's terms are gone */
    assert_int_equal(folio_xdb_term_freq(w, "gamma", 5, &freq), 0);
    assert_int_equal(freq, 1);
    assert_int_equal(folio_xdb_term_freq(w, "beta", 4, &freq), 0);
    assert_int_equal(freq, 1);

    assert_int_equal(folio_xdb_delete(w, "Qa", &deleted), 0);
    assert_int_equal(deleted, 1);
    assert_int_equal(folio_xdb_delete(w, "Qa", &deleted), 0);
    assert_int_equal(deleted, 0);
    assert_int_equal(folio_xdb_delete(w, "Qnever", NULL), 0);
    assert_data(w, "a", NULL);
    assert_data(w, "b", "b");
    assert_int_equal(doc_count(w), 1);

    assert_int_equal(folio_xdb_commit(w), 0);
    folio_xdb_close(w);
    folio_xdb *r = open_reader("docs");
    assert_int_equal(doc_count(r), 1);
    assert_data(r, "a", NULL);
    assert_data(r, "b", "b");
    folio_xdb_close(r);
}

static void test_binary_data_round_trip(void **state)
{
    (void)state;
    static const char data[] = {'x', '\0', 'y', '\xff'};
    folio_xdb *w = open_writer("binary");
    folio_xdoc *doc;
    assert_int_equal(folio_xdoc_new(&doc), 0);
    assert_int_equal(folio_xdoc_add_boolean_term(doc, "Qbin", 4), 0);
    assert_int_equal(folio_xdoc_add_term(doc, "word", 4), 0);
    assert_int_equal(folio_xdoc_set_data(doc, data, sizeof data), 0);
    assert_int_equal(folio_xdb_replace(w, "Qbin", doc, NULL), 0);
    folio_xdoc_free(doc);

    char *out;
    size_t len;
    assert_int_equal(folio_xdb_get_data(w, "Qbin", &out, &len), 0);
    assert_int_equal(len, sizeof data);
    assert_memory_equal(out, data, sizeof data);
    assert_int_equal(out[len], '\0');
    free(out);
    folio_xdb_close(w);
}

static void test_commit_makes_changes_visible(void **state)
{
    (void)state;
    folio_xdb *w = open_writer("visible");
    put_word_doc(w, "a", "alpha", NULL);
    assert_int_equal(folio_xdb_commit(w), 0);

    folio_xdb *before = open_reader("visible");
    assert_int_equal(doc_count(before), 1);
    put_word_doc(w, "b", "beta", NULL);
    folio_xdb *during = open_reader("visible");
    assert_int_equal(doc_count(during), 1);
    assert_data(during, "b", NULL);

    assert_int_equal(folio_xdb_commit(w), 0);
    folio_xdb *after = open_reader("visible");
    assert_int_equal(doc_count(after), 2);
    assert_data(after, "b", "b");
    /* An older reader keeps its snapshot until it reopens. */
    assert_int_equal(doc_count(before), 1);
    assert_int_equal(folio_xdb_reopen(before), 1);
    assert_int_equal(doc_count(before), 2);
    /* Nothing committed since: the handle stays where it is, and says so. */
    assert_int_equal(folio_xdb_reopen(before), 0);

    folio_xdb_close(before);
    folio_xdb_close(during);
    folio_xdb_close(after);
    folio_xdb_close(w);
}

static void test_close_without_commit_discards(void **state)
{
    (void)state;
    folio_xdb *w = open_writer("discard");
    put_word_doc(w, "a", "alpha", NULL);
    assert_int_equal(folio_xdb_set_metadata(w, "k", "committed"), 0);
    assert_int_equal(folio_xdb_commit(w), 0);

    put_word_doc(w, "b", "beta", NULL);
    put_word_doc(w, "a", "changed", NULL);
    assert_int_equal(folio_xdb_set_metadata(w, "k", "uncommitted"), 0);
    assert_int_equal(folio_xdb_set_metadata(w, "new", "uncommitted"), 0);
    assert_int_equal(doc_count(w), 2);
    folio_xdb_close(w);

    folio_xdb *r = open_reader("discard");
    assert_int_equal(doc_count(r), 1);
    assert_data(r, "b", NULL);
    uint64_t freq;
    assert_int_equal(folio_xdb_term_freq(r, "alpha", 5, &freq), 0);
    assert_int_equal(freq, 1);
    assert_int_equal(folio_xdb_term_freq(r, "changed", 7, &freq), 0);
    assert_int_equal(freq, 0);
    assert_metadata(r, "k", "committed");
    assert_metadata(r, "new", "");
    folio_xdb_close(r);

    /* The next writer starts from the committed state, not from the discarded one. */
    w = open_writer("discard");
    assert_int_equal(doc_count(w), 1);
    folio_xdb_close(w);
}

static void test_metadata(void **state)
{
    (void)state;
    folio_xdb *w = open_writer("meta");
    assert_metadata(w, "folio.test", "");
    assert_int_equal(folio_xdb_set_metadata(w, "folio.test", "value one"), 0);
    assert_metadata(w, "folio.test", "value one");
    assert_int_equal(folio_xdb_commit(w), 0);
    assert_int_equal(folio_xdb_set_metadata(w, "folio.test", "value two"), 0);
    assert_int_equal(folio_xdb_commit(w), 0);
    folio_xdb_close(w);

    folio_xdb *r = open_reader("meta");
    assert_metadata(r, "folio.test", "value two");
    assert_metadata(r, "folio.other", "");
    folio_xdb_close(r);
}

/* ---- Terms ---- */

#define MAX_TERMS 8

typedef struct term_list {
    size_t n;
    char term[MAX_TERMS][TERM_BYTES];
    uint64_t freq[MAX_TERMS];
    size_t stop_after; /* 0: never stop */
} term_list;

static int collect_term(void *ctx, const char *term, size_t len, uint64_t termfreq)
{
    term_list *t = ctx;
    assert_true(t->n < MAX_TERMS && len < TERM_BYTES);
    memcpy(t->term[t->n], term, len);
    t->term[t->n][len] = '\0';
    t->freq[t->n] = termfreq;
    t->n++;
    return t->n == t->stop_after ? STOP_CODE : 0;
}

static void test_terms_with_prefix(void **state)
{
    (void)state;
    folio_xdb *w = open_writer("terms");
    put_word_doc(w, "1", "Kt:b Kt:a Kx:z apple", NULL);
    put_word_doc(w, "2", "Kt:a Kt:c", NULL);
    assert_int_equal(folio_xdb_commit(w), 0);
    folio_xdb_close(w);
    folio_xdb *r = open_reader("terms");

    term_list t = {0};
    int more = -1;
    assert_int_equal(folio_xdb_terms_with_prefix(r, "Kt:", 3, 10, collect_term, &t, &more), 0);
    assert_int_equal(more, 0);
    assert_int_equal(t.n, 3);
    assert_string_equal(t.term[0], "Kt:a");
    assert_int_equal(t.freq[0], 2);
    assert_string_equal(t.term[1], "Kt:b");
    assert_int_equal(t.freq[1], 1);
    assert_string_equal(t.term[2], "Kt:c");

    /* The limit stops the walk and says so; exactly `limit` terms left is not "more". */
    memset(&t, 0, sizeof t);
    assert_int_equal(folio_xdb_terms_with_prefix(r, "Kt:", 3, 2, collect_term, &t, &more), 0);
    assert_int_equal(t.n, 2);
    assert_int_equal(more, 1);
    memset(&t, 0, sizeof t);
    assert_int_equal(folio_xdb_terms_with_prefix(r, "Kt:", 3, 3, collect_term, &t, &more), 0);
    assert_int_equal(t.n, 3);
    assert_int_equal(more, 0);
    memset(&t, 0, sizeof t);
    assert_int_equal(folio_xdb_terms_with_prefix(r, "Kt:", 3, 0, collect_term, &t, &more), 0);
    assert_int_equal(t.n, 0);
    assert_int_equal(more, 1);

    /* A callback's non-zero return stops the walk and is returned. */
    memset(&t, 0, sizeof t);
    t.stop_after = 1;
    assert_int_equal(folio_xdb_terms_with_prefix(r, "K", 1, 10, collect_term, &t, NULL), STOP_CODE);
    assert_int_equal(t.n, 1);

    memset(&t, 0, sizeof t);
    assert_int_equal(folio_xdb_terms_with_prefix(r, "none", 4, 10, collect_term, &t, &more), 0);
    assert_int_equal(t.n, 0);
    assert_int_equal(more, 0);

    uint64_t count;
    assert_int_equal(folio_xdb_term_count(r, &count), 0);
    assert_int_equal(count, 7); /* Kt:a Kt:b Kt:c Kx:z apple Q1 Q2 */
    folio_xdb_close(r);
}

/* ---- Queries ---- */

/* Documents that differ only by id have equal weights, so ties are visible. Inserted out of id order
 * so that document-number order and id order disagree. */
static const test_doc corpus[] = {
    {"d3", "quick red fox jumps over brown", 100, NAN},
    {"d1", "quick brown fox", 10, NAN},
    {"d2", "brown quick fox", -5, NAN},
    {"d4", "lazy dog", 0, NAN},
    {"d5", "lazy lazy dog", NAN, NAN},
    {"t3", "tie", NAN, 1},
    {"t1", "tie", NAN, 1},
    {"t2", "tie", NAN, 2},
};
#define CORPUS_SIZE (sizeof corpus / sizeof corpus[0])

static int build_query_db(void **state)
{
    (void)state;
    folio_xdb *w = open_writer("query");
    for (size_t i = 0; i < CORPUS_SIZE; i++)
        put_doc(w, &corpus[i], NULL);
    int rc = folio_xdb_commit(w);
    folio_xdb_close(w);
    return rc;
}

static int setup_group(void **state)
{
    return tmpdir_make("xapian_wrap") == 0 ? build_query_db(state) : -1;
}

static int teardown_group(void **state)
{
    (void)state;
    return tmpdir_remove();
}

static int open_query_reader(void **state)
{
    *state = open_reader("query");
    return 0;
}

static int close_reader(void **state)
{
    folio_xdb_close(*state);
    return 0;
}

typedef struct hits {
    size_t n;
    char id[MAX_HITS][TERM_BYTES];
    double weight[MAX_HITS];
    size_t stop_after; /* 0: never stop */
    int stop_code;
} hits;

static int collect_hit(void *ctx, double weight, const char *data, size_t len, const folio_xgroup *group)
{
    hits *h = ctx;
    assert_null(group); /* these runs never collapse */
    assert_true(h->n < MAX_HITS && len < TERM_BYTES);
    memcpy(h->id[h->n], data, len);
    h->id[h->n][len] = '\0';
    h->weight[h->n] = weight;
    h->n++;
    return h->n == h->stop_after ? h->stop_code : 0;
}

/* Runs q (which it frees) and checks that the totals are exact and that a relevance order never rises. */
static hits run_with(folio_xdb *db, folio_xquery *q, const folio_xrun_options *opts)
{
    assert_non_null(q);
    hits h = {0};
    folio_xtotals totals;
    int rc = folio_xdb_run(db, q, opts, collect_hit, NULL, &h, &totals);
    folio_xquery_free(q);
    if (rc != 0)
        fail_msg("run: %d %s", rc, folio_error_last()->message);
    assert_int_equal(totals.lower_bound, totals.upper_bound);
    assert_int_equal(totals.estimated, totals.lower_bound);
    assert_true(totals.lower_bound >= opts->offset + h.n);
    if (opts->sort == FOLIO_XSORT_RELEVANCE)
        for (size_t i = 1; i < h.n; i++)
            assert_true(h.weight[i] <= h.weight[i - 1]);
    return h;
}

static hits run(folio_xdb *db, folio_xquery *q)
{
    return run_with(db, q, &RUN_DEFAULTS);
}

/* Asserts the hit ids, in order, are the space-separated `expected`. */
static void assert_ids(const hits *h, const char *expected)
{
    char got[MAX_HITS * TERM_BYTES] = "";
    for (size_t i = 0; i < h->n; i++) {
        if (i)
            strcat(got, " ");
        strcat(got, h->id[i]);
    }
    assert_string_equal(got, expected);
}

/* A hit's record is the value in record_slot when the document has one, else its document data. */
static void test_hit_record_is_the_value_or_the_data(void **state)
{
    (void)state;
    folio_xdb *w = open_writer("records");
    static const char *const ids[] = {"a", "b"}, *const keys[] = {"Qa", "Qb"};
    for (size_t i = 0; i < 2; i++) {
        folio_xdoc *doc;
        char data[16];
        snprintf(data, sizeof data, "data-%s", ids[i]);
        assert_int_equal(folio_xdoc_new(&doc), 0);
        assert_int_equal(folio_xdoc_add_boolean_term(doc, keys[i], 2), 0);
        assert_int_equal(folio_xdoc_add_term(doc, "word", 4), 0);
        assert_int_equal(folio_xdoc_set_value(doc, SLOT_ID, ids[i], 1), 0);
        assert_int_equal(folio_xdoc_set_data(doc, data, strlen(data)), 0);
        if (i == 0)
            assert_int_equal(folio_xdoc_set_value(doc, SLOT_RECORD, "record-a", 8), 0);
        assert_int_equal(folio_xdb_replace(w, keys[i], doc, NULL), 0);
        folio_xdoc_free(doc);
    }
    hits h = run(w, folio_xquery_term("word", 4));
    assert_ids(&h, "record-a data-b");
    folio_xdb_close(w);
}

static double weight_of(const hits *h, const char *id)
{
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->id[i], id) == 0)
            return h->weight[i];
    fail_msg("no hit %s", id);
    return 0;
}

static void assert_close(double a, double b)
{
    if (fabs(a - b) > 1e-9 * fmax(1.0, fabs(b)))
        fail_msg("%.17g != %.17g", a, b);
}

static folio_xquery *term(const char *t)
{
    return folio_xquery_term(t, strlen(t));
}

static folio_xquery *pair(folio_xop op, folio_xquery *a, folio_xquery *b, unsigned window)
{
    folio_xquery *ops[2] = {a, b};
    return folio_xquery_combine(op, ops, 2, window);
}

static void test_term_query_ranks_and_breaks_ties(void **state)
{
    folio_xdb *db = *state;
    hits h = run(db, term("fox"));
    /* d1 and d2 weigh the same (same length and frequency): id order; the longer d3 weighs less. */
    assert_ids(&h, "d1 d2 d3");
    assert_true(h.weight[2] > 0);
    assert_close(h.weight[0], h.weight[1]);
    assert_true(h.weight[1] > h.weight[2]);

    h = run(db, term("tie"));
    assert_ids(&h, "t1 t2 t3");
    assert_close(h.weight[0], h.weight[2]);

    h = run(db, term("absent"));
    assert_int_equal(h.n, 0);
}

static void test_boolean_operators(void **state)
{
    folio_xdb *db = *state;
    hits fox = run(db, term("fox"));

    hits h = run(db, pair(FOLIO_XOP_AND, term("quick"), term("fox"), 0));
    assert_ids(&h, "d1 d2 d3");
    assert_true(h.weight[0] > weight_of(&fox, "d1"));

    h = run(db, pair(FOLIO_XOP_OR, term("red"), term("dog"), 0));
    assert_int_equal(h.n, 3);
    assert_true(weight_of(&h, "d3") > 0 && weight_of(&h, "d4") > 0 && weight_of(&h, "d5") > 0);

    h = run(db, pair(FOLIO_XOP_AND_NOT, term("fox"), term("red"), 0));
    assert_ids(&h, "d1 d2");
    assert_close(h.weight[0], weight_of(&fox, "d1"));

    /* A filter restricts without adding weight. */
    h = run(db, pair(FOLIO_XOP_FILTER, term("fox"), term("brown"), 0));
    assert_ids(&h, "d1 d2 d3");
    for (size_t i = 0; i < h.n; i++)
        assert_close(h.weight[i], weight_of(&fox, h.id[i]));
    h = run(db, pair(FOLIO_XOP_FILTER, term("fox"), term("red"), 0));
    assert_ids(&h, "d3");
    assert_close(h.weight[0], weight_of(&fox, "d3"));

    h = run(db, pair(FOLIO_XOP_AND_MAYBE, term("fox"), term("red"), 0));
    assert_int_equal(h.n, 3);
    assert_true(weight_of(&h, "d3") > weight_of(&fox, "d3"));
    assert_close(weight_of(&h, "d1"), weight_of(&fox, "d1"));

    h = run(db, pair(FOLIO_XOP_SYNONYM, term("red"), term("lazy"), 0));
    assert_int_equal(h.n, 3);
}

static void test_phrase_and_near(void **state)
{
    folio_xdb *db = *state;
    hits h = run(db, pair(FOLIO_XOP_PHRASE, term("quick"), term("brown"), 0));
    assert_ids(&h, "d1");
    assert_true(h.weight[0] > 0);
    h = run(db, pair(FOLIO_XOP_PHRASE, term("brown"), term("quick"), 0));
    assert_ids(&h, "d2");
    h = run(db, pair(FOLIO_XOP_PHRASE, term("fox"), term("quick"), 0));
    assert_int_equal(h.n, 0); /* both words in d1..d3, never adjacent in that order */
    /* A wider phrase window allows words in between, still in order (d3: quick at 0, brown at 5). */
    h = run(db, pair(FOLIO_XOP_PHRASE, term("quick"), term("brown"), 6));
    assert_ids(&h, "d1 d3");

    h = run(db, pair(FOLIO_XOP_NEAR, term("brown"), term("quick"), 2));
    assert_ids(&h, "d1 d2");
    /* d3: quick at 0, brown at 5. */
    h = run(db, pair(FOLIO_XOP_NEAR, term("brown"), term("quick"), 5));
    assert_ids(&h, "d1 d2");
    h = run(db, pair(FOLIO_XOP_NEAR, term("brown"), term("quick"), 6));
    assert_int_equal(h.n, 3);
    assert_ids(&h, "d1 d2 d3");
}

static void test_number_ranges(void **state)
{
    folio_xdb *db = *state;
    hits h = run(db, folio_xquery_number_range(SLOT_NUMBER, 0, 50));
    assert_ids(&h, "d1 d4"); /* weightless: id order */
    assert_close(h.weight[0], 0);
    h = run(db, folio_xquery_number_range(SLOT_NUMBER, 10, 10));
    assert_ids(&h, "d1");
    h = run(db, folio_xquery_number_range(SLOT_NUMBER, -HUGE_VAL, 0));
    assert_ids(&h, "d2 d4");
    h = run(db, folio_xquery_number_range(SLOT_NUMBER, 50, HUGE_VAL));
    assert_ids(&h, "d3");
    h = run(db, folio_xquery_number_range(SLOT_NUMBER, 101, HUGE_VAL));
    assert_int_equal(h.n, 0);
    /* Both ends open: every document with a number, and only those (d5 and t* have none). */
    h = run(db, folio_xquery_number_range(SLOT_NUMBER, -HUGE_VAL, HUGE_VAL));
    assert_ids(&h, "d1 d2 d3 d4");
}

static void test_scale_and_match_all(void **state)
{
    folio_xdb *db = *state;
    hits fox = run(db, term("fox"));
    hits h = run(db, folio_xquery_scale(term("fox"), 2.0));
    assert_ids(&h, "d1 d2 d3");
    for (size_t i = 0; i < h.n; i++)
        assert_close(h.weight[i], 2.0 * fox.weight[i]);

    h = run(db, folio_xquery_match_all());
    assert_ids(&h, "d1 d2 d3 d4 d5 t1 t2 t3");
    for (size_t i = 0; i < h.n; i++)
        assert_close(h.weight[i], 0);

    h = run(db, folio_xquery_match_nothing());
    assert_int_equal(h.n, 0);

    /* A filter on match-all is a pure boolean query. */
    h = run(db, pair(FOLIO_XOP_FILTER, folio_xquery_match_all(), term("lazy"), 0));
    assert_ids(&h, "d4 d5");
}

static void test_sort_by_value(void **state)
{
    folio_xdb *db = *state;
    folio_xrun_options opts = RUN_DEFAULTS;
    /* A value sort follows the slot's bytes alone (a key that breaks its own ties, see schema.h). */
    opts.sort = FOLIO_XSORT_VALUE;
    opts.sort_slot = SLOT_NUMBER;
    hits h = run_with(db, term("fox"), &opts);
    assert_ids(&h, "d2 d1 d3");
    opts.sort_slot = SLOT_ID;
    h = run_with(db, term("tie"), &opts);
    assert_ids(&h, "t1 t2 t3");
}

static void test_offset_limit_and_totals(void **state)
{
    folio_xdb *db = *state;
    folio_xrun_options opts = RUN_DEFAULTS;
    opts.offset = 2;
    opts.limit = 3;
    folio_xquery *q = folio_xquery_match_all();
    hits h = {0};
    folio_xtotals totals;
    assert_int_equal(folio_xdb_run(db, q, &opts, collect_hit, NULL, &h, &totals), 0);
    assert_ids(&h, "d3 d4 d5");
    assert_int_equal(totals.estimated, CORPUS_SIZE);
    assert_int_equal(totals.lower_bound, CORPUS_SIZE);
    assert_int_equal(totals.upper_bound, CORPUS_SIZE);

    /* No hits wanted: only the totals, still exact. */
    opts.offset = 0;
    opts.limit = 0;
    memset(&h, 0, sizeof h);
    memset(&totals, 0xff, sizeof totals);
    assert_int_equal(folio_xdb_run(db, q, &opts, collect_hit, NULL, &h, &totals), 0);
    assert_int_equal(h.n, 0);
    assert_int_equal(totals.lower_bound, CORPUS_SIZE);
    assert_int_equal(totals.upper_bound, CORPUS_SIZE);

    /* Past the end. */
    opts.offset = 100;
    opts.limit = 10;
    assert_int_equal(folio_xdb_run(db, q, &opts, collect_hit, NULL, &h, NULL), 0);
    assert_int_equal(h.n, 0);
    folio_xquery_free(q);
}

static void test_callback_stops_the_run(void **state)
{
    folio_xdb *db = *state;
    folio_xquery *q = folio_xquery_match_all();
    hits h = {.stop_after = 2, .stop_code = STOP_CODE};
    assert_int_equal(folio_xdb_run(db, q, &RUN_DEFAULTS, collect_hit, NULL, &h, NULL), STOP_CODE);
    assert_int_equal(h.n, 2);
    /* Errors from the callback come back unchanged too. */
    memset(&h, 0, sizeof h);
    h.stop_after = 1;
    h.stop_code = FOLIO_ENOMEM;
    assert_int_equal(folio_xdb_run(db, q, &RUN_DEFAULTS, collect_hit, NULL, &h, NULL), FOLIO_ENOMEM);
    assert_int_equal(h.n, 1);
    folio_xquery_free(q);
}

/* The hits and the value counts of one run (both callbacks share the context). */
typedef struct counted_run {
    hits h; /* first, so collect_hit can take the context as its own */
    size_t n;
    size_t slot_index[MAX_HITS];
    char value[MAX_HITS][TERM_BYTES];
    size_t len[MAX_HITS];
    uint64_t count[MAX_HITS];
} counted_run;

static int collect_count(void *ctx, size_t slot_index, const char *value, size_t len, uint64_t count)
{
    counted_run *c = ctx;
    assert_true(c->n < MAX_HITS && len < TERM_BYTES);
    c->slot_index[c->n] = slot_index;
    memcpy(c->value[c->n], value, len);
    c->len[c->n] = len;
    c->count[c->n] = count;
    c->n++;
    return 0;
}

static void test_value_counts(void **state)
{
    folio_xdb *db = *state;
    static const unsigned slots[] = {SLOT_RANK, SLOT_ID};
    folio_xrun_options opts = RUN_DEFAULTS;
    opts.limit = 1; /* counts cover every match, not only the hits asked for */
    opts.count_slots = slots;
    opts.ncount_slots = 2;
    counted_run c = {0};
    folio_xquery *q = pair(FOLIO_XOP_OR, term("tie"), term("lazy"), 0);
    assert_int_equal(folio_xdb_run(db, q, &opts, collect_hit, collect_count, &c, NULL), 0);
    folio_xquery_free(q);
    assert_int_equal(c.h.n, 1);
    /* SLOT_RANK: t1 and t3 hold 1, t2 holds 2 (in value order); d4, d5 hold none. Then the five ids. */
    assert_int_equal(c.n, 7);
    assert_int_equal(c.slot_index[0], 0);
    assert_int_equal(c.count[0], 2);
    assert_int_equal(c.slot_index[1], 0);
    assert_int_equal(c.count[1], 1);
    assert_true(memcmp(c.value[0], c.value[1], c.len[0] < c.len[1] ? c.len[0] : c.len[1]) <= 0);
    static const char *const ids[] = {"d4", "d5", "t1", "t2", "t3"};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(c.slot_index[2 + i], 1);
        assert_int_equal(c.len[2 + i], strlen(ids[i]));
        assert_memory_equal(c.value[2 + i], ids[i], c.len[2 + i]);
        assert_int_equal(c.count[2 + i], 1);
    }
}

static void test_copy_and_describe(void **state)
{
    folio_xdb *db = *state;
    folio_xquery *q = pair(FOLIO_XOP_AND, term("quick"), term("fox"), 0);
    char *text;
    assert_int_equal(folio_xquery_describe(q, &text), 0);
    assert_non_null(strstr(text, "quick AND fox"));
    free(text);

    folio_xquery *copy = folio_xquery_copy(q);
    folio_xquery_free(q);
    hits h = run(db, copy);
    assert_ids(&h, "d1 d2 d3");
    assert_null(folio_xquery_copy(NULL));
}

/* Combining takes ownership of every operand even when one is NULL: LeakSanitizer checks the rest. */
static void test_null_operands_free_the_others(void **state)
{
    (void)state;
    folio_xquery *ops[3] = {term("a"), NULL, term("b")};
    assert_null(folio_xquery_combine(FOLIO_XOP_AND, ops, 3, 0));

    folio_xquery *nested[2] = {pair(FOLIO_XOP_OR, term("a"), NULL, 0), term("c")};
    assert_null(folio_xquery_combine(FOLIO_XOP_PHRASE, nested, 2, 0));

    assert_null(folio_xquery_scale(NULL, 2.0));
    assert_null(folio_xquery_scale(pair(FOLIO_XOP_NEAR, NULL, term("d"), 3), 2.0));
    folio_xquery_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_read_missing),
        cmocka_unit_test(test_open_read_empty_directory),
        cmocka_unit_test(test_open_read_damaged_xapian_files),
        cmocka_unit_test(test_open_read_directory_of_other_files),
        cmocka_unit_test(test_open_read_garbage_stub_file),
        cmocka_unit_test(test_second_writer_is_locked_out),
        cmocka_unit_test(test_replace_and_delete),
        cmocka_unit_test(test_binary_data_round_trip),
        cmocka_unit_test(test_hit_record_is_the_value_or_the_data),
        cmocka_unit_test(test_commit_makes_changes_visible),
        cmocka_unit_test(test_close_without_commit_discards),
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_terms_with_prefix),
        cmocka_unit_test_setup_teardown(test_term_query_ranks_and_breaks_ties, open_query_reader, close_reader),
        cmocka_unit_test_setup_teardown(test_boolean_operators, open_query_reader, close_reader),
        cmocka_unit_test_setup_teardown(test_phrase_and_near, open_query_reader, close_reader),
        cmocka_unit_test_setup_teardown(test_number_ranges, open_query_reader, close_reader),
        cmocka_unit_test_setup_teardown(test_scale_and_match_all, open_query_reader, close_reader),
        cmocka_unit_test_setup_teardown(test_sort_by_value, open_query_reader, close_reader),
        cmocka_unit_test_setup_teardown(test_offset_limit_and_totals, open_query_reader, close_reader),
        cmocka_unit_test_setup_teardown(test_callback_stops_the_run, open_query_reader, close_reader),
        cmocka_unit_test_setup_teardown(test_value_counts, open_query_reader, close_reader),
        cmocka_unit_test_setup_teardown(test_copy_and_describe, open_query_reader, close_reader),
        cmocka_unit_test(test_null_operands_free_the_others),
    };
    return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
