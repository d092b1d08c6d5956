/* check_verdict.c - verdict names, submissions/ folders, the per-test rule. */
#include <check.h>
#include <signal.h>
#include <string.h>

#include "verdict.h"

Suite *suite_verdict(void);

START_TEST(test_names_round_trip)
{
	for (int v = 0; v < VERDICT_COUNT; v++)
		ck_assert_int_eq(verdict_from_name(verdict_name((enum verdict)v)), v);
	ck_assert_int_eq(verdict_from_name("OK"), -1);
	ck_assert_int_eq(verdict_from_name("ac"), -1);
	ck_assert_str_eq(verdict_name(VERDICT_COUNT), "JE");
}
END_TEST

START_TEST(test_submission_dirs)
{
	ck_assert_int_eq(verdict_from_submissions_dir("accepted"), VERDICT_AC);
	ck_assert_int_eq(verdict_from_submissions_dir("wrong_answer"), VERDICT_WA);
	ck_assert_int_eq(verdict_from_submissions_dir("time_limit_exceeded"), VERDICT_TLE);
	ck_assert_int_eq(verdict_from_submissions_dir("run_time_error"), VERDICT_RTE);
	ck_assert_int_eq(verdict_from_submissions_dir("memory_limit_exceeded"), VERDICT_MLE);
	ck_assert_int_eq(verdict_from_submissions_dir("output_limit_exceeded"), VERDICT_OLE);
	ck_assert_int_eq(verdict_from_submissions_dir("compile_error"), VERDICT_CE);
	ck_assert_int_eq(verdict_from_submissions_dir("partially_accepted"), -1);
	ck_assert_int_eq(verdict_from_submissions_dir("Accepted"), -1);
}
END_TEST

static const struct {
	enum sbx_status status;
	enum validator_outcome outcome;
	enum verdict want;
} rules[] = {
	{SBX_OK, VALIDATOR_ACCEPT, VERDICT_AC},
	{SBX_OK, VALIDATOR_REJECT, VERDICT_WA},
	{SBX_OK, VALIDATOR_FAILED, VERDICT_JE},
	/* A run that hit a limit is judged by the limit, whatever the
	 * validator would have said about its partial output. */
	{SBX_TLE, VALIDATOR_ACCEPT, VERDICT_TLE},
	{SBX_MLE, VALIDATOR_ACCEPT, VERDICT_MLE},
	{SBX_OLE, VALIDATOR_ACCEPT, VERDICT_OLE},
	{SBX_RTE, VALIDATOR_ACCEPT, VERDICT_RTE},
	{SBX_RTE, VALIDATOR_FAILED, VERDICT_RTE},
};

START_TEST(test_rules)
{
	struct sbx_result r;

	memset(&r, 0, sizeof(r));
	r.status = rules[_i].status;
	ck_assert_str_eq(verdict_name(verdict_of_test(&r, rules[_i].outcome)),
			 verdict_name(rules[_i].want));
}
END_TEST

/* Interactive: a rejection by a validator that ended first; then the
 * submission's limits; then a rejection, even over a crash (a submission
 * the validator hung up on dies of SIGPIPE); then the crash; then the
 * validator's acceptance. */
static const struct {
	enum sbx_status status;
	enum validator_outcome outcome;
	bool validator_first;
	enum verdict want;
} interactive_rules[] = {
	{SBX_OK, VALIDATOR_ACCEPT, false, VERDICT_AC},
	{SBX_OK, VALIDATOR_REJECT, false, VERDICT_WA},
	{SBX_OK, VALIDATOR_FAILED, false, VERDICT_JE},
	{SBX_RTE, VALIDATOR_REJECT, false, VERDICT_WA},
	{SBX_RTE, VALIDATOR_ACCEPT, false, VERDICT_RTE},
	{SBX_RTE, VALIDATOR_FAILED, false, VERDICT_RTE},
	{SBX_TLE, VALIDATOR_REJECT, false, VERDICT_TLE},
	{SBX_TLE, VALIDATOR_FAILED, false, VERDICT_TLE},
	{SBX_MLE, VALIDATOR_REJECT, false, VERDICT_MLE},
	{SBX_OLE, VALIDATOR_ACCEPT, false, VERDICT_OLE},
	/* The validator said WA and hung up first: its verdict stands. */
	{SBX_TLE, VALIDATOR_REJECT, true, VERDICT_WA},
	{SBX_MLE, VALIDATOR_REJECT, true, VERDICT_WA},
	{SBX_TLE, VALIDATOR_ACCEPT, true, VERDICT_TLE},
	{SBX_TLE, VALIDATOR_FAILED, true, VERDICT_TLE},
};

START_TEST(test_interactive_rules)
{
	struct sbx_result r;

	memset(&r, 0, sizeof(r));
	r.status = interactive_rules[_i].status;
	ck_assert_str_eq(verdict_name(verdict_of_interactive(&r, interactive_rules[_i].outcome,
								interactive_rules[_i].validator_first)),
			 verdict_name(interactive_rules[_i].want));
}
END_TEST

Suite *suite_verdict(void)
{
	Suite *s = suite_create("verdict");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, test_names_round_trip);
	tcase_add_test(tc, test_submission_dirs);
	tcase_add_loop_test(tc, test_rules, 0, sizeof(rules) / sizeof(rules[0]));
	tcase_add_loop_test(tc, test_interactive_rules, 0,
			    sizeof(interactive_rules) / sizeof(interactive_rules[0]));
	suite_add_tcase(s, tc);
	return s;
}
