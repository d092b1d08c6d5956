/* check_score.c - scoring problems: group settings (problem_groups.c) and
 * the rules of score.c (which tests run, test / group / total scores,
 * score.txt), on packages written into a scratch dir.  Tier 1.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "judge.h"
#include "problem.h"
#include "report.h"
#include "score.h"
#include "testutil.h"
#include "verdict.h"

Suite *suite_score(void);

static char *top;

static void setup(void)
{
	top = tu_mkdtemp();
	ck_assert_ptr_nonnull(top);
}

static void teardown(void)
{
	tu_rm_rf(top);
	free(top);
}

/* A fresh package dir under TOP with problem.yaml YAML. */
static const char *pkg(const char *name, const char *yaml)
{
	static char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s/%s", top, name);
	tu_put_at(dir, "problem.yaml", yaml);
	return dir;
}

static struct problem *load(const char *dir)
{
	struct problem *p = NULL;
	struct arb_err err = {0};

	ck_assert_msg(problem_load(dir, &p, &err) == 0, "%s", err.msg);
	return p;
}

static void expect_error(const char *dir, const char *msg)
{
	struct problem *p = NULL;
	struct arb_err err = {0};

	ck_assert_int_eq(problem_load(dir, &p, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_PACKAGE);
	ck_assert_str_eq(err.msg, msg);
}

static const struct problem_group *group(const struct problem *p, const char *name)
{
	for (size_t i = 0; i < p->n_groups; i++)
		if (!strcmp(p->groups[i].name, name))
			return &p->groups[i];
	ck_abort_msg("no group '%s'", name);
	return NULL;
}

static size_t test_index(const struct problem *p, const char *name)
{
	for (size_t i = 0; i < p->n_tests; i++)
		if (!strcmp(p->tests[i].name, name))
			return i;
	ck_abort_msg("no test '%s'", name);
	return 0;
}

/* The subtasks layout: sample, secret (100, sum) with g1 (30, pass-fail,
 * 3 tests) and g2 (70, sum, 2 tests, requires g1). */
static const char *subtasks(void)
{
	const char *d = pkg("subtasks", "problem_format_version: 2025-09\ntype: scoring\n");

	tu_put_test(d, "sample/1");
	tu_put_test(d, "secret/g1/1");
	tu_put_test(d, "secret/g1/2");
	tu_put_test(d, "secret/g1/3");
	tu_put_test(d, "secret/g2/1");
	tu_put_test(d, "secret/g2/2");
	tu_put_at(d, "data/secret/g1/test_group.yaml", "max_score: 30\n");
	tu_put_at(d, "data/secret/g2/test_group.yaml",
	    "max_score: 70\nscore_aggregation: sum\nrequire_pass: secret/g1\n");
	return d;
}

/* Run P as the pipeline would, with VERDICTS[i] for the I-th test that
 * runs ("A" AC, "W" WA, "T" TLE...), and compute.  RAN gets which ran. */
static double judge_as(const struct problem *p, const char *verdicts, char *ran,
		       struct score_group_result *res)
{
	struct score_state st;
	struct arb_err err = {0};
	double ts[64], total, max;
	size_t k = 0;

	ck_assert_uint_le(p->n_tests, 64);
	ck_assert_int_eq(score_state_init(&st, p, &err), 0);
	for (size_t i = 0; i < p->n_tests; i++) {
		enum verdict v;

		ran[i] = '-';
		if (!score_should_run(p, &st, i, false))
			continue;
		ck_assert_msg(verdicts[k], "more tests run than verdicts given");
		v = verdicts[k] == 'A' ? VERDICT_AC : verdicts[k] == 'T' ? VERDICT_TLE : VERDICT_WA;
		k++;
		ran[i] = 'r';
		score_record(p, &st, i, v, SCORE_FB_NONE, 0);
	}
	ran[p->n_tests] = '\0';
	ck_assert_msg(!verdicts[k], "fewer tests run than verdicts given");
	ck_assert_msg(score_compute(p, &st, res, ts, &total, &max, &err) == 0, "%s", err.msg);
	score_state_free(&st);
	return total;
}

/*** Loading ***/

START_TEST(test_groups_2025)
{
	struct problem *p = load(subtasks());
	const struct problem_group *s, *g1, *g2;

	ck_assert(p->scoring);
	ck_assert_uint_eq(p->n_groups, 5); /* data, sample, secret, g1, g2 */
	s = group(p, "secret");
	g1 = group(p, "secret/g1");
	g2 = group(p, "secret/g2");
	ck_assert(!group(p, "sample")->scored && s->scored && g1->scored);
	ck_assert_int_eq(s->aggregation, PROBLEM_AGG_SUM);
	ck_assert_double_eq(s->max_score, 100);
	ck_assert(!s->on_reject_break);
	ck_assert_int_eq(g1->aggregation, PROBLEM_AGG_PASS_FAIL);
	ck_assert_double_eq(g1->max_score, 30);
	ck_assert(g1->on_reject_break);
	ck_assert_uint_eq(g1->first_test, test_index(p, "secret/g1/1"));
	ck_assert_uint_eq(g1->n_tests, 3);
	ck_assert_int_eq(g2->aggregation, PROBLEM_AGG_SUM);
	ck_assert_double_eq(g2->test_max, 35);
	ck_assert_int_eq(g2->require[0], (int)(g1 - p->groups));
	ck_assert_int_eq(g2->require[1], -1);
	ck_assert_uint_eq(s->n_tests, 5);
	ck_assert_int_eq(p->tests[test_index(p, "secret/g2/2")].group, (int)(g2 - p->groups));
	problem_free(p);
}
END_TEST

/* Without max scores: secret's 100 is shared evenly (2023-07 inference:
 * (M - S) / (A + T)); the 2023-07 `scoring` map works too. */
START_TEST(test_groups_inferred)
{
	const char *d = pkg("infer", "problem_format_version: 2023-07-draft\ntype: scoring\n");
	struct problem *p;

	tu_put_test(d, "secret/a/1");
	tu_put_test(d, "secret/b/1");
	tu_put_test(d, "secret/b/2");
	tu_put_test(d, "secret/c/1");
	tu_put_at(d, "data/secret/a/test_group.yaml", "scoring:\n  score: 40\n");
	tu_put_at(d, "data/secret/b/test_group.yaml", "scoring:\n  aggregation: min\n");
	p = load(d);
	ck_assert_double_eq(group(p, "secret/a")->max_score, 40);
	ck_assert_double_eq(group(p, "secret/b")->max_score, 30);
	ck_assert_double_eq(group(p, "secret/b")->test_max, 30);
	ck_assert_int_eq(group(p, "secret/b")->aggregation, PROBLEM_AGG_MIN);
	ck_assert_double_eq(group(p, "secret/c")->max_score, 30);
	problem_free(p);
}
END_TEST

/* Legacy: testdata.yaml inherited whole by folders without one; no max
 * (unbounded), a test scores accept_score. */
START_TEST(test_groups_legacy)
{
	const char *d = pkg("legacy", "type: scoring\n");
	struct problem *p;

	tu_put_test(d, "sample/1");
	tu_put_test(d, "secret/g1/1");
	tu_put_test(d, "secret/g2/1");
	tu_put_at(d, "data/testdata.yaml", "on_reject: continue\ngrader_flags: ignore_sample\n");
	tu_put_at(d, "data/secret/g1/testdata.yaml",
	    "on_reject: break\ngrader_flags: first_error min\naccept_score: 25\nrange: 0 25\n");
	p = load(d);
	ck_assert(isinf(group(p, "secret")->max_score));
	ck_assert(!group(p, "secret")->on_reject_break); /* inherited from data/ */
	ck_assert(group(p, "secret/g1")->on_reject_break);
	ck_assert_int_eq(group(p, "secret/g1")->aggregation, PROBLEM_AGG_MIN);
	ck_assert_double_eq(group(p, "secret/g1")->accept_score, 25);
	ck_assert(!group(p, "secret/g2")->on_reject_break);
	ck_assert(isnan(group(p, "secret/g2")->accept_score));
	problem_free(p);
}
END_TEST

START_TEST(test_pass_fail_has_no_groups)
{
	const char *d = pkg("pf", "problem_format_version: 2025-09\n");
	struct problem *p;

	tu_put_test(d, "secret/g1/1");
	/* Scoring keys mean nothing to a pass-fail problem: not read. */
	tu_put_at(d, "data/secret/g1/test_group.yaml", "max_score: -1\n");
	p = load(d);
	ck_assert_uint_eq(p->n_groups, 0);
	ck_assert_int_eq(p->tests[0].group, -1);
	problem_free(p);
}
END_TEST

static const struct {
	const char *file, *text, *msg;
} bad[] = {
	{"data/secret/g1/test_group.yaml", "max_score: [1]\n",
	 "data/secret/g1/test_group.yaml: max_score: expected a number"},
	{"data/secret/g1/test_group.yaml", "max_score: 1e12\n",
	 "data/secret/g1/test_group.yaml: max_score: '1e12' is above 1e+09"},
	{"data/secret/g1/test_group.yaml", "score_aggregation: max\n",
	 "data/secret/g1/test_group.yaml: score_aggregation: unknown aggregation 'max' (expected pass-fail, sum or min)"},
	{"data/secret/g1/test_group.yaml", "scoring: 5\n",
	 "data/secret/g1/test_group.yaml: scoring: expected a map"},
	{"data/secret/g1/test_group.yaml", "scoring:\n  score: -1\n",
	 "data/secret/g1/test_group.yaml: scoring.score: '-1' is negative"},
	{"data/secret/g1/testdata.yaml", "grader_flags: avg\n",
	 "data/secret/g1/testdata.yaml: grader_flags: unsupported flag 'avg'"},
	{"data/secret/g1/testdata.yaml", "grader_flags: sum bogus\n",
	 "data/secret/g1/testdata.yaml: grader_flags: unknown flag 'bogus'"},
	{"data/secret/g1/testdata.yaml", "grading: custom\n",
	 "data/secret/g1/testdata.yaml: grading: custom graders are not supported"},
	{"data/secret/g1/testdata.yaml", "on_reject: stop\n",
	 "data/secret/g1/testdata.yaml: on_reject: expected 'break' or 'continue', not 'stop'"},
	{"data/secret/g1/testdata.yaml", "reject_score: -1\n",
	 "data/secret/g1/testdata.yaml: reject_score: '-1' is negative"},
	{"data/secret/g1/testdata.yaml", "range: 0\n",
	 "data/secret/g1/testdata.yaml: range: expected two numbers, not '0'"},
	{"data/secret/g1/testdata.yaml", "range: 5 1\n",
	 "data/secret/g1/testdata.yaml: range: '5 1' is empty"},
	{"data/secret/g1/test_group.yaml", "require_pass: secret/nope\n",
	 "data/secret/g1: require_pass: no group 'secret/nope'"},
	{"data/secret/g1/test_group.yaml", "require_pass: secret/g2\n",
	 "data/secret/g1: require_pass: 'secret/g2' does not come before it"},
	{"data/secret/g1/test_group.yaml", "max_score: 80\n",
	 "data/secret: its subgroups' max_score add up to 150, more than its 100"},
	{"data/secret/test_group.yaml", "max_score: unbounded\n",
	 "data/secret/g1: pass-fail aggregation needs a bounded max_score"},
};

START_TEST(test_bad_settings)
{
	char name[32];
	const char *d;

	snprintf(name, sizeof(name), "bad%d", _i);
	d = pkg(name, "problem_format_version: 2025-09\ntype: scoring\n");
	tu_put_test(d, "secret/g1/1");
	tu_put_test(d, "secret/g2/1");
	tu_put_at(d, "data/secret/g2/test_group.yaml", "max_score: 70\n");
	tu_put_at(d, bad[_i].file, bad[_i].text);
	expect_error(d, bad[_i].msg);
}
END_TEST

/*** Rules ***/

START_TEST(test_subtasks_scores)
{
	struct problem *p = load(subtasks());
	struct score_group_result res[8];
	size_t g1 = (size_t)(group(p, "secret/g1") - p->groups);
	size_t g2 = (size_t)(group(p, "secret/g2") - p->groups);
	char ran[64];

	/* All AC. */
	ck_assert_double_eq(judge_as(p, "AAAAAA", ran, res), 100);
	ck_assert_int_eq(res[g1].verdict, VERDICT_AC);
	/* A failed sample scores nothing and stops nothing. */
	ck_assert_double_eq(judge_as(p, "WAAAAA", ran, res), 100);
	/* The partial solution: g1 passes, g2's second test fails. */
	ck_assert_double_eq(judge_as(p, "AAAAAW", ran, res), 65);
	ck_assert_double_eq(res[g2].score, 35);
	ck_assert_int_eq(res[g2].verdict, VERDICT_WA);
	/* g1 fails at its 2nd test: the 3rd is skipped (pass-fail breaks),
	 * and g2 (requires g1) is skipped, scoring 0. */
	ck_assert_double_eq(judge_as(p, "AAT", ran, res), 0);
	ck_assert_str_eq(ran, "rrr---");
	ck_assert(res[g2].skipped);
	ck_assert_int_eq(res[g2].verdict, VERDICT_TLE);
	ck_assert_int_eq(res[g1].verdict, VERDICT_TLE);
	/* g2 sums: a failure there does not stop it. */
	ck_assert_double_eq(judge_as(p, "AAAAWA", ran, res), 65);
	ck_assert_str_eq(ran, "rrrrrr");
	problem_free(p);
}
END_TEST

/* Legacy: on_reject break in a group and in secret, min and sum, with
 * accept_score. */
START_TEST(test_legacy_break)
{
	const char *d = pkg("legacy-break", "type: scoring\n");
	struct score_group_result res[8];
	struct problem *p;
	char ran[64];

	tu_put_test(d, "secret/g1/1");
	tu_put_test(d, "secret/g1/2");
	tu_put_test(d, "secret/g2/1");
	tu_put_test(d, "secret/g2/2");
	tu_put_at(d, "data/secret/testdata.yaml", "on_reject: continue\n");
	tu_put_at(d, "data/secret/g1/testdata.yaml", "grader_flags: min\naccept_score: 25\n");
	tu_put_at(d, "data/secret/g2/testdata.yaml", "accept_score: 10\non_reject: continue\n");
	p = load(d);
	ck_assert_double_eq(judge_as(p, "AAAA", ran, res), 25 + 20);
	ck_assert_double_eq(judge_as(p, "WAW", ran, res), 10);
	ck_assert_str_eq(ran, "r-rr");
	problem_free(p);
	/* Legacy default on_reject is break, everywhere: the first failure
	 * ends the whole secret group. */
	d = pkg("legacy-break2", "type: scoring\n");
	tu_put_test(d, "secret/g1/1");
	tu_put_test(d, "secret/g2/1");
	p = load(d);
	ck_assert_double_eq(judge_as(p, "W", ran, res), 0);
	ck_assert_str_eq(ran, "r-");
	ck_assert_double_eq(judge_as(p, "AA", ran, res), 2); /* accept_score 1 each */
	problem_free(p);
}
END_TEST

/* score.txt and score_multiplier.txt: absolute, scaled, and the JE rules. */
START_TEST(test_feedback_rules)
{
	struct problem *p = load(subtasks());
	struct score_group_result res[8];
	struct score_state st;
	struct arb_err err = {0};
	double ts[16], total, max;
	size_t a = test_index(p, "secret/g2/1"), b = test_index(p, "secret/g2/2");

	ck_assert_int_eq(score_state_init(&st, p, &err), 0);
	for (size_t i = 0; i < p->n_tests; i++)
		score_record(p, &st, i, VERDICT_AC, SCORE_FB_NONE, 0);
	score_record(p, &st, a, VERDICT_AC, SCORE_FB_SCORE, 12.5);
	score_record(p, &st, b, VERDICT_AC, SCORE_FB_MULTIPLIER, 0.5);
	ck_assert_int_eq(score_compute(p, &st, res, ts, &total, &max, &err), 0);
	ck_assert_double_eq(ts[a], 12.5);
	ck_assert_double_eq(ts[b], 17.5);
	ck_assert_double_eq(total, 30 + 12.5 + 17.5);
	ck_assert_double_eq(max, 100);
	score_record(p, &st, a, VERDICT_AC, SCORE_FB_SCORE, 36);
	ck_assert_int_eq(score_compute(p, &st, res, ts, &total, &max, &err), -1);
	ck_assert_str_eq(err.msg, "secret/g2/1: output validator: score.txt 36 is above the test's max score 35");
	score_record(p, &st, a, VERDICT_AC, SCORE_FB_MULTIPLIER, 1.5);
	ck_assert_int_eq(score_compute(p, &st, res, ts, &total, &max, &err), -1);
	ck_assert_str_eq(err.msg, "secret/g2/1: output validator: score_multiplier.txt 1.5 is above 1");
	score_state_free(&st);
	problem_free(p);
}
END_TEST

START_TEST(test_parse)
{
	static const char *const good[] = {"0", "42", " 3.5\n", "1e2", "+7", ".5"};
	static const double want[] = {0, 42, 3.5, 100, 7, 0.5};
	static const char *const badv[] = {"", "-1", "nan", "inf", "1 2", "0x10", "abc", "1e999"};
	double v;

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		ck_assert_msg(score_parse(good[i], strlen(good[i]), &v), "'%s'", good[i]);
		ck_assert_double_eq(v, want[i]);
	}
	for (size_t i = 0; i < sizeof(badv) / sizeof(*badv); i++)
		ck_assert_msg(!score_parse(badv[i], strlen(badv[i]), &v), "'%s'", badv[i]);
	ck_assert(!score_parse("1\0", 2, &v));
}
END_TEST

START_TEST(test_read_feedback)
{
	struct arb_err err = {0};
	enum score_feedback fb;
	char path[PATH_MAX], big[300];
	double v;

	ck_assert_int_eq(score_read_feedback(top, &fb, &v, &err), 0);
	ck_assert_int_eq(fb, SCORE_FB_NONE);
	tu_put_at(top, "score.txt", "17.25\n");
	ck_assert_int_eq(score_read_feedback(top, &fb, &v, &err), 0);
	ck_assert_int_eq(fb, SCORE_FB_SCORE);
	ck_assert_double_eq(v, 17.25);
	tu_put_at(top, "score_multiplier.txt", "0.5\n");
	ck_assert_int_eq(score_read_feedback(top, &fb, &v, &err), -1);
	ck_assert_str_eq(err.msg, "output validator: both score.txt and score_multiplier.txt");
	snprintf(path, sizeof(path), "%s/score_multiplier.txt", top);
	unlink(path);
	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	tu_put_at(top, "score.txt", big);
	ck_assert_int_eq(score_read_feedback(top, &fb, &v, &err), -1);
	ck_assert_str_eq(err.msg, "output validator: score.txt is longer than 128 bytes");
	tu_put_at(top, "score.txt", "-3\n");
	ck_assert_int_eq(score_read_feedback(top, &fb, &v, &err), -1);
	ck_assert_str_eq(err.msg, "output validator: score.txt: not a non-negative number");
	/* A link planted by the validator (the box user) is never followed. */
	snprintf(path, sizeof(path), "%s/score.txt", top);
	unlink(path);
	ck_assert_int_eq(symlink("/etc/passwd", path), 0);
	ck_assert_int_eq(score_read_feedback(top, &fb, &v, &err), -1);
	ck_assert_int_eq(err.errnum, ELOOP);
	unlink(path);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(score_read_feedback(top, &fb, &v, &err), -1);
	ck_assert_str_eq(err.msg, "output validator: score.txt is not a regular file");
}
END_TEST

/* The result JSON: groups and per-test scores for a scoring problem,
 * nothing new for a pass-fail one. */
START_TEST(test_report_groups)
{
	char *names[] = {"secret/g2/1", "secret/g2/2", NULL};
	struct judge_test tests[2] = {
		{.name = "secret/g2/1", .verdict = VERDICT_AC, .scored = true, .score = 35},
		{.name = "secret/g2/2", .verdict = VERDICT_WA, .scored = true, .score = 0},
	};
	struct judge_group g = {.name = "secret/g2", .score = 35, .max_score = 70,
				.verdict = VERDICT_WA, .tests = names};
	struct judgement j = {.verdict = VERDICT_WA, .score = 35, .scoring = true,
			      .max_score = INFINITY, .groups = &g, .n_groups = 1,
			      .tests = tests, .n_tests = 2, .compile_output = ""};
	struct report_meta m = {.id = "s-1", .problem = "p"};
	json_t *o = report_json(&j, &m), *gr;
	char *text;

	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "score")), 35);
	ck_assert(json_is_null(json_object_get(o, "max_score")));
	gr = json_array_get(json_object_get(o, "groups"), 0);
	text = json_dumps(gr, JSON_COMPACT | JSON_SORT_KEYS);
	ck_assert_str_eq(text, "{\"max_score\":70,\"name\":\"secret/g2\",\"score\":35,"
			       "\"skipped\":false,\"tests\":[\"secret/g2/1\",\"secret/g2/2\"],"
			       "\"verdict\":\"WA\"}");
	free(text);
	ck_assert_int_eq(json_integer_value(json_object_get(
				 json_array_get(json_object_get(o, "tests"), 0), "score")), 35);
	json_decref(o);
	j.scoring = false;
	tests[0].scored = tests[1].scored = false;
	o = report_json(&j, &m);
	ck_assert_ptr_null(json_object_get(o, "groups"));
	ck_assert_ptr_null(json_object_get(o, "max_score"));
	ck_assert_ptr_null(json_object_get(json_array_get(json_object_get(o, "tests"), 0), "score"));
	json_decref(o);
}
END_TEST

Suite *suite_score(void)
{
	Suite *s = suite_create("score");
	TCase *tc = tcase_create("score");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_groups_2025);
	tcase_add_test(tc, test_groups_inferred);
	tcase_add_test(tc, test_groups_legacy);
	tcase_add_test(tc, test_pass_fail_has_no_groups);
	tcase_add_loop_test(tc, test_bad_settings, 0, (int)(sizeof(bad) / sizeof(bad[0])));
	tcase_add_test(tc, test_subtasks_scores);
	tcase_add_test(tc, test_legacy_break);
	tcase_add_test(tc, test_feedback_rules);
	tcase_add_test(tc, test_parse);
	tcase_add_test(tc, test_read_feedback);
	tcase_add_test(tc, test_report_groups);
	suite_add_tcase(s, tc);
	return s;
}
