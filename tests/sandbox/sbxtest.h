/* sbxtest.h - helpers shared by the sandbox suites (check_sbx_*.c).
 *
 * Every sandbox case runs in its own CK_FORK process; st_setup() and
 * st_teardown() are its checked fixture, so the policy, the cgroup manager
 * and a scratch directory are per case and die with it.  Test programs are
 * the static binaries of testdata/hostile/, bound read-only at /t in the box.
 *
 * Each case gets its own box id (and so its own uid), derived from its pid:
 * cases of concurrent `make check` runs never share a uid, which is what
 * makes "no process of the box's uid is left" a meaningful assertion.
 */
#ifndef ARBITER_TESTS_SANDBOX_SBXTEST_H
#define ARBITER_TESTS_SANDBOX_SBXTEST_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sandbox/cgroup.h"
#include "sandbox/sandbox.h"

#define ST_MS 1000ULL              /* microseconds in a millisecond */
#define ST_MIB (1024ULL * 1024ULL) /* bytes in a mebibyte */

/* A NULL-terminated argument list literal: ST_ARGS("3"). */
#define ST_ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Checked fixture: load the default policy, open the cgroup manager, make a
 * scratch dir.  When the case ends, passed or failed, whatever still runs
 * under its box uid is killed (a safety net, after the assertions had their
 * say) and the scratch dir removed: by the teardown, or after a failed
 * assertion by a guardian process started in setup (tu_start_guardian). */
void st_setup(void);
void st_teardown(void);

/* Create a TCase with the fixture and a timeout (seconds). */
TCase *st_tcase(const char *name, double timeout_s);

const struct sbx_policy *st_policy(void);
struct cg_manager *st_cg(void);
const char *st_tmp(void);         /* this case's scratch dir (0755) */
const char *st_hostile_dir(void); /* host dir bound at /t */
int st_box_id(void);
uid_t st_box_uid(void);

/* Optional parts of a run. */
struct st_opts {
	const char *box_dir;          /* host dir at /box (NULL: tmpfs) */
	const struct sbx_path *binds; /* extra binds besides /t */
	size_t n_binds;
	struct sbx_prepared *prepared; /* from st_prepare() with these opts */
};

/* A prepared box (sbx_prepare) for runs with the options O (and /t). */
struct sbx_prepared *st_prepare(const struct st_opts *o);

/* Run /t/PROG with ARGS (NULL-terminated, may be NULL) under LIM, stdout
 * and stderr to fresh files in the scratch dir.  A sandbox fault fails the
 * case with the error.  Returns the wall time the caller saw, in µs. */
uint64_t st_run(const char *prog, const char *const *args,
		const struct sbx_limits *lim, struct sbx_result *r);
uint64_t st_run_opts(const char *prog, const char *const *args,
		     const struct sbx_limits *lim, const struct st_opts *o,
		     struct sbx_result *r);

/* Files of the last run. */
const char *st_stdout_path(void);
char *st_stdout(void); /* whole content, malloc'd ("" if unreadable) */
char *st_stderr(void);

/* Run host path PROG ARGS directly on the host (no sandbox) with stdout
 * and stderr to /dev/null; for the twins that prove a probe can see what it
 * looks for.  Returns the exit code, or -1 if it did not exit normally. */
int st_host_run(const char *prog, const char *const *args);

/* One line describing R, for assertion messages (per-thread buffer). */
const char *st_describe(const struct sbx_result *r);

/* Cgroups named arbiter-<getpid()>-* left under this process's own cgroup
 * of the memory, pids, cpuacct and freezer controllers (v1) or of the
 * unified hierarchy (v2).  NAMES (may be NULL) gets the first one found. */
int st_cgroups_left(char *names, size_t len);

/* The last TCase of every sandbox suite: no box cgroup is left by any
 * case this runner has run so far (every case records its pid). */
TCase *st_leftovers_tcase(void);

/* Processes on the host whose real uid is the box uid. */
int st_box_procs_left(void);

/* Size of PATH, -1 if it cannot be stat'ed. */
off_t st_file_size(const char *path);

int st_ncpus(void);

#define st_assert_status(r, want)                                              \
	ck_assert_msg((r)->status == (want), "expected %s, got %s",            \
		      sbx_status_name(want), st_describe(r))

#define st_assert_no_cgroups_left()                                            \
	do {                                                                   \
		char st_left_[512] = "";                                       \
		int st_n_ = st_cgroups_left(st_left_, sizeof(st_left_));       \
		ck_assert_msg(st_n_ == 0, "%d box cgroup(s) left, e.g. %s",    \
			      st_n_, st_left_);                                \
	} while (0)

#endif
