/* judge.c - judge_submission(): the pipeline, read top-down.
 *
 *   work       a private scratch dir on the host: src/ (a bounded tmpfs:
 *              the submission, then the compile box), val/ (a custom
 *              validator), and the files the supervisor opens for the
 *              boxes (outputs, logs), which no box ever sees;
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
 *              read-only, a feedback dir read-write); interactive: both
 *              boxes at once, joined by pipes; multi-pass (interactive
 *              or not): the validator's nextpass.in feeds another run
 *              of the test; a testlib
 *              checker (output_validator_protocol: testlib) is called
 *              `checker input output answer` and its exit decoded by
 *              testlib.c;
 *   verdict    pure (verdict.c); the first failing test decides unless
 *              run_all_tests.
 * judge_program_*() build and run another program of the package (verify's
 * input validators) with the validator's machinery, outside a submission.
 */
#include "judge_internal.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/clock.h"
#include "base/fsutil.h"
#include "base/procutil.h"
#include "base/text.h"
#include "sandbox/sandbox.h"
#include "score.h"
#include "testlib.h"
#include "validate.h"

#define COMPILE_FSIZE (256ULL << 20)   /* binaries can be big */
#define COMPILE_NOFILE 256             /* javac opens many files */
/* The submission's directory (sources, then the compiler's output): a
 * tmpfs this big, with this many inodes. */
#define JUDGE_SRC_BYTES (512ULL << 20)
#define JUDGE_SRC_INODES 20000

const struct intake_limits judge_submission_limits = {
	.max_entries = 1000, .max_file_bytes = 16 << 20,
	.max_total_bytes = 64 << 20, .max_ratio = 100, .max_depth = 16,
};


/*** scratch space ***/

void judge_work_destroy(struct work *w)
{
	/* The prepared box first: its mount namespace holds a bind of the
	 * submission's dir. */
	sbx_prepared_free(w->run_box);
	/* The submission's dir is its own tmpfs: unmounting drops all of it,
	 * however deep or wide the compile step made it. */
	if (w->src_mounted)
		umount2(w->src, MNT_DETACH);
	if (w->io_mounted)
		umount2(w->io, MNT_DETACH);
	fsutil_rm_rf(w->root);
	free(w->root);
	free(w->src);
	free(w->val);
	free(w->chk);
	free(w->fb);
	free(w->io);
	free(w->out);
	free(w->err);
	free(w->log);
	memset(w, 0, sizeof(*w));
}

char *judge_join(const char *a, const char *b)
{
	char *p;

	return asprintf(&p, "%s/%s", a, b) < 0 ? NULL : p;
}

/* A directory the box user can write (compile boxes, feedback dirs). */
int judge_box_dir(const char *path, uid_t uid, struct arb_err *err)
{
	if (mkdir(path, 0700) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "mkdir '%s'", path);
	if (chown(path, uid, uid) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "chown '%s'", path);
	return 0;
}

static const char *work_base(const char *work_root)
{
	const char *base = work_root ? work_root : getenv("TMPDIR");

	return base && *base ? base : "/tmp";
}

int judge_sweep_work(const char *work_root)
{
	const char *base = work_base(work_root);
	_cleanup_closedir_ DIR *d = opendir(base);
	struct dirent *de;
	int removed = 0;

	while (d && (de = readdir(d))) {
		char path[PATH_MAX], src[PATH_MAX + 8], tail[16];
		int box, pid;

		if (sscanf(de->d_name, "arbiter-%d-%d-%15s", &box, &pid, tail) != 3 ||
		    pid <= 0 || pid == getpid() || !proc_gone((pid_t)pid))
			continue;
		snprintf(path, sizeof(path), "%s/%s", base, de->d_name);
		snprintf(src, sizeof(src), "%s/src", path);
		/* Its tmpfs mounts first (EINVAL: not mounted). */
		umount2(src, MNT_DETACH | UMOUNT_NOFOLLOW);
		snprintf(src, sizeof(src), "%s/io", path);
		umount2(src, MNT_DETACH | UMOUNT_NOFOLLOW);
		fsutil_rm_rf(path);
		removed++;
	}
	return removed;
}

int judge_work_create(const struct judge_ctx *ctx, struct work *w,
		      struct arb_err *err)
{
	const char *base = work_base(ctx->work_root);
	uid_t uid = (uid_t)(SBX_UID_BASE + ctx->box_id);
	char opts[128];

	/* The pid in the name lets judge_sweep_work() tell a dead
	 * process's work dir from a live one's. */
	if (asprintf(&w->root, "%s/arbiter-%d-%d-XXXXXX", base, ctx->box_id,
		     (int)getpid()) < 0) {
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
	w->src = judge_join(w->root, "src");
	w->val = judge_join(w->root, "val");
	w->chk = judge_join(w->root, "chk");
	w->fb = judge_join(w->root, "feedback");
	w->io = judge_join(w->root, "io");
	w->out = judge_join(w->root, "io/out");
	w->err = judge_join(w->root, "io/err");
	w->log = judge_join(w->root, "log"); /* once: it may be large */
	if (!w->src || !w->val || !w->chk || !w->fb || !w->io || !w->out || !w->err ||
	    !w->log)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "work dir");
	/* Its size is the kernel's default (half the RAM): what the box
	 * writes there is bounded by each run's output limit, and the
	 * pages are charged to the writer's memory cgroup. */
	if (mkdir(w->io, 0711) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "mkdir '%s'", w->io);
	if (mount("arbiter-io", w->io, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "mode=0711") < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "mount tmpfs on '%s'", w->io);
	w->io_mounted = true;
	if (judge_box_dir(w->src, uid, err) < 0)
		return -1;
	/* The compile step writes into src/ (bound read-write at /box), and
	 * a compiler runs code the submitter controls (py_compile imports
	 * from the cwd, javac runs annotation processors): on the host's
	 * disk that would be a way to fill it.  A tmpfs bounds the bytes and
	 * the inodes, and its pages are charged to the box's memory cgroup. */
	snprintf(opts, sizeof(opts), "size=%llu,nr_inodes=%u,mode=0700,uid=%u,gid=%u",
		 (unsigned long long)JUDGE_SRC_BYTES, JUDGE_SRC_INODES, (unsigned)uid,
		 (unsigned)uid);
	if (mount("arbiter-src", w->src, "tmpfs", MS_NOSUID | MS_NODEV, opts) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "mount tmpfs on '%s'", w->src);
	w->src_mounted = true;
	return 0;
}

int judge_streams_on_disk(struct work *w, struct arb_err *err)
{
	char *out = judge_join(w->root, "out"), *errp = judge_join(w->root, "err");

	if (!out || !errp) {
		free(out);
		free(errp);
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "work dir");
	}
	free(w->out);
	free(w->err);
	w->out = out;
	w->err = errp;
	return 0;
}

/* A fresh file for a box's stream, created by the supervisor. */
int judge_open_capture(const char *path, struct arb_err *err)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0)
		arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'", path);
	return fd;
}

/*** one sandboxed step ***/


/* Policies by name, loaded once per context and kept until
 * judge_ctx_release() (a context uses the few policies languages.yaml
 * names).  A mutex: an interactive test runs two steps at once, from two
 * threads. */
struct judge_policy_cache {
	pthread_mutex_t lock;
	struct sbx_policy **pol;
	size_t n;
};

static const struct sbx_policy *policy_get(struct judge_ctx *ctx, const char *name,
					   struct arb_err *err)
{
	struct judge_policy_cache *c = ctx->policies;
	struct sbx_policy *pol = NULL, **grown;

	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < c->n && !pol; i++)
		if (!strcmp(c->pol[i]->name, name))
			pol = c->pol[i];
	if (!pol && sbx_policy_load(ctx->policy_dir, name, &pol, err) == 0) {
		grown = realloc(c->pol, (c->n + 1) * sizeof(*c->pol));
		if (grown) {
			c->pol = grown;
			c->pol[c->n++] = pol;
		} else {
			sbx_policy_free(pol);
			pol = NULL;
			arb_fail(err, ARB_E_INTERNAL, ENOMEM, "policy cache");
		}
	}
	pthread_mutex_unlock(&c->lock);
	return pol;
}

/* Made at the start of a submission, before any thread could race. */
int judge_policy_cache_init(struct judge_ctx *ctx, struct arb_err *err)
{
	struct judge_policy_cache *c;

	if (ctx->policies)
		return 0;
	c = calloc(1, sizeof(*c));
	if (!c)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "policy cache");
	pthread_mutex_init(&c->lock, NULL);
	ctx->policies = c;
	return 0;
}

void judge_ctx_release(struct judge_ctx *ctx)
{
	struct judge_policy_cache *c = ctx ? ctx->policies : NULL;

	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		sbx_policy_free(c->pol[i]);
	free(c->pol);
	pthread_mutex_destroy(&c->lock);
	free(c);
	ctx->policies = NULL;
}

int judge_run_step(struct judge_ctx *ctx, const struct step *s,
		   struct sbx_result *r, struct arb_err *err)
{
	const struct sbx_policy *pol = policy_get(ctx, s->policy, err);
	struct sbx_spec spec;
	uint64_t t0;
	int rc;

	if (!pol)
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
	spec.prepared = s->prepared;
	t0 = mono_ns();
	rc = sbx_run(&spec, r, err);
	/* The sandbox does not report its setup time: what sbx_run() took
	 * beyond the program's wall time is its setup plus teardown. */
	if (rc == 0 && ctx->on_sandbox) {
		uint64_t us = (mono_ns() - t0) / 1000;

		ctx->on_sandbox(ctx->on_sandbox_arg, us > r->wall_us ? us - r->wall_us : 0,
				r->oom_kills);
	}
	return rc;
}

/* Every test of the submission enters one box, built here once: what
 * changes between runs (pid and IPC namespaces, cgroup, /proc, /tmp,
 * /dev/shm) is still made afresh for each (sbx_prepare). */
static int prepare_run_box(struct judge_ctx *ctx, const struct language *l,
			   struct work *w, struct arb_err *err)
{
	const struct sbx_policy *pol = policy_get(ctx, l->run_policy, err);
	struct sbx_spec spec;

	if (!pol)
		return -1;
	memset(&spec, 0, sizeof(spec));
	spec.policy = pol;
	spec.box_id = ctx->box_id;
	spec.box_dir = w->src;
	spec.box_ro = true;
	spec.cg = ctx->cg;
	return sbx_prepare(&spec, &w->run_box, err);
}

void judge_wall_for(struct sbx_limits *lim)
{
	lim->wall_us = lim->cpu_us * JUDGE_WALL_FACTOR + JUDGE_WALL_EXTRA_US;
}

/*** compile ***/

/* Compile FILES in DIR with L.  Returns 0 with *OK set and *OUTPUT (the
 * compiler's messages), or -1 when the sandbox failed. */
int judge_compile(struct judge_ctx *ctx, const struct problem *prob,
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
	log = judge_open_capture(w->log, err);
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
	judge_wall_for(&s.lim);
	s.lim.mem_bytes = l->compile_mem_mib * MIB;
	s.lim.pids = l->compile_pids;
	s.lim.fsize_bytes = COMPILE_FSIZE;
	s.lim.nofile = COMPILE_NOFILE;
	rc = judge_run_step(ctx, &s, &r, err);
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

/*** tests ***/

/* Multi-pass: the validator's feedback_dir/nextpass.in becomes the next
 * pass's input, copied (judge_take_feedback) to the work dir, where no
 * box can change it while the next pass reads it. */
#define NEXTPASS_MAX (256ULL << 20)

static int take_nextpass(const struct work *w, unsigned pass, char **path,
			 struct arb_err *err)
{
	int rc;

	if (asprintf(path, "%s/pass-%u.in", w->root, pass) < 0) {
		*path = NULL;
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "nextpass");
	}
	rc = judge_take_feedback(w, "nextpass.in", *path, NEXTPASS_MAX, err);
	if (rc <= 0) {
		free(*path);
		*path = NULL;
	}
	return rc;
}

/* Whether the validator left a nextpass.in (of any kind: it is not read). */
static bool nextpass_left(const struct work *w)
{
	_cleanup_free_ char *path = judge_join(w->fb, "nextpass.in");
	struct stat st;

	return path && fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

void judge_test_take_run(struct judge_test *jt, const struct sbx_result *r)
{
	/* Figures of the heaviest pass (multi-pass); the status of this one. */
	jt->cpu_us = r->cpu_us > jt->cpu_us ? r->cpu_us : jt->cpu_us;
	jt->wall_us = r->wall_us > jt->wall_us ? r->wall_us : jt->wall_us;
	jt->mem_kib = r->mem_kib > jt->mem_kib ? r->mem_kib : jt->mem_kib;
	jt->exit_code = r->exit_code;
	jt->signal = r->signal;
}

/* One run of the submission on IN_PATH, then its validation. */
static int run_pass(struct judge_ctx *ctx, const struct problem *prob, struct step *s,
		    const struct work *w, const struct problem_test *t,
		    const struct validator *v, bool fresh_feedback,
		    struct judge_test *jt, struct arb_err *err)
{
	_cleanup_close_ int in = -1;
	_cleanup_close_ int out = -1;
	enum validator_outcome outcome = VALIDATOR_FAILED;
	struct sbx_result r;
	uint64_t t0;

	in = open(t->in_path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return arb_fail(err, ARB_E_PACKAGE, errno, "open '%s'", t->in_path);
	out = judge_open_capture(w->out, err);
	if (out < 0)
		return -1;
	s->in = in;
	s->out = out;
	if (judge_run_step(ctx, s, &r, err) < 0)
		return -1;

	judge_test_take_run(jt, &r);
	snprintf(jt->message, sizeof(jt->message), "%s", r.message);
	t0 = mono_ns();
	if (r.status == SBX_OK) {
		if (prob->validation == PROBLEM_VALIDATION_DEFAULT) {
			struct validate_result vr;

			if (validate_default(w->out, t->ans_path, &t->flags, &vr, err) < 0)
				return -1;
			outcome = vr.accepted ? VALIDATOR_ACCEPT : VALIDATOR_REJECT;
			snprintf(jt->message, sizeof(jt->message), "%s", vr.message);
		} else if (prob->validator_protocol == PROBLEM_PROTOCOL_TESTLIB) {
			if (judge_checker_run(ctx, t, w, v, &outcome, jt, err) < 0)
				return -1;
		} else if (judge_validator_run(ctx, t, w, v, fresh_feedback, &outcome,
					       jt->message, sizeof(jt->message), err) < 0) {
			return -1;
		}
	}
	jt->check_us += (mono_ns() - t0) / 1000;
	jt->verdict = verdict_of_test(&r, outcome);
	return 0;
}

static int run_test(struct judge_ctx *ctx, const struct problem *prob,
		    const struct language *l, char **argv, const struct work *w,
		    const struct problem_test *t, const struct sbx_limits *lim,
		    const struct validator *v, struct judge_test *jt,
		    struct arb_err *err)
{
	_cleanup_close_ int errfd = -1;
	struct problem_test pass_test = *t;
	unsigned passes = prob->multi_pass ? prob->validation_passes : 1;
	char *owned_in = NULL; /* the current pass's input, when not the .in */
	struct step s;

	memset(&s, 0, sizeof(s));
	s.policy = l->run_policy;
	s.argv = argv;
	s.box = w->src;
	s.box_ro = true;
	s.lim = *lim;
	s.prepared = w->run_box;
	errfd = judge_open_capture(w->err, err);
	if (errfd < 0)
		return -1;
	s.errfd = errfd;
	/* Pass 1 reads the test's .in; each later pass the validator's
	 * nextpass.in (interactive: the validator reads it, and talks to
	 * the submission).  The feedback dir lives across passes: a
	 * validator keeps its state there. */
	for (unsigned pass = 1;; pass++) {
		_cleanup_free_ char *prev = owned_in;
		_cleanup_free_ char *stale = NULL;
		int rc;

		owned_in = NULL;
		pass_test.in_path = prev ? prev : t->in_path;
		if ((prob->validation == PROBLEM_VALIDATION_INTERACTIVE
			     ? judge_interactive_run(ctx, &s, w, &pass_test, v,
						     prob->validator_protocol ==
							     PROBLEM_PROTOCOL_TESTLIB,
						     pass == 1, jt, err)
			     : run_pass(ctx, prob, &s, w, &pass_test, v, pass == 1, jt,
					err)) < 0)
			return -1;
		if (!prob->multi_pass)
			return 0;
		if (jt->verdict != VERDICT_AC) {
			/* The spec: a nextpass.in from a validator that did not
			 * accept (43) is the validator's error. */
			if (jt->verdict == VERDICT_WA && nextpass_left(w)) {
				jt->verdict = VERDICT_JE;
				snprintf(jt->message, sizeof(jt->message),
					 "output validator: nextpass.in in pass %u, which it "
					 "rejected (exit 43)", pass);
			}
			return 0;
		}
		rc = take_nextpass(w, pass + 1, &owned_in, err);
		if (rc == 0)
			return 0; /* accepted with no next pass: done */
		if (rc > 0 && pass == passes)
			rc = arb_fail(err, ARB_E_PACKAGE, 0,
				      "output validator: nextpass.in after the last pass (%u)",
				      passes);
		if (rc < 0) {
			free(owned_in);
			jt->verdict = VERDICT_JE;
			snprintf(jt->message, sizeof(jt->message), "%s", err->msg);
			return 0;
		}
		/* Gone from the feedback dir: a stale one must not start
		 * another pass by itself.  (unlink never follows a link at
		 * the last component, and the dirs above are root's.) */
		stale = judge_join(w->fb, "nextpass.in");
		if (stale)
			unlink(stale);
	}
}

/*** scoring ***/

/* Test I of a scoring problem ran as JT: its validator's score, then its
 * record.  Only an accepting validator's feedback dir is this test's (a
 * run that failed never reached the validator, and its dir is the last
 * test's); samples never score.  A bad score file is the test's JE. */
static void judge_score_test(const struct problem *prob, struct score_state *st,
			     size_t i, const struct work *w, struct judge_test *jt)
{
	enum score_feedback fb = SCORE_FB_NONE;
	double value = 0;
	struct arb_err err;

	if (jt->verdict == VERDICT_AC && prob->validation != PROBLEM_VALIDATION_DEFAULT &&
	    !prob->tests[i].sample && score_read_feedback(w->fb, &fb, &value, &err) < 0) {
		jt->verdict = VERDICT_JE;
		snprintf(jt->message, sizeof(jt->message), "%s", err.msg);
	}
	/* A testlib checker's points (quitp, exit 7) count as score.txt;
	 * points of 0 reject, so an accepted test's are above 0. */
	if (jt->verdict == VERDICT_AC && fb == SCORE_FB_NONE && jt->score > 0) {
		fb = SCORE_FB_SCORE;
		value = jt->score;
	}
	score_record(prob, st, i, jt->verdict, fb, value);
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
	struct intake_limits lim = judge_submission_limits;
	struct intake_result files = {0};
	struct validator v = {0};
	const struct language *l = NULL;
	_cleanup_free_ char *main = NULL;
	_cleanup_free_ char *mainclass = NULL;
	struct sbx_limits run_lim = {0};
	struct score_state scores = {0};
	struct lang_vars vars;
	char **argv = NULL;
	char **srcs = NULL;
	uint64_t tl, mem, outb, t0;
	int rc = -1, crc;

	tl = lower(prob->time_limit_us ? prob->time_limit_us
				       : PROBLEM_FALLBACK_TIME_LIMIT_US,
		   req->time_limit_us);
	mem = lower(prob->memory_bytes, req->memory_bytes);
	outb = lower(prob->output_bytes, req->output_bytes);
	j->time_limit_us = tl;
	j->scoring = prob->scoring;
	j->max_score = score_max(prob);

	if ((req->intake ? req->intake(req->intake_arg, w->src, &lim, &files, err)
			 : intake_path(req->path, w->src, &lim, &files, err)) < 0)
		goto out;
	if (req->example && problem_substitute_constants(prob, w->src, files.files, err) < 0)
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
	 * compiled.  The package's include/ files are among them. */
	if (judge_sources_and_main(prob, l, w, &files, &srcs, &main, &mainclass, err) < 0)
		goto out;

	j->compile_ok = true;
	if (l->compile) {
		char why[JUDGE_MESSAGE_MAX];

		j->compiled = true;
		t0 = mono_ns();
		crc = judge_compile(ctx, prob, l, w->src, w, srcs, main, mainclass, mem,
				    &j->compile_ok, &j->compile_output, &j->compile_cpu_us,
				    why, sizeof(why), err);
		j->compile_us = (mono_ns() - t0) / 1000;
		if (crc < 0)
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
	t0 = mono_ns();
	if (prob->validation != PROBLEM_VALIDATION_DEFAULT &&
	    judge_output_validator_build(ctx, prob, w, &v, err) < 0)
		goto out;
	j->check_us = (mono_ns() - t0) / 1000;

	vars = (struct lang_vars){.files = srcs, .main = main,
				  .mainclass = mainclass, .binary = "a.out",
				  .memlimit_mb = mem / MIB};
	if (lang_expand(l->run, &vars, &argv, err) < 0)
		goto out;
	run_lim.cpu_us = (uint64_t)((double)tl * l->time_multiplier);
	judge_wall_for(&run_lim);
	run_lim.mem_bytes = (uint64_t)((double)mem * l->mem_multiplier) +
			    l->mem_extra_mib * MIB;
	run_lim.pids = l->run_pids;
	run_lim.fsize_bytes = outb;
	/* A tmpfs page cannot be written back: the output counts against the
	 * memory limit until it is dropped.  Where the output limit is a real
	 * part of the memory limit, the streams go to the disk instead. */
	if (run_lim.mem_bytes && outb > run_lim.mem_bytes / 8 &&
	    judge_streams_on_disk(w, err) < 0)
		goto out;

	j->tests = calloc(prob->n_tests ? prob->n_tests : 1, sizeof(*j->tests));
	if (!j->tests) {
		arb_fail(err, ARB_E_INTERNAL, ENOMEM, "tests");
		goto out;
	}
	j->verdict = VERDICT_AC;
	if ((prob->scoring && score_state_init(&scores, prob, err) < 0) ||
	    prepare_run_box(ctx, l, w, err) < 0)
		goto out;
	for (size_t i = 0; i < prob->n_tests; i++) {
		struct judge_test *jt = &j->tests[j->n_tests];

		/* Scoring: every group is judged, each as far as its rules
		 * say (score.h). */
		if (prob->scoring && !score_should_run(prob, &scores, i, req->run_all_tests))
			continue;
		jt->name = strdup(prob->tests[i].name);
		j->n_tests++;
		t0 = mono_ns();
		crc = run_test(ctx, prob, l, argv, w, &prob->tests[i], &run_lim, &v, jt, err);
		/* A test's time is its runs', but for validating the output. */
		t0 = (mono_ns() - t0) / 1000; /* now the test's whole time */
		j->run_us += t0 > jt->check_us ? t0 - jt->check_us : 0;
		j->check_us += jt->check_us;
		if (crc < 0) {
			/* The judge failed on this test: it is listed as JE,
			 * never as the AC its zeroed record would say. */
			jt->verdict = VERDICT_JE;
			snprintf(jt->message, sizeof(jt->message), "%s", err->msg);
			goto out;
		}
		if (prob->scoring)
			judge_score_test(prob, &scores, i, w, jt);
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
			if (!req->run_all_tests &&
			    (!prob->scoring || jt->verdict == VERDICT_JE))
				break;
		}
	}
	j->score = j->verdict == VERDICT_AC ? 1 : 0;
	if (prob->scoring && judge_score_fill(prob, &scores, j, err) < 0)
		goto out;
	rc = 0;
out:
	score_state_free(&scores);
	lang_argv_free(argv);
	judge_validator_free(&v);
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
	if (judge_policy_cache_init(ctx, &err) < 0 || judge_work_create(ctx, &w, &err) < 0 ||
	    pipeline(ctx, prob, req, &w, out, &err) < 0) {
		/* The submitter's fault is CE; anything else is the judge's. */
		_cleanup_free_ char *msg = text_sanitize(err.msg, strlen(err.msg),
							 sizeof(out->message) - 32);

		out->verdict = err.kind == ARB_E_SUBMISSION ? VERDICT_CE : VERDICT_JE;
		out->score = 0;
		snprintf(out->message, sizeof(out->message), "%s", msg ? msg : err.msg);
	}
	if (!out->compile_output)
		out->compile_output = strdup("");
	judge_work_destroy(&w);
	return out->compile_output ? 0 : -1;
}

void judgement_free(struct judgement *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->n_tests; i++)
		free(j->tests[i].name);
	free(j->tests);
	for (size_t i = 0; i < j->n_groups; i++) {
		free(j->groups[i].name);
		for (char **t = j->groups[i].tests; t && *t; t++)
			free(*t);
		free(j->groups[i].tests);
	}
	free(j->groups);
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
		struct judge_request req = {.path = prob->subs[i].path, .example = true};
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
