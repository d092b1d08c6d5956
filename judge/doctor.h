/* doctor.h - what on this host would make verdicts unsafe or unstable.
 *
 * `arbiter doctor` runs every check below once and prints one line per
 * check.  Each check is a function that fills a struct doctor_check: a
 * stable name ("cgroup.swap"), a status and a one-line detail for people.
 * The library only probes and judges; cmd_doctor.c only prints.
 *
 * Two kinds of checks:
 *   - file checks read /proc and /sys through ENV->root, a prefix that is
 *     "" on a real host and a fixture tree (testdata/doctor/<host>/) in the
 *     unit tests, so each verdict rule is tested against canned files;
 *   - probes make the system calls the sandbox relies on (clone3,
 *     pidfd_open, seccomp with a listener, unshare of each namespace...),
 *     create a real box cgroup, or run /bin/true through sbx_run(); they
 *     are exercised by tests/integration/doctor.sh on the real host.
 *
 * Status: FAIL means arbiter cannot judge safely here (a missing kernel
 * feature the sandbox calls unconditionally, no privileges, no memory
 * cgroup); WARN means verdicts may be unstable or a limit weaker than
 * documented (swap without accounting, a powersave governor, turbo, SMT,
 * a missing language); INFO reports a fact an operator should know, and
 * never affects the exit status.
 */
#ifndef ARBITER_DOCTOR_H
#define ARBITER_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sandbox/cgroup.h"

enum doctor_status {
	DOCTOR_OK,
	DOCTOR_INFO,
	DOCTOR_WARN,
	DOCTOR_FAIL,
};

#define DOCTOR_DETAIL_MAX 400
#define DOCTOR_MAX_CHECKS 48

struct doctor_check {
	const char *name; /* static: "kernel.clone3" */
	enum doctor_status status;
	char detail[DOCTOR_DETAIL_MAX]; /* one line, no final full stop */
};

struct doctor_report {
	struct doctor_check checks[DOCTOR_MAX_CHECKS];
	size_t n;
};

/* What the file checks read, and what they cannot read from files. */
struct doctor_env {
	const char *root;     /* prefix of /proc and /sys paths; "" = this host */
	enum cg_mode cg_mode; /* the mode in use (cg_manager_mode); AUTO: unknown */
	int affinity_cpus;    /* CPUs this process may run on; 0: unknown */
};

/* How `arbiter doctor` runs the whole list. */
struct doctor_opts {
	enum cg_mode cg_mode;   /* requested cgroup mode (AUTO: detect) */
	const char *policy_dir; /* NULL: sbx_policy_dir() */
	int box_id;             /* box of the timing run */
};

/* Run every check in order and fill REP (never fails: a check that cannot
 * run says so in its own line).  Opens a cgroup manager as `arbiter exec`
 * does: on cgroup v2 this process moves into its leaf. */
void doctor_run(const struct doctor_opts *opts, struct doctor_report *rep);

/* Whether any check FAILed. */
bool doctor_failed(const struct doctor_report *rep);

/* "ok", "info", "warn", "FAIL" (for people) / lower case (JSON). */
const char *doctor_status_name(enum doctor_status s);
const char *doctor_status_json(enum doctor_status s);

/*** File checks (ENV->root applies) ***/

/* /proc/self/status: root, or the capabilities the sandbox uses. */
void doctor_check_privileges(const struct doctor_env *env, struct doctor_check *c);
/* One controller ("memory", "pids", "cpu", "freezer") usable for boxes:
 * v1 - enabled in /proc/cgroups and holding this process; v2 - delegated
 * (cgroup.controllers) and enabled for children (cgroup.subtree_control)
 * of the cgroup boxes are created in. */
void doctor_check_controller(const struct doctor_env *env, const char *ctrl,
			     struct doctor_check *c);
/* /proc/swaps: is any swap on. */
void doctor_check_swap(const struct doctor_env *env, struct doctor_check *c);
/* v1: memory.memsw.* in our memory cgroup; v2: memory.swap.max. */
void doctor_check_swap_accounting(const struct doctor_env *env,
				  struct doctor_check *c);
/* v2: cgroup.kill in our cgroup (5.14+); n/a on v1. */
void doctor_check_cgroup_kill(const struct doctor_env *env, struct doctor_check *c);
void doctor_check_cpus(const struct doctor_env *env, struct doctor_check *c);
void doctor_check_governor(const struct doctor_env *env, struct doctor_check *c);
void doctor_check_boost(const struct doctor_env *env, struct doctor_check *c);
void doctor_check_smt(const struct doctor_env *env, struct doctor_check *c);
void doctor_check_virt(const struct doctor_env *env, struct doctor_check *c);
void doctor_check_overcommit(const struct doctor_env *env, struct doctor_check *c);
void doctor_check_userns(const struct doctor_env *env, struct doctor_check *c);
void doctor_check_ptrace_scope(const struct doctor_env *env, struct doctor_check *c);

/*** Pure parsers (tested on their own) ***/

/* /proc/swaps: active swap areas and their total size.  -1 when TEXT does
 * not start with the header line or a line is malformed. */
int doctor_parse_swaps(const char *text, unsigned *n_areas, uint64_t *total_kib);

/* /proc/<pid>/status: effective uid and CapEff.  -1 when either is absent
 * or malformed. */
int doctor_parse_status(const char *text, uid_t *euid, uint64_t *cap_eff);

/* /proc/self/cgroup: the path of the hierarchy holding CTRL (a v1
 * controller name; "" for the cgroup2 "0::" line) into OUT.  1 when
 * found, 0 when absent, -1 on a malformed line or a path longer than LEN. */
int doctor_parse_cgroup_path(const char *text, const char *ctrl, char *out,
			     size_t len);

/* /proc/cgroups: whether CTRL is compiled in and enabled (*ENABLED) and
 * its v1 hierarchy id (0: not mounted on v1, or on v2).  1 when listed,
 * 0 when not, -1 when malformed. */
int doctor_parse_proc_cgroups(const char *text, const char *ctrl, bool *enabled,
			      unsigned *hierarchy);

/* A kernel CPU list ("0-3,8,10-11\n"): how many CPUs.  -1 when malformed. */
int doctor_parse_cpu_list(const char *text, unsigned *count);

#endif
