/* fsutil.h - small file helpers shared by the modules. */
#ifndef ARBITER_BASE_FSUTIL_H
#define ARBITER_BASE_FSUTIL_H

#include <stddef.h>

#include "base/err.h"

/* Read the rest of FD into a malloc'd, NUL-terminated buffer (*OUT, length
 * *LEN, which may be NULL).  At most MAX bytes: a longer content fails with
 * errnum EFBIG, so the caller can say "too large" in its own terms.  NAME is
 * for messages.  Errors are ARB_E_INTERNAL. */
int fsutil_read_fd(int fd, size_t max, const char *name, char **out,
		   size_t *len, struct arb_err *err);

/* rm -rf PATH without following symlinks or crossing mounts (a symlink a
 * box planted is removed, never followed).  Best effort: errors are
 * ignored.  PATH NULL is a no-op. */
void fsutil_rm_rf(const char *path);

#endif
