/* sbxtest.c - helpers shared by the sandbox suites; see sbxtest.h. */
#include "sbxtest.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

/* Per-case state: each case is its own CK_FORK process, so these statics
 * are born in st_setup() and die with the case. */
static struct sbx_policy *policy;
static struct cg_manager *cgm;
static char *tmpdir;
static char hostile_dir[4096];
static char out_path[4200], err_path[4200];
static int box_id = -1;
static int run_no;

/*** Fixture ***/

/* The list of the case pids of this runner (the cases' common parent):
 * box cgroups are named after the pid that created them, and each case is
 * a different pid, so the end-of-suite check needs every one of them. */
static void case_list_path(char *buf, size_t len)
{
	snprintf(buf, len, "/tmp/arbiter-sbxtest-%d.pids", (int)getppid());
}

static void record_case_pid(void)
{
	char path[128], line[32];
	int fd, n;

	case_list_path(path, sizeof(path));
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	ck_assert_msg(fd >= 0, "open %s: %s", path, strerror(errno));
	n = snprintf(line, sizeof(line), "%d\n", (int)getpid());
	ck_assert_int_eq(write(fd, line, (size_t)n), n);
	close(fd);
}

/* Box ids 1000..8999 by pid: the sandbox's own cases and other concurrent
 * runs are unlikely to share a case's uid. */
static int box_id_of(pid_t pid)
{
	return 1000 + (int)(pid % 8000);
}

/* Kill the box uid's processes until none is left (a few rounds catch one
 * that was forking), then remove the scratch dir.  Run by the teardown and,
 * after a case that ended without one, by its guardian (tu_start_guardian). */
static void clean_up_after_case(void)
{
	tu_kill_uid_procs(st_box_uid(), 1, 50, 10);
	if (tmpdir)
		tu_rm_rf(tmpdir);
}

void st_setup(void)
{
	struct arb_err err;

	arb_err_clear(&err);
	snprintf(hostile_dir, sizeof(hostile_dir), "%s",
		 tu_testdata("hostile"));
	ck_assert_msg(access(hostile_dir, X_OK) == 0,
		      "%s: %s (build the hostile programs)", hostile_dir,
		      strerror(errno));
	box_id = box_id_of(getpid());
	run_no = 0;
	record_case_pid();
	if (sbx_policy_load(tu_policy_dir(), "default", &policy, &err) != 0)
		ck_abort_msg("sbx_policy_load(%s, default): %s",
			     tu_policy_dir(), err.msg);
	if (cg_manager_open(NULL, &cgm, &err) != 0)
		ck_abort_msg("cg_manager_open: %s", err.msg);
	tmpdir = tu_mkdtemp();
	ck_assert_msg(tmpdir != NULL, "mkdtemp: %s", strerror(errno));
	/* After cg_manager_open: on v2 it moves this process into a leaf, and
	 * a guardian left behind in the parent would break the "no internal
	 * processes" rule there. */
	tu_start_guardian(clean_up_after_case);
}

void st_teardown(void)
{
	/* The next case starts clean: do now what the guardian would do. */
	clean_up_after_case();
	free(tmpdir);
	tmpdir = NULL;
	sbx_policy_free(policy);
	policy = NULL;
	cg_manager_close(cgm);
	cgm = NULL;
}

TCase *st_tcase(const char *name, double timeout_s)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, st_setup, st_teardown);
	tcase_set_timeout(tc, timeout_s);
	return tc;
}

const struct sbx_policy *st_policy(void)
{
	return policy;
}

struct cg_manager *st_cg(void)
{
	return cgm;
}

const char *st_tmp(void)
{
	return tmpdir;
}

const char *st_hostile_dir(void)
{
	return hostile_dir;
}

int st_box_id(void)
{
	return box_id;
}

uid_t st_box_uid(void)
{
	return (uid_t)(SBX_UID_BASE + box_id);
}

/*** Running ***/

uint64_t st_run(const char *prog, const char *const *args,
		const struct sbx_limits *lim, struct sbx_result *r)
{
	return st_run_opts(prog, args, lim, NULL, r);
}

uint64_t st_run_opts(const char *prog, const char *const *args,
		     const struct sbx_limits *lim, const struct st_opts *o,
		     struct sbx_result *r)
{
	const char *argv[64];
	char exe[512];
	struct sbx_path binds[16];
	struct sbx_spec spec;
	struct arb_err err;
	size_t n = 0, nb = 0;
	uint64_t t0, t1;
	int rc, saved;

	snprintf(exe, sizeof(exe), "/t/%s", prog);
	argv[n++] = exe;
	for (size_t i = 0; args && args[i]; i++) {
		ck_assert_uint_lt(n, sizeof(argv) / sizeof(argv[0]) - 1);
		argv[n++] = args[i];
	}
	argv[n] = NULL;

	memset(binds, 0, sizeof(binds));
	binds[nb].kind = SBX_PATH_BIND;
	binds[nb].src = hostile_dir;
	binds[nb].dst = (char *)"/t";
	binds[nb].is_dir = true;
	nb++;
	for (size_t i = 0; o && i < o->n_binds; i++) {
		ck_assert_uint_lt(nb, sizeof(binds) / sizeof(binds[0]));
		binds[nb++] = o->binds[i];
	}

	run_no++;
	snprintf(out_path, sizeof(out_path), "%s/stdout.%d", tmpdir, run_no);
	snprintf(err_path, sizeof(err_path), "%s/stderr.%d", tmpdir, run_no);

	memset(&spec, 0, sizeof(spec));
	spec.policy = policy;
	spec.argv = argv;
	spec.env_extra = NULL;
	spec.limits = *lim;
	spec.box_id = box_id;
	spec.box_dir = o ? o->box_dir : NULL;
	spec.box_ro = spec.box_dir && o->prepared;
	spec.binds = binds;
	spec.n_binds = nb;
	spec.cg = cgm;
	spec.prepared = o ? o->prepared : NULL;
	spec.stdin_fd = -1;
	spec.stdout_fd = open(out_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0644);
	spec.stderr_fd = open(err_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0644);
	ck_assert_msg(spec.stdout_fd >= 0 && spec.stderr_fd >= 0,
		      "open %s: %s", out_path, strerror(errno));

	memset(r, 0, sizeof(*r));
	arb_err_clear(&err);
	t0 = tu_now_us();
	rc = sbx_run(&spec, r, &err);
	t1 = tu_now_us();
	saved = errno;
	close(spec.stdout_fd);
	close(spec.stderr_fd);
	errno = saved;
	ck_assert_msg(rc == 0, "sbx_run(%s) failed (sandbox fault): %s", exe,
		      err.msg);
	/* For tuning bounds: every run's figures, one line each. */
	if (getenv("ARBITER_TEST_VERBOSE"))
		fprintf(stderr, "# %s: %s (caller saw %llu ms)\n", exe,
			st_describe(r), (unsigned long long)((t1 - t0) / ST_MS));
	return t1 - t0;
}

struct sbx_prepared *st_prepare(const struct st_opts *o)
{
	struct sbx_path bind = {.kind = SBX_PATH_BIND, .src = (char *)hostile_dir,
				.dst = (char *)"/t", .is_dir = true};
	struct sbx_prepared *p = NULL;
	struct sbx_spec spec;
	struct arb_err err;

	ck_assert_msg(!o || o->n_binds == 0, "st_prepare: no extra binds");
	memset(&spec, 0, sizeof(spec));
	spec.policy = policy;
	spec.box_id = box_id;
	spec.box_dir = o ? o->box_dir : NULL;
	spec.box_ro = spec.box_dir != NULL;
	spec.binds = &bind;
	spec.n_binds = 1;
	spec.cg = cgm;
	ck_assert_msg(sbx_prepare(&spec, &p, &err) == 0, "sbx_prepare: %s", err.msg);
	return p;
}

const char *st_stdout_path(void)
{
	return out_path;
}

static char *read_or_empty(const char *path)
{
	char *s = tu_read_file(path, NULL);

	return s ? s : strdup("");
}

char *st_stdout(void)
{
	return read_or_empty(out_path);
}

char *st_stderr(void)
{
	return read_or_empty(err_path);
}

int st_host_run(const char *prog, const char *const *args)
{
	const char *argv[64];
	size_t n = 0;
	pid_t pid;
	int status;

	argv[n++] = prog;
	for (size_t i = 0; args && args[i] && n < 63; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
		/* The alarm survives execve: a twin can never hang the case. */
		alarm(10);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

const char *st_describe(const struct sbx_result *r)
{
	static __thread char buf[640];

	snprintf(buf, sizeof(buf),
		 "status=%s limit=%s exit=%d signal=%d cpu=%llums wall=%llums "
		 "mem=%lluKiB oom=%llu msg='%s'",
		 sbx_status_name(r->status), sbx_limit_name(r->limit_hit),
		 r->exit_code, r->signal,
		 (unsigned long long)(r->cpu_us / ST_MS),
		 (unsigned long long)(r->wall_us / ST_MS),
		 (unsigned long long)r->mem_kib,
		 (unsigned long long)r->oom_kills, r->message);
	return buf;
}

/*** Leftovers ***/

/* Box cgroups of PID under this process's cgroups (the cases of one
 * runner share them: they are forks of the same process).  On v2 the
 * manager may have moved the case into a leaf: look one level up as well. */
static int cgroups_left_of(pid_t pid, char *names, size_t len)
{
	int n = tu_box_cgroups(pid, TU_CG_UP, names, len);

	ck_assert_msg(n >= 0, "/proc/self/cgroup: %s", strerror(errno));
	return n;
}

int st_cgroups_left(char *names, size_t len)
{
	if (names && len)
		names[0] = '\0';
	return cgroups_left_of(getpid(), names, len);
}

START_TEST(test_leftovers)
{
	char path[128], first[512] = "", *list;
	int n = 0, cases = 0, procs = 0;

	case_list_path(path, sizeof(path));
	list = tu_read_file(path, NULL);
	ck_assert_msg(list != NULL, "%s: %s", path, strerror(errno));
	for (char *tok = strtok(list, "\n"); tok; tok = strtok(NULL, "\n")) {
		pid_t pid = (pid_t)atoi(tok);

		if (pid <= 0)
			continue;
		cases++;
		n += cgroups_left_of(pid, first, sizeof(first));
		procs += tu_uid_procs((uid_t)(SBX_UID_BASE + box_id_of(pid)), 1,
				      false);
	}
	free(list);
	/* Checked: start the next suite's list afresh, leave no file behind. */
	unlink(path);
	ck_assert_msg(n == 0, "%d box cgroup(s) left by %d cases, e.g. %s", n,
		      cases, first);
	ck_assert_msg(procs == 0, "%d process(es) of the cases' box uids left",
		      procs);
}
END_TEST

TCase *st_leftovers_tcase(void)
{
	TCase *tc = st_tcase("leftovers", 10);

	tcase_add_test(tc, test_leftovers);
	return tc;
}

int st_box_procs_left(void)
{
	int n = tu_uid_procs(st_box_uid(), 1, false);

	ck_assert_msg(n >= 0, "/proc: %s", strerror(errno));
	return n;
}

/*** Small things ***/

off_t st_file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

int st_ncpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		return CPU_COUNT(&set);
	return (int)sysconf(_SC_NPROCESSORS_ONLN);
}
