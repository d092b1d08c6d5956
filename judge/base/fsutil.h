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

/* rm -rf PATH: see fsutil_remove_at.  Best effort (errors ignored); PATH
 * NULL is a no-op. */
void fsutil_rm_rf(const char *path);

/* Remove NAME under the directory DIRFD, whatever its depth: the walk
 * goes down one openat() at a time and back up through "..", keeping only
 * the names on its way, so neither PATH_MAX nor the fd limit bounds the
 * depth (a tree a box made may be thousands of levels deep).  Symlinks are
 * removed, never followed.  Call it only once the boxes that could change
 * the tree are gone.  0, or -1 when something could not be removed. */
int fsutil_remove_at(int dirfd, const char *name);

#endif
