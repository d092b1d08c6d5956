/* sandbox.c - the parent side of one run: prepare, spawn, supervise,
 * collect, tear down.
 *
 *   prepare    validate the spec; compute the whole plan the child needs
 *              (mounts, argv/envp, rlimits, uid) and create the box's
 *              cgroup with its memory and pids limits;
 *   spawn      clone3 into new mount, pid, net, ipc and uts namespaces; the
 *              child runs child.c's checklist;
 *   supervise  wait on the init's pidfd with a deadline that is the earlier
 *              of the wall limit and the soonest moment the CPU limit could
 *              be reached (CPU left / CPUs usable), re-reading the cgroup's
 *              CPU counter at each wake-up - precise to about a millisecond
 *              without busy polling;
 *   kill       SIGKILL to the box's init tears down its whole pid namespace;
 *              the cgroup kill is the belt to those braces;
 *   collect    the init's report (the program's wait status and wall time)
 *              or the step that failed, the cgroup's CPU, peak memory and
 *              OOM kills, the size of a regular-file stdout;
 *   teardown   the cgroup is removed once empty; mounts die with the mount
 *              namespace, which dies with its last process.
 *
 * A run is finished when the init has been reaped: by then the kernel has
 * killed and reaped every other process of the pid namespace.
 *
 * A prepared box (sbx_prepare) is the mount, network and UTS namespaces of
 * a spec, built once by a short-lived child and kept alive by fds to
 * them; a run with spec->prepared clones only new pid and IPC namespaces
 * and its init enters the rest (child.c).
 */
#include "sandbox/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/sched.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "sandbox/sandbox_internal.h"
#include "base/clock.h"

#define MAX_POLL_NS (250ULL * 1000000)  /* re-check at least this often */
#define MIN_POLL_NS (250ULL * 1000)     /* and never spin faster than this */

const char *sbx_step_name(enum sbx_step step)
{
	static const char *const names[] = {
		[SBX_STEP_NONE] = "none",
		[SBX_STEP_CGROUP_ATTACH] = "cgroup attach",
		[SBX_STEP_CGROUP_NS] = "cgroup namespace",
		[SBX_STEP_PDEATHSIG] = "parent-death signal",
		[SBX_STEP_MOUNT_PRIVATE] = "making mounts private",
		[SBX_STEP_MOUNT_ROOT] = "root tmpfs",
		[SBX_STEP_MOUNT_MKDIR] = "mount point",
		[SBX_STEP_MOUNT_BIND] = "bind mount",
		[SBX_STEP_MOUNT_REMOUNT] = "bind remount",
		[SBX_STEP_MOUNT_SYMLINK] = "symlink",
		[SBX_STEP_MOUNT_TMPFS] = "tmpfs",
		[SBX_STEP_MOUNT_PROC] = "proc",
		[SBX_STEP_PIVOT_ROOT] = "pivot_root",
		[SBX_STEP_ROOT_READONLY] = "read-only root",
		[SBX_STEP_HOSTNAME] = "hostname",
		[SBX_STEP_FORK] = "fork",
		[SBX_STEP_SETSID] = "setsid",
		[SBX_STEP_RLIMIT] = "setrlimit",
		[SBX_STEP_STDIO] = "standard streams",
		[SBX_STEP_CLOSE_FDS] = "closing fds",
		[SBX_STEP_CHDIR] = "chdir /box",
		[SBX_STEP_SETGROUPS] = "setgroups",
		[SBX_STEP_SETGID] = "setgid",
		[SBX_STEP_CAPS] = "dropping capabilities",
		[SBX_STEP_SETUID] = "setuid",
		[SBX_STEP_NO_NEW_PRIVS] = "no_new_privs",
		[SBX_STEP_SECCOMP] = "seccomp",
		[SBX_STEP_EXEC] = "execve",
		[SBX_STEP_SETNS] = "entering the prepared box",
	};

	if ((size_t)step < sizeof(names) / sizeof(*names) && names[step])
		return names[step];
	return "unknown step";
}

/*** prepare ***/

static pthread_once_t staging_once = PTHREAD_ONCE_INIT;
static const char *staging_dir;

static void make_staging(void)
{
	/* Any empty directory does; each box mounts its root there in its
	 * own mount namespace.  /run is a tmpfs on most hosts. */
	if ((mkdir("/run/arbiter", 0755) == 0 || errno == EEXIST) &&
	    (mkdir(SBX_STAGING_DIR, 0700) == 0 || errno == EEXIST))
		staging_dir = SBX_STAGING_DIR;
	else if (mkdir(SBX_STAGING_FALLBACK, 0700) == 0 || errno == EEXIST)
		staging_dir = SBX_STAGING_FALLBACK;
}

static int cap_last_cap(void)
{
	char buf[16] = "";
	_cleanup_close_ int fd = open("/proc/sys/kernel/cap_last_cap",
				      O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) <= 0)
		return 63; /* drop every possible capability bit */
	return atoi(buf);
}

static int validate(const struct sbx_spec *spec, bool need_argv, struct arb_err *err)
{
	if (!spec->policy)
		return arb_fail(err, ARB_E_REQUEST, 0, "no sandbox policy");
	if (need_argv && (!spec->argv || !spec->argv[0] || !spec->argv[0][0]))
		return arb_fail(err, ARB_E_REQUEST, 0, "no command to run");
	if (spec->box_id < 0 || spec->box_id > SBX_BOX_ID_MAX)
		return arb_fail(err, ARB_E_REQUEST, 0,
				"box id %d out of range (0..%d)", spec->box_id,
				SBX_BOX_ID_MAX);
	return 0;
}

/* envp = the policy's environment, then the caller's additions (a later
 * KEY= replaces an earlier one); argv copied; PATH remembered for the
 * child's search. */
static int plan_process(const struct sbx_spec *spec, struct sbx_plan *plan,
			struct arb_err *err)
{
	size_t n_extra = 0, n_argv = 0, n = 0;
	char **envp, **argv;

	while (spec->env_extra && spec->env_extra[n_extra])
		n_extra++;
	while (spec->argv[n_argv])
		n_argv++;
	envp = calloc(spec->policy->n_env + n_extra + 1, sizeof(*envp));
	argv = calloc(n_argv + 1, sizeof(*argv));
	plan->envp = envp;
	plan->argv = argv;
	if (!envp || !argv)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "process plan");
	for (size_t i = 0; i < n_argv; i++)
		argv[i] = (char *)spec->argv[i];
	for (size_t i = 0; i < spec->policy->n_env + n_extra; i++) {
		char *kv = i < spec->policy->n_env ? spec->policy->env[i]
						   : (char *)spec->env_extra[i - spec->policy->n_env];
		const char *eq = strchr(kv, '=');
		size_t klen;

		if (!eq || eq == kv)
			return arb_fail(err, ARB_E_REQUEST, 0,
					"environment entry '%s': expected KEY=VALUE", kv);
		klen = (size_t)(eq - kv) + 1;
		for (size_t j = 0; j < n; j++)
			if (!strncmp(envp[j], kv, klen)) {
				envp[j] = kv;
				kv = NULL;
				break;
			}
		if (kv)
			envp[n++] = kv;
	}
	for (size_t j = 0; j < n; j++)
		if (!strncmp(envp[j], "PATH=", 5))
			plan->path_env = envp[j] + 5;
	plan->stdio[0] = spec->stdin_fd;
	plan->stdio[1] = spec->stdout_fd;
	plan->stdio[2] = spec->stderr_fd;
	plan->spawn_fork = getenv("ARBITER_SPAWN") && !strcmp(getenv("ARBITER_SPAWN"), "fork");
	return 0;
}

static void plan_free(struct sbx_plan *plan)
{
	sbx_mount_plan_free(plan);
	free((void *)plan->envp);
	free((void *)plan->argv);
	plan->envp = plan->argv = NULL;
}

/* What a run and a prepared box share: identity, staging dir, mounts.
 * With NEED_ARGV (a run) the process part too. */
static int plan_begin(const struct sbx_spec *spec, bool need_argv,
		      struct sbx_plan *plan, struct arb_err *err)
{
	memset(plan, 0, sizeof(*plan));
	plan->cg.clone_fd = -1;
	plan->report_fd = plan->parent_pidfd = -1;
	for (int i = 0; i < SBX_PREPARED_NS; i++)
		plan->ns_fds[i] = -1;
	if (validate(spec, need_argv, err) < 0)
		return -1;
	pthread_once(&staging_once, make_staging);
	if (!staging_dir)
		return arb_fail(err, ARB_E_INTERNAL, errno,
				"cannot create the staging directory '%s'",
				SBX_STAGING_DIR);
	plan->uid = (uid_t)(SBX_UID_BASE + spec->box_id);
	plan->gid = (gid_t)(SBX_UID_BASE + spec->box_id);
	plan->cap_last = cap_last_cap();
	plan->seccomp = &spec->policy->seccomp;
	plan->seccomp_notify = &spec->policy->seccomp_notify;
	if (need_argv && plan_process(spec, plan, err) < 0)
		return -1;
	return sbx_mount_plan(spec, staging_dir, plan, err);
}

/*** spawn ***/

/* Clone the box's init (or, with HOLD_FD >= 0, sbx_prepare's child) into
 * new namespaces NS. */
static pid_t spawn(struct sbx_plan *plan, uint64_t ns, int hold_fd, int *pidfd,
		   struct arb_err *err)
{
	struct clone_args args;
	pid_t pid;

	memset(&args, 0, sizeof(args));
	/* No CLONE_NEWCGROUP and no CLONE_INTO_CGROUP: the box's init stays
	 * outside the box's cgroup; the program joins it and then unshares
	 * the cgroup namespace, so that namespace is rooted at the box. */
	args.flags = CLONE_PIDFD | ns;
	args.pidfd = (uint64_t)(uintptr_t)pidfd;
	args.exit_signal = SIGCHLD;
	/* The raw system call with no new stack behaves like fork(): the
	 * child runs on a copy of this stack, without glibc's atfork work. */
	pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	/* clone3 answers ENOSYS where a seccomp profile hides it so that
	 * libc falls back to clone (older Docker defaults) and under
	 * valgrind, which does not implement it.  clone(2) takes the same
	 * flags here; CLONE_PIDFD stores the pidfd through parent_tid, the
	 * third argument on x86-64, arm64 and riscv64. */
	if (pid < 0 && errno == ENOSYS)
		pid = (pid_t)syscall(SYS_clone, (unsigned long)args.flags | SIGCHLD,
				     NULL, pidfd, NULL, NULL);
	if (pid == 0 && hold_fd >= 0)
		sbx_prepare_main(plan, hold_fd);
	if (pid == 0)
		sbx_child_main(plan);
	if (pid < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "clone3");
	return pid;
}

/*** supervise ***/

static int usable_cpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		return CPU_COUNT(&set);
	return 1;
}

static void kill_box(int pidfd, struct cg_box *cgb)
{
	struct arb_err ignored;

	syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
	/* Killing the init already takes down the whole pid namespace; a
	 * failure of the cgroup kill changes nothing, so it is not reported. */
	if (cgb)
		cg_box_kill_all(cgb, &ignored);
}

static int supervise(int pidfd, struct cg_box *cgb, bool have_cg,
		     const struct sbx_limits *lim, uint64_t start_ns,
		     struct sbx_outcome *o, struct arb_err *err)
{
	const uint64_t ncpu = (uint64_t)usable_cpus();
	struct pollfd pfd = {.fd = pidfd, .events = POLLIN};

	for (;;) {
		uint64_t now = mono_ns(), wait_ns = MAX_POLL_NS;
		struct timespec ts;
		int rc;

		if (lim->wall_us) {
			uint64_t deadline = start_ns + lim->wall_us * 1000;
			if (now >= deadline) {
				o->killed_wall = true;
				kill_box(pidfd, cgb);
				break;
			}
			if (deadline - now < wait_ns)
				wait_ns = deadline - now;
		}
		if (lim->cpu_us && have_cg) {
			uint64_t cpu;
			if (cg_box_cpu_us(cgb, &cpu, err) < 0) {
				kill_box(pidfd, cgb);
				return -1;
			}
			if (cpu >= lim->cpu_us) {
				o->killed_cpu = true;
				kill_box(pidfd, cgb);
				break;
			}
			/* The limit cannot be reached sooner than this even if
			 * every usable CPU burns for the box. */
			if ((lim->cpu_us - cpu) * 1000 / ncpu < wait_ns)
				wait_ns = (lim->cpu_us - cpu) * 1000 / ncpu;
		}
		if (wait_ns < MIN_POLL_NS)
			wait_ns = MIN_POLL_NS;
		ts.tv_sec = (time_t)(wait_ns / 1000000000ULL);
		ts.tv_nsec = (long)(wait_ns % 1000000000ULL);
		rc = ppoll(&pfd, 1, &ts, NULL);
		if (rc > 0)
			break;
		if (rc < 0 && errno != EINTR) {
			arb_fail(err, ARB_E_INTERNAL, errno, "poll on the box");
			kill_box(pidfd, cgb);
			return -1;
		}
	}
	return 0;
}

/* Reap the box's init; EINTR-safe. Returns its siginfo status. */
static int reap(int pidfd, siginfo_t *si, struct arb_err *err)
{
	memset(si, 0, sizeof(*si));
	while (waitid((idtype_t)P_PIDFD, (id_t)pidfd, si, WEXITED) < 0)
		if (errno != EINTR)
			return arb_fail(err, ARB_E_INTERNAL, errno, "waitid");
	return 0;
}

/*** collect ***/

/* Read the init's records.  Returns 0 with *status_seen set when the
 * program's status arrived, or -1 when a setup step failed. */
static int read_reports(int fd, const char *argv0, struct sbx_report *status,
			bool *status_seen, struct arb_err *err)
{
	struct sbx_report r;
	ssize_t n;
	int rc = 0;

	*status_seen = false;
	while ((n = read(fd, &r, sizeof(r))) == (ssize_t)sizeof(r)) {
		if (r.type == SBX_REPORT_STATUS) {
			*status = r;
			*status_seen = true;
		} else if (r.type == SBX_REPORT_FAIL && rc == 0) {
			if (r.step == SBX_STEP_EXEC)
				rc = arb_fail(err, ARB_E_REQUEST, r.errnum,
					      "cannot execute '%s'", argv0);
			else
				rc = arb_fail(err, ARB_E_INTERNAL, r.errnum,
					      "sandbox setup failed at %s",
					      sbx_step_name((enum sbx_step)r.step));
		}
	}
	return rc;
}

static bool output_reached(int fd, uint64_t limit)
{
	struct stat st;

	return fd >= 0 && limit && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	       (uint64_t)st.st_size >= limit;
}

/*** prepared boxes ***/

struct sbx_prepared {
	int ns[SBX_PREPARED_NS]; /* net, uts, mnt: see SBX_PREPARED_NS */
	char *key;               /* what they were built for (fs_key) */
	/* The cgroup of its runs, made by the first and reset by each later
	 * one (cg_box_reuse): mkdir and rmdir in every v1 hierarchy cost
	 * more than half a millisecond per run; only the memory cgroup is
	 * made anew. */
	struct cg_box *cgb;
	struct cg_manager *cg; /* cgb's manager */
};

/* Everything of SPEC that shapes the box's filesystem beyond the per-run
 * mounts: a run may enter a prepared box only when this matches. */
static char *fs_key(const struct sbx_spec *spec)
{
	char *key = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&key, &len);

	if (!f)
		return NULL;
	fprintf(f, "%p|%d|%s|%d", (const void *)spec->policy, spec->box_id,
		spec->box_dir ? spec->box_dir : "", spec->box_ro);
	for (size_t i = 0; i < spec->n_binds; i++) {
		const struct sbx_path *b = &spec->binds[i];
		fprintf(f, "|%d:%s:%s:%d", b->kind, b->src, b->dst, b->rw);
	}
	if (fclose(f) != 0) {
		free(key);
		return NULL;
	}
	return key;
}

static int prepared_check(const struct sbx_prepared *p, const struct sbx_spec *spec,
			  struct arb_err *err)
{
	_cleanup_free_ char *key = fs_key(spec);

	if (!key)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "prepared box");
	if (strcmp(key, p->key))
		return arb_fail(err, ARB_E_INTERNAL, 0,
				"the run's policy, box or binds differ from its "
				"prepared box's");
	return 0;
}

void sbx_prepared_free(struct sbx_prepared *p)
{
	if (!p)
		return;
	for (int i = 0; i < SBX_PREPARED_NS; i++)
		if (p->ns[i] >= 0)
			close(p->ns[i]);
	/* Best effort: a cgroup that will not go is left for the sweep
	 * after this process is gone (cg_manager_sweep). */
	cg_box_destroy(p->cgb, &(struct arb_err){0});
	free(p->key);
	free(p);
}

/* The cgroup of a run: the prepared box's own, reset, when it has one for
 * these limits; otherwise a new one (which a prepared box then keeps). */
static int run_cgroup(const struct sbx_spec *spec, struct cg_box **cgb,
		      struct arb_err *err)
{
	struct sbx_prepared *p = spec->prepared;
	struct cg_limits cl = {.mem_bytes = spec->limits.mem_bytes,
			       .pids = spec->limits.pids};
	struct arb_err why;

	if (p && p->cgb) {
		if (p->cg == spec->cg && cg_box_reuse(p->cgb, &cl, &why) == 0) {
			*cgb = p->cgb;
			return 0;
		}
		cg_box_destroy(steal_ptr(&p->cgb), &why);
	}
	if (cg_box_create(spec->cg, &cl, cgb, err) < 0)
		return -1;
	if (p) {
		p->cgb = *cgb;
		p->cg = spec->cg;
	}
	return 0;
}

int sbx_prepare(const struct sbx_spec *spec, struct sbx_prepared **out,
		struct arb_err *err)
{
	static const char *const ns_names[SBX_PREPARED_NS] = {"net", "uts", "mnt"};
	struct sbx_prepared *p = calloc(1, sizeof(*p));
	struct sbx_plan plan;
	struct sbx_report r = {0};
	_cleanup_close_ int rd = -1;
	_cleanup_close_ int wr = -1;
	_cleanup_close_ int hold_rd = -1;
	_cleanup_close_ int hold_wr = -1;
	_cleanup_close_ int pidfd = -1;
	_cleanup_close_ int self_pidfd = -1;
	struct arb_err derr;
	siginfo_t si;
	int fds[2][2];
	pid_t pid;
	int rc = -1;

	*out = NULL;
	if (!p)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "prepared box");
	for (int i = 0; i < SBX_PREPARED_NS; i++)
		p->ns[i] = -1;
	if (plan_begin(spec, false, &plan, err) < 0)
		goto out;
	if (!(p->key = fs_key(spec))) {
		arb_fail(err, ARB_E_INTERNAL, ENOMEM, "prepared box");
		goto out;
	}
	if (spec->box_dir && !spec->box_ro) {
		arb_fail(err, ARB_E_REQUEST, 0,
			 "a prepared box needs a read-only box directory");
		goto out;
	}
	if (pipe2(fds[0], O_CLOEXEC) < 0) {
		arb_fail(err, ARB_E_INTERNAL, errno, "pipe");
		goto out;
	}
	rd = fds[0][0], wr = fds[0][1];
	if (pipe2(fds[1], O_CLOEXEC) < 0) {
		arb_fail(err, ARB_E_INTERNAL, errno, "pipe");
		goto out;
	}
	hold_rd = fds[1][0], hold_wr = fds[1][1];
	plan.report_fd = wr;
	self_pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	plan.parent_pidfd = self_pidfd;

	pid = spawn(&plan, CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWUTS, hold_rd, &pidfd, err);
	if (pid < 0)
		goto out;
	close(steal_fd(&wr));
	close(steal_fd(&hold_rd));
	/* READY, or FAIL, or EOF if it died. */
	while (read(rd, &r, sizeof(r)) < 0 && errno == EINTR)
		;
	if (r.type == SBX_REPORT_READY) {
		rc = 0;
		for (int i = 0; i < SBX_PREPARED_NS && rc == 0; i++) {
			char path[64];

			snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, ns_names[i]);
			p->ns[i] = open(path, O_RDONLY | O_CLOEXEC);
			if (p->ns[i] < 0)
				rc = arb_fail(err, ARB_E_INTERNAL, errno, "%s", path);
		}
	} else if (r.type == SBX_REPORT_FAIL) {
		arb_fail(err, ARB_E_INTERNAL, r.errnum, "preparing the box failed at %s",
			 sbx_step_name((enum sbx_step)r.step));
	} else {
		arb_fail(err, ARB_E_INTERNAL, 0, "the box's preparer died");
	}
	/* EOF on the hold pipe lets it go; it is reaped before we return. */
	close(steal_fd(&hold_wr));
	if (reap(pidfd, &si, &derr) < 0 && rc == 0)
		rc = arb_fail(err, derr.kind, derr.errnum, "%s", derr.msg);
out:
	plan_free(&plan);
	if (rc < 0)
		sbx_prepared_free(p);
	else
		*out = p;
	return rc;
}

int sbx_run(const struct sbx_spec *spec, struct sbx_result *result,
	    struct arb_err *err)
{
	struct sbx_plan plan;
	struct sbx_outcome o;
	struct sbx_report status = {0};
	struct cg_box *cgb = NULL;
	struct arb_err derr;
	_cleanup_close_ int rd = -1;
	_cleanup_close_ int wr = -1;
	_cleanup_close_ int pidfd = -1;
	_cleanup_close_ int self_pidfd = -1;
	bool have_cg, status_seen = false;
	uint64_t start;
	siginfo_t si;
	int pipefd[2];
	int rc = -1;
	uint64_t ns = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC |
		      CLONE_NEWUTS;

	memset(result, 0, sizeof(*result));
	memset(&o, 0, sizeof(o));
	have_cg = spec->cg && cg_manager_mode(spec->cg) != CG_MODE_NONE;
	if (plan_begin(spec, true, &plan, err) < 0)
		goto out;
	if (spec->prepared) {
		if (prepared_check(spec->prepared, spec, err) < 0)
			goto out;
		memcpy(plan.ns_fds, spec->prepared->ns, sizeof(plan.ns_fds));
		ns = CLONE_NEWPID | CLONE_NEWIPC;
	}
	sbx_rlimit_plan(&spec->limits, have_cg, &plan);

	if (spec->cg && (run_cgroup(spec, &cgb, err) < 0 ||
			 cg_box_attach_info(cgb, &plan.cg, err) < 0))
		goto out;
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		arb_fail(err, ARB_E_INTERNAL, errno, "pipe");
		goto out;
	}
	rd = pipefd[0];
	wr = pipefd[1];
	plan.report_fd = wr;
	self_pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	plan.parent_pidfd = self_pidfd;

	start = mono_ns();
	if (spawn(&plan, ns, -1, &pidfd, err) < 0)
		goto out;
	close(steal_fd(&wr));

	if (supervise(pidfd, cgb, have_cg, &spec->limits, start, &o, err) < 0) {
		reap(pidfd, &si, &derr);
		goto out;
	}
	if (reap(pidfd, &si, err) < 0)
		goto out;
	o.wall_us = (mono_ns() - start) / 1000;

	fcntl(rd, F_SETFL, O_NONBLOCK);
	if (read_reports(rd, spec->argv[0], &status, &status_seen, err) < 0 &&
	    !o.killed_wall && !o.killed_cpu)
		goto out;

	if (cgb) {
		struct cg_stats cs;
		if (cg_box_stats(cgb, &cs, err) < 0)
			goto out;
		o.cpu_us = cs.cpu_us;
		o.mem_kib = cs.mem_peak_kib;
		o.oom_kills = cs.oom_kills;
		if (!cs.has_peak && status_seen)
			o.mem_kib = status.ru_maxrss_kib;
	}
	if (!have_cg && status_seen) {
		o.cpu_us = status.ru_cpu_us;
		o.mem_kib = status.ru_maxrss_kib;
	}
	if (status_seen && !o.killed_wall && !o.killed_cpu) {
		o.wait_status = status.wait_status;
		o.wall_us = status.wall_ns / 1000;
		o.forbidden_call = status.forbidden_call != 0;
		o.syscall_nr = status.syscall_nr;
	} else if (o.killed_wall || o.killed_cpu || o.oom_kills) {
		/* We (or the OOM killer) killed the init before it could
		 * report: the program died with it. */
		o.wait_status = SIGKILL;
	} else {
		arb_fail(err, ARB_E_INTERNAL, 0,
			 "the box's init died without a report (%s %d)",
			 si.si_code == CLD_EXITED ? "exit code" : "signal",
			 si.si_status);
		goto out;
	}
	o.output_over = output_reached(spec->stdout_fd, spec->limits.fsize_bytes);
	sbx_classify(&o, &spec->limits, result);
	rc = 0;
out:
	/* A prepared box keeps its cgroup, unless this run failed: the next
	 * one then starts from a new cgroup. */
	if (spec->prepared && cgb == spec->prepared->cgb) {
		if (rc == 0)
			cgb = NULL;
		else
			spec->prepared->cgb = NULL;
	}
	if (cg_box_destroy(cgb, &derr) < 0 && rc == 0)
		rc = arb_fail(err, derr.kind, derr.errnum, "%s", derr.msg);
	plan_free(&plan);
	return rc;
}
