/* cgroup.h - one interface over cgroup v1, hybrid and v2.
 *
 * The mode is detected once, by cg_manager_open(); no caller outside
 * cgroup*.c ever tests the version.  A manager knows where this process's
 * own cgroups are, and creates one fresh cgroup per box run *below* them
 * (never at the hierarchy root; a prepared box keeps one across its runs,
 * cg_box_reuse).  Hybrid hosts (v1 controllers plus a bare
 * cgroup2 at unified/) use the v1 back end, because the controllers live
 * there.
 *
 * Both back ends take a root path ("/sys/fs/cgroup" on a real host) and the
 * path of a /proc/self/cgroup file, so tests can run them against a fake
 * cgroupfs directory and assert on what was written.
 */
#ifndef ARBITER_SANDBOX_CGROUP_H
#define ARBITER_SANDBOX_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

enum cg_mode {
	CG_MODE_AUTO = 0, /* detect */
	CG_MODE_NONE,     /* no cgroup: rlimits only */
	CG_MODE_V1,
	CG_MODE_HYBRID,   /* v1 controllers + cgroup2 at unified/: v1 back end */
	CG_MODE_V2,
};

struct cg_limits {
	uint64_t mem_bytes; /* 0: unlimited */
	uint64_t pids;      /* 0: unlimited */
};

/* Usage of one box cgroup, normalised across versions. */
struct cg_stats {
	uint64_t cpu_us;       /* user + system of every task, ever */
	uint64_t mem_peak_kib; /* peak memory usage */
	uint64_t oom_kills;    /* OOM-killer kills inside the cgroup */
	bool has_peak;         /* false when the kernel cannot tell a peak */
};

struct cg_manager;
struct cg_box;

struct cg_manager_opts {
	const char *root;        /* NULL: "/sys/fs/cgroup" */
	const char *proc_cgroup; /* NULL: "/proc/self/cgroup" */
	enum cg_mode mode;       /* CG_MODE_AUTO: detect with statfs(root) */
	const char *prefix;      /* cgroup name prefix; NULL: "arbiter" */
};

/* Detect the mode and this process's cgroups; on v2, move this process into
 * a leaf ("supervisor") and enable the memory, pids and cpu controllers for
 * its children (the "no internal processes" rule).  MODE_NONE always
 * succeeds. */
int cg_manager_open(const struct cg_manager_opts *opts, struct cg_manager **out,
		    struct arb_err *err);
void cg_manager_close(struct cg_manager *m);

/* Remove the box cgroups of processes that are gone (PREFIX-<pid>-<n> with
 * no process PID): what a killed worker could not clean up.  Best effort,
 * never fails; a cgroup still emptying is left for the next sweep.  Called
 * by cg_manager_open(), and periodically by the worker.  Returns how many
 * were removed. */
int cg_manager_sweep(struct cg_manager *m);
enum cg_mode cg_manager_mode(const struct cg_manager *m);
const char *cg_mode_name(enum cg_mode mode);

/* Create a fresh cgroup for one run, named PREFIX-<pid>-<counter>, with
 * LIMITS applied (memory without swap).  Safe to call from several threads. */
int cg_box_create(struct cg_manager *m, const struct cg_limits *limits,
		  struct cg_box **out, struct arb_err *err);

/* Make the empty box B ready for another run with the same LIMITS, instead
 * of a new cgroup (a prepared box keeps one for all its runs): a task that
 * is left is killed, and from here on cg_box_cpu_us and cg_box_stats count
 * this run alone.  v1 keeps the freezer, pids and cpuacct cgroups (CPU
 * time counts from a base) and makes the memory cgroup anew, so that the
 * peak and the OOM kills are exactly this run's.  -1 when it cannot (v2,
 * whose single cgroup is made anew for each run; other limits; a task
 * that will not leave): then destroy B and create a new box. */
int cg_box_reuse(struct cg_box *b, const struct cg_limits *limits,
		 struct arb_err *err);

/* How the box's program joins its cgroup, prepared in the parent (the box's
 * init itself stays outside):
 * - clone_fd >= 0: init creates the program with clone3(CLONE_INTO_CGROUP)
 *   (v2), which avoids migrating a running task;
 * - otherwise the program writes "0" to each of procs_fds[0..n_procs), in
 *   index order, before doing anything else (v1).
 * The fds stay owned by the box (closed by cg_box_destroy). */
struct cg_attach {
	int clone_fd;
	int procs_fds[8];
	size_t n_procs;
};
int cg_box_attach_info(struct cg_box *b, struct cg_attach *out,
		       struct arb_err *err);

/* CPU time so far, cheap enough to poll every millisecond. */
int cg_box_cpu_us(struct cg_box *b, uint64_t *cpu_us, struct arb_err *err);

int cg_box_stats(struct cg_box *b, struct cg_stats *out, struct arb_err *err);

/* Kill every task in the cgroup (v2: cgroup.kill; v1: freeze, kill, thaw). */
int cg_box_kill_all(struct cg_box *b, struct arb_err *err);

/* Kill what is left, wait until the cgroup is empty, remove it and free B.
 * Idempotent; tolerates a half-built box; NULL is a no-op.  Returns -1 only
 * when the directory could not be removed (it is then left for an operator,
 * and named in ERR). */
int cg_box_destroy(struct cg_box *b, struct arb_err *err);

#endif
