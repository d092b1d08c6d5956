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

/* A scratch package with submissions SUBS (NULL-terminated names under
 * submissions/) and submissions.yaml YAML (NULL: none); *TOP to remove. */
static char *rules_pkg(const char *const *subs, const char *yaml)
{
	char *top = tu_mkdtemp(), rel[512];

	tu_put_test(top, "sample/1");
	for (size_t i = 0; subs[i]; i++) {
		snprintf(rel, sizeof(rel), "submissions/%s", subs[i]);
		tu_put_at(top, rel, "");
	}
	if (yaml)
		tu_put_at(top, "submissions/submissions.yaml", yaml);
	return top;
}

/* Loading fails with a message containing WANT. */
static void assert_rules_error(const char *const *subs, const char *yaml, const char *want)
{
	char *top = rules_pkg(subs, yaml);
	struct problem *p = NULL;
	struct arb_err err = {0};

	ck_assert_int_eq(problem_load(top, &p, &err), -1);
	ck_assert_msg(strstr(err.msg, want), "'%s' not in '%s'", want, err.msg);
	tu_rm_rf(top);
	free(top);
}

static bool met(const struct problem_submission *s, int a, int b, int c)
{
	int v[3] = {a, b, c};

	return problem_subrules_met(s, v, NULL, c < 0 ? (b < 0 ? 1 : 2) : 3);
}

#define BIT(v) (1u << (v))
#define RUN_VERDICTS                                                          \
	(BIT(VERDICT_AC) | BIT(VERDICT_WA) | BIT(VERDICT_TLE) | BIT(VERDICT_RTE) | \
	 BIT(VERDICT_MLE) | BIT(VERDICT_OLE))

static const char *const rule_subs[] = {
	"accepted/a.py", "accepted/b.c", "wrong_answer/dir/main.c", "wrong_answer/w.py",
	"time_limit_exceeded/slow.c", "rejected/r.py", NULL,
};

/* The spec's rules ADD to the folder's: a.py is in accepted/ (all AC) and
 * must also TLE somewhere, which no run can do. */
START_TEST(test_subrules_combine)
{
	char *top = rules_pkg(rule_subs,
			      "accepted/*.py:\n  permitted: [AC, TLE]\n  required: [TLE]\n"
			      "\"*/*\":\n  permitted: [AC, WA, TLE, RTE]\n  score: 3\n"
			      "wrong_answer/w.py:\n  required: [WA]\n"
			      "accepted/b.c:\n  use_for_time_limit: false\n");
	struct problem *p = load(top);
	const struct problem_submission *s;

	ck_assert_uint_eq(p->n_subs, 6);
	s = sub_named(p, "accepted/a.py");
	ck_assert_uint_eq(s->n_rules, 3); /* accepted's, accepted/ *.py and * / * */
	ck_assert_uint_eq(s->rules[0].permitted, BIT(VERDICT_AC));
	ck_assert(!met(s, VERDICT_AC, VERDICT_TLE, VERDICT_AC)); /* TLE: not in accepted */
	ck_assert(!met(s, VERDICT_AC, VERDICT_AC, VERDICT_AC));  /* no TLE */

	/* b.c: only the "*" rule, after its folder's; an entry with neither
	 * key adds none. */
	s = sub_named(p, "accepted/b.c");
	ck_assert_uint_eq(s->n_rules, 2);
	ck_assert(met(s, VERDICT_AC, VERDICT_AC, -1));
	ck_assert(!met(s, VERDICT_AC, VERDICT_WA, -1));

	/* '*' does not cross '/': the folder submission matches as a whole. */
	s = sub_named(p, "wrong_answer/dir");
	ck_assert_uint_eq(s->n_rules, 2);
	ck_assert(met(s, VERDICT_AC, VERDICT_WA, -1));
	ck_assert(!met(s, VERDICT_AC, VERDICT_RTE, -1)); /* wrong_answer permits AC, WA */
	ck_assert(!met(s, VERDICT_AC, VERDICT_AC, -1));  /* and needs a WA */

	/* A rule with only `required` permits what a run can earn: never JE. */
	s = sub_named(p, "wrong_answer/w.py");
	ck_assert_uint_eq(s->n_rules, 3);
	ck_assert_uint_eq(s->rules[2].permitted, RUN_VERDICTS);
	ck_assert_uint_eq(s->rules[2].required, BIT(VERDICT_WA));
	ck_assert(!met(s, VERDICT_JE, -1, -1));

	/* rejected/: a folder with no single verdict is judged by its rule
	 * alone (the default, as no key names it): some test not AC. */
	s = sub_named(p, "rejected/r.py");
	ck_assert_int_eq(s->expected, -1);
	ck_assert_uint_eq(s->n_rules, 2);
	ck_assert(met(s, VERDICT_AC, VERDICT_RTE, -1));
	ck_assert(!met(s, VERDICT_AC, VERDICT_AC, -1));
	ck_assert(!met(s, VERDICT_CE, -1, -1));
	problem_free(p);
	tu_rm_rf(top);
	free(top);
}
END_TEST

/* A key that is a folder's name replaces that folder's rule, keeping
 * what it leaves out; other submissions keep the plain folder check. */
START_TEST(test_subrules_folder_override)
{
	char *top = rules_pkg(rule_subs, "time_limit_exceeded:\n  permitted: [AC, WA, TLE]\n");
	struct problem *p = load(top);
	const struct problem_submission *s = sub_named(p, "time_limit_exceeded/slow.c");

	ck_assert_uint_eq(s->n_rules, 1);
	ck_assert_uint_eq(s->rules[0].required, BIT(VERDICT_TLE)); /* kept */
	ck_assert(met(s, VERDICT_WA, VERDICT_TLE, -1));
	ck_assert(!met(s, VERDICT_WA, VERDICT_WA, -1));
	ck_assert_uint_eq(sub_named(p, "accepted/a.py")->n_rules, 0);
	ck_assert_uint_eq(sub_named(p, "wrong_answer/w.py")->n_rules, 0);
	problem_free(p);
	tu_rm_rf(top);
	free(top);

	/* With no submissions.yaml at all, only rejected/ has a rule. */
	top = rules_pkg(rule_subs, NULL);
	p = load(top);
	for (size_t i = 0; i < p->n_subs; i++)
		ck_assert_uint_eq(p->subs[i].n_rules,
				  strcmp(p->subs[i].name, "rejected/r.py") == 0);
	problem_free(p);
	tu_rm_rf(top);
	free(top);
}
END_TEST

/* Rules by test data group (the spec's "Test data groups"): only the
 * tests a group glob matches count for it. */
START_TEST(test_subrules_groups)
{
	const char *const subs[] = {"time_limit_exceeded/easy_only.py", NULL};
	char *top = rules_pkg(subs,
			      "time_limit_exceeded/easy_only.py:\n"
			      "  authors: {name: A. Author}\n"
			      "  sample:\n    permitted: [AC]\n"
			      "  secret/*-hard:\n    permitted: [AC, TLE]\n    required: [TLE]\n");
	const char *names[] = {"sample/1", "secret/01-easy", "secret/02-hard"};
	struct problem *p;
	const struct problem_submission *s;
	int v[3];

	tu_put_test(top, "secret/01-easy");
	tu_put_test(top, "secret/02-hard");
	p = load(top);
	s = sub_named(p, "time_limit_exceeded/easy_only.py");
	ck_assert_uint_eq(s->n_rules, 3); /* the folder's, sample's, *-hard's */
	ck_assert_str_eq(s->rules[1].tests, "sample");
	v[0] = VERDICT_AC, v[1] = VERDICT_TLE, v[2] = VERDICT_TLE;
	ck_assert(problem_subrules_met(s, v, names, 3));
	v[2] = VERDICT_AC; /* the TLE must be on a hard test */
	ck_assert(!problem_subrules_met(s, v, names, 3));
	v[0] = VERDICT_TLE, v[1] = VERDICT_AC, v[2] = VERDICT_TLE; /* not on a sample */
	ck_assert(!problem_subrules_met(s, v, names, 3));
	problem_free(p);
	tu_rm_rf(top);
	free(top);

	assert_rules_error(subs, "time_limit_exceeded:\n  secret/nothing:\n    required: [TLE]\n",
			   "time_limit_exceeded.secret/nothing: matches no test data group or test");
}
END_TEST

/* `**` (an arbiter extension) matches any number of folders, `*` none;
 * brace expansion picks alternatives. */
START_TEST(test_subrules_globs)
{
	char *top = rules_pkg(rule_subs,
			      "\"**/*.py\":\n  permitted: [AC, WA, RTE]\n"
			      "\"{accepted,time_limit_exceeded}/{b,slow}.c\":\n"
			      "  required: [AC, TLE]\n"
			      "\"**\":\n  permitted: [AC, WA, TLE, RTE, CE]\n"
			      "\"wrong_answer/**\":\n  required: [WA]\n");
	struct problem *p = load(top);

	/* a.py: accepted's, **, and ** / *.py. */
	ck_assert_uint_eq(sub_named(p, "accepted/a.py")->n_rules, 3);
	ck_assert_uint_eq(sub_named(p, "rejected/r.py")->n_rules, 3);
	/* w.py: wrong_answer's, **, ** / *.py, wrong_answer / **. */
	ck_assert_uint_eq(sub_named(p, "wrong_answer/w.py")->n_rules, 4);
	ck_assert_uint_eq(sub_named(p, "wrong_answer/dir")->n_rules, 3);
	ck_assert_uint_eq(sub_named(p, "accepted/b.c")->n_rules, 3);
	ck_assert_uint_eq(sub_named(p, "time_limit_exceeded/slow.c")->n_rules, 3);
	problem_free(p);
	tu_rm_rf(top);
	free(top);

	/* '*' alone is one name: no submission sits directly in submissions/. */
	assert_rules_error(rule_subs, "\"*.py\":\n  permitted: [AC]\n",
			   "submissions/submissions.yaml: *.py: matches no submission");
	assert_rules_error(rule_subs, "\"accepted/{a,b.py\":\n  permitted: [AC]\n",
			   "a '{' is not closed");
	assert_rules_error(rule_subs, "\"{accepted,wrong_answer}/x.py\":\n  permitted: [AC]\n",
			   "matches no submission");
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
	tcase_add_test(tc, test_subrules_combine);
	tcase_add_test(tc, test_subrules_folder_override);
	tcase_add_test(tc, test_subrules_globs);
	tcase_add_test(tc, test_subrules_groups);
	suite_add_tcase(s, tc);
	return s;
}
