/* check_intake.c - submission intake against hostile archives and folders.
 *
 * Every hostile archive is built here with libarchive's write API, so the
 * test states exactly which bytes the judge is fed.  Each refusal asserts
 * the kind, the whole message, and that nothing was written outside DEST:
 * DEST is a subdirectory of a scratch dir which must hold only DEST
 * afterwards.  Each refusal has a benign twin that must be accepted, so a
 * test cannot pass by refusing everything.
 */
#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "intake.h"
#include "problem_import.h"
#include "testutil.h"

Suite *suite_intake(void);

static char *scratch; /* holds only DEST (and, in some tests, SRC) */
static char dest[512], srcdir[512];
static int fds_before;

static void setup(void)
{
	scratch = tu_mkdtemp();
	ck_assert_ptr_nonnull(scratch);
	snprintf(dest, sizeof(dest), "%s/dest", scratch);
	ck_assert_int_eq(mkdir(dest, 0755), 0);
	/* Sources live in a separate scratch dir, so the "only DEST" check
	 * stays meaningful for the folder tests. */
	snprintf(srcdir, sizeof(srcdir), "%s-src", scratch);
	ck_assert_int_eq(mkdir(srcdir, 0755), 0);
	fds_before = tu_count_fds();
}

static void teardown(void)
{
	tu_rm_rf(scratch);
	tu_rm_rf(srcdir);
	free(scratch);
}

/*** Archive builder ***/

enum ab_fmt { AB_ZIP, AB_PAX, AB_GNUTAR };
enum ab_filter { AB_NONE, AB_GZIP, AB_XZ };

struct ab {
	struct archive *a;
	char *buf;
	size_t len, cap;
};

static la_ssize_t ab_write_cb(struct archive *a, void *ud, const void *p,
			      size_t n)
{
	struct ab *b = ud;

	(void)a;
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		b->buf = realloc(b->buf, b->cap);
		ck_assert_ptr_nonnull(b->buf);
	}
	memcpy(b->buf + b->len, p, n);
	b->len += n;
	return (la_ssize_t)n;
}

static struct ab *ab_new(enum ab_fmt fmt, enum ab_filter flt)
{
	struct ab *b = calloc(1, sizeof(*b));

	ck_assert_ptr_nonnull(b);
	b->a = archive_write_new();
	ck_assert_ptr_nonnull(b->a);
	switch (fmt) {
	case AB_ZIP:
		ck_assert_int_eq(archive_write_set_format_zip(b->a), ARCHIVE_OK);
		break;
	case AB_PAX:
		ck_assert_int_eq(archive_write_set_format_pax(b->a), ARCHIVE_OK);
		break;
	case AB_GNUTAR:
		ck_assert_int_eq(archive_write_set_format_gnutar(b->a), ARCHIVE_OK);
		break;
	}
	if (flt == AB_GZIP)
		ck_assert_int_eq(archive_write_add_filter_gzip(b->a), ARCHIVE_OK);
	if (flt == AB_XZ)
		ck_assert_int_eq(archive_write_add_filter_xz(b->a), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_open(b->a, b, NULL, ab_write_cb, NULL),
			 ARCHIVE_OK);
	return b;
}

/* One entry: TYPE is AE_IF*, MODE the permission bits (setuid included);
 * LINK is the symlink target for AE_IFLNK, or a hard link target. */
static void ab_entry(struct ab *b, const char *name, unsigned type,
		     unsigned mode, const void *data, size_t len,
		     const char *link, int hard)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_mode(e, type | mode);
	archive_entry_set_mtime(e, 1700000000, 0);
	archive_entry_set_size(e, type == AE_IFREG ? (la_int64_t)len : 0);
	if (type == AE_IFCHR || type == AE_IFBLK)
		archive_entry_set_rdev(e, makedev(1, 3));
	if (link && hard)
		archive_entry_set_hardlink(e, link);
	else if (link)
		archive_entry_set_symlink(e, link);
	ck_assert_int_eq(archive_write_header(b->a, e), ARCHIVE_OK);
	if (len)
		ck_assert_int_eq(archive_write_data(b->a, data, len),
				 (la_ssize_t)len);
	archive_entry_free(e);
}

static void ab_file(struct ab *b, const char *name, const char *content)
{
	ab_entry(b, name, AE_IFREG, 0644, content, strlen(content), NULL, 0);
}

static void ab_dir(struct ab *b, const char *name)
{
	ab_entry(b, name, AE_IFDIR, 0755, NULL, 0, NULL, 0);
}

/* SIZE bytes of zeros (ZEROS) or of incompressible noise, in chunks. */
static void ab_big(struct ab *b, const char *name, size_t size, int zeros)
{
	struct archive_entry *e = archive_entry_new();
	static char chunk[1 << 20];
	uint64_t x = 88172645463325252ULL;

	archive_entry_set_pathname(e, name);
	archive_entry_set_mode(e, AE_IFREG | 0644);
	archive_entry_set_size(e, (la_int64_t)size);
	ck_assert_int_eq(archive_write_header(b->a, e), ARCHIVE_OK);
	for (size_t done = 0; done < size;) {
		size_t n = size - done < sizeof(chunk) ? size - done : sizeof(chunk);

		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			chunk[i] = zeros ? 0 : (char)x;
		}
		ck_assert_int_eq(archive_write_data(b->a, chunk, n), (la_ssize_t)n);
		done += n;
	}
	archive_entry_free(e);
}

static char *ab_finish(struct ab *b, size_t *len)
{
	char *buf;

	ck_assert_int_eq(archive_write_close(b->a), ARCHIVE_OK);
	archive_write_free(b->a);
	buf = b->buf;
	*len = b->len;
	free(b);
	return buf;
}

/*** Assertions ***/

/* Nothing escaped: the scratch dir holds DEST and nothing else. */
static void assert_only_dest(void)
{
	DIR *d = opendir(scratch);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		ck_assert_msg(!strcmp(e->d_name, "dest"),
			      "'%s' written beside DEST", e->d_name);
		n++;
	}
	closedir(d);
	ck_assert_int_eq(n, 1);
}

/* An empty DEST again, for the next case of the same test. */
static void reset_dest(void)
{
	tu_rm_rf(dest);
	ck_assert_int_eq(mkdir(dest, 0755), 0);
}

static void assert_no_fd_leak(void)
{
	ck_assert_int_eq(tu_count_fds(), fds_before);
}

/* Feed BUF to intake_archive_mem, expect a refusal with exactly MSG. */
static void refused_mem(char *buf, size_t len, const struct intake_limits *lim,
			const char *msg)
{
	struct intake_result res = {0};
	struct arb_err err = {0};

	ck_assert_int_eq(intake_archive_mem(buf, len, dest, lim, &res, &err), -1);
	ck_assert_msg(err.kind == ARB_E_SUBMISSION, "kind %s: %s",
		      arb_errkind_name(err.kind), err.msg);
	ck_assert_str_eq(err.msg, msg);
	assert_only_dest();
	assert_no_fd_leak();
	intake_result_free(&res);
	free(buf);
	reset_dest();
}

static void refused(struct ab *b, const struct intake_limits *lim,
		    const char *msg)
{
	size_t len;
	char *buf = ab_finish(b, &len);

	refused_mem(buf, len, lim, msg);
}

static void accepted(struct ab *b, const struct intake_limits *lim,
		     struct intake_result *res)
{
	struct arb_err err = {0};
	size_t len;
	char *buf = ab_finish(b, &len);

	ck_assert_msg(intake_archive_mem(buf, len, dest, lim, res, &err) == 0,
		      "refused: %s", err.msg);
	assert_only_dest();
	assert_no_fd_leak();
	free(buf);
}

static void assert_content(const char *rel, const char *want)
{
	char path[1024];
	size_t len = 0;
	char *got;

	snprintf(path, sizeof(path), "%s/%s", dest, rel);
	got = tu_read_file(path, &len);
	ck_assert_msg(got != NULL, "'%s' missing", rel);
	ck_assert_uint_eq(len, strlen(want));
	ck_assert_str_eq(got, want);
	free(got);
}

static unsigned mode_of(const char *rel)
{
	char path[1024];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dest, rel);
	ck_assert_int_eq(lstat(path, &st), 0);
	return st.st_mode;
}

static void assert_files(const struct intake_result *res, const char *const *want)
{
	size_t n = 0;

	while (want[n])
		n++;
	ck_assert_uint_eq(res->n_files, n);
	for (size_t i = 0; i < n; i++)
		ck_assert_str_eq(res->files[i], want[i]);
	ck_assert_ptr_null(res->files[n]);
}

/*** Escapes ***/

START_TEST(test_dotdot)
{
	struct ab *b = ab_new(AB_ZIP, AB_NONE);

	ab_file(b, "ok.c", "int x;\n");
	ab_file(b, "../x", "pwned\n");
	refused(b, NULL, "archive entry '../x': path leaves the submission folder");

	b = ab_new(AB_PAX, AB_GZIP);
	ab_file(b, "a/../../b", "pwned\n");
	refused(b, NULL,
		"archive entry 'a/../../b': path leaves the submission folder");

	/* Even a ".." that would stay inside is refused: no arithmetic. */
	b = ab_new(AB_GNUTAR, AB_NONE);
	ab_file(b, "a/../b", "x\n");
	refused(b, NULL, "archive entry 'a/../b': path leaves the submission folder");
}
END_TEST

START_TEST(test_absolute)
{
	char abs[128];
	struct ab *b;

	snprintf(abs, sizeof(abs), "/tmp/arbiter-intake-abs-%d", (int)getpid());
	b = ab_new(AB_PAX, AB_NONE);
	ab_file(b, abs, "pwned\n");
	{
		char msg[256];

		snprintf(msg, sizeof(msg),
			 "archive entry '%s': absolute paths are not allowed", abs);
		refused(b, NULL, msg);
	}
	ck_assert_int_eq(access(abs, F_OK), -1);

	b = ab_new(AB_ZIP, AB_NONE);
	ab_file(b, "/etc/x", "pwned\n");
	refused(b, NULL, "archive entry '/etc/x': absolute paths are not allowed");
}
END_TEST

START_TEST(test_symlink)
{
	struct ab *b = ab_new(AB_PAX, AB_NONE);

	ab_dir(b, "a/");
	ab_entry(b, "a/link", AE_IFLNK, 0777, NULL, 0, "/etc/passwd", 0);
	refused(b, NULL, "archive entry 'a/link': symbolic links are not allowed");

	/* A link pointing inside is refused too. */
	b = ab_new(AB_ZIP, AB_NONE);
	ab_file(b, "main.c", "int main;\n");
	ab_entry(b, "alias.c", AE_IFLNK, 0777, NULL, 0, "main.c", 0);
	refused(b, NULL, "archive entry 'alias.c': symbolic links are not allowed");
}
END_TEST

START_TEST(test_hardlink)
{
	struct ab *b = ab_new(AB_GNUTAR, AB_NONE);

	ab_file(b, "f", "x\n");
	ab_entry(b, "h", AE_IFREG, 0644, NULL, 0, "/etc/passwd", 1);
	refused(b, NULL, "archive entry 'h': hard links are not allowed");

	b = ab_new(AB_PAX, AB_GZIP);
	ab_file(b, "f", "x\n");
	ab_entry(b, "g", AE_IFREG, 0644, NULL, 0, "f", 1);
	refused(b, NULL, "archive entry 'g': hard links are not allowed");
}
END_TEST

/* "link -> /tmp" then "link/pwned": the Judge0 pattern. */
START_TEST(test_write_through_link)
{
	char pwned[128], name[160];
	struct ab *b = ab_new(AB_PAX, AB_NONE);

	snprintf(pwned, sizeof(pwned), "arbiter-pwned-%d", (int)getpid());
	snprintf(name, sizeof(name), "link/%s", pwned);
	ab_entry(b, "link", AE_IFLNK, 0777, NULL, 0, "/tmp", 0);
	ab_file(b, name, "pwned\n");
	refused(b, NULL, "archive entry 'link': symbolic links are not allowed");
	snprintf(name, sizeof(name), "/tmp/%s", pwned);
	ck_assert_int_eq(access(name, F_OK), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

/* A symlink already in DEST (planted by anyone) is never followed: the
 * walk opens each component with O_NOFOLLOW. */
START_TEST(test_planted_link)
{
	struct intake_result res = {0};
	struct arb_err err = {0};
	char outside[600], link[600], probe[700];
	DIR *d;
	int n = 0;

	snprintf(outside, sizeof(outside), "%s/outside", srcdir);
	snprintf(link, sizeof(link), "%s/link", dest);
	ck_assert_int_eq(mkdir(outside, 0755), 0);
	ck_assert_int_eq(symlink(outside, link), 0);
	ck_assert_int_eq(intake_file_mem("link/pwned", "x", 1, dest, NULL, &res,
					 &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_SUBMISSION);
	ck_assert_str_eq(err.msg, "file 'link/pwned': 'link' is a symbolic link");
	/* A symlink as the file itself: O_EXCL fails, nothing followed. */
	ck_assert_int_eq(intake_file_mem("link", "x", 1, dest, NULL, &res, &err),
			 -1);
	ck_assert_str_eq(err.msg, "file 'link': already exists");
	d = opendir(outside);
	ck_assert_ptr_nonnull(d);
	while (readdir(d))
		n++;
	closedir(d);
	ck_assert_int_eq(n, 2); /* . and .. */
	snprintf(probe, sizeof(probe), "%s/pwned", outside);
	ck_assert_int_eq(access(probe, F_OK), -1);
	ck_assert_uint_eq(res.n_files, 0);
	intake_result_free(&res);
	assert_no_fd_leak();
}
END_TEST

START_TEST(test_special_files)
{
	struct ab *b = ab_new(AB_PAX, AB_NONE);

	ab_entry(b, "null2", AE_IFCHR, 0666, NULL, 0, NULL, 0);
	refused(b, NULL, "archive entry 'null2': device nodes are not allowed");

	b = ab_new(AB_GNUTAR, AB_NONE);
	ab_entry(b, "sda", AE_IFBLK, 0660, NULL, 0, NULL, 0);
	refused(b, NULL, "archive entry 'sda': device nodes are not allowed");

	b = ab_new(AB_PAX, AB_GZIP);
	ab_file(b, "main.c", "int main;\n");
	ab_entry(b, "fifo", AE_IFIFO, 0644, NULL, 0, NULL, 0);
	refused(b, NULL, "archive entry 'fifo': named pipes are not allowed");
}
END_TEST

START_TEST(test_modes)
{
	struct intake_result res = {0};
	struct ab *b = ab_new(AB_PAX, AB_NONE);

	ab_entry(b, "suid.sh", AE_IFREG, 04755, "#!/bin/sh\n", 10, NULL, 0);
	ab_entry(b, "sgid", AE_IFREG, 02711, "x", 1, NULL, 0);
	ab_entry(b, "secret.txt", AE_IFREG, 0600, "s", 1, NULL, 0);
	ab_entry(b, "ro.txt", AE_IFREG, 0444, "r", 1, NULL, 0);
	ab_entry(b, "sticky/", AE_IFDIR, 01777, NULL, 0, NULL, 0);
	ab_entry(b, "sticky/f", AE_IFREG, 0666, "f", 1, NULL, 0);
	accepted(b, NULL, &res);
	ck_assert_uint_eq(mode_of("suid.sh"), S_IFREG | 0755);
	ck_assert_uint_eq(mode_of("sgid"), S_IFREG | 0755);
	ck_assert_uint_eq(mode_of("secret.txt"), S_IFREG | 0644);
	ck_assert_uint_eq(mode_of("ro.txt"), S_IFREG | 0644);
	ck_assert_uint_eq(mode_of("sticky"), S_IFDIR | 0755);
	ck_assert_uint_eq(mode_of("sticky/f"), S_IFREG | 0644);
	intake_result_free(&res);
}
END_TEST

START_TEST(test_duplicates)
{
	struct intake_result res = {0};
	struct ab *b = ab_new(AB_ZIP, AB_NONE);

	ab_file(b, "a.c", "int first;\n");
	ab_file(b, "a.c", "int second;\n");
	refused(b, NULL, "archive entry 'a.c': duplicate entry");

	/* The same name spelt two ways. */
	b = ab_new(AB_PAX, AB_NONE);
	ab_file(b, "./src/a.c", "int first;\n");
	ab_file(b, "src/./a.c", "int second;\n");
	refused(b, NULL, "archive entry 'src/a.c': duplicate entry");

	/* A file and then a directory of the same name. */
	b = ab_new(AB_PAX, AB_NONE);
	ab_file(b, "x", "1\n");
	ab_dir(b, "x/");
	refused(b, NULL, "archive entry 'x': duplicate entry");

	/* A file used as a directory. */
	b = ab_new(AB_PAX, AB_NONE);
	ab_file(b, "x", "1\n");
	ab_file(b, "x/y", "2\n");
	refused(b, NULL, "archive entry 'x/y': 'x' is not a directory");

	/* Twin: a directory entry after its files (zip order) is fine. */
	b = ab_new(AB_ZIP, AB_NONE);
	ab_file(b, "d/a.c", "int a;\n");
	ab_dir(b, "d/");
	ab_dir(b, "./");
	accepted(b, NULL, &res);
	assert_files(&res, (const char *const[]){"d/a.c", NULL});
	intake_result_free(&res);
}
END_TEST

/*** Bombs and caps ***/

START_TEST(test_many_entries)
{
	struct intake_result res = {0};
	struct ab *b = ab_new(AB_ZIP, AB_NONE);
	char name[32];

	for (int i = 0; i < 2000; i++) {
		snprintf(name, sizeof(name), "f%04d.txt", i);
		ab_file(b, name, "x");
	}
	refused(b, NULL, "submission has more than 1000 files and directories");

	/* Directories count too. */
	b = ab_new(AB_PAX, AB_GZIP);
	for (int i = 0; i < 600; i++) {
		snprintf(name, sizeof(name), "d%04d/f", i);
		ab_file(b, name, "x");
	}
	refused(b, NULL, "submission has more than 1000 files and directories");

	/* Twin: 1000 exactly. */
	b = ab_new(AB_ZIP, AB_NONE);
	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "f%04d.txt", i);
		ab_file(b, name, "x");
	}
	accepted(b, NULL, &res);
	ck_assert_uint_eq(res.n_files, 1000);
	ck_assert_str_eq(res.files[0], "f0000.txt");
	ck_assert_str_eq(res.files[999], "f0999.txt");
	ck_assert_uint_eq(res.total_bytes, 1000);
	intake_result_free(&res);
}
END_TEST

START_TEST(test_big_file)
{
	struct intake_result res = {0};
	char path[600];
	struct stat st;
	struct ab *b = ab_new(AB_PAX, AB_NONE);

	ab_big(b, "big.bin", 20u << 20, 0);
	refused(b, NULL, "archive entry 'big.bin': larger than 16777216 bytes");

	/* Same in a zip (deflated noise: no help from the ratio cap). */
	b = ab_new(AB_ZIP, AB_NONE);
	ab_big(b, "big.bin", 17u << 20, 0);
	{
		size_t len;
		char *buf = ab_finish(b, &len);
		struct arb_err err = {0};

		ck_assert_int_eq(intake_archive_mem(buf, len, dest, NULL, &res,
						    &err), -1);
		ck_assert_str_eq(err.msg,
				 "archive entry 'big.bin': larger than 16777216 bytes");
		free(buf);
	}
	/* Whatever was written stayed within the cap. */
	snprintf(path, sizeof(path), "%s/big.bin", dest);
	if (stat(path, &st) == 0)
		ck_assert_int_le(st.st_size, 16 << 20);
	intake_result_free(&res);
	reset_dest();

	/* Twin: 15 MiB passes. */
	b = ab_new(AB_PAX, AB_NONE);
	ab_big(b, "ok.bin", 15u << 20, 0);
	accepted(b, NULL, &res);
	ck_assert_uint_eq(res.total_bytes, 15u << 20);
	intake_result_free(&res);
}
END_TEST

START_TEST(test_total)
{
	struct intake_limits lim = {.max_total_bytes = 1 << 20};
	struct intake_result res = {0};
	struct ab *b = ab_new(AB_PAX, AB_NONE);

	ab_big(b, "a.bin", 400 << 10, 0);
	ab_big(b, "b.bin", 400 << 10, 0);
	ab_big(b, "c.bin", 400 << 10, 0);
	refused(b, &lim, "submission larger than 1048576 bytes in total");

	b = ab_new(AB_PAX, AB_NONE);
	ab_big(b, "a.bin", 400 << 10, 0);
	ab_big(b, "b.bin", 400 << 10, 0);
	accepted(b, &lim, &res);
	ck_assert_uint_eq(res.total_bytes, 800 << 10);
	intake_result_free(&res);
}
END_TEST

START_TEST(test_ratio)
{
	struct intake_result res = {0};
	struct ab *b = ab_new(AB_PAX, AB_GZIP);

	ab_big(b, "zeros.bin", 50u << 20, 1);
	refused(b, NULL, "archive expands more than 100 times its size");

	/* Zip: ten members of 5 MiB, each under the file cap. */
	b = ab_new(AB_ZIP, AB_NONE);
	for (int i = 0; i < 10; i++) {
		char name[32];

		snprintf(name, sizeof(name), "z%d", i);
		ab_big(b, name, 5 << 20, 1);
	}
	refused(b, NULL, "archive expands more than 100 times its size");

	/* The cap applies to the sum of small files too. */
	b = ab_new(AB_PAX, AB_XZ);
	for (int i = 0; i < 8; i++) {
		char name[32];

		snprintf(name, sizeof(name), "z%d", i);
		ab_big(b, name, 1 << 20, 1);
	}
	refused(b, NULL, "archive expands more than 100 times its size");

	/* Twins: a small zero file (under the 1 MiB floor) and noise. */
	b = ab_new(AB_PAX, AB_GZIP);
	ab_big(b, "zeros.bin", 512 << 10, 1);
	ab_big(b, "noise.bin", 4 << 20, 0);
	accepted(b, NULL, &res);
	ck_assert_uint_eq(res.total_bytes, (512 << 10) + (4 << 20));
	intake_result_free(&res);
}
END_TEST

START_TEST(test_names)
{
	struct intake_result res = {0};
	char deep[128] = "", name[1200], msg[512];
	struct ab *b;

	for (int i = 0; i < 20; i++)
		strcat(deep, "d/");
	strcat(deep, "f.c");
	b = ab_new(AB_PAX, AB_NONE);
	ab_file(b, deep, "x\n");
	snprintf(msg, sizeof(msg),
		 "archive entry '%s': nested more than 16 levels deep", deep);
	refused(b, NULL, msg);

	memset(name, 'a', 300);
	name[300] = '\0';
	b = ab_new(AB_PAX, AB_NONE);
	ab_file(b, name, "x\n");
	snprintf(msg, sizeof(msg),
		 "archive entry '%.156s...': name component longer than 255 bytes",
		 name);
	refused(b, NULL, msg);

	for (int i = 0; i < 1100; i += 2)
		memcpy(name + i, "a/", 2);
	name[1100] = 'x';
	name[1101] = '\0';
	b = ab_new(AB_PAX, AB_NONE);
	ab_file(b, name, "x\n");
	snprintf(msg, sizeof(msg),
		 "archive entry '%.156s...': path longer than 1024 bytes", name);
	refused(b, NULL, msg);

	b = ab_new(AB_PAX, AB_NONE);
	ab_file(b, "a\nb\033[2J.c", "x\n");
	refused(b, NULL, "archive entry 'a?b?[2J.c': control character in name");

	/* Messages stay valid UTF-8 whatever the name's bytes. */
	b = ab_new(AB_GNUTAR, AB_NONE);
	ab_file(b, "caf\xc3\xa9\xff\xc3/../x", "x\n");
	refused(b, NULL,
		"archive entry 'caf\xc3\xa9?" "?/../x': path leaves the submission folder");

	b = ab_new(AB_PAX, AB_NONE);
	ab_file(b, "a//b.c", "x\n");
	refused(b, NULL, "archive entry 'a//b.c': empty path component");

	/* Twin: 16 levels, a 255-byte component, "./" prefixes. */
	strcpy(deep, "");
	for (int i = 0; i < 15; i++)
		strcat(deep, "d/");
	strcat(deep, "f.c");
	memset(name, 'b', 255);
	name[255] = '\0';
	b = ab_new(AB_PAX, AB_NONE);
	ab_dir(b, "./");
	ab_file(b, deep, "deep\n");
	ab_file(b, name, "long\n");
	ab_file(b, "./././dot.c", "dot\n");
	accepted(b, NULL, &res);
	ck_assert_uint_eq(res.n_files, 3);
	assert_content(deep, "deep\n");
	assert_content(name, "long\n");
	assert_content("dot.c", "dot\n");
	intake_result_free(&res);
}
END_TEST

/*** Broken archives ***/

START_TEST(test_truncated)
{
	char name[151];
	size_t len;
	struct ab *b = ab_new(AB_PAX, AB_NONE);
	char *buf;

	ab_big(b, "a.bin", 4096, 0);
	buf = ab_finish(b, &len);
	/* Cut in the data: libarchive's own words. */
	refused_mem(buf, 1536, NULL, "archive: Truncated tar archive");

	/* Cut inside a pax extended header: libarchive has no message for
	 * this one, and the refusal must still say something. */
	memset(name, 'x', 150);
	name[150] = '\0';
	b = ab_new(AB_PAX, AB_NONE);
	ab_big(b, name, 4096, 0);
	buf = ab_finish(b, &len);
	refused_mem(buf, 700, NULL, "archive: truncated or corrupt");

	b = ab_new(AB_PAX, AB_GZIP);
	ab_big(b, "a.bin", 100000, 0);
	buf = ab_finish(b, &len);
	{
		struct intake_result res = {0};
		struct arb_err err = {0};

		ck_assert_int_eq(intake_archive_mem(buf, len / 2, dest, NULL, &res,
						    &err), -1);
		ck_assert_int_eq(err.kind, ARB_E_SUBMISSION);
		ck_assert_msg(!strncmp(err.msg, "archive: ", 9), "%s", err.msg);
		intake_result_free(&res);
	}
	free(buf);

	/* A zip cut in a member's data (without its central directory,
	 * libarchive falls back to reading the local headers). */
	b = ab_new(AB_ZIP, AB_NONE);
	ab_big(b, "noise.bin", 8192, 0);
	buf = ab_finish(b, &len);
	{
		struct intake_result res = {0};
		struct arb_err err = {0};

		ck_assert_int_eq(intake_archive_mem(buf, 4000, dest, NULL,
						    &res, &err), -1);
		ck_assert_int_eq(err.kind, ARB_E_SUBMISSION);
		ck_assert_msg(!strncmp(err.msg, "archive: ", 9), "%s", err.msg);
		intake_result_free(&res);
	}
	free(buf);
	assert_no_fd_leak();
}
END_TEST

START_TEST(test_garbage)
{
	char *buf = malloc(4096);
	uint64_t x = 1;

	for (int i = 0; i < 4096; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		buf[i] = (char)(x >> 56);
	}
	refused_mem(buf, 4096, NULL, "archive: Unrecognized archive format");
	refused_mem(strdup("int main(void) { return 0; }\n"), 29, NULL,
		    "archive: Unrecognized archive format");
}
END_TEST

START_TEST(test_empty)
{
	struct ab *b = ab_new(AB_PAX, AB_NONE);

	refused(b, NULL, "archive has no files");
	b = ab_new(AB_ZIP, AB_NONE);
	refused(b, NULL, "archive has no files");
	b = ab_new(AB_PAX, AB_GZIP);
	ab_dir(b, "src/");
	refused(b, NULL, "archive has no files");
	refused_mem(malloc(1), 0, NULL, "archive has no files");
}
END_TEST

/*** Benign archives ***/

static const char *const tree_files[] = {"README", "main.c", "src/lib/x.h",
					 "src/x.c", NULL};

static const char tree_main[] =
	"#include \"src/lib/x.h\"\nint main(void) { return x(); }\n";
static const char tree_h[] = "int x(void);\n";
static const char tree_c[] = "int x(void) { return 0; }\n";

static void build_tree(struct ab *b)
{
	ab_dir(b, "./");
	ab_file(b, "./main.c", tree_main);
	ab_dir(b, "src/");
	ab_dir(b, "src/lib/");
	ab_file(b, "src/lib/x.h", tree_h);
	ab_file(b, "src/x.c", tree_c);
	ab_entry(b, "README", AE_IFREG, 0644, "", 0, NULL, 0);
}

static void check_tree(const struct intake_result *res)
{
	assert_files(res, tree_files);
	assert_content("main.c", tree_main);
	assert_content("src/lib/x.h", tree_h);
	assert_content("src/x.c", tree_c);
	assert_content("README", "");
	ck_assert_uint_eq(res->total_bytes,
			  strlen(tree_main) + strlen(tree_h) + strlen(tree_c));
	ck_assert_uint_eq(mode_of("src/lib"), S_IFDIR | 0755);
}

START_TEST(test_benign)
{
	static const struct {
		enum ab_fmt fmt;
		enum ab_filter flt;
	} kinds[] = {{AB_ZIP, AB_NONE}, {AB_PAX, AB_GZIP}, {AB_PAX, AB_XZ},
		     {AB_GNUTAR, AB_NONE}};
	int i = _i;
	struct intake_result res = {0};
	struct ab *b = ab_new(kinds[i].fmt, kinds[i].flt);

	build_tree(b);
	accepted(b, NULL, &res);
	check_tree(&res);
	intake_result_free(&res);
}
END_TEST

/*** Paths: files, folders, archives on disk ***/

static void write_src(const char *rel, const char *content, mode_t mode)
{
	char path[700];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", srcdir, rel);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(content, f);
	fclose(f);
	ck_assert_int_eq(chmod(path, mode), 0);
}

static const char *src_path(const char *rel)
{
	static char path[700];

	snprintf(path, sizeof(path), "%s/%s", srcdir, rel);
	return path;
}

START_TEST(test_path_file)
{
	struct intake_result res = {0};
	struct arb_err err = {0};

	write_src("hello.c", "int main(void) { return 0; }\n", 0700);
	ck_assert_int_eq(intake_path(src_path("hello.c"), dest, NULL, &res, &err), 0);
	assert_files(&res, (const char *const[]){"hello.c", NULL});
	assert_content("hello.c", "int main(void) { return 0; }\n");
	ck_assert_uint_eq(mode_of("hello.c"), S_IFREG | 0755);
	intake_result_free(&res);

	/* Too big for the per-file cap. */
	{
		struct intake_limits lim = {.max_file_bytes = 10};

		write_src("big.c", "0123456789A", 0644);
		ck_assert_int_eq(intake_path(src_path("big.c"), dest, &lim, &res,
					     &err), -1);
		ck_assert_int_eq(err.kind, ARB_E_SUBMISSION);
		ck_assert_str_eq(err.msg, "file 'big.c': larger than 10 bytes");
		intake_result_free(&res);
	}
	/* A missing path is the request's fault, not the submitter's. */
	ck_assert_int_eq(intake_path(src_path("nope.c"), dest, NULL, &res, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_REQUEST);
	assert_only_dest();
	assert_no_fd_leak();
}
END_TEST

START_TEST(test_path_archive)
{
	struct intake_result res = {0};
	struct arb_err err = {0};
	size_t len;
	struct ab *b = ab_new(AB_PAX, AB_GZIP);
	char *buf;
	FILE *f;

	build_tree(b);
	buf = ab_finish(b, &len);
	f = fopen(src_path("sub.TGZ"), "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	fclose(f);
	ck_assert_int_eq(intake_path(src_path("sub.TGZ"), dest, NULL, &res, &err), 0);
	check_tree(&res);
	intake_result_free(&res);

	/* The same bytes without an archive extension are copied as is. */
	reset_dest();
	{
		char from[700];

		snprintf(from, sizeof(from), "%s", src_path("sub.TGZ"));
		ck_assert_int_eq(rename(from, src_path("data.bin")), 0);
	}
	ck_assert_msg(intake_path(src_path("data.bin"), dest, NULL, &res, &err) == 0,
		      "%s", err.msg);
	assert_files(&res, (const char *const[]){"data.bin", NULL});
	ck_assert_uint_eq(res.total_bytes, len);
	intake_result_free(&res);
	free(buf);
	assert_no_fd_leak();
}
END_TEST

START_TEST(test_path_dir)
{
	struct intake_result res = {0};
	struct arb_err err = {0};
	char path[700];

	ck_assert_int_eq(mkdir(src_path("sub"), 0700), 0);
	ck_assert_int_eq(mkdir(src_path("sub/deeper"), 0755), 0);
	ck_assert_int_eq(mkdir(src_path("empty"), 0755), 0);
	write_src("main.c", "#include \"sub/u.h\"\n", 0644);
	write_src("sub/u.h", "int u;\n", 0644);
	write_src("sub/deeper/run.sh", "#!/bin/sh\n", 04755);
	ck_assert_int_eq(intake_path(srcdir, dest, NULL, &res, &err), 0);
	assert_files(&res, (const char *const[]){"main.c", "sub/deeper/run.sh",
						 "sub/u.h", NULL});
	assert_content("sub/u.h", "int u;\n");
	ck_assert_uint_eq(mode_of("sub/deeper/run.sh"), S_IFREG | 0755);
	ck_assert_uint_eq(mode_of("sub"), S_IFDIR | 0755);
	ck_assert_uint_eq(mode_of("empty"), S_IFDIR | 0755);
	intake_result_free(&res);
	assert_no_fd_leak();

	/* Twin with a symlink inside: refused. */
	reset_dest();
	ck_assert_int_eq(symlink("/etc/passwd", src_path("sub/link")), 0);
	ck_assert_int_eq(intake_path(srcdir, dest, NULL, &res, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_SUBMISSION);
	ck_assert_str_eq(err.msg, "file 'sub/link': symbolic links are not allowed");
	intake_result_free(&res);
	unlink(src_path("sub/link"));

	/* A hard link inside (to a file the author may not be able to read
	 * but the judge can): refused. */
	reset_dest();
	{
		char from[700];

		snprintf(from, sizeof(from), "%s", src_path("main.c"));
		ck_assert_int_eq(link(from, src_path("sub/alias.c")), 0);
	}
	ck_assert_int_eq(intake_path(srcdir, dest, NULL, &res, &err), -1);
	ck_assert_msg(!strcmp(err.msg, "file 'sub/alias.c': hard links are not allowed") ||
			      !strcmp(err.msg, "file 'main.c': hard links are not allowed"),
		      "%s", err.msg);
	intake_result_free(&res);
	unlink(src_path("sub/alias.c"));

	/* A FIFO inside: refused, and not blocked on. */
	reset_dest();
	ck_assert_int_eq(mkfifo(src_path("sub/deeper/pipe"), 0644), 0);
	ck_assert_int_eq(intake_path(srcdir, dest, NULL, &res, &err), -1);
	ck_assert_str_eq(err.msg,
			 "file 'sub/deeper/pipe': named pipes are not allowed");
	intake_result_free(&res);

	/* An empty folder. */
	reset_dest();
	snprintf(path, sizeof(path), "%s", src_path("empty"));
	ck_assert_int_eq(intake_path(path, dest, NULL, &res, &err), -1);
	ck_assert_str_eq(err.msg, "submission folder has no files");
	assert_only_dest();
	assert_no_fd_leak();
}
END_TEST

START_TEST(test_file_mem)
{
	struct intake_limits lim = {.max_total_bytes = 100, .max_entries = 5};
	struct intake_result res = {0};
	struct arb_err err = {0};
	char big[61];

	memset(big, 'x', 60);
	big[60] = '\0';
	ck_assert_int_eq(intake_file_mem("main.c", big, 60, dest, &lim, &res, &err), 0);
	ck_assert_int_eq(intake_file_mem("lib/a/util.h", "int u;\n", 7, dest, &lim,
					 &res, &err), 0);
	assert_files(&res, (const char *const[]){"lib/a/util.h", "main.c", NULL});
	ck_assert_uint_eq(res.total_bytes, 67);
	assert_content("lib/a/util.h", "int u;\n");
	ck_assert_uint_eq(mode_of("lib/a/util.h"), S_IFREG | 0644);

	/* The total is over the sum of calls. */
	ck_assert_int_eq(intake_file_mem("more.c", big, 40, dest, &lim, &res, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_SUBMISSION);
	ck_assert_str_eq(err.msg, "submission larger than 100 bytes in total");
	/* So is the entry count: main.c lib lib/a util.h = 4, +1 = 5 ok. */
	ck_assert_int_eq(intake_file_mem("b.c", "", 0, dest, &lim, &res, &err), 0);
	ck_assert_int_eq(intake_file_mem("c.c", "", 0, dest, &lim, &res, &err), -1);
	ck_assert_str_eq(err.msg, "submission has more than 5 files and directories");
	/* A duplicate across calls. */
	ck_assert_int_eq(intake_file_mem("main.c", "x", 1, dest, NULL, &res, &err), -1);
	ck_assert_str_eq(err.msg, "file 'main.c': already exists");
	assert_content("main.c", big);
	/* Names follow the archive rules. */
	ck_assert_int_eq(intake_file_mem("../x.c", "x", 1, dest, NULL, &res, &err), -1);
	ck_assert_str_eq(err.msg, "file '../x.c': path leaves the submission folder");
	ck_assert_int_eq(intake_file_mem("/x.c", "x", 1, dest, NULL, &res, &err), -1);
	ck_assert_str_eq(err.msg, "file '/x.c': absolute paths are not allowed");
	ck_assert_int_eq(intake_file_mem("dir/", "x", 1, dest, NULL, &res, &err), -1);
	ck_assert_str_eq(err.msg,
			 "file 'dir/': name ends with '/' but the entry is not a directory");
	ck_assert_int_eq(intake_file_mem("main.c/x", "x", 1, dest, NULL, &res, &err), -1);
	ck_assert_str_eq(err.msg, "file 'main.c/x': 'main.c' is not a directory");
	ck_assert_uint_eq(res.n_files, 3);
	intake_result_free(&res);
	intake_result_free(&res); /* idempotent */
	assert_only_dest();
	assert_no_fd_leak();
}
END_TEST

/*** Checked-in fixtures (testdata/archives, made by make.sh) ***/

static const char fixture_main[] =
	"#include <stdio.h>\n"
	"#include \"util.h\"\n"
	"\n"
	"int main(void)\n"
	"{\n"
	"\tprintf(\"%d\\n\", twice(21));\n"
	"\treturn 0;\n"
	"}\n";
static const char fixture_util[] =
	"static inline int twice(int x)\n"
	"{\n"
	"\treturn 2 * x;\n"
	"}\n";

START_TEST(test_fixtures)
{
	static const char *const good[] = {"archives/good.zip",
					   "archives/good.tar.gz"};
	struct intake_result res = {0};
	struct arb_err err = {0};

	for (size_t i = 0; i < 2; i++) {
		reset_dest();
		ck_assert_msg(intake_path(tu_srcdata(good[i]), dest, NULL, &res,
					  &err) == 0, "%s: %s", good[i], err.msg);
		assert_files(&res, (const char *const[]){"main.c", "util.h", NULL});
		assert_content("main.c", fixture_main);
		assert_content("util.h", fixture_util);
		intake_result_free(&res);
	}
	reset_dest();
	ck_assert_int_eq(intake_path(tu_srcdata("archives/evil.zip"), dest, NULL,
				     &res, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_SUBMISSION);
	ck_assert_str_eq(err.msg,
			 "archive entry '../evil.txt': path leaves the submission folder");
	intake_result_free(&res);
	assert_only_dest();
	assert_no_fd_leak();
}
END_TEST

/*** Packed problem packages (problem_import.c) ***/

/* The worker's import: an intake refusal is the package's fault. */
START_TEST(test_import_mem)
{
	struct ab *b = ab_new(AB_PAX, AB_GZIP);
	struct arb_err err = {0};
	size_t len;
	char *buf;

	ab_file(b, "problem.yaml", "name: x\n");
	ab_file(b, "../escape", "pwned\n");
	buf = ab_finish(b, &len);
	ck_assert_int_eq(problem_import_mem(buf, len, dest, &err), -1);
	ck_assert_msg(err.kind == ARB_E_PACKAGE, "kind %s", arb_errkind_name(err.kind));
	ck_assert_str_eq(err.msg, "archive entry '../escape': path leaves the submission folder");
	assert_only_dest();
	free(buf);
}
END_TEST

/* Write B as NAME in SRCDIR and import it with TMPDIR = the scratch dir:
 * returns the package folder, *TMP the directory to clean up. */
static char *import_file(struct ab *b, const char *name, char **tmp,
			 struct arb_err *err)
{
	char path[600];
	char *pkg = NULL;
	size_t len;
	char *buf = ab_finish(b, &len);
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", srcdir, name);
	f = fopen(path, "we");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	free(buf);
	setenv("TMPDIR", scratch, 1);
	if (problem_import_file(path, tmp, &pkg, err) < 0) {
		ck_assert_ptr_null(*tmp);
		ck_assert_ptr_null(pkg);
	}
	return pkg;
}

/* `arbiter verify X.zip`: the package is X, or the archive's only folder;
 * cleanup leaves nothing; a refused archive leaves nothing either. */
START_TEST(test_import_file)
{
	struct arb_err err = {0};
	struct stat st;
	char *tmp = NULL, *pkg, want[600];
	struct ab *b;

	b = ab_new(AB_ZIP, AB_NONE);
	ab_dir(b, "sum/");
	ab_file(b, "sum/problem.yaml", "name: Sum\n");
	pkg = import_file(b, "pkgs.zip", &tmp, &err);
	ck_assert_msg(pkg != NULL, "import: %s", err.msg);
	snprintf(want, sizeof(want), "%s/pkgs/sum", tmp);
	ck_assert_str_eq(pkg, want);
	ck_assert_int_eq(strncmp(tmp, scratch, strlen(scratch)), 0);
	snprintf(want, sizeof(want), "%s/problem.yaml", pkg);
	ck_assert_int_eq(stat(want, &st), 0);
	free(pkg);
	problem_import_cleanup(tmp);
	assert_only_dest();

	b = ab_new(AB_PAX, AB_GZIP);
	ab_file(b, "problem.yaml", "name: Flat\n");
	ab_file(b, "data/secret/1.in", "1\n");
	pkg = import_file(b, "flat.tar.gz", &tmp, &err);
	ck_assert_msg(pkg != NULL, "import: %s", err.msg);
	snprintf(want, sizeof(want), "%s/flat", tmp);
	ck_assert_str_eq(pkg, want);
	free(pkg);
	problem_import_cleanup(tmp);
	assert_only_dest();

	b = ab_new(AB_PAX, AB_NONE);
	ab_file(b, "problem.yaml", "name: Evil\n");
	ab_entry(b, "data", AE_IFLNK, 0777, NULL, 0, "/etc", 0);
	ck_assert_ptr_null(import_file(b, "evil.tar", &tmp, &err));
	ck_assert_msg(err.kind == ARB_E_PACKAGE, "kind %s", arb_errkind_name(err.kind));
	ck_assert_msg(strstr(err.msg, "evil.tar': archive entry 'data': symbolic links"),
		      "message: %s", err.msg);
	assert_only_dest();
	assert_no_fd_leak();
}
END_TEST

Suite *suite_intake(void)
{
	Suite *s = suite_create("intake");
	TCase *tc;

	tc = tcase_create("escape");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_dotdot);
	tcase_add_test(tc, test_absolute);
	tcase_add_test(tc, test_symlink);
	tcase_add_test(tc, test_hardlink);
	tcase_add_test(tc, test_write_through_link);
	tcase_add_test(tc, test_planted_link);
	tcase_add_test(tc, test_special_files);
	tcase_add_test(tc, test_modes);
	tcase_add_test(tc, test_duplicates);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("caps");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_many_entries);
	tcase_add_test(tc, test_big_file);
	tcase_add_test(tc, test_total);
	tcase_add_test(tc, test_ratio);
	suite_add_tcase(s, tc);

	tc = tcase_create("broken");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("benign");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_benign, 0, 4);
	tcase_add_test(tc, test_path_file);
	tcase_add_test(tc, test_path_archive);
	tcase_add_test(tc, test_path_dir);
	tcase_add_test(tc, test_file_mem);
	tcase_add_test(tc, test_fixtures);
	suite_add_tcase(s, tc);

	tc = tcase_create("package");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_import_mem);
	tcase_add_test(tc, test_import_file);
	suite_add_tcase(s, tc);
	return s;
}
