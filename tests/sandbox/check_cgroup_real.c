/* check_cgroup_real.c - the cgroup module on this host's real cgroupfs.
 *
 * Tier 2 (root): added by check_main.c only when the capability probe
 * passes.  Each case runs in its own CK_FORK process, which matters: the v2
 * manager moves the calling process into a "supervisor" leaf, and the cases
 * make this process a child subreaper so that orphaned grandchildren come
 * back to it and can be reaped.  Boxes are named "arbtest-<pid>-<n>" and
 * every case checks that none is left behind.
 *
 * Children join a box the way the sandbox will: clone3(CLONE_INTO_CGROUP)
 * with attach_info's clone_fd (v2), or fork and write "0" to every procs fd
 * (v1) before doing anything else.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <linux/magic.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox/cgroup.h"
#include "sandbox/cgroup_internal.h"
#include "testutil.h"

Suite *suite_cgroup_real(void);

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

#define UNIFIED "/sys/fs/cgroup/unified"

/* struct clone_args of <linux/sched.h>, up to the cgroup field (v2). */
struct clone_args_v2 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

/*** Helpers ***/

static void burn_cpu_ms(long ms)
{
	struct timespec ts;

	do
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	while (ts.tv_sec * 1000 + ts.tv_nsec / 1000000 < ms);
}

/* Touch MIB mebibytes of fresh anonymous memory, page by page. */
static void touch_mib(size_t mib)
{
	size_t len = mib << 20;
	volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		_exit(20);
	for (size_t i = 0; i < len; i += 4096)
		p[i] = 1;
}

/* Start FN(ARG) in a child that is inside the box before FN runs; the
 * child exits 0 when FN returns, 100+i when joining procs fd i failed. */
static pid_t spawn_in(const struct cg_attach *at, void (*fn)(void *),
		      void *arg)
{
	pid_t pid;

	if (at->clone_fd >= 0) {
		struct clone_args_v2 ca = {0};

		ca.flags = CLONE_INTO_CGROUP;
		ca.exit_signal = SIGCHLD;
		ca.cgroup = (uint64_t)at->clone_fd;
		pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
	} else {
		pid = fork();
	}
	ck_assert_msg(pid >= 0, "spawn: %s", strerror(errno));
	if (pid > 0)
		return pid;
	for (size_t i = 0; i < at->n_procs; i++)
		if (write(at->procs_fds[i], "0", 1) != 1)
			_exit(100 + (int)i);
	fn(arg);
	_exit(0);
}

static int wait_status(pid_t pid)
{
	int st = 0;

	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	return st;
}

static void assert_exit0(pid_t pid)
{
	int st = wait_status(pid);

	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "child status 0x%x", st);
}

static void assert_sigkill(pid_t pid)
{
	int st = wait_status(pid);

	ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
		      "child status 0x%x", st);
}

/* Reap everything that was reparented to us (we are a subreaper). */
static void reap_all(void)
{
	while (waitpid(-1, NULL, 0) > 0)
		;
}

static void assert_no_leftovers(const struct cg_manager *m)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "arbtest-%d-", (int)getpid());
	for (int i = 0; i < CG_MAX_DIRS; i++) {
		DIR *d;
		struct dirent *e;

		if (!m->base[i])
			continue;
		d = opendir(m->base[i]);
		ck_assert_ptr_nonnull(d);
		while ((e = readdir(d)))
			ck_assert_msg(strncmp(e->d_name, prefix,
					      strlen(prefix)) != 0,
				      "left behind: %s/%s", m->base[i],
				      e->d_name);
		closedir(d);
	}
}

static enum cg_mode host_mode(void)
{
	struct statfs s;

	ck_assert_int_eq(statfs("/sys/fs/cgroup", &s), 0);
	if ((unsigned long)s.f_type == CGROUP2_SUPER_MAGIC)
		return CG_MODE_V2;
	if (statfs(UNIFIED, &s) == 0 &&
	    (unsigned long)s.f_type == CGROUP2_SUPER_MAGIC)
		return CG_MODE_HYBRID;
	return CG_MODE_V1;
}

static struct cg_manager *open_host(void)
{
	struct cg_manager_opts o = {.prefix = "arbtest"};
	struct cg_manager *m = NULL;
	struct arb_err err = {0};

	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	ck_assert_msg(cg_manager_open(&o, &m, &err) == 0, "open: %s", err.msg);
	return m;
}

static struct cg_box *make_box(struct cg_manager *m, uint64_t mem,
			       uint64_t pids, struct cg_attach *at)
{
	struct cg_limits lim = {.mem_bytes = mem, .pids = pids};
	struct arb_err err = {0};
	struct cg_box *b = NULL;

	ck_assert_msg(cg_box_create(m, &lim, &b, &err) == 0, "create: %s",
		      err.msg);
	ck_assert_msg(cg_box_attach_info(b, at, &err) == 0, "attach: %s",
		      err.msg);
	return b;
}

/* Destroy B and check that its directories are gone. */
static void destroy_box(struct cg_manager *m, struct cg_box *b)
{
	char *dirs[CG_MAX_DIRS] = {0};
	struct arb_err err = {0};

	for (int i = 0; i < CG_MAX_DIRS; i++)
		dirs[i] = b->dir[i] ? strdup(b->dir[i]) : NULL;
	ck_assert_msg(cg_box_destroy(b, &err) == 0, "destroy: %s", err.msg);
	for (int i = 0; i < CG_MAX_DIRS; i++) {
		if (dirs[i])
			ck_assert_msg(access(dirs[i], F_OK) < 0 && errno == ENOENT,
				      "%s still exists", dirs[i]);
		free(dirs[i]);
	}
	assert_no_leftovers(m);
}

/*** Child bodies ***/

static void child_burn_touch(void *arg)
{
	(void)arg;
	burn_cpu_ms(200);
	touch_mib(32);
}

static void child_burn100(void *arg)
{
	(void)arg;
	burn_cpu_ms(100);
}

static void child_oom(void *arg)
{
	(void)arg;
	touch_mib(64);
}

static void child_fork_many(void *arg)
{
	(void)arg;
	for (int i = 0; i < 20; i++) {
		pid_t p = fork();

		if (p == 0) {
			pause();
			_exit(0);
		}
		if (p < 0)
			_exit(errno == EAGAIN ? 0 : 2);
	}
	_exit(1); /* the pids limit did not hold */
}

/* Fork a grandchild, report both pids on the pipe, sleep. */
static void child_sleep_pair(void *arg)
{
	int fd = *(int *)arg;
	pid_t pids[2] = {getpid(), fork()};

	if (pids[1] == 0) {
		pause();
		_exit(0);
	}
	if (write(fd, pids, sizeof(pids)) != (ssize_t)sizeof(pids))
		_exit(3);
	pause();
}

static void child_sleep(void *arg)
{
	(void)arg;
	pause();
}

/*** Host back end (v1 on this hybrid machine) ***/

START_TEST(test_detect)
{
	struct cg_manager *m = open_host();

	ck_assert_int_eq(cg_manager_mode(m), host_mode());
	if (host_mode() != CG_MODE_V2)
		ck_assert_str_eq(m->ops->name, "v1");
	cg_manager_close(m);
}
END_TEST

START_TEST(test_usage)
{
	struct cg_manager *m = open_host();
	struct arb_err err = {0};
	struct cg_attach at;
	struct cg_stats st;
	uint64_t before = 1, after = 0;
	struct cg_box *b = make_box(m, 512 << 20, 64, &at);
	pid_t pid;

	ck_assert_int_eq(cg_box_cpu_us(b, &before, &err), 0);
	ck_assert_uint_lt(before, 10000);
	pid = spawn_in(&at, child_burn_touch, NULL);
	assert_exit0(pid);
	ck_assert_int_eq(cg_box_cpu_us(b, &after, &err), 0);
	ck_assert_msg(cg_box_stats(b, &st, &err) == 0, "stats: %s", err.msg);
	/* 200 ms burnt by the clock of the child itself, plus the touching;
	 * the upper bound only catches unit mistakes (ns vs us). */
	ck_assert_uint_ge(st.cpu_us, 190000);
	ck_assert_uint_lt(st.cpu_us, 2000000);
	ck_assert_uint_ge(after, 190000);
	ck_assert_uint_le(after, st.cpu_us);
	if (st.has_peak)
		ck_assert_uint_ge(st.mem_peak_kib, 32 * 1024);
	else
		ck_assert_int_eq(cg_manager_mode(m), CG_MODE_V2);
	ck_assert_uint_eq(st.oom_kills, 0);
	destroy_box(m, b);
	cg_manager_close(m);
}
END_TEST

START_TEST(test_oom)
{
	struct cg_manager *m = open_host();
	struct arb_err err = {0};
	struct cg_attach at;
	struct cg_stats st;
	struct cg_box *b = make_box(m, 16 << 20, 0, &at);

	assert_sigkill(spawn_in(&at, child_oom, NULL));
	ck_assert_int_eq(cg_box_stats(b, &st, &err), 0);
	ck_assert_uint_ge(st.oom_kills, 1);
	if (st.has_peak)
		ck_assert_uint_le(st.mem_peak_kib, 16 * 1024);
	destroy_box(m, b);
	cg_manager_close(m);
}
END_TEST

START_TEST(test_pids_limit)
{
	struct cg_manager *m = open_host();
	struct arb_err err = {0};
	struct cg_attach at;
	struct cg_box *b = make_box(m, 0, 8, &at);

	/* Exit 0: some fork failed with EAGAIN.  The grandchildren that did
	 * start are orphans now, reparented to us. */
	assert_exit0(spawn_in(&at, child_fork_many, NULL));
	ck_assert_int_eq(cg_box_kill_all(b, &err), 0);
	destroy_box(m, b);
	reap_all();
	cg_manager_close(m);
}
END_TEST

START_TEST(test_kill_all)
{
	struct cg_manager *m = open_host();
	struct arb_err err = {0};
	struct cg_attach at;
	struct cg_box *b = make_box(m, 64 << 20, 16, &at);
	pid_t pids[2], child;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	child = spawn_in(&at, child_sleep_pair, &p[1]);
	ck_assert_int_eq(read(p[0], pids, sizeof(pids)), (ssize_t)sizeof(pids));
	ck_assert_int_eq(pids[0], child);
	ck_assert_int_eq(cg_box_kill_all(b, &err), 0);
	assert_sigkill(child);
	/* The grandchild is ours as subreaper once its parent died. */
	assert_sigkill(pids[1]);
	for (int i = 0; i < CG_MAX_DIRS; i++) {
		char *procs = NULL;

		if (!b->dir[i])
			continue;
		ck_assert_int_eq(cg_read(b->dir[i], "cgroup.procs", &procs,
					 &err),
				 0);
		ck_assert_str_eq(procs, "");
		free(procs);
	}
	close(p[0]);
	close(p[1]);
	destroy_box(m, b);
	cg_manager_close(m);
}
END_TEST

/* destroy alone must do: kill, wait for empty and rmdir, even while the
 * killed child is still an unreaped zombie of ours. */
START_TEST(test_destroy_busy_box)
{
	struct cg_manager *m = open_host();
	struct cg_attach at;
	struct cg_box *b = make_box(m, 64 << 20, 16, &at);
	pid_t child = spawn_in(&at, child_sleep, NULL);

	usleep(20000);
	destroy_box(m, b);
	assert_sigkill(child);
	cg_manager_close(m);
}
END_TEST

/*** v2 back end on the hybrid host's bare cgroup2 (unified/) ***/

static bool v2_usable(struct cg_manager **m)
{
	struct cg_manager_opts o = {.root = UNIFIED, .mode = CG_MODE_V2,
				    .prefix = "arbtest"};
	struct arb_err err = {0};

	if (host_mode() != CG_MODE_HYBRID) {
		printf("# SKIP v2 on %s: host is not hybrid\n", UNIFIED);
		return false;
	}
	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	if (cg_manager_open(&o, m, &err) < 0) {
		printf("# SKIP v2 on %s: %s\n", UNIFIED, err.msg);
		return false;
	}
	return true;
}

/* The 0:: line of /proc/PID/cgroup. */
static char *v2_path_of(pid_t pid)
{
	char file[64], *text, *line, *out;

	snprintf(file, sizeof(file), "/proc/%d/cgroup", (int)pid);
	text = tu_read_file(file, NULL);
	ck_assert_ptr_nonnull(text);
	line = strstr(text, "0::");
	ck_assert_ptr_nonnull(line);
	line[strcspn(line, "\n")] = '\0';
	out = strdup(line + 3);
	free(text);
	return out;
}

static void v2_exercise(struct cg_manager *m)
{
	struct arb_err err = {0};
	struct cg_attach at;
	struct cg_stats st;
	struct cg_box *b = make_box(m, 0, 0, &at);
	uint64_t cpu = 0;
	char *where;
	pid_t child;

	ck_assert_int_ge(at.clone_fd, 0);
	ck_assert_uint_eq(at.n_procs, 0);
	assert_exit0(spawn_in(&at, child_burn100, NULL));
	ck_assert_int_eq(cg_box_cpu_us(b, &cpu, &err), 0);
	ck_assert_uint_ge(cpu, 90000);
	ck_assert_uint_lt(cpu, 1000000);
	ck_assert_msg(cg_box_stats(b, &st, &err) == 0, "stats: %s", err.msg);
	ck_assert_uint_ge(st.cpu_us, cpu);

	child = spawn_in(&at, child_sleep, NULL);
	where = v2_path_of(child);
	ck_assert_str_eq(strrchr(where, '/') + 1, b->name);
	free(where);
	ck_assert_int_eq(cg_box_kill_all(b, &err), 0);
	assert_sigkill(child);
	destroy_box(m, b);
}

START_TEST(test_v2_unified)
{
	struct cg_manager *m = NULL;

	if (!v2_usable(&m))
		return;
	/* We sit in the unified root, which is exempt: no leaf move. */
	ck_assert(!m->moved_leaf);
	v2_exercise(m);
	cg_manager_close(m);
}
END_TEST

/* Put this process in a non-root cgroup first: open must then move it into
 * <own>/supervisor and create boxes next to that leaf. */
START_TEST(test_v2_unified_leaf)
{
	struct arb_err err = {0};
	struct cg_manager *m = NULL;
	char own[256], name[64], pid[32], *where;

	if (host_mode() != CG_MODE_HYBRID) {
		printf("# SKIP v2 leaf on %s: host is not hybrid\n", UNIFIED);
		return;
	}
	snprintf(name, sizeof(name), "arbtest-own-%d", (int)getpid());
	snprintf(own, sizeof(own), "%s/%s", UNIFIED, name);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	if (mkdir(own, 0755) < 0) {
		printf("# SKIP v2 leaf: mkdir '%s': %s\n", own, strerror(errno));
		return;
	}
	ck_assert_int_eq(cg_write(own, "cgroup.procs", pid, &err), 0);
	ck_assert(v2_usable(&m));
	ck_assert(m->moved_leaf);
	ck_assert_str_eq(m->base[0], own);
	{
		char want[128];

		snprintf(want, sizeof(want), "/%s/supervisor", name);
		where = v2_path_of(getpid());
		ck_assert_str_eq(where, want);
		free(where);
	}
	v2_exercise(m);
	cg_manager_close(m);

	/* Undo: back to the root, then remove the leaf and our cgroup. */
	ck_assert_int_eq(cg_write(UNIFIED, "cgroup.procs", pid, &err), 0);
	ck_assert_int_eq(rmdir(strcat(own, "/supervisor")), 0);
	*strrchr(own, '/') = '\0';
	ck_assert_int_eq(rmdir(own), 0);
}
END_TEST

Suite *suite_cgroup_real(void)
{
	Suite *s = suite_create("cgroup_real");
	TCase *host = tcase_create("host"), *v2 = tcase_create("v2_unified");

	tcase_set_timeout(host, 30);
	tcase_set_timeout(v2, 30);
	tcase_add_test(host, test_detect);
	tcase_add_test(host, test_usage);
	tcase_add_test(host, test_oom);
	tcase_add_test(host, test_pids_limit);
	tcase_add_test(host, test_kill_all);
	tcase_add_test(host, test_destroy_busy_box);
	tcase_add_test(v2, test_v2_unified);
	tcase_add_test(v2, test_v2_unified_leaf);
	suite_add_tcase(s, host);
	suite_add_tcase(s, v2);
	return s;
}
