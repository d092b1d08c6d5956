/* safeopen.h - opening a file in a directory that a box could write.
 *
 * Every file the supervisor (root) opens below a box-writable directory -
 * the submission's sources, the validator's feedback dir - goes through
 * here, so no name that judged code chose can lead it anywhere else: the
 * path is resolved beneath the directory, no symlink is followed on the
 * way or at the end, and ".." or an absolute path is refused. */
#ifndef ARBITER_BASE_SAFEOPEN_H
#define ARBITER_BASE_SAFEOPEN_H

#include <sys/types.h>

/* openat(DIRFD, PATH, FLAGS, MODE), confined: with openat2
 * RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS, or on kernels without it (< 5.6,
 * or a container's seccomp profile that refuses it) an O_NOFOLLOW walk one
 * component at a time.  O_CLOEXEC, O_NOFOLLOW and O_NOCTTY are always
 * added.  Returns the fd, or -1 with errno set (ELOOP or ENOTDIR for a
 * symlink, EXDEV for an escape). */
int safe_openat(int dirfd, const char *path, int flags, mode_t mode);

/* The same, beneath the directory DIR (itself opened without following a
 * symlink at its last component). */
int safe_open_beneath(const char *dir, const char *path, int flags, mode_t mode);

/* The fallback walk itself, exposed so tests can run it on kernels that
 * have openat2. */
int safe_openat_walk(int dirfd, const char *path, int flags, mode_t mode);

#endif
