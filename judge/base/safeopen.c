/* safeopen.c - confined opens below box-writable directories (safeopen.h).
 *
 * The kernel does the confinement when it can: openat2 with
 * RESOLVE_BENEATH refuses ".." above the start and absolute paths, and
 * RESOLVE_NO_SYMLINKS refuses every symlink, magic /proc links included,
 * atomically - no rename race between a check and the open.  The fallback
 * walk gets the same guarantee from O_NOFOLLOW at each step: every
 * component is opened from its parent's fd, so a directory swapped for a
 * symlink mid-walk makes the open fail instead of leading elsewhere.
 */
#include "base/safeopen.h"
#include "base/cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ALWAYS (O_CLOEXEC | O_NOFOLLOW | O_NOCTTY)

/* Set once openat2 turned out to be missing, so later opens go straight
 * to the walk. */
static atomic_bool no_openat2;

int safe_openat_walk(int dirfd, const char *path, int flags, mode_t mode)
{
	char buf[PATH_MAX];
	char *comp, *next;
	int cur = dirfd;
	size_t n = strlen(path);

	if (path[0] == '/') {
		errno = EXDEV;
		return -1;
	}
	if (n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, n + 1);
	/* Trailing slashes name the same file; drop them so the last
	 * component below is the file itself. */
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = '\0';
	comp = buf;
	for (;;) {
		int fd;

		while (*comp == '/')
			comp++;
		next = strchr(comp, '/');
		if (next)
			*next = '\0';
		if (!strcmp(comp, "..")) {
			if (cur != dirfd)
				close(cur);
			errno = EXDEV;
			return -1;
		}
		if (!next) {
			/* The last component: "" or "." is the directory. */
			fd = openat(cur, *comp ? comp : ".", flags | ALWAYS, mode);
			if (cur != dirfd) {
				int e = errno;
				close(cur);
				errno = e;
			}
			return fd;
		}
		if (*comp && strcmp(comp, ".")) {
			fd = openat(cur, comp, O_PATH | O_DIRECTORY | ALWAYS);
			if (cur != dirfd) {
				int e = errno;
				close(cur);
				errno = e;
			}
			if (fd < 0)
				return -1;
			cur = fd;
		}
		comp = next + 1;
	}
}

int safe_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | ALWAYS),
		.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	int fd = -1;

	if (!atomic_load_explicit(&no_openat2, memory_order_relaxed)) {
		/* EAGAIN: a concurrent rename under the directory; a few
		 * retries, then the walk, which does not care. */
		for (int i = 0; i < 8; i++) {
			fd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
			if (fd >= 0 || errno != EAGAIN)
				break;
		}
		if (fd >= 0)
			return fd;
		if (errno == ENOSYS)
			atomic_store_explicit(&no_openat2, true, memory_order_relaxed);
		/* EPERM: maybe a container's seccomp profile that predates
		 * openat2 - the walk decides. */
		else if (errno != EPERM && errno != EAGAIN)
			return -1;
	}
	return safe_openat_walk(dirfd, path, flags, mode);
}

int safe_open_beneath(const char *dir, const char *path, int flags, mode_t mode)
{
	_cleanup_close_ int dirfd = open(dir, O_PATH | O_DIRECTORY | ALWAYS);

	if (dirfd < 0)
		return -1;
	return safe_openat(dirfd, path, flags, mode);
}
