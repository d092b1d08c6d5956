/* check_cgroup.c - cgroup parsers on fixtures, and both back ends against a
 * fake cgroupfs.
 *
 * The fake tree is a temp directory of plain files.  What a plain directory
 * cannot do, the test's cg_fs_ops do in the kernel's place: mkdir populates
 * a new cgroup directory with the control files its hierarchy would have
 * (with canned stats), rmdir deletes them with the directory.  Both are
 * logged, so the tests assert on every directory made and removed as well
 * as on every value written.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox/cgroup.h"
#include "sandbox/cgroup_internal.h"
#include "testutil.h"

Suite *suite_cgroup_parse(void);
Suite *suite_cgroup_fake(void);

/*** Helpers ***/

static char *fixture(const char *name)
{
	char *text = tu_read_file(tu_srcdata(name), NULL);

	ck_assert_msg(text != NULL, "fixture %s missing", name);
	return text;
}

static char *path2(const char *a, const char *b)
{
	char *p = NULL;

	ck_assert_int_ge(asprintf(&p, "%s/%s", a, b), 0);
	return p;
}

static void put(const char *dir, const char *file, const char *content)
{
	char *p = path2(dir, file);
	FILE *f = fopen(p, "w");

	ck_assert_msg(f != NULL, "create %s", p);
	fputs(content, f);
	fclose(f);
	free(p);
}

/* Contents of DIR/FILE ("<absent>" when missing); static buffer. */
static const char *get(const char *dir, const char *file)
{
	static char buf[4096];
	char *p = path2(dir, file);
	char *text = tu_read_file(p, NULL);

	snprintf(buf, sizeof(buf), "%s", text ? text : "<absent>");
	free(text);
	free(p);
	return buf;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void mkdirs(const char *root, const char *rel)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/%s'", root, rel);
	ck_assert_int_eq(system(cmd), 0);
}

/*** The fake kernel side ***/

struct fake {
	char *root;
	char log[8192];
	bool v2;
	bool memsw;          /* v1: memory.memsw.* exist */
	bool no_mem_limit;   /* v1: memory.limit_in_bytes missing */
	bool v2_memory;      /* v2: memory controller files */
	bool v2_pids;        /* v2: pids controller files */
	bool v2_no_kill;     /* v2: kernel before 5.14 */
	int eexist_at;       /* fail the Nth mkdir with EEXIST (1-based) */
	int mkdirs;
	bool rmdir_busy;
};

/* Log "OP RELPATH" once per distinct line (EBUSY retries repeat rmdir). */
static void fake_log(struct fake *f, const char *op, const char *path)
{
	size_t n = strlen(f->log), rl = strlen(f->root);
	char line[4200];

	snprintf(line, sizeof(line), "%s %s\n", op,
		 strncmp(path, f->root, rl) == 0 ? path + rl + 1 : path);
	if (!strstr(f->log, line))
		snprintf(f->log + n, sizeof(f->log) - n, "%s", line);
}

static void fake_populate(struct fake *f, const char *dir)
{
	const char *rel = dir + strlen(f->root) + 1;
	char *text;

	put(dir, "cgroup.procs", "");
	if (f->v2) {
		put(dir, "cgroup.type", "domain\n");
		put(dir, "cgroup.controllers", "");
		put(dir, "cgroup.subtree_control", "");
		put(dir, "cgroup.events", "populated 0\nfrozen 1\n");
		put(dir, "cgroup.freeze", "0\n");
		if (!f->v2_no_kill)
			put(dir, "cgroup.kill", "");
		text = fixture("cgroup/cpu.stat");
		put(dir, "cpu.stat", text);
		free(text);
		if (f->v2_memory) {
			put(dir, "memory.max", "max\n");
			put(dir, "memory.swap.max", "max\n");
			put(dir, "memory.peak", "7340032\n");
			text = fixture("cgroup/memory.events");
			put(dir, "memory.events", text);
			free(text);
		}
		if (f->v2_pids)
			put(dir, "pids.max", "max\n");
	} else if (strncmp(rel, "freezer/", 8) == 0) {
		put(dir, "freezer.state", "THAWED\n");
	} else if (strncmp(rel, "pids/", 5) == 0) {
		put(dir, "pids.max", "max\n");
	} else if (strncmp(rel, "memory/", 7) == 0) {
		if (!f->no_mem_limit)
			put(dir, "memory.limit_in_bytes", "9223372036854771712\n");
		if (f->memsw)
			put(dir, "memory.memsw.limit_in_bytes",
			    "9223372036854771712\n");
		put(dir, "memory.swappiness", "60\n");
		put(dir, "memory.max_usage_in_bytes", "5242880\n");
		text = fixture("cgroup/memory.oom_control");
		put(dir, "memory.oom_control", text);
		free(text);
	} else {
		put(dir, "cpuacct.usage", "1500000000\n");
	}
}

static int fake_mkdir(const char *path, void *arg)
{
	struct fake *f = arg;

	fake_log(f, "mkdir", path);
	if (++f->mkdirs == f->eexist_at) {
		errno = EEXIST;
		return -1;
	}
	if (mkdir(path, 0755) < 0)
		return -1;
	fake_populate(f, path);
	return 0;
}

static int fake_rmdir(const char *path, void *arg)
{
	struct fake *f = arg;
	char cmd[8192];

	fake_log(f, "rmdir", path);
	if (f->rmdir_busy) {
		errno = EBUSY;
		return -1;
	}
	if (!is_dir(path)) {
		errno = ENOENT;
		return -1;
	}
	/* The kernel's control files go with the cgroup. */
	snprintf(cmd, sizeof(cmd), "rm -f '%s'/*", path);
	ck_assert_int_eq(system(cmd), 0);
	return rmdir(path);
}

static struct cg_fs_ops fake_fs(struct fake *f)
{
	struct cg_fs_ops fs = {fake_mkdir, fake_rmdir, f};

	return fs;
}

/* A v1 tree as the v1 fixture describes it: cpu,cpuacct co-mounted. */
static void fake_v1_tree(struct fake *f, bool memsw)
{
	char *mem;

	memset(f, 0, sizeof(*f));
	f->root = tu_mkdtemp();
	ck_assert_ptr_nonnull(f->root);
	f->memsw = memsw;
	mkdirs(f->root, "memory/system.slice/arbiter.service");
	mkdirs(f->root, "cpu,cpuacct/system.slice/arbiter.service");
	mkdirs(f->root, "pids/system.slice/arbiter.service");
	mkdirs(f->root, "freezer");
	mem = path2(f->root, "memory/system.slice/arbiter.service");
	if (memsw)
		put(mem, "memory.memsw.limit_in_bytes", "9223372036854771712\n");
	free(mem);
}

static void fake_v2_tree(struct fake *f, const char *controllers)
{
	char *own;

	memset(f, 0, sizeof(*f));
	f->root = tu_mkdtemp();
	ck_assert_ptr_nonnull(f->root);
	f->v2 = true;
	f->v2_memory = f->v2_pids = true;
	mkdirs(f->root, "system.slice/arbiter.service");
	own = path2(f->root, "system.slice/arbiter.service");
	put(own, "cgroup.controllers", controllers);
	put(own, "cgroup.subtree_control", "");
	put(own, "cgroup.procs", "");
	put(own, "cgroup.type", "domain\n");
	free(own);
}

static struct cg_manager *open_fake(struct fake *f, enum cg_mode mode,
				    const char *proc_fixture)
{
	struct cg_manager_opts o = {.root = f->root, .mode = mode,
				    .prefix = "t"};
	struct cg_fs_ops fs = fake_fs(f);
	struct cg_manager *m = NULL;
	struct arb_err err = {0};

	o.proc_cgroup = tu_srcdata(proc_fixture);
	ck_assert_msg(cg_manager_open_fs(&o, &fs, &m, &err) == 0, "open: %s",
		      err.msg);
	return m;
}

static void fake_done(struct fake *f)
{
	tu_rm_rf(f->root);
	free(f->root);
}

/* Fork a child that waits to be killed; the caller reaps it. */
static pid_t sleeper(void)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

static void assert_killed(pid_t pid)
{
	int st;

	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFSIGNALED(st));
	ck_assert_int_eq(WTERMSIG(st), SIGKILL);
}

/*** Parsers ***/

START_TEST(test_proc_v1)
{
	char *text = fixture("cgroup/proc_self_cgroup_v1");
	struct cg_proc_line l;
	struct arb_err err = {0};

	ck_assert_int_eq(cg_parse_proc_cgroup(text, "memory", &l, &err), 1);
	ck_assert_str_eq(l.controllers, "memory");
	ck_assert_str_eq(l.path, "/system.slice/arbiter.service");
	ck_assert_int_eq(cg_parse_proc_cgroup(text, "cpuacct", &l, &err), 1);
	ck_assert_str_eq(l.controllers, "cpu,cpuacct");
	ck_assert_int_eq(cg_parse_proc_cgroup(text, "cpu", &l, &err), 1);
	ck_assert_str_eq(l.controllers, "cpu,cpuacct");
	ck_assert_int_eq(cg_parse_proc_cgroup(text, "freezer", &l, &err), 1);
	ck_assert_str_eq(l.path, "/");
	ck_assert_int_eq(cg_parse_proc_cgroup(text, "net_prio", &l, &err), 1);
	ck_assert_str_eq(l.controllers, "net_cls,net_prio");
	/* "name=systemd" is a named hierarchy, not a controller "systemd". */
	ck_assert_int_eq(cg_parse_proc_cgroup(text, "systemd", &l, &err), 0);
	ck_assert_int_eq(cg_parse_proc_cgroup(text, "name=systemd", &l, &err), 1);
	/* Pure v1: no cgroup2 line. */
	ck_assert_int_eq(cg_parse_proc_cgroup(text, "", &l, &err), 0);
	ck_assert_int_eq(cg_parse_proc_cgroup(text, "rdma", &l, &err), 0);
	free(text);
}
END_TEST

START_TEST(test_proc_hybrid)
{
	char *text = fixture("cgroup/proc_self_cgroup_hybrid");
	struct cg_proc_line l;
	struct arb_err err = {0};

	ck_assert_int_eq(cg_parse_proc_cgroup(text, "memory", &l, &err), 1);
	ck_assert_str_eq(l.path, "/process_api/195a60753bb3f4907a8d7032a60265ae");
	ck_assert_int_eq(cg_parse_proc_cgroup(text, "cpuacct", &l, &err), 1);
	ck_assert_str_eq(l.controllers, "cpuacct");
	ck_assert_str_eq(l.path, "/");
	ck_assert_int_eq(cg_parse_proc_cgroup(text, "pids", &l, &err), 1);
	ck_assert_int_eq(cg_parse_proc_cgroup(text, "", &l, &err), 1);
	ck_assert_str_eq(l.controllers, "");
	ck_assert_str_eq(l.path, "/");
	free(text);
}
END_TEST

START_TEST(test_proc_v2)
{
	char *text = fixture("cgroup/proc_self_cgroup_v2");
	struct cg_proc_line l;
	struct arb_err err = {0};

	ck_assert_int_eq(cg_parse_proc_cgroup(text, "", &l, &err), 1);
	ck_assert_str_eq(l.path, "/system.slice/arbiter.service");
	ck_assert_int_eq(cg_parse_proc_cgroup(text, "memory", &l, &err), 0);
	free(text);
	text = fixture("cgroup/proc_self_cgroup_v2_leaf");
	ck_assert_int_eq(cg_parse_proc_cgroup(text, "", &l, &err), 1);
	ck_assert_str_eq(l.path, "/system.slice/arbiter.service/supervisor");
	free(text);
	/* Cgroup names may contain ':'; only the first two colons split. */
	ck_assert_int_eq(cg_parse_proc_cgroup("0::/a:b/c\n", "", &l, &err), 1);
	ck_assert_str_eq(l.path, "/a:b/c");
	ck_assert_int_eq(cg_parse_proc_cgroup("0::/x", "", &l, &err), 1);
	ck_assert_str_eq(l.path, "/x");
}
END_TEST

static void proc_bad(const char *text, const char *msg)
{
	struct cg_proc_line l;
	struct arb_err err = {0};

	ck_assert_int_eq(cg_parse_proc_cgroup(text, "memory", &l, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_INTERNAL);
	ck_assert_str_eq(err.msg, msg);
}

START_TEST(test_proc_malformed)
{
	char *text = fixture("cgroup/proc_self_cgroup_malformed");
	char *huge = malloc(PATH_MAX + 16);

	/* Strict: the bad line 2 fails the parse although line 1 matched. */
	proc_bad(text, "line 2: expected 'id:controllers:path'");
	free(text);
	proc_bad("", "empty cgroup list");
	proc_bad("\n", "line 1: expected 'id:controllers:path'");
	proc_bad("0::/\n\n", "line 2: expected 'id:controllers:path'");
	proc_bad("x:memory:/\n", "line 1: bad hierarchy id 'x'");
	proc_bad(":memory:/\n", "line 1: bad hierarchy id ''");
	proc_bad("0:memory:/\n", "line 1: hierarchy 0 with controllers");
	proc_bad("3::/\n", "line 1: hierarchy 3 without controllers");
	proc_bad("4:memory:rel\n", "line 1: path is not absolute");
	proc_bad("4:memory:\n", "line 1: path is not absolute");
	memcpy(huge, "0::/", 4);
	memset(huge + 4, 'a', PATH_MAX);
	huge[PATH_MAX + 4] = '\0';
	proc_bad(huge, "line 1: too long");
	free(huge);
}
END_TEST

static uint64_t keyed(const char *fix, const char *key)
{
	char *text = fixture(fix);
	struct arb_err err = {0};
	uint64_t v = 12345;

	ck_assert_msg(cg_parse_keyed(text, key, &v, &err) == 0, "%s %s: %s",
		      fix, key, err.msg);
	free(text);
	return v;
}

static void keyed_bad(const char *text, const char *key, const char *msg)
{
	struct arb_err err = {0};
	uint64_t v;

	ck_assert_int_eq(cg_parse_keyed(text, key, &v, &err), -1);
	ck_assert_str_eq(err.msg, msg);
}

START_TEST(test_keyed)
{
	ck_assert_uint_eq(keyed("cgroup/cpu.stat", "usage_usec"), 1834521);
	ck_assert_uint_eq(keyed("cgroup/cpu.stat", "system_usec"), 322517);
	ck_assert_uint_eq(keyed("cgroup/cpu.stat", "burst_usec"), 0);
	ck_assert_uint_eq(keyed("cgroup/cpu.stat_root", "usage_usec"),
			  34043200);
	ck_assert_uint_eq(keyed("cgroup/memory.events", "oom_kill"), 2);
	ck_assert_uint_eq(keyed("cgroup/memory.events", "oom_group_kill"), 0);
	ck_assert_uint_eq(keyed("cgroup/memory.events", "max"), 117);
	ck_assert_uint_eq(keyed("cgroup/memory.oom_control", "oom_kill"), 3);
	ck_assert_uint_eq(keyed("cgroup/memory.oom_control", "under_oom"), 0);
	ck_assert_uint_eq(keyed("cgroup/cgroup.events", "populated"), 1);

	/* Whole keys only: "usage" is not "usage_usec". */
	keyed_bad("usage_usec 5\n", "usage", "no 'usage' key");
	keyed_bad("", "oom_kill", "no 'oom_kill' key");
	keyed_bad("usage_usec abc\n", "usage_usec",
		  "line 1: expected 'key value', got 'usage_usec abc'");
	keyed_bad("a 1\n\nb 2\n", "b", "line 2: expected 'key value', got ''");
	keyed_bad("a -1\n", "a", "line 1: expected 'key value', got 'a -1'");
	keyed_bad("a  1\n", "a", "line 1: expected 'key value', got 'a  1'");
	keyed_bad(" 1\n", "a", "line 1: expected 'key value', got ' 1'");
	keyed_bad("a 1 2\n", "a", "line 1: expected 'key value', got 'a 1 2'");
	keyed_bad("a 18446744073709551616\n", "a",
		  "line 1: expected 'key value', got 'a 18446744073709551616'");
	/* A malformed line after the key still fails: wrong file. */
	keyed_bad("a 1\nb\n", "a", "line 2: expected 'key value', got 'b'");
}
END_TEST

START_TEST(test_numbers)
{
	struct arb_err err = {0};
	uint64_t v = 0;

	ck_assert_int_eq(cg_parse_u64("5242880\n", &v, &err), 0);
	ck_assert_uint_eq(v, 5242880);
	ck_assert_int_eq(cg_parse_u64("0", &v, &err), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(cg_parse_u64("18446744073709551615\n", &v, &err), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(cg_parse_u64("18446744073709551616", &v, &err), -1);
	ck_assert_str_eq(err.msg, "not a number: '18446744073709551616'");
	ck_assert_int_eq(cg_parse_u64("", &v, &err), -1);
	ck_assert_str_eq(err.msg, "not a number: ''");
	ck_assert_int_eq(cg_parse_u64("12a\n", &v, &err), -1);
	ck_assert_str_eq(err.msg, "not a number: '12a'");
	ck_assert_int_eq(cg_parse_u64("1\n\n", &v, &err), -1);
	ck_assert_int_eq(cg_parse_u64("max\n", &v, &err), -1);
	ck_assert_int_eq(cg_parse_u64(" 1", &v, &err), -1);

	ck_assert_int_eq(cg_parse_max("max\n", &v, &err), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(cg_parse_max("max", &v, &err), 0);
	ck_assert_int_eq(cg_parse_max("67108864\n", &v, &err), 0);
	ck_assert_uint_eq(v, 67108864);
	ck_assert_int_eq(cg_parse_max("maxi\n", &v, &err), -1);
	ck_assert_str_eq(err.msg, "not a number: 'maxi'");
}
END_TEST

START_TEST(test_pids)
{
	struct arb_err err = {0};
	const char *cur = "12\n345\n";
	pid_t pid = 0;

	ck_assert_int_eq(cg_parse_next_pid(&cur, &pid, &err), 1);
	ck_assert_int_eq(pid, 12);
	ck_assert_int_eq(cg_parse_next_pid(&cur, &pid, &err), 1);
	ck_assert_int_eq(pid, 345);
	ck_assert_int_eq(cg_parse_next_pid(&cur, &pid, &err), 0);
	cur = "";
	ck_assert_int_eq(cg_parse_next_pid(&cur, &pid, &err), 0);
	cur = "7";
	ck_assert_int_eq(cg_parse_next_pid(&cur, &pid, &err), 1);
	ck_assert_int_eq(pid, 7);
	ck_assert_int_eq(cg_parse_next_pid(&cur, &pid, &err), 0);
	cur = "12\nx\n";
	ck_assert_int_eq(cg_parse_next_pid(&cur, &pid, &err), 1);
	ck_assert_int_eq(cg_parse_next_pid(&cur, &pid, &err), -1);
	ck_assert_str_eq(err.msg, "bad pid 'x'");
	cur = "99999999999\n";
	ck_assert_int_eq(cg_parse_next_pid(&cur, &pid, &err), -1);
	ck_assert_str_eq(err.msg, "bad pid '99999999999'");
	cur = "\n";
	ck_assert_int_eq(cg_parse_next_pid(&cur, &pid, &err), -1);
	ck_assert_str_eq(err.msg, "bad pid ''");
}
END_TEST

START_TEST(test_words)
{
	const char *c = "cpuset cpu io memory pids\n";

	ck_assert(cg_parse_has_word(c, "cpu"));
	ck_assert(cg_parse_has_word(c, "cpuset"));
	ck_assert(cg_parse_has_word(c, "pids"));
	ck_assert(!cg_parse_has_word(c, "mem"));
	ck_assert(!cg_parse_has_word(c, "hugetlb"));
	ck_assert(!cg_parse_has_word("", "cpu"));
	ck_assert(!cg_parse_has_word("\n", "cpu"));
	ck_assert(cg_parse_is("FROZEN\n", "FROZEN"));
	ck_assert(cg_parse_is("THAWED", "THAWED"));
	ck_assert(!cg_parse_is("FREEZING\n", "FROZEN"));
	ck_assert(!cg_parse_is("FROZENX\n", "FROZEN"));
	ck_assert(!cg_parse_is("", "FROZEN"));
}
END_TEST

START_TEST(test_mode_names)
{
	ck_assert_str_eq(cg_mode_name(CG_MODE_AUTO), "auto");
	ck_assert_str_eq(cg_mode_name(CG_MODE_NONE), "none");
	ck_assert_str_eq(cg_mode_name(CG_MODE_V1), "v1");
	ck_assert_str_eq(cg_mode_name(CG_MODE_HYBRID), "hybrid");
	ck_assert_str_eq(cg_mode_name(CG_MODE_V2), "v2");
	ck_assert_str_eq(cg_mode_name((enum cg_mode)42), "unknown");
}
END_TEST

Suite *suite_cgroup_parse(void)
{
	Suite *s = suite_create("cgroup_parse");
	TCase *tc = tcase_create("parse");

	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, test_proc_v1);
	tcase_add_test(tc, test_proc_hybrid);
	tcase_add_test(tc, test_proc_v2);
	tcase_add_test(tc, test_proc_malformed);
	tcase_add_test(tc, test_keyed);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_pids);
	tcase_add_test(tc, test_words);
	tcase_add_test(tc, test_mode_names);
	suite_add_tcase(s, tc);
	return s;
}

/*** Back ends against the fake tree ***/

static char *sub(const struct fake *f, const char *rel, const char *name)
{
	char *p = NULL;

	ck_assert_int_ge(asprintf(&p, "%s/%s%s%s", f->root, rel,
				  name ? "/" : "", name ? name : ""),
			 0);
	return p;
}

static void open_fails(struct fake *f, enum cg_mode mode, const char *proc,
		       const char *prefix, const char *msg)
{
	struct cg_manager_opts o = {.root = f->root, .mode = mode,
				    .prefix = prefix};
	struct cg_fs_ops fs = fake_fs(f);
	struct cg_manager *m = NULL;
	struct arb_err err = {0};

	o.proc_cgroup = proc;
	ck_assert_int_eq(cg_manager_open_fs(&o, &fs, &m, &err), -1);
	ck_assert_ptr_null(m);
	ck_assert_str_eq(err.msg, msg);
}

static const char *const v1_rel[4] = {
	"freezer", "pids/system.slice/arbiter.service",
	"memory/system.slice/arbiter.service",
	"cpu,cpuacct/system.slice/arbiter.service"};

START_TEST(test_v1_box)
{
	struct cg_limits lim = {.mem_bytes = 64 << 20, .pids = 32};
	int fds = tu_count_fds();
	struct arb_err err = {0};
	struct cg_box *b = NULL;
	char want[4096] = "", prefix[64], *dirs[4];
	struct cg_manager *m;
	struct cg_attach at;
	struct cg_stats st;
	struct fake f;
	uint64_t cpu;

	fake_v1_tree(&f, true);
	m = open_fake(&f, CG_MODE_V1, "cgroup/proc_self_cgroup_v1");
	ck_assert_int_eq(cg_manager_mode(m), CG_MODE_V1);
	ck_assert(m->memsw);
	ck_assert_msg(cg_box_create(m, &lim, &b, &err) == 0, "%s", err.msg);
	snprintf(prefix, sizeof(prefix), "t-%d-", (int)getpid());
	ck_assert_int_eq(strncmp(b->name, prefix, strlen(prefix)), 0);
	for (int i = 0; i < 4; i++) {
		dirs[i] = sub(&f, v1_rel[i], b->name);
		ck_assert_str_eq(b->dir[i], dirs[i]);
		ck_assert(is_dir(dirs[i]));
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
			 "mkdir %s/%s\n", v1_rel[i], b->name);
	}
	ck_assert_str_eq(f.log, want);
	ck_assert_str_eq(get(dirs[2], "memory.limit_in_bytes"), "67108864");
	ck_assert_str_eq(get(dirs[2], "memory.memsw.limit_in_bytes"), "67108864");
	ck_assert_str_eq(get(dirs[2], "memory.swappiness"), "60\n");
	ck_assert_str_eq(get(dirs[1], "pids.max"), "32");

	/* The child's side of attaching: "0" to every procs fd. */
	ck_assert_int_eq(cg_box_attach_info(b, &at, &err), 0);
	ck_assert_int_eq(at.clone_fd, -1);
	ck_assert_uint_eq(at.n_procs, 4);
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(write(at.procs_fds[i], "0", 1), 1);
		ck_assert_str_eq(get(dirs[i], "cgroup.procs"), "0");
		put(dirs[i], "cgroup.procs", ""); /* the task exits */
	}
	ck_assert_int_eq(at.procs_fds[4], -1);
	{
		struct cg_attach again;

		ck_assert_int_eq(cg_box_attach_info(b, &again, &err), 0);
		ck_assert_int_eq(again.procs_fds[0], at.procs_fds[0]);
	}

	ck_assert_int_eq(cg_box_cpu_us(b, &cpu, &err), 0);
	ck_assert_uint_eq(cpu, 1500000);
	/* Polling re-reads the same open fd. */
	put(dirs[3], "cpuacct.usage", "2500000999\n");
	ck_assert_int_eq(cg_box_cpu_us(b, &cpu, &err), 0);
	ck_assert_uint_eq(cpu, 2500000);
	ck_assert_int_eq(cg_box_stats(b, &st, &err), 0);
	ck_assert_uint_eq(st.cpu_us, 2500000);
	ck_assert_uint_eq(st.mem_peak_kib, 5120);
	ck_assert_uint_eq(st.oom_kills, 3);
	ck_assert(st.has_peak);

	/* An empty box (every task exited) is not frozen and thawed: that
	 * costs tens of ms per test on v1.  A box with a task is (below). */
	put(dirs[0], "freezer.state", "UNTOUCHED\n");
	ck_assert_int_eq(cg_box_kill_all(b, &err), 0);
	ck_assert_str_eq(get(dirs[0], "freezer.state"), "UNTOUCHED\n");
	put(dirs[3], "cgroup.procs", "4194303\n"); /* no such pid */
	put(dirs[0], "freezer.state", "THAWED\n");
	ck_assert_int_eq(cg_box_kill_all(b, &err), 0);
	ck_assert_str_eq(get(dirs[0], "freezer.state"), "THAWED");
	put(dirs[3], "cgroup.procs", "");

	f.log[0] = '\0';
	want[0] = '\0';
	for (int i = 0; i < 4; i++)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
			 "rmdir %s/%s\n", v1_rel[i], b->name);
	ck_assert_msg(cg_box_destroy(b, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(f.log, want);
	for (int i = 0; i < 4; i++) {
		ck_assert(!is_dir(dirs[i]));
		free(dirs[i]);
	}
	ck_assert(is_dir(m->base[2]));
	cg_manager_close(m);
	ck_assert_int_eq(tu_count_fds(), fds);
	fake_done(&f);
}
END_TEST

/* A box reused for another run (a prepared box's): the memory cgroup is
 * made anew, with its limits, so its peak and OOM kills are the run's
 * own; CPU time counts from the reuse; other limits are refused, and so
 * is a box whose task will not leave. */
START_TEST(test_v1_reuse)
{
	struct cg_limits lim = {.mem_bytes = 64 << 20, .pids = 32};
	struct cg_limits other = {.mem_bytes = 32 << 20, .pids = 32};
	struct arb_err err = {0};
	struct cg_box *b = NULL;
	struct cg_manager *m;
	struct cg_attach at;
	struct cg_stats st;
	struct fake f;
	uint64_t cpu;
	char *mem, *acct, *pids, want[4096];

	fake_v1_tree(&f, true);
	m = open_fake(&f, CG_MODE_V1, "cgroup/proc_self_cgroup_v1");
	ck_assert_msg(cg_box_create(m, &lim, &b, &err) == 0, "%s", err.msg);
	mem = sub(&f, v1_rel[2], b->name);
	acct = sub(&f, v1_rel[3], b->name);
	pids = sub(&f, v1_rel[1], b->name);
	ck_assert_int_eq(cg_box_attach_info(b, &at, &err), 0);
	/* The first run: 1.5 s of CPU; its memory cgroup saw 3 OOM kills. */
	put(mem, "memory.limit_in_bytes", "left by the first run\n");
	f.log[0] = '\0';
	ck_assert_msg(cg_box_reuse(b, &lim, &err) == 0, "%s", err.msg);
	snprintf(want, sizeof(want), "rmdir %s/%s\nmkdir %s/%s\n", v1_rel[2], b->name,
		 v1_rel[2], b->name);
	ck_assert_str_eq(f.log, want);
	ck_assert_str_eq(get(mem, "memory.limit_in_bytes"), "67108864");
	ck_assert_str_eq(get(mem, "memory.memsw.limit_in_bytes"), "67108864");
	ck_assert_int_eq(cg_box_cpu_us(b, &cpu, &err), 0);
	ck_assert_uint_eq(cpu, 0);
	/* The new memory cgroup's procs fd is a new one. */
	{
		struct cg_attach again;

		ck_assert_int_eq(cg_box_attach_info(b, &again, &err), 0);
		ck_assert_int_eq(write(again.procs_fds[2], "0", 1), 1);
		ck_assert_str_eq(get(mem, "cgroup.procs"), "0");
		put(mem, "cgroup.procs", "");
	}
	/* The second run: 0.25 s, a 3 MiB peak, one OOM kill. */
	put(acct, "cpuacct.usage", "1750000000\n");
	put(mem, "memory.max_usage_in_bytes", "3145728\n");
	put(mem, "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
	ck_assert_int_eq(cg_box_cpu_us(b, &cpu, &err), 0);
	ck_assert_uint_eq(cpu, 250000);
	ck_assert_int_eq(cg_box_stats(b, &st, &err), 0);
	ck_assert_uint_eq(st.cpu_us, 250000);
	ck_assert_uint_eq(st.mem_peak_kib, 3072);
	ck_assert_uint_eq(st.oom_kills, 1);

	ck_assert_int_eq(cg_box_reuse(b, &other, &err), -1);
	ck_assert_msg(strstr(err.msg, "other limits"), "%s", err.msg);
	/* A task that stays (the fake kernel never removes it). */
	put(pids, "cgroup.procs", "4194303\n");
	ck_assert_int_eq(cg_box_reuse(b, &lim, &err), -1);
	ck_assert_msg(strstr(err.msg, "does not empty"), "%s", err.msg);
	put(pids, "cgroup.procs", "");
	ck_assert_msg(cg_box_destroy(b, &err) == 0, "%s", err.msg);
	cg_manager_close(m);
	free(mem);
	free(acct);
	free(pids);
	fake_done(&f);
}
END_TEST

START_TEST(test_v1_symlink_nomemsw)
{
	struct cg_limits lim = {.mem_bytes = 16 << 20};
	struct arb_err err = {0};
	struct cg_box *b = NULL;
	struct cg_manager *m;
	struct fake f;
	char *link, *want;

	fake_v1_tree(&f, false);
	/* Distributions link cpuacct -> cpu,cpuacct; prefer the link. */
	link = sub(&f, "cpuacct", NULL);
	ck_assert_int_eq(symlink("cpu,cpuacct", link), 0);
	m = open_fake(&f, CG_MODE_V1, "cgroup/proc_self_cgroup_v1");
	ck_assert(!m->memsw);
	ck_assert_int_eq(cg_box_create(m, &lim, &b, &err), 0);
	want = sub(&f, "cpuacct/system.slice/arbiter.service", b->name);
	ck_assert_str_eq(b->dir[3], want);
	ck_assert_str_eq(get(b->dir[2], "memory.limit_in_bytes"), "16777216");
	ck_assert_str_eq(get(b->dir[2], "memory.memsw.limit_in_bytes"),
			 "<absent>");
	ck_assert_str_eq(get(b->dir[2], "memory.swappiness"), "0");
	ck_assert_str_eq(get(b->dir[1], "pids.max"), "max\n");
	ck_assert_int_eq(cg_box_destroy(b, &err), 0);
	ck_assert(!is_dir(want));
	cg_manager_close(m);
	free(link);
	free(want);
	fake_done(&f);
}
END_TEST

START_TEST(test_v1_hybrid_paths)
{
	struct arb_err err = {0};
	struct cg_box *b = NULL;
	struct cg_manager *m;
	struct fake f;
	char *want;

	fake_v1_tree(&f, true);
	mkdirs(f.root, "memory/process_api/195a60753bb3f4907a8d7032a60265ae");
	mkdirs(f.root, "cpuacct");
	mkdirs(f.root, "pids");
	m = open_fake(&f, CG_MODE_HYBRID, "cgroup/proc_self_cgroup_hybrid");
	ck_assert_int_eq(cg_manager_mode(m), CG_MODE_HYBRID);
	ck_assert_int_eq(cg_box_create(m, NULL, &b, &err), 0);
	want = sub(&f, "memory/process_api/195a60753bb3f4907a8d7032a60265ae",
		   b->name);
	ck_assert_str_eq(b->dir[2], want);
	free(want);
	want = sub(&f, "cpuacct", b->name);
	ck_assert_str_eq(b->dir[3], want);
	free(want);
	/* No limits: nothing written. */
	ck_assert_str_eq(get(b->dir[1], "pids.max"), "max\n");
	ck_assert_int_eq(cg_box_destroy(b, &err), 0);
	cg_manager_close(m);
	fake_done(&f);
}
END_TEST

START_TEST(test_v1_kill)
{
	struct arb_err err = {0};
	struct cg_box *b = NULL;
	struct cg_manager *m;
	char self[64];
	struct fake f;
	pid_t child;

	fake_v1_tree(&f, true);
	m = open_fake(&f, CG_MODE_V1, "cgroup/proc_self_cgroup_v1");
	ck_assert_int_eq(cg_box_create(m, NULL, &b, &err), 0);
	child = sleeper();
	snprintf(self, sizeof(self), "%d\n", (int)child);
	put(b->dir[0], "cgroup.procs", self);
	/* 0 and our own pid must never be signalled, whatever the file says. */
	snprintf(self, sizeof(self), "0\n%d\n", (int)getpid());
	put(b->dir[2], "cgroup.procs", self);
	ck_assert_int_eq(cg_box_kill_all(b, &err), 0);
	assert_killed(child);
	ck_assert_str_eq(get(b->dir[0], "freezer.state"), "THAWED");
	put(b->dir[0], "cgroup.procs", "");
	put(b->dir[2], "cgroup.procs", "");
	ck_assert_int_eq(cg_box_destroy(b, &err), 0);
	cg_manager_close(m);
	fake_done(&f);
}
END_TEST

START_TEST(test_v1_rollback)
{
	struct cg_limits lim = {.mem_bytes = 1 << 20};
	struct arb_err err = {0};
	struct cg_box *b = NULL;
	struct cg_manager *m;
	char want[4096], n1[64];
	struct fake f;
	unsigned long long n;

	/* A stale cgroup holds our first name in the pids hierarchy: the
	 * freezer dir we made is removed, the stale one is left alone, and
	 * the next name is used. */
	fake_v1_tree(&f, true);
	f.eexist_at = 2;
	m = open_fake(&f, CG_MODE_V1, "cgroup/proc_self_cgroup_v1");
	ck_assert_msg(cg_box_create(m, NULL, &b, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(sscanf(strrchr(b->name, '-') + 1, "%llu", &n), 1);
	snprintf(n1, sizeof(n1), "t-%d-%llu", (int)getpid(), n - 1);
	snprintf(want, sizeof(want),
		 "mkdir freezer/%s\nmkdir %s/%s\nrmdir freezer/%s\n"
		 "mkdir freezer/%s\nmkdir %s/%s\nmkdir %s/%s\nmkdir %s/%s\n",
		 n1, v1_rel[1], n1, n1, b->name, v1_rel[1], b->name, v1_rel[2],
		 b->name, v1_rel[3], b->name);
	ck_assert_str_eq(f.log, want);
	ck_assert_int_eq(cg_box_destroy(b, &err), 0);

	/* A failing limit write undoes the whole box. */
	f.no_mem_limit = true;
	f.log[0] = '\0';
	b = NULL;
	ck_assert_int_eq(cg_box_create(m, &lim, &b, &err), -1);
	ck_assert_ptr_null(b);
	ck_assert_int_eq(strncmp(err.msg, "open '", 6), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "/memory.limit_in_bytes': "
					      "No such file or directory"));
	ck_assert_ptr_nonnull(strstr(f.log, "rmdir freezer/"));
	ck_assert_ptr_nonnull(strstr(f.log, "rmdir cpu,cpuacct/"));
	cg_manager_close(m);
	fake_done(&f);
}
END_TEST

START_TEST(test_v1_destroy_busy)
{
	struct arb_err err = {0};
	struct cg_box *b = NULL;
	struct cg_manager *m;
	struct fake f;
	char want[4200];

	fake_v1_tree(&f, true);
	m = open_fake(&f, CG_MODE_V1, "cgroup/proc_self_cgroup_v1");
	ck_assert_int_eq(cg_box_create(m, NULL, &b, &err), 0);
	snprintf(want, sizeof(want), "rmdir '%s': Device or resource busy",
		 b->dir[0]);
	f.rmdir_busy = true;
	ck_assert_int_eq(cg_box_destroy(b, &err), -1);
	ck_assert_str_eq(err.msg, want);
	ck_assert_int_eq(err.errnum, EBUSY);
	/* Every directory was tried, not only the first. */
	ck_assert_ptr_nonnull(strstr(f.log, "rmdir cpu,cpuacct/"));
	ck_assert_int_eq(cg_box_destroy(NULL, &err), 0);
	cg_manager_close(m);
	cg_manager_close(NULL);
	fake_done(&f);
}
END_TEST

START_TEST(test_v1_open_errors)
{
	char want[8192], *dir, *proc;
	struct fake f;

	fake_v1_tree(&f, true);
	proc = strdup(tu_srcdata("cgroup/proc_self_cgroup_v2"));
	snprintf(want, sizeof(want), "no cgroup v1 'freezer' hierarchy in '%s'",
		 proc);
	open_fails(&f, CG_MODE_V1, proc, "t", want);
	free(proc);
	proc = strdup(tu_srcdata("cgroup/proc_self_cgroup_malformed"));
	snprintf(want, sizeof(want),
		 "'%s': line 2: expected 'id:controllers:path'", proc);
	open_fails(&f, CG_MODE_V1, proc, "t", want);
	free(proc);
	open_fails(&f, CG_MODE_V1, "/nonexistent/cgroup", "t",
		   "open '/nonexistent/cgroup': No such file or directory");
	proc = strdup(tu_srcdata("cgroup/proc_self_cgroup_v1"));
	open_fails(&f, CG_MODE_V1, proc, "a/b", "bad cgroup name prefix 'a/b'");
	open_fails(&f, CG_MODE_V1, proc, "", "bad cgroup name prefix ''");
	open_fails(&f, CG_MODE_V1, proc, "..", "bad cgroup name prefix '..'");
	dir = sub(&f, "freezer", NULL);
	ck_assert_int_eq(rmdir(dir), 0);
	snprintf(want, sizeof(want),
		 "cgroup v1 'freezer' directory '%s': No such file or directory",
		 dir);
	open_fails(&f, CG_MODE_V1, proc, "t", want);
	free(dir);
	free(proc);
	fake_done(&f);
}
END_TEST

static bool exists_in(const struct fake *f, const char *rel, const char *name)
{
	char *p = sub(f, rel, name);
	bool yes = is_dir(p);

	free(p);
	return yes;
}

/* A killed worker's boxes are swept; a live process's, ours and
 * another prefix's are not. */
START_TEST(test_sweep_stale)
{
	const char *mem = "memory/system.slice/arbiter.service";
	char dead[64], alive[64], own[64];
	struct cg_manager *m;
	struct fake f;
	pid_t gone;
	char *base;

	gone = fork();
	ck_assert_int_ge(gone, 0);
	if (gone == 0)
		_exit(0);
	ck_assert_int_eq(waitpid(gone, NULL, 0), gone);
	snprintf(dead, sizeof(dead), "t-%d-7", (int)gone);
	snprintf(alive, sizeof(alive), "t-%d-7", (int)getppid());
	snprintf(own, sizeof(own), "t-%d-7", (int)getpid());
	fake_v1_tree(&f, true);
	base = path2(f.root, mem);
	mkdirs(base, dead);
	mkdirs(base, alive);
	mkdirs(base, own);
	mkdirs(base, "other-1-7");
	mkdirs(base, "t-notapid-7");
	/* Open sweeps. */
	m = open_fake(&f, CG_MODE_V1, "cgroup/proc_self_cgroup_v1");
	ck_assert(!exists_in(&f, mem, dead));
	ck_assert(exists_in(&f, mem, alive));
	ck_assert(exists_in(&f, mem, own));
	ck_assert(exists_in(&f, mem, "other-1-7"));
	ck_assert(exists_in(&f, mem, "t-notapid-7"));
	/* A box still emptying (EBUSY) is left for the next sweep. */
	mkdirs(base, dead);
	f.rmdir_busy = true;
	ck_assert_int_eq(cg_manager_sweep(m), 0);
	ck_assert(exists_in(&f, mem, dead));
	f.rmdir_busy = false;
	ck_assert_int_eq(cg_manager_sweep(m), 1);
	ck_assert(!exists_in(&f, mem, dead));
	ck_assert_int_eq(cg_manager_sweep(NULL), 0);
	cg_manager_close(m);
	free(base);
	fake_done(&f);
}
END_TEST

START_TEST(test_auto_detect)
{
	struct arb_err err = {0};
	struct cg_manager *m;
	struct fake f;

	/* A plain directory is neither cgroup2 nor hybrid, even with a
	 * unified/ subdirectory: only a cgroup2 mount there counts. */
	fake_v1_tree(&f, true);
	mkdirs(f.root, "unified");
	m = open_fake(&f, CG_MODE_AUTO, "cgroup/proc_self_cgroup_v1");
	ck_assert_int_eq(cg_manager_mode(m), CG_MODE_V1);
	cg_manager_close(m);
	open_fails(&f, CG_MODE_AUTO, "x", "t", "open 'x': No such file or directory");
	fake_done(&f);
	{
		struct cg_manager_opts o = {.root = "/nonexistent"};

		ck_assert_int_eq(cg_manager_open(&o, &m, &err), -1);
		ck_assert_str_eq(err.msg,
				 "statfs '/nonexistent': No such file or directory");
	}
}
END_TEST

START_TEST(test_v2_box)
{
	struct cg_limits lim = {.mem_bytes = 64 << 20, .pids = 16};
	int fds = tu_count_fds();
	struct arb_err err = {0};
	struct cg_box *b = NULL;
	char *own, *leaf, *dir, pid[32], want[4096];
	struct cg_manager *m;
	struct cg_attach at;
	struct cg_stats st;
	struct stat sb;
	struct fake f;
	uint64_t cpu;

	fake_v2_tree(&f, "cpuset cpu io memory pids\n");
	m = open_fake(&f, CG_MODE_V2, "cgroup/proc_self_cgroup_v2");
	own = sub(&f, "system.slice/arbiter.service", NULL);
	leaf = sub(&f, "system.slice/arbiter.service", "supervisor");
	ck_assert_int_eq(cg_manager_mode(m), CG_MODE_V2);
	ck_assert(m->moved_leaf);
	ck_assert_str_eq(m->base[0], own);
	ck_assert_str_eq(f.log, "mkdir system.slice/arbiter.service/supervisor\n");
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	ck_assert_str_eq(get(leaf, "cgroup.procs"), pid);
	ck_assert_str_eq(get(own, "cgroup.subtree_control"),
			 "+memory +pids +cpu");

	ck_assert_msg(cg_box_create(m, &lim, &b, &err) == 0, "%s", err.msg);
	dir = sub(&f, "system.slice/arbiter.service", b->name);
	ck_assert_str_eq(b->dir[0], dir);
	ck_assert_str_eq(get(dir, "memory.max"), "67108864");
	ck_assert_str_eq(get(dir, "memory.swap.max"), "0");
	ck_assert_str_eq(get(dir, "pids.max"), "16");

	ck_assert_int_eq(cg_box_attach_info(b, &at, &err), 0);
	ck_assert_uint_eq(at.n_procs, 0);
	ck_assert_int_ge(at.clone_fd, 0);
	ck_assert_int_eq(fstat(at.clone_fd, &sb), 0);
	ck_assert(S_ISDIR(sb.st_mode));
	ck_assert(fcntl(at.clone_fd, F_GETFD) & FD_CLOEXEC);
	ck_assert_int_eq(fcntl(at.clone_fd, F_GETFL) & O_PATH, 0);

	ck_assert_int_eq(cg_box_cpu_us(b, &cpu, &err), 0);
	ck_assert_uint_eq(cpu, 1834521);
	ck_assert_int_eq(cg_box_stats(b, &st, &err), 0);
	ck_assert_uint_eq(st.cpu_us, 1834521);
	ck_assert_uint_eq(st.mem_peak_kib, 7168);
	ck_assert_uint_eq(st.oom_kills, 2);
	ck_assert(st.has_peak);
	ck_assert_int_eq(cg_box_kill_all(b, &err), 0);
	ck_assert_str_eq(get(dir, "cgroup.kill"), "1");

	f.log[0] = '\0';
	snprintf(want, sizeof(want), "rmdir system.slice/arbiter.service/%s\n",
		 b->name);
	ck_assert_msg(cg_box_destroy(b, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(f.log, want);
	ck_assert(!is_dir(dir));
	ck_assert(is_dir(leaf));
	cg_manager_close(m);
	ck_assert_int_eq(tu_count_fds(), fds);
	free(own);
	free(leaf);
	free(dir);
	fake_done(&f);
}
END_TEST

/* v2 boxes are not reused (a new one per run is one mkdir, and a reset
 * memory.peak would count what the last run left charged): refused, and
 * nothing written. */
START_TEST(test_v2_reuse)
{
	struct cg_limits lim = {.mem_bytes = 64 << 20, .pids = 16};
	struct arb_err err = {0};
	struct cg_box *b = NULL;
	struct cg_manager *m;
	struct fake f;

	fake_v2_tree(&f, "cpuset cpu io memory pids\n");
	m = open_fake(&f, CG_MODE_V2, "cgroup/proc_self_cgroup_v2");
	ck_assert_msg(cg_box_create(m, &lim, &b, &err) == 0, "%s", err.msg);
	f.log[0] = '\0';
	ck_assert_int_eq(cg_box_reuse(b, &lim, &err), -1);
	ck_assert_int_eq(err.errnum, ENOTSUP);
	ck_assert_str_eq(f.log, "");
	ck_assert_msg(cg_box_destroy(b, &err) == 0, "%s", err.msg);
	cg_manager_close(m);
	fake_done(&f);
}
END_TEST

START_TEST(test_v2_few_controllers)
{
	struct cg_limits mem = {.mem_bytes = 1 << 20}, pids = {.pids = 8};
	struct arb_err err = {0};
	struct cg_box *b = NULL;
	struct cg_manager *m;
	struct cg_stats st;
	char *own, want[4200];
	struct fake f;

	fake_v2_tree(&f, "cpu pids\n");
	f.v2_memory = false;
	m = open_fake(&f, CG_MODE_V2, "cgroup/proc_self_cgroup_v2");
	own = sub(&f, "system.slice/arbiter.service", NULL);
	ck_assert_str_eq(get(own, "cgroup.subtree_control"), "+pids +cpu");
	ck_assert_int_eq(cg_box_create(m, &mem, &b, &err), -1);
	snprintf(want, sizeof(want),
		 "memory limit: no memory controller in '%s'", own);
	ck_assert_str_eq(err.msg, want);
	ck_assert_ptr_nonnull(strstr(f.log, "rmdir system.slice/arbiter.service/t-"));
	ck_assert_int_eq(cg_box_create(m, &pids, &b, &err), 0);
	ck_assert_str_eq(get(b->dir[0], "pids.max"), "8");
	ck_assert_int_eq(cg_box_stats(b, &st, &err), 0);
	ck_assert(!st.has_peak);
	ck_assert_uint_eq(st.mem_peak_kib, 0);
	ck_assert_uint_eq(st.oom_kills, 0);
	ck_assert_uint_eq(st.cpu_us, 1834521);
	ck_assert_int_eq(cg_box_destroy(b, &err), 0);
	cg_manager_close(m);
	fake_done(&f);

	/* This machine's unified/: only hugetlb, nothing to enable. */
	fake_v2_tree(&f, "hugetlb\n");
	m = open_fake(&f, CG_MODE_V2, "cgroup/proc_self_cgroup_v2");
	free(own);
	own = sub(&f, "system.slice/arbiter.service", NULL);
	ck_assert_str_eq(get(own, "cgroup.subtree_control"), "");
	cg_manager_close(m);
	free(own);
	fake_done(&f);
}
END_TEST

START_TEST(test_v2_leaf_and_root)
{
	struct cg_manager_opts o = {.mode = CG_MODE_V2};
	struct arb_err err = {0};
	struct cg_manager *m;
	struct fake f;
	char *own, *leaf, *proc;

	/* Already in <own>/supervisor: no move, boxes next to it. */
	fake_v2_tree(&f, "memory pids cpu\n");
	m = open_fake(&f, CG_MODE_V2, "cgroup/proc_self_cgroup_v2_leaf");
	own = sub(&f, "system.slice/arbiter.service", NULL);
	leaf = sub(&f, "system.slice/arbiter.service", "supervisor");
	ck_assert(!m->moved_leaf);
	ck_assert_str_eq(m->base[0], own);
	ck_assert_str_eq(f.log, "");
	ck_assert(!is_dir(leaf));
	ck_assert_str_eq(get(own, "cgroup.subtree_control"),
			 "+memory +pids +cpu");
	cg_manager_close(m);
	free(own);
	free(leaf);

	/* The real root (no cgroup.type) is exempt: no move. */
	proc = sub(&f, "proc_cgroup", NULL);
	put(f.root, "proc_cgroup", "0::/\n");
	put(f.root, "cgroup.controllers", "memory pids\n");
	put(f.root, "cgroup.subtree_control", "");
	o.root = f.root;
	o.proc_cgroup = proc;
	{
		struct cg_fs_ops fs = fake_fs(&f);

		ck_assert_int_eq(cg_manager_open_fs(&o, &fs, &m, &err), 0);
		ck_assert(!m->moved_leaf);
		ck_assert_str_eq(m->base[0], f.root);
		ck_assert_str_eq(get(f.root, "cgroup.subtree_control"),
				 "+memory +pids");
		cg_manager_close(m);

		/* "/" with a cgroup.type is a cgroup namespace root, which is
		 * not exempt: move. */
		put(f.root, "cgroup.type", "domain\n");
		ck_assert_int_eq(cg_manager_open_fs(&o, &fs, &m, &err), 0);
		ck_assert(m->moved_leaf);
		leaf = sub(&f, "supervisor", NULL);
		ck_assert(is_dir(leaf));
		free(leaf);
		cg_manager_close(m);
	}
	o.proc_cgroup = tu_srcdata("cgroup/proc_self_cgroup_v1");
	{
		char want[8192];
		struct cg_fs_ops fs = fake_fs(&f);

		snprintf(want, sizeof(want), "no cgroup2 entry ('0::') in '%s'",
			 o.proc_cgroup);
		ck_assert_int_eq(cg_manager_open_fs(&o, &fs, &m, &err), -1);
		ck_assert_str_eq(err.msg, want);
	}
	free(proc);
	fake_done(&f);
}
END_TEST

START_TEST(test_v2_kill_fallback)
{
	struct arb_err err = {0};
	struct cg_box *b = NULL;
	struct cg_manager *m;
	struct fake f;
	char pid[32];
	pid_t child;

	/* Before 5.14 there is no cgroup.kill: freeze, kill, thaw. */
	fake_v2_tree(&f, "memory pids cpu\n");
	f.v2_no_kill = true;
	m = open_fake(&f, CG_MODE_V2, "cgroup/proc_self_cgroup_v2");
	ck_assert_int_eq(cg_box_create(m, NULL, &b, &err), 0);
	child = sleeper();
	snprintf(pid, sizeof(pid), "%d\n", (int)child);
	put(b->dir[0], "cgroup.procs", pid);
	ck_assert_msg(cg_box_kill_all(b, &err) == 0, "%s", err.msg);
	assert_killed(child);
	ck_assert_str_eq(get(b->dir[0], "cgroup.freeze"), "0");
	ck_assert_str_eq(get(b->dir[0], "cgroup.kill"), "<absent>");
	put(b->dir[0], "cgroup.procs", "");
	ck_assert_int_eq(cg_box_destroy(b, &err), 0);
	cg_manager_close(m);
	fake_done(&f);
}
END_TEST

START_TEST(test_none)
{
	struct cg_manager_opts o = {.root = "/nonexistent", .mode = CG_MODE_NONE};
	struct cg_limits lim = {.mem_bytes = 1 << 20, .pids = 4};
	struct arb_err err = {0};
	struct cg_box *b = NULL;
	struct cg_manager *m;
	struct cg_attach at;
	struct cg_stats st;
	uint64_t cpu = 99;

	ck_assert_int_eq(cg_manager_open(&o, &m, &err), 0);
	ck_assert_int_eq(cg_manager_mode(m), CG_MODE_NONE);
	ck_assert_int_eq(cg_box_create(m, &lim, &b, &err), 0);
	ck_assert_int_eq(cg_box_attach_info(b, &at, &err), 0);
	ck_assert_int_eq(at.clone_fd, -1);
	ck_assert_uint_eq(at.n_procs, 0);
	ck_assert_int_eq(cg_box_cpu_us(b, &cpu, &err), 0);
	ck_assert_uint_eq(cpu, 0);
	memset(&st, 0xff, sizeof(st));
	ck_assert_int_eq(cg_box_stats(b, &st, &err), 0);
	ck_assert_uint_eq(st.cpu_us, 0);
	ck_assert_uint_eq(st.mem_peak_kib, 0);
	ck_assert_uint_eq(st.oom_kills, 0);
	ck_assert(!st.has_peak);
	ck_assert_int_eq(cg_box_kill_all(b, &err), 0);
	ck_assert_int_eq(cg_box_destroy(b, &err), 0);
	cg_manager_close(m);
}
END_TEST

static char all_names[4 * 200][NAME_MAX + 1];

struct namer {
	struct cg_manager *m;
	char (*names)[NAME_MAX + 1]; /* 200 slots of all_names */
};

static void *make_names(void *arg)
{
	struct namer *n = arg;
	struct arb_err err;

	for (int i = 0; i < 200; i++) {
		struct cg_box *b = NULL;

		if (cg_box_create(n->m, NULL, &b, &err) < 0)
			return NULL;
		memcpy(n->names[i], b->name, sizeof(n->names[i]));
		cg_box_destroy(b, &err);
	}
	return n;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

START_TEST(test_names_threads)
{
	struct cg_manager_opts o = {.mode = CG_MODE_NONE, .prefix = "x"};
	static struct namer n[4];
	struct arb_err err = {0};
	struct cg_manager *m;
	pthread_t t[4];

	ck_assert_int_eq(cg_manager_open(&o, &m, &err), 0);
	for (int i = 0; i < 4; i++) {
		n[i].m = m;
		n[i].names = all_names + 200 * i;
		ck_assert_int_eq(pthread_create(&t[i], NULL, make_names, &n[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		void *r;

		ck_assert_int_eq(pthread_join(t[i], &r), 0);
		ck_assert_ptr_eq(r, &n[i]);
	}
	qsort(all_names, 800, NAME_MAX + 1, cmp_names);
	for (int i = 1; i < 800; i++)
		ck_assert_str_ne(all_names[i - 1], all_names[i]);
	cg_manager_close(m);
}
END_TEST

Suite *suite_cgroup_fake(void)
{
	Suite *s = suite_create("cgroup_fake");
	TCase *v1 = tcase_create("v1"), *v2 = tcase_create("v2");
	TCase *misc = tcase_create("misc");

	/* destroy_busy waits out the 1 s rmdir retry on purpose. */
	tcase_set_timeout(v1, 20);
	tcase_set_timeout(v2, 20);
	tcase_set_timeout(misc, 20);
	tcase_add_test(v1, test_v1_box);
	tcase_add_test(v1, test_v1_reuse);
	tcase_add_test(v1, test_v1_symlink_nomemsw);
	tcase_add_test(v1, test_v1_hybrid_paths);
	tcase_add_test(v1, test_v1_kill);
	tcase_add_test(v1, test_v1_rollback);
	tcase_add_test(v1, test_v1_destroy_busy);
	tcase_add_test(v1, test_v1_open_errors);
	tcase_add_test(v2, test_v2_box);
	tcase_add_test(v2, test_v2_reuse);
	tcase_add_test(v2, test_v2_few_controllers);
	tcase_add_test(v2, test_v2_leaf_and_root);
	tcase_add_test(v2, test_v2_kill_fallback);
	tcase_add_test(misc, test_auto_detect);
	tcase_add_test(misc, test_sweep_stale);
	tcase_add_test(misc, test_none);
	tcase_add_test(misc, test_names_threads);
	suite_add_tcase(s, v1);
	suite_add_tcase(s, v2);
	suite_add_tcase(s, misc);
	return s;
}
