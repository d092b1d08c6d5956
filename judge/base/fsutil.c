/* fsutil.c - file helpers; see fsutil.h. */
#include "base/fsutil.h"

#include <errno.h>
#include <ftw.h>
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

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void fsutil_rm_rf(const char *path)
{
	if (path)
		nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}
