/* doctor_probe.c - the probes of `arbiter doctor`, and the whole list.
 *
 * A probe makes the system calls the sandbox relies on, the way the
 * sandbox makes them: in a forked child whenever the call changes the
 * caller (seccomp, unshare), on a real box cgroup, or as a real sbx_run().
 * doctor_run() runs every check in the order people read them: privileges,
 * cgroups, kernel features, policy and languages, the CPU, then the cost of
 * one run.
 */
#include "doctor.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "doctor_internal.h"
#include "lang.h"
#include "sandbox/sandbox.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

#define TIMING_RUNS 3
#define TIMING_WARN_US 50000

/*** Probes: the real system calls ***/

/* Run FN in a forked child (it may change its own state freely) and
 * return what it returned (0 or an errno), or -1 when the child died. */
static int in_child(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return errno;
	if (pid == 0)
		_exit(fn(arg) & 0xff);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void probe_kernel(struct doctor_check *c)
{
	struct utsname u;

	if (uname(&u) < 0)
		doctor_set(c, "kernel", DOCTOR_INFO, "uname: %s", strerror(errno));
	else
		doctor_set(c, "kernel", DOCTOR_INFO, "%s %s %s", u.sysname, u.release,
			   u.machine);
}

static void probe_pidfd(struct doctor_check *c)
{
	static const char name[] = "kernel.pidfd_open";
	int fd = (int)syscall(SYS_pidfd_open, getpid(), 0);

	if (fd >= 0) {
		close(fd);
		doctor_set(c, name, DOCTOR_OK,
			   "available: the supervisor waits on and signals boxes by pidfd");
	} else {
		doctor_set(c, name, DOCTOR_FAIL,
			   "pidfd_open: %s (needs Linux 5.3+): the supervisor cannot "
			   "watch a box", doctor_errname(errno));
	}
}

static void probe_clone3(struct doctor_check *c)
{
	static const char name[] = "kernel.clone3";

	/* A size below the first version of struct clone_args is EINVAL on
	 * every kernel that has clone3; ENOSYS means none (or a seccomp
	 * profile, such as Docker's default, hiding it). */
	if (syscall(SYS_clone3, NULL, 0) < 0 && errno == EINVAL)
		doctor_set(c, name, DOCTOR_OK, "available: every box is created with clone3");
	else
		doctor_set(c, name, DOCTOR_FAIL,
			   "clone3: %s (needs Linux 5.3+, and no seccomp profile "
			   "refusing it): no box can be created", doctor_errname(errno));
}

static void probe_openat2(struct doctor_check *c)
{
	static const char name[] = "kernel.openat2";
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
			   RESOLVE_NO_MAGICLINKS,
	};
	int fd = (int)syscall(SYS_openat2, AT_FDCWD, ".", &how, sizeof(how));

	if (fd >= 0) {
		close(fd);
		doctor_set(c, name, DOCTOR_OK,
			   "available, with RESOLVE_BENEATH and RESOLVE_NO_SYMLINKS");
	} else {
		doctor_set(c, name, DOCTOR_WARN,
			   "openat2: %s (needs Linux 5.6+): confined path resolution "
			   "is unavailable", doctor_errname(errno));
	}
}

static void probe_close_range(struct doctor_check *c)
{
	static const char name[] = "kernel.close_range";

	/* A range far above any open fd: nothing is closed, only the call
	 * and its CLOEXEC flag (5.11) are tested. */
	if (syscall(SYS_close_range, 0x7ffffff0U, 0x7ffffffeU,
		    CLOSE_RANGE_CLOEXEC) == 0)
		doctor_set(c, name, DOCTOR_OK,
			   "available, with CLOSE_RANGE_CLOEXEC: no fd of the worker "
			   "reaches a box");
	else
		doctor_set(c, name, DOCTOR_FAIL,
			   "close_range(CLOSE_RANGE_CLOEXEC): %s (needs Linux 5.11+): "
			   "the box's fd hygiene step fails", doctor_errname(errno));
}

static int child_seccomp(void *arg)
{
	unsigned flags = *(unsigned *)arg;
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = {.len = 1, .filter = &allow};
	long rc;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return errno;
	rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	return rc < 0 ? errno : 0;
}

static bool action_avail(uint32_t action)
{
	return syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0;
}

static void probe_seccomp(struct doctor_check *filter, struct doctor_check *notify)
{
	unsigned flags = 0;
	int rc = in_child(child_seccomp, &flags);

	if (rc != 0)
		doctor_set(filter, "kernel.seccomp_filter", DOCTOR_FAIL,
			   "a seccomp filter cannot be loaded: %s",
			   rc < 0 ? "the probe died" : doctor_errname(rc));
	else if (!action_avail(SECCOMP_RET_KILL_PROCESS))
		doctor_set(filter, "kernel.seccomp_filter", DOCTOR_FAIL,
			   "SECCOMP_RET_KILL_PROCESS unavailable (needs Linux 4.14+)");
	else
		doctor_set(filter, "kernel.seccomp_filter", DOCTOR_OK,
			   "filters load, with SECCOMP_RET_KILL_PROCESS");

	flags = SECCOMP_FILTER_FLAG_NEW_LISTENER;
	rc = in_child(child_seccomp, &flags);
	if (rc != 0 || !action_avail(SECCOMP_RET_USER_NOTIF))
		doctor_set(notify, "kernel.seccomp_notify", DOCTOR_FAIL,
			   "SECCOMP_FILTER_FLAG_NEW_LISTENER / SECCOMP_RET_USER_NOTIF: "
			   "%s (needs Linux 5.0+): boxes fail at their seccomp step",
			   rc < 0 ? "the probe died" : doctor_errname(rc ? rc : EINVAL));
	else
		doctor_set(notify, "kernel.seccomp_notify", DOCTOR_OK,
			   "user notification works: a forbidden call is named and "
			   "kills the whole box");
}

static int child_unshare(void *arg)
{
	return unshare(*(int *)arg) < 0 ? errno : 0;
}

static void probe_namespaces(struct doctor_check *c)
{
	static const struct {
		int flag;
		const char *name;
		bool needed;
	} ns[] = {
		{CLONE_NEWNS, "mount", true},   {CLONE_NEWPID, "pid", true},
		{CLONE_NEWNET, "net", true},    {CLONE_NEWIPC, "ipc", true},
		{CLONE_NEWUTS, "uts", true},    {CLONE_NEWCGROUP, "cgroup", true},
		{CLONE_NEWUSER, "user", false},
	};
	char bad[200] = "", made[100] = "";
	size_t nb = 0, nm = 0;
	int user_rc = 0;

	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		int flag = ns[i].flag;
		int rc = in_child(child_unshare, &flag);

		if (!ns[i].needed) {
			user_rc = rc;
		} else if (rc == 0) {
			nm += (size_t)snprintf(made + nm, sizeof(made) - nm, "%s%s",
					       nm ? " " : "", ns[i].name);
		} else {
			nb += (size_t)snprintf(bad + nb, sizeof(bad) - nb, "%s%s (%s)",
					       nb ? ", " : "", ns[i].name,
					       rc < 0 ? "probe died" : doctor_errname(rc));
		}
	}
	if (bad[0])
		doctor_set(c, "kernel.namespaces", DOCTOR_FAIL,
			   "cannot create %s namespaces: no box can be built", bad);
	else
		doctor_set(c, "kernel.namespaces", DOCTOR_OK, "%s: created", made);
	doctor_add(c, "; user: %s (not used by the sandbox)",
		   user_rc == 0 ? "created" : user_rc < 0 ? "probe died" : doctor_errname(user_rc));
}

/* A real box cgroup: limits written, CPU and stats read, a child created
 * straight into it (v2: clone3 with CLONE_INTO_CGROUP), then removed. */
static void probe_cgroup_box(struct cg_manager *m, struct doctor_check *box,
			     struct doctor_check *into)
{
	static const char bname[] = "cgroup.box", iname[] = "kernel.clone_into_cgroup";
	const struct cg_limits lim = {.mem_bytes = 64ULL << 20, .pids = 16};
	struct cg_box *b = NULL;
	struct cg_attach at;
	struct cg_stats st;
	struct arb_err err;
	uint64_t cpu;

	arb_err_clear(&err);
	if (!m || cg_manager_mode(m) == CG_MODE_NONE) {
		doctor_set(box, bname, DOCTOR_INFO, "not checked: no cgroup in use");
		doctor_set(into, iname, DOCTOR_INFO, "not checked: no cgroup v2 in use");
		return;
	}
	if (cg_box_create(m, &lim, &b, &err) < 0 ||
	    cg_box_attach_info(b, &at, &err) < 0) {
		doctor_set(box, bname, DOCTOR_FAIL, "cannot create a box cgroup: %s", err.msg);
		doctor_set(into, iname, DOCTOR_INFO, "not checked: no box cgroup");
		cg_box_destroy(b, &err);
		return;
	}
	if (at.clone_fd < 0) {
		doctor_set(into, iname, DOCTOR_OK,
			   "not used on cgroup v1 (the program writes its pid to "
			   "cgroup.procs before exec)");
	} else {
		struct clone_args args;
		pid_t pid;

		memset(&args, 0, sizeof(args));
		args.flags = CLONE_INTO_CGROUP;
		args.exit_signal = SIGCHLD;
		args.cgroup = (uint64_t)at.clone_fd;
		pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			doctor_set(into, iname, DOCTOR_FAIL,
				   "clone3(CLONE_INTO_CGROUP): %s (needs Linux 5.7+): "
				   "no program can start in its box", doctor_errname(errno));
		} else {
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
			doctor_set(into, iname, DOCTOR_OK,
				   "a child was created straight into a box cgroup");
		}
	}
	if (cg_box_cpu_us(b, &cpu, &err) < 0 || cg_box_stats(b, &st, &err) < 0)
		doctor_set(box, bname, DOCTOR_FAIL, "box cgroup unreadable: %s", err.msg);
	else
		doctor_set(box, bname, DOCTOR_OK,
			   "a box cgroup was created with memory and pids limits, "
			   "measured (peak memory %s) and removed",
			   st.has_peak ? "tracked" : "NOT tracked: max RSS instead");
	if (cg_box_destroy(b, &err) < 0)
		doctor_set(box, bname, DOCTOR_FAIL, "box cgroup not removed: %s", err.msg);
}

static void probe_policy(const char *dir, struct sbx_policy **out,
			 struct doctor_check *c)
{
	static const char name[] = "policy";
	char found[PATH_MAX];
	struct arb_err err;

	arb_err_clear(&err);
	*out = NULL;
	if (!dir && sbx_policy_dir(found, sizeof(found), &err) == 0)
		dir = found;
	if (sbx_policy_load(dir, "default", out, &err) < 0) {
		doctor_set(c, name, DOCTOR_FAIL, "%s", err.msg);
		return;
	}
	doctor_set(c, name, DOCTOR_OK,
		   "'default' from %s: %zu paths, seccomp filter of %u instructions",
		   dir ? dir : "?", (*out)->n_paths, (unsigned)(*out)->seccomp.len);
	if (!(*out)->seccomp_notify.len) {
		c->status = DOCTOR_WARN;
		doctor_add(c, ", without a notifying variant: forbidden calls "
			      "kill unnamed");
	}
}

static void probe_languages(const char *dir, struct doctor_check *c)
{
	static const char name[] = "languages";
	struct lang_table *t = NULL;
	struct arb_err err;
	size_t avail = 0;

	arb_err_clear(&err);
	if (lang_load(dir, &t, &err) < 0) {
		doctor_set(c, name, DOCTOR_FAIL, "%s", err.msg);
		return;
	}
	doctor_set(c, name, DOCTOR_OK, "%s", "");
	for (size_t i = 0; i < t->n; i++)
		if (t->langs[i].available)
			doctor_add(c, "%s%s", avail++ ? " " : "", t->langs[i].id);
	if (avail == 0) {
		doctor_set(c, name, DOCTOR_FAIL, "no language has its toolchain on this host");
	} else if (avail < t->n) {
		c->status = DOCTOR_WARN;
		doctor_add(c, "; missing:");
		for (size_t i = 0; i < t->n; i++)
			if (!t->langs[i].available)
				doctor_add(c, " %s (%s)", t->langs[i].id,
					   t->langs[i].missing ? t->langs[i].missing : "?");
	}
	lang_table_free(t);
}

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000ULL + (uint64_t)ts.tv_nsec / 1000;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* What one `arbiter exec /bin/true` costs here, end to end. */
static void probe_timing(const struct sbx_policy *pol, struct cg_manager *m,
			 int box_id, struct doctor_check *c)
{
	static const char name[] = "sandbox.timing";
	static const char *const argv[] = {"/bin/true", NULL};
	uint64_t took[TIMING_RUNS], prog_us = 0;
	struct sbx_result r;
	struct sbx_spec spec;
	struct arb_err err;

	if (!pol) {
		doctor_set(c, name, DOCTOR_FAIL, "not run: no policy (see policy)");
		return;
	}
	memset(&spec, 0, sizeof(spec));
	spec.policy = pol;
	spec.argv = argv;
	spec.limits.cpu_us = 1000000;
	spec.limits.wall_us = 5000000;
	spec.limits.mem_bytes = 64ULL << 20;
	spec.limits.pids = 16;
	spec.limits.fsize_bytes = 1 << 20;
	spec.box_id = box_id;
	spec.stdin_fd = spec.stdout_fd = spec.stderr_fd = -1;
	spec.cg = m;
	for (int i = 0; i < TIMING_RUNS; i++) {
		uint64_t t0 = mono_us();

		arb_err_clear(&err);
		if (sbx_run(&spec, &r, &err) < 0) {
			doctor_set(c, name, DOCTOR_FAIL, "sbx_run of /bin/true: %s", err.msg);
			return;
		}
		took[i] = mono_us() - t0;
		if (r.status != SBX_OK) {
			doctor_set(c, name, DOCTOR_FAIL, "/bin/true in a box: %s (%s)",
				   sbx_status_name(r.status), r.message);
			return;
		}
		prog_us = r.wall_us;
	}
	qsort(took, TIMING_RUNS, sizeof(took[0]), cmp_u64);
	doctor_set(c, name, took[TIMING_RUNS / 2] > TIMING_WARN_US ? DOCTOR_WARN : DOCTOR_OK,
		   "/bin/true in a box: %.1f ms per run (median of %d; min %.1f, max "
		   "%.1f; the program itself %.1f ms)%s",
		   (double)took[TIMING_RUNS / 2] / 1000, TIMING_RUNS,
		   (double)took[0] / 1000, (double)took[TIMING_RUNS - 1] / 1000,
		   (double)prog_us / 1000,
		   took[TIMING_RUNS / 2] > TIMING_WARN_US
			   ? ": over 50 ms, a loaded or slow host (short tests will "
			     "take long)"
			   : (m && cg_manager_mode(m) != CG_MODE_NONE ? ""
								     : " (without a cgroup)"));
}

/*** The whole list ***/

static struct doctor_check *next(struct doctor_report *rep)
{
	static struct doctor_check overflow; /* never reached: 48 > the list */

	if (rep->n == DOCTOR_MAX_CHECKS)
		return &overflow;
	memset(&rep->checks[rep->n], 0, sizeof(rep->checks[0]));
	return &rep->checks[rep->n++];
}

static int usable_cpus(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 0;
}

void doctor_run(const struct doctor_opts *opts, struct doctor_report *rep)
{
	struct doctor_env env = {.root = "", .cg_mode = CG_MODE_AUTO,
				 .affinity_cpus = usable_cpus()};
	struct cg_manager_opts cgo = {.mode = opts->cg_mode};
	struct sbx_policy *pol = NULL;
	struct cg_manager *m = NULL;
	struct doctor_check *c, into;
	struct arb_err err;

	rep->n = 0;
	doctor_check_privileges(&env, next(rep));
	probe_kernel(next(rep));

	arb_err_clear(&err);
	c = next(rep);
	if (cg_manager_open(&cgo, &m, &err) < 0) {
		doctor_set(c, "cgroup.mode", DOCTOR_FAIL, "%s", err.msg);
		m = NULL;
	} else {
		env.cg_mode = cg_manager_mode(m);
		switch (env.cg_mode) {
		case CG_MODE_V2:
			doctor_set(c, "cgroup.mode", DOCTOR_OK, "v2 (unified hierarchy)");
			break;
		case CG_MODE_HYBRID:
			doctor_set(c, "cgroup.mode", DOCTOR_OK,
				   "hybrid: v1 controllers, cgroup2 at unified/ (the "
				   "v1 back end is used)");
			break;
		case CG_MODE_V1:
			doctor_set(c, "cgroup.mode", DOCTOR_OK, "v1");
			break;
		default:
			doctor_set(c, "cgroup.mode", DOCTOR_WARN,
				   "none (forced): rlimits only, no cgroup CPU or peak "
				   "memory");
			break;
		}
	}
	doctor_check_controller(&env, "memory", next(rep));
	doctor_check_controller(&env, "pids", next(rep));
	doctor_check_controller(&env, "cpu", next(rep));
	doctor_check_controller(&env, "freezer", next(rep));
	probe_cgroup_box(m, next(rep), &into);
	doctor_check_swap(&env, next(rep));
	doctor_check_swap_accounting(&env, next(rep));

	probe_pidfd(next(rep));
	probe_clone3(next(rep));
	/* Probed with the box cgroup, listed with the kernel features. */
	*next(rep) = into;
	probe_openat2(next(rep));
	doctor_check_cgroup_kill(&env, next(rep));
	probe_close_range(next(rep));
	c = next(rep);
	probe_seccomp(c, next(rep));
	probe_namespaces(next(rep));
	doctor_check_userns(&env, next(rep));
	doctor_check_ptrace_scope(&env, next(rep));

	probe_policy(opts->policy_dir, &pol, next(rep));
	probe_languages(opts->policy_dir, next(rep));

	doctor_check_cpus(&env, next(rep));
	doctor_check_governor(&env, next(rep));
	doctor_check_boost(&env, next(rep));
	doctor_check_smt(&env, next(rep));
	doctor_check_virt(&env, next(rep));
	doctor_check_overcommit(&env, next(rep));

	probe_timing(pol, m, opts->box_id, next(rep));
	sbx_policy_free(pol);
	cg_manager_close(m);

}
