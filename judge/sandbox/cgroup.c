/* cgroup.c - cgroup mode detection, dispatch, and the none back end.
 *
 * cg_manager_open() decides the mode once (statfs on the root, unless the
 * options force one), reads this process's own cgroups and lets the back
 * end prepare its hierarchy.  Every later call goes through the manager's
 * `struct cg_ops` table, so no caller ever tests the version.  This file
 * also owns naming (PREFIX-<pid>-<n>), the allocation of boxes, and the
 * small file helpers both back ends use.
 *
 * Thread safety: a manager is read-only after open; boxes are per run and
 * used by one thread at a time; the name counter is atomic.
 */
#include "sandbox/cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/fsutil.h"
#include "base/procutil.h"
#include "sandbox/cgroup_internal.h"

/* The only global: box names must be unique across every manager and thread
 * of this process (the pid in the name separates processes). */
static atomic_uint_least64_t cg_next_id;

/* How many names to try when a stale cgroup of a crashed process that had
 * our pid already holds one. */
#define CG_NAME_TRIES 16

/*** Mode detection ***/

const char *cg_mode_name(enum cg_mode mode)
{
	switch (mode) {
	case CG_MODE_AUTO:
		return "auto";
	case CG_MODE_NONE:
		return "none";
	case CG_MODE_V1:
		return "v1";
	case CG_MODE_HYBRID:
		return "hybrid";
	case CG_MODE_V2:
		return "v2";
	}
	return "unknown";
}

/* A pure cgroup2 host mounts cgroup2 at the root; a v1 or hybrid host mounts
 * a tmpfs there with one directory per v1 hierarchy, and hybrid (systemd's
 * default for years) adds a controller-less cgroup2 at unified/. */
static int cg_detect(const char *root, enum cg_mode *mode, struct arb_err *err)
{
	_cleanup_free_ char *unified = NULL;
	struct statfs sfs;

	if (statfs(root, &sfs) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "statfs '%s'", root);
	if ((unsigned long)sfs.f_type == CGROUP2_SUPER_MAGIC) {
		*mode = CG_MODE_V2;
		return 0;
	}
	*mode = CG_MODE_V1;
	if ((unsigned long)sfs.f_type != TMPFS_MAGIC)
		return 0;
	unified = cg_join(root, "unified");
	if (!unified)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "detect cgroup mode");
	if (statfs(unified, &sfs) == 0 &&
	    (unsigned long)sfs.f_type == CGROUP2_SUPER_MAGIC)
		*mode = CG_MODE_HYBRID;
	return 0;
}

/* The prefix becomes a directory name component: keep it to a safe set. */
static int cg_check_prefix(const char *prefix, struct arb_err *err)
{
	size_t n = strlen(prefix);

	if (n == 0 || n > 64 || prefix[0] == '.' ||
	    strspn(prefix, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			   "0123456789_.-") != n)
		return arb_fail(err, ARB_E_REQUEST, 0,
				"bad cgroup name prefix '%s'", prefix);
	return 0;
}

/*** Manager ***/

static int cg_sys_mkdir(const char *path, void *arg)
{
	(void)arg;
	return mkdir(path, 0755);
}

static int cg_sys_rmdir(const char *path, void *arg)
{
	(void)arg;
	return rmdir(path);
}

static const struct cg_fs_ops cg_sys_fs = {cg_sys_mkdir, cg_sys_rmdir, NULL};

int cg_manager_open_fs(const struct cg_manager_opts *opts,
		       const struct cg_fs_ops *fs, struct cg_manager **out,
		       struct arb_err *err)
{
	static const struct cg_manager_opts defaults;
	struct cg_manager *m = NULL;
	_cleanup_free_ char *proc_text = NULL;
	enum cg_mode mode;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (cg_check_prefix(opts->prefix ? opts->prefix : "arbiter", err) < 0)
		return -1;
	m = calloc(1, sizeof(*m));
	if (!m)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "cgroup manager");
	m->fs = fs ? *fs : cg_sys_fs;
	m->root = strdup(opts->root ? opts->root : "/sys/fs/cgroup");
	m->proc_path = strdup(opts->proc_cgroup ? opts->proc_cgroup
						: "/proc/self/cgroup");
	m->prefix = strdup(opts->prefix ? opts->prefix : "arbiter");
	if (!m->root || !m->proc_path || !m->prefix) {
		cg_manager_close(m);
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "cgroup manager");
	}
	mode = opts->mode;
	if (mode == CG_MODE_AUTO && cg_detect(m->root, &mode, err) < 0)
		goto fail;
	m->mode = mode;
	switch (mode) {
	case CG_MODE_NONE:
		m->ops = &cg_none_ops;
		break;
	case CG_MODE_V1:
	case CG_MODE_HYBRID:
		m->ops = &cg_v1_ops;
		break;
	case CG_MODE_V2:
		m->ops = &cg_v2_ops;
		break;
	default:
		arb_fail(err, ARB_E_REQUEST, 0, "unknown cgroup mode %d",
			 (int)mode);
		goto fail;
	}
	if (mode != CG_MODE_NONE) {
		if (cg_read(m->proc_path, NULL, &proc_text, err) < 0 ||
		    m->ops->open(m, proc_text, err) < 0)
			goto fail;
	}
	cg_manager_sweep(m);
	*out = m;
	return 0;
fail:
	cg_manager_close(m);
	return -1;
}

/* PREFIX-<pid>-<n> with PID no longer alive: a box of a process that was
 * killed (a worker taken down with SIGKILL cannot remove its boxes). */
static bool cg_is_stale(const struct cg_manager *m, const char *name)
{
	size_t n = strlen(m->prefix);
	char *end;
	long pid;

	if (strncmp(name, m->prefix, n) != 0 || name[n] != '-')
		return false;
	errno = 0;
	pid = strtol(name + n + 1, &end, 10);
	if (errno || end == name + n + 1 || *end != '-' || pid <= 0 || pid == getpid())
		return false;
	return proc_gone((pid_t)pid);
}

int cg_manager_sweep(struct cg_manager *m)
{
	int removed = 0;

	for (size_t i = 0; m && i < CG_MAX_DIRS; i++) {
		_cleanup_closedir_ DIR *d = NULL;
		struct dirent *de;

		if (!m->base[i] || !(d = opendir(m->base[i])))
			continue;
		while ((de = readdir(d))) {
			_cleanup_free_ char *path = NULL;

			if (de->d_type != DT_DIR || !cg_is_stale(m, de->d_name))
				continue;
			path = cg_join(m->base[i], de->d_name);
			/* Still holding a dying task: EBUSY, next sweep. */
			if (path && m->fs.rmdir(path, m->fs.arg) == 0)
				removed++;
		}
	}
	return removed;
}

int cg_manager_open(const struct cg_manager_opts *opts, struct cg_manager **out,
		    struct arb_err *err)
{
	return cg_manager_open_fs(opts, NULL, out, err);
}

/* The process stays where open put it: on v2 it must stay in its leaf, as
 * long as boxes may exist below its old cgroup. */
void cg_manager_close(struct cg_manager *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < CG_MAX_DIRS; i++)
		free(m->base[i]);
	free(m->root);
	free(m->proc_path);
	free(m->prefix);
	free(m);
}

enum cg_mode cg_manager_mode(const struct cg_manager *m)
{
	return m->mode;
}

/*** Boxes ***/

static struct cg_box *cg_box_alloc(struct cg_manager *m)
{
	struct cg_box *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->m = m;
	b->clone_fd = -1;
	b->cpu_fd = -1;
	for (size_t i = 0; i < CG_MAX_DIRS; i++)
		b->procs_fds[i] = -1;
	return b;
}

int cg_box_create(struct cg_manager *m, const struct cg_limits *limits,
		  struct cg_box **out, struct arb_err *err)
{
	static const struct cg_limits unlimited;
	struct cg_box *b;

	*out = NULL;
	if (!limits)
		limits = &unlimited;
	b = cg_box_alloc(m);
	if (!b)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "cgroup box");
	for (int tries = 1;; tries++) {
		uint64_t n = atomic_fetch_add(&cg_next_id, 1);
		struct arb_err rb;
		bool retry;

		snprintf(b->name, sizeof(b->name), "%s-%d-%llu", m->prefix,
			 (int)getpid(), (unsigned long long)n);
		if (m->ops->create(b, limits, err) == 0)
			break;
		/* EEXIST: a cgroup left by a crashed process that had our pid
		 * (common in containers, where pids repeat).  It is not ours
		 * to remove; take the next name. */
		retry = err->errnum == EEXIST && tries < CG_NAME_TRIES;
		if (m->ops->destroy(b, &rb) < 0) {
			char first[ARB_ERR_MSG_LEN];

			memcpy(first, err->msg, sizeof(first));
			if (snprintf(err->msg, sizeof(err->msg),
				     "%s (rollback: %s)", first, rb.msg) < 0)
				err->msg[0] = '\0';
			retry = false;
		}
		if (!retry) {
			free(b);
			return -1;
		}
	}
	b->limits = *limits;
	*out = b;
	return 0;
}

int cg_box_reuse(struct cg_box *b, const struct cg_limits *limits,
		 struct arb_err *err)
{
	static const struct cg_limits unlimited;

	if (!limits)
		limits = &unlimited;
	if (limits->mem_bytes != b->limits.mem_bytes || limits->pids != b->limits.pids)
		return arb_fail(err, ARB_E_INTERNAL, EINVAL,
				"cgroup '%s' has other limits", b->name);
	if (b->m->ops->reset(b, err) < 0)
		return -1;
	return b->m->ops->cpu_us(b, &b->cpu_base_us, err);
}

static uint64_t since(uint64_t now, uint64_t base)
{
	return now > base ? now - base : 0;
}

int cg_box_attach_info(struct cg_box *b, struct cg_attach *out,
		       struct arb_err *err)
{
	out->clone_fd = -1;
	out->n_procs = 0;
	for (size_t i = 0; i < sizeof(out->procs_fds) / sizeof(out->procs_fds[0]);
	     i++)
		out->procs_fds[i] = -1;
	return b->m->ops->attach_info(b, out, err);
}

int cg_box_cpu_us(struct cg_box *b, uint64_t *cpu_us, struct arb_err *err)
{
	*cpu_us = 0;
	if (b->m->ops->cpu_us(b, cpu_us, err) < 0)
		return -1;
	*cpu_us = since(*cpu_us, b->cpu_base_us);
	return 0;
}

int cg_box_stats(struct cg_box *b, struct cg_stats *out, struct arb_err *err)
{
	memset(out, 0, sizeof(*out));
	if (b->m->ops->stats(b, out, err) < 0)
		return -1;
	out->cpu_us = since(out->cpu_us, b->cpu_base_us);
	return 0;
}

int cg_box_kill_all(struct cg_box *b, struct arb_err *err)
{
	return b->m->ops->kill_all(b, err);
}

int cg_box_destroy(struct cg_box *b, struct arb_err *err)
{
	int rc;

	if (!b)
		return 0;
	rc = b->m->ops->destroy(b, err);
	free(b);
	return rc;
}

/*** None back end: no cgroup, the sandbox relies on rlimits alone ***/

static int none_open(struct cg_manager *m, const char *proc_text,
		     struct arb_err *err)
{
	(void)m;
	(void)proc_text;
	(void)err;
	return 0;
}

static int none_create(struct cg_box *b, const struct cg_limits *limits,
		       struct arb_err *err)
{
	(void)b;
	(void)limits;
	(void)err;
	return 0;
}

static int none_attach_info(struct cg_box *b, struct cg_attach *out,
			    struct arb_err *err)
{
	(void)b;
	(void)out; /* already "nothing to do": clone_fd -1, no procs fds */
	(void)err;
	return 0;
}

static int none_cpu_us(struct cg_box *b, uint64_t *cpu_us, struct arb_err *err)
{
	(void)b;
	(void)err;
	*cpu_us = 0;
	return 0;
}

static int none_stats(struct cg_box *b, struct cg_stats *out,
		      struct arb_err *err)
{
	(void)b;
	(void)err;
	memset(out, 0, sizeof(*out));
	return 0;
}

static int none_box_op(struct cg_box *b, struct arb_err *err)
{
	(void)b;
	(void)err;
	return 0;
}

const struct cg_ops cg_none_ops = {
	.name = "none",
	.open = none_open,
	.create = none_create,
	.attach_info = none_attach_info,
	.cpu_us = none_cpu_us,
	.stats = none_stats,
	.kill_all = none_box_op,
	.reset = none_box_op,
	.destroy = none_box_op,
};

/*** File helpers ***/

char *cg_join(const char *dir, const char *file)
{
	char *p = NULL;
	size_t n = strlen(dir);

	if (!file)
		return strdup(dir);
	if (asprintf(&p, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/",
		     file) < 0)
		return NULL;
	return p;
}

int cg_write(const char *dir, const char *file, const char *val,
	     struct arb_err *err)
{
	_cleanup_free_ char *path = cg_join(dir, file);
	_cleanup_close_ int fd = -1;
	size_t len = strlen(val);
	ssize_t n;

	if (!path)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "write '%s'", file);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'", path);
	/* cgroupfs parses each write() as one value: no partial writes. */
	n = write(fd, val, len);
	if (n < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "write '%s' to '%s'",
				val, path);
	if ((size_t)n != len)
		return arb_fail(err, ARB_E_INTERNAL, EIO, "short write to '%s'",
				path);
	return 0;
}

int cg_read(const char *dir, const char *file, char **out,
	    struct arb_err *err)
{
	_cleanup_free_ char *path = cg_join(dir, file);
	_cleanup_close_ int fd = -1;

	*out = NULL;
	if (!path)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "read '%s'", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'", path);
	/* Control files are a page or two; 1 MiB bounds a surprise. */
	return fsutil_read_fd(fd, 1 << 20, path, out, NULL, err);
}

bool cg_exists(const char *dir, const char *file)
{
	_cleanup_free_ char *path = cg_join(dir, file);

	return path && access(path, F_OK) == 0;
}

int cg_read_u64(const char *dir, const char *file, uint64_t *out,
		struct arb_err *err)
{
	_cleanup_free_ char *text = NULL;

	if (cg_read(dir, file, &text, err) < 0)
		return -1;
	if (cg_parse_u64(text, out, err) < 0)
		return arb_err_prefix(err, "'%s/%s'", dir, file);
	return 0;
}

int cg_read_keyed(const char *dir, const char *file, const char *key,
		  uint64_t *out, struct arb_err *err)
{
	_cleanup_free_ char *text = NULL;

	if (cg_read(dir, file, &text, err) < 0)
		return -1;
	if (cg_parse_keyed(text, key, out, err) < 0)
		return arb_err_prefix(err, "'%s/%s'", dir, file);
	return 0;
}

int cg_pread(int fd, char *buf, size_t cap, const char *what,
	     struct arb_err *err)
{
	ssize_t n;

	if (fd < 0)
		return arb_fail(err, ARB_E_INTERNAL, EBADF, "read '%s'", what);
	/* Reading a cgroupfs file from offset 0 regenerates its contents,
	 * so one open fd serves every poll. */
	do
		n = pread(fd, buf, cap - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "read '%s'", what);
	if ((size_t)n == cap - 1)
		return arb_fail(err, ARB_E_INTERNAL, 0, "'%s' is too long", what);
	buf[n] = '\0';
	return 0;
}

int cg_kill_procs(const char *dir, size_t *found, struct arb_err *err)
{
	_cleanup_free_ char *text = NULL;
	const char *cur;
	pid_t pid, self = getpid();
	size_t n = 0;
	int r;

	*found = 0;
	if (cg_read(dir, "cgroup.procs", &text, err) < 0)
		return -1;
	cur = text;
	while ((r = cg_parse_next_pid(&cur, &pid, err)) > 0) {
		n++;
		/* kill(0) signals our own process group and kill(-1) every
		 * process we may signal: never pass either on, whatever the
		 * file says.  Nor kill ourselves if we were put in a box. */
		if (pid <= 0 || pid == self)
			continue;
		if (kill(pid, SIGKILL) < 0 && errno != ESRCH)
			return arb_fail(err, ARB_E_INTERNAL, errno,
					"kill %d of '%s'", (int)pid, dir);
	}
	if (r < 0)
		return arb_err_prefix(err, "'%s/cgroup.procs'", dir);
	*found = n;
	return 0;
}

int cg_remove_dir(struct cg_manager *m, const char *dir, uint64_t deadline_ms,
		  struct arb_err *err)
{
	for (;;) {
		if (m->fs.rmdir(dir, m->fs.arg) == 0 || errno == ENOENT)
			return 0;
		/* EBUSY: a killed task has not left yet (the kernel removes
		 * it from the cgroup during its exit, not at the signal). */
		if (errno != EBUSY || mono_ms() >= deadline_ms)
			return arb_fail(err, ARB_E_INTERNAL, errno,
					"rmdir '%s'", dir);
		cg_sleep_ms(1);
	}
}

void cg_sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}
