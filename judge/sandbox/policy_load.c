/* policy_load.c - find, read and resolve a policy on this host.
 *
 * sbx_policy_load() is the second stage after sbx_policy_parse()
 * (policy.c): it finds DIR/NAME.yaml, reads it (capped at
 * POLICY_MAX_BYTES), parses it, checks that `name` matches the file, turns
 * each read-only path into what the box mounts (lstat: dir/file -> BIND,
 * symlink -> SYMLINK with the link's target, missing optional -> dropped,
 * anything else -> error) and compiles the seccomp rules into BPF.  A
 * malformed or unfit policy is ARB_E_PACKAGE; an unknown or ill-formed NAME
 * is ARB_E_REQUEST; a host fault (no policy directory, I/O) ARB_E_INTERNAL.
 */
#include "sandbox/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/fsutil.h"
#include "sandbox/policy_internal.h"
#include "sandbox/seccomp.h"

#define KEY_LEN 64

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int sbx_policy_dir(char *dir, size_t len, struct arb_err *err)
{
	static const char *const rel[] = {"policies", "share/arbiter/policies"};
	const char *env = getenv("ARBITER_POLICY_DIR");
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;

	/* An explicit setting that points nowhere is a configuration error,
	 * not a reason to fall back to some other set of policies. */
	if (env && *env) {
		if (!is_dir(env))
			return arb_fail(err, ARB_E_INTERNAL, 0,
					"ARBITER_POLICY_DIR '%s' is not a directory",
					env);
		if ((size_t)snprintf(dir, len, "%s", env) >= len)
			return arb_fail(err, ARB_E_INTERNAL, ENAMETOOLONG,
					"policy directory '%s'", env);
		return 0;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno,
				"readlink '/proc/self/exe'");
	exe[n] = '\0';
	/* /proc/self/exe is canonical: strip "/binary" then "/bindir". */
	for (int i = 0; i < 2; i++) {
		slash = strrchr(exe, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		int w = snprintf(dir, len, "%s/%s", exe, rel[i]);

		if (w >= 0 && (size_t)w < len && is_dir(dir))
			return 0;
	}
	return arb_fail(err, ARB_E_INTERNAL, 0,
			"no policy directory (set ARBITER_POLICY_DIR, or install "
			"policies in '%s/share/arbiter/policies')",
			exe);
}

static int read_policy_file(const char *dir, const char *name, char **text,
			    size_t *len, struct arb_err *err)
{
	_cleanup_close_ int fd = -1;
	char path[PATH_MAX];
	struct stat st;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s.yaml", dir, name) >=
	    sizeof(path))
		return arb_fail(err, ARB_E_INTERNAL, ENAMETOOLONG,
				"policy directory '%s'", dir);
	/* O_NONBLOCK: a FIFO planted under the name must not hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 && errno == ENOENT) {
		if (!is_dir(dir))
			return arb_fail(err, ARB_E_INTERNAL, ENOENT,
					"policy directory '%s'", dir);
		return arb_fail(err, ARB_E_REQUEST, 0,
				"unknown policy '%s' (looked in %s)", name, dir);
	}
	if (fd < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'", path);
	if (fstat(fd, &st) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "fstat '%s'", path);
	if (!S_ISREG(st.st_mode))
		return arb_fail(err, ARB_E_PACKAGE, 0,
				"%s.yaml: not a regular file", name);
	if (st.st_size > POLICY_MAX_BYTES)
		return arb_fail(err, ARB_E_PACKAGE, 0,
				"%s.yaml: too large (%lld bytes, the limit is %d)",
				name, (long long)st.st_size, POLICY_MAX_BYTES);
	/* Read with the cap again: the file may have grown meanwhile. */
	if (fsutil_read_fd(fd, POLICY_MAX_BYTES, path, text, len, err) < 0) {
		if (err->errnum == EFBIG)
			return arb_fail(err, ARB_E_PACKAGE, 0,
					"%s.yaml: too large (the limit is %d bytes)",
					name, POLICY_MAX_BYTES);
		return -1;
	}
	return 0;
}

/* A path below a host symlink (/lib/x86_64-linux-gnu with /lib -> usr/lib)
 * would be mounted through the box's copy of that link, somewhere other
 * than its dst says; ask for the resolved path instead. */
static int check_parent_real(const char *file, const char *key,
			     const char *path, struct arb_err *err)
{
	char parent[PATH_MAX], real[PATH_MAX];
	char *slash;

	snprintf(parent, sizeof(parent), "%s", path);
	slash = strrchr(parent, '/');
	if (slash == parent)
		return 0; /* directly under / */
	*slash = '\0';
	if (!realpath(parent, real))
		return arb_fail(err, ARB_E_PACKAGE, errno, "%s: %s: '%s'", file,
				key, parent);
	if (strcmp(parent, real) != 0)
		return arb_fail(err, ARB_E_PACKAGE, 0,
				"%s: %s: '%s' is below a symlink on this host "
				"('%s' is '%s'); list the resolved path",
				file, key, path, parent, real);
	return 0;
}

/* Turn each parsed path into what the box mounts, on this host. */
static int resolve_paths(struct sbx_policy *p, const char *file,
			 struct arb_err *err)
{
	size_t kept = 0;

	for (size_t i = 0; i < p->n_paths; i++) {
		struct sbx_path *sp = &p->paths[i];
		char key[KEY_LEN], target[PATH_MAX];
		struct stat st;
		ssize_t n;

		/* Messages index the entries as written in the file. */
		snprintf(key, sizeof(key), "readonly[%zu]", i);
		if (lstat(sp->dst, &st) < 0) {
			if ((errno == ENOENT || errno == ENOTDIR) && sp->optional) {
				free(sp->src);
				free(sp->dst);
				sp->src = sp->dst = NULL;
				continue;
			}
			return arb_fail(err, ARB_E_PACKAGE, errno, "%s: %s: '%s'",
					file, key, sp->dst);
		}
		if (check_parent_real(file, key, sp->dst, err) < 0)
			return -1;
		if (S_ISLNK(st.st_mode)) {
			n = readlink(sp->dst, target, sizeof(target) - 1);
			if (n < 0)
				return arb_fail(err, ARB_E_PACKAGE, errno,
						"%s: %s: readlink '%s'", file, key,
						sp->dst);
			target[n] = '\0';
			free(sp->src);
			sp->src = strdup(target);
			if (!sp->src)
				return arb_fail(err, ARB_E_INTERNAL, ENOMEM,
						"policy paths");
			sp->kind = SBX_PATH_SYMLINK;
		} else if (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)) {
			sp->kind = SBX_PATH_BIND;
			sp->is_dir = S_ISDIR(st.st_mode);
		} else {
			/* Binding a device or socket would hand the box a door
			 * the policy writer did not mean to open. */
			return arb_fail(err, ARB_E_PACKAGE, 0,
					"%s: %s: '%s' is not a file, directory "
					"or symlink",
					file, key, sp->dst);
		}
		p->paths[kept++] = *sp;
		if (kept - 1 != i)
			sp->src = sp->dst = NULL;
	}
	p->n_paths = kept;
	return 0;
}

int sbx_policy_load(const char *dir, const char *name, struct sbx_policy **out,
		    struct arb_err *err)
{
	_cleanup_policy_ struct sbx_policy *p = NULL;
	_cleanup_free_ char *text = NULL;
	char dirbuf[PATH_MAX], file[POLICY_NAME_MAX + 8];
	size_t len = 0;

	*out = NULL;
	if (!policy_name_valid(name))
		return arb_fail(err, ARB_E_REQUEST, 0,
				"unknown policy '%s' (a policy name is "
				"[a-z0-9][a-z0-9_-]*)",
				name);
	if (!dir) {
		if (sbx_policy_dir(dirbuf, sizeof(dirbuf), err) < 0)
			return -1;
		dir = dirbuf;
	}
	if (read_policy_file(dir, name, &text, &len, err) < 0)
		return -1;
	snprintf(file, sizeof(file), "%s.yaml", name);
	if (sbx_policy_parse(text, len, file, &p, err) < 0)
		return -1;
	if (strcmp(p->name, name) != 0)
		return arb_fail(err, ARB_E_PACKAGE, 0,
				"%s: name: '%s' does not match the file name",
				file, p->name);
	if (resolve_paths(p, file, err) < 0)
		return -1;
	if (seccomp_compile(p->seccomp_rules, false, &p->seccomp, err) < 0 ||
	    seccomp_compile(p->seccomp_rules, true, &p->seccomp_notify, err) < 0)
		return arb_err_prefix(err, "%s: seccomp", file);
	*out = steal_ptr(&p);
	return 0;
}
