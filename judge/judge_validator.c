/* judge_validator.c - the package's own programs, each built once and run
 * in its own box (judge.c runs the submission):
 *
 *   output validator  `validator input answer feedback_dir [args] < output`,
 *                     input and answer bound read-only, a fresh writable
 *                     feedback dir; exit 42 accepts, 43 rejects, anything
 *                     else is the package's fault (JE); judgemessage.txt
 *                     is read confined to the feedback dir (safeopen.h);
 *   testlib checker   `checker input output answer`, its exit decoded by
 *                     testlib.c (output_validator_protocol: testlib);
 *   interactive       the validator (or a testlib interactor) and the
 *                     submission at once, in two boxes joined by pipes;
 *   judge_program_*() another program of the package (verify's input
 *                     validators), built and run the same way outside a
 *                     submission.
 */
#include "judge_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/clock.h"
#include "base/fsutil.h"
#include "base/safeopen.h"
#include "base/text.h"
#include "testlib.h"

/*** validation ***/

/* Build the package program in DIR (a file or a folder; WHAT names it
 * in messages: "output validator") into INTO: V gets its language and
 * run command. */
int judge_validator_build(struct judge_ctx *ctx, const struct problem *prob,
			  const char *dir, const char *what,
			  const struct work *w, const char *into, struct validator *v,
			  struct arb_err *err)
{
	struct intake_limits lim = judge_submission_limits;
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

	v->dir = into;
	if (judge_box_dir(into, (uid_t)(SBX_UID_BASE + ctx->box_id), err) < 0)
		return -1;
	if (intake_path(dir, into, &lim, &files, err) < 0 ||
	    lang_detect(ctx->langs, NULL, files.files, &v->lang, err) < 0 ||
	    lang_sources(v->lang, files.files, &srcs, err) < 0 ||
	    lang_find_main(v->lang, into, srcs, &main, &mainclass, err) < 0)
		goto out;
	if (!v->lang->available) {
		arb_fail(err, ARB_E_PACKAGE, 0, "language '%s' not available: %s",
			 v->lang->id, v->lang->missing ? v->lang->missing : "");
		goto out;
	}
	if (problem_substitute_constants(prob, into, files.files, err) < 0)
		goto out;
	if (v->lang->compile &&
	    judge_compile(ctx, prob, v->lang, into, w, srcs, main, mainclass,
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
		arb_err_prefix(err, "%s '%s'", what, dir);
	}
	return rc;
}

int judge_output_validator_build(struct judge_ctx *ctx, const struct problem *prob,
				 const struct work *w, struct validator *v,
				 struct arb_err *err)
{
	if (judge_validator_build(ctx, prob, prob->validator_dir, "output validator", w,
				  w->val, v, err) < 0)
		return -1;
	if (!prob->checker_dir)
		return 0;
	if (!(v->checker = calloc(1, sizeof(*v->checker))))
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "checker");
	return judge_validator_build(ctx, prob, prob->checker_dir, "checker", w, w->chk,
				     v->checker, err);
}

void judge_validator_free(struct validator *v)
{
	if (v->checker) {
		judge_validator_free(v->checker);
		free(v->checker);
	}
	lang_argv_free(v->argv);
	memset(v, 0, sizeof(*v));
}

/* The validator runs as the box user, so what it leaves in the feedback
 * dir is opened confined to it (safeopen.h) and copied, bounded, to where
 * no box can change it while the judge (or the next box) reads it. */
int judge_take_feedback(const struct work *w, const char *name, const char *dest,
			uint64_t max, struct arb_err *err)
{
	_cleanup_close_ int in = -1;
	_cleanup_close_ int out = -1;
	char buf[65536];
	uint64_t total = 0;
	struct stat st;
	ssize_t n;

	in = safe_open_beneath(w->fb, name, O_RDONLY | O_NONBLOCK, 0);
	if (in < 0)
		return errno == ENOENT ? 0 : arb_fail(err, ARB_E_PACKAGE, errno,
						      "output validator: %s", name);
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode))
		return arb_fail(err, ARB_E_PACKAGE, 0,
				"output validator: %s is not a regular file", name);
	out = open(dest, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	/* Readable by a box user: it may be bound as a program's input. */
	if (out < 0 || fchmod(out, 0644) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'", dest);
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		total += (uint64_t)n;
		if (total > max)
			return arb_fail(err, ARB_E_PACKAGE, EFBIG, "output validator: %s", name);
		if (write(out, buf, (size_t)n) != n)
			return arb_fail(err, ARB_E_INTERNAL, errno, "write '%s'", dest);
	}
	if (n < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "read %s", name);
	return 1;
}

/* The package validator's step for test T: `validator input answer
 * feedback_dir [args]`, with the input and answer bound read-only (an
 * interactive test may have no answer: /dev/null then) and a fresh
 * writable feedback dir.  VS must stay put while VS->s is used. */
struct vstep {
	struct sbx_path binds[3];
	char **argv;
	struct step s;
};

static int validator_prepare(struct judge_ctx *ctx, const struct problem_test *t,
			     const struct work *w, const struct validator *v, bool fresh,
			     struct vstep *vs, struct arb_err *err)
{
	size_t n = 0, extra = 0, nb = 0;

	memset(vs, 0, sizeof(*vs));
	if (fresh) {
		fsutil_rm_rf(w->fb);
		if (judge_box_dir(w->fb, (uid_t)(SBX_UID_BASE + ctx->box_id), err) < 0)
			return -1;
	}
	vs->binds[nb++] = (struct sbx_path){.kind = SBX_PATH_BIND, .src = t->in_path,
					    .dst = "/judge/input"};
	if (t->ans_path)
		vs->binds[nb++] = (struct sbx_path){.kind = SBX_PATH_BIND,
						    .src = t->ans_path,
						    .dst = "/judge/answer"};
	vs->binds[nb++] = (struct sbx_path){.kind = SBX_PATH_BIND, .src = w->fb,
					    .dst = "/feedback", .rw = true, .is_dir = true};
	while (v->argv[n])
		n++;
	while (t->validator_args && t->validator_args[extra])
		extra++;
	vs->argv = calloc(n + 3 + extra + 1, sizeof(*vs->argv));
	if (!vs->argv)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "validator argv");
	memcpy(vs->argv, v->argv, n * sizeof(*vs->argv));
	vs->argv[n] = "/judge/input";
	vs->argv[n + 1] = t->ans_path ? "/judge/answer" : "/dev/null";
	vs->argv[n + 2] = "/feedback/";
	for (size_t i = 0; i < extra; i++)
		vs->argv[n + 3 + i] = t->validator_args[i];

	vs->s.policy = v->lang->run_policy;
	vs->s.argv = vs->argv;
	vs->s.box = v->dir;
	vs->s.box_ro = true;
	vs->s.binds = vs->binds;
	vs->s.n_binds = nb;
	vs->s.in = vs->s.out = vs->s.errfd = -1;
	vs->s.lim.cpu_us = VALIDATOR_CPU_US;
	judge_wall_for(&vs->s.lim);
	vs->s.lim.mem_bytes = VALIDATOR_MEM;
	vs->s.lim.pids = v->lang->run_pids;
	vs->s.lim.fsize_bytes = 1 << 20;
	return 0;
}

/* Exit 42 accepts, 43 rejects, anything else is the validator's (the
 * package's) fault.  MSG gets judgemessage.txt, or why it failed. */
static void validator_outcome(const struct sbx_result *r, const struct work *w,
			      enum validator_outcome *outcome, char *msg, size_t msg_len)
{
	/* The validator wrote the feedback dir: confined open (safeopen.h). */
	_cleanup_close_ int fd = safe_open_beneath(w->fb, "judgemessage.txt",
						   O_RDONLY | O_NONBLOCK, 0);
	_cleanup_free_ char *fbmsg = text_fd_head(fd, msg_len - 1);

	snprintf(msg, msg_len, "%s", fbmsg ? fbmsg : "");
	if (r->status == SBX_RTE && !r->signal && (r->exit_code == 42 || r->exit_code == 43)) {
		*outcome = r->exit_code == 43 ? VALIDATOR_REJECT : VALIDATOR_ACCEPT;
		return;
	}
	*outcome = VALIDATOR_FAILED;
	if (r->status == SBX_OK)
		snprintf(msg, msg_len, "output validator exited 0 (expected 42 or 43)");
	else
		snprintf(msg, msg_len, "output validator failed: %s", r->message);
}

/* Run the package's validator on one test's output (w->out). */
int judge_validator_run(struct judge_ctx *ctx, const struct problem_test *t,
			const struct work *w, const struct validator *v, bool fresh,
			enum validator_outcome *outcome, char *msg, size_t msg_len,
			struct arb_err *err)
{
	_cleanup_close_ int team = -1;
	struct sbx_result r;
	struct vstep vs;
	int rc;

	if (validator_prepare(ctx, t, w, v, fresh, &vs, err) < 0)
		return -1;
	team = open(w->out, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (team < 0) {
		free(vs.argv);
		return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'", w->out);
	}
	vs.s.in = team;
	rc = judge_run_step(ctx, &vs.s, &r, err);
	free(vs.argv);
	if (rc < 0)
		return -1;
	validator_outcome(&r, w, outcome, msg, msg_len);
	return 0;
}

/* A testlib-style checker (output_validator_protocol: testlib) on one
 * test's output: `checker /judge/input /judge/output /judge/answer`, the
 * team's output bound read-only (made readable to the box user, as a
 * nextpass input is), stdout and stderr captured; testlib_outcome()
 * decides.  No validator arguments: testlib reads a fourth argument as a
 * report file.  Exit 7's points become the test's score. */
int judge_checker_run(struct judge_ctx *ctx, const struct problem_test *t,
		      const struct work *w, const struct validator *v,
		      enum validator_outcome *outcome, struct judge_test *jt,
		      struct arb_err *err)
{
	_cleanup_free_ char *cap = judge_join(w->io, "checker");
	_cleanup_free_ char *output = NULL;
	_cleanup_close_ int fd = -1;
	struct sbx_result r;
	struct vstep vs;
	bool has_points;
	double points;
	size_t n = 0;
	int rc, code = -1;

	if (!cap)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "checker");
	if (!t->ans_path)
		return arb_fail(err, ARB_E_PACKAGE, 0, "%s: a testlib checker needs a .ans",
				t->name);
	if (chmod(w->out, 0644) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "chmod '%s'", w->out);
	if (validator_prepare(ctx, t, w, v, true, &vs, err) < 0)
		return -1;
	while (vs.argv[n] && strcmp(vs.argv[n], "/judge/input") != 0)
		n++;
	/* validator_prepare's binds: input, answer, feedback dir; the
	 * output takes the feedback dir's place. */
	vs.binds[2] = (struct sbx_path){.kind = SBX_PATH_BIND, .src = w->out,
					.dst = "/judge/output"};
	vs.argv[n + 1] = "/judge/output";
	vs.argv[n + 2] = "/judge/answer";
	vs.argv[n + 3] = NULL;
	fd = judge_open_capture(cap, err);
	if (fd < 0) {
		free(vs.argv);
		return -1;
	}
	vs.s.out = vs.s.errfd = fd;
	rc = judge_run_step(ctx, &vs.s, &r, err);
	free(vs.argv);
	if (rc < 0)
		return -1;
	if (r.status == SBX_OK || (r.status == SBX_RTE && !r.signal))
		code = r.exit_code;
	output = text_file_head(cap, sizeof(jt->message) - 1);
	*outcome = testlib_outcome(code, output, &has_points, &points, jt->message,
				   sizeof(jt->message));
	if (code < 0)
		snprintf(jt->message, sizeof(jt->message), "checker failed: %s", r.message);
	if (has_points)
		jt->score = points;
	return 0;
}

/*** interactive tests ***/

/* A testlib interactor's output file, for the checker: it is written in
 * the feedback dir, under the validator's file size limit anyway. */
#define TOUT_MAX (64ULL << 20)

/* The validator side of an interactive test, run in its own thread: two
 * boxes must run at once, and sbx_run() blocks until its box is done. */
struct interactor {
	struct judge_ctx *ctx;
	struct vstep vs;
	int in, out;          /* its ends of the two pipes; closed when done */
	struct sbx_result r;
	struct arb_err err;
	int rc;
	uint64_t done_ns; /* when its box was gone */
};

static void *interactor_main(void *arg)
{
	struct interactor *it = arg;

	it->rc = judge_run_step(it->ctx, &it->vs.s, &it->r, &it->err);
	it->done_ns = mono_ns();
	/* Its box is gone: close our copies too, so the submission reads
	 * EOF (or gets EPIPE) instead of waiting out its wall limit. */
	close(it->in);
	close(it->out);
	return NULL;
}

/* Submission and validator in two boxes, each one's stdout the other's
 * stdin.  Verdict by verdict_of_interactive(). */
int judge_interactive_run(struct judge_ctx *ctx, struct step *sub, const struct work *w,
			  const struct problem_test *t, const struct validator *v,
			  bool testlib, bool fresh, struct judge_test *jt,
			  struct arb_err *err)
{
	struct interactor it = {.ctx = ctx, .in = -1, .out = -1};
	enum validator_outcome outcome;
	int to_val[2] = {-1, -1}, to_sub[2] = {-1, -1};
	_cleanup_free_ char *cap = judge_join(w->io, "interactor");
	_cleanup_close_ int cap_fd = -1;
	struct sbx_result r;
	pthread_t thread;
	uint64_t sub_done_ns;
	int rc;

	if (!cap)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "interactor");
	if (validator_prepare(ctx, t, w, v, fresh, &it.vs, err) < 0)
		return -1;
	if (testlib) {
		/* testlib's registerInteraction(): `interactor input output
		 * [answer]`; the output file (for a checker) goes to the
		 * feedback dir, its verdict to stderr, captured here. */
		size_t n = 0;

		while (it.vs.argv[n] && strcmp(it.vs.argv[n], "/judge/input") != 0)
			n++;
		it.vs.argv[n + 1] = "/feedback/tout";
		it.vs.argv[n + 2] = t->ans_path ? "/judge/answer" : NULL;
		it.vs.argv[n + 3] = NULL;
		if ((cap_fd = judge_open_capture(cap, err)) < 0) {
			free(it.vs.argv);
			return -1;
		}
		it.vs.s.errfd = cap_fd;
	}
	if (pipe2(to_val, O_CLOEXEC) < 0 || pipe2(to_sub, O_CLOEXEC) < 0) {
		rc = arb_fail(err, ARB_E_INTERNAL, errno, "pipe");
		goto fail;
	}
	it.in = to_val[0];
	it.out = to_sub[1];
	it.vs.s.in = it.in;
	it.vs.s.out = it.out;
	/* A deadlock (both reading) must end with the submission's wall
	 * limit, not the validator's long one. */
	it.vs.s.lim.wall_us = sub->lim.wall_us + JUDGE_WALL_EXTRA_US;
	sub->in = to_sub[0];
	sub->out = to_val[1];
	if (pthread_create(&thread, NULL, interactor_main, &it) != 0) {
		rc = arb_fail(err, ARB_E_INTERNAL, 0, "cannot start the interactor thread");
		goto fail;
	}
	rc = judge_run_step(ctx, sub, &r, err);
	sub_done_ns = mono_ns();
	close(to_sub[0]);
	close(to_val[1]);
	pthread_join(thread, NULL);
	free(it.vs.argv);
	if (rc < 0)
		return -1;
	if (it.rc < 0) {
		*err = it.err;
		return arb_err_prefix(err, "interactor");
	}
	judge_test_take_run(jt, &r);
	if (testlib) {
		_cleanup_free_ char *said = text_file_head(cap, sizeof(jt->message) - 1);
		bool has_points;
		double points;
		int code = it.r.status == SBX_OK ||
				   (it.r.status == SBX_RTE && !it.r.signal)
			   ? it.r.exit_code : -1;

		outcome = testlib_outcome(code, said, &has_points, &points, jt->message,
					  sizeof(jt->message));
		if (code < 0)
			snprintf(jt->message, sizeof(jt->message),
				 "interactor failed: %s", it.r.message);
		if (has_points)
			jt->score = points;
	} else {
		validator_outcome(&it.r, w, &outcome, jt->message, sizeof(jt->message));
	}
	/* it.done_ns is read after the join: the thread wrote it before. */
	jt->verdict = verdict_of_interactive(&r, outcome, it.done_ns < sub_done_ns);
	/* Polygon: the interactor accepted the dialogue; the checker judges
	 * what it wrote to tout. */
	if (jt->verdict == VERDICT_AC && v->checker) {
		int took = judge_take_feedback(w, "tout", w->out, TOUT_MAX, err);

		if (took < 0)
			return arb_err_prefix(err, "interactor");
		if (took == 0) { /* no tout: the checker reads an empty output */
			int fd = judge_open_capture(w->out, err);

			if (fd < 0)
				return -1;
			close(fd);
		}
		if (judge_checker_run(ctx, t, w, v->checker, &outcome, jt, err) < 0)
			return -1;
		jt->verdict = verdict_of_test(&r, outcome);
	}
	/* The submission's own failure explains itself better. */
	if (jt->verdict == VERDICT_TLE || jt->verdict == VERDICT_MLE ||
	    jt->verdict == VERDICT_OLE || jt->verdict == VERDICT_RTE)
		snprintf(jt->message, sizeof(jt->message), "%s", r.message);
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		if (to_val[i] >= 0)
			close(to_val[i]);
		if (to_sub[i] >= 0)
			close(to_sub[i]);
	}
	free(it.vs.argv);
	return rc;
}

/*** package programs outside a submission (verify's input validators) ***/

/* Built like the output validator (prepare_validator), into a scratch dir
 * of its own, and run in the same kind of box with the same limits. */
struct judge_program {
	struct work w;
	struct validator v;
};

int judge_program_build(struct judge_ctx *ctx, const struct problem *prob,
			const char *path, const char *what,
			struct judge_program **out, struct arb_err *err)
{
	struct judge_program *p;

	*out = NULL;
	if (judge_policy_cache_init(ctx, err) < 0)
		return -1;
	if (!(p = calloc(1, sizeof(*p))))
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "%s", what);
	if (judge_work_create(ctx, &p->w, err) < 0 ||
	    judge_validator_build(ctx, prob, path, what, &p->w, p->w.val, &p->v, err) < 0) {
		judge_program_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

int judge_program_run(struct judge_ctx *ctx, struct judge_program *p,
		      const char *in_path, char *const *args, int *exit_code,
		      char *why, size_t why_len, char **output, struct arb_err *err)
{
	_cleanup_close_ int in = -1;
	_cleanup_close_ int out = -1;
	_cleanup_free_ char **argv = NULL;
	struct sbx_result r;
	struct step s;
	size_t n = 0, extra = 0;

	*exit_code = -1;
	*output = NULL;
	why[0] = '\0';
	while (p->v.argv[n])
		n++;
	while (args && args[extra])
		extra++;
	if (!(argv = calloc(n + extra + 1, sizeof(*argv))))
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "program argv");
	memcpy(argv, p->v.argv, n * sizeof(*argv));
	memcpy(argv + n, args, extra * sizeof(*argv));
	in = open(in_path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return arb_fail(err, ARB_E_PACKAGE, errno, "open '%s'", in_path);
	if ((out = judge_open_capture(p->w.out, err)) < 0)
		return -1;
	memset(&s, 0, sizeof(s));
	s.policy = p->v.lang->run_policy;
	s.argv = argv;
	s.box = p->w.val;
	s.box_ro = true;
	s.in = in;
	s.out = s.errfd = out;
	s.lim.cpu_us = VALIDATOR_CPU_US;
	judge_wall_for(&s.lim);
	s.lim.mem_bytes = VALIDATOR_MEM;
	s.lim.pids = p->v.lang->run_pids;
	s.lim.fsize_bytes = 1 << 20;
	if (judge_run_step(ctx, &s, &r, err) < 0)
		return -1;
	if (r.status == SBX_OK || (r.status == SBX_RTE && !r.signal))
		*exit_code = r.exit_code;
	else
		snprintf(why, why_len, "%s", r.message);
	*output = text_file_head(p->w.out, JUDGE_MESSAGE_MAX);
	return 0;
}

void judge_program_free(struct judge_program *p)
{
	if (!p)
		return;
	judge_validator_free(&p->v);
	judge_work_destroy(&p->w);
	free(p);
}
