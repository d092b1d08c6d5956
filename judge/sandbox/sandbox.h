/* sandbox.h - THE public API of arbiter's sandbox.
 *
 * One call, sbx_run(), runs one command in a fresh box and reports its usage.
 * The box is a set of new namespaces (mount, pid, net, ipc, uts, cgroup), a
 * tmpfs root holding only read-only binds of the policy's paths plus /box,
 * /tmp, a minimal /dev and the box's own /proc; an unprivileged uid/gid, no
 * capabilities, no_new_privs and a seccomp filter; and a fresh cgroup that
 * limits and measures memory, pids and CPU time.
 *
 * sbx_run() returns -1 only when the SANDBOX failed (a judge error).  A
 * program that crashes, runs out of time or memory is a successful run whose
 * result says so in `status`.  When sbx_run() returns, no process of the box
 * is alive and its cgroup is gone.
 *
 * Policies (policies/NAME.yaml) say what the box sees and which system calls
 * it may make; they are loaded and compiled once (sbx_policy_load) and can be
 * shared by any number of runs, from any number of threads.
 */
#ifndef ARBITER_SANDBOX_SANDBOX_H
#define ARBITER_SANDBOX_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct cg_manager;
struct seccomp_rules;

/*** Policies ***/

enum sbx_path_kind {
	SBX_PATH_BIND,    /* bind mount of a host file or directory */
	SBX_PATH_SYMLINK, /* a symlink recreated in the box (/lib -> usr/lib) */
};

struct sbx_path {
	enum sbx_path_kind kind;
	char *src;    /* host path (BIND) or link target (SYMLINK) */
	char *dst;    /* absolute path inside the box */
	bool rw;      /* BIND only: writable (never for policy paths) */
	bool is_dir;  /* BIND only: source is a directory */
	bool optional; /* a missing source is skipped, not an error */
};

/* A compiled classic-BPF seccomp program (struct sock_filter array). */
struct sbx_bpf {
	void *filter;   /* struct sock_filter[len], malloc'd */
	unsigned short len;
};

struct sbx_policy {
	char *name;
	char *description;
	struct sbx_path *paths; /* read-only binds and symlinks, in mount order */
	size_t n_paths;
	char **env;             /* NULL-terminated "KEY=VALUE" list */
	size_t n_env;
	struct sbx_bpf seccomp; /* compiled in the parent, loaded in the child */
	/* The same rules with every kill turned into a notification to the
	 * box's init (SECCOMP_RET_USER_NOTIF), which kills the box and learns
	 * which call it was; len 0 when the policy cannot use it. */
	struct sbx_bpf seccomp_notify;
	struct seccomp_rules *seccomp_rules; /* parsed rules (sandbox/seccomp.h) */
};

/* Find policies/NAME.yaml: $ARBITER_POLICY_DIR, then ../policies and
 * ../share/arbiter/policies next to the running binary.  Fills DIR (size
 * LEN) with the directory that holds it. */
int sbx_policy_dir(char *dir, size_t len, struct arb_err *err);

/* Load policy NAME from DIR (NULL: sbx_policy_dir()), validate every key,
 * resolve its paths on this host and compile its seccomp filter.  A policy
 * is a package-class error (ARB_E_PACKAGE) when malformed, and a request
 * error when NAME is unknown. */
int sbx_policy_load(const char *dir, const char *name, struct sbx_policy **out,
		    struct arb_err *err);

/* Parse policy YAML text (FILENAME is used in messages only). */
int sbx_policy_parse(const char *text, size_t len, const char *filename,
		     struct sbx_policy **out, struct arb_err *err);

void sbx_policy_free(struct sbx_policy *p);

/*** One run ***/

/* Limits; 0 means "no limit" unless noted. */
struct sbx_limits {
	uint64_t cpu_us;     /* CPU time of every process and thread */
	uint64_t wall_us;    /* elapsed time */
	uint64_t mem_bytes;  /* cgroup memory (no swap) */
	uint64_t pids;       /* processes + threads in the box */
	uint64_t fsize_bytes; /* largest file written, stdout included */
	uint64_t nofile;     /* open files per process (0: default 64) */
	uint64_t stack_bytes; /* 0: the memory limit (or unlimited) */
	uint64_t box_bytes;  /* size of the /box tmpfs when no box_dir (0: 64 MiB) */
	uint64_t tmp_bytes;  /* size of /tmp (0: 64 MiB) */
};

struct sbx_spec {
	const struct sbx_policy *policy;
	const char *const *argv; /* argv[0] absolute, or searched in the box's PATH */
	const char *const *env_extra; /* NULL-terminated "K=V", added to the policy's */
	struct sbx_limits limits;

	int box_id;          /* slot number: uid/gid = SBX_UID_BASE + box_id */
	const char *box_dir; /* host dir bound rw at /box; NULL: fresh tmpfs */
	bool box_ro;         /* bind box_dir read-only (a compiled program
				reused by every test stays as it was) */
	const struct sbx_path *binds; /* extra binds (--bind) */
	size_t n_binds;

	/* Standard streams: open fds owned by the caller (-1: /dev/null). */
	int stdin_fd, stdout_fd, stderr_fd;

	struct cg_manager *cg; /* from cg_manager_open(); NULL: no cgroup */

	/* From sbx_prepare() with this spec's policy, box_id, box_dir, box_ro
	 * and binds (anything else is an error): the run enters that box
	 * instead of building one.  NULL: a box of its own. */
	struct sbx_prepared *prepared;
};

#define SBX_UID_BASE 60000
#define SBX_BOX_ID_MAX 9999

enum sbx_status {
	SBX_OK,  /* exited with code 0 */
	SBX_RTE, /* non-zero exit or killed by a signal (incl. seccomp) */
	SBX_TLE, /* CPU or wall time limit */
	SBX_MLE, /* out of memory in the cgroup */
	SBX_OLE, /* file size / output limit */
};

enum sbx_limit_hit {
	SBX_LIMIT_NONE,
	SBX_LIMIT_CPU,
	SBX_LIMIT_WALL,
	SBX_LIMIT_MEMORY,
	SBX_LIMIT_OUTPUT,
};

struct sbx_result {
	enum sbx_status status;
	enum sbx_limit_hit limit_hit;
	int exit_code;      /* valid when signal == 0 */
	int signal;         /* killing signal, 0 if it exited */
	uint64_t cpu_us;    /* from the cgroup (or rusage without one) */
	uint64_t wall_us;   /* monotonic clock */
	uint64_t mem_kib;   /* cgroup peak (or max RSS without one) */
	uint64_t oom_kills; /* processes the cgroup's OOM killer killed */
	int syscall_nr;     /* the forbidden system call that ended it, or -1 */
	char message[256];  /* for people: "killed by signal 11 (SIGSEGV)" */
};

/* Run SPEC.  Returns 0 and fills RESULT when the command ran (whatever its
 * status); -1 with ERR filled when the sandbox could not be set up. */
int sbx_run(const struct sbx_spec *spec, struct sbx_result *result,
	    struct arb_err *err);

/* A prepared box: the filesystem, network and UTS namespaces of a spec,
 * built once and entered by each later run of the same program (every test
 * of a submission), which then only gets its own pid and IPC namespaces,
 * /proc, and fresh /box (as a tmpfs), /tmp and /dev/shm - so each run
 * still starts from a clean box.  Its cgroup is made by the first run and
 * kept by each later one with the same memory and pids limits: emptied,
 * CPU time counted from zero, and on v1 a new memory cgroup, so that the
 * peak and OOM kills are the run's own (cg_box_reuse; v2 makes a new
 * cgroup for each run).  The read-only root and the network
 * namespace, which a program cannot change, are shared.  Not for a box
 * whose box_dir is writable: what a run writes there stays for the next.
 * One run at a time per prepared box. */
struct sbx_prepared;

/* Build SPEC's box (its argv, streams and limits are not used).  -1 with
 * ERR when the sandbox failed. */
int sbx_prepare(const struct sbx_spec *spec, struct sbx_prepared **out,
		struct arb_err *err);
void sbx_prepared_free(struct sbx_prepared *p);

/* Inputs of the final classification, gathered by sbx_run(). */
struct sbx_outcome {
	int wait_status;        /* of the box's main process */
	bool killed_cpu;        /* the supervisor killed it for CPU */
	bool killed_wall;       /* the supervisor killed it for wall time */
	bool output_over;       /* a regular-file stdout reached the fsize limit */
	bool forbidden_call;    /* init killed the box for a forbidden call */
	int syscall_nr;         /* ... this one */
	uint64_t cpu_us, wall_us, mem_kib, oom_kills;
};

/* PURE: decide status, limit_hit and message from measured figures. */
void sbx_classify(const struct sbx_outcome *o, const struct sbx_limits *lim,
		  struct sbx_result *r);

const char *sbx_status_name(enum sbx_status s);
const char *sbx_limit_name(enum sbx_limit_hit l);

#endif
