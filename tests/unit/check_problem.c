/* check_problem.c - the package loader (problem.c, problem_data.c).
 *
 * Every package in testdata/problems-good/ loads with every field as
 * expected (legacy with validator_flags, 2023-07 / 2025-09 keys, DOMjudge's
 * .timelimit, nested groups, custom and interactive validators, per-group
 * validator arguments, submissions); every one in testdata/problems-bad/
 * is refused with its exact message (and every fixture there has one).
 * Symbolic links, FIFOs and loops are built in a scratch dir, since a
 * checkout should not carry them.  Tier 1: no privilege needed.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "problem.h"
#include "testutil.h"
#include "verdict.h"

Suite *suite_problem(void);

#define MIB (1024ULL * 1024ULL)

static struct problem *load_good(const char *name)
{
	char dir[PATH_MAX], real[PATH_MAX];
	struct problem *p = NULL;
	struct arb_err err = {0};

	snprintf(dir, sizeof(dir), "%s", tu_srcdata("problems-good"));
	strncat(dir, "/", sizeof(dir) - strlen(dir) - 1);
	strncat(dir, name, sizeof(dir) - strlen(dir) - 1);
	ck_assert_msg(problem_load(dir, &p, &err) == 0, "%s: %s", name, err.msg);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->short_name, name);
	ck_assert_ptr_nonnull(realpath(dir, real));
	ck_assert_str_eq(p->dir, real);
	return p;
}

/* PATH is DIR/REL. */
static void assert_path(const struct problem *p, const char *path, const char *rel)
{
	char want[PATH_MAX];

	ck_assert_ptr_nonnull(path);
	snprintf(want, sizeof(want), "%s/%s", p->dir, rel);
	ck_assert_str_eq(path, want);
	ck_assert_int_eq(access(path, R_OK), 0);
}

static void assert_test(const struct problem *p, size_t i, const char *name, bool has_ans)
{
	char rel[PATH_MAX];

	ck_assert_uint_lt(i, p->n_tests);
	ck_assert_str_eq(p->tests[i].name, name);
	ck_assert_int_eq(p->tests[i].sample, strncmp(name, "sample/", 7) == 0);
	snprintf(rel, sizeof(rel), "data/%s.in", name);
	assert_path(p, p->tests[i].in_path, rel);
	if (has_ans) {
		snprintf(rel, sizeof(rel), "data/%s.ans", name);
		assert_path(p, p->tests[i].ans_path, rel);
	} else {
		ck_assert_ptr_null(p->tests[i].ans_path);
	}
}

/* V is the NULL-terminated list of the (up to 4) strings given. */
static void assert_args(char **v, const char *a0, const char *a1, const char *a2,
			const char *a3)
{
	const char *want[] = {a0, a1, a2, a3, NULL};
	size_t i;

	ck_assert_ptr_nonnull(v);
	for (i = 0; want[i]; i++) {
		ck_assert_msg(v[i] != NULL, "argument %zu missing ('%s')", i, want[i]);
		ck_assert_str_eq(v[i], want[i]);
	}
	ck_assert_msg(v[i] == NULL, "extra argument '%s'", v[i]);
}

static void assert_no_flags(const struct validator_flags *f)
{
	ck_assert(!f->case_sensitive && !f->space_change_sensitive);
	ck_assert(!f->float_abs_set && !f->float_rel_set);
}

static void assert_defaults(const struct problem *p, bool legacy)
{
	ck_assert_uint_eq(p->memory_bytes, PROBLEM_DEFAULT_MEMORY_MIB * MIB);
	ck_assert_uint_eq(p->output_bytes, PROBLEM_DEFAULT_OUTPUT_MIB * MIB);
	ck_assert_uint_eq(p->compile_time_us, PROBLEM_DEFAULT_COMPILE_TIME_S * 1000000ULL);
	if (legacy) {
		ck_assert(p->time_multiplier == PROBLEM_DEFAULT_TIME_MULTIPLIER);
		ck_assert(p->time_safety_margin == PROBLEM_DEFAULT_SAFETY_MARGIN);
	} else {
		ck_assert(p->time_multiplier == PROBLEM_DEFAULT_AC_TO_TIME_LIMIT);
		ck_assert(p->time_safety_margin == PROBLEM_DEFAULT_TIME_LIMIT_TO_TLE);
	}
}

static void assert_sub(const struct problem *p, size_t i, const char *name, int expected)
{
	char rel[PATH_MAX];

	ck_assert_uint_lt(i, p->n_subs);
	ck_assert_str_eq(p->subs[i].name, name);
	ck_assert_int_eq(p->subs[i].expected, expected);
	snprintf(rel, sizeof(rel), "submissions/%s", name);
	assert_path(p, p->subs[i].path, rel);
}

/*** Good packages ***/

START_TEST(test_legacy)
{
	struct problem *p = load_good("legacy");

	ck_assert_str_eq(p->name, "Legacy Flags");
	ck_assert_str_eq(p->format_version, "legacy");
	ck_assert(!p->scoring && !p->multi_pass);
	ck_assert_int_eq(p->tl_source, PROBLEM_TL_UNSET);
	ck_assert_uint_eq(p->time_limit_us, 0);
	ck_assert(p->time_multiplier == 3.0);
	ck_assert(p->time_safety_margin == 1.5);
	ck_assert_uint_eq(p->memory_bytes, 512 * MIB);
	ck_assert_uint_eq(p->output_bytes, 16 * MIB);
	ck_assert_uint_eq(p->compile_time_us, 30000000);
	ck_assert_int_eq(p->validation, PROBLEM_VALIDATION_DEFAULT);
	ck_assert_ptr_null(p->validator_dir);
	assert_args(p->validator_args, "case_sensitive", "float_tolerance", "1e-6", NULL);
	ck_assert(p->flags.case_sensitive && !p->flags.space_change_sensitive);
	ck_assert(p->flags.float_abs_set && p->flags.float_rel_set);
	ck_assert(p->flags.float_abs == 1e-6 && p->flags.float_rel == 1e-6);
	ck_assert_uint_eq(p->n_tests, 3);
	assert_test(p, 0, "sample/1", true);
	assert_test(p, 1, "secret/01", true);
	assert_test(p, 2, "secret/02", true);
	for (size_t i = 0; i < p->n_tests; i++) {
		assert_args(p->tests[i].validator_args, "case_sensitive", "float_tolerance",
			    "1e-6", NULL);
		ck_assert(memcmp(&p->tests[i].flags, &p->flags, sizeof(p->flags)) == 0);
	}
	/* partially_accepted is not a verdict arbiter checks. */
	ck_assert_uint_eq(p->n_subs, 1);
	assert_sub(p, 0, "accepted/ok.py", VERDICT_AC);
	problem_free(p);
}
END_TEST

START_TEST(test_v2023)
{
	struct problem *p = load_good("v2023");

	ck_assert_str_eq(p->name, "Hello World"); /* `en` of the map */
	ck_assert_str_eq(p->format_version, "2023-07-draft");
	ck_assert_int_eq(p->tl_source, PROBLEM_TL_YAML);
	ck_assert_uint_eq(p->time_limit_us, 2500000);
	ck_assert(p->time_multiplier == 1.5);
	ck_assert(p->time_safety_margin == 1.25);
	ck_assert_uint_eq(p->memory_bytes, 1024 * MIB);
	ck_assert_uint_eq(p->output_bytes, PROBLEM_DEFAULT_OUTPUT_MIB * MIB);
	ck_assert_int_eq(p->validation, PROBLEM_VALIDATION_DEFAULT);
	ck_assert_ptr_null(p->validator_dir);
	ck_assert_uint_eq(p->n_tests, 3);
	assert_test(p, 0, "sample/1", true);
	assert_test(p, 1, "secret/a", true);
	assert_test(p, 2, "secret/b", true);
	/* secret/test_group.yaml sets a tolerance; b.yaml its own args. */
	assert_args(p->tests[0].validator_args, NULL, NULL, NULL, NULL);
	assert_no_flags(&p->tests[0].flags);
	assert_args(p->tests[1].validator_args, "float_relative_tolerance", "1e-4", NULL, NULL);
	ck_assert(!p->tests[1].flags.float_abs_set && p->tests[1].flags.float_rel_set);
	ck_assert(p->tests[1].flags.float_rel == 1e-4);
	assert_args(p->tests[2].validator_args, "case_sensitive", NULL, NULL, NULL);
	ck_assert(p->tests[2].flags.case_sensitive && !p->tests[2].flags.float_rel_set);
	/* Not the same everywhere: the problem keeps problem.yaml's (none). */
	assert_args(p->validator_args, NULL, NULL, NULL, NULL);
	assert_no_flags(&p->flags);
	ck_assert_uint_eq(p->n_subs, 0);
	problem_free(p);
}
END_TEST

START_TEST(test_v2025_defaults)
{
	struct problem *p = load_good("v2025");

	ck_assert_str_eq(p->name, "Defaults");
	ck_assert_str_eq(p->format_version, "2025-09");
	ck_assert_int_eq(p->tl_source, PROBLEM_TL_UNSET);
	ck_assert_uint_eq(p->time_limit_us, 0);
	assert_defaults(p, false);
	/* 2023-07+: output_validator/ is the program, and its presence makes
	 * the validation custom. */
	ck_assert_int_eq(p->validation, PROBLEM_VALIDATION_CUSTOM);
	assert_path(p, p->validator_dir, "output_validator");
	/* X.files/ is a test's input files, invalid_input/ not judged. */
	ck_assert_uint_eq(p->n_tests, 1);
	assert_test(p, 0, "secret/1", true);
	assert_args(p->tests[0].validator_args, "--strict", NULL, NULL, NULL);
	assert_no_flags(&p->tests[0].flags); /* custom: not parsed */
	assert_args(p->validator_args, "--strict", NULL, NULL, NULL);
	problem_free(p);
}
END_TEST

START_TEST(test_domjudge)
{
	struct problem *p = load_good("domjudge");

	/* No name in problem.yaml: domjudge-problem.ini's; .timelimit wins
	 * over the ini's timelimit. */
	ck_assert_str_eq(p->name, "DOMjudge Style");
	ck_assert_str_eq(p->format_version, "legacy");
	ck_assert_int_eq(p->tl_source, PROBLEM_TL_TIMELIMIT);
	ck_assert_uint_eq(p->time_limit_us, 2000000);
	ck_assert_uint_eq(p->memory_bytes, 256 * MIB);
	ck_assert_uint_eq(p->output_bytes, 4 * MIB);
	ck_assert(p->time_multiplier == PROBLEM_DEFAULT_TIME_MULTIPLIER);
	ck_assert_int_eq(p->validation, PROBLEM_VALIDATION_DEFAULT);
	ck_assert_uint_eq(p->n_tests, 2);
	assert_test(p, 0, "sample/a", true);
	assert_test(p, 1, "secret/b", true);
	problem_free(p);

	/* No .timelimit: the ini's; problem.yaml's name wins over the ini's. */
	p = load_good("domjudge-ini");
	ck_assert_str_eq(p->name, "From YAML");
	ck_assert_int_eq(p->tl_source, PROBLEM_TL_TIMELIMIT);
	ck_assert_uint_eq(p->time_limit_us, 1500000);
	ck_assert_uint_eq(p->memory_bytes, 128 * MIB);
	ck_assert_uint_eq(p->n_tests, 1);
	assert_test(p, 0, "sample/1", true);
	problem_free(p);
}
END_TEST

START_TEST(test_bare)
{
	struct problem *p = load_good("bare"); /* no problem.yaml at all */

	ck_assert_str_eq(p->name, "bare");
	ck_assert_str_eq(p->format_version, "legacy");
	ck_assert_int_eq(p->tl_source, PROBLEM_TL_TIMELIMIT);
	ck_assert_uint_eq(p->time_limit_us, 500000); /* " 0.5 \n" */
	assert_defaults(p, true);
	ck_assert_int_eq(p->validation, PROBLEM_VALIDATION_DEFAULT);
	assert_args(p->validator_args, NULL, NULL, NULL, NULL);
	assert_no_flags(&p->flags);
	ck_assert_uint_eq(p->n_tests, 1);
	assert_test(p, 0, "secret/1", true);
	ck_assert_uint_eq(p->n_subs, 0);
	problem_free(p);
}
END_TEST

START_TEST(test_nested_order)
{
	static const char *const want[] = {
		"sample/10", "sample/2", "secret/05", "secret/g1/03", "secret/g1/10",
		"secret/g1/sub/01", "secret/g1-b/01", "secret/g10/01", "secret/g2/01",
	};
	struct problem *p = load_good("nested");

	ck_assert_str_eq(p->name, "Nested");
	ck_assert_uint_eq(p->n_tests, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < p->n_tests; i++)
		assert_test(p, i, want[i], true);
	problem_free(p);
}
END_TEST

START_TEST(test_custom)
{
	struct problem *p = load_good("custom");

	ck_assert_str_eq(p->name, "Custom");
	ck_assert(p->scoring);
	ck_assert_int_eq(p->validation, PROBLEM_VALIDATION_CUSTOM);
	assert_path(p, p->validator_dir, "output_validators/checker");
	assert_args(p->validator_args, "--mode", "strict", "--group", "secret");
	assert_no_flags(&p->flags);
	ck_assert_uint_eq(p->n_tests, 1);
	assert_test(p, 0, "secret/1", true);
	/* problem.yaml's, then the group's, as problemtools passes them. */
	assert_args(p->tests[0].validator_args, "--mode", "strict", "--group", "secret");
	problem_free(p);

	/* A single-file program directly in output_validators/. */
	p = load_good("custom-file");
	ck_assert_int_eq(p->validation, PROBLEM_VALIDATION_CUSTOM);
	assert_path(p, p->validator_dir, "output_validators");
	problem_free(p);

	/* Legacy without `validation: custom`: the folder is not used. */
	p = load_good("default-ignores-validator");
	ck_assert_int_eq(p->validation, PROBLEM_VALIDATION_DEFAULT);
	ck_assert_ptr_null(p->validator_dir);
	problem_free(p);
}
END_TEST

START_TEST(test_interactive)
{
	struct problem *p = load_good("interactive");

	ck_assert_str_eq(p->name, "Guess");
	ck_assert_int_eq(p->validation, PROBLEM_VALIDATION_INTERACTIVE);
	assert_path(p, p->validator_dir, "output_validator");
	ck_assert_uint_eq(p->n_tests, 2);
	assert_test(p, 0, "sample/1", false); /* .interaction, no .ans */
	assert_test(p, 1, "secret/1", true);
	problem_free(p);

	p = load_good("legacy-interactive");
	ck_assert_int_eq(p->validation, PROBLEM_VALIDATION_INTERACTIVE);
	assert_path(p, p->validator_dir, "output_validators/interactor");
	ck_assert_uint_eq(p->n_tests, 1);
	assert_test(p, 0, "secret/1", false);
	problem_free(p);
}
END_TEST

START_TEST(test_group_flags)
{
	struct problem *p = load_good("groupflags");

	ck_assert_uint_eq(p->n_tests, 4);
	assert_test(p, 0, "sample/1", true);
	assert_test(p, 1, "secret/1", true);
	assert_test(p, 2, "secret/inherit/1", true);
	assert_test(p, 3, "secret/reset/1", true);
	assert_args(p->tests[0].validator_args, "case_sensitive", NULL, NULL, NULL);
	ck_assert(p->tests[0].flags.case_sensitive && !p->tests[0].flags.float_abs_set);
	/* secret/testdata.yaml adds a tolerance, inherited by inherit/. */
	for (size_t i = 1; i <= 2; i++) {
		assert_args(p->tests[i].validator_args, "case_sensitive", "float_tolerance",
			    "0.01", NULL);
		ck_assert(p->tests[i].flags.case_sensitive);
		ck_assert(p->tests[i].flags.float_abs == 0.01 &&
			  p->tests[i].flags.float_rel == 0.01);
	}
	/* reset/testdata.yaml has no flags: legacy inherits whole files. */
	assert_args(p->tests[3].validator_args, "case_sensitive", NULL, NULL, NULL);
	ck_assert(!p->tests[3].flags.float_abs_set);
	assert_args(p->validator_args, "case_sensitive", NULL, NULL, NULL);
	ck_assert(p->flags.case_sensitive && !p->flags.float_abs_set);
	problem_free(p);

	/* data/testdata.yaml for every test: the problem-wide flags too. */
	p = load_good("uniform");
	ck_assert_str_eq(p->name, "uniform"); /* problem.yaml of comments only */
	assert_args(p->validator_args, "space_change_sensitive",
		    "float_absolute_tolerance", "0.5", NULL);
	ck_assert(p->flags.space_change_sensitive && !p->flags.case_sensitive);
	ck_assert(p->flags.float_abs_set && !p->flags.float_rel_set &&
		  p->flags.float_abs == 0.5);
	ck_assert_uint_eq(p->n_tests, 2);
	ck_assert(memcmp(&p->tests[1].flags, &p->flags, sizeof(p->flags)) == 0);
	problem_free(p);
}
END_TEST

START_TEST(test_submissions)
{
	struct problem *p = load_good("submissions");

	ck_assert_uint_eq(p->n_subs, 11);
	assert_sub(p, 0, "accepted/a.c", VERDICT_AC);
	assert_sub(p, 1, "accepted/b.py", VERDICT_AC);
	assert_sub(p, 2, "accepted/multi", VERDICT_AC); /* a folder: one program */
	/* brute_force/ and rejected/ have no single verdict: their
	 * folder's rule judges them (problem_subrules.c). */
	assert_sub(p, 3, "brute_force/bf.py", -1);
	ck_assert_uint_eq(p->subs[3].n_rules, 1);
	assert_sub(p, 4, "compile_error/broken.c", VERDICT_CE);
	assert_sub(p, 5, "memory_limit_exceeded/hog.c", VERDICT_MLE);
	assert_sub(p, 6, "output_limit_exceeded/spam.py", VERDICT_OLE);
	assert_sub(p, 7, "rejected/r.py", -1);
	ck_assert_uint_eq(p->subs[7].n_rules, 1);
	assert_sub(p, 8, "run_time_error/crash.c", VERDICT_RTE);
	assert_sub(p, 9, "time_limit_exceeded/slow.py", VERDICT_TLE);
	assert_sub(p, 10, "wrong_answer/wa.cpp", VERDICT_WA);
	/* `accepted:` in submissions.yaml restates the folder's default:
	 * a replacement, so the accepted ones are checked by rule. */
	ck_assert_uint_eq(p->subs[0].n_rules, 1);
	ck_assert_uint_eq(p->subs[4].n_rules, 0);
	problem_free(p);
}
END_TEST

/*** Broken packages ***/

static const struct {
	const char *name, *msg;
} bad_fixtures[] = {
	{"alias-twice", "problem.yaml: validation: aliases are not supported"},
	{"ans-is-dir", "data/secret/2.ans: not a regular file"},
	{"both-validator-dirs", "output_validator: both output_validator/ and output_validators/ exist"},
	{"compilation-time-string", "problem.yaml: limits.compilation_time: not a number"},
	{"duplicate-key", "problem.yaml: name: duplicate key"},
	{"flags-bad-number", "problem.yaml: validator_flags: float_tolerance: 'abc' is not a number"},
	{"flags-list", "problem.yaml: validator_flags: expected a string"},
	{"flags-missing-value", "problem.yaml: validator_flags: float_tolerance: missing value"},
	{"flags-negative", "problem.yaml: validator_flags: float_absolute_tolerance: '-1' is negative"},
	{"flags-unknown", "problem.yaml: validator_flags: unknown flag 'case_insensitive'"},
	/* A negative or huge number is refused by range before any integer
	 * conversion (the fuzzer found it converted first: undefined). */
	{"memory-negative", "problem.yaml: limits.memory: must be positive"},
	{"ini-bad-timelimit", "domjudge-problem.ini: timelimit: not a number"},
	{"ini-garbage", "domjudge-problem.ini: line 2: expected key = value"},
	{"interactive-no-validator", "output_validator: 'type: interactive' but no validator"},
	{"limits-not-map", "problem.yaml: limits: expected a map"},
	{"memory-fraction", "problem.yaml: limits.memory: not a whole number"},
	{"memory-list", "problem.yaml: limits.memory: not a number"},
	{"memory-not-number", "problem.yaml: limits.memory: not a number"},
	{"memory-quoted", "problem.yaml: limits.memory: not a number"},
	{"memory-too-big", "problem.yaml: limits.memory: must be at most 65536"},
	{"memory-zero", "problem.yaml: limits.memory: must be positive"},
	{"missing-ans", "data/secret/02.in: no matching .ans"},
	{"missing-sample-ans", "data/sample/1.in: no matching .ans"},
	{"multiplier-below-one", "problem.yaml: limits.time_multipliers.ac_to_time_limit: must be at least 1"},
	{"multiplier-hex", "problem.yaml: limits.time_multiplier: not a number"},
	{"multipliers-not-map", "problem.yaml: limits.time_multipliers: expected a map"},
	{"name-empty-map", "problem.yaml: name: empty map"},
	{"name-en-null", "problem.yaml: name.en: expected a string, not null"},
	{"name-list", "problem.yaml: name: expected a string"},
	{"name-map-list", "problem.yaml: name.en: expected a string"},
	{"no-data", "data: no tests (no data/ folder)"},
	{"no-tests", "data: no tests (data/sample/*.in, data/secret/**/*.in)"},
	{"not-a-map", "problem.yaml: expected a map of keys"},
	{"output-inf", "problem.yaml: limits.output: not a number"},
	{"syntax", "problem.yaml: line 2: did not find expected ',' or ']' (while parsing a flow sequence)"},
	{"test-group-args-map", "data/secret/test_group.yaml: output_validator_args: expected a string or a list of strings"},
	{"test-group-both-keys", "data/secret/test_group.yaml: output_validator_flags: both output_validator_args and output_validator_flags are set"},
	{"test-yaml-bad-flags", "data/secret/1.yaml: output_validator_args: float_tolerance: missing value"},
	{"testdata-bad-flags", "data/secret/testdata.yaml: output_validator_flags: unknown flag 'bogus'"},
	{"testdata-syntax", "data/testdata.yaml: line 2: found unexpected end of stream (while scanning a quoted scalar)"},
	{"time-limit-negative", "problem.yaml: limits.time_limit: must be positive"},
	{"time-limit-tiny", "problem.yaml: limits.time_limit: must be at least 1 microsecond"},
	{"time-limit-too-big", "problem.yaml: limits.time_limit: must be at most 3600"},
	{"timelimit-junk", ".timelimit: not a number"},
	{"timelimit-zero", ".timelimit: must be positive"},
	{"timelimit-huge", ".timelimit: must be at most 3600"},
	{"two-docs", "problem.yaml: line 2: more than one YAML document"},
	{"two-validators", "output_validators: 2 programs; only one output validator is supported"},
	{"type-empty-list", "problem.yaml: type: expected a string or a non-empty list of strings"},
	{"type-submit-answer", "problem.yaml: type[1]: 'submit-answer' problems are not supported"},
	{"type-unknown", "problem.yaml: type: unknown problem type 'speedrun'"},
	{"validation-bad", "problem.yaml: validation: expected 'default' or 'custom [score] [interactive] [multi-pass]', not 'strict'"},
	{"validation-bad-word", "problem.yaml: validation: unknown word 'fancy'"},
	{"validation-custom-no-validator", "output_validators: 'validation: custom' but no validator"},
	{"validator-dir-and-files", "output_validators: 2 programs; only one output validator is supported"},
	{"version-map", "problem.yaml: problem_format_version: expected a string"},
	{"version-unknown", "problem.yaml: problem_format_version: unknown version '1.0'"},
	/* Scoring problems' groups (problem_groups.c). */
	{"scoring-negative-score", "data/secret/g1/test_group.yaml: max_score: '-5' is negative"},
	{"scoring-unknown-aggregation", "data/secret/test_group.yaml: score_aggregation: unknown aggregation 'avg' (expected pass-fail, sum or min)"},
	{"scoring-wrong-type", "data/secret/g1/testdata.yaml: accept_score: expected a number"},
	/* Input validators (problem_inval.c). */
	{"inval-bad-item", "data/sample/1.yaml: input_validator_args[1]: expected a string"},
	{"inval-both-dirs", "input_validators: both input_validators/ and input_format_validators/ exist"},
	{"inval-both-keys", "data/test_group.yaml: input_validator_flags: both input_validator_args and input_validator_flags are set"},
	{"inval-not-folder", "input_validators: not a folder"},
	{"inval-unknown-name", "data/sample/testdata.yaml: input_validator_flags.nosuch: no input validator named 'nosuch'"},
	/* submissions/submissions.yaml (problem_subrules.c). */
	{"subrules-bad-verdict", "submissions/submissions.yaml: accepted/a.py.permitted[1]: unknown verdict 'PE'"},
	{"subrules-empty-list", "submissions/submissions.yaml: accepted/a.py.required: expected a non-empty list of verdicts"},
	{"subrules-no-match", "submissions/submissions.yaml: accepted/*.rb: matches no submission"},
	{"subrules-not-map", "submissions/submissions.yaml: accepted/a.py: expected a map (permitted, required, ...)"},
	/* output_validator_protocol (testlib checkers). */
	{"protocol-default", "problem.yaml: output_validator_protocol: 'testlib' needs a custom output validator"},
	{"protocol-multipass", "problem.yaml: output_validator_protocol: 'testlib' is not supported for multi-pass problems"},
	{"protocol-unknown", "problem.yaml: output_validator_protocol: expected 'kattis' or 'testlib', not 'polygon'"},
};

#define N_BAD (sizeof(bad_fixtures) / sizeof(bad_fixtures[0]))

START_TEST(test_bad_fixture)
{
	char dir[PATH_MAX];
	struct problem *p = NULL;
	struct arb_err err = {0};

	snprintf(dir, sizeof(dir), "%s/%s", tu_srcdata("problems-bad"),
		 bad_fixtures[_i].name);
	ck_assert_int_eq(problem_load(dir, &p, &err), -1);
	ck_assert_ptr_null(p);
	ck_assert_msg(err.kind == ARB_E_PACKAGE, "%s: kind %s (%s)", bad_fixtures[_i].name,
		      arb_errkind_name(err.kind), err.msg);
	ck_assert_str_eq(err.msg, bad_fixtures[_i].msg);
}
END_TEST

START_TEST(test_every_fixture_listed)
{
	DIR *d = opendir(tu_srcdata("problems-bad"));
	struct dirent *e;
	size_t seen = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		size_t i;

		if (e->d_name[0] == '.')
			continue;
		for (i = 0; i < N_BAD && strcmp(bad_fixtures[i].name, e->d_name) != 0; i++)
			;
		ck_assert_msg(i < N_BAD, "fixture '%s' has no expected message", e->d_name);
		seen++;
	}
	closedir(d);
	ck_assert_uint_eq(seen, N_BAD);
}
END_TEST

/*** Scratch packages: links, FIFOs, odd paths ***/

static void link_at(const char *root, const char *target, const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	ck_assert_int_eq(symlink(target, path), 0);
}

/* A minimal package in a fresh scratch dir ("pkg" inside it). */
static char *scratch_pkg(char **top)
{
	char *pkg;

	*top = tu_mkdtemp();
	ck_assert_int_ne(asprintf(&pkg, "%s/pkg", *top), -1);
	tu_put_at(pkg, "data/secret/1.in", "1\n");
	tu_put_at(pkg, "data/secret/1.ans", "1\n");
	return pkg;
}

static void expect_error(const char *pkg, const char *msg)
{
	struct problem *p = NULL;
	struct arb_err err = {0};

	ck_assert_int_eq(problem_load(pkg, &p, &err), -1);
	ck_assert_ptr_null(p);
	ck_assert_int_eq(err.kind, ARB_E_PACKAGE);
	ck_assert_str_eq(err.msg, msg);
}

/* PKG/REL, in a static buffer. */
static const char *fmt_path(const char *pkg, const char *rel)
{
	static char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s/%s", pkg, rel);
	return buf;
}

/* Interactive and multi-pass at once, in both spellings; and Polygon's
 * interactor + checker pair of a testlib interactive problem. */
START_TEST(test_interactive_multipass_and_pair)
{
	char *top, *pkg = scratch_pkg(&top);
	struct problem *p = NULL;
	struct arb_err err = {0};

	tu_put_at(pkg, "problem.yaml", "validation: custom interactive multi-pass\n"
				       "limits: {validation_passes: 3}\n");
	tu_put_at(pkg, "output_validators/interactor/i.c", "");
	ck_assert_msg(problem_load(pkg, &p, &err) == 0, "%s", err.msg);
	ck_assert(p->multi_pass);
	ck_assert_int_eq(p->validation, PROBLEM_VALIDATION_INTERACTIVE);
	ck_assert_uint_eq(p->validation_passes, 3);
	ck_assert_ptr_null(p->checker_dir);
	problem_free(p);

	tu_put_at(pkg, "problem.yaml", "problem_format_version: 2025-09\n"
				       "type: [interactive, multi-pass]\n");
	tu_rm_rf(fmt_path(pkg, "output_validators"));
	tu_put_at(pkg, "output_validator/i.c", "");
	ck_assert_msg(problem_load(pkg, &p, &err) == 0, "%s", err.msg);
	ck_assert(p->multi_pass);
	ck_assert_int_eq(p->validation, PROBLEM_VALIDATION_INTERACTIVE);
	ck_assert_uint_eq(p->validation_passes, 2);
	problem_free(p);
	tu_rm_rf(fmt_path(pkg, "output_validator"));

	/* testlib: interactor/ and checker/ are a pair... */
	tu_put_at(pkg, "problem.yaml", "validation: custom interactive\n"
				       "output_validator_protocol: testlib\n");
	tu_put_at(pkg, "output_validators/interactor/interactor.cpp", "");
	tu_put_at(pkg, "output_validators/checker/check.cpp", "");
	ck_assert_msg(problem_load(pkg, &p, &err) == 0, "%s", err.msg);
	assert_path(p, p->validator_dir, "output_validators/interactor");
	assert_path(p, p->checker_dir, "output_validators/checker");
	problem_free(p);
	/* ... a third program is not... */
	tu_put_at(pkg, "output_validators/other/o.c", "");
	expect_error(pkg, "output_validators: 3 programs; a testlib interactive problem has "
			  "one (the interactor) or two folders, interactor/ and checker/ "
			  "(or check/)");
	tu_rm_rf(fmt_path(pkg, "output_validators/other"));
	/* ... and without testlib, two programs are one too many. */
	tu_put_at(pkg, "problem.yaml", "validation: custom interactive\n");
	expect_error(pkg, "output_validators: 2 programs; only one output validator is "
			  "supported");
	free(pkg);
	tu_rm_rf(top);
	free(top);
}
END_TEST

/* constants (2025-09): parsed as text, and {{name}} replaced in place
 * (undefined names left alone). */
START_TEST(test_constants)
{
	char *top, *pkg = scratch_pkg(&top);
	char *const files[] = {"v.py", "same.txt", NULL};
	struct problem *p = NULL;
	struct arb_err err = {0};
	char *text;

	tu_put_at(pkg, "problem.yaml", "problem_format_version: 2025-09\n"
				       "constants:\n  max_n: 1000\n  eps: 1e-6\n  word: hi\n");
	ck_assert_msg(problem_load(pkg, &p, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(p->constants[0], "max_n");
	ck_assert_str_eq(p->constants[1], "1000");
	ck_assert_str_eq(p->constants[3], "1e-6");
	ck_assert_ptr_null(p->constants[6]);
	tu_put_at(top, "w/v.py", "n <= {{max_n}} and {{eps}}{{word}} {{nope}} {{max_n\n");
	tu_put_at(top, "w/same.txt", "nothing {here}\n");
	ck_assert_msg(problem_substitute_constants(p, fmt_path(top, "w"), files, &err) == 0,
		      "%s", err.msg);
	text = tu_read_file(fmt_path(top, "w/v.py"), NULL);
	ck_assert_str_eq(text, "n <= 1000 and 1e-6hi {{nope}} {{max_n\n");
	free(text);
	text = tu_read_file(fmt_path(top, "w/same.txt"), NULL);
	ck_assert_str_eq(text, "nothing {here}\n");
	free(text);
	problem_free(p);

	tu_put_at(pkg, "problem.yaml", "constants:\n  2bad: 1\n");
	expect_error(pkg, "problem.yaml: constants.2bad: not a name ([a-zA-Z_][a-zA-Z0-9_]*)");
	tu_put_at(pkg, "problem.yaml", "constants:\n  list: [1, 2]\n");
	expect_error(pkg, "problem.yaml: constants.list: expected a number or a string");
	free(pkg);
	tu_rm_rf(top);
	free(top);
}
END_TEST

/* An empty input_validators/ (a foreign package's placeholder): no
 * validator, and no qsort of nothing (UBSan's find). */
START_TEST(test_empty_input_validators)
{
	char *top, *pkg = scratch_pkg(&top);
	struct problem *p = NULL;
	struct arb_err err = {0};

	ck_assert_int_eq(mkdir(fmt_path(pkg, "input_validators"), 0755), 0);
	ck_assert_msg(problem_load(pkg, &p, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(p->n_input_validators, 0);
	problem_free(p);
	free(pkg);
	tu_rm_rf(top);
	free(top);
}
END_TEST

START_TEST(test_links_inside_ok)
{
	char *top, *pkg = scratch_pkg(&top);
	struct problem *p = NULL;
	struct arb_err err = {0};
	char path[PATH_MAX];

	/* problemtools reuses tests through links within data/. */
	link_at(pkg, "1.in", "data/secret/2.in");
	link_at(pkg, "1.ans", "data/secret/2.ans");
	tu_put_at(pkg, "shared/g/1.in", "x\n");
	tu_put_at(pkg, "shared/g/1.ans", "x\n");
	link_at(pkg, "../../shared/g", "data/secret/g");
	ck_assert_msg(problem_load(pkg, &p, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(p->n_tests, 3);
	ck_assert_str_eq(p->tests[0].name, "secret/1");
	ck_assert_str_eq(p->tests[1].name, "secret/2");
	ck_assert_str_eq(p->tests[2].name, "secret/g/1");
	snprintf(path, sizeof(path), "%s/data/secret/g/1.in", p->dir);
	ck_assert_str_eq(p->tests[2].in_path, path);
	/* The package itself may be reached through a link; the name is the
	 * link's. */
	problem_free(p);
	snprintf(path, sizeof(path), "%s/alias", top);
	ck_assert_int_eq(symlink(pkg, path), 0);
	ck_assert_msg(problem_load(path, &p, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(p->short_name, "alias");
	ck_assert_str_eq(p->name, "alias");
	problem_free(p);
	tu_rm_rf(top);
	free(top);
	free(pkg);
}
END_TEST

START_TEST(test_link_outside)
{
	char *top, *pkg = scratch_pkg(&top);
	char target[PATH_MAX];

	tu_put_at(top, "secret.txt", "root:x:0:0\n");
	snprintf(target, sizeof(target), "%s/secret.txt", top);
	tu_put_at(pkg, "data/secret/2.in", "2\n");
	link_at(pkg, target, "data/secret/2.ans");
	expect_error(pkg, "data/secret/2.ans: symbolic link points outside the package");
	tu_rm_rf(top);
	free(top);
	free(pkg);
}
END_TEST

START_TEST(test_link_dir_outside)
{
	char *top, *pkg = scratch_pkg(&top);

	tu_put_at(top, "elsewhere/1.in", "1\n");
	tu_put_at(top, "elsewhere/1.ans", "1\n");
	link_at(pkg, "../../../elsewhere", "data/secret/g");
	expect_error(pkg, "data/secret/g: symbolic link points outside the package");
	tu_rm_rf(top);
	free(top);
	free(pkg);
}
END_TEST

START_TEST(test_link_problem_yaml_outside)
{
	char *top, *pkg = scratch_pkg(&top);

	tu_put_at(top, "other.yaml", "name: x\n");
	link_at(pkg, "../other.yaml", "problem.yaml");
	expect_error(pkg, "problem.yaml: symbolic link points outside the package");
	tu_rm_rf(top);
	free(top);
	free(pkg);
}
END_TEST

START_TEST(test_link_loop)
{
	char *top, *pkg = scratch_pkg(&top);

	link_at(pkg, ".", "data/secret/again");
	expect_error(pkg, "data/secret/again/again/again/again/again/again/again/again"
			  "/again/again/again/again/again/again/again/again: nested too deeply");
	tu_rm_rf(top);
	free(top);
	free(pkg);
}
END_TEST

START_TEST(test_broken_link)
{
	char *top, *pkg = scratch_pkg(&top);

	link_at(pkg, "nowhere.in", "data/secret/2.in");
	expect_error(pkg, "data/secret/2.in: broken symbolic link");
	tu_rm_rf(top);
	free(top);
	free(pkg);
}
END_TEST

START_TEST(test_fifo)
{
	char *top, *pkg = scratch_pkg(&top);
	char path[PATH_MAX];

	/* Reading a FIFO would block the loader: refused, never opened. */
	snprintf(path, sizeof(path), "%s/data/secret/2.in", pkg);
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	expect_error(pkg, "data/secret/2.in: not a regular file");
	unlink(path);
	snprintf(path, sizeof(path), "%s/problem.yaml", pkg);
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	expect_error(pkg, "problem.yaml: not a regular file");
	unlink(path);
	snprintf(path, sizeof(path), "%s/.timelimit", pkg);
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	expect_error(pkg, ".timelimit: not a regular file");
	tu_rm_rf(top);
	free(top);
	free(pkg);
}
END_TEST

START_TEST(test_yaml_too_large)
{
	char *top, *pkg = scratch_pkg(&top);
	char path[PATH_MAX];

	tu_put_at(pkg, "problem.yaml", "name: big\n");
	snprintf(path, sizeof(path), "%s/problem.yaml", pkg);
	ck_assert_int_eq(truncate(path, (1 << 20) + 1), 0);
	expect_error(pkg, "problem.yaml: too large (the limit is 1048576 bytes)");
	tu_rm_rf(top);
	free(top);
	free(pkg);
}
END_TEST

START_TEST(test_missing_dir)
{
	struct problem *p = (struct problem *)1;
	struct arb_err err = {0};
	char *top = tu_mkdtemp(), path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/none", top);
	ck_assert_int_eq(problem_load(path, &p, &err), -1);
	ck_assert_ptr_null(p);
	ck_assert_int_eq(err.kind, ARB_E_PACKAGE);
	ck_assert_int_eq(err.errnum, ENOENT);
	tu_put_at(top, "file", "x\n");
	snprintf(path, sizeof(path), "%s/file", top);
	ck_assert_int_eq(problem_load(path, &p, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_PACKAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "not a directory"));
	tu_rm_rf(top);
	free(top);
}
END_TEST

START_TEST(test_free_null)
{
	problem_free(NULL);
}
END_TEST

/* The package's own name wins over a trailing slash or "/.". */
START_TEST(test_short_name)
{
	char *top, *pkg = scratch_pkg(&top);
	char path[PATH_MAX];
	struct problem *p = NULL;
	struct arb_err err = {0};

	snprintf(path, sizeof(path), "%s//", pkg);
	ck_assert_msg(problem_load(path, &p, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(p->short_name, "pkg");
	problem_free(p);
	snprintf(path, sizeof(path), "%s/.", pkg);
	ck_assert_msg(problem_load(path, &p, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(p->short_name, "pkg");
	problem_free(p);
	tu_rm_rf(top);
	free(top);
	free(pkg);
}
END_TEST

Suite *suite_problem(void)
{
	Suite *s = suite_create("problem");
	TCase *good = tcase_create("good");
	TCase *bad = tcase_create("bad");
	TCase *fs = tcase_create("fs");

	tcase_set_timeout(good, 30);
	tcase_add_test(good, test_legacy);
	tcase_add_test(good, test_v2023);
	tcase_add_test(good, test_v2025_defaults);
	tcase_add_test(good, test_domjudge);
	tcase_add_test(good, test_bare);
	tcase_add_test(good, test_nested_order);
	tcase_add_test(good, test_custom);
	tcase_add_test(good, test_interactive);
	tcase_add_test(good, test_group_flags);
	tcase_add_test(good, test_submissions);
	suite_add_tcase(s, good);

	tcase_set_timeout(bad, 30);
	tcase_add_loop_test(bad, test_bad_fixture, 0, (int)N_BAD);
	tcase_add_test(bad, test_every_fixture_listed);
	suite_add_tcase(s, bad);

	tcase_set_timeout(fs, 30);
	tcase_add_test(fs, test_links_inside_ok);
	tcase_add_test(fs, test_interactive_multipass_and_pair);
	tcase_add_test(fs, test_constants);
	tcase_add_test(fs, test_empty_input_validators);
	tcase_add_test(fs, test_link_outside);
	tcase_add_test(fs, test_link_dir_outside);
	tcase_add_test(fs, test_link_problem_yaml_outside);
	tcase_add_test(fs, test_link_loop);
	tcase_add_test(fs, test_broken_link);
	tcase_add_test(fs, test_fifo);
	tcase_add_test(fs, test_yaml_too_large);
	tcase_add_test(fs, test_missing_dir);
	tcase_add_test(fs, test_free_null);
	tcase_add_test(fs, test_short_name);
	suite_add_tcase(s, fs);
	return s;
}
