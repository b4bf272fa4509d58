/*
 * folio-index — builds or updates a folio database from article files, HTML and JSON Lines.
 *
 * A front end over libfolio's indexing API: sources.c finds the input and what changed, pipeline.c
 * runs the workers and stores their output. A database that holds documents is updated in place,
 * committing at the memory budget; a first build (or --full), and a large addition of new directories
 * or JSON Lines (adds_large_input), is written beside the database in parts and swapped in at the end.
 * Either way the database only ever holds what was committed, with the incremental state committed
 * alongside, so a failure or a kill leaves the last commit intact and the next run finishes the job.
 *
 * With --shards N (or on a PATH that already is a sharded index) the same happens in every shard of the
 * layout of folio.h "Sharded indexes": one writer or rebuild per shard, the pipeline routing each document.
 */
#define _XOPEN_SOURCE 700 /* nftw, realpath */
#include "buf.h"
#include "exclude.h"
#include "folio.h"
#include "input.h"
#include "pipeline.h"
#include "report.h"
#include "sources.h"

#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
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
/* A new index built from fewer documents merges too fast for its merge to be announced. */
#define MERGE_NOTE_MIN_DOCS 10000

enum { EXIT_ALL_INDEXED = 0, EXIT_FATAL = 2, EXIT_SOME_SKIPPED = 3, EXIT_INTERRUPTED = 130 };

typedef struct options {
    const char *db_path;
    const char *language;
    const char *url_prefix;
    const char *recency, *boost; /* --recency, --boost: the database's search setting, or NULL */
    const char *synonyms_path;   /* --synonyms FILE, or NULL */
    char *synonyms;              /* its content (malloc'd), checked */
    size_t synonyms_len, synonym_rules;
    exclude_list excludes;
    unsigned jobs;
    unsigned shards; /* --shards N, else 0 (a new index is one database; an existing one keeps its layout) */
    size_t memory_mb;
    int quiet, full, compact, delete_mode, in_place, follow_links;
    int detect_languages; /* --language auto */
    char **args; /* SOURCEs, or with --delete the IDs */
    int nargs;
} options;

static const char *last_message(void)
{
    const folio_error *e = folio_error_last();
    return e ? e->message : "unknown error";
}

/* What to run about the last error, where the library's message only says what is wrong. */
static const char *last_error_advice(void)
{
    const folio_error *e = folio_error_last();
    if (e && e->code == FOLIO_EREINDEX)
        return " (folio-index --full re-indexes it)";
    if (e && e->code == FOLIO_ELOCKED)
        return " (another folio-index is writing to it)";
    return "";
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
          "on standard input. Articles are .txt and .md files, HTML .html and .htm, PDF .pdf,\n"
          "Word .docx, OpenDocument .odt, EPUB .epub; .jsonl files hold one\n"
          "JSON record a line (id, title, body, date, url, author, and keyword fields; {\"id\": ...,\n"
          "\"deleted\": true} deletes). See corpus/README.md.\n"
          "\n"
          "Running again indexes only what changed: new and modified files, and deletes the documents of\n"
          "files gone from a directory given again. Records replace the record with their id.\n"
          "\n"
          "Options:\n"
          "  -d, --db DB          the database (default: $FOLIO_DB, else ./folio.db); created if missing\n"
          "  -l, --language LANG  stemming language of a new database (default english), for the\n"
          "                       documents that do not say theirs (lang); auto: guess it for each\n"
          "      --full           rebuild the database from the SOURCEs given, ignoring what it holds\n"
          "      --delete         the arguments are ids of documents to delete, not SOURCEs\n"
          "      --exclude GLOB   do not index files or directories matching GLOB (repeatable; a GLOB with\n"
          "                       a / is matched against the path under the SOURCE directory)\n"
          "      --follow-links   follow symbolic links that lead out of a SOURCE directory (by default\n"
          "                       they are skipped with a warning; never into /proc or /sys)\n"
          "      --url-prefix URL the url of a file is URL followed by its path under the SOURCE directory\n"
          "                       (remembered for that directory)\n"
          "      --compact        rewrite the database compactly when done\n"
          "      --recency HALF   searches rank newer documents first: relevance x 0.5^(age / HALF), HALF\n"
          "                       as 30d, 12h, 2w or 1y; off to stop (kept in the database)\n"
          "      --boost F=W,...  searches weigh matches in text field F (body, title, author, url) W\n"
          "                       times; \"\" to stop (kept in the database)\n"
          "      --synonyms FILE  searches also match synonyms: one rule per line, \"usa, united states\"\n"
          "                       (two-way) or \"nyc => new york\" (one-way); replaces the database's\n"
          "                       list; an empty FILE removes it\n"
          "      --in-place       add to a database that holds documents where it is, even a large\n"
          "                       addition (slower, but needs no disk space for a second copy)\n"
          "      --shards N       build DB as N shards (DB/shard-0 ... and the stub DB/XAPIANDB, which\n"
          "                       opens as one database); later runs on DB update the right shards\n"
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

enum {
    OPT_VERSION = 256, OPT_FULL, OPT_DELETE, OPT_EXCLUDE, OPT_URL_PREFIX, OPT_COMPACT, OPT_IN_PLACE, OPT_MEMORY,
    OPT_SHARDS, OPT_FOLLOW_LINKS, OPT_RECENCY, OPT_BOOST, OPT_SYNONYMS
};

/* Reads and checks the --synonyms file, before anything is indexed: a bad list stops the run. */
static int read_synonyms(options *o)
{
    FILE *f = fopen(o->synonyms_path, "rb");
    folio_buf text = FOLIO_BUF_INIT;
    char chunk[65536];
    size_t n;
    /* One byte past the bound is enough for libfolio to refuse the list as too large. */
    while (f && text.len <= FOLIO_SYNONYMS_MAX_BYTES && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        folio_buf_append(&text, chunk, n);
    int failed = !f || ferror(f);
    const char *why = failed ? strerror(errno) : NULL;
    if (f)
        fclose(f);
    if (!why && folio_buf_check(&text) < 0)
        why = "out of memory";
    if (!why && folio_synonyms_check(text.data ? text.data : "", text.len, &o->synonym_rules) < 0)
        why = last_message();
    if (why) {
        fprintf(stderr, "folio-index: %s: %s\n", o->synonyms_path, why);
        folio_buf_free(&text);
        return -1;
    }
    o->synonyms_len = text.len;
    o->synonyms = folio_buf_detach(&text);
    return 0;
}

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
        {"in-place", no_argument, NULL, OPT_IN_PLACE},
        {"memory", required_argument, NULL, OPT_MEMORY},
        {"shards", required_argument, NULL, OPT_SHARDS},
        {"follow-links", no_argument, NULL, OPT_FOLLOW_LINKS},
        {"recency", required_argument, NULL, OPT_RECENCY},
        {"boost", required_argument, NULL, OPT_BOOST},
        {"synonyms", required_argument, NULL, OPT_SYNONYMS},
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
        case 'l':
            /* auto: the database keeps (or gets) its own language for what cannot be told */
            o->detect_languages = strcmp(optarg, "auto") == 0;
            o->language = o->detect_languages ? NULL : optarg;
            break;
        case 'q': o->quiet = 1; break;
        case OPT_FULL: o->full = 1; break;
        case OPT_DELETE: o->delete_mode = 1; break;
        case OPT_COMPACT: o->compact = 1; break;
        case OPT_IN_PLACE: o->in_place = 1; break;
        case OPT_FOLLOW_LINKS: o->follow_links = 1; break;
        case OPT_URL_PREFIX: o->url_prefix = optarg; break;
        case OPT_RECENCY: o->recency = optarg; break;
        case OPT_BOOST: o->boost = optarg; break;
        case OPT_SYNONYMS: o->synonyms_path = optarg; break;
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
        case OPT_SHARDS:
            if (!(o->shards = (unsigned)parse_count(optarg, 1, FOLIO_SHARDS_MAX))) {
                fprintf(stderr, "folio-index: --shards takes a number from 1 to %d\n", FOLIO_SHARDS_MAX);
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
    if (folio_boosts_check(o->recency, o->boost) < 0) {
        fprintf(stderr, "folio-index: %s\n", last_message());
        return EXIT_FATAL;
    }
    if (o->synonyms_path && read_synonyms(o) < 0)
        return EXIT_FATAL;
    if (o->nargs == 0 && !o->compact && !o->recency && !o->boost && !o->synonyms_path) {
        fprintf(stderr, o->delete_mode ? "folio-index: --delete needs the ids of the documents to delete\n"
                                       : "folio-index: no SOURCE given (a directory, a file, or - for JSON Lines "
                                         "on stdin)\nTry 'folio-index --help'.\n");
        return EXIT_FATAL;
    }
    if (o->delete_mode && o->full) {
        fprintf(stderr, "folio-index: --delete and --full do not go together\n");
        return EXIT_FATAL;
    }
    if (o->in_place && o->full) {
        fprintf(stderr, "folio-index: --in-place and --full do not go together (--full rebuilds)\n");
        return EXIT_FATAL;
    }
    return -1;
}

/* How the run stores documents: into the databases (incremental) or into rebuilds (bulk), one of each
 * per shard (a single database is one shard). */
typedef struct target {
    unsigned nshards;   /* 0 for a single database, else the shards of a sharded index */
    int new_shards;     /* --shards N for an index that does not exist yet */
    unsigned n;         /* databases: nshards, or 1 */
    char **paths;       /* each database's path */
    folio_db **dbs;     /* incremental: the writers */
    folio_rebuild **rebuilds;
    folio_db *reader;   /* what was committed (every shard, through the stub), for comparisons; NULL when
                         * nothing is kept */
    const char *language;
    int detect_languages; /* the database asks for it (folio_db_language_detection) */
} target;

static int is_directory_or_missing(const char *path)
{
    struct stat st;
    return stat(path, &st) != 0 || S_ISDIR(st.st_mode);
}

static int out_of_memory(void)
{
    return folio_error_set(FOLIO_ENOMEM, "out of memory");
}

/* Decides the layout (a single database, or shards: the existing ones, or --shards N for a new index)
 * and fills in the databases' paths. */
static int plan_layout(target *t, const options *o)
{
    int rc = folio_shards_count(&t->nshards, o->db_path);
    if (rc < 0)
        return rc;
    if (o->shards && t->nshards && o->shards != t->nshards)
        return folio_error_set(FOLIO_EINVALID, "%s has %u shards, not %u (resharding: build a new index)",
                               o->db_path, t->nshards, o->shards);
    if (o->shards && !t->nshards && folio_shards_is_single_database(o->db_path))
        return folio_error_set(FOLIO_EINVALID, "%s is a single database; build the shards at a new path",
                               o->db_path);
    if (!t->nshards) {
        t->nshards = o->shards;
        t->new_shards = o->shards > 0;
    }
    t->n = t->nshards ? t->nshards : 1;
    if (!(t->paths = calloc(t->n, sizeof *t->paths)) || !(t->dbs = calloc(t->n, sizeof *t->dbs)))
        return out_of_memory();
    for (unsigned i = 0; i < t->n; i++) {
        if (t->nshards)
            rc = folio_shards_path(&t->paths[i], o->db_path, i);
        else if (!(t->paths[i] = strdup(o->db_path)))
            rc = out_of_memory();
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* How long to wait for a write lock another writer holds: folio-search's write API (--write-keys) takes
 * the lock only for each batch it commits, so under a steady push it is free again within a commit or
 * two; another folio-index holds it for its whole run, and then this run gives up after the wait. */
#define LOCK_WAIT_MS 5000
#define LOCK_RETRY_MS 25

static void pause_ms(unsigned ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* folio_db_open, waiting up to LOCK_WAIT_MS for a write lock that is held. */
static int open_waiting(folio_db **db, const char *path, const folio_open_options *oo)
{
    int rc;
    for (unsigned waited = 0; (rc = folio_db_open(db, path, oo)) == FOLIO_ELOCKED && waited < LOCK_WAIT_MS;
         waited += LOCK_RETRY_MS)
        pause_ms(LOCK_RETRY_MS);
    return rc;
}

/* folio_rebuild_begin, waiting the same way. */
static int rebuild_waiting(folio_rebuild **rb, const char *path, const char *language)
{
    int rc;
    for (unsigned waited = 0; (rc = folio_rebuild_begin(rb, path, language)) == FOLIO_ELOCKED && waited < LOCK_WAIT_MS;
         waited += LOCK_RETRY_MS)
        pause_ms(LOCK_RETRY_MS);
    return rc;
}

/* A new sharded index: its directory, each shard as an empty folio database, then the stub naming them
 * (so the stub never names a shard that does not open). */
static int create_shards(const target *t, const options *o)
{
    int rc = folio_shards_make_directory(o->db_path);
    folio_open_options oo = FOLIO_OPEN_OPTIONS_INIT;
    oo.mode = FOLIO_OPEN_WRITE;
    oo.language = o->language;
    for (unsigned i = 0; i < t->n && rc >= 0; i++) {
        folio_db *db;
        if ((rc = folio_db_open(&db, t->paths[i], &oo)) >= 0) {
            rc = folio_db_commit(db);
            folio_db_close(db);
        }
    }
    return rc < 0 ? rc : folio_shards_write_stub(o->db_path, t->n);
}

/* Opens every database for writing; *docs gets the documents they hold. */
static int open_writers(target *t, const options *o, uint64_t *docs)
{
    folio_open_options oo = FOLIO_OPEN_OPTIONS_INIT;
    oo.mode = FOLIO_OPEN_WRITE;
    oo.language = o->language;
    *docs = 0;
    int rc = 0;
    for (unsigned i = 0; i < t->n && rc >= 0; i++) {
        uint64_t count = 0;
        if ((rc = open_waiting(&t->dbs[i], t->paths[i], &oo)) >= 0 && (rc = folio_db_count(&count, t->dbs[i])) >= 0)
            *docs += count;
    }
    return rc;
}

/* Commits each new database's stamp and closes it: a build killed midway then leaves empty folio
 * databases, not directories no folio program opens. */
static int close_writers(target *t)
{
    int rc = 0;
    for (unsigned i = 0; i < t->n; i++) {
        if (rc >= 0)
            rc = folio_db_commit(t->dbs[i]);
        folio_db_close(t->dbs[i]);
        t->dbs[i] = NULL;
    }
    return rc;
}

static uint64_t tree_total;

static int add_file_bytes(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)path, (void)ftw;
    if (type == FTW_F)
        tree_total += (uint64_t)st->st_size;
    return 0;
}

/* The bytes of the regular files under path (the file itself, for a file). */
static uint64_t tree_bytes(const char *path)
{
    tree_total = 0;
    nftw(path, add_file_bytes, 16, FTW_PHYS);
    return tree_total;
}

/* Input that is at least this fraction of the database, all of it new or upserts, is built in parallel
 * and merged with what the database holds; smaller additions go in place. (The merge rewrites the whole
 * database, which pays off only when the addition saves as much single-writer time: bench/indexing/README.md.) */
#define BULK_ADD_MIN_SHARE 16

/* Whether a SOURCE can be built apart and merged: a directory the database has never indexed (none of
 * its files is to be compared or deleted), or a JSON Lines file (upserts by id, which the merge applies
 * by keeping the last version of each id). A file under a known root, or standard input, cannot. */
static int mergeable_source(const target *t, const char *arg, uint64_t *bytes)
{
    char canonical[PATH_MAX];
    struct stat st;
    if (stat(arg, &st) != 0 || !realpath(arg, canonical))
        return 0;
    if (S_ISREG(st.st_mode) && input_type_of(canonical) == INPUT_JSONL) {
        *bytes += (uint64_t)st.st_size;
        return 1;
    }
    char *prefix = NULL;
    int known = S_ISDIR(st.st_mode) && folio_db_root_get(&prefix, t->reader, canonical) >= 0;
    folio_free(prefix);
    if (!S_ISDIR(st.st_mode) || known)
        return 0;
    *bytes += tree_bytes(canonical);
    return 1;
}

/* Whether every SOURCE can be merged and together they are large next to the database. */
static int adds_large_input(const target *t, const options *o)
{
    if (!t->reader || o->in_place)
        return 0;
    uint64_t input = 0;
    for (int i = 0; i < o->nargs; i++)
        if (!mergeable_source(t, o->args[i], &input))
            return 0;
    return input * BULK_ADD_MIN_SHARE >= tree_bytes(o->db_path);
}

/* Whether the database at `path` asks for language detection, as far as it can be read: --full may be
 * rebuilding one that no longer opens (then the run's own options decide). */
static int old_database_detects_languages(const char *path)
{
    folio_db *db;
    folio_open_options oo = FOLIO_OPEN_OPTIONS_INIT;
    if (folio_db_open(&db, path, &oo) < 0)
        return 0;
    int on = folio_db_language_detection(db) > 0;
    folio_db_close(db);
    return on;
}

/* An empty index (or --full) is built in bulk; one that holds documents is updated in place, unless the
 * input is a large addition (then it is built in bulk too and the database's documents merged in). */
static int open_target(target *t, const options *o)
{
    int rc = plan_layout(t, o);
    if (rc < 0 || (t->new_shards && (rc = create_shards(t, o)) < 0))
        return rc;
    int keep_existing = 0;
    if (!o->full) {
        uint64_t docs = 0;
        if ((rc = open_writers(t, o, &docs)) < 0 || (rc = folio_db_language_detection(t->dbs[0])) < 0)
            return rc;
        t->detect_languages = rc;
        rc = 0;
        if (docs > 0 || o->delete_mode || !is_directory_or_missing(o->db_path)) {
            folio_open_options oo = FOLIO_OPEN_OPTIONS_INIT;
            t->language = folio_db_language(t->dbs[0]);
            if (docs == 0)
                return 0;
            if ((rc = folio_db_open(&t->reader, o->db_path, &oo)) < 0 || o->delete_mode ||
                !adds_large_input(t, o))
                return rc;
            /* Bulk, keeping the documents: the reader stays, to pass over records stored unchanged and to
             * count replacements and deletions. */
            keep_existing = 1;
            if (!o->quiet)
                report_note("a large addition: building it in parallel, then merging it with the database");
        }
        if ((rc = close_writers(t)) < 0)
            return rc;
    }
    if (o->full)
        t->detect_languages = old_database_detects_languages(o->db_path);
    free(t->dbs); /* bulk: no writers */
    t->dbs = NULL;
    if (!(t->rebuilds = calloc(t->n, sizeof *t->rebuilds)))
        return out_of_memory();
    for (unsigned i = 0; i < t->n && rc >= 0; i++) {
        /* A database kept keeps its language too. */
        rc = rebuild_waiting(&t->rebuilds[i], t->paths[i], keep_existing ? NULL : o->language);
        if (rc >= 0 && keep_existing)
            folio_rebuild_keep_existing(t->rebuilds[i]);
    }
    if (rc >= 0)
        t->language = folio_rebuild_language(t->rebuilds[0]);
    return rc;
}

/* Completes (rc >= 0) or gives up the rebuilds; returns the outcome. */
static int finish_rebuilds(target *t, int rc, int repeated_keys, const char *path)
{
    /* A sharded index is swapped whole, never shard by shard. */
    if (t->rebuilds && t->nshards && rc >= 0)
        return folio_rebuild_finish_shards(path, t->rebuilds, t->n, repeated_keys);
    for (unsigned i = 0; t->rebuilds && i < t->n; i++) {
        if (!t->rebuilds[i])
            continue;
        if (rc >= 0)
            rc = folio_rebuild_finish(t->rebuilds[i], repeated_keys);
        else
            folio_rebuild_abort(t->rebuilds[i]);
        t->rebuilds[i] = NULL;
    }
    return rc;
}

/* Closes the reader and the writers (whose work the pipeline committed), releasing their locks. */
static void close_databases(target *t)
{
    folio_db_close(t->reader);
    t->reader = NULL;
    for (unsigned i = 0; t->dbs && i < t->n; i++) {
        folio_db_close(t->dbs[i]);
        t->dbs[i] = NULL;
    }
}

static void free_target(target *t)
{
    close_databases(t);
    for (unsigned i = 0; t->paths && i < t->n; i++)
        free(t->paths[i]);
    free(t->dbs);
    free(t->paths);
    free(t->rebuilds);
}

/* Stores --recency, --boost and --synonyms in every database (each shard, so that any one answers
 * alike). */
static int store_settings_all(const target *t, const options *o)
{
    folio_open_options oo = FOLIO_OPEN_OPTIONS_INIT;
    oo.mode = FOLIO_OPEN_WRITE;
    oo.language = o->language;
    int rc = 0;
    for (unsigned i = 0; i < t->n && rc >= 0; i++) {
        folio_db *db;
        if ((rc = open_waiting(&db, t->paths[i], &oo)) < 0)
            break;
        if ((rc = folio_db_set_boosts(db, o->recency, o->boost)) >= 0 && o->synonyms_path)
            rc = folio_db_set_synonyms(db, o->synonyms, o->synonyms_len, NULL);
        if (rc >= 0 && o->detect_languages) /* remembered: later runs and the write API guess too */
            rc = folio_db_set_language_detection(db, 1);
        if (rc >= 0)
            rc = folio_db_commit(db);
        folio_db_close(db);
    }
    return rc;
}

static int compact_all(const target *t)
{
    int rc = 0;
    for (unsigned i = 0; i < t->n && rc >= 0; i++)
        rc = folio_compact(t->paths[i]);
    return rc;
}

/* Feeds every SOURCE (or --delete ID) to the pipeline, then drains it. *repeated_keys: a document was
 * given twice in a bulk build. */
static int run(const options *o, target *t, unsigned long *renamed, int *repeated_keys)
{
    pipeline_config pc = {o->jobs,     o->memory_mb << 20, t->n, t->dbs, t->rebuilds, t->language,
                          o->detect_languages || t->detect_languages};
    pipeline *p;
    int rc = pipeline_start(&p, &pc);
    if (!p)
        return rc;
    sources s = {0};
    s.p = p;
    s.reader = t->reader;
    s.url_prefix = o->url_prefix;
    s.excludes = &o->excludes;
    s.follow_links = o->follow_links;
    for (int i = 0; i < o->nargs && rc >= 0 && !sources_interrupted; i++)
        rc = o->delete_mode ? sources_delete(&s, o->args[i]) : sources_index(&s, o->args[i]);
    int finished = pipeline_finish(p, s.vanished, s.nvanished, renamed);
    *repeated_keys = s.repeated;
    sources_free(&s);
    return rc < 0 && finished >= 0 ? rc : finished;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void print_summary(const options *o, unsigned nshards, unsigned long renamed, double secs)
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
    printf(" in %.2f s (%.1f MB/s) into %s", secs, secs > 0 ? mb / secs : 0.0, o->db_path);
    if (nshards)
        printf(" (%u shards)", nshards);
    putchar('\n');
}

int main(int argc, char **argv)
{
    options o = {0};
    int status = parse_options(&o, argc, argv);
    if (status >= 0) {
        exclude_free(&o.excludes);
        free(o.synonyms);
        return status;
    }
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    catch_interrupts();
    target t = {0};
    unsigned long renamed = 0;
    int repeated_keys = 0;
    int rc = o.nargs > 0 ? open_target(&t, &o) : plan_layout(&t, &o);
    if (rc >= 0 && o.nargs > 0) {
        report_progress_start(o.quiet);
        rc = run(&o, &t, &renamed, &repeated_keys);
        report_progress_stop();
    }
    /* Merging rewrites the whole index: on a large one, the longest silence of the run. A small new
     * index merges in a blink, and a note about parts would only puzzle. */
    if (rc >= 0 && t.rebuilds && !o.quiet &&
        (t.reader || atomic_load(&report.added) + atomic_load(&report.updated) >= MERGE_NOTE_MIN_DOCS))
        report_note("merging the parts into %s", o.db_path);
    close_databases(&t);
    rc = finish_rebuilds(&t, rc, repeated_keys, o.db_path);
    if (rc >= 0 && t.nshards > 1)
        rc = folio_shards_share_keyword_fields(o.db_path, t.nshards);
    if (rc >= 0 && (o.recency || o.boost || o.synonyms_path || o.detect_languages))
        rc = store_settings_all(&t, &o);
    if (rc >= 0 && o.synonyms_path && !o.quiet)
        printf("%zu synonym rules from %s stored in %s\n", o.synonym_rules, o.synonyms_path, o.db_path);
    if (rc >= 0 && o.compact)
        rc = compact_all(&t);
    unsigned nshards = t.nshards;
    free_target(&t);
    exclude_free(&o.excludes);
    free(o.synonyms);
    if (rc < 0) {
        fprintf(stderr, "folio-index: %s%s; nothing after the last commit was written\n", last_message(),
                last_error_advice());
        return EXIT_FATAL;
    }
    if (sources_interrupted)
        report_note("interrupted: what was indexed is committed; run folio-index again to finish");
    if (!o.quiet && o.nargs > 0)
        print_summary(&o, nshards, renamed, seconds_since(&start));
    if (sources_interrupted)
        return EXIT_INTERRUPTED;
    return atomic_load(&report.skipped) ? EXIT_SOME_SKIPPED : EXIT_ALL_INDEXED;
}
