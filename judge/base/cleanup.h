/* cleanup.h - scope-bound resource release (GCC/Clang cleanup attribute).
 *
 * Declare with the attribute and an initial value (NULL, -1); the resource is
 * released when the variable leaves scope.  Hand ownership on with
 * steal_ptr() / steal_fd(), which return the value and reset the variable.
 * Resources with external side effects (cgroups, child processes, mounts)
 * are not handled here: they get explicit, idempotent destroy functions.
 */
#ifndef ARBITER_BASE_CLEANUP_H
#define ARBITER_BASE_CLEANUP_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline void cleanup_freep(void *p)
{
	free(*(void **)p);
}

static inline void cleanup_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno; /* close() in cleanup must not clobber errno */
		close(*fd);
		errno = saved;
	}
}

static inline void cleanup_fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

static inline void cleanup_closedirp(DIR **d)
{
	if (*d)
		closedir(*d);
}

#define _cleanup_free_ __attribute__((cleanup(cleanup_freep)))
#define _cleanup_close_ __attribute__((cleanup(cleanup_closep)))
#define _cleanup_fclose_ __attribute__((cleanup(cleanup_fclosep)))
#define _cleanup_closedir_ __attribute__((cleanup(cleanup_closedirp)))

static inline void *steal_ptr_impl(void **pp)
{
	void *p = *pp;
	*pp = NULL;
	return p;
}
#define steal_ptr(pp) steal_ptr_impl((void **)(pp))

static inline int steal_fd(int *fd)
{
	int f = *fd;
	*fd = -1;
	return f;
}

#endif
