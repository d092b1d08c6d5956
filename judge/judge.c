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
 *              boxes at once, joined by pipes; multi-pass: the validator's
 *              nextpass.in feeds another run of the test; a testlib
 *              checker (output_validator_protocol: testlib) is called
 *              `checker input output answer` and its exit decoded by
 *              testlib.c;
 *   verdict    pure (verdict.c); the first failing test decides unless
 *              run_all_tests.
 * judge_program_*() build and run another program of the package (verify's
 * input validators) with the validator's machinery, outside a submission.
 */
#include "judge.h"

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
#include "base/fsutil.h"
#include "base/procutil.h"
#include "base/safeopen.h"
#include "base/text.h"
#include "sandbox/sandbox.h"
#include "score.h"
#include "testlib.h"
#include "validate.h"

#define COMPILE_FSIZE (256ULL << 20)   /* binaries can be big */
#define COMPILE_NOFILE 256             /* javac opens many files */
#define VALIDATOR_CPU_US (60ULL * 1000000)
#define VALIDATOR_MEM (2048ULL << 20)
#define MIB (1ULL << 20)
/* The submission's directory (sources, then the compiler's output): a
 * tmpfs this big, with this many inodes. */
#define JUDGE_SRC_BYTES (512ULL << 20)
#define JUDGE_SRC_INODES 20000

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
	bool src_mounted;
};

/*** scratch space ***/

static void work_destroy(struct work *w)
{
	/* The submission's dir is its own tmpfs: unmounting drops all of it,
	 * however deep or wide the compile step made it. */
	if (w->src_mounted)
		umount2(w->src, MNT_DETACH);
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
		/* Its submission tmpfs first (EINVAL: not mounted). */
		umount2(src, MNT_DETACH | UMOUNT_NOFOLLOW);
		fsutil_rm_rf(path);
		removed++;
	}
	return removed;
}

static int work_create(const struct judge_ctx *ctx, struct work *w,
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
	w->src = join(w->root, "src");
	w->val = join(w->root, "val");
	w->fb = join(w->root, "feedback");
	w->out = join(w->root, "out");
	w->err = join(w->root, "err");
	w->log = join(w->root, "log");
	if (!w->src || !w->val || !w->fb || !w->out || !w->err || !w->log)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "work dir");
	if (box_dir(w->src, uid, err) < 0)
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
static int policy_cache_init(struct judge_ctx *ctx, struct arb_err *err)
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

static int run_step(struct judge_ctx *ctx, const struct step *s,
		    struct sbx_result *r, struct arb_err *err)
{
	const struct sbx_policy *pol = policy_get(ctx, s->policy, err);
	struct sbx_spec spec;

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
	return sbx_run(&spec, r, err);
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

/* Build the package program in DIR (a file or a folder; WHAT names it
 * in messages: "output validator") into w->val: V gets its language and
 * run command. */
static int prepare_validator(struct judge_ctx *ctx, const struct problem *prob,
			     const char *dir, const char *what,
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
	if (intake_path(dir, w->val, &lim, &files, err) < 0 ||
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
		arb_err_prefix(err, "%s '%s'", what, dir);
	}
	return rc;
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
		if (box_dir(w->fb, (uid_t)(SBX_UID_BASE + ctx->box_id), err) < 0)
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
	vs->s.box = w->val;
	vs->s.box_ro = true;
	vs->s.binds = vs->binds;
	vs->s.n_binds = nb;
	vs->s.in = vs->s.out = vs->s.errfd = -1;
	vs->s.lim.cpu_us = VALIDATOR_CPU_US;
	wall_for(&vs->s.lim);
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
static int run_validator(struct judge_ctx *ctx, const struct problem_test *t,
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
	rc = run_step(ctx, &vs.s, &r, err);
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
static int run_checker(struct judge_ctx *ctx, const struct problem_test *t,
		       const struct work *w, const struct validator *v,
		       enum validator_outcome *outcome, struct judge_test *jt,
		       struct arb_err *err)
{
	_cleanup_free_ char *cap = join(w->root, "checker");
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
	fd = open_capture(cap, err);
	if (fd < 0) {
		free(vs.argv);
		return -1;
	}
	vs.s.out = vs.s.errfd = fd;
	rc = run_step(ctx, &vs.s, &r, err);
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

/* The validator side of an interactive test, run in its own thread: two
 * boxes must run at once, and sbx_run() blocks until its box is done. */
struct interactor {
	struct judge_ctx *ctx;
	struct vstep vs;
	int in, out;          /* its ends of the two pipes; closed when done */
	struct sbx_result r;
	struct arb_err err;
	int rc;
};

static void *interactor_main(void *arg)
{
	struct interactor *it = arg;

	it->rc = run_step(it->ctx, &it->vs.s, &it->r, &it->err);
	/* Its box is gone: close our copies too, so the submission reads
	 * EOF (or gets EPIPE) instead of waiting out its wall limit. */
	close(it->in);
	close(it->out);
	return NULL;
}

/* Submission and validator in two boxes, each one's stdout the other's
 * stdin.  Verdict by verdict_of_interactive(). */
static int run_interactive(struct judge_ctx *ctx, struct step *sub, const struct work *w,
			   const struct problem_test *t, const struct validator *v,
			   bool testlib, struct judge_test *jt, struct arb_err *err)
{
	struct interactor it = {.ctx = ctx, .in = -1, .out = -1};
	enum validator_outcome outcome;
	int to_val[2] = {-1, -1}, to_sub[2] = {-1, -1};
	_cleanup_free_ char *cap = join(w->root, "interactor");
	_cleanup_close_ int cap_fd = -1;
	struct sbx_result r;
	pthread_t thread;
	int rc;

	if (!cap)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "interactor");
	if (validator_prepare(ctx, t, w, v, true, &it.vs, err) < 0)
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
		if ((cap_fd = open_capture(cap, err)) < 0) {
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
	rc = run_step(ctx, sub, &r, err);
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
	jt->cpu_us = r.cpu_us;
	jt->wall_us = r.wall_us;
	jt->mem_kib = r.mem_kib;
	jt->exit_code = r.exit_code;
	jt->signal = r.signal;
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
	jt->verdict = verdict_of_interactive(&r, outcome);
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

/*** tests ***/

/* Multi-pass: the validator's feedback_dir/nextpass.in becomes the next
 * pass's input.  The validator runs as the box user, so the file is
 * opened confined to the feedback dir (safeopen.h) and copied (bounded)
 * to the work dir, where no box can change it while the next pass reads
 * it. */
#define NEXTPASS_MAX (256ULL << 20)

static int take_nextpass(const struct work *w, unsigned pass, char **path,
			 struct arb_err *err)
{
	_cleanup_close_ int in = -1;
	_cleanup_close_ int out = -1;
	char buf[65536];
	uint64_t total = 0;
	struct stat st;
	ssize_t n;

	*path = NULL;
	in = safe_open_beneath(w->fb, "nextpass.in", O_RDONLY | O_NONBLOCK, 0);
	if (in < 0)
		return errno == ENOENT ? 0 : arb_fail(err, ARB_E_PACKAGE, errno,
						      "output validator: nextpass.in");
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode))
		return arb_fail(err, ARB_E_PACKAGE, 0,
				"output validator: nextpass.in is not a regular file");
	if (asprintf(path, "%s/pass-%u.in", w->root, pass) < 0) {
		*path = NULL;
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "nextpass");
	}
	out = open(*path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	/* Readable by the validator's box user: it is bound as its input. */
	if (out < 0 || fchmod(out, 0644) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'", *path);
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		total += (uint64_t)n;
		if (total > NEXTPASS_MAX)
			return arb_fail(err, ARB_E_PACKAGE, EFBIG,
					"output validator: nextpass.in");
		if (write(out, buf, (size_t)n) != n)
			return arb_fail(err, ARB_E_INTERNAL, errno, "write '%s'", *path);
	}
	if (n < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "read nextpass.in");
	return 1;
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

	in = open(t->in_path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return arb_fail(err, ARB_E_PACKAGE, errno, "open '%s'", t->in_path);
	out = open_capture(w->out, err);
	if (out < 0)
		return -1;
	s->in = in;
	s->out = out;
	if (run_step(ctx, s, &r, err) < 0)
		return -1;

	/* Figures of the heaviest pass. */
	jt->cpu_us = r.cpu_us > jt->cpu_us ? r.cpu_us : jt->cpu_us;
	jt->wall_us = r.wall_us > jt->wall_us ? r.wall_us : jt->wall_us;
	jt->mem_kib = r.mem_kib > jt->mem_kib ? r.mem_kib : jt->mem_kib;
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
		} else if (prob->validator_protocol == PROBLEM_PROTOCOL_TESTLIB) {
			if (run_checker(ctx, t, w, v, &outcome, jt, err) < 0)
				return -1;
		} else if (run_validator(ctx, t, w, v, fresh_feedback, &outcome,
					 jt->message, sizeof(jt->message), err) < 0) {
			return -1;
		}
	}
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
	errfd = open_capture(w->err, err);
	if (errfd < 0)
		return -1;
	s.errfd = errfd;
	if (prob->validation == PROBLEM_VALIDATION_INTERACTIVE) {
		if (prob->multi_pass)
			return arb_fail(err, ARB_E_PACKAGE, 0,
					"interactive multi-pass problems are not supported yet");
		return run_interactive(ctx, &s, w, t, v,
				       prob->validator_protocol == PROBLEM_PROTOCOL_TESTLIB,
				       jt, err);
	}

	/* Pass 1 reads the test's .in; each later pass the validator's
	 * nextpass.in.  The feedback dir lives across passes: a validator
	 * keeps its state there. */
	for (unsigned pass = 1;; pass++) {
		_cleanup_free_ char *prev = owned_in;
		_cleanup_free_ char *stale = NULL;
		int rc;

		owned_in = NULL;
		pass_test.in_path = prev ? prev : t->in_path;
		if (run_pass(ctx, prob, &s, w, &pass_test, v, pass == 1, jt, err) < 0)
			return -1;
		if (!prob->multi_pass || jt->verdict != VERDICT_AC)
			return 0;
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
		stale = join(w->fb, "nextpass.in");
		if (stale)
			unlink(stale);
	}
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
	if (policy_cache_init(ctx, err) < 0)
		return -1;
	if (!(p = calloc(1, sizeof(*p))))
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "%s", what);
	if (work_create(ctx, &p->w, err) < 0 ||
	    prepare_validator(ctx, prob, path, what, &p->w, &p->v, err) < 0) {
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
	if ((out = open_capture(p->w.out, err)) < 0)
		return -1;
	memset(&s, 0, sizeof(s));
	s.policy = p->v.lang->run_policy;
	s.argv = argv;
	s.box = p->w.val;
	s.box_ro = true;
	s.in = in;
	s.out = s.errfd = out;
	s.lim.cpu_us = VALIDATOR_CPU_US;
	wall_for(&s.lim);
	s.lim.mem_bytes = VALIDATOR_MEM;
	s.lim.pids = p->v.lang->run_pids;
	s.lim.fsize_bytes = 1 << 20;
	if (run_step(ctx, &s, &r, err) < 0)
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
	lang_argv_free(p->v.argv);
	work_destroy(&p->w);
	free(p);
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
	struct intake_limits lim = submission_limits;
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
	uint64_t tl, mem, outb;
	int rc = -1;

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
	if (prob->validation != PROBLEM_VALIDATION_DEFAULT &&
	    prepare_validator(ctx, prob, prob->validator_dir, "output validator", w,
			      &v, err) < 0)
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
	if (prob->scoring && score_state_init(&scores, prob, err) < 0)
		goto out;
	for (size_t i = 0; i < prob->n_tests; i++) {
		struct judge_test *jt = &j->tests[j->n_tests];

		/* Scoring: every group is judged, each as far as its rules
		 * say (score.h). */
		if (prob->scoring && !score_should_run(prob, &scores, i, req->run_all_tests))
			continue;
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
	if (policy_cache_init(ctx, &err) < 0 || work_create(ctx, &w, &err) < 0 ||
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
