/* sandbox_internal.h - what sandbox.c prepares and child.c executes.
 *
 * The parent turns a struct sbx_spec into a struct sbx_plan: every path,
 * string, fd and limit the child will need, fully computed and allocated
 * BEFORE clone.  The child then runs an ordered checklist using only system
 * calls on that plan - no malloc, no stdio - because it is a copy of a
 * possibly multi-threaded worker whose allocator locks may be held by
 * threads that do not exist in the child.
 *
 * Only the files of judge/sandbox/ and the tests include this header.
 */
#ifndef ARBITER_SANDBOX_INTERNAL_H
#define ARBITER_SANDBOX_INTERNAL_H

#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "sandbox/cgroup.h"
#include "sandbox/sandbox.h"

/* The empty host directory on which each box mounts its new root.  Every box
 * mounts there inside its own private mount namespace, so any number of
 * boxes share it; the host never sees what is mounted on it. */
#define SBX_STAGING_DIR "/run/arbiter/root"
#define SBX_STAGING_FALLBACK "/tmp/.arbiter-root"

/* Checklist steps, reported with errno when one fails (never printed by the
 * child itself: its stderr belongs to the program). */
enum sbx_step {
	SBX_STEP_NONE = 0,
	SBX_STEP_CGROUP_ATTACH,
	SBX_STEP_CGROUP_NS,
	SBX_STEP_PDEATHSIG,
	SBX_STEP_MOUNT_PRIVATE,
	SBX_STEP_MOUNT_ROOT,
	SBX_STEP_MOUNT_MKDIR,
	SBX_STEP_MOUNT_BIND,
	SBX_STEP_MOUNT_REMOUNT,
	SBX_STEP_MOUNT_SYMLINK,
	SBX_STEP_MOUNT_TMPFS,
	SBX_STEP_MOUNT_PROC,
	SBX_STEP_PIVOT_ROOT,
	SBX_STEP_ROOT_READONLY,
	SBX_STEP_HOSTNAME,
	SBX_STEP_FORK,
	SBX_STEP_SETSID,
	SBX_STEP_RLIMIT,
	SBX_STEP_STDIO,
	SBX_STEP_CLOSE_FDS,
	SBX_STEP_CHDIR,
	SBX_STEP_SETGROUPS,
	SBX_STEP_SETGID,
	SBX_STEP_CAPS,
	SBX_STEP_SETUID,
	SBX_STEP_NO_NEW_PRIVS,
	SBX_STEP_SECCOMP,
	SBX_STEP_EXEC,
	SBX_STEP_SETNS,
};

const char *sbx_step_name(enum sbx_step step);

/* Records on the report pipe (child -> parent, O_CLOEXEC).  Fixed size and
 * smaller than PIPE_BUF, so each write is atomic. */
enum sbx_report_type {
	SBX_REPORT_FAIL = 1,
	SBX_REPORT_STATUS = 2,
	SBX_REPORT_READY = 3, /* sbx_prepare: the namespaces are built */
};

struct sbx_report {
	int type;
	int step;        /* FAIL: enum sbx_step */
	int errnum;      /* FAIL: errno */
	int wait_status; /* STATUS: of the program (pid 2) */
	uint64_t wall_ns;     /* STATUS: fork of the program to its exit */
	uint64_t ru_cpu_us;   /* STATUS: rusage of all reaped descendants */
	uint64_t ru_maxrss_kib;
	int forbidden_call;   /* STATUS: init killed the box for a forbidden call */
	int syscall_nr;       /* STATUS: ... this one */
};

/* One mount-plan operation, run in order by the child. */
enum sbx_mop_kind {
	SBX_MOP_MKDIR,   /* mkdir -p target */
	SBX_MOP_BIND,    /* bind src at target (file or dir) and set flags */
	SBX_MOP_SYMLINK, /* symlink(src, target) */
	SBX_MOP_TMPFS,   /* tmpfs with data options at target */
	SBX_MOP_PROC,    /* procfs of the box's pid namespace at target */
	SBX_MOP_READONLY, /* remount target read-only (a tmpfs we filled) */
};

struct sbx_mop {
	enum sbx_mop_kind kind;
	const char *src;      /* BIND: host path; SYMLINK: link text */
	char *target;         /* absolute, under the staging root */
	unsigned long flags;  /* MS_* for the final per-mount flags */
	char *data;           /* TMPFS / PROC: mount options */
	int is_dir;           /* BIND: create a dir (1) or an empty file (0) */
	/* Mounted afresh by every run, prepared box or not: what a program
	 * can write (/box as a tmpfs, /tmp, /dev/shm) and /proc, which
	 * belongs to one run's pid namespace.  A prepared box only makes
	 * their mount points. */
	int per_run;
};

#define SBX_MAX_RLIMITS 8

/* The namespaces a prepared box keeps (net, uts, mnt: entered in that
 * order; the mount namespace last, as it changes the root). */
#define SBX_PREPARED_NS 3

struct sbx_plan {
	/* mounts */
	const char *staging;   /* new root, before pivot_root */
	struct sbx_mop *mops;
	size_t n_mops;

	/* identity */
	uid_t uid;
	gid_t gid;
	int cap_last;          /* /proc/sys/kernel/cap_last_cap */

	/* process */
	char *const *argv;
	char *const *envp;
	const char *path_env;  /* the PATH value searched for a bare argv[0] */
	int stdio[3];          /* fds to become 0,1,2; -1: /dev/null */
	struct {
		int resource;
		struct rlimit lim;
	} rlimits[SBX_MAX_RLIMITS];
	size_t n_rlimits;
	const struct sbx_bpf *seccomp;
	const struct sbx_bpf *seccomp_notify; /* preferred when len > 0 */

	/* A prepared box's namespaces (sbx_prepare), entered instead of
	 * building new ones; -1 when the run builds its own. */
	int ns_fds[SBX_PREPARED_NS];

	/* supervision */
	struct cg_attach cg;
	/* Start the program fork-style even where spawn_shared could
	 * (ARBITER_SPAWN=fork: to compare, or to rule the vfork-style start
	 * out; the tests run both). */
	bool spawn_fork;
	int report_fd;         /* write end */
	int parent_pidfd;      /* the supervisor; readable once it is gone */
};

/* Child side (child.c).  Runs the whole checklist and never returns. */
__attribute__((noreturn)) void sbx_child_main(const struct sbx_plan *plan);
/* sbx_prepare's child: builds the filesystem, reports READY, then waits
 * for HOLD_FD to reach EOF while the parent opens its namespaces. */
__attribute__((noreturn)) void sbx_prepare_main(const struct sbx_plan *plan,
						int hold_fd);

/* Mount plan (mount.c).  Build in the parent; run in the child. */
int sbx_mount_plan(const struct sbx_spec *spec, const char *staging,
		   struct sbx_plan *plan, struct arb_err *err);
void sbx_mount_plan_free(struct sbx_plan *plan);
/* Child: run plan->mops, then pivot_root into the staging dir.  With
 * SHELL_ONLY (a prepared box), the per-run mounts only get their mount
 * points.  Returns 0, or -1 with *step and errno set. */
int sbx_mount_run(const struct sbx_plan *plan, bool shell_only, enum sbx_step *step);
/* Child, inside a prepared box's mount namespace: replace each per-run
 * mount with a fresh one. */
int sbx_mount_fresh(const struct sbx_plan *plan, enum sbx_step *step);
/* Child, at the end of a run in a prepared box: unmount the per-run
 * mounts, so that what the run left there is freed as it ends, not
 * held until the next run.  Best effort: the next run's sbx_mount_fresh
 * unmounts what is left. */
void sbx_mount_drop(const struct sbx_plan *plan);

/* Limits (rlimit.c).  Fill plan->rlimits from the spec's limits. */
void sbx_rlimit_plan(const struct sbx_limits *lim, bool have_cgroup,
		     struct sbx_plan *plan);

#endif
