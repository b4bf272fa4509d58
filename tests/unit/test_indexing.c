/* test_indexing.c — folio.h's indexing API: the content hash, deletion records, the HTML reader,
 * prepared documents, the incremental state kept in the database (records, files of roots, roots),
 * and bulk rebuilds and compaction (merging parts, metadata, spelling, locking, leftovers). */
#define _XOPEN_SOURCE 700 /* mkdtemp, nftw */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmpdir.h"

#include "folio.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_BYTES 4096
#define ROOT_A "/data/a"
#define ROOT_B "/data/b"

/* ---- Temporary directories ---- */

static int make_tmp_root(void **state)
{
    (void)state;
    return tmpdir_make("indexing");
}

static int remove_tmp_root(void **state)
{
    (void)state;
    return tmpdir_remove();
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

#define CHECK(call)                                                                                        \
    do {                                                                                                   \
        int rc_ = (call);                                                                                  \
        if (rc_ < 0)                                                                                       \
            fail_msg("%s: %d %s", #call, rc_, folio_error_last() ? folio_error_last()->message : "");     \
    } while (0)

static folio_db *open_writer(const char *path)
{
    folio_db *db;
    folio_open_options opts = FOLIO_OPEN_OPTIONS_INIT;
    opts.mode = FOLIO_OPEN_WRITE;
    CHECK(folio_db_open(&db, path, &opts));
    return db;
}

static folio_db *open_reader(const char *path)
{
    folio_db *db;
    CHECK(folio_db_open(&db, path, NULL));
    return db;
}

static folio_doc *make_doc(const char *id, const char *title, const char *body)
{
    folio_doc *doc;
    CHECK(folio_doc_new(&doc));
    if (id)
        CHECK(folio_doc_set(doc, "id", id, strlen(id)));
    CHECK(folio_doc_set(doc, "title", title, strlen(title)));
    CHECK(folio_doc_set(doc, "body", body, strlen(body)));
    return doc;
}

/* Prepares and stores a document; returns whether it replaced one. */
static int put(folio_db *db, folio_preparer *p, folio_doc *doc, const folio_origin *origin)
{
    folio_prepared *prepared;
    int replaced = -1;
    CHECK(folio_prepare(&prepared, p, doc, origin));
    assert_true(folio_prepared_cost(prepared) > 0);
    CHECK(folio_db_put_prepared(&replaced, db, prepared));
    folio_prepared_free(prepared);
    folio_doc_free(doc);
    return replaced;
}

static uint64_t total(folio_db *db, const char *query)
{
    folio_results *res;
    folio_search_options opts = FOLIO_SEARCH_OPTIONS_INIT;
    opts.exact_total = 1;
    CHECK(folio_search(&res, db, query, &opts));
    uint64_t n = folio_results_total(res, NULL);
    folio_results_free(res);
    return n;
}

static uint64_t count(folio_db *db)
{
    uint64_t n;
    CHECK(folio_db_count(&n, db));
    return n;
}

/* ---- The content hash and deletion records ---- */

static void test_content_hash(void **state)
{
    (void)state;
    /* Part of the stored state: it must never change between versions or machines. */
    assert_int_equal(folio_content_hash("", 0), folio_content_hash("", 0));
    assert_true(folio_content_hash("abc", 3) != folio_content_hash("abd", 3));
    assert_true(folio_content_hash("12345678abc", 11) != folio_content_hash("12345678abd", 11));
    assert_true(folio_content_hash("a", 1) != folio_content_hash("a\0", 2));
    assert_true(folio_content_hash("", 0) != 0);
}

static void test_deletion_records(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        int deleted;
    } cases[] = {
        {"{\"id\": \"5\", \"deleted\": true}", 1},
        {"{\"deleted\": true, \"id\": 7}", 1},
        {"{\"id\": \"5\", \"deleted\": false, \"title\": \"t\"}", 0},
        {"{\"id\": \"5\", \"deleted\": \"yes\"}", 0},
        {"{\"id\": \"5\", \"body\": \"the word \\\"deleted\\\": true in text\"}", 0},
        {"{\"id\": \"5\", \"title\": \"plain\"}", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        folio_doc *doc;
        int deleted = -1;
        CHECK(folio_doc_parse_json_record(&doc, &deleted, cases[i].json, strlen(cases[i].json)));
        assert_int_equal(deleted, cases[i].deleted);
        assert_non_null(folio_doc_get(doc, "id"));
        folio_doc_free(doc);
    }
    folio_doc *doc;
    int deleted;
    assert_int_equal(folio_doc_parse_json_record(&doc, &deleted, "{\"deleted\": true}", 17), FOLIO_EINVALID);
    assert_null(doc);
}

/* ---- HTML ---- */

static folio_doc *parse_html(const char *html)
{
    folio_doc *doc;
    CHECK(folio_doc_parse_html(&doc, html, strlen(html)));
    return doc;
}

static void test_html_fields(void **state)
{
    (void)state;
    folio_doc *doc = parse_html("<!DOCTYPE html><html><head><title> Keepers &amp;\n logs </title>"
                                "<meta name=\"author\" content=\"Ada  Keeper\"><meta name=\"date\" content=\"2024-05-01\">"
                                "<style>p { color: red }</style><script>var x = 1;</script></head>"
                                "<body><h1>Logs</h1><p>gan<b>nets</b> and <i>terns</i></p><p>second</p>"
                                "<script>document.write('no')</script><template>hidden</template></body></html>");
    assert_string_equal(folio_doc_get(doc, "title"), "Keepers & logs");
    assert_string_equal(folio_doc_get(doc, "author"), "Ada Keeper");
    assert_string_equal(folio_doc_get(doc, "date"), "2024-05-01");
    assert_string_equal(folio_doc_get(doc, "body"), "Logs\ngannets and terns\nsecond");
    assert_null(folio_doc_get(doc, "id"));
    folio_doc_free(doc);
}

static void test_html_fallbacks(void **state)
{
    (void)state;
    folio_doc *doc = parse_html("<h1>Heading title</h1><p>Text</p><meta name=\"date\" content=\"soon\">");
    assert_string_equal(folio_doc_get(doc, "title"), "Heading title");
    assert_null(folio_doc_get(doc, "date")); /* a date folio cannot read is left out */
    folio_doc_free(doc);
    doc = parse_html("<p>Unclosed <div>tags and <b>broken markup");
    assert_null(folio_doc_get(doc, "title"));
    assert_string_equal(folio_doc_get(doc, "body"), "Unclosed\ntags and broken markup");
    folio_doc_free(doc);

    assert_int_equal(folio_doc_parse_html(&doc, "<script>x</script>", 18), FOLIO_EINVALID);
    assert_null(doc);
    assert_int_equal(folio_doc_parse_html(&doc, "", 0), FOLIO_EINVALID);
}

/* The body is the page's main text: not the menus, header, footer and banners every page repeats. */
static void test_html_main_text(void **state)
{
    (void)state;
    const char *chrome = "<header><a>Homebanner</a></header><nav>Menuword</nav>"
                         "<div role=\"navigation\">Rolemenu</div><aside>Sidebar</aside>"
                         "<div id=\"cookie-banner\">Cookieword</div><p hidden>Hiddenword</p>";
    char html[1024];
    snprintf(html, sizeof html, "<html lang=\"en-GB\"><body>%s<main><header>Mainhead</header><h2>Kept</h2>"
                                "<p>Maintext <span data-folio-ignore>Ignoredword</span></p><nav>Innermenu</nav>"
                                "</main><p>Outside</p><footer>Footword</footer></body></html>", chrome);
    folio_doc *doc = parse_html(html);
    assert_string_equal(folio_doc_get(doc, "body"), "Mainhead\fKept\nMaintext"); /* a heading: a section */
    assert_string_equal(folio_doc_get(doc, "lang"), "en-GB");
    folio_doc_free(doc);

    /* No <main>: the articles; no article either: the body without the page's chrome. */
    snprintf(html, sizeof html, "<body>%s<article><footer>Byline</footer>One</article><p>Between</p>"
                                "<article>Two</article></body>", chrome);
    doc = parse_html(html);
    assert_string_equal(folio_doc_get(doc, "body"), "Byline\nOne\nTwo");
    folio_doc_free(doc);
    snprintf(html, sizeof html, "<body>%s<section><header>Sechead</header>Plain</section><footer>F</footer></body>",
             chrome);
    doc = parse_html(html);
    assert_string_equal(folio_doc_get(doc, "body"), "Sechead\nPlain");
    folio_doc_free(doc);

    /* A cookie mark on the content itself is not a banner. */
    doc = parse_html("<body><div class=\"cookie-notice\">Accept</div><article class=\"cookies-recipe\">"
                     "Bake at 180</article></body>");
    assert_string_equal(folio_doc_get(doc, "body"), "Bake at 180");
    folio_doc_free(doc);

    /* A <main> without text gives way to the body. */
    doc = parse_html("<body><nav>Menu</nav><main> </main><p>Only text</p></body>");
    assert_string_equal(folio_doc_get(doc, "body"), "Only text");
    folio_doc_free(doc);
}

/* Headings of the main text start sections: a form feed before each, and its heading and anchor. */
static void test_html_sections(void **state)
{
    (void)state;
    folio_doc *doc = parse_html("<body><nav><h2 id=\"menu\">Menu</h2></nav><main><p>Intro</p>"
                                "<h2 id=\"install\">Installing <code>folio</code></h2><p>Run it.</p>"
                                "<section id=\"use\"><h2>Using</h2><p>Search.</p><h3><a name=\"deep\"></a>Deeper</h3>"
                                "<p>More.</p><h3></h3><h4>No anchor</h4><p>End.</p></section></main></body>");
    assert_string_equal(folio_doc_get(doc, "body"),
                        "Intro\fInstalling folio\nRun it.\fUsing\nSearch.\fDeeper\nMore.\fNo anchor\nEnd.");
    assert_int_equal(folio_doc_section_count(doc), 4);
    static const struct {
        unsigned part;
        const char *anchor, *heading;
    } want[] = {{1, "install", "Installing folio"}, {2, "use", "Using"}, {3, "deep", "Deeper"}, {4, "", "No anchor"}};
    for (size_t i = 0; i < 4; i++) {
        unsigned part;
        const char *anchor;
        const char *heading;
        CHECK(folio_doc_section(&heading, &part, &anchor, doc, i));
        assert_string_equal(heading, want[i].heading);
        assert_int_equal(part, want[i].part);
        assert_string_equal(anchor, want[i].anchor);
    }
    const char *heading;
    assert_int_equal(folio_doc_section(&heading, NULL, NULL, doc, 4), FOLIO_ENOTFOUND);
    /* The sections go through the stored form and back. */
    char *json;
    CHECK(folio_doc_to_json(&json, doc));
    assert_non_null(strstr(json, "\"sections\":[[1,\"install\",\"Installing folio\"],[2,\"use\",\"Using\"]"));
    folio_doc *back;
    char *with_id = malloc(strlen(json) + 16);
    sprintf(with_id, "{\"id\":\"x\",%s", json + 1);
    CHECK(folio_doc_parse_json(&back, with_id, strlen(with_id)));
    assert_int_equal(folio_doc_section_count(back), 4);
    const char *anchor;
    CHECK(folio_doc_section(&heading, NULL, &anchor, back, 2));
    assert_string_equal(heading, "Deeper");
    assert_string_equal(anchor, "deep");
    folio_doc_free(back);
    free(with_id);
    folio_free(json);
    folio_doc_free(doc);

    /* A heading at the very start is section 0; "sections" strings are still keyword values. */
    doc = parse_html("<h1 id=\"top\">Top</h1><p>Text</p>");
    unsigned part = 9;
    CHECK(folio_doc_section(&heading, &part, NULL, doc, 0));
    assert_string_equal(heading, "Top");
    assert_int_equal(part, 0);
    folio_doc_free(doc);
    const char *rec = "{\"id\":\"r\",\"sections\":[\"tag\",[0,\"a\",\"Head\"],[1,2]]}";
    CHECK(folio_doc_parse_json(&doc, rec, strlen(rec)));
    assert_string_equal(folio_doc_get(doc, "sections"), "tag");
    assert_int_equal(folio_doc_section_count(doc), 1);
    folio_doc_free(doc);
}

/* Pagefind's model: data-folio-body says exactly what the body is, data-folio-meta sets fields. */
static void test_html_folio_attributes(void **state)
{
    (void)state;
    folio_doc *doc = parse_html(
        "<html><head><title>T</title><meta name=\"description\" content=\" A short\n summary \">"
        "<link rel=\"canonical\" href=\"https://example.org/page\"></head><body><main>Not this</main>"
        "<div data-folio-body><nav>Chosen menu</nav><p>Chosen <b data-folio-ignore>not</b>text</p></div>"
        "<p data-folio-body>Second part</p>"
        "<span data-folio-meta=\"date:2026-01-28, section:guides\"></span>"
        "<span data-folio-meta=\"author\">Ada Lovelace</span><img data-folio-meta=\"image[src]\" src=\"a.png\">"
        "<span data-folio-meta=\"body:nope, id:nope, date:never\"></span></body></html>");
    assert_string_equal(folio_doc_get(doc, "body"), "Chosen menu\nChosen text\nSecond part");
    assert_string_equal(folio_doc_get(doc, "date"), "2026-01-28"); /* "never" is not a date: left out */
    assert_string_equal(folio_doc_get(doc, "section"), "guides");
    assert_string_equal(folio_doc_get(doc, "author"), "Ada Lovelace");
    assert_string_equal(folio_doc_get(doc, "image"), "a.png");
    assert_string_equal(folio_doc_get(doc, "description"), "A short summary");
    assert_string_equal(folio_doc_get(doc, "url"), "https://example.org/page");
    assert_null(folio_doc_get(doc, "id"));
    folio_doc_free(doc);

    /* The date: meta first, else the first <time datetime> of the main text (not of the side bar). */
    doc = parse_html("<body><aside><time datetime=\"2020-01-01\">old</time></aside>"
                     "<main><time datetime=\"2025-03-04T10:00:00Z\">March</time> text</main></body>");
    assert_string_equal(folio_doc_get(doc, "date"), "2025-03-04T10:00:00Z");
    folio_doc_free(doc);
    doc = parse_html("<head><meta property=\"article:published_time\" content=\"2024-02-02\"></head>"
                     "<body><main><time datetime=\"2025-03-04\">March</time> text</main></body>");
    assert_string_equal(folio_doc_get(doc, "date"), "2024-02-02");
    folio_doc_free(doc);

    /* A description longer than a keyword value is cut at a word. */
    char html[600] = "<meta name=\"description\" content=\"";
    for (int i = 0; i < 60; i++)
        strcat(html, "word ");
    strcat(html, "\"><p>x</p>");
    doc = parse_html(html);
    const char *d = folio_doc_get(doc, "description");
    assert_non_null(d);
    assert_true(strlen(d) <= 200 && strlen(d) >= 190);
    assert_int_equal(d[strlen(d) - 1], 'd');
    folio_doc_free(doc);
}

static void test_html_deep_nesting(void **state)
{
    (void)state;
    enum { DEPTH = 5000 };
    size_t cap = DEPTH * 11 + 64;
    char *html = malloc(cap);
    assert_non_null(html);
    size_t n = 0;
    for (int i = 0; i < DEPTH; i++)
        n += (size_t)snprintf(html + n, cap - n, "<div>");
    n += (size_t)snprintf(html + n, cap - n, "deep text");
    for (int i = 0; i < DEPTH; i++)
        n += (size_t)snprintf(html + n, cap - n, "</div>");
    folio_doc *doc;
    int rc = folio_doc_parse_html(&doc, html, n);
    /* libxml2 may refuse to go that deep; what matters is that nothing overflows. */
    if (rc == 0)
        folio_doc_free(doc);
    free(html);
}

/* ---- Prepared documents and incremental state ---- */

typedef struct listing {
    char paths[8][64];
    folio_file_state files[8];
    size_t n;
} listing;

static int collect(void *ctx, const folio_file_state *f)
{
    listing *l = ctx;
    assert_true(l->n < 8);
    snprintf(l->paths[l->n], sizeof l->paths[l->n], "%s", f->path);
    l->files[l->n] = *f;
    l->files[l->n].path = l->paths[l->n];
    l->n++;
    return 0;
}

static void test_records_and_their_state(void **state)
{
    (void)state;
    char path[PATH_BYTES];
    tmpdir_path(path, "records.db");
    folio_db *db = open_writer(path);
    folio_preparer *p;
    CHECK(folio_preparer_new(&p, folio_db_language(db)));
    folio_doc *doc = make_doc("r1", "Copper rises", "Copper rose on demand.");
    uint64_t hash, stored;
    CHECK(folio_doc_hash(&hash, doc));
    assert_int_equal(put(db, p, doc, NULL), 0);
    CHECK(folio_db_record_hash(&stored, db, "r1"));
    assert_true(stored == hash);
    assert_int_equal(folio_db_record_hash(&stored, db, "r2"), FOLIO_ENOTFOUND);

    /* The same fields in another order hash the same. */
    folio_doc *again;
    const char *json = "{\"body\": \"Copper rose on demand.\", \"title\": \"Copper rises\", \"id\": \"r1\"}";
    CHECK(folio_doc_parse_json(&again, json, strlen(json)));
    CHECK(folio_doc_hash(&stored, again));
    assert_true(stored == hash);
    assert_int_equal(put(db, p, again, NULL), 1);
    assert_int_equal(count(db), 1);

    int deleted;
    CHECK(folio_db_delete_record(&deleted, db, "r1"));
    assert_int_equal(deleted, 1);
    CHECK(folio_db_delete_record(&deleted, db, "r1"));
    assert_int_equal(deleted, 0);
    folio_preparer_free(p);
    folio_db_close(db);
}

/* folio_db_put_record: added, left alone when the same data are stored (also uncommitted, and whatever
 * the key order), replaced when they differ; a file's document is refused. */
static folio_record_outcome put_record(folio_db *db, folio_preparer *p, folio_doc *doc)
{
    folio_prepared *prepared;
    folio_record_outcome outcome = (folio_record_outcome)-1;
    CHECK(folio_prepare(&prepared, p, doc, NULL));
    CHECK(folio_db_put_record(&outcome, db, prepared));
    folio_prepared_free(prepared);
    folio_doc_free(doc);
    return outcome;
}

static void test_put_record_passes_unchanged_over(void **state)
{
    (void)state;
    char path[PATH_BYTES];
    tmpdir_path(path, "put-record.db");
    folio_db *db = open_writer(path);
    folio_preparer *p;
    CHECK(folio_preparer_new(&p, folio_db_language(db)));
    assert_int_equal(put_record(db, p, make_doc("p1", "Tin falls", "Tin fell.")), FOLIO_RECORD_ADDED);
    assert_int_equal(put_record(db, p, make_doc("p1", "Tin falls", "Tin fell.")), FOLIO_RECORD_UNCHANGED);
    CHECK(folio_db_commit(db));
    folio_doc *again;
    const char *json = "{\"body\": \"Tin fell.\", \"id\": \"p1\", \"title\": \"Tin falls\"}";
    CHECK(folio_doc_parse_json(&again, json, strlen(json)));
    assert_int_equal(put_record(db, p, again), FOLIO_RECORD_UNCHANGED);
    assert_int_equal(put_record(db, p, make_doc("p1", "Tin falls", "Tin fell again.")), FOLIO_RECORD_REPLACED);
    assert_int_equal(count(db), 1);
    assert_int_equal(total(db, "again"), 1);
    uint64_t hash, stored;
    folio_doc *now = make_doc("p1", "Tin falls", "Tin fell again.");
    CHECK(folio_doc_hash(&hash, now));
    folio_doc_free(now);
    CHECK(folio_db_record_hash(&stored, db, "p1"));
    assert_true(stored == hash);

    folio_doc *file = make_doc("a.txt", "A file", "Text.");
    folio_origin origin = {"/some/root", 1, 5, 0};
    folio_prepared *prepared;
    folio_record_outcome outcome;
    CHECK(folio_prepare(&prepared, p, file, &origin));
    assert_int_equal(folio_db_put_record(&outcome, db, prepared), FOLIO_EINVALID);
    folio_prepared_free(prepared);
    folio_doc_free(file);

    folio_db *reader = open_reader(path);
    folio_doc *other = make_doc("p2", "x", "y");
    CHECK(folio_prepare(&prepared, p, other, NULL));
    folio_doc_free(other);
    assert_int_equal(folio_db_put_record(&outcome, reader, prepared), FOLIO_EINVALID);
    folio_prepared_free(prepared);
    folio_db_close(reader);
    folio_preparer_free(p);
    folio_db_close(db);
}

static void test_files_of_roots(void **state)
{
    (void)state;
    char path[PATH_BYTES];
    tmpdir_path(path, "files.db");
    folio_db *db = open_writer(path);
    folio_preparer *p;
    CHECK(folio_preparer_new(&p, "english"));
    folio_origin a = {ROOT_A, 11, 100, 1000}, b = {ROOT_B, 22, 200, 2000};
    assert_int_equal(put(db, p, make_doc("news/x.txt", "Harbour cranes", "Four cranes."), &a), 0);
    assert_int_equal(put(db, p, make_doc("news/y.txt", "Orchard frost", "Frost tonight."), &a), 0);
    /* The same path under another root is another document. */
    assert_int_equal(put(db, p, make_doc("news/x.txt", "Ferry strike", "Crews accept."), &b), 0);
    /* A record whose id is a file's path is yet another. */
    assert_int_equal(put(db, p, make_doc("news/x.txt", "Record", "A record about cranes."), NULL), 0);
    assert_int_equal(count(db), 4);
    /* Storing a file again replaces it. */
    a.hash = 12;
    assert_int_equal(put(db, p, make_doc("news/x.txt", "Harbour cranes", "Five cranes."), &a), 1);
    assert_int_equal(count(db), 4);
    CHECK(folio_db_commit(db));

    listing l = {0};
    CHECK(folio_db_root_files(db, ROOT_A, collect, &l));
    assert_int_equal(l.n, 2);
    for (size_t i = 0; i < l.n; i++) {
        int x = strcmp(l.files[i].path, "news/x.txt") == 0;
        assert_true(x || strcmp(l.files[i].path, "news/y.txt") == 0);
        assert_true(l.files[i].hash == (x ? 12u : 11u));
        assert_true(l.files[i].size == 100 && l.files[i].mtime_ns == 1000);
    }

    folio_origin touched = {ROOT_A, 12, 101, 5000};
    CHECK(folio_db_touch_file(db, "news/x.txt", &touched));
    assert_int_equal(folio_db_touch_file(db, "news/none.txt", &touched), FOLIO_ENOTFOUND);
    memset(&l, 0, sizeof l);
    CHECK(folio_db_root_files(db, ROOT_A, collect, &l));
    for (size_t i = 0; i < l.n; i++)
        if (strcmp(l.files[i].path, "news/x.txt") == 0)
            assert_true(l.files[i].size == 101 && l.files[i].mtime_ns == 5000 && l.files[i].hash == 12);
    assert_int_equal(total(db, "five"), 1); /* touching kept the document's text */

    /* Deleting a file touches neither the other root nor the record. */
    int deleted;
    CHECK(folio_db_delete_file(&deleted, db, ROOT_A, "news/x.txt"));
    assert_int_equal(deleted, 1);
    assert_int_equal(count(db), 3);
    assert_int_equal(total(db, "ferry"), 1);
    assert_int_equal(total(db, "record"), 1);

    /* By displayed id: folio_db_get prefers the record; folio_db_delete takes every one. */
    folio_doc *got;
    CHECK(folio_db_get(&got, db, "news/x.txt"));
    assert_string_equal(folio_doc_get(got, "title"), "Record");
    folio_doc_free(got);
    CHECK(folio_db_get(&got, db, "news/y.txt"));
    assert_string_equal(folio_doc_get(got, "title"), "Orchard frost");
    folio_doc_free(got);
    CHECK(folio_db_delete(&deleted, db, "news/x.txt"));
    assert_int_equal(deleted, 1);
    assert_int_equal(count(db), 1);
    folio_preparer_free(p);
    folio_db_close(db);
}

static void test_roots(void **state)
{
    (void)state;
    char path[PATH_BYTES];
    tmpdir_path(path, "roots.db");
    folio_db *db = open_writer(path);
    char *prefix;
    assert_int_equal(folio_db_root_get(&prefix, db, ROOT_A), FOLIO_ENOTFOUND);
    CHECK(folio_db_root_set(db, ROOT_A, "https://example.org/"));
    CHECK(folio_db_root_set(db, ROOT_B, NULL));
    CHECK(folio_db_commit(db));
    CHECK(folio_db_root_get(&prefix, db, ROOT_A));
    assert_string_equal(prefix, "https://example.org/");
    folio_free(prefix);
    CHECK(folio_db_root_get(&prefix, db, ROOT_B));
    assert_string_equal(prefix, "");
    folio_free(prefix);

    folio_db_close(db);
}

/* ---- Rebuilds ---- */

static void fill_part(folio_rebuild *rb, int first, const char *id, const char *title, const char *body,
                      const char *keyword)
{
    folio_db *part;
    CHECK(folio_rebuild_part(&part, rb));
    folio_preparer *p;
    CHECK(folio_preparer_new(&p, folio_rebuild_language(rb)));
    folio_doc *doc = make_doc(id, title, body);
    CHECK(folio_doc_set(doc, keyword, "x", 1));
    put(part, p, doc, NULL);
    if (first)
        CHECK(folio_db_root_set(part, ROOT_A, "u/"));
    CHECK(folio_rebuild_part_close(part));
    folio_preparer_free(p);
}

static void test_rebuild_merges_parts(void **state)
{
    (void)state;
    char path[PATH_BYTES], work[PATH_BYTES + 16];
    tmpdir_path(path, "rebuilt.db");
    snprintf(work, sizeof work, "%s.rebuild", path);
    /* An old database with something the rebuild must not keep. */
    folio_db *old = open_writer(path);
    folio_preparer *p;
    CHECK(folio_preparer_new(&p, "english"));
    put(old, p, make_doc("gone", "Obsolete", "walrus"), NULL);
    CHECK(folio_db_commit(old));
    folio_db_close(old);
    folio_preparer_free(p);

    folio_rebuild *rb;
    CHECK(folio_rebuild_begin(&rb, path, NULL));
    assert_string_equal(folio_rebuild_language(rb), "english");
    /* The old database stays locked and readable while the new one is built. */
    folio_db *other;
    folio_open_options wo = FOLIO_OPEN_OPTIONS_INIT;
    wo.mode = FOLIO_OPEN_WRITE;
    assert_int_equal(folio_db_open(&other, path, &wo), FOLIO_ELOCKED);
    assert_non_null(strstr(folio_error_last()->message, "locked"));
    fill_part(rb, 1, "d1", "Gannets nest", "Gannets nest on cliffs.", "topics");
    fill_part(rb, 0, "d2", "Terns migrate", "Terns migrate south.", "places");
    folio_db *reader = open_reader(path);
    assert_int_equal(total(reader, "walrus"), 1);
    folio_db_close(reader);
    CHECK(folio_rebuild_finish(rb, 0));
    assert_false(exists(work));

    reader = open_reader(path);
    assert_int_equal(count(reader), 2);
    assert_int_equal(total(reader, "walrus"), 0);
    assert_int_equal(total(reader, "topics:x"), 1); /* keyword fields of both parts are known */
    assert_int_equal(total(reader, "places:x"), 1);
    char *prefix;
    CHECK(folio_db_root_get(&prefix, reader, ROOT_A));
    assert_string_equal(prefix, "u/");
    folio_free(prefix);
    /* Spelling data was made from the merged words. */
    folio_results *res;
    folio_search_options so = FOLIO_SEARCH_OPTIONS_INIT;
    so.spelling = 1;
    CHECK(folio_search(&res, reader, "gannetz", &so));
    assert_non_null(folio_results_suggestion(res));
    assert_string_equal(folio_results_suggestion(res), "gannets");
    folio_results_free(res);
    folio_db_close(reader);

    CHECK(folio_compact(path));
    reader = open_reader(path);
    assert_int_equal(count(reader), 2);
    assert_int_equal(total(reader, "terns"), 1);
    folio_db_close(reader);
    assert_false(exists(work));
}

static void test_rebuild_abort_and_leftovers(void **state)
{
    (void)state;
    char path[PATH_BYTES], work[PATH_BYTES + 16], marker[PATH_BYTES + 48];
    tmpdir_path(path, "aborted.db");
    snprintf(work, sizeof work, "%s.rebuild", path);
    folio_rebuild *rb;
    CHECK(folio_rebuild_begin(&rb, path, "french"));
    assert_string_equal(folio_rebuild_language(rb), "french");
    fill_part(rb, 1, "d1", "Un titre", "Du texte.", "topics");
    folio_rebuild_abort(rb);
    assert_false(exists(work));

    /* A killed build leaves its directory; the next rebuild removes it. */
    CHECK(folio_rebuild_begin(&rb, path, NULL));
    fill_part(rb, 1, "d1", "Title", "Text.", "topics");
    folio_rebuild *second;
    assert_int_equal(folio_rebuild_begin(&second, path, NULL), FOLIO_ELOCKED);
    folio_rebuild_abort(rb);
    assert_int_equal(mkdir(work, 0777), 0);
    snprintf(marker, sizeof marker, "%s/folio-rebuild", work);
    FILE *f = fopen(marker, "w");
    assert_non_null(f);
    fclose(f);
    CHECK(folio_rebuild_begin(&rb, path, NULL));
    fill_part(rb, 1, "d1", "Title", "Text.", "topics");
    CHECK(folio_rebuild_finish(rb, 0));

    /* A directory of that name that is not folio's is never removed. */
    assert_int_equal(mkdir(work, 0777), 0);
    assert_int_equal(folio_rebuild_begin(&rb, path, NULL), FOLIO_EIO);
    assert_non_null(strstr(folio_error_last()->message, "not a folio build directory"));
    assert_int_equal(rmdir(work), 0);
}

static void test_rebuild_keeps_the_last_version(void **state)
{
    (void)state;
    char path[PATH_BYTES];
    tmpdir_path(path, "repeated.db");
    folio_rebuild *rb;
    CHECK(folio_rebuild_begin(&rb, path, NULL));
    fill_part(rb, 1, "r1", "Old version", "Walrus colony counted.", "topics");
    fill_part(rb, 0, "r2", "Other", "Gannets.", "topics");
    fill_part(rb, 0, "r1", "New version", "Walrus colony grew.", "topics");
    fill_part(rb, 0, "r3", "Gone", "Deleted later.", "topics");
    folio_db *part;
    CHECK(folio_rebuild_part(&part, rb));
    int deleted;
    CHECK(folio_db_delete_record(&deleted, part, "r3"));
    CHECK(folio_db_delete_record(&deleted, part, "never-stored"));
    CHECK(folio_rebuild_part_close(part));
    CHECK(folio_rebuild_finish(rb, 1));
    folio_db *reader = open_reader(path);
    assert_int_equal(count(reader), 2);
    assert_int_equal(total(reader, "deleted"), 0);
    folio_doc *got;
    CHECK(folio_db_get(&got, reader, "r1"));
    assert_string_equal(folio_doc_get(got, "title"), "New version");
    folio_doc_free(got);
    assert_int_equal(total(reader, "counted"), 0);
    folio_db_close(reader);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_content_hash),
        cmocka_unit_test(test_put_record_passes_unchanged_over),
        cmocka_unit_test(test_deletion_records),
        cmocka_unit_test(test_html_fields),
        cmocka_unit_test(test_html_fallbacks),
        cmocka_unit_test(test_html_main_text),
        cmocka_unit_test(test_html_folio_attributes),
        cmocka_unit_test(test_html_sections),
        cmocka_unit_test(test_html_deep_nesting),
        cmocka_unit_test(test_records_and_their_state),
        cmocka_unit_test(test_files_of_roots),
        cmocka_unit_test(test_roots),
        cmocka_unit_test(test_rebuild_merges_parts),
        cmocka_unit_test(test_rebuild_abort_and_leftovers),
        cmocka_unit_test(test_rebuild_keeps_the_last_version),
    };
    return cmocka_run_group_tests(tests, make_tmp_root, remove_tmp_root);
}
