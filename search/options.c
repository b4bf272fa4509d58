/*
 * options.c — folio-search's command line (see options.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "options.h"

#include "write_api.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Upper bound on -n: a page is for reading, and every hit gets a snippet. */
#define MAX_LIMIT 10000
/* Upper bound on --max-expansion: more words than this make a prefix query slow for little gain. */
#define MAX_EXPANSION_LIMIT 1000000
/* Upper bound on --timeout: ten minutes. */
#define MAX_TIMEOUT_MS 600000
/* The largest TCP port. */
#define MAX_PORT 65535

static void usage(FILE *out)
{
    fputs("Usage: folio-search [-d DB] [options] QUERY...\n"
          "       folio-search [-d DB] [options] --batch [FILE]\n"
          "       folio-search [-d DB] [options] --like ID\n"
          "       folio-search [-d DB] [--format F] --get ID | --stats\n"
          "       folio-search [-d DB] --serve [--host H] [--port P] [--base-path /PATH] [--cors ORIGIN]\n"
          "                    [--write-keys FILE] [--tls-cert FILE --tls-key FILE]\n"
          "       folio-search --make-key\n"
          "       folio-search --report FILE [-n N]\n"
          "Search a folio database; the words of QUERY are joined with spaces.\n"
          "\n"
          "Query language (see README):\n"
          "  asylum judge            plain words, in any inflection: all of them while 10 documents or\n"
          "                          more have them all, else any (see README \"Ranking\")\n"
          "  \"well founded fear\"     consecutive words\n"
          "  a AND b, a OR b, a NOT b, -a, +a, (a OR b) c\n"
          "                          operators in upper case; NOT binds tightest, then AND, then OR\n"
          "  a NEAR/5 b, a NEAR b    both, at most 5 (default 10) words apart, either order (words and\n"
          "                          prefixes only)\n"
          "  detent*                 prefix (at most --max-expansion words)\n"
          "  oill~, oill~2           the word, or (weighed below it) index words within 1 or 2 edits\n"
          "  title:x, body:x, author:x, url:x, title:\"a b\", title:(a OR b)\n"
          "                          words in one field\n"
          "  topics:grain            exact value of a keyword field\n"
          "  date:2026-01-28, date:2025..2026, date:>=2025-06, date:..2024-12-31\n"
          "                          date filters (undated documents never match)\n"
          "\n"
          "Options:\n"
          "  -d, --db DB             the database (default: $FOLIO_DB, else ./folio.db)\n"
          "  -n, --limit N           show N hits (default 10)\n"
          "      --offset N          skip the first N hits\n"
          "      --sort ORDER        relevance (default), date (oldest first) or -date (newest first)\n"
          "      --lenient           read what does not parse as plain words instead of failing\n"
          "      --plain             the query is plain words: no operators, quotes or fields\n"
          "      --exact             no typo tolerance: words the index does not hold match nothing\n"
          "      --no-synonyms       words match only themselves, not the database's synonyms\n"
          "      --language TAG      only documents in that language (fr also finds fr-CA), the query's\n"
          "                          words read in it alone (as lang:TAG; default: every language)\n"
          "      --collapse          show near-duplicates (the same story republished) once, with \"and N\n"
          "                          similar\" (off by default: it makes a search 2 to 8 times slower)\n"
          "      --max-expansion N   words each prefix may expand to (default 1000)\n"
          "      --recency HALF      newer first: relevance x 0.5^(age / HALF), HALF as 30d, 12h, 2w or\n"
          "                          off (default: the database's, set by folio-index --recency)\n"
          "      --boost FIELD=W,... weigh matches in a text field (body, title, author, url) W times\n"
          "                          (default: the database's, set by folio-index --boost)\n"
          "      --facet FIELD       count the 10 most common values of a keyword field among all\n"
          "                          matches (repeatable)\n"
          "      --format FORMAT     text (default), json, jsonl, tsv or trec (see docs/json-schema.md)\n"
          "      --color WHEN        highlight matches in text: auto (default: on a terminal), always, never\n"
          "      --timeout MS        a sharded index: how long a remote shard may take (default 10000)\n"
          "      --allow-partial     a sharded index: answer from the shards that respond, marking the\n"
          "                          results partial, instead of failing when one does not\n"
          "\n"
          "Other actions:\n"
          "      --batch [FILE]      one query a line from FILE (default: standard input), as QUERY or\n"
          "                          QID<TAB>QUERY (the QID is otherwise the line number)\n"
          "      --count             print the exact number of matches only\n"
          "      --explain           show how the query is read: its parsed tree and Xapian terms\n"
          "      --like ID           related articles: the documents most like document ID, by its own\n"
          "                          words (see README \"Related articles\"), instead of a QUERY\n"
          "      --get ID            print the stored document ID (title, date, url, fields, body)\n"
          "      --page N            with --get: only page N of a paged document's body (a PDF)\n"
          "      --stats             print documents, terms, language, analyzer version, last update, size\n"
          "\n"
          "Site search (see README):\n"
          "      --serve             serve a search page at / and a JSON API (/api/search, /api/suggest,\n"
          "                          /healthz) over HTTP, until SIGINT or SIGTERM\n"
          "      --host HOST         the address to listen on (default 127.0.0.1)\n"
          "      --port PORT         the port (default 8080; 0: any free port)\n"
          "      --base-path /PATH   answer under /PATH (behind a reverse proxy)\n"
          "      --cors ORIGIN       let pages from ORIGIN (https://example.org) call the API\n"
          "      --quiet             no log line per request on stderr\n"
          "      --write-keys FILE   take writes (POST/DELETE/GET /api/documents) from clients with a key of\n"
          "                          FILE (one key, or sha256:SALT:DIGEST, a line)\n"
          "      --max-body MB       the largest write request body (default 32)\n"
          "      --tls-cert FILE, --tls-key FILE\n"
          "                          serve HTTPS with this PEM certificate and key\n"
          "      --insecure-writes   take writes on a non-loopback address without TLS (behind a proxy)\n"
          "      --query-log FILE    append a JSON line per search to FILE (time, query, total, time taken)\n"
          "      --log-addresses     with --query-log: the client's address too (not written otherwise)\n"
          "      --report FILE       the most frequent, the most frequent finding nothing and the slowest\n"
          "                          queries of a --query-log FILE, N of each (-n, default 10)\n"
          "      --make-key          print a new random write key and its line for the key file\n"
          "  -h, --help              show this help\n"
          "      --version           show the version\n"
          "\n"
          "Exit status: 0 the query matched, 1 nothing matched (or no such document), 2 error; with\n"
          "--batch, 2 if any query failed, else 0.\n",
          out);
}

static int parse_count(const char *s, const char *what, unsigned max, unsigned *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 0 || v > (long)max) {
        fprintf(stderr, "folio-search: %s must be a number from 0 to %u, not '%s'\n", what, max, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

static int parse_sort(const char *s, folio_sort *out)
{
    if (strcmp(s, "relevance") == 0)
        *out = FOLIO_SORT_RELEVANCE;
    else if (strcmp(s, "date") == 0)
        *out = FOLIO_SORT_DATE;
    else if (strcmp(s, "-date") == 0)
        *out = FOLIO_SORT_DATE_DESC;
    else {
        fprintf(stderr, "folio-search: --sort takes relevance, date or -date, not '%s'\n", s);
        return -1;
    }
    return 0;
}

static int parse_color(const char *s, int *out)
{
    if (strcmp(s, "always") == 0)
        *out = 1;
    else if (strcmp(s, "never") == 0)
        *out = 0;
    else if (strcmp(s, "auto") == 0)
        *out = isatty(STDOUT_FILENO);
    else {
        fprintf(stderr, "folio-search: --color takes auto, always or never, not '%s'\n", s);
        return -1;
    }
    return 0;
}

static int set_action(settings *s, action a, const char *name)
{
    if (s->action != ACTION_SEARCH && s->action != a) {
        fprintf(stderr, "folio-search: %s cannot be combined with --count, --explain, --get, --stats, --serve or "
                        "--report\n",
                name);
        return -1;
    }
    s->action = a;
    return 0;
}

static int add_facet(settings *s, const char *field)
{
    if (s->search.facet_count == MAX_FACETS) {
        fprintf(stderr, "folio-search: at most %d --facet options\n", MAX_FACETS);
        return -1;
    }
    s->facets[s->search.facet_count++] = field;
    return 0;
}

static char *join_words(int argc, char **argv, int first)
{
    folio_buf q = FOLIO_BUF_INIT;
    for (int i = first; i < argc; i++) {
        if (i > first)
            folio_buf_putc(&q, ' ');
        folio_buf_puts(&q, argv[i]);
    }
    return folio_buf_detach(&q);
}

/* --base-path: "/" or "/a/b" (a trailing slash is dropped), in plain URL path characters. */
static int parse_base_path(const char *p, serve_settings *out)
{
    size_t len = strlen(p);
    while (len > 1 && p[len - 1] == '/')
        len--;
    int ok = p[0] == '/' && len <= MAX_BASE_PATH && strstr(p, "//") == NULL &&
             strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~") >= len;
    if (!ok) {
        fprintf(stderr, "folio-search: --base-path must be a path like /search (letters, digits, - . _ ~), "
                        "not '%s'\n", p);
        return -1;
    }
    if (len == 1)
        len = 0; /* "/" is the root: no prefix */
    memcpy(out->base_path, p, len);
    out->base_path[len] = '\0';
    return 0;
}

/* --cors: one origin, scheme://host[:port], which goes back as it is in a response header. */
static int parse_cors(const char *origin, serve_settings *out)
{
    const char *host = strncmp(origin, "https://", 8) == 0 ? origin + 8
                       : strncmp(origin, "http://", 7) == 0 ? origin + 7
                                                             : NULL;
    size_t len = host ? strlen(host) : 0;
    if (len == 0 || strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") != len) {
        fprintf(stderr, "folio-search: --cors takes one origin like https://example.org, not '%s'\n", origin);
        return -1;
    }
    out->cors_origin = origin;
    return 0;
}

static int check_serve(const settings *s, int operands)
{
    if (s->action != ACTION_SERVE) {
        if (s->serve_option_given) {
            fprintf(stderr, "folio-search: --host, --port, --base-path, --cors, --quiet, --write-keys, --max-body, "
                            "--tls-cert, --tls-key, --insecure-writes, --query-log and --log-addresses go with "
                            "--serve\n");
            return -1;
        }
        return 0;
    }
    if (s->serve.log_addresses && !s->serve.query_log) {
        fprintf(stderr, "folio-search: --log-addresses goes with --query-log\n");
        return -1;
    }
    if (!s->serve.tls_cert != !s->serve.tls_key) {
        fprintf(stderr, "folio-search: --tls-cert and --tls-key go together\n");
        return -1;
    }
    if (operands || s->style.batch) {
        fprintf(stderr, "folio-search: --serve takes no query: visitors send them\n");
        return -1;
    }
    return 0;
}

/* The combinations that make no sense, and the words after the options: the query, or a batch file. */
static int check_and_take_operands(settings *s, int argc, char **argv, int first)
{
    int operands = argc - first;
    int structured = s->style.format == FORMAT_TSV || s->style.format == FORMAT_TREC;
    if (s->like_id && s->action != ACTION_SEARCH && s->action != ACTION_COUNT) {
        fprintf(stderr, "folio-search: --like goes with a search or --count only\n");
        return -1;
    }
    if (check_serve(s, operands) < 0)
        return -1;
    if (s->action == ACTION_SERVE)
        return 0;
    if (s->get_page && s->action != ACTION_GET) {
        fprintf(stderr, "folio-search: --page goes with --get\n");
        return -1;
    }
    if (s->action == ACTION_MAKE_KEY || s->action == ACTION_REPORT) {
        if (operands || s->style.batch) {
            fprintf(stderr, "folio-search: %s takes nothing else\n",
                    s->action == ACTION_REPORT ? "--report FILE" : "--make-key");
            return -1;
        }
        return 0;
    }
    if (s->action == ACTION_GET || s->action == ACTION_STATS) {
        if (operands || s->style.batch) {
            fprintf(stderr, "folio-search: --get and --stats take no query\n");
            return -1;
        }
        if (structured) {
            fprintf(stderr, "folio-search: --get and --stats print text or JSON, not tsv or trec\n");
            return -1;
        }
        return 0;
    }
    if (structured)
        s->search.snippet_bytes = 0; /* tsv and trec carry no snippets: do not make them */
    if ((s->action == ACTION_EXPLAIN && structured) || (s->action == ACTION_COUNT && s->style.format == FORMAT_TREC)) {
        fprintf(stderr, "folio-search: --format %s does not fit --%s\n",
                s->style.format == FORMAT_TSV ? "tsv" : "trec", s->action == ACTION_COUNT ? "count" : "explain");
        return -1;
    }
    if (s->like_id) {
        if (operands || s->style.batch) {
            fprintf(stderr, "folio-search: --like ID takes no QUERY and no --batch: the document is the query\n");
            return -1;
        }
        return 0;
    }
    if (s->style.batch) {
        if (operands > 1 || (operands == 1 && s->batch_file)) {
            fprintf(stderr, "folio-search: --batch reads its queries from one FILE (or stdin), not the command line\n");
            return -1;
        }
        if (operands == 1)
            s->batch_file = argv[first];
        return 0;
    }
    if (operands == 0) {
        fprintf(stderr, "folio-search: no QUERY given\n");
        return -1;
    }
    s->query = join_words(argc, argv, first);
    if (!s->query) {
        fprintf(stderr, "folio-search: out of memory\n");
        return -1;
    }
    return 0;
}

static void set_defaults(settings *s)
{
    folio_search_options defaults = FOLIO_SEARCH_OPTIONS_INIT;
    folio_open_options open_defaults = FOLIO_OPEN_OPTIONS_INIT;
    memset(s, 0, sizeof *s);
    s->db_path = getenv("FOLIO_DB");
    if (!s->db_path || !*s->db_path)
        s->db_path = "folio.db";
    s->action = ACTION_SEARCH;
    s->style.format = FORMAT_TEXT;
    s->style.color = isatty(STDOUT_FILENO);
    s->search = defaults;
    s->open = open_defaults;
    s->search.spelling = 1;
    s->search.typo = 1;
    s->search.facets = s->facets;
    s->serve.host = "127.0.0.1";
    s->serve.port = 8080;
    s->serve.max_body_mb = WRITE_DEFAULT_MAX_BODY_MB;
}

int options_parse(settings *s, int argc, char **argv, int *exit_code)
{
    enum {
        OPT_OFFSET = 256, OPT_SORT, OPT_LENIENT, OPT_PLAIN, OPT_COLOR, OPT_VERSION, OPT_FORMAT, OPT_BATCH,
        OPT_COUNT, OPT_GET, OPT_STATS, OPT_FACET, OPT_EXPLAIN, OPT_MAX_EXPANSION, OPT_SERVE, OPT_HOST, OPT_PORT,
        OPT_BASE_PATH, OPT_CORS, OPT_QUIET, OPT_TIMEOUT, OPT_ALLOW_PARTIAL, OPT_RANKING, OPT_PAGE, OPT_WRITE_KEYS,
        OPT_MAX_BODY, OPT_TLS_CERT, OPT_TLS_KEY, OPT_INSECURE_WRITES, OPT_MAKE_KEY,
        OPT_QUERY_LOG, OPT_LOG_ADDRESSES, OPT_REPORT, OPT_EXACT, OPT_RECENCY, OPT_BOOST, OPT_LIKE,
        OPT_NO_SYNONYMS, OPT_COLLAPSE, OPT_LANGUAGE
    };
    static const struct option long_options[] = {
        {"db", required_argument, NULL, 'd'},           {"limit", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, OPT_OFFSET}, {"sort", required_argument, NULL, OPT_SORT},
        {"lenient", no_argument, NULL, OPT_LENIENT},    {"plain", no_argument, NULL, OPT_PLAIN},
        {"exact", no_argument, NULL, OPT_EXACT},        {"no-synonyms", no_argument, NULL, OPT_NO_SYNONYMS},
        {"collapse", no_argument, NULL, OPT_COLLAPSE},  {"language", required_argument, NULL, OPT_LANGUAGE},
        {"color", required_argument, NULL, OPT_COLOR},  {"colour", required_argument, NULL, OPT_COLOR},
        {"format", required_argument, NULL, OPT_FORMAT}, {"batch", optional_argument, NULL, OPT_BATCH},
        {"count", no_argument, NULL, OPT_COUNT},        {"get", required_argument, NULL, OPT_GET},
        {"stats", no_argument, NULL, OPT_STATS},        {"facet", required_argument, NULL, OPT_FACET},
        {"like", required_argument, NULL, OPT_LIKE},
        {"explain", no_argument, NULL, OPT_EXPLAIN},
        {"max-expansion", required_argument, NULL, OPT_MAX_EXPANSION},
        {"serve", no_argument, NULL, OPT_SERVE},        {"host", required_argument, NULL, OPT_HOST},
        {"port", required_argument, NULL, OPT_PORT},    {"base-path", required_argument, NULL, OPT_BASE_PATH},
        {"cors", required_argument, NULL, OPT_CORS},    {"quiet", no_argument, NULL, OPT_QUIET},
        {"timeout", required_argument, NULL, OPT_TIMEOUT}, {"allow-partial", no_argument, NULL, OPT_ALLOW_PARTIAL},
        {"page", required_argument, NULL, OPT_PAGE},
        {"write-keys", required_argument, NULL, OPT_WRITE_KEYS}, {"max-body", required_argument, NULL, OPT_MAX_BODY},
        {"tls-cert", required_argument, NULL, OPT_TLS_CERT}, {"tls-key", required_argument, NULL, OPT_TLS_KEY},
        {"insecure-writes", no_argument, NULL, OPT_INSECURE_WRITES}, {"make-key", no_argument, NULL, OPT_MAKE_KEY},
        {"query-log", required_argument, NULL, OPT_QUERY_LOG}, {"log-addresses", no_argument, NULL, OPT_LOG_ADDRESSES},
        {"report", required_argument, NULL, OPT_REPORT},
        {"help", no_argument, NULL, 'h'},               {"version", no_argument, NULL, OPT_VERSION},
        /* Not in --help: ranking experiments of bench/eval (folio_db_set_ranking). */
        {"ranking", required_argument, NULL, OPT_RANKING},
        {"recency", required_argument, NULL, OPT_RECENCY}, {"boost", required_argument, NULL, OPT_BOOST},
        {NULL, 0, NULL, 0},
    };
    set_defaults(s);
    *exit_code = EXIT_ERROR;
    int opt, rc = 0;
    while (rc == 0 && (opt = getopt_long(argc, argv, "d:n:h", long_options, NULL)) != -1) {
        switch (opt) {
        case 'd': s->db_path = optarg; break;
        case 'n': rc = parse_count(optarg, "--limit", MAX_LIMIT, &s->search.limit); break;
        case OPT_OFFSET: rc = parse_count(optarg, "--offset", INT_MAX / 2, &s->search.offset); break;
        case OPT_SORT: rc = parse_sort(optarg, &s->search.sort); break;
        case OPT_LENIENT: s->search.syntax = FOLIO_SYNTAX_LENIENT; break;
        case OPT_PLAIN: s->search.syntax = FOLIO_SYNTAX_PLAIN; break;
        case OPT_EXACT: s->search.typo = 0; break;
        case OPT_NO_SYNONYMS: s->search.synonyms = 0; break;
        case OPT_COLLAPSE: s->search.collapse = 1; break;
        case OPT_COLOR: rc = parse_color(optarg, &s->style.color); break;
        case OPT_FORMAT:
            if ((rc = output_format_parse(optarg, &s->style.format)) < 0)
                fprintf(stderr, "folio-search: --format takes text, json, jsonl, tsv or trec, not '%s'\n", optarg);
            break;
        case OPT_BATCH:
            s->style.batch = 1;
            s->batch_file = optarg;
            break;
        case OPT_COUNT: rc = set_action(s, ACTION_COUNT, "--count"); break;
        case OPT_EXPLAIN: rc = set_action(s, ACTION_EXPLAIN, "--explain"); break;
        case OPT_STATS: rc = set_action(s, ACTION_STATS, "--stats"); break;
        case OPT_GET:
            rc = set_action(s, ACTION_GET, "--get");
            s->get_id = optarg;
            break;
        case OPT_FACET: rc = add_facet(s, optarg); break;
        case OPT_LIKE: s->like_id = optarg; break;
        case OPT_PAGE: rc = parse_count(optarg, "--page", UINT_MAX, &s->get_page); break;
        case OPT_MAX_EXPANSION:
            rc = parse_count(optarg, "--max-expansion", MAX_EXPANSION_LIMIT, &s->search.max_expansion);
            break;
        case OPT_SERVE: rc = set_action(s, ACTION_SERVE, "--serve"); break;
        case OPT_HOST: s->serve.host = optarg; s->serve_option_given = 1; break;
        case OPT_PORT: rc = parse_count(optarg, "--port", MAX_PORT, &s->serve.port); s->serve_option_given = 1; break;
        case OPT_BASE_PATH: rc = parse_base_path(optarg, &s->serve); s->serve_option_given = 1; break;
        case OPT_CORS: rc = parse_cors(optarg, &s->serve); s->serve_option_given = 1; break;
        case OPT_QUIET: s->serve.quiet = 1; s->serve_option_given = 1; break;
        case OPT_TIMEOUT: rc = parse_count(optarg, "--timeout", MAX_TIMEOUT_MS, &s->open.timeout_ms); break;
        case OPT_ALLOW_PARTIAL: s->open.allow_partial = 1; break;
        case OPT_RANKING: s->ranking = optarg; break;
        case OPT_RECENCY: s->search.recency = optarg; break; /* folio_search checks them */
        case OPT_LANGUAGE: s->search.language = optarg; break;
        case OPT_BOOST: s->search.boost = optarg; break;
        case OPT_WRITE_KEYS: s->serve.write_keys = optarg; s->serve_option_given = 1; break;
        case OPT_MAX_BODY:
            rc = parse_count(optarg, "--max-body", WRITE_MAX_MAX_BODY_MB, &s->serve.max_body_mb);
            if (rc == 0 && s->serve.max_body_mb == 0) {
                fprintf(stderr, "folio-search: --max-body must be at least 1 (MB)\n");
                rc = -1;
            }
            s->serve_option_given = 1;
            break;
        case OPT_TLS_CERT: s->serve.tls_cert = optarg; s->serve_option_given = 1; break;
        case OPT_TLS_KEY: s->serve.tls_key = optarg; s->serve_option_given = 1; break;
        case OPT_INSECURE_WRITES: s->serve.insecure_writes = 1; s->serve_option_given = 1; break;
        case OPT_MAKE_KEY: rc = set_action(s, ACTION_MAKE_KEY, "--make-key"); break;
        case OPT_QUERY_LOG: s->serve.query_log = optarg; s->serve_option_given = 1; break;
        case OPT_LOG_ADDRESSES: s->serve.log_addresses = 1; s->serve_option_given = 1; break;
        case OPT_REPORT:
            rc = set_action(s, ACTION_REPORT, "--report");
            s->report_file = optarg;
            break;
        case 'h': usage(stdout); *exit_code = 0; return -1;
        case OPT_VERSION: printf("folio-search %s\n", FOLIO_VERSION); *exit_code = 0; return -1;
        default: rc = -1; break;
        }
    }
    if (rc == 0)
        rc = check_and_take_operands(s, argc, argv, optind);
    if (rc < 0) {
        fprintf(stderr, "Try 'folio-search --help'.\n");
        return -1;
    }
    if (s->style.format != FORMAT_TEXT)
        s->style.color = 0;
    return 0;
}

void options_free(settings *s)
{
    free(s->query);
    s->query = NULL;
}
