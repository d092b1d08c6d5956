/* check_units.c - size/duration parsing and error records. */
#include <check.h>
#include <string.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/err.h"
#include "base/fsutil.h"
#include "base/units.h"

Suite *suite_units(void);

START_TEST(test_sizes)
{
	struct arb_err err;
	uint64_t v = 0;

	ck_assert_int_eq(units_parse_size("64M", &v, &err), 0);
	ck_assert_uint_eq(v, 64ULL << 20);
	ck_assert_int_eq(units_parse_size("1k", &v, &err), 0);
	ck_assert_uint_eq(v, 1024);
	ck_assert_int_eq(units_parse_size("2GiB", &v, &err), 0);
	ck_assert_uint_eq(v, 2ULL << 30);
	ck_assert_int_eq(units_parse_size("512", &v, &err), 0);
	ck_assert_uint_eq(v, 512);
	ck_assert_int_eq(units_parse_size("-1M", &v, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_REQUEST);
	ck_assert_ptr_nonnull(strstr(err.msg, "'-1M'"));
	ck_assert_int_eq(units_parse_size("12Q", &v, &err), -1);
	ck_assert_int_eq(units_parse_size("", &v, &err), -1);
	ck_assert_int_eq(units_parse_size("99999999999999999999G", &v, &err), -1);
	ck_assert_int_eq(units_parse_size("17179869184G", &v, &err), -1);
}
END_TEST

START_TEST(test_seconds)
{
	struct arb_err err;
	uint64_t v = 0;

	ck_assert_int_eq(units_parse_seconds("1", &v, &err), 0);
	ck_assert_uint_eq(v, 1000000);
	ck_assert_int_eq(units_parse_seconds("0.1", &v, &err), 0);
	ck_assert_uint_eq(v, 100000);
	ck_assert_int_eq(units_parse_seconds("2.5s", &v, &err), 0);
	ck_assert_uint_eq(v, 2500000);
	ck_assert_int_eq(units_parse_seconds(".25", &v, &err), 0);
	ck_assert_uint_eq(v, 250000);
	ck_assert_int_eq(units_parse_seconds(".", &v, &err), -1);
	ck_assert_int_eq(units_parse_seconds("-1", &v, &err), -1);
	ck_assert_int_eq(units_parse_seconds("1x", &v, &err), -1);
	ck_assert_int_eq(units_parse_seconds("9999999", &v, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "too long"));
}
END_TEST

START_TEST(test_uint)
{
	struct arb_err err;
	uint64_t v = 0;

	ck_assert_int_eq(units_parse_uint("42", 100, &v, &err), 0);
	ck_assert_uint_eq(v, 42);
	ck_assert_int_eq(units_parse_uint("101", 100, &v, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "at most 100"));
	ck_assert_int_eq(units_parse_uint("4 2", 100, &v, &err), -1);
}
END_TEST

START_TEST(test_err_records)
{
	struct arb_err err;

	ck_assert_int_eq(arb_fail(&err, ARB_E_INTERNAL, 2, "open '%s'", "x"), -1);
	ck_assert_str_eq(err.msg, "open 'x': No such file or directory");
	ck_assert_int_eq(err.errnum, 2);
	ck_assert_int_eq(arb_err_prefix(&err, "policy '%s'", "p"), -1);
	ck_assert_str_eq(err.msg, "policy 'p': open 'x': No such file or directory");
	ck_assert_str_eq(arb_errkind_name(err.kind), "internal");
	arb_err_clear(&err);
	ck_assert_int_eq(err.kind, ARB_E_NONE);
	ck_assert_str_eq(err.msg, "");
}
END_TEST

/* A pipe holding exactly N bytes, read end returned. */
static int pipe_with(size_t n)
{
	int p[2];
	char buf[8192];

	ck_assert_int_eq(pipe(p), 0);
	memset(buf, 'x', sizeof(buf));
	ck_assert_uint_le(n, sizeof(buf));
	ck_assert_int_eq(write(p[1], buf, n), (ssize_t)n);
	close(p[1]);
	return p[0];
}

START_TEST(test_read_fd_cap)
{
	struct arb_err err;
	char *buf = NULL;
	size_t len = 0;
	int fd;

	/* Exactly at the cap: read whole, NUL-terminated. */
	fd = pipe_with(5000);
	ck_assert_int_eq(fsutil_read_fd(fd, 5000, "p", &buf, &len, &err), 0);
	ck_assert_uint_eq(len, 5000);
	ck_assert_int_eq(buf[4999], 'x');
	ck_assert_int_eq(buf[5000], '\0');
	free(buf);
	close(fd);
	/* One byte over: EFBIG, nothing returned. */
	fd = pipe_with(5001);
	ck_assert_int_eq(fsutil_read_fd(fd, 5000, "p", &buf, &len, &err), -1);
	ck_assert_int_eq(err.errnum, EFBIG);
	ck_assert_ptr_null(buf);
	ck_assert_ptr_nonnull(strstr(err.msg, "larger than 5000 bytes"));
	close(fd);
	/* Empty, and a bad fd. */
	fd = pipe_with(0);
	ck_assert_int_eq(fsutil_read_fd(fd, 10, "p", &buf, &len, &err), 0);
	ck_assert_uint_eq(len, 0);
	free(buf);
	close(fd);
	ck_assert_int_eq(fsutil_read_fd(-1, 10, "bad", &buf, NULL, &err), -1);
	ck_assert_int_eq(err.errnum, EBADF);
}
END_TEST

Suite *suite_units(void)
{
	Suite *s = suite_create("units");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_sizes);
	tcase_add_test(tc, test_seconds);
	tcase_add_test(tc, test_uint);
	tcase_add_test(tc, test_err_records);
	tcase_add_test(tc, test_read_fd_cap);
	suite_add_tcase(s, tc);
	return s;
}
