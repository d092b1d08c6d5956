/* mount.c - the box's filesystem: planned in the parent, built in the child.
 *
 * The child, alone in a new mount namespace, builds the box in this order;
 * the order is the security argument:
 *
 *   1. make every mount private (MS_REC|MS_PRIVATE) - nothing we mount may
 *      propagate back to the host, and nothing the host mounts later may
 *      appear in the box;
 *   2. mount a small tmpfs on the staging dir: the future "/", holding only
 *      the mount points below, so no host file is reachable by default;
 *   3. read-only, nosuid, nodev binds of the policy's paths (non-recursive:
 *      submounts under e.g. /usr stay invisible), and the policy's symlinks
 *      (merged /usr: /lib -> usr/lib), then the caller's extra binds;
 *   4. /box: the caller's directory bound read-write (or read-only, for a
 *      compiled program that every test must find unchanged), or a fresh
 *      tmpfs of a bounded size owned by the box user;
 *   5. /tmp: a private bounded tmpfs (its pages are charged to the box's
 *      memory cgroup, so filling it cannot fill the host's disk);
 *   6. /dev: a tmpfs with binds of null, zero, full, random and urandom
 *      (nothing else: no tty to inject into, no disk to read raw), the
 *      /dev/fd and /dev/std* links, and a bounded /dev/shm; then read-only;
 *   7. /proc of the box's own pid namespace, hidepid=2 so the program cannot
 *      even look at the box's init, which stays root;
 *   8. pivot_root into the staging dir and detach the old root, so no path
 *      (not even via "..") leads back to the host's tree;
 *   9. remount "/" read-only: the only writable places are /box, /tmp and
 *      /dev/shm.
 * /sys is never mounted.
 *
 * A prepared box (sbx_prepare) runs this once, making only the mount points
 * of the per-run mounts: /box when it is a tmpfs, /tmp, /dev/shm and /proc.
 * Each run then enters its namespaces and mounts those afresh
 * (sbx_mount_fresh): what one run wrote is gone for the next, and /proc is
 * the run's own pid namespace's.
 */
#include "sandbox/sandbox_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define DEFAULT_BOX_BYTES (64ULL << 20)
#define DEFAULT_TMP_BYTES (64ULL << 20)

/* Paths the sandbox itself owns: neither a policy nor a --bind may put
 * anything there. */
static const char *const reserved_dirs[] = {"/box", "/tmp", "/dev", "/proc"};

/* The only devices a program gets.  The plan points into this table, so
 * its strings outlive every run. */
static const struct {
	const char *dst, *host;
} dev_nodes[] = {
	{"/dev/null", "/dev/null"},       {"/dev/zero", "/dev/zero"},
	{"/dev/full", "/dev/full"},       {"/dev/random", "/dev/random"},
	{"/dev/urandom", "/dev/urandom"},
};

/*** Parent side: building the plan ***/

static struct sbx_mop *mop_add(struct sbx_plan *plan, size_t *cap,
			       struct arb_err *err)
{
	struct sbx_mop *m;

	if (plan->n_mops == *cap) {
		size_t ncap = *cap ? *cap * 2 : 32;
		struct sbx_mop *n = realloc(plan->mops, ncap * sizeof(*n));
		if (!n) {
			arb_fail(err, ARB_E_INTERNAL, ENOMEM, "mount plan");
			return NULL;
		}
		plan->mops = n;
		*cap = ncap;
	}
	m = &plan->mops[plan->n_mops++];
	memset(m, 0, sizeof(*m));
	return m;
}

static int mop_push(struct sbx_plan *plan, size_t *cap, enum sbx_mop_kind kind,
		    const char *src, const char *dst, unsigned long flags,
		    const char *data, int is_dir, struct arb_err *err)
{
	struct sbx_mop *m = mop_add(plan, cap, err);

	if (!m)
		return -1;
	m->kind = kind;
	m->src = src;
	m->flags = flags;
	m->is_dir = is_dir;
	if (asprintf(&m->target, "%s%s", plan->staging, dst) < 0) {
		m->target = NULL;
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "mount plan");
	}
	if (data && !(m->data = strdup(data)))
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "mount plan");
	return 0;
}

/* The last planned mount is made afresh by every run (see per_run). */
static void per_run(struct sbx_plan *plan)
{
	plan->mops[plan->n_mops - 1].per_run = 1;
}

/* A destination must be absolute and normalised, and stay out of the
 * directories the sandbox builds itself. */
static int check_dst(const char *dst, struct arb_err *err)
{
	size_t n;

	if (dst[0] != '/' || !dst[1])
		return arb_fail(err, ARB_E_REQUEST, 0,
				"bind destination '%s': must be an absolute path "
				"other than /", dst);
	if (strstr(dst, "//") || strstr(dst, "/./") || strstr(dst, "/../") ||
	    ((n = strlen(dst)) >= 3 && !strcmp(dst + n - 3, "/..")) ||
	    (n >= 2 && !strcmp(dst + n - 2, "/.")) || dst[n - 1] == '/')
		return arb_fail(err, ARB_E_REQUEST, 0,
				"bind destination '%s': not a normalised path", dst);
	if (n >= PATH_MAX - 64)
		return arb_fail(err, ARB_E_REQUEST, 0,
				"bind destination '%s': too long", dst);
	for (size_t i = 0; i < sizeof(reserved_dirs) / sizeof(*reserved_dirs); i++) {
		size_t r = strlen(reserved_dirs[i]);
		if (!strncmp(dst, reserved_dirs[i], r) &&
		    (dst[r] == '\0' || dst[r] == '/'))
			return arb_fail(err, ARB_E_REQUEST, 0,
					"bind destination '%s': %s belongs to the "
					"sandbox", dst, reserved_dirs[i]);
	}
	return 0;
}

static int plan_path(struct sbx_plan *plan, size_t *cap, const struct sbx_path *p,
		     struct arb_err *err)
{
	unsigned long flags = MS_NOSUID | MS_NODEV;

	if (check_dst(p->dst, err))
		return -1;
	if (p->kind == SBX_PATH_SYMLINK)
		return mop_push(plan, cap, SBX_MOP_SYMLINK, p->src, p->dst, 0, NULL,
				0, err);
	if (!p->rw)
		flags |= MS_RDONLY;
	return mop_push(plan, cap, SBX_MOP_BIND, p->src, p->dst, flags, NULL,
			p->is_dir, err);
}

int sbx_mount_plan(const struct sbx_spec *spec, const char *staging,
		   struct sbx_plan *plan, struct arb_err *err)
{
	const struct sbx_limits *lim = &spec->limits;
	unsigned long long box_bytes = lim->box_bytes ? lim->box_bytes : DEFAULT_BOX_BYTES;
	unsigned long long tmp_bytes = lim->tmp_bytes ? lim->tmp_bytes : DEFAULT_TMP_BYTES;
	char data[128];
	size_t cap = 0;

	plan->staging = staging;
	/* The root only holds mount points and symlinks. */
	if (mop_push(plan, &cap, SBX_MOP_TMPFS, NULL, "", MS_NOSUID | MS_NODEV,
		     "mode=0755,size=1m,nr_inodes=4096", 1, err))
		return -1;
	for (size_t i = 0; i < spec->policy->n_paths; i++)
		if (plan_path(plan, &cap, &spec->policy->paths[i], err))
			return arb_err_prefix(err, "policy '%s'", spec->policy->name);
	for (size_t i = 0; i < spec->n_binds; i++) {
		struct stat st;
		struct sbx_path b = spec->binds[i];

		if (b.kind == SBX_PATH_BIND) {
			if (stat(b.src, &st) < 0)
				return arb_fail(err, ARB_E_REQUEST, errno, "bind '%s'", b.src);
			if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
				return arb_fail(err, ARB_E_REQUEST, 0,
						"bind '%s': not a file or directory", b.src);
			b.is_dir = S_ISDIR(st.st_mode);
		}
		if (plan_path(plan, &cap, &b, err))
			return -1;
	}

	if (spec->box_dir) {
		struct stat st;

		if (stat(spec->box_dir, &st) < 0 || !S_ISDIR(st.st_mode))
			return arb_fail(err, ARB_E_REQUEST, errno ? errno : ENOTDIR,
					"box directory '%s'", spec->box_dir);
		if (mop_push(plan, &cap, SBX_MOP_BIND, spec->box_dir, "/box",
			     MS_NOSUID | MS_NODEV | (spec->box_ro ? MS_RDONLY : 0),
			     NULL, 1, err))
			return -1;
	} else {
		snprintf(data, sizeof(data), "mode=0755,size=%llu,uid=%u,gid=%u",
			 box_bytes, (unsigned)plan->uid, (unsigned)plan->gid);
		if (mop_push(plan, &cap, SBX_MOP_TMPFS, NULL, "/box",
			     MS_NOSUID | MS_NODEV, data, 1, err))
			return -1;
		per_run(plan);
	}
	snprintf(data, sizeof(data), "mode=1777,size=%llu", tmp_bytes);
	if (mop_push(plan, &cap, SBX_MOP_TMPFS, NULL, "/tmp", MS_NOSUID | MS_NODEV,
		     data, 1, err))
		return -1;
	per_run(plan);

	if (mop_push(plan, &cap, SBX_MOP_TMPFS, NULL, "/dev", MS_NOSUID | MS_NOEXEC,
		     "mode=0755,size=64k,nr_inodes=64", 1, err))
		return -1;
	for (size_t i = 0; i < sizeof(dev_nodes) / sizeof(*dev_nodes); i++)
		if (mop_push(plan, &cap, SBX_MOP_BIND, dev_nodes[i].host,
			     dev_nodes[i].dst, MS_NOSUID | MS_NOEXEC, NULL, 0, err))
			return -1;
	if (mop_push(plan, &cap, SBX_MOP_SYMLINK, "/proc/self/fd", "/dev/fd", 0, NULL, 0, err) ||
	    mop_push(plan, &cap, SBX_MOP_SYMLINK, "/proc/self/fd/0", "/dev/stdin", 0, NULL, 0, err) ||
	    mop_push(plan, &cap, SBX_MOP_SYMLINK, "/proc/self/fd/1", "/dev/stdout", 0, NULL, 0, err) ||
	    mop_push(plan, &cap, SBX_MOP_SYMLINK, "/proc/self/fd/2", "/dev/stderr", 0, NULL, 0, err))
		return -1;
	snprintf(data, sizeof(data), "mode=1777,size=%llu", tmp_bytes);
	if (mop_push(plan, &cap, SBX_MOP_TMPFS, NULL, "/dev/shm",
		     MS_NOSUID | MS_NODEV | MS_NOEXEC, data, 1, err))
		return -1;
	per_run(plan);
	if (mop_push(plan, &cap, SBX_MOP_READONLY, NULL, "/dev", MS_NOSUID | MS_NOEXEC,
		     NULL, 1, err))
		return -1;
	if (mop_push(plan, &cap, SBX_MOP_PROC, NULL, "/proc",
		     MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2", 1, err))
		return -1;
	per_run(plan);
	return 0;
}

void sbx_mount_plan_free(struct sbx_plan *plan)
{
	for (size_t i = 0; i < plan->n_mops; i++) {
		free(plan->mops[i].target);
		free(plan->mops[i].data);
	}
	free(plan->mops);
	plan->mops = NULL;
	plan->n_mops = 0;
}

/*** Child side: no malloc, no stdio from here on ***/

/* mkdir -p for the components of TARGET after the first SKIP bytes (which
 * exist already: the staging dir).  With LAST, the final component too. */
static int mkdir_parents(const char *target, size_t skip, int last)
{
	char buf[PATH_MAX];
	size_t n = strlen(target);

	if (n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, target, n + 1);
	for (size_t i = skip + 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		if (buf[i] == '\0' && !last)
			break;
		buf[i] = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		buf[i] = i == n ? '\0' : '/';
	}
	return 0;
}

static int run_bind(const struct sbx_mop *m, size_t skip, enum sbx_step *step)
{
	*step = SBX_STEP_MOUNT_MKDIR;
	if (mkdir_parents(m->target, skip, m->is_dir) < 0)
		return -1;
	if (!m->is_dir) {
		int fd = open(m->target, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
		if (fd < 0)
			return -1;
		close(fd);
	}
	*step = SBX_STEP_MOUNT_BIND;
	if (mount(m->src, m->target, NULL, MS_BIND, NULL) < 0)
		return -1;
	/* Per-mount flags can only be set by a remount of the bind. */
	*step = SBX_STEP_MOUNT_REMOUNT;
	return mount(NULL, m->target, NULL, MS_BIND | MS_REMOUNT | m->flags, NULL);
}

/* Mount M's filesystem (a tmpfs or the box's procfs) at TARGET. */
static int run_fs(const struct sbx_mop *m, const char *target)
{
	if (m->kind == SBX_MOP_PROC)
		return mount("proc", target, "proc", m->flags, m->data);
	return mount("arbiter", target, "tmpfs", m->flags, m->data);
}

int sbx_mount_run(const struct sbx_plan *plan, bool shell_only, enum sbx_step *step)
{
	size_t skip = strlen(plan->staging);

	*step = SBX_STEP_MOUNT_PRIVATE;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -1;
	for (size_t i = 0; i < plan->n_mops; i++) {
		const struct sbx_mop *m = &plan->mops[i];

		if (m->per_run && shell_only) {
			*step = SBX_STEP_MOUNT_MKDIR;
			if (mkdir_parents(m->target, skip, 1) < 0)
				return -1;
			continue;
		}
		switch (m->kind) {
		case SBX_MOP_MKDIR:
			*step = SBX_STEP_MOUNT_MKDIR;
			if (mkdir_parents(m->target, skip, 1) < 0)
				return -1;
			break;
		case SBX_MOP_BIND:
			if (run_bind(m, skip, step) < 0)
				return -1;
			break;
		case SBX_MOP_SYMLINK:
			*step = SBX_STEP_MOUNT_SYMLINK;
			if (mkdir_parents(m->target, skip, 0) < 0 ||
			    symlink(m->src, m->target) < 0)
				return -1;
			break;
		case SBX_MOP_TMPFS:
		case SBX_MOP_PROC:
			*step = m->kind == SBX_MOP_PROC ? SBX_STEP_MOUNT_PROC
				: i == 0 ? SBX_STEP_MOUNT_ROOT : SBX_STEP_MOUNT_TMPFS;
			if (i > 0 && mkdir_parents(m->target, skip, 1) < 0)
				return -1;
			if (run_fs(m, m->target) < 0)
				return -1;
			break;
		case SBX_MOP_READONLY:
			*step = SBX_STEP_MOUNT_REMOUNT;
			if (mount(NULL, m->target, NULL,
				  MS_REMOUNT | MS_BIND | MS_RDONLY | m->flags, NULL) < 0)
				return -1;
			break;
		}
	}

	/* pivot_root(".", ".") stacks the old root on top of the new one;
	 * detaching it leaves no path back to the host's tree. */
	*step = SBX_STEP_PIVOT_ROOT;
	if (chdir(plan->staging) < 0 ||
	    syscall(SYS_pivot_root, ".", ".") < 0 ||
	    umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
		return -1;
	*step = SBX_STEP_ROOT_READONLY;
	return mount(NULL, "/", NULL,
		     MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL);
}

void sbx_mount_drop(const struct sbx_plan *plan)
{
	size_t skip = strlen(plan->staging);

	for (size_t i = 0; i < plan->n_mops; i++)
		if (plan->mops[i].per_run)
			umount2(plan->mops[i].target + skip, MNT_DETACH | UMOUNT_NOFOLLOW);
}

int sbx_mount_fresh(const struct sbx_plan *plan, enum sbx_step *step)
{
	size_t skip = strlen(plan->staging);

	for (size_t i = 0; i < plan->n_mops; i++) {
		const struct sbx_mop *m = &plan->mops[i];
		const char *target = m->target + skip; /* in the box's root */

		if (!m->per_run)
			continue;
		/* The previous run's filesystem goes with everything the
		 * program left in it; the first run finds none (EINVAL). */
		*step = m->kind == SBX_MOP_PROC ? SBX_STEP_MOUNT_PROC : SBX_STEP_MOUNT_TMPFS;
		if ((umount2(target, MNT_DETACH | UMOUNT_NOFOLLOW) < 0 && errno != EINVAL) ||
		    run_fs(m, target) < 0)
			return -1;
	}
	return 0;
}
