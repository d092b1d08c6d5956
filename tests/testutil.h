/* testutil.h - helpers shared by the test suites. */
#ifndef ARBITER_TESTS_TESTUTIL_H
#define ARBITER_TESTS_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* NULL when the sandbox suites can run (root, cgroups writable, namespaces
 * available); otherwise the reason they cannot. */
const char *tu_sandbox_unavailable(void);

/* Absolute path of a built test program: $ARBITER_TESTDATA/REL. */
const char *tu_testdata(const char *rel);

/* Absolute path of a source fixture: $ARBITER_SRCDATA/REL. */
const char *tu_srcdata(const char *rel);

/* Directory holding the policies ($ARBITER_POLICY_DIR). */
const char *tu_policy_dir(void);

/* Read a whole file into a malloc'd NUL-terminated buffer (NULL on error). */
char *tu_read_file(const char *path, size_t *len);

/* Number of open fds of this process. */
int tu_count_fds(void);

/* Make a fresh temporary directory (mode 0755) and return its path. */
char *tu_mkdtemp(void);

/* Write TEXT to ROOT/REL, creating the folders on the way (check-asserts). */
void tu_put_at(const char *root, const char *rel, const char *text);

/* A test NAME ("secret/g1/1") of a package at ROOT: data/NAME.in and .ans,
 * both "1\n". */
void tu_put_test(const char *root, const char *name);

/* rm -rf PATH (test scratch only). */
void tu_rm_rf(const char *path);

/*** Time ***/

/* CLOCK_MONOTONIC, in microseconds and in milliseconds. */
uint64_t tu_now_us(void);
uint64_t tu_now_ms(void);

/* Sleep MS milliseconds (resumed after a signal). */
void tu_sleep_ms(unsigned ms);

/*** Processes of box uids ***/

/* Count the live processes on the host whose real uid is one of FIRST_UID ..
 * FIRST_UID + N_UIDS - 1, and SIGKILL them when KILL_THEM is set.  Zombies
 * are skipped: they are already dead, and one whose parent was a failed
 * case waits for init to reap it.  -1 when /proc cannot be read. */
int tu_uid_procs(uid_t first_uid, int n_uids, bool kill_them);

/* The pid of one live process whose real uid is UID, 0 when there is none. */
pid_t tu_uid_proc_pid(uid_t uid);

/* SIGKILL the processes of those uids until none is left: at most ROUNDS
 * rounds, PAUSE_MS apart (the later rounds catch one that was forking). */
void tu_kill_uid_procs(uid_t first_uid, int n_uids, int rounds,
		       unsigned pause_ms);

/*** Box cgroups ***/

/* How tu_box_cgroups() looks, and what it does with what it finds. */
enum {
	/* v2: also the parent of our cgroup (that cgroup is a leaf the
	 * manager of this process moved it into). */
	TU_CG_UP = 1 << 0,
	/* Also one level below every dir searched (not into box cgroups):
	 * where a child's manager moved it into a leaf. */
	TU_CG_DOWN = 1 << 1,
	/* rmdir every box cgroup found (empty by then), so that a leak
	 * reported once does not pile up. */
	TU_CG_REMOVE = 1 << 2,
};

/* Box cgroups of the cgroup manager of process PID (directories named
 * arbiter-<PID>-*) under this process's own cgroups: of the memory, pids,
 * cpuacct and freezer controllers (v1) and of the unified hierarchy (v2,
 * hybrid or pure).  HOW is a set of TU_CG_*.  FIRST (may be NULL), when
 * still empty, gets the path of the first one found; the caller clears it.
 * Their number, every controller's dir counted; -1 when /proc/self/cgroup
 * cannot be read. */
int tu_box_cgroups(pid_t pid, unsigned how, char *first, size_t len);

/*** Cleaning up after a CK_FORK case ***/

/* A failed assertion ends a CK_FORK case with _exit(): neither the checked
 * teardown nor atexit handlers run, which is exactly when a sandbox bug may
 * have left processes or scratch dirs behind.  So fork a guardian that
 * waits (on a pidfd) for the calling process to end, whatever way it ends,
 * then runs CLEAN_UP and exits.  The guardian is a fork: CLEAN_UP sees the
 * caller's state as it was at this call.  It leaves the case's process
 * group, which Check SIGKILLs as soon as the case ends.  Fails the case
 * when fork() does. */
void tu_start_guardian(void (*clean_up)(void));

#endif
