/* cmd_selftest.c - `arbiter selftest`: the hostile-submission corpus,
 * judged through the real sandbox on this host.
 *
 * The corpus is a folder of problem packages (selftest/ in the source
 * tree, share/arbiter/selftest when installed) whose submissions/<expected>/
 * folders are the assertions: an attack on the sandbox either fails and
 * prints "ok" (AC), or is ended by a limit or the seccomp policy (TLE,
 * MLE, OLE, RTE, CE), and each attack has a benign twin that must pass.
 * selftest/README.md lists them.
 *
 * Every submission is judged exactly as `verify` judges it
 * (cmd_judge_expected), with the judge's scratch space in a private
 * directory.  After each one, two things `verify` cannot see are checked
 * on the host, where only the judge's privileged code could have acted:
 *   - the scratch directory is empty again: the judge removed everything
 *     the submission left in its compile directory;
 *   - the canary file beside the judge's work directories is intact: no
 *     link planted by the submission was followed.
 * A submission whose language has no toolchain on this host is skipped,
 * not failed.  Exit status: 0 when every submission passed, 1 otherwise
 * (including a broken package), 2 on a usage error.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/fsutil.h"
#include "cmd.h"
#include "cmd_common.h"

static const char usage_text[] =
	"usage: arbiter selftest [--json] [--box-id N] [--cgroup MODE] [DIR]\n"
	"\n"
	"Judge the hostile-submission corpus through the sandbox on this host:\n"
	"every submission of every package in DIR must get the verdict its\n"
	"submissions/<expected>/ folder names, and leave nothing behind.\n"
	"DIR defaults to $ARBITER_SELFTEST_DIR, then ../selftest and\n"
	"../share/arbiter/selftest next to the binary.  DIR may also be one\n"
	"package.\n"
	"\n"
	"  --json        one result object on stdout\n"
	"  --box-id N    sandbox slot: uid/gid 60000+N (default 0)\n"
	"  --cgroup MODE auto, v1, v2 or none (default auto)\n"
	"\n"
	"exit status: 0 all passed, 1 any failure, 2 usage error\n";

#define CANARY_NAME "canary"
#define CANARY_TEXT "arbiter selftest canary: the judge must never touch this file\n"
#define NOTE_MAX 512

/*** Finding the corpus ***/

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_problem_yaml(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;

	return (size_t)snprintf(path, sizeof(path), "%s/problem.yaml", dir) < sizeof(path) &&
	       stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* ARG, else $ARBITER_SELFTEST_DIR, else selftest/ or share/arbiter/selftest
 * beside the binary's directory (as policies are found). */
static int corpus_dir(const char *arg, char *dir, size_t len, struct arb_err *err)
{
	static const char *const rel[] = {"selftest", "share/arbiter/selftest"};
	const char *env = getenv("ARBITER_SELFTEST_DIR");
	char exe[PATH_MAX];
	ssize_t n;

	if (!arg && env && *env)
		arg = env;
	if (arg) {
		if (!is_dir(arg))
			return arb_fail(err, ARB_E_REQUEST, 0, "'%s' is not a directory", arg);
		if ((size_t)snprintf(dir, len, "%s", arg) >= len)
			return arb_fail(err, ARB_E_REQUEST, ENAMETOOLONG, "'%s'", arg);
		return 0;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "readlink '/proc/self/exe'");
	exe[n] = '\0';
	/* /proc/self/exe is canonical: strip "/binary" then "/bindir". */
	for (int i = 0; i < 2; i++) {
		char *slash = strrchr(exe, '/');

		if (slash)
			*slash = '\0';
	}
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		int w = snprintf(dir, len, "%s/%s", exe, rel[i]);

		if (w >= 0 && (size_t)w < len && is_dir(dir))
			return 0;
	}
	return arb_fail(err, ARB_E_REQUEST, 0,
			"no selftest corpus (give DIR, set ARBITER_SELFTEST_DIR, or "
			"install it in '%s/share/arbiter/selftest')",
			exe);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* The packages of DIR, sorted, as a NULL-terminated list of paths; DIR
 * itself when it is a package. */
static int list_packages(const char *dir, char ***out, struct arb_err *err)
{
	struct dirent **names = NULL;
	char **list;
	size_t k = 0;
	int n;

	if (has_problem_yaml(dir)) {
		list = calloc(2, sizeof(*list));
		if (!list || !(list[0] = strdup(dir))) {
			free(list);
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "package list");
		}
		*out = list;
		return 0;
	}
	n = scandir(dir, &names, NULL, by_name);
	if (n < 0)
		return arb_fail(err, ARB_E_REQUEST, errno, "scandir '%s'", dir);
	list = calloc((size_t)n + 1, sizeof(*list));
	for (int i = 0; i < n; i++) {
		char *path = NULL;

		if (list && names[i]->d_name[0] != '.' &&
		    asprintf(&path, "%s/%s", dir, names[i]->d_name) >= 0) {
			if (is_dir(path) && has_problem_yaml(path))
				list[k++] = steal_ptr(&path);
			free(path);
		}
		free(names[i]);
	}
	free(names);
	if (!list)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "package list");
	if (k == 0) {
		free(list);
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s' holds no problem package", dir);
	}
	*out = list;
	return 0;
}

static void strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/*** The scratch directory and its canary ***/

struct scratch {
	char *path; /* the judge's work_root */
	int fd;
};

static int canary_write(int dirfd)
{
	_cleanup_close_ int fd = openat(dirfd, CANARY_NAME,
					O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
					0600);

	if (fd < 0 || write(fd, CANARY_TEXT, strlen(CANARY_TEXT)) !=
			      (ssize_t)strlen(CANARY_TEXT))
		return -1;
	return 0;
}

static int scratch_open(struct scratch *s, struct arb_err *err)
{
	const char *base = getenv("TMPDIR");

	s->fd = -1;
	if (!base || !*base)
		base = "/tmp";
	if (asprintf(&s->path, "%s/arbiter-selftest-XXXXXX", base) < 0) {
		s->path = NULL;
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "scratch directory");
	}
	if (!mkdtemp(s->path)) {
		int e = errno;

		free(s->path);
		s->path = NULL;
		return arb_fail(err, ARB_E_INTERNAL, e, "mkdtemp in '%s'", base);
	}
	/* As the judge's own /tmp would be: traversable, not listable. */
	chmod(s->path, 0711);
	s->fd = open(s->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->fd < 0 || canary_write(s->fd) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "canary in '%s'", s->path);
	return 0;
}

static void scratch_close(struct scratch *s)
{
	if (s->fd >= 0) {
		unlinkat(s->fd, CANARY_NAME, 0);
		close(s->fd);
	}
	if (s->path && rmdir(s->path) < 0 && errno != ENOENT)
		fprintf(stderr, "arbiter selftest: could not remove '%s': %s\n",
			s->path, strerror(errno));
	free(s->path);
	s->path = NULL;
	s->fd = -1;
}

static bool canary_intact(int dirfd)
{
	char buf[sizeof(CANARY_TEXT) + 1];
	_cleanup_close_ int fd = -1;
	struct stat st;
	ssize_t n;

	if (fstatat(dirfd, CANARY_NAME, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !S_ISREG(st.st_mode) || st.st_nlink != 1 || st.st_uid != geteuid())
		return false;
	fd = openat(dirfd, CANARY_NAME, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf));
	return n == (ssize_t)strlen(CANARY_TEXT) && !memcmp(buf, CANARY_TEXT, (size_t)n);
}

/* After a submission: the canary must be as it was, and nothing else may
 * be left.  Fills NOTE and returns false when either failed; leftovers
 * are removed and the canary rewritten, so the next submission starts
 * clean. */
static bool scratch_check(struct scratch *s, char *note, size_t len)
{
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *e;
	char first[NAME_MAX + 1] = "";
	size_t left = 0;
	int lfd, gone = 0;
	bool ok = true;

	note[0] = '\0';
	if (!canary_intact(s->fd)) {
		snprintf(note, len, "the canary '%s/" CANARY_NAME "' was changed: the "
			 "judge followed a link the submission planted", s->path);
		fsutil_remove_at(s->fd, CANARY_NAME);
		canary_write(s->fd);
		ok = false;
	}
	lfd = openat(s->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d = lfd < 0 ? NULL : fdopendir(lfd);
	if (!d) {
		if (lfd >= 0)
			close(lfd);
		snprintf(note, len, "cannot list '%s': %s", s->path, strerror(errno));
		return false;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strcmp(e->d_name, CANARY_NAME))
			continue;
		if (!left++)
			snprintf(first, sizeof(first), "%s", e->d_name);
		gone += fsutil_remove_at(s->fd, e->d_name) == 0;
	}
	if (left) {
		size_t n = strlen(note);

		snprintf(note + n, len - n, "%sthe judge left '%s/%s' behind%s: its "
			 "cleanup missed what the submission made", n ? "; " : "",
			 s->path, first,
			 (size_t)gone == left ? "" : " (and selftest could not remove it)");
		ok = false;
	}
	return ok;
}

/*** Judging and reporting ***/

struct tally {
	size_t passed, failed, skipped;
};

struct report {
	bool json, colour;
	json_t *results;  /* --json */
	json_t *packages; /* --json */
	struct tally t;
};

static const char *short_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

static void print_row(const struct report *rep, const char *pkg, const char *name,
		      const char *expected, const char *got, double secs,
		      const char *result, bool good)
{
	printf("%-11s %-40s %-8s %s%-4s%s %7.3f s  %s%s%s\n", pkg, name, expected,
	       cmd_verdict_colour(good ? VERDICT_AC : VERDICT_WA, rep->colour), got,
	       cmd_colour_reset(rep->colour), secs,
	       cmd_verdict_colour(good ? VERDICT_AC : VERDICT_WA, rep->colour), result,
	       cmd_colour_reset(rep->colour));
}

/* Why J is not AC, for a reader: the judgement's message (CE, JE), else
 * the first failing test's ("line 1: expected 'ok', got 'HOLE:...'"). */
static void detail(const struct judgement *j, char *buf, size_t len)
{
	snprintf(buf, len, "%s", j->message);
	for (size_t i = 0; !buf[0] && i < j->n_tests; i++)
		if (j->tests[i].verdict != VERDICT_AC && j->tests[i].message[0])
			snprintf(buf, len, "%s: %s", j->tests[i].name, j->tests[i].message);
}

/* A submission whose language is not installed here: JE, naming it. */
static bool language_missing(const struct cmd_env *env, const struct judgement *j)
{
	const struct language *l;

	if (j->verdict != VERDICT_JE || !j->language)
		return false;
	l = lang_by_id(env->langs, j->language);
	return l && !l->available;
}

static int run_submission(struct cmd_env *env, struct scratch *scratch,
			  const struct problem *prob, const struct problem_submission *s,
			  struct report *rep)
{
	char note[NOTE_MAX], why[JUDGE_MESSAGE_MAX + 64];
	struct judgement j;
	bool clean, skipped, good;
	int r = cmd_judge_expected(&env->ctx, prob, s, &j);

	if (r < 0)
		return -1;
	clean = scratch_check(scratch, note, sizeof(note));
	detail(&j, why, sizeof(why));
	skipped = r == 0 && language_missing(env, &j);
	good = (r == 1 || skipped) && clean;
	if (!good)
		rep->t.failed++;
	else if (skipped)
		rep->t.skipped++;
	else
		rep->t.passed++;
	if (rep->json) {
		json_t *o = cmd_expected_json(s, &j, r == 1);

		if (o) {
			json_object_set_new(o, "package", json_string(prob->short_name));
			json_object_set_new(o, "skipped", json_boolean(skipped));
			json_object_set_new(o, "detail", json_string(why));
			json_object_set_new(o, "check", json_string(note));
			json_object_set_new(o, "pass", json_boolean(good));
			json_array_append_new(rep->results, o);
		}
	} else {
		print_row(rep, prob->short_name, s->name,
			  verdict_name((enum verdict)s->expected), verdict_name(j.verdict),
			  (double)j.cpu_us / 1e6, skipped && good ? "skip" : good ? "ok" : "FAIL",
			  good);
		if ((r == 0 || skipped) && why[0])
			printf("%-11s   %s\n", "", why);
		if (note[0])
			printf("%-11s   %s\n", "", note);
		fflush(stdout);
	}
	judgement_free(&j);
	return 0;
}

/* Judge every submission of the package at PATH.  -1 only when out of
 * memory; a broken package is a failure in the report. */
static int run_package(struct cmd_env *env, struct scratch *scratch,
		       const char *path, struct report *rep)
{
	struct problem *prob = NULL;
	struct arb_err err;
	size_t failed_before = rep->t.failed;
	int rc = 0;

	arb_err_clear(&err);
	if (problem_load(path, &prob, &err) < 0 ||
	    judge_derive_time_limit(&env->ctx, prob, &err) < 0) {
		rep->t.failed++;
		if (rep->json)
			json_array_append_new(rep->packages,
					      json_pack("{s:s, s:b, s:s, s:i}", "name",
							short_name(path), "ok", 0,
							"message", err.msg, "submissions", 0));
		else
			printf("%-11s %s%s%s\n", short_name(path),
			       cmd_verdict_colour(VERDICT_JE, rep->colour), err.msg,
			       cmd_colour_reset(rep->colour));
		problem_free(prob);
		return 0;
	}
	for (size_t i = 0; i < prob->n_subs && rc == 0; i++)
		rc = run_submission(env, scratch, prob, &prob->subs[i], rep);
	if (rep->json)
		json_array_append_new(rep->packages,
				      json_pack("{s:s, s:b, s:s, s:I}", "name", prob->short_name,
						"ok", rep->t.failed == failed_before, "message", "",
						"submissions", (json_int_t)prob->n_subs));
	problem_free(prob);
	return rc;
}

/* The run could not go on: ERR for people, or as the one JSON object. */
static void fail_report(const struct report *rep, const struct arb_err *err)
{
	if (rep->json) {
		json_auto_t *o = json_pack("{s:b, s:s}", "ok", 0, "message", err->msg);

		if (o)
			json_dumpf(o, stdout, JSON_COMPACT), putchar('\n');
	} else {
		fprintf(stderr, "arbiter selftest: %s\n", err->msg);
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_selftest(int argc, char **argv)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'j'},
		{"box-id", required_argument, NULL, 'b'},
		{"cgroup", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct report rep = {0};
	struct scratch scratch = {.fd = -1};
	struct cmd_env env = {0};
	enum cg_mode mode = CG_MODE_AUTO;
	char dir[PATH_MAX];
	char **pkgs = NULL;
	struct arb_err err;
	uint64_t box = 0;
	bool env_open = false;
	double t0 = now_s();
	int c, rc = 1;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		switch (c) {
		case 'j': rep.json = true; break;
		case 'b':
		case 'c':
			if (cmd_parse_slot_option("selftest", c, optarg, &box, &mode) < 0)
				return CMD_EXIT_USAGE;
			break;
		case 'h': fputs(usage_text, stdout); return CMD_EXIT_OK;
		default:
			fprintf(stderr, "arbiter selftest: unknown option '%s'\n%s",
				argv[optind - 1], usage_text);
			return CMD_EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "arbiter selftest: expected at most one DIR\n%s", usage_text);
		return CMD_EXIT_USAGE;
	}
	rep.colour = !rep.json && cmd_use_colour(stdout);
	rep.results = json_array();
	rep.packages = json_array();
	if (!rep.results || !rep.packages) {
		arb_fail(&err, ARB_E_INTERNAL, ENOMEM, "report");
		fail_report(&rep, &err);
		goto out;
	}
	if (corpus_dir(optind < argc ? argv[optind] : NULL, dir, sizeof(dir), &err) < 0 ||
	    list_packages(dir, &pkgs, &err) < 0 ||
	    (env_open = cmd_env_open(&env, (int)box, mode, &err) == 0) == false ||
	    scratch_open(&scratch, &err) < 0) {
		fail_report(&rep, &err);
		goto out;
	}
	env.ctx.work_root = scratch.path;

	if (!rep.json) {
		size_t n = 0;

		while (pkgs[n])
			n++;
		printf("selftest: %s, %zu package%s, cgroup %s, box %d\n", dir, n,
		       n == 1 ? "" : "s", cg_mode_name(cg_manager_mode(env.cg)), (int)box);
		printf("%-11s %-40s %-8s %-4s %9s  %s\n", "PACKAGE", "SUBMISSION",
		       "EXPECTED", "GOT", "TIME", "RESULT");
		fflush(stdout);
	}
	for (size_t i = 0; pkgs[i]; i++)
		if (run_package(&env, &scratch, pkgs[i], &rep) < 0) {
			arb_fail(&err, ARB_E_INTERNAL, ENOMEM, "judging");
			fail_report(&rep, &err);
			goto out;
		}

	rc = rep.t.failed ? 1 : 0;
	if (rep.json) {
		json_auto_t *o = json_pack(
			"{s:s, s:b, s:I, s:I, s:I, s:f, s:O, s:O}", "dir", dir, "ok", rc == 0,
			"passed", (json_int_t)rep.t.passed, "failed", (json_int_t)rep.t.failed,
			"skipped", (json_int_t)rep.t.skipped, "seconds", now_s() - t0,
			"packages", rep.packages, "results", rep.results);

		if (o)
			json_dumpf(o, stdout, JSON_COMPACT), putchar('\n');
	} else {
		printf("selftest: %zu passed, %zu failed, %zu skipped (language not "
		       "installed) in %.1f s%s\n", rep.t.passed, rep.t.failed, rep.t.skipped,
		       now_s() - t0, rc ? "" : ": the sandbox held");
	}
out:
	if (scratch.path)
		scratch_close(&scratch);
	if (env_open)
		cmd_env_close(&env);
	strv_free(pkgs);
	json_decref(rep.results);
	json_decref(rep.packages);
	return rc;
}
