/* check_safeopen.c - confined opens (base/safeopen.c): every way out of a
 * box-writable directory is refused, by openat2 and by the fallback walk
 * alike (each test runs once per implementation), and a planted FIFO or
 * symlink does not hang or fool text_fd_head. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fsutil.h"
#include "base/safeopen.h"
#include "base/text.h"

Suite *suite_safeopen(void);

static char base[] = "/tmp/arbiter-safeopen-XXXXXX";
static char box[PATH_MAX];
static int boxfd = -1;

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void at(char *buf, const char *name)
{
	snprintf(buf, PATH_MAX, "%s/%s", base, name);
}

/* base/secret is outside; base/box is the box-writable dir with its
 * planted links. */
static void setup(void)
{
	char p[PATH_MAX];

	strcpy(base, "/tmp/arbiter-safeopen-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(base));
	at(p, "secret");
	put(p, "SECRET\n");
	at(box, "box");
	ck_assert_int_eq(mkdir(box, 0700), 0);
	at(p, "box/sub");
	ck_assert_int_eq(mkdir(p, 0700), 0);
	at(p, "box/f");
	put(p, "inside\n");
	at(p, "box/sub/g");
	put(p, "deeper\n");
	at(p, "box/up");
	ck_assert_int_eq(symlink("../secret", p), 0);
	at(p, "box/abs");
	ck_assert_int_eq(symlink("/etc/passwd", p), 0);
	at(p, "box/inner");
	ck_assert_int_eq(symlink("f", p), 0);
	at(p, "box/dirlink");
	ck_assert_int_eq(symlink("sub", p), 0);
	at(p, "box/dangling");
	ck_assert_int_eq(symlink("../created", p), 0);
	at(p, "box/fifo");
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	boxfd = open(box, O_PATH | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(boxfd, 0);
}

static void teardown(void)
{
	close(boxfd);
	fsutil_rm_rf(base);
}

/* _i == 0: the real thing (openat2 on this kernel); 1: the walk. */
static int open_in(int i, const char *path, int flags)
{
	return i == 0 ? safe_openat(boxfd, path, flags, 0600)
		      : safe_openat_walk(boxfd, path, flags, 0600);
}

static void expect_text(int fd, const char *want)
{
	char buf[64] = {0};

	ck_assert_int_ge(fd, 0);
	ck_assert_int_gt(read(fd, buf, sizeof(buf) - 1), 0);
	ck_assert_str_eq(buf, want);
	close(fd);
}

START_TEST(test_inside)
{
	expect_text(open_in(_i, "f", O_RDONLY), "inside\n");
	expect_text(open_in(_i, "sub/g", O_RDONLY), "deeper\n");
	expect_text(open_in(_i, "./sub//g", O_RDONLY), "deeper\n");
}
END_TEST

START_TEST(test_escapes)
{
	static const char *const ways_out[] = {
		"../secret",  "sub/../../secret", "/etc/passwd", "up",
		"abs",        "inner",            "dirlink/g",   "sub/../up",
	};

	for (size_t k = 0; k < sizeof(ways_out) / sizeof(*ways_out); k++) {
		int fd = open_in(_i, ways_out[k], O_RDONLY);

		if (fd >= 0)
			ck_abort_msg("'%s' opened (implementation %d)", ways_out[k], _i);
		ck_assert_msg(errno == ELOOP || errno == EXDEV || errno == ENOTDIR,
			      "'%s': errno %d", ways_out[k], errno);
	}
}
END_TEST

/* Creating through a planted dangling link must not create the target. */
START_TEST(test_create)
{
	char p[PATH_MAX];
	struct stat st;
	int fd;

	fd = open_in(_i, "dangling", O_WRONLY | O_CREAT);
	ck_assert_int_lt(fd, 0);
	at(p, "created");
	ck_assert_int_ne(lstat(p, &st), 0);
	fd = open_in(_i, "sub/new", O_WRONLY | O_CREAT | O_EXCL);
	ck_assert_int_ge(fd, 0);
	close(fd);
	at(p, "box/sub/new");
	ck_assert_int_eq(lstat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
}
END_TEST

/* A FIFO opens without blocking (O_NONBLOCK) and reads as nothing; a
 * symlink by path reads as nothing. */
START_TEST(test_text_head)
{
	char p[PATH_MAX];
	char *s;
	int fd = open_in(_i, "fifo", O_RDONLY | O_NONBLOCK);

	ck_assert_int_ge(fd, 0);
	s = text_fd_head(fd, 100);
	ck_assert_str_eq(s, "");
	free(s);
	close(fd);
	at(p, "box/up");
	s = text_file_head(p, 100);
	ck_assert_str_eq(s, "");
	free(s);
	fd = open_in(_i, "f", O_RDONLY);
	s = text_fd_head(fd, 3);
	ck_assert_ptr_nonnull(strstr(s, "ins"));
	ck_assert_ptr_null(strstr(s, "inside"));
	free(s);
	close(fd);
}
END_TEST

START_TEST(test_beneath_dir)
{
	char p[PATH_MAX];

	expect_text(safe_open_beneath(box, "sub/g", O_RDONLY, 0), "deeper\n");
	ck_assert_int_lt(safe_open_beneath(box, "up", O_RDONLY, 0), 0);
	/* The directory itself given as a symlink is not followed either. */
	at(p, "box/dirlink");
	ck_assert_int_lt(safe_open_beneath(p, "g", O_RDONLY, 0), 0);
}
END_TEST

Suite *suite_safeopen(void)
{
	Suite *s = suite_create("safeopen");
	TCase *tc = tcase_create("confined");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_inside, 0, 2);
	tcase_add_loop_test(tc, test_escapes, 0, 2);
	tcase_add_loop_test(tc, test_create, 0, 2);
	tcase_add_loop_test(tc, test_text_head, 0, 2);
	tcase_add_test(tc, test_beneath_dir);
	suite_add_tcase(s, tc);
	return s;
}
