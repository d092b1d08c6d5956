/* check_sbx_basic.c - sbx_run() end to end: statuses, outputs, cleanup and
 * what the box can see.
 *
 * Tier 2 (root): added by check_main.c only when the capability probe
 * passes.  Every hostile probe has a twin that proves the probe can see
 * what it looks for (a readable file, a root posture on the host), so a
 * probe that silently broke cannot pass.
 */
#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "sbxtest.h"
#include "testutil.h"

Suite *suite_sbx_basic(void);

static const struct sbx_limits quick = {
	.cpu_us = 2000 * ST_MS,
	.wall_us = 5000 * ST_MS,
	.mem_bytes = 256 * ST_MIB,
	.pids = 16,
};

START_TEST(test_hello)
{
	struct sbx_result r;
	char *out;

	st_run("hello", NULL, &quick, &r);
	st_assert_status(&r, SBX_OK);
	ck_assert_int_eq(r.exit_code, 0);
	ck_assert_int_eq(r.signal, 0);
	ck_assert_int_eq(r.limit_hit, SBX_LIMIT_NONE);
	out = st_stdout();
	ck_assert_str_eq(out, "hello\n");
	free(out);
	/* A 2 s budget is far away: the run is measured, not killed. */
	ck_assert_uint_lt(r.cpu_us, 1000 * ST_MS);
	ck_assert_uint_gt(r.wall_us, 0);
}
END_TEST

START_TEST(test_exit_code)
{
	struct sbx_result r;

	st_run("exit_code", ST_ARGS("3"), &quick, &r);
	st_assert_status(&r, SBX_RTE);
	ck_assert_int_eq(r.exit_code, 3);
	ck_assert_int_eq(r.signal, 0);
	ck_assert_int_eq(r.limit_hit, SBX_LIMIT_NONE);

	/* Twin: the same program exiting 0 is OK. */
	st_run("exit_code", ST_ARGS("0"), &quick, &r);
	st_assert_status(&r, SBX_OK);
	ck_assert_int_eq(r.exit_code, 0);
}
END_TEST

START_TEST(test_segfault)
{
	struct sbx_result r;
	char *out;

	st_run("segfault", NULL, &quick, &r);
	st_assert_status(&r, SBX_RTE);
	ck_assert_msg(r.signal == 11, "expected SIGSEGV, got %s",
		      st_describe(&r));
	ck_assert_int_eq(r.limit_hit, SBX_LIMIT_NONE);
	ck_assert_msg(r.message[0] != '\0', "no message for a signal");
	out = st_stdout();
	ck_assert_str_eq(out, "");
	free(out);
}
END_TEST

/* The test process itself leaks nothing: a clean exit, a crash and a kill
 * by the supervisor each take every fd they opened with them. */
START_TEST(test_no_fd_leak)
{
	static const struct sbx_limits short_wall = {
		.wall_us = 200 * ST_MS, .pids = 16, .mem_bytes = 64 * ST_MIB};
	struct sbx_result r;
	int before = tu_count_fds();

	ck_assert_int_gt(before, 0);
	st_run("hello", NULL, &quick, &r);
	st_assert_status(&r, SBX_OK);
	ck_assert_int_eq(tu_count_fds(), before);
	st_run("segfault", NULL, &quick, &r);
	st_assert_status(&r, SBX_RTE);
	ck_assert_int_eq(tu_count_fds(), before);
	st_run("sleeper", NULL, &short_wall, &r);
	st_assert_status(&r, SBX_TLE);
	ck_assert_int_eq(tu_count_fds(), before);
}
END_TEST

/* Lines of the host's mount table, as this process sees it. */
static int host_mounts(void)
{
	char *t = tu_read_file("/proc/self/mountinfo", NULL);
	int n = 0;

	ck_assert_ptr_nonnull(t);
	for (char *p = t; *p; p++)
		n += *p == '\n';
	free(t);
	return n;
}

/* Every mount of a box lives in its own mount namespace: the host's table
 * is the same before and after runs, however they end. */
START_TEST(test_no_mount_left)
{
	static const struct sbx_limits short_wall = {
		.wall_us = 200 * ST_MS, .pids = 16, .mem_bytes = 64 * ST_MIB};
	struct sbx_result r;
	int before = host_mounts();

	st_run("hello", NULL, &quick, &r);
	st_assert_status(&r, SBX_OK);
	st_run("sleeper", NULL, &short_wall, &r);
	st_assert_status(&r, SBX_TLE);
	ck_assert_int_eq(host_mounts(), before);
	/* Twin: the count does see a new mount in this namespace. */
	ck_assert_int_eq(unshare(CLONE_NEWNS), 0);
	ck_assert_int_eq(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
	ck_assert_int_eq(mount("t", st_tmp(), "tmpfs", 0, "size=4k"), 0);
	ck_assert_int_eq(host_mounts(), before + 1);
}
END_TEST

START_TEST(test_no_cgroup_left)
{
	static const struct sbx_limits short_wall = {
		.wall_us = 200 * ST_MS, .pids = 16, .mem_bytes = 64 * ST_MIB};
	struct sbx_result r;

	st_assert_no_cgroups_left();
	st_run("hello", NULL, &quick, &r);
	st_assert_status(&r, SBX_OK);
	st_assert_no_cgroups_left();
	ck_assert_int_eq(st_box_procs_left(), 0);
	/* Killed by the supervisor: the same holds. */
	st_run("cpu_burner", NULL, &short_wall, &r);
	st_assert_status(&r, SBX_TLE);
	st_assert_no_cgroups_left();
	ck_assert_int_eq(st_box_procs_left(), 0);
}
END_TEST

/* Host secrets: /etc/shadow and /root are outside the box's view, and a
 * root-only 0600 file in a bound directory is shut by the box's uid. */
START_TEST(test_secrets_unreadable)
{
	char dir[4200], secret[4300], public[4300];
	struct sbx_path bind = {.kind = SBX_PATH_BIND, .dst = (char *)"/d",
				.is_dir = true};
	struct st_opts o = {.binds = &bind, .n_binds = 1};
	struct sbx_result r;
	char *out;
	int fd;

	snprintf(dir, sizeof(dir), "%s/d", st_tmp());
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	snprintf(secret, sizeof(secret), "%s/secret", dir);
	snprintf(public, sizeof(public), "%s/public", dir);
	fd = open(secret, O_WRONLY | O_CREAT | O_EXCL, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "root only\n", 10), 10);
	close(fd);
	fd = open(public, O_WRONLY | O_CREAT | O_EXCL, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "anyone\n", 7), 7);
	close(fd);
	ck_assert_int_eq(chown(secret, 0, 0), 0);
	ck_assert_int_eq(chmod(secret, 0600), 0);
	bind.src = dir;

	st_run_opts("read_files",
		    ST_ARGS("/etc/shadow", "/etc/gshadow", "/root",
			    "/root/.bashrc", "/d/secret"),
		    &quick, &o, &r);
	out = st_stdout();
	ck_assert_msg(r.status == SBX_OK && r.exit_code == 0,
		      "a secret was readable: %s\n%s", st_describe(&r), out);
	ck_assert_ptr_nonnull(strstr(out, "denied /d/secret"));
	free(out);

	/* Twin: a world-readable file in the same bound dir is readable, so
	 * the bind works and the probe would have seen the secret. */
	st_run_opts("read_files", ST_ARGS("/d/public"), &quick, &o, &r);
	out = st_stdout();
	ck_assert_msg(r.status == SBX_RTE && r.exit_code == 1,
		      "the twin could not read /d/public: %s\n%s",
		      st_describe(&r), out);
	free(out);
}
END_TEST

START_TEST(test_hostname_hidden)
{
	struct sbx_result r;
	struct utsname host;
	char *out;

	ck_assert_int_eq(uname(&host), 0);
	st_run("nodename", NULL, &quick, &r);
	st_assert_status(&r, SBX_OK);
	out = st_stdout();
	out[strcspn(out, "\n")] = '\0';
	ck_assert_msg(out[0] != '\0', "the box printed no nodename");
	ck_assert_msg(strcmp(out, host.nodename) != 0,
		      "the box sees the host's nodename '%s'", out);
	free(out);
}
END_TEST

START_TEST(test_posture)
{
	struct sbx_result r;
	char *out;

	st_run("posture", NULL, &quick, &r);
	out = st_stdout();
	ck_assert_msg(r.status == SBX_OK, "posture: %s\n%s", st_describe(&r),
		      out);
	ck_assert_ptr_nonnull(strstr(out, "ok   not root"));
	ck_assert_ptr_nonnull(strstr(out, "ok   seccomp filter"));
	free(out);

	/* Twin: as root on the host the same checklist fails. */
	ck_assert_int_eq(st_host_run(tu_testdata("hostile/posture"), NULL), 1);
}
END_TEST

/* The worker judges from a process with threads (the claim renewer, an
 * interactive test's validator).  A box started while another thread of
 * the parent is being created must still start: glibc's set*id wrappers
 * in the child would wait forever for that thread (which the child does
 * not have) - the child uses the raw system calls.  Threads are churned
 * during many runs so that some clone lands mid-creation. */
static atomic_bool churn_stop;

static void *noop_thread(void *arg)
{
	return arg;
}

static void *churn(void *arg)
{
	while (!atomic_load(&churn_stop)) {
		pthread_t t;

		if (pthread_create(&t, NULL, noop_thread, NULL) == 0)
			pthread_join(t, NULL);
	}
	return arg;
}

START_TEST(test_threads_in_parent)
{
	static const struct sbx_limits lim = {
		.cpu_us = 1000 * ST_MS, .wall_us = 3000 * ST_MS,
		.mem_bytes = 64 * ST_MIB, .pids = 16,
	};
	pthread_t churner;
	struct sbx_result r;

	ck_assert_int_eq(pthread_create(&churner, NULL, churn, NULL), 0);
	for (int i = 0; i < 40; i++) {
		st_run("hello", NULL, &lim, &r);
		ck_assert_msg(r.status == SBX_OK, "run %d: %s", i, st_describe(&r));
	}
	atomic_store(&churn_stop, true);
	pthread_join(churner, NULL);
}
END_TEST

Suite *suite_sbx_basic(void)
{
	Suite *s = suite_create("sbx_basic");
	TCase *tc;

	tc = st_tcase("status", 30);
	tcase_add_test(tc, test_hello);
	tcase_add_test(tc, test_exit_code);
	tcase_add_test(tc, test_threads_in_parent);
	tcase_add_test(tc, test_segfault);
	suite_add_tcase(s, tc);

	tc = st_tcase("cleanup", 30);
	tcase_add_test(tc, test_no_fd_leak);
	tcase_add_test(tc, test_no_cgroup_left);
	tcase_add_test(tc, test_no_mount_left);
	suite_add_tcase(s, tc);

	tc = st_tcase("view", 30);
	tcase_add_test(tc, test_secrets_unreadable);
	tcase_add_test(tc, test_hostname_hidden);
	tcase_add_test(tc, test_posture);
	suite_add_tcase(s, tc);

	suite_add_tcase(s, st_leftovers_tcase());
	return s;
}
