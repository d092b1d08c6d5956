/* fsutil.c - file helpers; see fsutil.h. */
#include "base/fsutil.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/cleanup.h"

int fsutil_read_fd(int fd, size_t max, const char *name, char **out,
		   size_t *len, struct arb_err *err)
{
	_cleanup_free_ char *buf = NULL;
	size_t cap = max < 4096 ? max + 2 : 4096, got = 0;

	*out = NULL;
	buf = malloc(cap);
	if (!buf)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "read '%s'", name);
	for (;;) {
		ssize_t n;

		if (got + 1 == cap) {
			/* Grow to one byte past MAX at most, to notice a
			 * content that is larger than allowed. */
			size_t ncap = cap * 2 > max + 2 ? max + 2 : cap * 2;
			char *bigger;

			if (ncap <= cap)
				return arb_fail(err, ARB_E_INTERNAL, EFBIG,
						"'%s': larger than %zu bytes", name, max);
			bigger = realloc(buf, ncap);
			if (!bigger)
				return arb_fail(err, ARB_E_INTERNAL, ENOMEM,
						"read '%s'", name);
			buf = bigger;
			cap = ncap;
		}
		n = read(fd, buf + got, cap - got - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return arb_fail(err, ARB_E_INTERNAL, errno, "read '%s'", name);
		if (n == 0)
			break;
		got += (size_t)n;
		if (got > max)
			return arb_fail(err, ARB_E_INTERNAL, EFBIG,
					"'%s': larger than %zu bytes", name, max);
	}
	buf[got] = '\0';
	if (len)
		*len = got;
	*out = steal_ptr(&buf);
	return 0;
}

/* Remove what can go at once from the directory FD (files, symlinks,
 * empty directories).  Returns 0 when FD is then empty, 1 with *SUB open
 * on the first directory that is not and *NAME its name (to free), or -1
 * when an entry can neither be removed nor entered. */
static int clear_dir(int fd, int *sub, char **name)
{
	int lfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_closedir_ DIR *d = lfd < 0 ? NULL : fdopendir(lfd);
	struct dirent *e;

	if (!d) {
		if (lfd >= 0)
			close(lfd);
		return -1;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (unlinkat(fd, e->d_name, 0) == 0 ||
		    unlinkat(fd, e->d_name, AT_REMOVEDIR) == 0)
			continue;
		*sub = openat(fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (*sub < 0)
			return -1;
		if (!(*name = strdup(e->d_name))) {
			close(*sub);
			return -1;
		}
		return 1;
	}
	return 0;
}

/* Remove NAME under the directory DIRFD, whatever its depth: the walk
 * goes down one openat() at a time and back up through "..", keeping only
 * the names on its way, so neither PATH_MAX nor the fd limit bounds the
 * depth (a tree the submission made may be thousands of levels deep, as
 * compile/deep_tree's is).  Symlinks are removed, never followed; nothing
 * else changes the tree meanwhile, as the box that made it is gone.  -1
 * when something could not be removed. */
int fsutil_remove_at(int dirfd, const char *name)
{
	char **path = NULL; /* names from NAME's child down to CUR */
	size_t depth = 0, cap = 0;
	int cur, rc = -1;

	if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
		return 0;
	cur = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (cur < 0)
		return -1;
	for (;;) {
		char *sub_name = NULL;
		int sub = -1, st = clear_dir(cur, &sub, &sub_name), up, gone;

		if (st < 0)
			break;
		if (st == 1) {
			if (depth == cap) {
				size_t ncap = cap ? cap * 2 : 64;
				char **n = realloc(path, ncap * sizeof(*n));

				if (!n) {
					free(sub_name);
					close(sub);
					break;
				}
				path = n;
				cap = ncap;
			}
			path[depth++] = sub_name;
			close(cur);
			cur = sub;
			continue;
		}
		/* CUR is empty: remove it from its parent. */
		if (depth == 0) {
			rc = unlinkat(dirfd, name, AT_REMOVEDIR);
			break;
		}
		up = openat(cur, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (up < 0)
			break;
		close(cur);
		cur = up;
		depth--;
		gone = unlinkat(cur, path[depth], AT_REMOVEDIR);
		free(path[depth]);
		if (gone < 0)
			break;
	}
	close(cur);
	while (depth > 0)
		free(path[--depth]);
	free(path);
	return rc;
}

void fsutil_rm_rf(const char *path)
{
	_cleanup_free_ char *copy = path ? strdup(path) : NULL;
	char *slash;
	int dirfd;

	if (!copy)
		return;
	slash = strrchr(copy, '/');
	if (slash == copy) {
		dirfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	} else if (slash) {
		*slash = '\0';
		dirfd = open(copy, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	} else {
		dirfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (dirfd < 0)
		return;
	fsutil_remove_at(dirfd, slash ? slash + 1 : copy);
	close(dirfd);
}
