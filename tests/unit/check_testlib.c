/* check_testlib.c - testlib_outcome(): a testlib-style checker's exit code
 * and output to accept / reject / failed, and quitp's points. */
#include <check.h>
#include <string.h>

#include "testlib.h"

Suite *suite_testlib(void);

static enum validator_outcome outcome(int code, const char *out, bool *has, double *pts,
				      char *msg)
{
	return testlib_outcome(code, out, has, pts, msg, 256);
}

START_TEST(test_codes)
{
	char msg[256];
	double pts;
	bool has;

	ck_assert_int_eq(outcome(0, "ok 3 numbers\nmore", &has, &pts, msg), VALIDATOR_ACCEPT);
	ck_assert_str_eq(msg, "ok 3 numbers");
	ck_assert(!has);
	ck_assert_int_eq(outcome(1, "wrong answer 1st differs", &has, &pts, msg),
			 VALIDATOR_REJECT);
	ck_assert_str_eq(msg, "wrong answer 1st differs");
	ck_assert_int_eq(outcome(2, NULL, &has, &pts, msg), VALIDATOR_REJECT);
	ck_assert_str_eq(msg, "");
	ck_assert_int_eq(outcome(4, "wrong output format", &has, &pts, msg), VALIDATOR_REJECT);
	ck_assert_int_eq(outcome(8, "unexpected eof", &has, &pts, msg), VALIDATOR_REJECT);
	ck_assert_int_eq(outcome(53, "partially correct (3)", &has, &pts, msg),
			 VALIDATOR_REJECT);
	ck_assert_int_eq(outcome(3, "FAIL answer broken", &has, &pts, msg), VALIDATOR_FAILED);
	ck_assert_str_eq(msg, "checker failed (exit 3): FAIL answer broken");
	ck_assert_int_eq(outcome(42, "", &has, &pts, msg), VALIDATOR_FAILED);
	ck_assert_str_eq(msg, "checker exited 42 (expected 0, 1, 2, 3 or 7)");
	ck_assert_int_eq(outcome(-1, "", &has, &pts, msg), VALIDATOR_FAILED);
	ck_assert_int_eq(outcome(5, "", &has, &pts, msg), VALIDATOR_FAILED);
}
END_TEST

START_TEST(test_points)
{
	char msg[256];
	double pts;
	bool has;

	ck_assert_int_eq(outcome(7, "points 0.25 a quarter", &has, &pts, msg),
			 VALIDATOR_ACCEPT);
	ck_assert(has && pts == 0.25);
	ck_assert_str_eq(msg, "points 0.25 a quarter");
	/* Not on the first line; a bare number. */
	ck_assert_int_eq(outcome(7, "debug\n  points 3\n", &has, &pts, msg), VALIDATOR_ACCEPT);
	ck_assert(has && pts == 3);
	ck_assert_int_eq(outcome(7, "points 0", &has, &pts, msg), VALIDATOR_REJECT);
	ck_assert(has && pts == 0);
	/* Broken: no line, not a number, negative, infinite. */
	ck_assert_int_eq(outcome(7, "ok", &has, &pts, msg), VALIDATOR_FAILED);
	ck_assert(!has);
	ck_assert_str_eq(msg, "checker exited 7 (points) without a 'points X' line, X >= 0");
	ck_assert_int_eq(outcome(7, "points x", &has, &pts, msg), VALIDATOR_FAILED);
	ck_assert_int_eq(outcome(7, "points 1x", &has, &pts, msg), VALIDATOR_FAILED);
	ck_assert_int_eq(outcome(7, "points -1", &has, &pts, msg), VALIDATOR_FAILED);
	ck_assert_int_eq(outcome(7, "points inf", &has, &pts, msg), VALIDATOR_FAILED);
	ck_assert_int_eq(outcome(7, "points nan", &has, &pts, msg), VALIDATOR_FAILED);
	ck_assert(!has);
}
END_TEST

Suite *suite_testlib(void)
{
	Suite *s = suite_create("testlib");
	TCase *tc = tcase_create("outcome");

	tcase_add_test(tc, test_codes);
	tcase_add_test(tc, test_points);
	suite_add_tcase(s, tc);
	return s;
}
