/*
 * folio-index — builds or updates a folio database from article files, HTML and JSON Lines.
 *
 * A front end over libfolio's indexing API: sources.c finds the input and what changed, pipeline.c
 * runs the workers and stores their output. A database that holds documents is updated in place,
 * committing at the memory budget; a first build (or --full) is written beside the database in parts
 * and swapped in at the end. Either way the database only ever holds what was committed, with the
 * incremental state committed alongside, so a failure or a kill leaves the last commit intact and the
 * next run finishes the job.
 */
#define _POSIX_C_SOURCE 200809L
#include "exclude.h"
#include "folio.h"
#include "pipeline.h"
#include "report.h"
#include "sources.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_MEMORY_MB 512
#define MIN_MEMORY_MB 16
#define MAX_MEMORY_MB (1024 * 1024)
#define MAX_JOBS 256

enum { EXIT_ALL_INDEXED = 0, EXIT_FATAL = 2, EXIT_SOME_SKIPPED = 3, EXIT_INTERRUPTED = 130 };

typedef struct options {
    const char *db_path;
    const char *language;
    const char *url_prefix;
    exclude_list excludes;
    unsigned jobs;
    size_t memory_mb;
    int quiet, full, compact, delete_mode;
    char **args; /* SOURCEs, or with --delete the IDs */
    int nargs;
} options;

static const char *last_message(void)
{
    const folio_error *e = folio_error_last();
    return e ? e->message : "unknown error";
}

static void on_interrupt(int sig)
{
    sources_interrupted = 1;
    signal(sig, SIG_DFL); /* a second ^C stops at once */
}

static void catch_interrupts(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static void usage(FILE *out)
{
    fputs("Usage: folio-index [-d DB] [options] SOURCE...\n"
          "       folio-index [-d DB] --delete ID...\n"
          "Index article files, HTML and JSON Lines into a folio database, incrementally.\n"
          "\n"
          "SOURCE is a directory (walked recursively; hidden entries skipped), a file, or - for JSON Lines\n"
          "on standard input. Articles are .txt and .md files, HTML .html and .htm; .jsonl files hold one\n"
          "JSON record a line (id, title, body, date, url, author, and keyword fields; {\"id\": ...,\n"
          "\"deleted\": true} deletes). See corpus/README.md.\n"
          "\n"
          "Running again indexes only what changed: new and modified files, and deletes the documents of\n"
          "files gone from a directory given again. Records replace the record with their id.\n"
          "\n"
          "Options:\n"
          "  -d, --db DB          the database (default: $FOLIO_DB, else ./folio.db); created if missing\n"
          "  -l, --language LANG  stemming language of a new database (default english)\n"
          "      --full           rebuild the database from the SOURCEs given, ignoring what it holds\n"
          "      --delete         the arguments are ids of documents to delete, not SOURCEs\n"
          "      --exclude GLOB   do not index files or directories matching GLOB (repeatable; a GLOB with\n"
          "                       a / is matched against the path under the SOURCE directory)\n"
          "      --url-prefix URL the url of a file is URL followed by its path under the SOURCE directory\n"
          "                       (remembered for that directory)\n"
          "      --compact        rewrite the database compactly when done\n"
          "  -j, --jobs N         worker threads (default: one per core)\n"
          "      --memory MB      memory for documents not yet committed (default 512)\n"
          "  -q, --quiet          print only warnings and errors (no progress, no summary)\n"
          "  -h, --help           show this help\n"
          "      --version        show the version\n"
          "\n"
          "Exit status: 0 all input indexed, 3 some input skipped (see the warnings), 2 fatal error,\n"
          "130 interrupted (what was done is committed; run again to finish).\n",
          out);
}

/* A whole number in [min, max], else 0. */
static unsigned long parse_count(const char *s, unsigned long min, unsigned long max)
{
    char *end;
    unsigned long n = strtoul(s, &end, 10);
    return *s && !*end && n >= min && n <= max ? n : 0;
}

enum { OPT_VERSION = 256, OPT_FULL, OPT_DELETE, OPT_EXCLUDE, OPT_URL_PREFIX, OPT_COMPACT, OPT_MEMORY };

/* Returns -1 to go on, else the exit status. */
static int parse_options(options *o, int argc, char **argv)
{
    static const struct option long_options[] = {
        {"db", required_argument, NULL, 'd'},
        {"language", required_argument, NULL, 'l'},
        {"quiet", no_argument, NULL, 'q'},
        {"jobs", required_argument, NULL, 'j'},
        {"full", no_argument, NULL, OPT_FULL},
        {"delete", no_argument, NULL, OPT_DELETE},
        {"exclude", required_argument, NULL, OPT_EXCLUDE},
        {"url-prefix", required_argument, NULL, OPT_URL_PREFIX},
        {"compact", no_argument, NULL, OPT_COMPACT},
        {"memory", required_argument, NULL, OPT_MEMORY},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cores < 1 ? 1 : cores > MAX_JOBS ? MAX_JOBS : (unsigned)cores;
    o->memory_mb = DEFAULT_MEMORY_MB;
    o->db_path = getenv("FOLIO_DB");
    if (!o->db_path || !*o->db_path)
        o->db_path = "folio.db";
    int opt;
    while ((opt = getopt_long(argc, argv, "d:l:qj:h", long_options, NULL)) != -1) {
        switch (opt) {
        case 'd': o->db_path = optarg; break;
        case 'l': o->language = optarg; break;
        case 'q': o->quiet = 1; break;
        case OPT_FULL: o->full = 1; break;
        case OPT_DELETE: o->delete_mode = 1; break;
        case OPT_COMPACT: o->compact = 1; break;
        case OPT_URL_PREFIX: o->url_prefix = optarg; break;
        case OPT_EXCLUDE:
            if (exclude_add(&o->excludes, optarg) < 0) {
                fprintf(stderr, "folio-index: out of memory\n");
                return EXIT_FATAL;
            }
            break;
        case 'j':
            if (!(o->jobs = (unsigned)parse_count(optarg, 1, MAX_JOBS))) {
                fprintf(stderr, "folio-index: --jobs takes a number from 1 to %d\n", MAX_JOBS);
                return EXIT_FATAL;
            }
            break;
        case OPT_MEMORY:
            if (!(o->memory_mb = parse_count(optarg, MIN_MEMORY_MB, MAX_MEMORY_MB))) {
                fprintf(stderr, "folio-index: --memory takes a number of MB, at least %d\n", MIN_MEMORY_MB);
                return EXIT_FATAL;
            }
            break;
        case 'h': usage(stdout); return EXIT_ALL_INDEXED;
        case OPT_VERSION: printf("folio-index %s\n", FOLIO_VERSION); return EXIT_ALL_INDEXED;
        default: fprintf(stderr, "Try 'folio-index --help'.\n"); return EXIT_FATAL;
        }
    }
    o->args = argv + optind;
    o->nargs = argc - optind;
    if (o->nargs == 0 && !o->compact) {
        fprintf(stderr, o->delete_mode ? "folio-index: --delete needs the ids of the documents to delete\n"
                                       : "folio-index: no SOURCE given (a directory, a file, or - for JSON Lines "
                                         "on stdin)\nTry 'folio-index --help'.\n");
        return EXIT_FATAL;
    }
    if (o->delete_mode && o->full) {
        fprintf(stderr, "folio-index: --delete and --full do not go together\n");
        return EXIT_FATAL;
    }
    return -1;
}

/* How the run stores documents: into the database (incremental) or into a rebuild (bulk). */
typedef struct target {
    folio_db *db;     /* incremental: the writer */
    folio_db *reader; /* incremental: what was committed, for comparisons */
    folio_rebuild *rebuild;
    const char *language;
} target;

static int is_directory_or_missing(const char *path)
{
    struct stat st;
    return stat(path, &st) != 0 || S_ISDIR(st.st_mode);
}

/* An empty database (or --full) is built in bulk; one that holds documents is updated in place. */
static int open_target(target *t, const options *o)
{
    int rc;
    if (!o->full) {
        folio_open_options oo = FOLIO_OPEN_OPTIONS_INIT;
        oo.mode = FOLIO_OPEN_WRITE;
        oo.language = o->language;
        uint64_t docs = 0;
        if ((rc = folio_db_open(&t->db, o->db_path, &oo)) < 0 || (rc = folio_db_count(t->db, &docs)) < 0)
            return rc;
        if (docs > 0 || o->delete_mode || !is_directory_or_missing(o->db_path)) {
            oo.mode = FOLIO_OPEN_READ;
            t->language = folio_db_language(t->db);
            return docs > 0 ? folio_db_open(&t->reader, o->db_path, &oo) : 0;
        }
        /* Committing the new database's stamp first means a build killed midway leaves an empty folio
         * database, not a directory no folio program opens. */
        rc = folio_db_commit(t->db);
        folio_db_close(t->db);
        t->db = NULL;
        if (rc < 0)
            return rc;
    }
    if ((rc = folio_rebuild_begin(&t->rebuild, o->db_path, o->language)) < 0)
        return rc;
    t->language = folio_rebuild_language(t->rebuild);
    return 0;
}

/* Feeds every SOURCE (or --delete ID) to the pipeline, then drains it. */
static int run(const options *o, target *t, unsigned long *renamed)
{
    pipeline_config pc = {o->jobs, o->memory_mb << 20, t->db, t->rebuild, t->language};
    pipeline *p;
    int rc = pipeline_start(&p, &pc);
    if (!p)
        return rc;
    sources s = {0};
    s.p = p;
    s.reader = t->reader;
    s.url_prefix = o->url_prefix;
    s.excludes = &o->excludes;
    for (int i = 0; i < o->nargs && rc >= 0 && !sources_interrupted; i++)
        rc = o->delete_mode ? sources_delete(&s, o->args[i]) : sources_index(&s, o->args[i]);
    int finished = pipeline_finish(p, s.vanished, s.nvanished, renamed);
    sources_free(&s);
    return rc < 0 && finished >= 0 ? rc : finished;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void print_summary(const options *o, unsigned long renamed, double secs)
{
    unsigned long added = atomic_load(&report.added), updated = atomic_load(&report.updated);
    unsigned long deleted = atomic_load(&report.deleted);
    /* A rename is an addition and a deletion of the same content. */
    if (renamed > added || renamed > deleted)
        renamed = added < deleted ? added : deleted;
    added -= renamed;
    deleted -= renamed;
    double mb = (double)atomic_load(&report.bytes_done) / 1e6;
    printf("%lu documents indexed (%lu added, %lu replaced), %lu skipped, %lu unchanged, %lu deleted",
           added + updated + renamed, added, updated, atomic_load(&report.skipped), atomic_load(&report.unchanged),
           deleted);
    if (renamed)
        printf(", %lu renamed", renamed);
    if (atomic_load(&report.ignored))
        printf(", %lu other files ignored", atomic_load(&report.ignored));
    printf(" in %.2f s (%.1f MB/s) into %s\n", secs, secs > 0 ? mb / secs : 0.0, o->db_path);
}

int main(int argc, char **argv)
{
    options o = {0};
    int status = parse_options(&o, argc, argv);
    if (status >= 0) {
        exclude_free(&o.excludes);
        return status;
    }
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    catch_interrupts();
    target t = {0};
    unsigned long renamed = 0;
    int rc = 0;
    if (o.nargs > 0) {
        rc = open_target(&t, &o);
        if (rc >= 0) {
            report_progress_start(o.quiet);
            rc = run(&o, &t, &renamed);
            report_progress_stop();
        }
        folio_db_close(t.reader);
        folio_db_close(t.db); /* its writes were committed by the pipeline */
        if (t.rebuild && rc >= 0)
            rc = folio_rebuild_finish(t.rebuild, o.jobs);
        else if (t.rebuild)
            folio_rebuild_abort(t.rebuild);
    }
    if (rc >= 0 && o.compact)
        rc = folio_compact(o.db_path);
    exclude_free(&o.excludes);
    if (rc < 0) {
        fprintf(stderr, "folio-index: %s; nothing after the last commit was written\n", last_message());
        return EXIT_FATAL;
    }
    if (sources_interrupted)
        report_note("interrupted: what was indexed is committed; run folio-index again to finish");
    if (!o.quiet && o.nargs > 0)
        print_summary(&o, renamed, seconds_since(&start));
    if (sources_interrupted)
        return EXIT_INTERRUPTED;
    return atomic_load(&report.skipped) ? EXIT_SOME_SKIPPED : EXIT_ALL_INDEXED;
}
