/* cgroup_internal.h - what cgroup.c, its back ends and their tests share.
 *
 * cgroup.c detects the mode and dispatches through a `struct cg_ops` table:
 * cg_v1_ops (v1 and hybrid), cg_v2_ops and cg_none_ops.  A back end fills
 * the manager's per-hierarchy base directories at open and the box's
 * directories at create; the dispatcher owns allocation, naming and freeing.
 *
 * Nothing outside judge/sandbox/cgroup*.c and tests/ includes this file.
 */
#ifndef ARBITER_SANDBOX_CGROUP_INTERNAL_H
#define ARBITER_SANDBOX_CGROUP_INTERNAL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/clock.h"
#include "base/err.h"
#include "sandbox/cgroup.h"

/* v1 uses one directory per controller (freezer, pids, memory, cpuacct);
 * v2 uses only slot 0. */
#define CG_MAX_DIRS 4

/* How long kill/destroy wait for the kernel (freezing, emptying) before
 * giving up: a frozen or killed task normally leaves within a few ms. */
#define CG_WAIT_MS 1000

/*** The kernel side of cgroupfs ***/

/* The two operations a plain directory tree cannot emulate: mkdir(2) in a
 * cgroupfs populates the new directory with its control files, and rmdir(2)
 * removes a cgroup although it "contains" them.  Production uses the
 * syscalls; the fake-tree tests pass functions that create and delete the
 * control files, so the whole back end (writes, stats, kill, wait-for-empty,
 * rmdir) runs unchanged against a temp directory.  Both return 0 or -1 with
 * errno set. */
struct cg_fs_ops {
	int (*mkdir)(const char *path, void *arg);
	int (*rmdir)(const char *path, void *arg);
	void *arg;
};

/*** Objects ***/

struct cg_ops;

struct cg_manager {
	enum cg_mode mode;
	const struct cg_ops *ops;
	struct cg_fs_ops fs;
	char *root;
	char *proc_path; /* the /proc/self/cgroup file read at open */
	char *prefix;
	/* Parent directory of every box cgroup, per slot (v1: per controller,
	 * in cg_v1 order; v2: base[0] only).  NULL for MODE_NONE. */
	char *base[CG_MAX_DIRS];
	bool memsw;      /* v1: swap accounting on (memory.memsw.* exist) */
	bool moved_leaf; /* v2: open moved this process into base/supervisor */
};

struct cg_box {
	struct cg_manager *m;
	char name[NAME_MAX + 1];
	char *dir[CG_MAX_DIRS];     /* box directories, per slot as in base[] */
	bool created[CG_MAX_DIRS];  /* we made dir[i] (and must remove it) */
	int procs_fds[CG_MAX_DIRS]; /* v1 attach fds, opened on demand */
	size_t n_procs;
	int clone_fd; /* v2 attach fd, opened on demand */
	int cpu_fd;   /* cpuacct.usage / cpu.stat, kept open for polling */
	struct cg_limits limits; /* applied at create */
	/* CPU time at the last cg_box_reuse(), subtracted from what the
	 * kernel reports (0 for a new box); the memory figures need none,
	 * as reset makes the memory accounting new. */
	uint64_t cpu_base_us;
};

struct cg_ops {
	const char *name;
	/* Resolve base[] from PROC_TEXT (the /proc/self/cgroup contents) and
	 * prepare the hierarchy (v2: leaf move, subtree_control). */
	int (*open)(struct cg_manager *m, const char *proc_text,
		    struct arb_err *err);
	/* Make b->dir[] for b->name and apply LIMITS.  A name collision fails
	 * with err->errnum == EEXIST and nothing of ours left behind, so the
	 * dispatcher can retry with the next name. */
	int (*create)(struct cg_box *b, const struct cg_limits *limits,
		      struct arb_err *err);
	int (*attach_info)(struct cg_box *b, struct cg_attach *out,
			   struct arb_err *err);
	int (*cpu_us)(struct cg_box *b, uint64_t *cpu_us, struct arb_err *err);
	int (*stats)(struct cg_box *b, struct cg_stats *out,
		     struct arb_err *err);
	int (*kill_all)(struct cg_box *b, struct arb_err *err);
	/* Empty B (kill, wait) and make its memory accounting new for
	 * cg_box_reuse; -1 when that cannot be done (v2: never reused). */
	int (*reset)(struct cg_box *b, struct arb_err *err);
	/* Kill, wait for empty, rmdir every created dir, close the fds.  Does
	 * not free B; safe on a half-built box and when called twice. */
	int (*destroy)(struct cg_box *b, struct arb_err *err);
};

extern const struct cg_ops cg_v1_ops;
extern const struct cg_ops cg_v2_ops;
extern const struct cg_ops cg_none_ops;

/* cg_manager_open() with the kernel side replaced (FS NULL: the syscalls). */
int cg_manager_open_fs(const struct cg_manager_opts *opts,
		       const struct cg_fs_ops *fs, struct cg_manager **out,
		       struct arb_err *err);

/*** File helpers shared by the back ends (cgroup.c) ***/

/* DIR "/" FILE (FILE may be NULL: a copy of DIR); NULL on ENOMEM. */
char *cg_join(const char *dir, const char *file);
/* Write VAL to DIR/FILE (O_WRONLY|O_TRUNC, never O_CREAT: on cgroupfs a
 * missing file means a missing controller or feature). */
int cg_write(const char *dir, const char *file, const char *val,
	     struct arb_err *err);
/* Read DIR/FILE into a malloc'd NUL-terminated *OUT.  On failure
 * err->errnum is the errno (ENOENT: the file does not exist). */
int cg_read(const char *dir, const char *file, char **out,
	    struct arb_err *err);
bool cg_exists(const char *dir, const char *file);
int cg_read_u64(const char *dir, const char *file, uint64_t *out,
		struct arb_err *err);
int cg_read_keyed(const char *dir, const char *file, const char *key,
		  uint64_t *out, struct arb_err *err);
/* Re-read a kept-open control file from offset 0 into BUF (NUL-terminated);
 * WHAT names it in errors. */
int cg_pread(int fd, char *buf, size_t cap, const char *what,
	     struct arb_err *err);
/* SIGKILL every pid listed in DIR/cgroup.procs; *FOUND = how many were
 * listed.  Never signals pid <= 0 or this process. */
int cg_kill_procs(const char *dir, size_t *found, struct arb_err *err);
/* rmdir DIR through M's fs ops, retrying EBUSY (a task still leaving)
 * until DEADLINE_MS (mono_ms() clock).  A missing DIR counts as removed. */
int cg_remove_dir(struct cg_manager *m, const char *dir, uint64_t deadline_ms,
		  struct arb_err *err);
/* A short sleep for wait loops (deadlines: mono_ms(), base/clock.h). */
void cg_sleep_ms(unsigned ms);

/*** Pure parsers (cgroup_parse.c): no I/O, strict, -1 + message ***/

struct cg_proc_line {
	char controllers[256]; /* "cpu,cpuacct"; "" on the cgroup2 line */
	char path[PATH_MAX];   /* always starts with '/' */
};

/* Find in TEXT (the contents of /proc/self/cgroup) the hierarchy holding
 * CONTROLLER (a v1 name such as "memory"; "" for the cgroup2 line "0::/x").
 * Every line is validated.  1 and *OUT filled when found, 0 when absent,
 * -1 when TEXT is malformed. */
int cg_parse_proc_cgroup(const char *text, const char *controller,
			 struct cg_proc_line *out, struct arb_err *err);

/* Value of KEY in a flat-keyed file ("key value" per line: cpu.stat,
 * memory.events, memory.oom_control, cgroup.events).  -1 when a line is
 * malformed or KEY is absent. */
int cg_parse_keyed(const char *text, const char *key, uint64_t *out,
		   struct arb_err *err);

/* A single decimal number, optionally followed by one newline. */
int cg_parse_u64(const char *text, uint64_t *out, struct arb_err *err);

/* A number or "max" (UINT64_MAX), as in pids.max and memory.max. */
int cg_parse_max(const char *text, uint64_t *out, struct arb_err *err);

/* Next pid of a cgroup.procs listing at *CUR (advanced).  1 and *PID set,
 * 0 at the end, -1 on a malformed line. */
int cg_parse_next_pid(const char **cur, pid_t *pid, struct arb_err *err);

/* Whether the space-separated list TEXT (cgroup.controllers) holds WORD. */
bool cg_parse_has_word(const char *text, const char *word);

/* Whether TEXT is WORD with optional trailing whitespace ("FROZEN\n"). */
bool cg_parse_is(const char *text, const char *word);

#endif
