/* procutil.h - questions about other processes. */
#ifndef ARBITER_BASE_PROCUTIL_H
#define ARBITER_BASE_PROCUTIL_H

#include <stdbool.h>
#include <sys/types.h>

/* Whether PID is gone: no such process, or a zombie not yet reaped (its
 * parent may be slow).  A live process of another user counts as alive.
 * For names that embed a pid (cgroups, work dirs) left by a process that
 * was killed. */
bool proc_gone(pid_t pid);

#endif
