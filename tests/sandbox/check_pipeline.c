/* check_pipeline.c - judge_submission() end to end, with real sandboxes.
 *
 * Tier 2 (root): added by check_main.c only when the capability probe
 * passes.  Every case builds its problem packages (Kattis layout) and its C
 * submissions in a scratch dir at test time, judges them through
 * judge_submission() exactly as the CLI does (cmd_env.c: languages from the
 * policy dir, a cgroup manager, a per-slot box id), and asserts what came
 * out: verdicts, per-test figures and messages, and that nothing is left
 * behind (the work dir under ctx.work_root, processes of the box uid, box
 * cgroups).  Every hostile probe has a twin that shows the probe would
 * notice: the same program on the host, or the same check with the
 * protection absent, gives the opposite result.
 *
 * Each case is its own CK_FORK process with its own box id (derived from
 * its pid, in 100..999: disjoint from sbxtest's 1000..8999), so concurrent
 * runs never share a uid and "no process of the box uid" is meaningful.
 */
#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <limits.h>
#include <math.h>
#include <sys/mount.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "judge.h"
#include "lang.h"
#include "problem.h"
#include "sandbox/cgroup.h"
#include "sandbox/sandbox.h"
#include "sbxtest.h"
#include "testutil.h"
#include "verdict.h"

Suite *suite_pipeline(void);

#define MAX_KEEP 64

/*** Per-case fixture ***/

/* Each case is its own process: these die with it. */
static struct {
	char *scratch;             /* tu_mkdtemp(); also ctx.work_root */
	struct lang_table *langs;
	struct cg_manager *cg;
	struct judge_ctx ctx;
	int box_id;
	struct problem *probs[16];
	size_t n_probs;
	char *keep[MAX_KEEP];      /* strings freed at teardown (LSan) */
	size_t n_keep;
} F;

static uid_t box_uid(void)
{
	return (uid_t)(SBX_UID_BASE + F.box_id);
}

/* Kill what runs under the box uid, remove the scratch dir: by the teardown
 * and, after a case that ended without one (a failed assertion), by the
 * guardian (tu_start_guardian). */
static void clean_up_after_case(void)
{
	tu_kill_uid_procs(box_uid(), 1, 50, 10);
	tu_rm_rf(F.scratch);
}

/* Live processes on the host whose real uid is the box uid. */
static int box_procs(void)
{
	return tu_uid_procs(box_uid(), 1, false);
}

static void pl_setup(void)
{
	struct arb_err err;

	memset(&F, 0, sizeof(F));
	arb_err_clear(&err);
	F.box_id = 100 + (int)(getpid() % 900);
	if (lang_load(tu_policy_dir(), &F.langs, &err) < 0)
		ck_abort_msg("lang_load(%s): %s", tu_policy_dir(), err.msg);
	ck_assert_msg(lang_by_id(F.langs, "c") && lang_by_id(F.langs, "c")->available,
		      "the C language is not available here");
	if (cg_manager_open(NULL, &F.cg, &err) < 0)
		ck_abort_msg("cg_manager_open: %s", err.msg);
	F.scratch = tu_mkdtemp();
	ck_assert_msg(F.scratch != NULL, "mkdtemp: %s", strerror(errno));
	/* After cg_manager_open (v2 moves this process into a leaf). */
	tu_start_guardian(clean_up_after_case);
	F.ctx.langs = F.langs;
	F.ctx.cg = F.cg;
	F.ctx.policy_dir = tu_policy_dir();
	F.ctx.box_id = F.box_id;
	F.ctx.work_root = F.scratch;
	/* Nothing of a previous run may hold this uid. */
	ck_assert_int_eq(box_procs(), 0);
}

static void pl_teardown(void)
{
	clean_up_after_case();
	for (size_t i = 0; i < F.n_probs; i++)
		problem_free(F.probs[i]);
	for (size_t i = 0; i < F.n_keep; i++)
		free(F.keep[i]);
	free(F.scratch);
	judge_ctx_release(&F.ctx);
	cg_manager_close(F.cg);
	lang_table_free(F.langs);
	memset(&F, 0, sizeof(F));
}

/*** Small helpers ***/

static char *keep(char *p)
{
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_lt(F.n_keep, MAX_KEEP);
	F.keep[F.n_keep++] = p;
	return p;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, f);
	n = vasprintf(&p, f, ap);
	va_end(ap);
	ck_assert_int_ge(n, 0);
	return keep(p);
}

/* mkdir -p the parents of PATH. */
static void mkparents(const char *path)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *s = buf + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			ck_abort_msg("mkdir %s: %s", buf, strerror(errno));
		*s = '/';
	}
}

static void put(const char *path, const char *content)
{
	FILE *f;

	mkparents(path);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "fopen %s: %s", path, strerror(errno));
	ck_assert_int_eq(fputs(content, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

/* A package scratch/NAME: problem.yaml (if YAML), then TESTS as triples
 * "group/name", input, answer, NULL-terminated. */
static const char *make_pkg(const char *name, const char *yaml,
			    const char *const *tests)
{
	const char *dir = fmt("%s/%s", F.scratch, name);

	ck_assert_int_eq(mkdir(dir, 0755), 0);
	if (yaml)
		put(fmt("%s/problem.yaml", dir), yaml);
	for (size_t i = 0; tests && tests[i]; i += 3) {
		put(fmt("%s/data/%s.in", dir, tests[i]), tests[i + 1]);
		put(fmt("%s/data/%s.ans", dir, tests[i]), tests[i + 2]);
	}
	return dir;
}

static struct problem *load(const char *dir)
{
	struct problem *p = NULL;
	struct arb_err err;

	arb_err_clear(&err);
	if (problem_load(dir, &p, &err) < 0)
		ck_abort_msg("problem_load(%s): %s", dir, err.msg);
	ck_assert_uint_lt(F.n_probs, sizeof(F.probs) / sizeof(F.probs[0]));
	F.probs[F.n_probs++] = p;
	return p;
}

/* A submission file scratch/sub-N/NAME holding SRC. */
static const char *sub(const char *name, const char *src)
{
	static int n;
	const char *path = fmt("%s/sub-%d/%s", F.scratch, ++n, name);

	put(path, src);
	return path;
}

/* One line (well, a few) describing J for assertion messages. */
static const char *describe(const struct judgement *j)
{
	static char buf[6000];
	size_t o;

	o = (size_t)snprintf(buf, sizeof(buf),
			     "verdict %s, language %s, compile_ok %d, message '%s', "
			     "%zu test(s):",
			     verdict_name(j->verdict), j->language ? j->language : "-",
			     j->compile_ok, j->message, j->n_tests);
	for (size_t i = 0; i < j->n_tests && o < sizeof(buf); i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o,
				      " [%s %s exit %d sig %d cpu %lluus '%s']",
				      j->tests[i].name ? j->tests[i].name : "?",
				      verdict_name(j->tests[i].verdict),
				      j->tests[i].exit_code, j->tests[i].signal,
				      (unsigned long long)j->tests[i].cpu_us,
				      j->tests[i].message);
	if (o < sizeof(buf) && j->compile_output && *j->compile_output)
		snprintf(buf + o, sizeof(buf) - o, "; compiler: %.1500s",
			 j->compile_output);
	return buf;
}

/* Entries of DIR whose name starts with "arbiter-"; the first in NAME. */
static int work_dirs_left(const char *dir, char *name, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_msg(d != NULL, "opendir %s: %s", dir, strerror(errno));
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "arbiter-", 8) && n++ == 0)
			snprintf(name, len, "%s", e->d_name);
	closedir(d);
	return n;
}

/* After every judging: the work dir is gone, no process of the box uid is
 * alive, no box cgroup of this process is left. */
static void assert_nothing_left(void)
{
	char name[512] = "";
	int n = work_dirs_left(F.scratch, name, sizeof(name));

	ck_assert_msg(n == 0, "%d work dir(s) left under %s, e.g. %s", n,
		      F.scratch, name);
	n = box_procs();
	ck_assert_msg(n == 0, "%d process(es) of box uid %u left", n,
		      (unsigned)box_uid());
	st_assert_no_cgroups_left();
}

/* Judge PATH (a file, dir or archive) against PROB, then check the
 * judge cleaned up.  The caller judgement_free()s J. */
static void judge_req(const struct problem *prob, const struct judge_request *req,
		      struct judgement *j)
{
	ck_assert_int_eq(judge_submission(&F.ctx, prob, req, j), 0);
	ck_assert_ptr_nonnull(j->compile_output);
	assert_nothing_left();
}

static void judge(const struct problem *prob, const char *path, bool run_all,
		  struct judgement *j)
{
	struct judge_request req = {.path = path, .run_all_tests = run_all};

	judge_req(prob, &req, j);
}

#define assert_verdict(j, want)                                                \
	ck_assert_msg((j)->verdict == (want), "expected %s, got %s",           \
		      verdict_name(want), describe(j))

/* Run CMD (argv) on the host in CWD (NULL: here), TMPDIR set to TMP (if
 * given), stdin from IN (NULL: /dev/null), output to /dev/null.  The exit
 * code, or -1 when it did not exit normally. */
static int host_run(const char *const *argv, const char *cwd, const char *tmp,
		    const char *in)
{
	pid_t pid = fork();
	int st;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int i = open(in ? in : "/dev/null", O_RDONLY);
		int o = open("/dev/null", O_WRONLY);

		if (i < 0 || o < 0 || dup2(i, 0) < 0 || dup2(o, 1) < 0 ||
		    dup2(o, 2) < 0)
			_exit(126);
		if (cwd && chdir(cwd) < 0)
			_exit(126);
		if (tmp)
			setenv("TMPDIR", tmp, 1);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Build C source SRC on the host into OUT (for the twins). */
static void host_cc(const char *src, const char *out)
{
	const char *argv[] = {"gcc", "-O2", "-o", out, src, NULL};

	ck_assert_msg(host_run(argv, NULL, NULL, NULL) == 0, "host gcc %s failed", src);
}

/*** Programs and packages ***/

/* a + b, two tests. */
static const char *const ab_tests[] = {
	"sample/1", "1 2\n", "3\n",
	"secret/big", "20 22\n", "42\n",
	NULL,
};

#define YAML_STD "name: Pipeline\nlimits: {time_limit: 2, memory: 256}\n"

static const char *const ab_src =
	"#include <stdio.h>\n"
	"int main(void)\n"
	"{\n"
	"\tlong a, b;\n"
	"\tif (scanf(\"%ld %ld\", &a, &b) != 2)\n"
	"\t\treturn 1;\n"
	"\tprintf(\"%ld\\n\", a + b);\n"
	"\treturn 0;\n"
	"}\n";

/*** 1. AC ***/

static size_t progress_calls;
static size_t progress_last_index, progress_total;

static void on_test(void *arg, size_t index, size_t total, const struct judge_test *t)
{
	(void)t;
	ck_assert_ptr_eq(arg, &progress_calls);
	ck_assert_uint_eq(index, progress_calls);
	progress_calls++;
	progress_last_index = index;
	progress_total = total;
}

START_TEST(test_ac)
{
	const struct problem *p = load(make_pkg("ab", YAML_STD, ab_tests));
	struct judgement j;

	ck_assert_uint_eq(p->n_tests, 2);
	F.ctx.on_test = on_test;
	F.ctx.on_test_arg = &progress_calls;
	judge(p, sub("ab.c", ab_src), false, &j);
	assert_verdict(&j, VERDICT_AC);
	ck_assert_str_eq(j.language, "c");
	ck_assert(j.compiled);
	ck_assert(j.compile_ok);
	ck_assert_str_eq(j.message, "");
	ck_assert_uint_eq(j.n_tests, 2);
	ck_assert_str_eq(j.tests[0].name, "sample/1");
	ck_assert_str_eq(j.tests[1].name, "secret/big");
	for (size_t i = 0; i < 2; i++) {
		ck_assert_int_eq(j.tests[i].verdict, VERDICT_AC);
		ck_assert_uint_gt(j.tests[i].cpu_us, 0);
		ck_assert_uint_gt(j.tests[i].wall_us, 0);
		ck_assert_uint_gt(j.tests[i].mem_kib, 0);
		ck_assert_int_eq(j.tests[i].exit_code, 0);
		ck_assert_int_eq(j.tests[i].signal, 0);
		/* A trivial program is nowhere near the 2 s limit. */
		ck_assert_uint_lt(j.tests[i].cpu_us, 1000000);
	}
	ck_assert_uint_gt(j.cpu_us, 0);
	ck_assert_uint_gt(j.mem_kib, 0);
	ck_assert_uint_gt(j.compile_cpu_us, 0);
	ck_assert_uint_eq(j.time_limit_us, 2000000);
	ck_assert(j.score == 1.0);
	ck_assert_uint_eq(progress_calls, 2);
	ck_assert_uint_eq(progress_last_index, 1);
	ck_assert_uint_eq(progress_total, 2);
	judgement_free(&j);
}
END_TEST

/*** 2. The answer files are invisible ***/

static const char *const peek_src =
	"#include <dirent.h>\n"
	"#include <fcntl.h>\n"
	"#include <stdio.h>\n"
	"int main(void)\n"
	"{\n"
	"\tlong a, b;\n"
	"\tif (open(ANS_PATH, O_RDONLY) >= 0)\n"
	"\t\treturn 3;\n"
	"\tif (open(PKG_DIR, O_RDONLY | O_DIRECTORY) >= 0 || opendir(PKG_DIR))\n"
	"\t\treturn 3;\n"
	"\tif (open(PKG_DIR \"/data/sample/1.in\", O_RDONLY) >= 0)\n"
	"\t\treturn 3;\n"
	"\tif (scanf(\"%ld %ld\", &a, &b) != 2)\n"
	"\t\treturn 1;\n"
	"\tprintf(\"%ld\\n\", a + b);\n"
	"\treturn 0;\n"
	"}\n";

START_TEST(test_ans_invisible)
{
	const char *dir = make_pkg("ab", YAML_STD, ab_tests);
	const struct problem *p = load(dir);
	const char *ans = p->tests[1].ans_path;
	const char *src, *bin;
	struct judgement j;

	ck_assert_ptr_nonnull(ans);
	ck_assert_msg(ans[0] == '/', "ans_path '%s' is not absolute", ans);
	src = sub("peek.c", fmt("#define ANS_PATH \"%s\"\n#define PKG_DIR \"%s\"\n%s",
				ans, p->dir, peek_src));
	judge(p, src, true, &j);
	assert_verdict(&j, VERDICT_AC);
	ck_assert_uint_eq(j.n_tests, 2);
	ck_assert_int_eq(j.tests[0].exit_code, 0);
	ck_assert_int_eq(j.tests[1].exit_code, 0);
	judgement_free(&j);

	/* Twin: on the host the same program does see them, and says so. */
	ck_assert_int_eq(access(ans, R_OK), 0);
	ck_assert_int_eq(access(p->dir, R_OK | X_OK), 0);
	bin = fmt("%s/peek-host", F.scratch);
	host_cc(src, bin);
	ck_assert_int_eq(host_run((const char *const[]){bin, NULL}, NULL, NULL,
				  p->tests[0].in_path),
			 3);
}
END_TEST

/*** 3. /box is read-only, and each test starts clean ***/

/* Exit status: a bitmask of what it found, 0 (then the answer) when all is
 * as it should be.  2: the cwd is writable; 4: /tmp/marker already there
 * (left by an earlier test); 8: a file other than the program and its
 * source in the cwd; 16: could not create /tmp/marker (the box's /tmp is
 * not writable). */
static const char *const clean_src =
	"#include <dirent.h>\n"
	"#include <fcntl.h>\n"
	"#include <stdio.h>\n"
	"#include <stdlib.h>\n"
	"#include <string.h>\n"
	"#include <unistd.h>\n"
	"int main(void)\n"
	"{\n"
	"\tconst char *t = getenv(\"TMPDIR\");\n"
	"\tchar p[4096];\n"
	"\tint bad = 0, fd;\n"
	"\tlong a, b;\n"
	"\tstruct dirent *e;\n"
	"\tDIR *d = opendir(\".\");\n"
	"\tif (!d)\n"
	"\t\treturn 99;\n"
	"\twhile ((e = readdir(d))) {\n"
	"\t\tif (!strcmp(e->d_name, \".\") || !strcmp(e->d_name, \"..\") ||\n"
	"\t\t    !strcmp(e->d_name, \"a.out\") || !strcmp(e->d_name, \"clean.c\"))\n"
	"\t\t\tcontinue;\n"
	"\t\tfprintf(stderr, \"unexpected: %s\\n\", e->d_name);\n"
	"\t\tbad |= 8;\n"
	"\t}\n"
	"\tclosedir(d);\n"
	"\tfd = open(\"marker\", O_WRONLY | O_CREAT | O_EXCL, 0644);\n"
	"\tif (fd >= 0) {\n"
	"\t\tbad |= 2;\n"
	"\t\tclose(fd);\n"
	"\t}\n"
	"\tsnprintf(p, sizeof(p), \"%s/marker\", t ? t : \"/tmp\");\n"
	"\tif (access(p, F_OK) == 0)\n"
	"\t\tbad |= 4;\n"
	"\telse if ((fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0644)) < 0)\n"
	"\t\tbad |= 16;\n"
	"\telse\n"
	"\t\tclose(fd);\n"
	"\tif (bad)\n"
	"\t\treturn bad;\n"
	"\tif (scanf(\"%ld %ld\", &a, &b) != 2)\n"
	"\t\treturn 1;\n"
	"\tprintf(\"%ld\\n\", a + b);\n"
	"\treturn 0;\n"
	"}\n";

START_TEST(test_box_clean)
{
	static const char *const tests[] = {
		"sample/1", "1 2\n", "3\n",
		"secret/1", "2 3\n", "5\n",
		"secret/2", "3 4\n", "7\n",
		NULL,
	};
	const struct problem *p = load(make_pkg("ab3", YAML_STD, tests));
	const char *src = sub("clean.c", clean_src);
	const char *hdir, *htmp, *bin;
	struct judgement j;

	judge(p, src, true, &j);
	assert_verdict(&j, VERDICT_AC);
	ck_assert_uint_eq(j.n_tests, 3);
	for (size_t i = 0; i < 3; i++)
		ck_assert_msg(j.tests[i].verdict == VERDICT_AC &&
				      j.tests[i].exit_code == 0,
			      "test %zu: %s", i, describe(&j));
	judgement_free(&j);

	/* Twin: on the host, in a writable dir holding a stray answer file,
	 * with a marker left in its TMPDIR, the same program sees all three. */
	hdir = fmt("%s/host-box", F.scratch);
	htmp = fmt("%s/host-tmp", F.scratch);
	put(fmt("%s/clean.c", hdir), clean_src);
	put(fmt("%s/1.ans", hdir), "3\n");
	put(fmt("%s/marker", htmp), "");
	bin = fmt("%s/a.out", hdir);
	host_cc(fmt("%s/clean.c", hdir), bin);
	ck_assert_int_eq(host_run((const char *const[]){bin, NULL}, hdir, htmp,
				  p->tests[0].in_path),
			 2 | 4 | 8);
	/* ... and with the stray file gone and a fresh TMPDIR, only the
	 * writable cwd: each bit stands for one check. */
	ck_assert_int_eq(unlink(fmt("%s/1.ans", hdir)), 0);
	ck_assert_int_eq(unlink(fmt("%s/marker", hdir)), 0);
	ck_assert_int_eq(unlink(fmt("%s/marker", htmp)), 0);
	ck_assert_int_eq(host_run((const char *const[]){bin, NULL}, hdir, htmp,
				  p->tests[0].in_path),
			 2);
	/* The first run created TMPDIR/marker: a second run finds it. */
	ck_assert_int_eq(unlink(fmt("%s/marker", hdir)), 0);
	ck_assert_int_eq(host_run((const char *const[]){bin, NULL}, hdir, htmp,
				  p->tests[0].in_path),
			 2 | 4);
}
END_TEST

/*** 4. stdin is the test's input ***/

static const char *const sq_tests[] = {
	"sample/1", "3\n1 2 3\n", "1\n4\n9\n",
	"secret/1", "4\n5 6 7 8\n", "25\n36\n49\n64\n",
	NULL,
};

static const char *const sq_src =
	"#include <stdio.h>\n"
	"int main(void)\n"
	"{\n"
	"\tint n;\n"
	"\tlong x;\n"
	"\tif (scanf(\"%d\", &n) != 1)\n"
	"\t\treturn 1;\n"
	"\twhile (n-- > 0 && scanf(\"%ld\", &x) == 1)\n"
	"\t\tprintf(\"%ld\\n\", x * x + (WRONG && x == 3));\n"
	"\treturn 0;\n"
	"}\n";

START_TEST(test_stdin)
{
	const struct problem *p = load(make_pkg("sq", YAML_STD, sq_tests));
	struct judgement j;

	judge(p, sub("sq.c", fmt("#define WRONG 0\n%s", sq_src)), false, &j);
	assert_verdict(&j, VERDICT_AC);
	ck_assert_uint_eq(j.n_tests, 2);
	judgement_free(&j);

	/* Twin: one wrong number in the third line of the sample. */
	judge(p, sub("sq.c", fmt("#define WRONG 1\n%s", sq_src)), false, &j);
	assert_verdict(&j, VERDICT_WA);
	ck_assert_uint_eq(j.n_tests, 1);
	ck_assert_int_eq(j.tests[0].verdict, VERDICT_WA);
	ck_assert_int_eq(j.tests[0].exit_code, 0);
	ck_assert_msg(strstr(j.tests[0].message, "line 3") &&
			      strstr(j.tests[0].message, "'9'") &&
			      strstr(j.tests[0].message, "'10'"),
		      "WA message: '%s'", j.tests[0].message);
	ck_assert(j.score == 0);
	judgement_free(&j);
}
END_TEST

/*** 5. Verdicts ***/

static const char *const exit_src =
	"#include <stdio.h>\n"
	"#include <signal.h>\n"
	"int main(void)\n"
	"{\n"
	"\tif (HOW == 1)\n"
	"\t\treturn 3;\n"
	"\tif (HOW == 2)\n"
	"\t\t*(volatile int *)0 = 1;\n"
	"\tprintf(\"%d\\n\", HOW == 3 ? 4 : 3);\n"
	"\treturn 0;\n"
	"}\n";

START_TEST(test_wa_rte)
{
	const struct problem *p = load(make_pkg("ab", YAML_STD, ab_tests));
	struct judgement j;

	/* WA: 4 for 1 + 2. */
	judge(p, sub("e.c", fmt("#define HOW 3\n%s", exit_src)), false, &j);
	assert_verdict(&j, VERDICT_WA);
	ck_assert_uint_eq(j.n_tests, 1);
	ck_assert(strstr(j.tests[0].message, "expected '3'") != NULL);
	judgement_free(&j);

	/* RTE by exit code. */
	judge(p, sub("e.c", fmt("#define HOW 1\n%s", exit_src)), false, &j);
	assert_verdict(&j, VERDICT_RTE);
	ck_assert_uint_eq(j.n_tests, 1);
	ck_assert_int_eq(j.tests[0].verdict, VERDICT_RTE);
	ck_assert_int_eq(j.tests[0].exit_code, 3);
	ck_assert_int_eq(j.tests[0].signal, 0);
	ck_assert_msg(j.tests[0].message[0] != '\0', "no message: %s", describe(&j));
	judgement_free(&j);

	/* RTE by SIGSEGV. */
	judge(p, sub("e.c", fmt("#define HOW 2\n%s", exit_src)), false, &j);
	assert_verdict(&j, VERDICT_RTE);
	ck_assert_int_eq(j.tests[0].signal, 11);
	ck_assert_msg(j.tests[0].message[0] != '\0', "no message: %s", describe(&j));
	judgement_free(&j);
}
END_TEST

START_TEST(test_tle)
{
	const struct problem *p =
		load(make_pkg("tle", "limits: {time_limit: 1, memory: 256}\n", ab_tests));
	struct judgement j;

	judge(p, sub("spin.c", "int main(void)\n{\n\tfor (volatile int i = 0;; i++)\n"
			       "\t\t;\n}\n"),
	      false, &j);
	assert_verdict(&j, VERDICT_TLE);
	ck_assert_uint_eq(j.time_limit_us, 1000000);
	ck_assert_uint_eq(j.n_tests, 1);
	ck_assert_int_eq(j.tests[0].verdict, VERDICT_TLE);
	ck_assert_msg(j.tests[0].cpu_us >= 900000, "cpu %llu us",
		      (unsigned long long)j.tests[0].cpu_us);
	/* Ended by the CPU limit, not the wall limit (2 x 1 s + 1 s). */
	ck_assert_msg(j.tests[0].wall_us < 2900000, "wall %llu us",
		      (unsigned long long)j.tests[0].wall_us);
	judgement_free(&j);
}
END_TEST

START_TEST(test_mle)
{
	const struct problem *p =
		load(make_pkg("mle", "limits: {time_limit: 5, memory: 64}\n", ab_tests));
	struct judgement j;

	judge(p, sub("hog.c",
		     "#include <stdlib.h>\n#include <string.h>\n#include <stdio.h>\n"
		     "int main(void)\n{\n"
		     "\tfor (int i = 0; i < 512; i++) {\n"
		     "\t\tchar *p = malloc(1 << 20);\n"
		     "\t\tif (!p)\n\t\t\treturn 7;\n"
		     "\t\tmemset(p, i, 1 << 20);\n"
		     "\t}\n"
		     "\tputs(\"3\");\n\treturn 0;\n}\n"),
	      false, &j);
	assert_verdict(&j, VERDICT_MLE);
	ck_assert_uint_eq(j.n_tests, 1);
	ck_assert_int_eq(j.tests[0].verdict, VERDICT_MLE);
	/* It got near its 64 MiB, and no further. */
	ck_assert_msg(j.tests[0].mem_kib >= 32 * 1024 && j.tests[0].mem_kib <= 80 * 1024,
		      "peak %llu KiB", (unsigned long long)j.tests[0].mem_kib);
	judgement_free(&j);
}
END_TEST

/* Output is not memory: 40 MiB printed under a 32 MiB memory limit and a
 * 64 MiB output limit is the answer's verdict, not MLE.  (The streams
 * live on a tmpfs, whose pages count against the memory limit until
 * dropped; where the output limit is that large against the memory
 * limit, they go to the disk.)  Twin: the same output under a 1 GiB
 * memory limit is judged on the tmpfs, with the same verdict. */
START_TEST(test_output_is_not_memory)
{
	static const char *const tests[] = {"secret/1", "1\n", "1\n", NULL};
	const char *src = sub("big.c",
			      "#include <stdio.h>\n#include <string.h>\n"
			      "int main(void)\n{\n\tstatic char buf[1 << 20];\n"
			      "\tmemset(buf, 'x', sizeof(buf));\n"
			      "\tfor (int i = 0; i < 40; i++)\n"
			      "\t\tfwrite(buf, 1, sizeof(buf), stdout);\n\treturn 0;\n}\n");
	const struct problem *tight = load(make_pkg(
		"bigout", "limits: {time_limit: 5, memory: 32, output: 64}\n", tests));
	const struct problem *roomy = load(make_pkg(
		"bigout2", "limits: {time_limit: 5, memory: 1024, output: 64}\n", tests));
	struct judgement j;

	judge(tight, src, false, &j);
	assert_verdict(&j, VERDICT_WA);
	judgement_free(&j);
	judge(roomy, src, false, &j);
	assert_verdict(&j, VERDICT_WA);
	judgement_free(&j);
}
END_TEST

START_TEST(test_ole)
{
	const struct problem *p = load(
		make_pkg("ole", "limits: {time_limit: 2, memory: 256, output: 1}\n", ab_tests));
	struct judgement j;

	ck_assert_uint_eq(p->output_bytes, 1 << 20);
	judge(p, sub("flood.c",
		     "#include <stdio.h>\n"
		     "int main(void)\n{\n\tfor (;;)\n"
		     "\t\tfputs(\"................................\\n\", stdout);\n}\n"),
	      false, &j);
	assert_verdict(&j, VERDICT_OLE);
	ck_assert_int_eq(j.tests[0].verdict, VERDICT_OLE);
	judgement_free(&j);

	/* Twin: 512 KiB of blanks before the answer is within the limit. */
	judge(p, sub("pad.c",
		     "#include <stdio.h>\n"
		     "int main(void)\n{\n\tlong a, b;\n"
		     "\tfor (int i = 0; i < 512 * 1024; i++)\n\t\tputchar(' ');\n"
		     "\tif (scanf(\"%ld %ld\", &a, &b) != 2)\n\t\treturn 1;\n"
		     "\tprintf(\"%ld\\n\", a + b);\n\treturn 0;\n}\n"),
	      false, &j);
	assert_verdict(&j, VERDICT_AC);
	judgement_free(&j);
}
END_TEST

START_TEST(test_ce)
{
	const struct problem *p = load(make_pkg("ab", YAML_STD, ab_tests));
	struct judgement j;

	judge(p, sub("bad.c", "int main(void)\n{\n\treturn 0\n}\n"), false, &j);
	assert_verdict(&j, VERDICT_CE);
	ck_assert_str_eq(j.language, "c");
	ck_assert(j.compiled);
	ck_assert(!j.compile_ok);
	ck_assert_uint_eq(j.n_tests, 0);
	ck_assert_msg(strstr(j.compile_output, "error") != NULL, "compiler said: '%s'",
		      j.compile_output);
	ck_assert_msg(strstr(j.compile_output, "bad.c") != NULL, "compiler said: '%s'",
		      j.compile_output);
	ck_assert_msg(j.message[0] != '\0', "no message: %s", describe(&j));
	ck_assert(j.score == 0);
	judgement_free(&j);
}
END_TEST

START_TEST(test_first_failure)
{
	static const char *const tests[] = {
		"sample/1", "1\n", "1\n",
		"secret/a", "2\n", "2\n",
		"secret/b", "3\n", "3\n",
		NULL,
	};
	const struct problem *p = load(make_pkg("ff", YAML_STD, tests));
	const char *src = sub("ff.c", "#include <stdio.h>\n"
				      "int main(void)\n{\n\tint x;\n"
				      "\tif (scanf(\"%d\", &x) != 1)\n\t\treturn 1;\n"
				      "\tprintf(\"%d\\n\", x == 2 ? 5 : x);\n"
				      "\treturn 0;\n}\n");
	struct judgement j;

	judge(p, src, false, &j);
	assert_verdict(&j, VERDICT_WA);
	ck_assert_uint_eq(j.n_tests, 2);
	ck_assert_str_eq(j.tests[0].name, "sample/1");
	ck_assert_int_eq(j.tests[0].verdict, VERDICT_AC);
	ck_assert_str_eq(j.tests[1].name, "secret/a");
	ck_assert_int_eq(j.tests[1].verdict, VERDICT_WA);
	judgement_free(&j);

	judge(p, src, true, &j);
	assert_verdict(&j, VERDICT_WA);
	ck_assert_uint_eq(j.n_tests, 3);
	ck_assert_int_eq(j.tests[0].verdict, VERDICT_AC);
	ck_assert_int_eq(j.tests[1].verdict, VERDICT_WA);
	ck_assert_str_eq(j.tests[2].name, "secret/b");
	ck_assert_int_eq(j.tests[2].verdict, VERDICT_AC);
	judgement_free(&j);
}
END_TEST

/*** 6. Archives ***/

static int found_named;
static const char *find_name;

static int find_one(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	if (!strcmp(path + ftw->base, find_name))
		found_named++;
	return 0;
}

/* Files named NAME anywhere under DIR. */
static int count_named(const char *dir, const char *name)
{
	found_named = 0;
	find_name = name;
	ck_assert_int_eq(nftw(dir, find_one, 16, FTW_PHYS), 0);
	return found_named;
}

/* The first entry name of the archive at PATH (read with libarchive). */
static const char *first_entry(const char *path)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	const char *name;

	ck_assert_ptr_nonnull(a);
	archive_read_support_format_all(a);
	archive_read_support_filter_all(a);
	ck_assert_int_eq(archive_read_open_filename(a, path, 10240), ARCHIVE_OK);
	ck_assert_int_eq(archive_read_next_header(a, &e), ARCHIVE_OK);
	name = fmt("%s", archive_entry_pathname(e));
	archive_read_free(a);
	return name;
}

START_TEST(test_archive_evil)
{
	const struct problem *p = load(make_pkg("ab", YAML_STD, ab_tests));
	const char *zip = tu_srcdata("archives/evil.zip");
	const char *entry = first_entry(zip);
	char parent[4096], *slash;
	struct judgement j;

	ck_assert_str_eq(entry, "../evil.txt");
	snprintf(parent, sizeof(parent), "%s", F.scratch);
	slash = strrchr(parent, '/');
	ck_assert_ptr_nonnull(slash);
	*slash = '\0';
	ck_assert_msg(access(fmt("%s/evil.txt", parent), F_OK) < 0,
		      "%s/evil.txt exists before the test", parent);

	/* "../evil.txt" from src/ would land in the work dir, which the judge
	 * removes: the refusal message is the direct evidence, the searches
	 * below catch an escape any further up. */
	judge(p, zip, false, &j);
	assert_verdict(&j, VERDICT_CE);
	ck_assert_msg(strstr(j.message, "evil.txt") != NULL, "message: '%s'", j.message);
	ck_assert(!j.compiled);
	ck_assert_uint_eq(j.n_tests, 0);
	ck_assert_int_eq(count_named(F.scratch, "evil.txt"), 0);
	ck_assert_msg(access(fmt("%s/evil.txt", parent), F_OK) < 0,
		      "%s/evil.txt appeared", parent);
	judgement_free(&j);

	/* Twin: a naive extractor, writing the entry at DEST/name, escapes
	 * DEST, and the search above finds what it left. */
	{
		const char *dest = fmt("%s/naive/src", F.scratch);

		put(fmt("%s/%s", dest, entry), "escaped\n");
		ck_assert_int_eq(access(fmt("%s/naive/evil.txt", F.scratch), F_OK), 0);
		ck_assert_int_eq(count_named(F.scratch, "evil.txt"), 1);
	}
}
END_TEST

START_TEST(test_archive_good)
{
	static const char *const tests[] = {
		"sample/1", "\n", "42\n",
		"secret/1", "0\n", "42\n",
		NULL,
	};
	const struct problem *p = load(make_pkg("answer", YAML_STD, tests));
	struct judgement j;

	judge(p, tu_srcdata("archives/good.zip"), false, &j);
	assert_verdict(&j, VERDICT_AC);
	ck_assert_str_eq(j.language, "c");
	ck_assert(j.compiled && j.compile_ok);
	ck_assert_uint_eq(j.n_tests, 2);
	judgement_free(&j);

	/* Twin: the same problem refuses a program that prints 41. */
	judge(p, sub("main.c", "#include <stdio.h>\nint main(void)\n{\n"
			       "\tputs(\"41\");\n\treturn 0;\n}\n"),
	      false, &j);
	assert_verdict(&j, VERDICT_WA);
	judgement_free(&j);
}
END_TEST

/*** 7. Bad requests: JE, never a crash ***/

START_TEST(test_bad_requests)
{
	const struct problem *p = load(make_pkg("ab", YAML_STD, ab_tests));
	const char *xyz = sub("prog.xyz", ab_src);
	const char *missing = fmt("%s/no-such-dir/sol.c", F.scratch);
	struct judgement j;

	judge(p, xyz, false, &j);
	assert_verdict(&j, VERDICT_JE);
	ck_assert_msg(strstr(j.message, "prog.xyz") != NULL, "message: '%s'", j.message);
	ck_assert_ptr_null(j.language);
	ck_assert(!j.compiled);
	ck_assert_uint_eq(j.n_tests, 0);
	ck_assert(j.score == 0);
	judgement_free(&j);

	/* Twin: the same bytes named .c are judged, and pass. */
	judge(p, sub("prog.c", ab_src), false, &j);
	assert_verdict(&j, VERDICT_AC);
	judgement_free(&j);

	/* A path that does not exist: the request's fault (ARB_E_REQUEST),
	 * so JE, naming the path. */
	judge(p, missing, false, &j);
	assert_verdict(&j, VERDICT_JE);
	ck_assert_msg(strstr(j.message, missing) != NULL, "message: '%s'", j.message);
	ck_assert(!j.compiled);
	ck_assert_uint_eq(j.n_tests, 0);
	judgement_free(&j);

	/* An unknown --lang is a JE too. */
	{
		struct judge_request req = {.path = sub("prog.c", ab_src),
					    .lang_id = "cobol-9000"};

		judge_req(p, &req, &j);
		assert_verdict(&j, VERDICT_JE);
		ck_assert_msg(strstr(j.message, "cobol-9000") != NULL, "message: '%s'",
			      j.message);
		judgement_free(&j);
	}

	/* An empty folder is the submitter's mistake: CE, said plainly. */
	{
		const char *empty = fmt("%s/empty-sub", F.scratch);

		ck_assert_int_eq(mkdir(empty, 0755), 0);
		judge(p, empty, false, &j);
		assert_verdict(&j, VERDICT_CE);
		ck_assert_msg(strstr(j.message, "no files") != NULL, "message: '%s'",
			      j.message);
		ck_assert(!j.compiled);
		judgement_free(&j);
	}

	/* A work root that does not exist: JE naming it, nothing created. */
	{
		const char *nowhere = fmt("%s/no-work-root", F.scratch);

		F.ctx.work_root = nowhere;
		judge(p, sub("prog.c", ab_src), false, &j);
		F.ctx.work_root = F.scratch;
		assert_verdict(&j, VERDICT_JE);
		ck_assert_msg(strstr(j.message, nowhere) != NULL, "message: '%s'",
			      j.message);
		ck_assert_int_lt(access(nowhere, F_OK), 0);
		ck_assert_uint_eq(j.n_tests, 0);
		judgement_free(&j);
	}
}
END_TEST

/*** 8. Custom output validators ***/

/* Reads the input (must be readable), the answer's first token and the
 * team's; writes judgemessage.txt into the feedback dir; 42 or 43. */
static const char *const checker_src =
	"#include <stdio.h>\n"
	"#include <stdlib.h>\n"
	"#include <string.h>\n"
	"int main(int argc, char **argv)\n"
	"{\n"
	"\tchar want[256] = \"\", got[256] = \"\", path[4096];\n"
	"\tFILE *f;\n"
	"\tif (argc < 4)\n"
	"\t\treturn 1;\n"
	"\tif (!(f = fopen(argv[1], \"r\")) || fgetc(f) == EOF)\n"
	"\t\treturn 2;\n"
	"\tfclose(f);\n"
	"\tif (!(f = fopen(argv[2], \"r\")) || fscanf(f, \"%255s\", want) != 1)\n"
	"\t\treturn 2;\n"
	"\tfclose(f);\n"
	"\tif (scanf(\"%255s\", got) != 1)\n"
	"\t\tgot[0] = 0;\n"
	"\tsnprintf(path, sizeof(path), \"%s/judgemessage.txt\", argv[3]);\n"
	"\tif (!(f = fopen(path, \"w\")))\n"
	"\t\treturn 2;\n"
	"\tif (!strcmp(want, got)) {\n"
	"\t\tfprintf(f, \"custom: fine\\n\");\n"
	"\t\tfclose(f);\n"
	"\t\treturn 42;\n"
	"\t}\n"
	"\tfprintf(f, \"custom: wanted %s, got %s\\n\", want, got);\n"
	"\tfclose(f);\n"
	"\treturn 43;\n"
	"}\n";

static const struct problem *custom_pkg(const char *name, const char *checker)
{
	const char *dir = make_pkg(name, "name: Custom\nvalidation: custom\n"
					 "limits: {time_limit: 2, memory: 256}\n",
				   ab_tests);
	const struct problem *p;

	put(fmt("%s/output_validators/check/check.c", dir), checker);
	p = load(dir);
	ck_assert_int_eq(p->validation, PROBLEM_VALIDATION_CUSTOM);
	ck_assert_ptr_nonnull(p->validator_dir);
	return p;
}

START_TEST(test_custom_accept_reject)
{
	const struct problem *p = custom_pkg("custom", checker_src);
	struct judgement j;

	judge(p, sub("ab.c", ab_src), false, &j);
	assert_verdict(&j, VERDICT_AC);
	ck_assert_uint_eq(j.n_tests, 2);
	ck_assert_str_eq(j.tests[1].message, "custom: fine\n");
	judgement_free(&j);

	/* Reject: 4 for 1 + 2; the validator's own words reach the test. */
	judge(p, sub("e.c", fmt("#define HOW 3\n%s", exit_src)), false, &j);
	assert_verdict(&j, VERDICT_WA);
	ck_assert_uint_eq(j.n_tests, 1);
	ck_assert_int_eq(j.tests[0].verdict, VERDICT_WA);
	ck_assert_msg(strstr(j.tests[0].message, "custom: wanted 3, got 4") != NULL,
		      "message: '%s'", j.tests[0].message);
	judgement_free(&j);
}
END_TEST

START_TEST(test_custom_broken)
{
	const struct problem *zero =
		custom_pkg("custom-zero", "int main(void)\n{\n\treturn 0;\n}\n");
	const struct problem *crash = custom_pkg(
		"custom-crash", "int main(void)\n{\n\t*(volatile int *)0 = 1;\n"
				"\treturn 42;\n}\n");
	const char *ab = sub("ab.c", ab_src);
	struct judgement j;

	/* Exit 0 is neither accept nor reject: the package's fault. */
	judge(zero, ab, false, &j);
	assert_verdict(&j, VERDICT_JE);
	ck_assert_uint_eq(j.n_tests, 1);
	ck_assert_int_eq(j.tests[0].verdict, VERDICT_JE);
	ck_assert_msg(strstr(j.message, "sample/1") && strstr(j.message, "exited 0"),
		      "message: '%s'", j.message);
	judgement_free(&j);

	judge(crash, ab, false, &j);
	assert_verdict(&j, VERDICT_JE);
	ck_assert_int_eq(j.tests[0].verdict, VERDICT_JE);
	ck_assert_msg(strstr(j.message, "validator") != NULL, "message: '%s'", j.message);
	judgement_free(&j);
}
END_TEST

/* The validator runs as the box user and writes the feedback dir: a
 * judgemessage.txt planted as a symlink to a host file is not followed
 * (the message stays empty), and one planted as a FIFO does not block the
 * judge.  Twin: the plain file of test_custom_accept_reject. */
START_TEST(test_custom_planted_feedback)
{
	const char *secret = fmt("%s/host-secret.txt", F.scratch);
	const char *how[] = {fmt("symlink(\"%s\", p);", secret), "mkfifo(p, 0666);"};
	const char *ab = sub("ab.c", ab_src);
	struct judgement j;

	put(secret, "HOST-SECRET\n");
	chmod(secret, 0644);
	for (size_t i = 0; i < 2; i++) {
		const struct problem *p = custom_pkg(
			fmt("custom-planted-%zu", i),
			fmt("#include <stdio.h>\n#include <sys/stat.h>\n#include <unistd.h>\n"
			    "int main(int argc, char **argv)\n{\n\tchar p[4096];\n"
			    "\t(void)argc;\n"
			    "\tsnprintf(p, sizeof(p), \"%%s/judgemessage.txt\", argv[3]);\n"
			    "\t%s\n\treturn 43;\n}\n", how[i]));

		judge(p, ab, false, &j);
		assert_verdict(&j, VERDICT_WA);
		ck_assert_msg(!strstr(j.tests[0].message, "HOST-SECRET"),
			      "followed the link: '%s'", j.tests[0].message);
		ck_assert_str_eq(j.tests[0].message, "");
		judgement_free(&j);
	}
}
END_TEST

/* Multi-pass: a validator that always asks for another pass is the
 * package's fault after the last one (JE, never a loop); one that plants
 * nextpass.in as a symlink to a host file gets JE too, and the link is
 * never followed (the judge reads nextpass.in as the box user left it). */
static const char *multipass_pkg(const char *name, const char *how)
{
	const char *dir = make_pkg(name, "name: MP\nproblem_format_version: 2023-07-draft\n"
					 "type: multi-pass\n"
					 "limits: {time_limit: 2, memory: 256, validation_passes: 3}\n",
				   ab_tests);

	put(fmt("%s/output_validator/check.c", dir),
	    fmt("#include <stdio.h>\n#include <unistd.h>\n"
		"int main(int argc, char **argv)\n{\n"
		"\tchar p[4096];\n\t(void)argc;\n"
		"\tsnprintf(p, sizeof(p), \"%%s/nextpass.in\", argv[3]);\n"
		"\t%s\n\treturn 42;\n}\n", how));
	return dir;
}

START_TEST(test_multipass_limits)
{
	const struct problem *forever = load(multipass_pkg(
		"mp-forever", "FILE *f = fopen(p, \"w\"); fputs(\"1 2\\n\", f); fclose(f);"));
	const struct problem *link = load(multipass_pkg(
		"mp-link", "unlink(p); symlink(\"/etc/shadow\", p);"));
	const struct problem *done = load(multipass_pkg("mp-done", ";"));
	const char *ab = sub("ab.c", ab_src);
	struct judgement j;

	ck_assert(forever->multi_pass);
	ck_assert_uint_eq(forever->validation_passes, 3);
	judge(forever, ab, false, &j);
	assert_verdict(&j, VERDICT_JE);
	ck_assert_msg(strstr(j.message, "after the last pass (3)"), "message: '%s'", j.message);
	judgement_free(&j);

	judge(link, ab, false, &j);
	assert_verdict(&j, VERDICT_JE);
	ck_assert_msg(strstr(j.message, "nextpass.in"), "message: '%s'", j.message);
	judgement_free(&j);

	/* Twin: a validator that accepts without a next pass: AC. */
	judge(done, ab, false, &j);
	assert_verdict(&j, VERDICT_AC);
	judgement_free(&j);
}
END_TEST

/* Interactive AND multi-pass (legacy `validation: custom interactive
 * multi-pass`): the interactor tells the submission its pass number and
 * wants it back times ten.  Pass 1 leaves a state file and nextpass.in
 * (`2 MODE`); pass 2 checks the state survived (the feedback dir is kept
 * between passes) and reads its pass from nextpass.in.  MODE 1: it asks
 * for a next pass every time (JE after the last); MODE 2: it writes
 * nextpass.in and rejects (JE: the spec allows nextpass.in only with 42). */
static const char *const imp_interactor =
	"#include <signal.h>\n#include <stdio.h>\n#include <unistd.h>\n"
	"int main(int argc, char **argv)\n{\n"
	"\tchar p[4096], s[4096];\n\tint pass, mode, got;\n\tFILE *in, *f;\n"
	"\tif (argc < 4 || !(in = fopen(argv[1], \"r\")) ||\n"
	"\t    fscanf(in, \"%d %d\", &pass, &mode) != 2)\n\t\treturn 1;\n"
	"\tsignal(SIGPIPE, SIG_IGN);\n"
	"\tsnprintf(p, sizeof(p), \"%s/nextpass.in\", argv[3]);\n"
	"\tsnprintf(s, sizeof(s), \"%s/state\", argv[3]);\n"
	"\tif (pass == 2 && access(s, F_OK) != 0)\n\t\treturn 1;\n"
	"\tprintf(\"%d\\n\", pass);\n\tfflush(stdout);\n"
	"\tif (scanf(\"%d\", &got) != 1 || got != pass * 10) {\n"
	"\t\tsnprintf(s, sizeof(s), \"%s/judgemessage.txt\", argv[3]);\n"
	"\t\tif ((f = fopen(s, \"w\"))) fprintf(f, \"pass %d: wanted %d\\n\", pass, pass * 10), fclose(f);\n"
	"\t\tif (mode == 2 && (f = fopen(p, \"w\"))) fputs(\"2 2\\n\", f), fclose(f);\n"
	"\t\treturn 43;\n\t}\n"
	"\tif ((f = fopen(s, \"w\")))\n\t\tfclose(f);\n"
	"\tif ((pass == 1 || mode == 1) && (f = fopen(p, \"w\")))\n"
	"\t\tfprintf(f, \"2 %d\\n\", mode), fclose(f);\n"
	"\treturn 42;\n}\n";

static const struct problem *imp_pkg(const char *name, const char *mode)
{
	const char *const tests[] = {"sample/1", mode, "", NULL};
	const char *dir = make_pkg(name, "name: IMP\nvalidation: custom interactive multi-pass\n"
					 "limits: {time_limit: 1, memory: 256}\n",
				   tests);

	put(fmt("%s/output_validators/interactor/interactor.c", dir), imp_interactor);
	return load(dir);
}

/* A submission that reads its pass number, then does HOW. */
static const char *imp_sub(const char *how)
{
	return sub("imp.c", fmt("#include <stdio.h>\n#include <stdlib.h>\n"
				"int main(void)\n{\n\tint pass;\n"
				"\tif (scanf(\"%%d\", &pass) != 1)\n\t\treturn 1;\n"
				"\t%s\n\tfflush(stdout);\n\treturn 0;\n}\n", how));
}

START_TEST(test_interactive_multipass)
{
	const struct problem *ok = imp_pkg("imp-ok", "1 0\n");
	const struct problem *forever = imp_pkg("imp-forever", "1 1\n");
	const struct problem *rejecting = imp_pkg("imp-reject", "1 2\n");
	struct judgement j;

	ck_assert(ok->multi_pass);
	ck_assert_int_eq(ok->validation, PROBLEM_VALIDATION_INTERACTIVE);
	ck_assert_uint_eq(ok->validation_passes, 2);

	/* Both passes answered: AC, and pass 2 did run (it needs pass 1's
	 * state and its own nextpass.in to accept). */
	judge(ok, imp_sub("printf(\"%d\\n\", pass * 10);"), false, &j);
	assert_verdict(&j, VERDICT_AC);
	judgement_free(&j);

	/* Right in pass 1, wrong in pass 2. */
	judge(ok, imp_sub("printf(\"10\\n\");"), false, &j);
	assert_verdict(&j, VERDICT_WA);
	ck_assert_msg(strstr(j.tests[0].message, "pass 2: wanted 20"), "%s", describe(&j));
	judgement_free(&j);

	/* Deadlock in pass 1 (it waits for a second number): TLE by the
	 * wall clock, not the interactor's longer limit. */
	judge(ok, imp_sub("if (scanf(\"%d\", &pass) != 1) return 1;"), false, &j);
	assert_verdict(&j, VERDICT_TLE);
	judgement_free(&j);

	/* The interactor rejects and hangs up first; the submission then
	 * spins until its time is up: WA stands (problemtools' rule), not
	 * the TLE that followed. */
	judge(ok, imp_sub("printf(\"7\\n\"); fflush(stdout); for (;;);"), false, &j);
	assert_verdict(&j, VERDICT_WA);
	ck_assert_msg(strstr(j.tests[0].message, "pass 1: wanted 10"), "%s", describe(&j));
	judgement_free(&j);

	/* A crash after the interactor accepted pass 2: RTE. */
	judge(ok, imp_sub("printf(\"%d\\n\", pass * 10); fflush(stdout);"
			  " if (pass == 2) abort();"), false, &j);
	assert_verdict(&j, VERDICT_RTE);
	judgement_free(&j);

	/* nextpass.in after the last pass (2): the package's fault. */
	judge(forever, imp_sub("printf(\"%d\\n\", pass * 10);"), false, &j);
	assert_verdict(&j, VERDICT_JE);
	ck_assert_msg(strstr(j.message, "after the last pass (2)"), "%s", describe(&j));
	judgement_free(&j);

	/* nextpass.in with a rejection (43): JE, not WA. */
	judge(rejecting, imp_sub("printf(\"%d\\n\", pass * 10 + 1);"), false, &j);
	assert_verdict(&j, VERDICT_JE);
	ck_assert_msg(strstr(j.message, "rejected (exit 43)"), "%s", describe(&j));
	judgement_free(&j);
}
END_TEST

/* include/ and constants (2025-09): include/c/k.h, with a constant,
 * replaces the submission's own k.h; {{k}} in a submission's source is
 * replaced only in the package's example submissions. */
START_TEST(test_include_constants)
{
	const char *dir = make_pkg("inc", "problem_format_version: 2025-09\nname: Inc\n"
					  "limits: {time_limit: 2, memory: 256}\n"
					  "constants: {k: 7}\n",
				   ab_tests);
	/* a + b, right only when K is 7. */
	const char *body = "#include <stdio.h>\n"
			   "int main(void)\n{\n\tlong a, b;\n"
			   "\tif (scanf(\"%ld %ld\", &a, &b) != 2)\n\t\treturn 1;\n"
			   "\tprintf(\"%ld\\n\", a + b + K - 7);\n\treturn 0;\n}\n";
	const char *src = fmt("#include \"k.h\"\n%s", body);
	const char *templated = fmt("#define K {{k}}\n%s", body);
	const struct problem *p;
	const char *mine, *folder;
	struct judgement j;
	struct judge_request req = {0};

	put(fmt("%s/include/c/k.h", dir), "#define K {{k}}\n");
	put(fmt("%s/include/default/k.h", dir), "#define K 1000\n");
	p = load(dir);
	ck_assert_ptr_nonnull(p->include_dir);

	/* The package's k.h (K 7), not include/default's, and not the
	 * submission's own (K 99). */
	mine = sub("two/main.c", src);
	folder = fmt("%.*s", (int)(strrchr(mine, '/') - mine), mine);
	put(fmt("%s/k.h", folder), "#define K 99\n");
	judge(p, folder, false, &j);
	assert_verdict(&j, VERDICT_AC);
	judgement_free(&j);

	/* {{k}} is C only in an example submission. */
	mine = sub("t.c", templated);
	judge(p, mine, false, &j);
	assert_verdict(&j, VERDICT_CE);
	judgement_free(&j);
	req.path = mine;
	req.example = true;
	judge_req(p, &req, &j);
	assert_verdict(&j, VERDICT_AC);
	judgement_free(&j);
}
END_TEST

/* A judge killed mid-submission leaves its work dir, with the
 * submission's and the streams' tmpfs mounted in it; the next judge
 * sweeps it.  A live process's work dir is left alone. */
START_TEST(test_sweep_work)
{
	char dead[PATH_MAX], alive[PATH_MAX], src[PATH_MAX + 8], io[PATH_MAX + 8];
	pid_t gone = fork();
	struct stat st;

	ck_assert_int_ge(gone, 0);
	if (gone == 0)
		_exit(0);
	ck_assert_int_eq(waitpid(gone, NULL, 0), gone);
	snprintf(dead, sizeof(dead), "%s/arbiter-7-%d-abcdef", F.scratch, (int)gone);
	snprintf(alive, sizeof(alive), "%s/arbiter-7-%d-abcdef", F.scratch, (int)getppid());
	snprintf(src, sizeof(src), "%s/src", dead);
	ck_assert_int_eq(mkdir(dead, 0700), 0);
	ck_assert_int_eq(mkdir(src, 0700), 0);
	ck_assert_int_eq(mount("t", src, "tmpfs", 0, "size=1m"), 0);
	put(fmt("%s/left", src), "x");
	snprintf(io, sizeof(io), "%s/io", dead);
	ck_assert_int_eq(mkdir(io, 0711), 0);
	ck_assert_int_eq(mount("t", io, "tmpfs", 0, "size=1m"), 0);
	put(fmt("%s/out", io), "x");
	ck_assert_int_eq(mkdir(alive, 0700), 0);

	ck_assert_int_eq(judge_sweep_work(F.scratch), 1);
	ck_assert_int_ne(stat(dead, &st), 0);
	ck_assert_int_eq(stat(alive, &st), 0);
	/* Twin: a second sweep finds nothing more. */
	ck_assert_int_eq(judge_sweep_work(F.scratch), 0);
	rmdir(alive);
}
END_TEST

START_TEST(test_custom_no_compile)
{
	const struct problem *p =
		custom_pkg("custom-ce", "int main(void)\n{\n\treturn 42\n}\n");
	struct judgement j;

	judge(p, sub("ab.c", ab_src), false, &j);
	/* The validator's compile error is JE, never the submitter's CE. */
	assert_verdict(&j, VERDICT_JE);
	ck_assert(j.compile_ok);
	ck_assert_uint_eq(j.n_tests, 0);
	ck_assert_msg(strstr(j.message, "validator") != NULL &&
			      strstr(j.message, "error") != NULL,
		      "message: '%s'", j.message);
	judgement_free(&j);
}
END_TEST

/*** 9. The leftover checks can see leftovers ***/

START_TEST(test_leftover_checks_see)
{
	char name[512] = "";
	const char *w = fmt("%s/arbiter-%d-planted", F.scratch, F.box_id);
	pid_t pid;
	int n = 0;

	/* A work dir left behind is seen. */
	ck_assert_int_eq(mkdir(w, 0711), 0);
	ck_assert_int_eq(work_dirs_left(F.scratch, name, sizeof(name)), 1);
	ck_assert_str_eq(name, strrchr(w, '/') + 1);
	ck_assert_int_eq(rmdir(w), 0);
	ck_assert_int_eq(work_dirs_left(F.scratch, name, sizeof(name)), 0);

	/* A process of the box uid is seen, and gone once killed. */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (setresgid(box_uid(), box_uid(), box_uid()) < 0 ||
		    setresuid(box_uid(), box_uid(), box_uid()) < 0)
			_exit(1);
		for (;;)
			pause();
	}
	for (int i = 0; i < 200 && (n = box_procs()) == 0; i++)
		tu_sleep_ms(5);
	ck_assert_int_eq(n, 1);
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	ck_assert_int_eq(box_procs(), 0);
}
END_TEST

/*** 10. Deriving a time limit ***/

static const char *const burn_src =
	"#include <stdio.h>\n"
	"#include <time.h>\n"
	"int main(void)\n"
	"{\n"
	"\tstruct timespec ts;\n"
	"\tlong a, b;\n"
	"\tdo\n"
	"\t\tclock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);\n"
	"\twhile (ts.tv_sec * 1000 + ts.tv_nsec / 1000000 < 300);\n"
	"\tif (scanf(\"%ld %ld\", &a, &b) != 2)\n"
	"\t\treturn 1;\n"
	"\tprintf(\"%ld\\n\", a + b + WRONG);\n"
	"\treturn 0;\n"
	"}\n";

START_TEST(test_derive_tl)
{
	const char *dir = make_pkg("derive", "name: Derive\nlimits: {memory: 256}\n",
				   ab_tests);
	struct problem *p;
	struct arb_err err;

	put(fmt("%s/submissions/accepted/x.c", dir),
	    fmt("#define WRONG 0\n%s", burn_src));
	/* Not an accepted one: not judged while deriving. */
	put(fmt("%s/submissions/wrong_answer/w.c", dir),
	    fmt("#define WRONG 1\n%s", burn_src));
	p = load(dir);
	ck_assert_uint_eq(p->time_limit_us, 0);
	ck_assert_uint_eq(p->n_subs, 2);
	ck_assert(p->time_multiplier == PROBLEM_DEFAULT_TIME_MULTIPLIER);
	arb_err_clear(&err);
	ck_assert_msg(judge_derive_time_limit(&F.ctx, p, &err) == 0, "%s", err.msg);
	assert_nothing_left();
	ck_assert_msg(p->time_limit_us % 1000000 == 0, "%llu us",
		      (unsigned long long)p->time_limit_us);
	/* >= 0.3 s of CPU x 5, rounded up to a second, is at least 2 s. */
	ck_assert_msg(p->time_limit_us >= 2000000 && p->time_limit_us <= 5000000,
		      "%llu us", (unsigned long long)p->time_limit_us);
}
END_TEST

START_TEST(test_derive_tl_failing)
{
	const char *dir = make_pkg("derive", "name: Derive\nlimits: {memory: 256}\n",
				   ab_tests);
	struct problem *p;
	struct arb_err err;

	put(fmt("%s/submissions/accepted/bad.c", dir),
	    "#include <stdio.h>\nint main(void)\n{\n\tputs(\"0\");\n\treturn 0;\n}\n");
	p = load(dir);
	ck_assert_uint_eq(p->time_limit_us, 0);
	arb_err_clear(&err);
	ck_assert_int_eq(judge_derive_time_limit(&F.ctx, p, &err), -1);
	assert_nothing_left();
	ck_assert_int_eq(err.kind, ARB_E_PACKAGE);
	ck_assert_msg(strstr(err.msg, "accepted/bad.c") && strstr(err.msg, "WA"),
		      "error: '%s'", err.msg);
	ck_assert_uint_eq(p->time_limit_us, 0);
}
END_TEST

/*** Scoring problems ***/

/* problems/subtasks, as shipped: the partial solution's exact score and
 * group breakdown; the wrong one's skipped subtask. */
START_TEST(test_scoring_subtasks)
{
	const char *dir = fmt("%s/../problems/subtasks", tu_srcdata("."));
	const struct problem *p = load(dir);
	struct judgement j;

	ck_assert(p->scoring);
	judge(p, fmt("%s/submissions/partially_accepted/int32.c", dir), false, &j);
	assert_verdict(&j, VERDICT_WA);
	ck_assert(j.scoring);
	ck_assert_double_eq(j.score, 75);
	ck_assert_double_eq(j.max_score, 100);
	ck_assert_uint_eq(j.n_tests, 8); /* every group judged */
	ck_assert_str_eq(j.tests[5].name, "secret/group2/01-medium");
	ck_assert(!j.tests[5].scored); /* group2 is pass-fail */
	ck_assert_str_eq(j.tests[6].name, "secret/group3/01-cancel");
	ck_assert(j.tests[6].scored && j.tests[6].score == 25);
	ck_assert_int_eq(j.tests[7].verdict, VERDICT_WA);
	ck_assert(j.tests[7].scored && j.tests[7].score == 0);
	ck_assert(!j.tests[2].scored); /* group1 is pass-fail */
	ck_assert_uint_eq(j.n_groups, 4);
	ck_assert_str_eq(j.groups[0].name, "secret");
	ck_assert_double_eq(j.groups[0].score, 75);
	ck_assert_int_eq(j.groups[0].verdict, VERDICT_WA);
	ck_assert_str_eq(j.groups[1].name, "secret/group1");
	ck_assert_double_eq(j.groups[1].score, 30);
	ck_assert_double_eq(j.groups[1].max_score, 30);
	ck_assert_int_eq(j.groups[1].verdict, VERDICT_AC);
	ck_assert_str_eq(j.groups[1].tests[2], "secret/group1/03-empty");
	ck_assert_ptr_null(j.groups[1].tests[3]);
	ck_assert_str_eq(j.groups[2].name, "secret/group2");
	ck_assert_double_eq(j.groups[2].score, 20);
	ck_assert_double_eq(j.groups[2].max_score, 20);
	ck_assert_int_eq(j.groups[2].verdict, VERDICT_AC);
	ck_assert_str_eq(j.groups[3].name, "secret/group3");
	ck_assert_double_eq(j.groups[3].score, 25);
	ck_assert_double_eq(j.groups[3].max_score, 50);
	ck_assert_int_eq(j.groups[3].verdict, VERDICT_WA);
	ck_assert(!j.groups[3].skipped);
	judgement_free(&j);

	/* Wrong from the start: group1 stops at its first failure, and
	 * groups 2 and 3 (each requiring the one before) are not run. */
	judge(p, fmt("%s/submissions/wrong_answer/count.py", dir), false, &j);
	assert_verdict(&j, VERDICT_WA);
	ck_assert_double_eq(j.score, 0);
	ck_assert_uint_eq(j.n_tests, 3);
	ck_assert(j.groups[2].skipped && j.groups[3].skipped);
	ck_assert_double_eq(j.groups[2].score, 0);
	ck_assert_double_eq(j.groups[3].score, 0);
	judgement_free(&j);

	judge(p, fmt("%s/submissions/accepted/sum.c", dir), false, &j);
	assert_verdict(&j, VERDICT_AC);
	ck_assert_double_eq(j.score, 100);
	judgement_free(&j);
}
END_TEST

static const char score_txt_validator[] =
	"#include <stdio.h>\n"
	"int main(int argc, char **argv)\n"
	"{\n"
	"\tchar path[4096], buf[256];\n"
	"\tsize_t n = fread(buf, 1, sizeof(buf), stdin);\n"
	"\tFILE *f;\n"
	"\tif (argc < 4)\n"
	"\t\treturn 1;\n"
	"\tsnprintf(path, sizeof(path), \"%s/score.txt\", argv[3]);\n"
	"\tif (!(f = fopen(path, \"w\")))\n"
	"\t\treturn 2;\n"
	"\tfwrite(buf, 1, n, f);\n"
	"\tfclose(f);\n"
	"\treturn 42;\n"
	"}\n";

/* A validator's score.txt is the test's score (legacy: unbounded, summed);
 * a bad one is the judge's error, never partial credit. */
START_TEST(test_scoring_score_txt)
{
	static const char *const tests[] = {"secret/01", "2.5\n", "x\n",
					    "secret/02", "4\n", "x\n", NULL};
	const char *dir = make_pkg("scoretxt", "name: Scores\ntype: scoring\n"
						"validation: custom score\n"
						"limits: {time_limit: 2, memory: 256}\n",
				   tests);
	const struct problem *p;
	struct judgement j;

	put(fmt("%s/data/secret/testdata.yaml", dir), "on_reject: continue\n");
	put(fmt("%s/output_validators/score/score.c", dir), score_txt_validator);
	p = load(dir);
	judge(p, sub("echo.c", "#include <stdio.h>\nint main(void)\n{\n\tchar s[64];\n"
			       "\tif (scanf(\"%63s\", s) == 1)\n\t\tputs(s);\n\treturn 0;\n}\n"),
	      false, &j);
	assert_verdict(&j, VERDICT_AC);
	ck_assert_double_eq(j.score, 6.5);
	ck_assert(isinf(j.max_score));
	ck_assert_double_eq(j.tests[0].score, 2.5);
	judgement_free(&j);

	judge(p, sub("abc.c", "#include <stdio.h>\nint main(void)\n{\n\tputs(\"abc\");\n"
			      "\treturn 0;\n}\n"),
	      false, &j);
	assert_verdict(&j, VERDICT_JE);
	ck_assert_double_eq(j.score, 0);
	ck_assert_uint_eq(j.n_tests, 1);
	ck_assert_msg(strstr(j.message, "score.txt: not a non-negative number") != NULL,
		      "%s", describe(&j));
	judgement_free(&j);
}
END_TEST

/*** Suite ***/

static TCase *pl_tcase(Suite *s, const char *name, double timeout_s)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, pl_setup, pl_teardown);
	tcase_set_timeout(tc, timeout_s);
	suite_add_tcase(s, tc);
	return tc;
}

Suite *suite_pipeline(void)
{
	Suite *s = suite_create("pipeline");

	tcase_add_test(pl_tcase(s, "ac", 30), test_ac);
	tcase_add_test(pl_tcase(s, "ans_invisible", 30), test_ans_invisible);
	tcase_add_test(pl_tcase(s, "box_clean", 30), test_box_clean);
	tcase_add_test(pl_tcase(s, "stdin", 30), test_stdin);
	tcase_add_test(pl_tcase(s, "wa_rte", 30), test_wa_rte);
	tcase_add_test(pl_tcase(s, "tle", 30), test_tle);
	tcase_add_test(pl_tcase(s, "mle", 30), test_mle);
	tcase_add_test(pl_tcase(s, "ole", 30), test_ole);
	tcase_add_test(pl_tcase(s, "output_not_memory", 60), test_output_is_not_memory);
	tcase_add_test(pl_tcase(s, "ce", 30), test_ce);
	tcase_add_test(pl_tcase(s, "first_failure", 30), test_first_failure);
	tcase_add_test(pl_tcase(s, "archive_evil", 30), test_archive_evil);
	tcase_add_test(pl_tcase(s, "archive_good", 30), test_archive_good);
	tcase_add_test(pl_tcase(s, "bad_requests", 30), test_bad_requests);
	tcase_add_test(pl_tcase(s, "custom_accept_reject", 30), test_custom_accept_reject);
	tcase_add_test(pl_tcase(s, "custom_broken", 30), test_custom_broken);
	tcase_add_test(pl_tcase(s, "custom_planted_feedback", 30),
		       test_custom_planted_feedback);
	tcase_add_test(pl_tcase(s, "custom_no_compile", 30), test_custom_no_compile);
	tcase_add_test(pl_tcase(s, "sweep_work", 30), test_sweep_work);
	tcase_add_test(pl_tcase(s, "multipass_limits", 60), test_multipass_limits);
	tcase_add_test(pl_tcase(s, "interactive_multipass", 60), test_interactive_multipass);
	tcase_add_test(pl_tcase(s, "include_constants", 30), test_include_constants);
	tcase_add_test(pl_tcase(s, "leftover_checks_see", 10), test_leftover_checks_see);
	tcase_add_test(pl_tcase(s, "derive_tl", 30), test_derive_tl);
	tcase_add_test(pl_tcase(s, "derive_tl_failing", 30), test_derive_tl_failing);
	tcase_add_test(pl_tcase(s, "scoring_subtasks", 60), test_scoring_subtasks);
	tcase_add_test(pl_tcase(s, "scoring_score_txt", 30), test_scoring_score_txt);
	return s;
}
