/* cgroup_v1.c - the cgroup v1 back end (v1 and hybrid hosts).
 *
 * v1 has one hierarchy per controller, so a box is four directories, one
 * per controller we use, each created below this process's own cgroup in
 * that hierarchy (as listed in /proc/self/cgroup):
 *   freezer  - stop every task before listing and killing them;
 *   pids     - pids.max bounds fork bombs;
 *   memory   - limit_in_bytes (+ memsw: no swap), max_usage, oom_kill;
 *   cpuacct  - cpuacct.usage, CPU of every task ever in the box.
 * A child joins by writing "0" to each cgroup.procs before exec (fds opened
 * in the parent by attach_info).  Teardown: freeze, SIGKILL everything
 * listed, thaw, wait until every directory is empty, rmdir.
 *
 * This file is deletable: nothing outside it knows v1 exists.
 */
#include "sandbox/cgroup_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"

/* The order is the join order: the child writes its pid to the freezer
 * first, so a child killed half-way through attaching is still frozen by
 * kill_all, then to pids, so it is fork-limited before it can do anything
 * costly. */
enum { V1_FREEZER, V1_PIDS, V1_MEMORY, V1_CPUACCT, V1_N };

static const char *const v1_ctrl[V1_N] = {"freezer", "pids", "memory",
					  "cpuacct"};

_Static_assert(V1_N <= CG_MAX_DIRS, "v1 needs a slot per controller");

/*** Manager ***/

/* The hierarchy directory of controller I: normally root/<name>.  When
 * controllers are co-mounted ("2:cpu,cpuacct:/") the mount point is
 * root/cpu,cpuacct and distributions add root/cpuacct as a symlink; take
 * the symlink when present, the co-mount name otherwise. */
static char *v1_hierarchy(const struct cg_manager *m, int i,
			  const struct cg_proc_line *line)
{
	char *dir = cg_join(m->root, v1_ctrl[i]);

	if (dir && access(dir, F_OK) < 0 && strcmp(line->controllers, v1_ctrl[i])) {
		free(dir);
		dir = cg_join(m->root, line->controllers);
	}
	return dir;
}

static int v1_open(struct cg_manager *m, const char *proc_text,
		   struct arb_err *err)
{
	for (int i = 0; i < V1_N; i++) {
		_cleanup_free_ char *hier = NULL;
		struct cg_proc_line line;
		int r = cg_parse_proc_cgroup(proc_text, v1_ctrl[i], &line, err);

		if (r < 0)
			return arb_err_prefix(err, "'%s'", m->proc_path);
		if (r == 0)
			return arb_fail(err, ARB_E_INTERNAL, 0,
					"no cgroup v1 '%s' hierarchy in '%s'",
					v1_ctrl[i], m->proc_path);
		hier = v1_hierarchy(m, i, &line);
		if (!hier)
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "cgroup v1");
		m->base[i] = strcmp(line.path, "/") ? cg_join(hier, line.path + 1)
						    : steal_ptr(&hier);
		if (!m->base[i])
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "cgroup v1");
		if (access(m->base[i], W_OK) < 0)
			return arb_fail(err, ARB_E_INTERNAL, errno,
					"cgroup v1 '%s' directory '%s'",
					v1_ctrl[i], m->base[i]);
	}
	/* memory.memsw.* exist only with swap accounting on (kernel config
	 * and swapaccount=1); without it the memory limit alone does not
	 * stop a box from swapping. */
	m->memsw = cg_exists(m->base[V1_MEMORY], "memory.memsw.limit_in_bytes");
	return 0;
}

/*** Boxes ***/

static int v1_memory_limits(struct cg_box *b, const struct cg_limits *lim,
			    struct arb_err *err)
{
	const char *mem = b->dir[V1_MEMORY];
	char num[32];

	if (!lim->mem_bytes)
		return 0;
	snprintf(num, sizeof(num), "%llu", (unsigned long long)lim->mem_bytes);
	/* The kernel keeps memsw.limit >= limit (EINVAL otherwise); both
	 * start unlimited, so the memory limit goes first. */
	if (cg_write(mem, "memory.limit_in_bytes", num, err) < 0)
		return -1;
	if (b->m->memsw)
		return cg_write(mem, "memory.memsw.limit_in_bytes", num, err);
	/* No swap accounting: swappiness 0 at least stops reclaim at the
	 * limit from swapping anonymous pages out, so the box is OOM-killed
	 * instead. */
	if (cg_exists(mem, "memory.swappiness"))
		return cg_write(mem, "memory.swappiness", "0", err);
	return 0;
}

static int v1_create(struct cg_box *b, const struct cg_limits *lim,
		     struct arb_err *err)
{
	const struct cg_manager *m = b->m;
	char num[32];

	for (int i = 0; i < V1_N; i++) {
		b->dir[i] = cg_join(m->base[i], b->name);
		if (!b->dir[i])
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "cgroup box");
		if (m->fs.mkdir(b->dir[i], m->fs.arg) < 0)
			return arb_fail(err, ARB_E_INTERNAL, errno, "mkdir '%s'",
					b->dir[i]);
		b->created[i] = true;
	}
	if (v1_memory_limits(b, lim, err) < 0)
		return -1;
	if (lim->pids) {
		snprintf(num, sizeof(num), "%llu", (unsigned long long)lim->pids);
		if (cg_write(b->dir[V1_PIDS], "pids.max", num, err) < 0)
			return -1;
	}
	{
		_cleanup_free_ char *path =
			cg_join(b->dir[V1_CPUACCT], "cpuacct.usage");

		if (!path)
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "cgroup box");
		b->cpu_fd = open(path, O_RDONLY | O_CLOEXEC);
		if (b->cpu_fd < 0)
			return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'",
					path);
	}
	return 0;
}

static int v1_attach_info(struct cg_box *b, struct cg_attach *out,
			  struct arb_err *err)
{
	for (int i = 0; i < V1_N; i++) {
		if (b->procs_fds[i] < 0) {
			_cleanup_free_ char *path =
				cg_join(b->dir[i], "cgroup.procs");

			if (!path)
				return arb_fail(err, ARB_E_INTERNAL, ENOMEM,
						"cgroup attach");
			b->procs_fds[i] = open(path, O_WRONLY | O_CLOEXEC);
			if (b->procs_fds[i] < 0)
				return arb_fail(err, ARB_E_INTERNAL, errno,
						"open '%s'", path);
		}
		out->procs_fds[i] = b->procs_fds[i];
	}
	b->n_procs = V1_N;
	out->n_procs = V1_N;
	out->clone_fd = -1;
	return 0;
}

static int v1_cpu_us(struct cg_box *b, uint64_t *cpu_us, struct arb_err *err)
{
	char buf[64];
	uint64_t ns;

	if (cg_pread(b->cpu_fd, buf, sizeof(buf), "cpuacct.usage", err) < 0)
		return -1;
	if (cg_parse_u64(buf, &ns, err) < 0)
		return arb_err_prefix(err, "'%s/cpuacct.usage'",
				      b->dir[V1_CPUACCT]);
	*cpu_us = ns / 1000; /* cpuacct.usage counts nanoseconds */
	return 0;
}

static int v1_stats(struct cg_box *b, struct cg_stats *out,
		    struct arb_err *err)
{
	const char *mem = b->dir[V1_MEMORY];
	uint64_t peak;

	if (v1_cpu_us(b, &out->cpu_us, err) < 0 ||
	    cg_read_u64(mem, "memory.max_usage_in_bytes", &peak, err) < 0 ||
	    cg_read_keyed(mem, "memory.oom_control", "oom_kill",
			  &out->oom_kills, err) < 0)
		return -1;
	out->mem_peak_kib = peak / 1024;
	out->has_peak = true;
	return 0;
}

/* Write STATE to freezer.state and wait (bounded) until it reads back.
 * FROZEN passes through FREEZING while tasks stop; a task in an
 * uninterruptible sleep (NFS, a page fault under memory pressure) can hold
 * it there.  Returns 1 when reached, 0 when the wait timed out. */
static int v1_freeze(const char *dir, const char *state, struct arb_err *err)
{
	uint64_t deadline = mono_ms() + CG_WAIT_MS;

	if (cg_write(dir, "freezer.state", state, err) < 0)
		return -1;
	for (;;) {
		_cleanup_free_ char *now = NULL;

		if (cg_read(dir, "freezer.state", &now, err) < 0)
			return -1;
		if (cg_parse_is(now, state))
			return 1;
		if (mono_ms() >= deadline)
			return 0;
		cg_sleep_ms(1);
	}
}

/* Whether no directory of the box lists a task (false when one cannot be
 * read: then the caller takes the thorough path). */
static bool v1_all_empty(const struct cg_box *b)
{
	for (int i = 0; i < V1_N; i++) {
		_cleanup_free_ char *text = NULL;
		struct arb_err ignored;

		if (!b->created[i])
			continue;
		if (cg_read(b->dir[i], "cgroup.procs", &text, &ignored) < 0 ||
		    text[strspn(text, " \n")])
			return false;
	}
	return true;
}

static int v1_kill_all(struct cg_box *b, struct arb_err *err)
{
	const char *fz = b->created[V1_FREEZER] ? b->dir[V1_FREEZER] : NULL;
	struct arb_err one;
	int frozen = 0, rc = 0;

	/* The usual case at teardown: the box's init reaped every task
	 * before it exited.  An empty box has nothing to freeze, and freezing
	 * and thawing cost 10-25 ms each on v1 (each waits for the freezer's
	 * RCU grace periods) - per test.  No task can join an empty box
	 * later: only a task of the box itself writes to its cgroup.procs. */
	if (v1_all_empty(b))
		return 0;

	/* Freeze first: frozen tasks cannot fork or exit, so the pids read
	 * from cgroup.procs are exactly the tasks to kill (no new ones, and
	 * no pid freed and reused by an unrelated process).  After a failure
	 * we go on with the other steps and report the first one. */
	if (fz && (frozen = v1_freeze(fz, "FROZEN", &one)) < 0 && rc++ == 0)
		*err = one;
	for (int i = 0; i < V1_N; i++) {
		size_t found;

		/* Every task of the box joined the freezer first (the join
		 * order), so once it is frozen its list is complete.  If the
		 * freeze timed out (a task in uninterruptible sleep) we kill
		 * from every list; destroy re-kills until empty. */
		if (!b->created[i] || (frozen > 0 && i != V1_FREEZER))
			continue;
		if (cg_kill_procs(b->dir[i], &found, &one) < 0 && rc++ == 0)
			*err = one;
	}
	/* Always thaw: frozen tasks die of the SIGKILL only once they run. */
	if (fz && cg_write(fz, "freezer.state", "THAWED", &one) < 0 &&
	    rc++ == 0)
		*err = one;
	return rc ? -1 : 0;
}

/* Wait (bounded) until DIR lists no task, re-killing stragglers: a task that
 * joined only some hierarchies, or forked before it was frozen, is not in
 * the freezer's list but is in this one. */
static void v1_wait_empty(const char *dir, uint64_t deadline)
{
	for (;;) {
		struct arb_err ignored;
		size_t found = 0;

		/* A read error (the dir is gone, say) ends the wait; the
		 * rmdir that follows reports what is really wrong. */
		if (cg_kill_procs(dir, &found, &ignored) < 0 || found == 0 ||
		    mono_ms() >= deadline)
			return;
		cg_sleep_ms(1);
	}
}

static int v1_reset(struct cg_box *b, struct arb_err *err)
{
	uint64_t deadline = mono_ms() + CG_WAIT_MS;

	if (!v1_all_empty(b)) {
		struct arb_err ignored;

		v1_kill_all(b, &ignored);
		for (int i = 0; i < V1_N; i++)
			v1_wait_empty(b->dir[i], deadline);
		if (!v1_all_empty(b))
			return arb_fail(err, ARB_E_INTERNAL, EBUSY,
					"cgroup '%s' does not empty", b->name);
	}
	/* A new memory cgroup, not a reset one: a reset peak would count
	 * from a usage that holds what the last run left charged (the
	 * per-CPU charge batches, objects freed an RCU grace period later),
	 * and a small program could come out at 0 KiB.  The other three
	 * count exactly (CPU time from a base) or nothing at all. */
	if (b->procs_fds[V1_MEMORY] >= 0)
		close(b->procs_fds[V1_MEMORY]);
	b->procs_fds[V1_MEMORY] = -1;
	if (cg_remove_dir(b->m, b->dir[V1_MEMORY], deadline, err) < 0)
		return -1;
	b->created[V1_MEMORY] = false;
	if (b->m->fs.mkdir(b->dir[V1_MEMORY], b->m->fs.arg) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "mkdir '%s'",
				b->dir[V1_MEMORY]);
	b->created[V1_MEMORY] = true;
	return v1_memory_limits(b, &b->limits, err);
}

static int v1_destroy(struct cg_box *b, struct arb_err *err)
{
	uint64_t deadline = mono_ms() + CG_WAIT_MS;
	bool any = false;
	int rc = 0;

	for (int i = 0; i < V1_N; i++)
		any |= b->created[i];
	if (any) {
		struct arb_err ignored;

		/* Best effort: whatever survives shows up in the wait. */
		v1_kill_all(b, &ignored);
	}
	for (int i = 0; i < V1_N; i++) {
		if (b->procs_fds[i] >= 0)
			close(b->procs_fds[i]);
		b->procs_fds[i] = -1;
	}
	b->n_procs = 0;
	if (b->cpu_fd >= 0)
		close(b->cpu_fd);
	b->cpu_fd = -1;
	for (int i = 0; i < V1_N; i++) {
		if (b->created[i]) {
			struct arb_err one;

			v1_wait_empty(b->dir[i], deadline);
			if (cg_remove_dir(b->m, b->dir[i], deadline, &one) < 0 &&
			    rc == 0) {
				*err = one;
				rc = -1;
			}
			b->created[i] = false;
		}
		free(b->dir[i]);
		b->dir[i] = NULL;
	}
	return rc;
}

const struct cg_ops cg_v1_ops = {
	.name = "v1",
	.open = v1_open,
	.create = v1_create,
	.attach_info = v1_attach_info,
	.cpu_us = v1_cpu_us,
	.stats = v1_stats,
	.kill_all = v1_kill_all,
	.reset = v1_reset,
	.destroy = v1_destroy,
};
