/* check_checker.c - testlib-style checkers (output_validator_protocol:
 * testlib) and input validators (judge_check_inputs()), end to end with
 * real sandboxes.
 *
 * The checker here echoes the exit code the submission asks for (the one
 * number of its output), after checking that it was called as `checker
 * input output answer` with readable files; so each case asserts what
 * the judge makes of one testlib exit code.  Needs root, like the
 * pipeline suite, whose fixture this one follows.
 */
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "judge.h"
#include "lang.h"
#include "problem.h"
#include "sandbox/cgroup.h"
#include "sandbox/sandbox.h"
#include "testutil.h"
#include "verdict.h"

Suite *suite_checker(void);

static struct {
	char *scratch;
	struct lang_table *langs;
	struct cg_manager *cg;
	struct judge_ctx ctx;
	int box_id;
	struct problem *prob;
} F;

static void clean_up_after_case(void)
{
	tu_kill_uid_procs((uid_t)(SBX_UID_BASE + F.box_id), 1, 50, 10);
	tu_rm_rf(F.scratch);
}

static void ck_setup(void)
{
	struct arb_err err;

	memset(&F, 0, sizeof(F));
	arb_err_clear(&err);
	F.box_id = 100 + (int)(getpid() % 900);
	if (lang_load(tu_policy_dir(), &F.langs, &err) < 0)
		ck_abort_msg("lang_load: %s", err.msg);
	if (cg_manager_open(NULL, &F.cg, &err) < 0)
		ck_abort_msg("cg_manager_open: %s", err.msg);
	F.scratch = tu_mkdtemp();
	ck_assert_ptr_nonnull(F.scratch);
	tu_start_guardian(clean_up_after_case);
	F.ctx.langs = F.langs;
	F.ctx.cg = F.cg;
	F.ctx.policy_dir = tu_policy_dir();
	F.ctx.box_id = F.box_id;
	F.ctx.work_root = F.scratch;
}

static void ck_teardown(void)
{
	clean_up_after_case();
	problem_free(F.prob);
	free(F.scratch);
	judge_ctx_release(&F.ctx);
	cg_manager_close(F.cg);
	lang_table_free(F.langs);
	memset(&F, 0, sizeof(F));
}

/* SCRATCH/REL holds TEXT (parents made). */
static void put(const char *rel, const char *text)
{
	char path[4096], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", F.scratch, rel);
	for (slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			ck_abort_msg("mkdir %s: %s", path, strerror(errno));
		*slash = '/';
	}
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static struct problem *load(const char *rel)
{
	char dir[4096];
	struct arb_err err;

	arb_err_clear(&err);
	snprintf(dir, sizeof(dir), "%s/%s", F.scratch, rel);
	problem_free(F.prob);
	F.prob = NULL;
	if (problem_load(dir, &F.prob, &err) < 0)
		ck_abort_msg("problem_load(%s): %s", dir, err.msg);
	return F.prob;
}

/*** testlib checkers ***/

/* Exit with the number the submission printed; 7 prints points first
 * (70: "points 0", 71: no points line, both exit 7). */
static const char checker_src[] =
	"#include <stdio.h>\n"
	"#include <string.h>\n"
	"int main(int argc, char **argv)\n"
	"{\n"
	"\tFILE *in, *out, *ans;\n"
	"\tint code, x, a;\n"
	"\tif (argc != 4 || strcmp(argv[2], \"/judge/output\") != 0) {\n"
	"\t\tfprintf(stderr, \"FAIL called with %d args\\n\", argc);\n"
	"\t\treturn 3;\n"
	"\t}\n"
	"\tin = fopen(argv[1], \"r\"), out = fopen(argv[2], \"r\"), ans = fopen(argv[3], \"r\");\n"
	"\tif (!in || !out || !ans || fscanf(in, \"%d\", &x) != 1 ||\n"
	"\t    fscanf(ans, \"%d\", &a) != 1 || x != 5 || a != 6) {\n"
	"\t\tfprintf(stderr, \"FAIL cannot read the files\\n\");\n"
	"\t\treturn 3;\n"
	"\t}\n"
	"\tif (fscanf(out, \"%d\", &code) != 1) {\n"
	"\t\tfprintf(stderr, \"wrong output format expected a number\\n\");\n"
	"\t\treturn 2;\n"
	"\t}\n"
	"\tif (code == 7)\n"
	"\t\tfprintf(stderr, \"points 0.5 half of it\\n\");\n"
	"\tif (code == 70)\n"
	"\t\tfprintf(stderr, \"points 0 none of it\\n\");\n"
	"\tif (code == 0)\n"
	"\t\tfprintf(stderr, \"ok fine\\n\");\n"
	"\tif (code == 1)\n"
	"\t\tfprintf(stderr, \"wrong answer expected 6, found 1\\n\");\n"
	"\treturn code >= 70 ? 7 : code;\n"
	"}\n";

static const struct problem *testlib_pkg(void)
{
	const struct problem *p;

	put("tl/problem.yaml", "name: T\nvalidation: custom\n"
			       "output_validator_protocol: testlib\n"
			       "limits: {time_limit: 2, memory: 256}\n");
	put("tl/data/sample/1.in", "5\n");
	put("tl/data/sample/1.ans", "6\n");
	put("tl/output_validators/check/check.c", checker_src);
	p = load("tl");
	ck_assert_int_eq(p->validator_protocol, PROBLEM_PROTOCOL_TESTLIB);
	return p;
}

/* Judge a C submission printing OUTPUT. */
static void judge_printing(const struct problem *p, const char *output,
			   struct judgement *j)
{
	static int n;
	char rel[64], src[256], path[4096];
	struct judge_request req = {0};

	snprintf(rel, sizeof(rel), "sub-%d/s.c", ++n);
	snprintf(src, sizeof(src),
		 "#include <stdio.h>\nint main(void)\n{\n\tputs(\"%s\");\n\treturn 0;\n}\n",
		 output);
	put(rel, src);
	snprintf(path, sizeof(path), "%s/%s", F.scratch, rel);
	req.path = path;
	ck_assert_int_eq(judge_submission(&F.ctx, p, &req, j), 0);
	ck_assert_uint_eq(j->n_tests, 1);
}

#define assert_test(j, want, msg_part)                                         \
	do {                                                                   \
		ck_assert_msg((j)->verdict == (want) &&                        \
				      (j)->tests[0].verdict == (want) &&       \
				      strstr((j)->tests[0].message, (msg_part)),  \
			      "want %s '%s', got %s '%s' (%s)", verdict_name(want), \
			      (msg_part), verdict_name((j)->verdict),          \
			      (j)->tests[0].message, (j)->message);            \
	} while (0)

START_TEST(test_testlib_exit_codes)
{
	const struct problem *p = testlib_pkg();
	struct judgement j;

	judge_printing(p, "0", &j);
	assert_test(&j, VERDICT_AC, "ok fine");
	judgement_free(&j);

	judge_printing(p, "1", &j);
	assert_test(&j, VERDICT_WA, "wrong answer expected 6, found 1");
	judgement_free(&j);

	/* Presentation error: WA, there is no PE verdict. */
	judge_printing(p, "no number", &j);
	assert_test(&j, VERDICT_WA, "wrong output format");
	judgement_free(&j);

	/* Fail: the checker's (the package's) fault, never the submission's. */
	judge_printing(p, "3", &j);
	assert_test(&j, VERDICT_JE, "checker failed (exit 3)");
	judgement_free(&j);

	/* Points: > 0 passes, with the points as the test's score. */
	judge_printing(p, "7", &j);
	assert_test(&j, VERDICT_AC, "points 0.5 half of it");
	ck_assert(j.tests[0].score == 0.5);
	judgement_free(&j);

	judge_printing(p, "70", &j);
	assert_test(&j, VERDICT_WA, "points 0 none of it");
	judgement_free(&j);

	judge_printing(p, "71", &j);
	assert_test(&j, VERDICT_JE, "without a 'points X' line");
	judgement_free(&j);

	/* Kattis's 42 means nothing to testlib. */
	judge_printing(p, "42", &j);
	assert_test(&j, VERDICT_JE, "checker exited 42");
	judgement_free(&j);
}
END_TEST

/* testlib interactor: `interactor input output answer`, the output file
 * writable (for a checker), the submission on stdin and stdout.  It tells
 * the submission "go", reads its number and compares it with the secret
 * of the input; 99 makes it fail (exit 3). */
static const char interactor_src[] =
	"#include <stdio.h>\n"
	"#include <string.h>\n"
	"int main(int argc, char **argv)\n"
	"{\n"
	"\tFILE *in, *tout;\n"
	"\tint secret, guess;\n"
	"\tif (argc != 4 || strcmp(argv[2], \"/feedback/tout\") != 0 ||\n"
	"\t    !(in = fopen(argv[1], \"r\")) || fscanf(in, \"%d\", &secret) != 1 ||\n"
	"\t    !(tout = fopen(argv[2], \"w\"))) {\n"
	"\t\tfprintf(stderr, \"FAIL bad call\\n\");\n"
	"\t\treturn 3;\n"
	"\t}\n"
	"\tprintf(\"go\\n\");\n"
	"\tfflush(stdout);\n"
	"\tif (scanf(\"%d\", &guess) != 1) {\n"
	"\t\tfprintf(stderr, \"wrong output format no guess\\n\");\n"
	"\t\treturn 2;\n"
	"\t}\n"
	"\tfprintf(tout, \"%d\\n\", guess);\n"
	"\tif (guess == 99) {\n"
	"\t\tfprintf(stderr, \"FAIL asked to\\n\");\n"
	"\t\treturn 3;\n"
	"\t}\n"
	"\tif (guess != secret) {\n"
	"\t\tfprintf(stderr, \"wrong answer %d is not the secret\\n\", guess);\n"
	"\t\treturn 1;\n"
	"\t}\n"
	"\tfprintf(stderr, \"ok found it\\n\");\n"
	"\treturn 0;\n"
	"}\n";

/* A submission that waits for "go", then prints GUESS. */
static void judge_guessing(const struct problem *p, int guess, struct judgement *j)
{
	static int n;
	char rel[64], src[512], path[4096];
	struct judge_request req = {0};

	snprintf(rel, sizeof(rel), "guess-%d/g.c", ++n);
	snprintf(src, sizeof(src),
		 "#include <stdio.h>\nint main(void)\n{\n\tchar w[8];\n"
		 "\tif (scanf(\"%%7s\", w) != 1)\n\t\treturn 1;\n"
		 "\tprintf(\"%d\\n\");\n\tfflush(stdout);\n\treturn 0;\n}\n",
		 guess);
	put(rel, src);
	snprintf(path, sizeof(path), "%s/%s", F.scratch, rel);
	req.path = path;
	ck_assert_int_eq(judge_submission(&F.ctx, p, &req, j), 0);
	ck_assert_uint_eq(j->n_tests, 1);
}

START_TEST(test_testlib_interactor)
{
	const struct problem *p;
	struct judgement j;

	put("ti/problem.yaml", "name: TI\nvalidation: custom interactive\n"
			       "output_validator_protocol: testlib\n"
			       "limits: {time_limit: 2, memory: 256}\n");
	put("ti/data/sample/1.in", "17\n");
	put("ti/data/sample/1.ans", "17\n");
	put("ti/output_validators/interactor/interactor.c", interactor_src);
	p = load("ti");
	ck_assert_int_eq(p->validation, PROBLEM_VALIDATION_INTERACTIVE);

	judge_guessing(p, 17, &j);
	assert_test(&j, VERDICT_AC, "ok found it");
	judgement_free(&j);

	judge_guessing(p, 5, &j);
	assert_test(&j, VERDICT_WA, "wrong answer 5 is not the secret");
	judgement_free(&j);

	judge_guessing(p, 99, &j);
	assert_test(&j, VERDICT_JE, "checker failed (exit 3): FAIL asked to");
	judgement_free(&j);
}
END_TEST

/* Polygon's pair: an interactor that only runs the dialogue (it takes
 * any guess but a negative one, and writes it to tout), and the checker
 * that judges tout against the answer afterwards. */
static const char lenient_interactor_src[] =
	"#include <stdio.h>\n"
	"int main(int argc, char **argv)\n"
	"{\n"
	"\tFILE *tout;\n"
	"\tint guess;\n"
	"\tif (argc != 4 || !(tout = fopen(argv[2], \"w\")))\n"
	"\t\treturn 3;\n"
	"\tprintf(\"go\\n\");\n"
	"\tfflush(stdout);\n"
	"\tif (scanf(\"%d\", &guess) != 1 || guess < 0) {\n"
	"\t\tfprintf(stderr, \"wrong answer the interactor wants a guess >= 0\\n\");\n"
	"\t\treturn 1;\n"
	"\t}\n"
	"\tfprintf(tout, \"%d\\n\", guess);\n"
	"\tfprintf(stderr, \"ok dialogue done\\n\");\n"
	"\treturn 0;\n"
	"}\n";

static const char tout_checker_src[] =
	"#include <stdio.h>\n"
	"#include <string.h>\n"
	"int main(int argc, char **argv)\n"
	"{\n"
	"\tFILE *out, *ans;\n"
	"\tint got, want;\n"
	"\tif (argc != 4 || strcmp(argv[2], \"/judge/output\") != 0 ||\n"
	"\t    !(out = fopen(argv[2], \"r\")) || !(ans = fopen(argv[3], \"r\")) ||\n"
	"\t    fscanf(ans, \"%d\", &want) != 1) {\n"
	"\t\tfprintf(stderr, \"FAIL bad call\\n\");\n"
	"\t\treturn 3;\n"
	"\t}\n"
	"\tif (fscanf(out, \"%d\", &got) != 1) {\n"
	"\t\tfprintf(stderr, \"wrong output format tout is empty\\n\");\n"
	"\t\treturn 2;\n"
	"\t}\n"
	"\tif (got != want) {\n"
	"\t\tfprintf(stderr, \"wrong answer checker: %d is not %d\\n\", got, want);\n"
	"\t\treturn 1;\n"
	"\t}\n"
	"\tfprintf(stderr, \"ok checker agrees\\n\");\n"
	"\treturn 0;\n"
	"}\n";

START_TEST(test_testlib_interactor_checker)
{
	const struct problem *p;
	struct judgement j;

	put("tic/problem.yaml", "name: TIC\nvalidation: custom interactive\n"
				"output_validator_protocol: testlib\n"
				"limits: {time_limit: 2, memory: 256}\n");
	put("tic/data/sample/1.in", "17\n");
	put("tic/data/sample/1.ans", "17\n");
	put("tic/output_validators/interactor/interactor.c", lenient_interactor_src);
	put("tic/output_validators/checker/check.c", tout_checker_src);
	p = load("tic");
	ck_assert_ptr_nonnull(p->checker_dir);
	ck_assert_ptr_nonnull(strstr(p->checker_dir, "/output_validators/checker"));
	ck_assert_ptr_nonnull(strstr(p->validator_dir, "/output_validators/interactor"));

	judge_guessing(p, 17, &j);
	assert_test(&j, VERDICT_AC, "ok checker agrees");
	judgement_free(&j);

	/* The interactor accepted the dialogue; the checker rejects tout. */
	judge_guessing(p, 5, &j);
	assert_test(&j, VERDICT_WA, "wrong answer checker: 5 is not 17");
	judgement_free(&j);

	/* The interactor's rejection stands: the checker does not run. */
	judge_guessing(p, -1, &j);
	assert_test(&j, VERDICT_WA, "the interactor wants a guess >= 0");
	judgement_free(&j);
}
END_TEST

/*** input validators ***/

struct seen {
	char lines[8][1400];
	size_t n;
};

static void on_issue(void *arg, const struct judge_input_issue *is)
{
	struct seen *s = arg;

	ck_assert_uint_lt(s->n, 8);
	snprintf(s->lines[s->n++], sizeof(s->lines[0]), "%s|%s|%s|%s", is->validator,
		 is->test ? is->test : "-", is->invalid ? "invalid" : "failed",
		 is->message);
}

static bool seen(const struct seen *s, const char *part)
{
	for (size_t i = 0; i < s->n; i++)
		if (strstr(s->lines[i], part))
			return true;
	return false;
}

START_TEST(test_input_validators)
{
	const struct problem *p;
	struct seen s = {0};
	struct arb_err err;
	char all[8 * 1400] = "";
	int n;

	put("iv/problem.yaml", "name: I\nlimits: {time_limit: 1}\n");
	put("iv/data/sample/1.in", "5\n");
	put("iv/data/sample/1.ans", "5\n");
	put("iv/data/secret/2.in", "-5\n");
	put("iv/data/secret/2.ans", "-5\n");
	put("iv/data/secret/testdata.yaml", "input_validator_flags: {pos: --positive}\n");
	/* pos: a negative number is invalid only with --positive. */
	put("iv/input_validators/pos.c",
	    "#include <stdio.h>\n#include <string.h>\n"
	    "int main(int argc, char **argv)\n{\n\tint x;\n"
	    "\tif (scanf(\"%d\", &x) != 1)\n\t\treturn 43;\n"
	    "\tif (argc > 1 && !strcmp(argv[1], \"--positive\") && x < 0) {\n"
	    "\t\tprintf(\"negative: %d\\n\", x);\n\t\treturn 43;\n\t}\n"
	    "\treturn 42;\n}\n");
	put("iv/input_validators/zero/zero.c", "int main(void)\n{\n\treturn 0;\n}\n");
	put("iv/input_validators/broken.c", "int main(void) { return }\n");
	p = load("iv");
	ck_assert_uint_eq(p->n_input_validators, 3);
	arb_err_clear(&err);
	n = judge_check_inputs(&F.ctx, p, on_issue, &s, &err);
	for (size_t i = 0; i < s.n; i++)
		snprintf(all + strlen(all), sizeof(all) - strlen(all), "[%s] ", s.lines[i]);
	ck_assert_msg(n == 4, "%d findings (%s): %s", n, err.msg, all);
	ck_assert_msg(seen(&s, "broken.c|-|failed|") && seen(&s, "compilation failed"),
		      "%s", all);
	ck_assert_msg(seen(&s, "pos.c|secret/2|invalid|negative: -5"), "%s", all);
	ck_assert_msg(!seen(&s, "pos.c|sample/1"), "%s", all);
	ck_assert_msg(seen(&s, "zero|sample/1|failed|exited 0 (expected 42 or 43)") &&
		      seen(&s, "zero|secret/2|failed|"), "%s", all);
}
END_TEST

Suite *suite_checker(void)
{
	Suite *s = suite_create("checker");
	TCase *tc = tcase_create("checker");

	tcase_add_checked_fixture(tc, ck_setup, ck_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_testlib_exit_codes);
	tcase_add_test(tc, test_input_validators);
	tcase_add_test(tc, test_testlib_interactor);
	tcase_add_test(tc, test_testlib_interactor_checker);
	suite_add_tcase(s, tc);
	return s;
}
