/* judge.c - judge_submission(): the pipeline, read top-down.
 *
 *   work       a private scratch dir on the host: src/ (the submission, then
 *              the compile box), val/ (a custom validator), and the files
 *              the supervisor opens for the boxes (outputs, logs), which no
 *              box ever sees;
 *   intake     the submission into src/ (intake.c: every archive trick is
 *              refused there) -> CE on a bad submission;
 *   language   from --lang or the extensions -> JE when unknown/missing;
 *   compile    in the sandbox, src/ bound read-write at /box, the
 *              compiler's output captured and sanitised -> CE;
 *   tests      in order; each run in a fresh box with src/ bound READ-ONLY
 *              at /box, so every test starts from the same compiled
 *              program and no test can leave anything for the next; stdin
 *              is the .in file (opened here - the box never sees data/),
 *              stdout a size-capped file outside the box;
 *   validate   the default validator in process, or the package's
 *              validator in its own sandbox (input and answer bound
 *              read-only, a feedback dir read-write);
 *   verdict    pure (verdict.c); the first failing test decides unless
 *              run_all_tests.
 */
#include "judge.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/fsutil.h"
#include "base/text.h"
#include "sandbox/sandbox.h"
#include "validate.h"

#define COMPILE_FSIZE (256ULL << 20)   /* binaries can be big */
#define COMPILE_NOFILE 256             /* javac opens many files */
#define VALIDATOR_CPU_US (60ULL * 1000000)
#define VALIDATOR_MEM (2048ULL << 20)
#define MIB (1ULL << 20)

/* What a submission may bring (the worker may lower it later). */
static const struct intake_limits submission_limits = {
	.max_entries = 1000, .max_file_bytes = 16 << 20,
	.max_total_bytes = 64 << 20, .max_ratio = 100, .max_depth = 16,
};

struct work {
	char *root; /* 0711 root: boxes never see it */
	char *src;  /* owned by the box user */
	char *val;
	char *fb;
	char *out, *err, *log;
};

/*** scratch space ***/

static void work_destroy(struct work *w)
{
	fsutil_rm_rf(w->root);
	free(w->root);
	free(w->src);
	free(w->val);
	free(w->fb);
	free(w->out);
	free(w->err);
	free(w->log);
	memset(w, 0, sizeof(*w));
}

static char *join(const char *a, const char *b)
{
	char *p;

	return asprintf(&p, "%s/%s", a, b) < 0 ? NULL : p;
}

/* A directory the box user can write (compile boxes, feedback dirs). */
static int box_dir(const char *path, uid_t uid, struct arb_err *err)
{
	if (mkdir(path, 0700) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "mkdir '%s'", path);
	if (chown(path, uid, uid) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "chown '%s'", path);
	return 0;
}

static int work_create(const struct judge_ctx *ctx, struct work *w,
		       struct arb_err *err)
{
	const char *base = ctx->work_root ? ctx->work_root : getenv("TMPDIR");
	uid_t uid = (uid_t)(SBX_UID_BASE + ctx->box_id);

	if (!base || !*base)
		base = "/tmp";
	if (asprintf(&w->root, "%s/arbiter-%d-XXXXXX", base, ctx->box_id) < 0) {
		w->root = NULL;
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "work dir");
	}
	if (!mkdtemp(w->root)) {
		int e = errno;
		free(w->root);
		w->root = NULL;
		return arb_fail(err, ARB_E_INTERNAL, e, "mkdtemp in '%s'", base);
	}
	chmod(w->root, 0711);
	w->src = join(w->root, "src");
	w->val = join(w->root, "val");
	w->fb = join(w->root, "feedback");
	w->out = join(w->root, "out");
	w->err = join(w->root, "err");
	w->log = join(w->root, "log");
	if (!w->src || !w->val || !w->fb || !w->out || !w->err || !w->log)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "work dir");
	return box_dir(w->src, uid, err);
}

/* A fresh file for a box's stream, created by the supervisor. */
static int open_capture(const char *path, struct arb_err *err)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0)
		arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'", path);
	return fd;
}

/*** one sandboxed step ***/

struct step {
	const char *policy;          /* name */
	char **argv;
	const char *box;             /* host dir at /box */
	bool box_ro;
	const struct sbx_path *binds;
	size_t n_binds;
	int in, out, errfd;
	struct sbx_limits lim;
};

static int run_step(struct judge_ctx *ctx, const struct step *s,
		    struct sbx_result *r, struct arb_err *err)
{
	struct sbx_policy *pol = NULL;
	struct sbx_spec spec;
	int rc;

	if (sbx_policy_load(ctx->policy_dir, s->policy, &pol, err) < 0)
		return -1;
	memset(&spec, 0, sizeof(spec));
	spec.policy = pol;
	spec.argv = (const char *const *)s->argv;
	spec.limits = s->lim;
	spec.box_id = ctx->box_id;
	spec.box_dir = s->box;
	spec.box_ro = s->box_ro;
	spec.binds = s->binds;
	spec.n_binds = s->n_binds;
	spec.stdin_fd = s->in;
	spec.stdout_fd = s->out;
	spec.stderr_fd = s->errfd;
	spec.cg = ctx->cg;
	rc = sbx_run(&spec, r, err);
	sbx_policy_free(pol);
	return rc;
}

static void wall_for(struct sbx_limits *lim)
{
	lim->wall_us = lim->cpu_us * JUDGE_WALL_FACTOR + JUDGE_WALL_EXTRA_US;
}

/*** compile ***/

/* Compile FILES in DIR with L.  Returns 0 with *OK set and *OUTPUT (the
 * compiler's messages), or -1 when the sandbox failed. */
static int compile(struct judge_ctx *ctx, const struct problem *prob,
		   const struct language *l, const char *dir, const struct work *w,
		   char *const *files, const char *main, const char *mainclass,
		   uint64_t mem_bytes, bool *ok, char **output, uint64_t *cpu_us,
		   char *why, size_t why_len, struct arb_err *err)
{
	struct lang_vars vars = {.files = files, .main = main, .mainclass = mainclass,
				 .binary = "a.out", .memlimit_mb = mem_bytes / MIB};
	_cleanup_close_ int log = -1;
	struct sbx_result r;
	struct step s;
	char **argv = NULL;
	int rc;

	*ok = false;
	if (lang_expand(l->compile, &vars, &argv, err) < 0)
		return -1;
	log = open_capture(w->log, err);
	if (log < 0) {
		lang_argv_free(argv);
		return -1;
	}
	memset(&s, 0, sizeof(s));
	s.policy = l->compile_policy;
	s.argv = argv;
	s.box = dir;
	s.in = -1;
	s.out = s.errfd = log;
	s.lim.cpu_us = prob->compile_time_us;
	wall_for(&s.lim);
	s.lim.mem_bytes = l->compile_mem_mib * MIB;
	s.lim.pids = l->compile_pids;
	s.lim.fsize_bytes = COMPILE_FSIZE;
	s.lim.nofile = COMPILE_NOFILE;
	rc = run_step(ctx, &s, &r, err);
	lang_argv_free(argv);
	if (rc < 0)
		return -1;
	*cpu_us = r.cpu_us;
	*output = text_file_head(w->log, JUDGE_COMPILE_OUTPUT_MAX);
	if (r.status != SBX_OK) {
		snprintf(why, why_len, "compilation failed: %s", r.message);
		return 0;
	}
	*ok = true;
	return 0;
}

/* The run template names {binary}: the compiler must have made it, as a
 * regular file (lstat: a symlink planted by a compile step is refused). */
static bool needs_binary(const struct language *l)
{
	for (char **a = l->run; a && *a; a++)
		if (strstr(*a, "{binary}"))
			return true;
	return false;
}

static bool has_binary(const char *dir)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s/a.out", dir);
	return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*** validation ***/

struct validator {
	const struct language *lang;
	char **argv; /* expanded run command */
};

static int prepare_validator(struct judge_ctx *ctx, const struct problem *prob,
			     const struct work *w, struct validator *v,
			     struct arb_err *err)
{
	struct intake_limits lim = submission_limits;
	struct intake_result files = {0};
	_cleanup_free_ char *output = NULL;
	_cleanup_free_ char *main = NULL;
	_cleanup_free_ char *mainclass = NULL;
	struct lang_vars vars;
	char **srcs = NULL;
	uint64_t cpu;
	char why[256];
	bool ok = true;
	int rc = -1;

	if (box_dir(w->val, (uid_t)(SBX_UID_BASE + ctx->box_id), err) < 0)
		return -1;
	if (intake_path(prob->validator_dir, w->val, &lim, &files, err) < 0 ||
	    lang_detect(ctx->langs, NULL, files.files, &v->lang, err) < 0 ||
	    lang_sources(v->lang, files.files, &srcs, err) < 0 ||
	    lang_find_main(v->lang, w->val, srcs, &main, &mainclass, err) < 0)
		goto out;
	if (!v->lang->available) {
		arb_fail(err, ARB_E_PACKAGE, 0, "language '%s' not available: %s",
			 v->lang->id, v->lang->missing ? v->lang->missing : "");
		goto out;
	}
	if (v->lang->compile &&
	    compile(ctx, prob, v->lang, w->val, w, srcs, main, mainclass,
		    VALIDATOR_MEM, &ok, &output, &cpu, why, sizeof(why), err) < 0)
		goto out;
	if (!ok) {
		arb_fail(err, ARB_E_PACKAGE, 0, "%s\n%s", why, output ? output : "");
		goto out;
	}
	vars = (struct lang_vars){.files = srcs, .main = main,
				  .mainclass = mainclass, .binary = "a.out",
				  .memlimit_mb = VALIDATOR_MEM / MIB};
	rc = lang_expand(v->lang->run, &vars, &v->argv, err);
out:
	free(srcs);
	intake_result_free(&files);
	if (rc < 0) {
		/* What would be the submitter's fault in a submission is the
		 * package's in its validator: JE, never CE. */
		if (err->kind == ARB_E_SUBMISSION || err->kind == ARB_E_REQUEST)
			err->kind = ARB_E_PACKAGE;
		arb_err_prefix(err, "output validator '%s'", prob->validator_dir);
	}
	return rc;
}

/* Run the package's validator on one test: exit 42 accepts, 43 rejects,
 * anything else is the validator's (the package's) fault. */
static int run_validator(struct judge_ctx *ctx,
			 const struct problem_test *t, const struct work *w,
			 const struct validator *v, enum validator_outcome *outcome,
			 char *msg, size_t msg_len, struct arb_err *err)
{
	struct sbx_path binds[3] = {
		{.kind = SBX_PATH_BIND, .src = t->in_path, .dst = "/judge/input"},
		{.kind = SBX_PATH_BIND, .src = t->ans_path, .dst = "/judge/answer"},
		{.kind = SBX_PATH_BIND, .src = w->fb, .dst = "/feedback", .rw = true,
		 .is_dir = true},
	};
	_cleanup_close_ int team = -1;
	_cleanup_free_ char *judgemsg = NULL;
	_cleanup_free_ char *fbmsg = NULL;
	size_t n = 0, extra = 0;
	struct sbx_result r;
	struct step s;
	char **argv;
	int rc;

	fsutil_rm_rf(w->fb);
	if (box_dir(w->fb, (uid_t)(SBX_UID_BASE + ctx->box_id), err) < 0)
		return -1;
	team = open(w->out, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (team < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'", w->out);
	while (v->argv[n])
		n++;
	while (t->validator_args && t->validator_args[extra])
		extra++;
	argv = calloc(n + 3 + extra + 1, sizeof(*argv));
	if (!argv)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "validator argv");
	memcpy(argv, v->argv, n * sizeof(*argv));
	argv[n] = "/judge/input";
	argv[n + 1] = "/judge/answer";
	argv[n + 2] = "/feedback/";
	for (size_t i = 0; i < extra; i++)
		argv[n + 3 + i] = t->validator_args[i];

	memset(&s, 0, sizeof(s));
	s.policy = v->lang->run_policy;
	s.argv = argv;
	s.box = w->val;
	s.box_ro = true;
	s.binds = binds;
	s.n_binds = 3;
	s.in = team;
	s.out = s.errfd = -1;
	s.lim.cpu_us = VALIDATOR_CPU_US;
	wall_for(&s.lim);
	s.lim.mem_bytes = VALIDATOR_MEM;
	s.lim.pids = v->lang->run_pids;
	s.lim.fsize_bytes = 1 << 20;
	rc = run_step(ctx, &s, &r, err);
	free(argv);
	if (rc < 0)
		return -1;

	judgemsg = join(w->fb, "judgemessage.txt");
	fbmsg = judgemsg ? text_file_head(judgemsg, msg_len - 1) : NULL;
	snprintf(msg, msg_len, "%s", fbmsg ? fbmsg : "");
	if (r.status == SBX_OK || (r.status == SBX_RTE && !r.signal &&
				   (r.exit_code == 42 || r.exit_code == 43))) {
		*outcome = r.exit_code == 43 ? VALIDATOR_REJECT : VALIDATOR_ACCEPT;
		if (r.exit_code == 0) {
			*outcome = VALIDATOR_FAILED;
			snprintf(msg, msg_len, "output validator exited 0 (expected 42 or 43)");
		}
		return 0;
	}
	*outcome = VALIDATOR_FAILED;
	snprintf(msg, msg_len, "output validator failed: %s", r.message);
	return 0;
}

/*** tests ***/

static int run_test(struct judge_ctx *ctx, const struct problem *prob,
		    const struct language *l, char **argv, const struct work *w,
		    const struct problem_test *t, const struct sbx_limits *lim,
		    const struct validator *v, struct judge_test *jt,
		    struct arb_err *err)
{
	_cleanup_close_ int in = -1;
	_cleanup_close_ int out = -1;
	_cleanup_close_ int errfd = -1;
	enum validator_outcome outcome = VALIDATOR_FAILED;
	struct sbx_result r;
	struct step s;

	in = open(t->in_path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return arb_fail(err, ARB_E_PACKAGE, errno, "open '%s'", t->in_path);
	out = open_capture(w->out, err);
	errfd = out < 0 ? -1 : open_capture(w->err, err);
	if (errfd < 0)
		return -1;
	memset(&s, 0, sizeof(s));
	s.policy = l->run_policy;
	s.argv = argv;
	s.box = w->src;
	s.box_ro = true;
	s.in = in;
	s.out = out;
	s.errfd = errfd;
	s.lim = *lim;
	if (run_step(ctx, &s, &r, err) < 0)
		return -1;

	jt->cpu_us = r.cpu_us;
	jt->wall_us = r.wall_us;
	jt->mem_kib = r.mem_kib;
	jt->exit_code = r.exit_code;
	jt->signal = r.signal;
	snprintf(jt->message, sizeof(jt->message), "%s", r.message);
	if (r.status == SBX_OK) {
		if (prob->validation == PROBLEM_VALIDATION_DEFAULT) {
			struct validate_result vr;

			if (validate_default(w->out, t->ans_path, &t->flags, &vr, err) < 0)
				return -1;
			outcome = vr.accepted ? VALIDATOR_ACCEPT : VALIDATOR_REJECT;
			snprintf(jt->message, sizeof(jt->message), "%s", vr.message);
		} else if (run_validator(ctx, t, w, v, &outcome, jt->message,
					 sizeof(jt->message), err) < 0) {
			return -1;
		}
	}
	jt->verdict = verdict_of_test(&r, outcome);
	return 0;
}

/*** the pipeline ***/

static uint64_t lower(uint64_t problem, uint64_t requested)
{
	return requested && requested < problem ? requested : problem;
}

static int pipeline(struct judge_ctx *ctx, const struct problem *prob,
		    const struct judge_request *req, struct work *w,
		    struct judgement *j, struct arb_err *err)
{
	struct intake_limits lim = submission_limits;
	struct intake_result files = {0};
	struct validator v = {0};
	const struct language *l = NULL;
	_cleanup_free_ char *main = NULL;
	_cleanup_free_ char *mainclass = NULL;
	struct sbx_limits run_lim = {0};
	struct lang_vars vars;
	char **argv = NULL;
	char **srcs = NULL;
	uint64_t tl, mem, outb;
	int rc = -1;

	tl = lower(prob->time_limit_us ? prob->time_limit_us
				       : PROBLEM_FALLBACK_TIME_LIMIT_US,
		   req->time_limit_us);
	mem = lower(prob->memory_bytes, req->memory_bytes);
	outb = lower(prob->output_bytes, req->output_bytes);
	j->time_limit_us = tl;

	if (prob->validation == PROBLEM_VALIDATION_INTERACTIVE) {
		arb_fail(err, ARB_E_PACKAGE, 0, "interactive problems are not supported yet");
		goto out;
	}
	if ((req->intake ? req->intake(req->intake_arg, w->src, &lim, &files, err)
			 : intake_path(req->path, w->src, &lim, &files, err)) < 0)
		goto out;
	if (lang_detect(ctx->langs, req->lang_id, files.files, &l, err) < 0)
		goto out;
	j->language = strdup(l->id);
	if (!l->available) {
		arb_fail(err, ARB_E_REQUEST, 0, "language '%s' is not available here: %s",
			 l->id, l->missing ? l->missing : "toolchain missing");
		goto out;
	}
	/* Only the sources go to {files}: a README or a header is not
	 * compiled. */
	if (lang_sources(l, files.files, &srcs, err) < 0 ||
	    lang_find_main(l, w->src, srcs, &main, &mainclass, err) < 0)
		goto out;

	j->compile_ok = true;
	if (l->compile) {
		char why[JUDGE_MESSAGE_MAX];

		j->compiled = true;
		if (compile(ctx, prob, l, w->src, w, srcs, main, mainclass, mem,
			    &j->compile_ok, &j->compile_output, &j->compile_cpu_us,
			    why, sizeof(why), err) < 0)
			goto out;
		if (j->compile_ok && needs_binary(l) && !has_binary(w->src)) {
			j->compile_ok = false;
			snprintf(why, sizeof(why), "the compiler produced no program");
		}
		if (!j->compile_ok) {
			j->verdict = VERDICT_CE;
			snprintf(j->message, sizeof(j->message), "%s", why);
			rc = 0;
			goto out;
		}
	}
	if (prob->validation == PROBLEM_VALIDATION_CUSTOM &&
	    prepare_validator(ctx, prob, w, &v, err) < 0)
		goto out;

	vars = (struct lang_vars){.files = srcs, .main = main,
				  .mainclass = mainclass, .binary = "a.out",
				  .memlimit_mb = mem / MIB};
	if (lang_expand(l->run, &vars, &argv, err) < 0)
		goto out;
	run_lim.cpu_us = (uint64_t)((double)tl * l->time_multiplier);
	wall_for(&run_lim);
	run_lim.mem_bytes = (uint64_t)((double)mem * l->mem_multiplier) +
			    l->mem_extra_mib * MIB;
	run_lim.pids = l->run_pids;
	run_lim.fsize_bytes = outb;

	j->tests = calloc(prob->n_tests ? prob->n_tests : 1, sizeof(*j->tests));
	if (!j->tests) {
		arb_fail(err, ARB_E_INTERNAL, ENOMEM, "tests");
		goto out;
	}
	j->verdict = VERDICT_AC;
	for (size_t i = 0; i < prob->n_tests; i++) {
		struct judge_test *jt = &j->tests[j->n_tests];

		jt->name = strdup(prob->tests[i].name);
		j->n_tests++;
		if (run_test(ctx, prob, l, argv, w, &prob->tests[i], &run_lim, &v, jt,
			     err) < 0) {
			/* The judge failed on this test: it is listed as JE,
			 * never as the AC its zeroed record would say. */
			jt->verdict = VERDICT_JE;
			snprintf(jt->message, sizeof(jt->message), "%s", err->msg);
			goto out;
		}
		if (jt->cpu_us > j->cpu_us)
			j->cpu_us = jt->cpu_us;
		if (jt->wall_us > j->wall_us)
			j->wall_us = jt->wall_us;
		if (jt->mem_kib > j->mem_kib)
			j->mem_kib = jt->mem_kib;
		if (ctx->on_test)
			ctx->on_test(ctx->on_test_arg, i, prob->n_tests, jt);
		if (jt->verdict != VERDICT_AC && j->verdict == VERDICT_AC) {
			j->verdict = jt->verdict;
			if (jt->verdict == VERDICT_JE)
				snprintf(j->message, sizeof(j->message), "%.100s: %.900s",
					 jt->name, jt->message);
			if (!req->run_all_tests)
				break;
		}
	}
	j->score = j->verdict == VERDICT_AC ? 1 : 0;
	rc = 0;
out:
	lang_argv_free(argv);
	lang_argv_free(v.argv);
	free(srcs);
	intake_result_free(&files);
	return rc;
}

int judge_submission(struct judge_ctx *ctx, const struct problem *prob,
		     const struct judge_request *req, struct judgement *out)
{
	struct work w = {0};
	struct arb_err err;

	memset(out, 0, sizeof(*out));
	out->verdict = VERDICT_JE;
	arb_err_clear(&err);
	if (work_create(ctx, &w, &err) < 0 || pipeline(ctx, prob, req, &w, out, &err) < 0) {
		/* The submitter's fault is CE; anything else is the judge's. */
		_cleanup_free_ char *msg = text_sanitize(err.msg, strlen(err.msg),
							 sizeof(out->message) - 32);

		out->verdict = err.kind == ARB_E_SUBMISSION ? VERDICT_CE : VERDICT_JE;
		out->score = 0;
		snprintf(out->message, sizeof(out->message), "%s", msg ? msg : err.msg);
	}
	if (!out->compile_output)
		out->compile_output = strdup("");
	work_destroy(&w);
	return out->compile_output ? 0 : -1;
}

void judgement_free(struct judgement *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->n_tests; i++)
		free(j->tests[i].name);
	free(j->tests);
	free(j->language);
	free(j->compile_output);
	memset(j, 0, sizeof(*j));
}

int judge_derive_time_limit(struct judge_ctx *ctx, struct problem *prob,
			    struct arb_err *err)
{
	/* Generous while measuring: ten times the fallback. */
	const uint64_t probe_tl = 10 * PROBLEM_FALLBACK_TIME_LIMIT_US;
	uint64_t slowest = 0;
	bool any = false;

	if (prob->time_limit_us)
		return 0;
	prob->time_limit_us = probe_tl;
	for (size_t i = 0; i < prob->n_subs; i++) {
		struct judge_request req = {.path = prob->subs[i].path};
		struct judgement j;

		if (prob->subs[i].expected != VERDICT_AC)
			continue;
		if (judge_submission(ctx, prob, &req, &j) < 0) {
			prob->time_limit_us = 0;
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "judging");
		}
		if (j.verdict != VERDICT_AC) {
			arb_fail(err, ARB_E_PACKAGE, 0,
				 "deriving the time limit: accepted submission '%s' got %s%s%s",
				 prob->subs[i].name, verdict_name(j.verdict),
				 j.message[0] ? ": " : "", j.message);
			judgement_free(&j);
			prob->time_limit_us = 0;
			return -1;
		}
		any = true;
		if (j.cpu_us > slowest)
			slowest = j.cpu_us;
		judgement_free(&j);
	}
	if (!any) {
		prob->time_limit_us = PROBLEM_FALLBACK_TIME_LIMIT_US;
		return 0;
	}
	/* problemtools: slowest accepted time x multiplier, rounded up to a
	 * whole second. */
	prob->time_limit_us =
		(uint64_t)ceil((double)slowest * prob->time_multiplier / 1e6) * 1000000;
	if (!prob->time_limit_us)
		prob->time_limit_us = 1000000;
	return 0;
}
