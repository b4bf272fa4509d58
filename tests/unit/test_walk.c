/* test_walk.c — folio-index's directory walk (indexer/walk.c, compiled in here: it is the indexer's, not
 * libfolio's): each directory once however symbolic links fan out, links out of the root and into /proc
 * not followed, loops reported, and a stop request honoured mid-walk. */
#include "../../indexer/walk.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmpdir.h"

#include <sys/stat.h>
#include <unistd.h>

/* Far more than any test tree holds: a walk that gets there is exponential. */
#define RUNAWAY_FILES 10000
/* Room for a scratch path and a name under it. */
#define TEST_PATH_BYTES (TMPDIR_PATH_BYTES + 256)

typedef struct seen {
    int files, lost_files, lost_dirs, aliases;
    int stop_after; /* stop requests answered yes after this many files (0: never) */
    char last_relative[WALK_PATH_MAX];
    char reasons[8192];
} seen;

static int count_file(void *ctx, const char *path, const char *relative, const struct stat *st)
{
    seen *s = ctx;
    (void)path, (void)st;
    snprintf(s->last_relative, sizeof s->last_relative, "%s", relative);
    return ++s->files >= RUNAWAY_FILES;
}

static void count_problem(void *ctx, const char *path, const char *reason, walk_problem kind)
{
    seen *s = ctx;
    size_t n = strlen(s->reasons);
    snprintf(s->reasons + n, sizeof s->reasons - n, "%s: %s\n", strrchr(path, '/') + 1, reason);
    if (kind == WALK_LOST_FILE)
        s->lost_files++;
    else if (kind == WALK_LOST_DIR)
        s->lost_dirs++;
    else
        s->aliases++;
}

static int stop_requested(void *ctx)
{
    const seen *s = ctx;
    return s->stop_after && s->files >= s->stop_after;
}

static int walk(const char *root, int flags, seen *s)
{
    const walk_callbacks cb = {count_file, count_problem, NULL, stop_requested, s};
    return walk_directory(root, flags, &cb);
}

static void write_file(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("A title\n\nsome text\n", f);
    fclose(f);
}

/* dir/{a,b} -> dir/n, 22 levels deep, one file at the bottom: 3^22 paths, 23 directories. */
static void test_fan_out_is_walked_once(void **state)
{
    (void)state;
    char root[TMPDIR_PATH_BYTES], dir[TMPDIR_PATH_BYTES], path[TEST_PATH_BYTES];
    tmpdir_path(root, "fan");
    assert_int_equal(mkdir(root, 0755), 0);
    snprintf(dir, sizeof dir, "%s", root);
    for (int level = 0; level < 22; level++) {
        snprintf(path, sizeof path, "%s/n", dir);
        assert_int_equal(mkdir(path, 0755), 0);
        snprintf(path, sizeof path, "%s/a", dir);
        assert_int_equal(symlink("n", path), 0);
        snprintf(path, sizeof path, "%s/b", dir);
        assert_int_equal(symlink("n", path), 0);
        strncat(dir, "/n", sizeof dir - strlen(dir) - 1);
    }
    snprintf(path, sizeof path, "%s/bottom.txt", dir);
    write_file(path);
    seen s = {0};
    assert_int_equal(walk(root, 0, &s), 0);
    assert_int_equal(s.files, 1);
    /* Known by its real path, not by the first link met. */
    assert_string_equal(s.last_relative, "n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/bottom.txt");
    assert_int_equal(s.aliases, 44);
    assert_int_equal(s.lost_files + s.lost_dirs, 0);
}

static void test_links_out_of_the_root(void **state)
{
    (void)state;
    char root[TMPDIR_PATH_BYTES], outside[TMPDIR_PATH_BYTES], path[TEST_PATH_BYTES];
    tmpdir_path(root, "root");
    tmpdir_path(outside, "outside");
    assert_int_equal(mkdir(root, 0755), 0);
    assert_int_equal(mkdir(outside, 0755), 0);
    snprintf(path, sizeof path, "%s/secret.txt", outside);
    write_file(path);
    snprintf(path, sizeof path, "%s/inside.txt", root);
    write_file(path);
    snprintf(path, sizeof path, "%s/out", root);
    assert_int_equal(symlink(outside, path), 0);
    snprintf(path, sizeof path, "%s/passwd.txt", root);
    assert_int_equal(symlink("/etc/passwd", path), 0);
    snprintf(path, sizeof path, "%s/proc", root);
    assert_int_equal(symlink("/proc", path), 0);
    snprintf(path, sizeof path, "%s/self.txt", root);
    assert_int_equal(symlink("/proc/self/environ", path), 0);
    snprintf(path, sizeof path, "%s/up", root);
    assert_int_equal(symlink("..", path), 0);

    seen s = {0};
    assert_int_equal(walk(root, 0, &s), 0);
    assert_int_equal(s.files, 1); /* inside.txt only */
    assert_int_equal(s.lost_files, 5);
    assert_non_null(strstr(s.reasons, "out: symbolic link out of the SOURCE directory"));
    assert_non_null(strstr(s.reasons, "passwd.txt: symbolic link out of the SOURCE directory"));
    assert_non_null(strstr(s.reasons, "proc: symbolic link out of the SOURCE directory"));

    /* Asked to follow: the outside directory is walked, /proc and /proc files still never. */
    memset(&s, 0, sizeof s);
    assert_int_equal(walk(root, WALK_FOLLOW_LINKS, &s), 0);
    assert_non_null(strstr(s.reasons, "proc: symbolic link into a kernel pseudo-filesystem"));
    assert_non_null(strstr(s.reasons, "self.txt: symbolic link into a kernel pseudo-filesystem"));
    assert_null(strstr(s.reasons, "out: "));
    /* inside.txt, out/secret.txt, passwd.txt; up/ leads to the parent, whose root/ and outside/ were
     * walked already and whose other entries are files of other tests or nothing. */
    assert_true(s.files >= 3 && s.files < RUNAWAY_FILES);
}

static void test_loop_is_reported(void **state)
{
    (void)state;
    char root[TMPDIR_PATH_BYTES], path[TEST_PATH_BYTES];
    tmpdir_path(root, "loop");
    assert_int_equal(mkdir(root, 0755), 0);
    snprintf(path, sizeof path, "%s/sub", root);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/sub/again", root);
    assert_int_equal(symlink("..", path), 0);
    snprintf(path, sizeof path, "%s/sub/f.txt", root);
    write_file(path);
    seen s = {0};
    assert_int_equal(walk(root, 0, &s), 0);
    assert_int_equal(s.files, 1);
    assert_non_null(strstr(s.reasons, "again: symbolic link loop"));
}

/* An interrupt asked for mid-walk ends it at the next entry. */
static void test_stop_is_honoured(void **state)
{
    (void)state;
    char root[TMPDIR_PATH_BYTES], path[TEST_PATH_BYTES];
    tmpdir_path(root, "many");
    assert_int_equal(mkdir(root, 0755), 0);
    for (int d = 0; d < 20; d++) {
        snprintf(path, sizeof path, "%s/d%02d", root, d);
        assert_int_equal(mkdir(path, 0755), 0);
        for (int f = 0; f < 5; f++) {
            snprintf(path, sizeof path, "%s/d%02d/f%d.txt", root, d, f);
            write_file(path);
        }
    }
    seen s = {0};
    s.stop_after = 7;
    assert_int_equal(walk(root, 0, &s), 0);
    assert_int_equal(s.files, 7);
    memset(&s, 0, sizeof s);
    assert_int_equal(walk(root, 0, &s), 0);
    assert_int_equal(s.files, 100);
}

static int setup(void **state)
{
    (void)state;
    return tmpdir_make("walk");
}

static int teardown(void **state)
{
    (void)state;
    return tmpdir_remove();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fan_out_is_walked_once),
        cmocka_unit_test(test_links_out_of_the_root),
        cmocka_unit_test(test_loop_is_reported),
        cmocka_unit_test(test_stop_is_honoured),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
