/* check_problem_inval.c - input validators of a package and their
 * arguments per test (problem_inval.c), without running them.
 *
 * The broken forms (unknown validator name, both keys, a file for the
 * folder, a bad list item, both folder names) are fixtures in
 * testdata/problems-bad/inval-* checked by the problem suite; this suite
 * builds good packages in a scratch dir and asserts which arguments each
 * validator gets on each test.
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "problem.h"
#include "testutil.h"
#include "verdict.h"

Suite *suite_problem_inval(void);

static struct problem *load(const char *dir)
{
	struct problem *p = NULL;
	struct arb_err err = {0};

	ck_assert_msg(problem_load(dir, &p, &err) == 0, "%s", err.msg);
	return p;
}

/* ARGS is V joined by spaces ("" for none). */
static void assert_joined(char **v, const char *want, const char *what)
{
	char got[512] = "";

	ck_assert_msg(v != NULL, "%s: no vector", what);
	for (size_t i = 0; v[i]; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
			 i ? " " : "", v[i]);
	ck_assert_msg(strcmp(got, want) == 0, "%s: got '%s', want '%s'", what, got,
		      want);
}

static const struct problem_test *test_named(const struct problem *p, const char *name)
{
	for (size_t i = 0; i < p->n_tests; i++)
		if (!strcmp(p->tests[i].name, name))
			return &p->tests[i];
	ck_abort_msg("no test '%s'", name);
	return NULL;
}

static void assert_vargs(const struct problem *p, const char *test, size_t k,
			 const char *want)
{
	char what[256];

	snprintf(what, sizeof(what), "%s, validator %s", test, p->input_validators[k].name);
	ck_assert_ptr_nonnull(test_named(p, test)->input_validator_args);
	assert_joined(test_named(p, test)->input_validator_args[k], want, what);
}

/* None: no vectors at all, and nothing listed. */
START_TEST(test_none)
{
	char *top = tu_mkdtemp();
	struct problem *p;

	tu_put_test(top, "sample/1");
	tu_put_at(top, "data/testdata.yaml", "input_validator_flags: ignored\n");
	p = load(top);
	ck_assert_uint_eq(p->n_input_validators, 0);
	ck_assert_ptr_null(p->tests[0].input_validator_args);
	problem_free(p);
	tu_rm_rf(top);
	free(top);
}
END_TEST

/* Legacy: files and folders are programs, sorted; hidden names skipped;
 * testdata.yaml inherited whole (one without the key means none); a
 * string for all, a map by name (with or without the extension). */
START_TEST(test_legacy_inheritance)
{
	char *top = tu_mkdtemp();
	struct problem *p;

	tu_put_at(top, "input_format_validators/b_check.py", "");
	tu_put_at(top, "input_format_validators/a_dir/main.c", "");
	tu_put_at(top, "input_format_validators/.hidden.py", "");
	tu_put_at(top, "input_format_validators/-skipped.py", "");
	tu_put_test(top, "sample/1");
	tu_put_test(top, "secret/1");
	tu_put_test(top, "secret/g/1");
	tu_put_test(top, "secret/reset/1");
	tu_put_at(top, "data/secret/testdata.yaml", "input_validator_flags: --n 10\n");
	tu_put_at(top, "data/secret/g/testdata.yaml",
	    "input_validator_flags:\n  b_check: --strict\n  a_dir: [x, y z]\n");
	tu_put_at(top, "data/secret/reset/testdata.yaml", "output_validator_flags: case_sensitive\n");
	p = load(top);
	ck_assert_uint_eq(p->n_input_validators, 2);
	ck_assert_str_eq(p->input_validators[0].name, "a_dir");
	ck_assert_str_eq(p->input_validators[1].name, "b_check.py");
	ck_assert_ptr_nonnull(strstr(p->input_validators[0].path,
				     "/input_format_validators/a_dir"));
	assert_vargs(p, "sample/1", 0, "");
	assert_vargs(p, "sample/1", 1, "");
	assert_vargs(p, "secret/1", 0, "--n 10");
	assert_vargs(p, "secret/1", 1, "--n 10");
	assert_vargs(p, "secret/g/1", 0, "x y z");
	assert_vargs(p, "secret/g/1", 1, "--strict");
	assert_vargs(p, "secret/reset/1", 0, "");
	assert_vargs(p, "secret/reset/1", 1, "");
	ck_assert_str_eq(test_named(p, "secret/g/1")->input_validator_args[0][1], "y z");
	problem_free(p);
	tu_rm_rf(top);
	free(top);
}
END_TEST

START_TEST(test_map_by_name)
{
	char *top = tu_mkdtemp();
	struct problem *p;

	tu_put_at(top, "input_validators/check.py", "");
	tu_put_at(top, "input_validators/range/range.c", "");
	tu_put_test(top, "secret/g/1");
	tu_put_test(top, "secret/g/2");
	tu_put_test(top, "secret/h/1");
	tu_put_at(top, "data/secret/g/testdata.yaml",
	    "input_validator_flags:\n  check: --strict\n  range: [1, \"10 20\"]\n");
	/* A folder without a file inherits; legacy whole-file: h has none. */
	tu_put_at(top, "data/secret/h/testdata.yaml", "");
	p = load(top);
	ck_assert_uint_eq(p->n_input_validators, 2);
	assert_vargs(p, "secret/g/1", 0, "--strict");
	assert_vargs(p, "secret/g/2", 1, "1 10 20");
	assert_vargs(p, "secret/h/1", 0, "");
	assert_vargs(p, "secret/h/1", 1, "");
	problem_free(p);
	tu_rm_rf(top);
	free(top);
}
END_TEST

/* 2023-07+: test_group.yaml inherits per key (one without the key passes
 * its parent's on), and a test's own X.yaml wins. */
START_TEST(test_group_per_key_and_own)
{
	char *top = tu_mkdtemp();
	struct problem *p;

	tu_put_at(top, "problem.yaml", "problem_format_version: 2025-09\nname: x\n");
	tu_put_at(top, "input_validators/v.py", "");
	tu_put_test(top, "secret/g/1");
	tu_put_test(top, "secret/g/2");
	tu_put_test(top, "secret/g/sub/1");
	tu_put_at(top, "data/test_group.yaml", "input_validator_args: [--all]\n");
	tu_put_at(top, "data/secret/g/test_group.yaml", "output_validator_args: [case_sensitive]\n");
	tu_put_at(top, "data/secret/g/sub/test_group.yaml", "input_validator_args: {v: [--sub]}\n");
	tu_put_at(top, "data/secret/g/2.yaml", "input_validator_args: --own\n");
	p = load(top);
	assert_vargs(p, "secret/g/1", 0, "--all");
	assert_vargs(p, "secret/g/2", 0, "--own");
	assert_vargs(p, "secret/g/sub/1", 0, "--sub");
	problem_free(p);
	tu_rm_rf(top);
	free(top);
}
END_TEST

/*** submissions/submissions.yaml (problem_subrules.c) ***/

static const struct problem_submission *sub_named(const struct problem *p,
						  const char *name)
{
	for (size_t i = 0; i < p->n_subs; i++)
		if (!strcmp(p->subs[i].name, name))
			return &p->subs[i];
	ck_abort_msg("no submission '%s'", name);
	return NULL;
}

START_TEST(test_subrules)
{
	char *top = tu_mkdtemp();
	const struct problem_submission *s;
	struct problem *p;
	int v[3];

	tu_put_test(top, "sample/1");
	tu_put_at(top, "submissions/accepted/a.py", "");
	tu_put_at(top, "submissions/accepted/b.c", "");
	tu_put_at(top, "submissions/wrong_answer/dir/main.c", "");
	tu_put_at(top, "submissions/submissions.yaml",
	    "accepted/*.py:\n  permitted: [AC, TLE]\n  required: [TLE]\n"
	    "\"*/*\":\n  permitted: [AC, WA, TLE]\n  score: 3\n"
	    "wrong_answer/dir:\n  required: [WA, RTE]\n"
	    "accepted/b.c:\n  use_for_time_limit: false\n"
	    "wrong_answer:\n  required: [WA]\n");
	p = load(top);
	ck_assert_uint_eq(p->n_subs, 3);
	/* b.c: only the "*" rule (an entry without either key adds none). */
	s = sub_named(p, "accepted/b.c");
	ck_assert_uint_eq(s->n_rules, 1);
	ck_assert_uint_eq(s->rules[0].permitted,
			  (1u << VERDICT_AC) | (1u << VERDICT_WA) | (1u << VERDICT_TLE));
	ck_assert_uint_eq(s->rules[0].required, 0);
	/* '*' does not cross '/': the folder matches as a whole; and
	 * "wrong_answer" is a rule for everything in that folder. */
	ck_assert_uint_eq(sub_named(p, "wrong_answer/dir")->n_rules, 3);
	ck_assert_uint_eq(sub_named(p, "wrong_answer/dir")->rules[2].required,
			  1u << VERDICT_WA);

	/* a.py must satisfy both rules: all in {AC, TLE}, one TLE. */
	s = sub_named(p, "accepted/a.py");
	ck_assert_uint_eq(s->n_rules, 2);
	v[0] = VERDICT_AC, v[1] = VERDICT_TLE, v[2] = VERDICT_AC;
	ck_assert(problem_subrules_met(s, v, 3));
	v[1] = VERDICT_AC;
	ck_assert(!problem_subrules_met(s, v, 3)); /* no TLE */
	v[1] = VERDICT_WA;
	ck_assert(!problem_subrules_met(s, v, 3)); /* WA not permitted by the first */
	v[0] = VERDICT_CE;
	ck_assert(!problem_subrules_met(s, v, 1));

	/* dir: one WA among anything {AC, WA, TLE} permits. */
	s = sub_named(p, "wrong_answer/dir");
	v[0] = VERDICT_AC, v[1] = VERDICT_WA;
	ck_assert(problem_subrules_met(s, v, 2));
	v[1] = VERDICT_RTE; /* required, but not permitted by "*" */
	ck_assert(!problem_subrules_met(s, v, 2));
	problem_free(p);
	tu_rm_rf(top);
	free(top);
}
END_TEST

Suite *suite_problem_inval(void)
{
	Suite *s = suite_create("problem_inval");
	TCase *tc = tcase_create("args");

	tcase_add_test(tc, test_none);
	tcase_add_test(tc, test_legacy_inheritance);
	tcase_add_test(tc, test_map_by_name);
	tcase_add_test(tc, test_group_per_key_and_own);
	tcase_add_test(tc, test_subrules);
	suite_add_tcase(s, tc);
	return s;
}
