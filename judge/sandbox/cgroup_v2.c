/* cgroup_v2.c - the cgroup v2 (unified hierarchy) back end.
 *
 * One directory per box, below this process's own cgroup (the "0::" line of
 * /proc/self/cgroup).  v2 forbids processes in a cgroup whose children have
 * controllers enabled ("no internal processes"), so at open this process
 * moves into a leaf <own>/supervisor and enables memory, pids and cpu in
 * <own>/cgroup.subtree_control; boxes are then siblings of the supervisor.
 * A child joins with clone3(CLONE_INTO_CGROUP) on the directory fd from
 * attach_info, so it never runs outside the box.  Limits: memory.max,
 * memory.swap.max=0, pids.max.  Stats: cpu.stat, memory.peak,
 * memory.events.  Teardown: cgroup.kill (or freeze, kill, thaw), wait for
 * "populated 0", rmdir.
 */
#include "sandbox/cgroup_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"

#define V2_LEAF "supervisor"

/*** Manager ***/

/* Whether PATH (a cgroup path, "/a/b") ends in the supervisor leaf. */
static bool v2_in_leaf(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && strcmp(slash + 1, V2_LEAF) == 0;
}

/* Enable what we use of memory, pids and cpu for BASE's children.  Only the
 * controllers listed in cgroup.controllers (those the parent delegates) can
 * be enabled; the others are simply not used (create then refuses a limit
 * that needs a missing one). */
static int v2_enable(const char *base, struct arb_err *err)
{
	static const char *const wanted[] = {"memory", "pids", "cpu"};
	_cleanup_free_ char *avail = NULL;
	char req[64] = "";
	size_t len = 0;

	if (cg_read(base, "cgroup.controllers", &avail, err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
		if (cg_parse_has_word(avail, wanted[i]))
			len += (size_t)snprintf(req + len, sizeof(req) - len,
						"%s+%s", len ? " " : "",
						wanted[i]);
	if (len == 0)
		return 0;
	if (cg_write(base, "cgroup.subtree_control", req, err) < 0) {
		if (err->errnum == EBUSY)
			return arb_err_prefix(err,
					      "other processes still in '%s'",
					      base);
		return -1;
	}
	return 0;
}

static int v2_open(struct cg_manager *m, const char *proc_text,
		   struct arb_err *err)
{
	_cleanup_free_ char *own = NULL;
	struct cg_proc_line line;
	int r = cg_parse_proc_cgroup(proc_text, "", &line, err);

	if (r < 0)
		return arb_err_prefix(err, "'%s'", m->proc_path);
	if (r == 0)
		return arb_fail(err, ARB_E_INTERNAL, 0,
				"no cgroup2 entry ('0::') in '%s'", m->proc_path);
	own = strcmp(line.path, "/") ? cg_join(m->root, line.path + 1)
				     : strdup(m->root);
	if (!own)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "cgroup v2");
	if (v2_in_leaf(line.path)) {
		/* Already in a supervisor leaf (a restarted worker, or a
		 * parent that placed us): boxes go next to it. */
		*strrchr(own, '/') = '\0';
	} else if (strcmp(line.path, "/") != 0 ||
		   cg_exists(own, "cgroup.type")) {
		/* Not the real root: the root cgroup is exempt from the no-
		 * internal-processes rule and is the only one without a
		 * cgroup.type.  A cgroup namespace shows its root as "/"
		 * but that cgroup has cgroup.type and is not exempt. */
		_cleanup_free_ char *leaf = cg_join(own, V2_LEAF);
		char pid[32];

		if (!leaf)
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "cgroup v2");
		if (m->fs.mkdir(leaf, m->fs.arg) < 0 && errno != EEXIST)
			return arb_fail(err, ARB_E_INTERNAL, errno, "mkdir '%s'",
					leaf);
		/* Writing to cgroup.procs moves the whole thread group. */
		snprintf(pid, sizeof(pid), "%d", (int)getpid());
		if (cg_write(leaf, "cgroup.procs", pid, err) < 0)
			return -1;
		m->moved_leaf = true;
	}
	m->base[0] = steal_ptr(&own);
	return v2_enable(m->base[0], err);
}

/*** Boxes ***/

static int v2_create(struct cg_box *b, const struct cg_limits *lim,
		     struct arb_err *err)
{
	const struct cg_manager *m = b->m;
	_cleanup_free_ char *cpu = NULL;
	char num[32];
	const char *dir;

	b->dir[0] = cg_join(m->base[0], b->name);
	if (!b->dir[0])
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "cgroup box");
	dir = b->dir[0];
	if (m->fs.mkdir(dir, m->fs.arg) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "mkdir '%s'", dir);
	b->created[0] = true;
	/* A controller's files exist in a child only when the parent enabled
	 * it in cgroup.subtree_control. */
	if (lim->mem_bytes) {
		if (!cg_exists(dir, "memory.max"))
			return arb_fail(err, ARB_E_INTERNAL, 0,
					"memory limit: no memory controller in '%s'",
					m->base[0]);
		snprintf(num, sizeof(num), "%llu",
			 (unsigned long long)lim->mem_bytes);
		if (cg_write(dir, "memory.max", num, err) < 0)
			return -1;
	}
	/* memory.max bounds RAM only: without swap.max=0 the box swaps
	 * instead of being OOM-killed.  Absent without CONFIG_MEMCG_SWAP. */
	if (cg_exists(dir, "memory.swap.max") &&
	    cg_write(dir, "memory.swap.max", "0", err) < 0)
		return -1;
	if (lim->pids) {
		if (!cg_exists(dir, "pids.max"))
			return arb_fail(err, ARB_E_INTERNAL, 0,
					"pids limit: no pids controller in '%s'",
					m->base[0]);
		snprintf(num, sizeof(num), "%llu", (unsigned long long)lim->pids);
		if (cg_write(dir, "pids.max", num, err) < 0)
			return -1;
	}
	/* cpu.stat (usage_usec) exists in every cgroup, cpu controller or
	 * not: the kernel always accounts CPU time. */
	cpu = cg_join(dir, "cpu.stat");
	if (!cpu)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "cgroup box");
	b->cpu_fd = open(cpu, O_RDONLY | O_CLOEXEC);
	if (b->cpu_fd < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'", cpu);
	return 0;
}

static int v2_attach_info(struct cg_box *b, struct cg_attach *out,
			  struct arb_err *err)
{
	/* clone3(CLONE_INTO_CGROUP) takes a directory fd; O_PATH is not
	 * accepted by cgroup_get_from_fd(). */
	if (b->clone_fd < 0) {
		b->clone_fd = open(b->dir[0], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (b->clone_fd < 0)
			return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'",
					b->dir[0]);
	}
	out->clone_fd = b->clone_fd;
	out->n_procs = 0;
	return 0;
}

static int v2_cpu_us(struct cg_box *b, uint64_t *cpu_us, struct arb_err *err)
{
	char buf[1024];

	if (cg_pread(b->cpu_fd, buf, sizeof(buf), "cpu.stat", err) < 0)
		return -1;
	if (cg_parse_keyed(buf, "usage_usec", cpu_us, err) < 0)
		return arb_err_prefix(err, "'%s/cpu.stat'", b->dir[0]);
	return 0;
}

static int v2_stats(struct cg_box *b, struct cg_stats *out,
		    struct arb_err *err)
{
	const char *dir = b->dir[0];
	uint64_t peak;

	if (v2_cpu_us(b, &out->cpu_us, err) < 0)
		return -1;
	/* memory.peak appeared in 5.19; memory.* exist only with the memory
	 * controller enabled.  Absent means "unknown", not zero. */
	if (cg_read_u64(dir, "memory.peak", &peak, err) == 0) {
		out->mem_peak_kib = peak / 1024;
		out->has_peak = true;
	} else if (err->errnum != ENOENT) {
		return -1;
	}
	if (cg_read_keyed(dir, "memory.events", "oom_kill", &out->oom_kills,
			  err) < 0) {
		if (err->errnum != ENOENT)
			return -1;
		out->oom_kills = 0;
	}
	return 0;
}

/* Fallback for kernels before 5.14 (no cgroup.kill): freeze so that nothing
 * forks or exits between reading cgroup.procs and the kills, kill, thaw. */
static int v2_kill_frozen(const char *dir, struct arb_err *err)
{
	uint64_t deadline = mono_ms() + CG_WAIT_MS;
	struct arb_err one;
	size_t found;
	int rc = 0;

	if (cg_write(dir, "cgroup.freeze", "1", err) < 0)
		return -1;
	for (;;) {
		uint64_t frozen = 0;

		/* A timeout is not fatal: we kill anyway, and destroy waits
		 * for whatever is left. */
		if (cg_read_keyed(dir, "cgroup.events", "frozen", &frozen,
				  &one) < 0 ||
		    frozen || mono_ms() >= deadline)
			break;
		cg_sleep_ms(1);
	}
	if (cg_kill_procs(dir, &found, &one) < 0 && rc++ == 0)
		*err = one;
	if (cg_write(dir, "cgroup.freeze", "0", &one) < 0 && rc++ == 0)
		*err = one;
	return rc ? -1 : 0;
}

static int v2_kill_all(struct cg_box *b, struct arb_err *err)
{
	const char *dir = b->dir[0];

	if (!b->created[0])
		return 0;
	/* cgroup.kill (5.14+) SIGKILLs every task of the subtree in one
	 * step, forks in progress included. */
	if (cg_write(dir, "cgroup.kill", "1", err) == 0)
		return 0;
	if (err->errnum != ENOENT)
		return -1;
	return v2_kill_frozen(dir, err);
}

/* Wait (bounded) until the box has no task.  cgroup.events "populated"
 * counts descendants too; it drops to 0 as the last task exits. */
static void v2_wait_empty(const char *dir, uint64_t deadline)
{
	for (;;) {
		struct arb_err ignored;
		uint64_t populated = 0;
		size_t found = 0;

		if (cg_read_keyed(dir, "cgroup.events", "populated", &populated,
				  &ignored) == 0) {
			if (!populated)
				return;
		} else if (cg_kill_procs(dir, &found, &ignored) < 0 ||
			   found == 0) {
			return; /* the rmdir that follows reports the error */
		}
		if (mono_ms() >= deadline)
			return;
		cg_sleep_ms(1);
	}
}

/* v2 keeps all its controllers in one directory, and a new one per run
 * is cheap (one mkdir; the program is cloned into it): a kept one would
 * have to reset its memory.peak, which then counts from a usage holding
 * what the last run left charged (the per-CPU charge batches, objects
 * freed an RCU grace period later). */
static int v2_reset(struct cg_box *b, struct arb_err *err)
{
	return arb_fail(err, ARB_E_INTERNAL, ENOTSUP,
			"cgroup '%s': v2 boxes are not reused", b->name);
}

static int v2_destroy(struct cg_box *b, struct arb_err *err)
{
	int rc = 0;

	if (b->clone_fd >= 0)
		close(b->clone_fd);
	b->clone_fd = -1;
	if (b->cpu_fd >= 0)
		close(b->cpu_fd);
	b->cpu_fd = -1;
	if (b->created[0]) {
		uint64_t deadline = mono_ms() + CG_WAIT_MS;
		struct arb_err ignored;

		/* Best effort: whatever survives shows up in the wait. */
		v2_kill_all(b, &ignored);
		v2_wait_empty(b->dir[0], deadline);
		rc = cg_remove_dir(b->m, b->dir[0], deadline, err);
		b->created[0] = false;
	}
	free(b->dir[0]);
	b->dir[0] = NULL;
	return rc;
}

const struct cg_ops cg_v2_ops = {
	.name = "v2",
	.open = v2_open,
	.create = v2_create,
	.attach_info = v2_attach_info,
	.cpu_us = v2_cpu_us,
	.stats = v2_stats,
	.kill_all = v2_kill_all,
	.reset = v2_reset,
	.destroy = v2_destroy,
};
