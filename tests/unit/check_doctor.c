/* check_doctor.c - `arbiter doctor`'s parsers and file checks.
 *
 * The file checks read /proc and /sys below a root path; here that root is
 * one of the fixture hosts of testdata/doctor/:
 *   tuned   bare metal, cgroup v1, root, performance governor, turbo and
 *           SMT off, swap on with memsw accounting;
 *   laptop  cgroup v2 without pids delegated and without swap accounting,
 *           swap on, powersave, boost and SMT on, strict overcommit, not
 *           root, a VM and a container;
 *   v2ok    a delegated cgroup v2 service without the cpu controller, root
 *           without CAP_SYS_RESOURCE, no swap, turbo on;
 *   broken  files present but malformed;
 * and a root that does not exist (nothing readable).  The probes (real
 * system calls) run in tests/integration/doctor.sh.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor.h"
#include "testutil.h"

Suite *suite_doctor(void);

/*** Helpers ***/

static struct doctor_env host(const char *name, enum cg_mode mode)
{
	static char roots[4][4096];
	static int next;
	char *root = roots[next++ % 4];

	snprintf(root, sizeof(roots[0]), "%s", tu_srcdata(name));
	return (struct doctor_env){.root = root, .cg_mode = mode};
}

#define ck_has(c, text)                                                        \
	ck_assert_msg(strstr((c)->detail, (text)) != NULL,                     \
		      "%s: '%s' not in '%s'", (c)->name, (text), (c)->detail)

#define ck_status(c, want)                                                     \
	ck_assert_msg((c)->status == (want), "%s: status %s, want %s: %s",     \
		      (c)->name, doctor_status_name((c)->status),              \
		      doctor_status_name(want), (c)->detail)

typedef void (*check_fn)(const struct doctor_env *, struct doctor_check *);

static struct doctor_check run(check_fn fn, const struct doctor_env *env)
{
	struct doctor_check c;

	memset(&c, 0, sizeof(c));
	fn(env, &c);
	ck_assert_ptr_nonnull(c.name);
	ck_assert_msg(!strchr(c.detail, '\n'), "%s: detail spans lines", c.name);
	return c;
}

static struct doctor_check ctrl(const struct doctor_env *env, const char *name)
{
	struct doctor_check c;

	memset(&c, 0, sizeof(c));
	doctor_check_controller(env, name, &c);
	ck_assert_ptr_nonnull(c.name);
	return c;
}

/*** Parsers ***/

START_TEST(test_parse_swaps)
{
	static const char hdr[] =
		"Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";
	char text[512];
	unsigned n = 99;
	uint64_t kib = 99;

	ck_assert_int_eq(doctor_parse_swaps(hdr, &n, &kib), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(kib, 0);
	snprintf(text, sizeof(text), "%s%s%s\n", hdr,
		 "/dev/sda2                               partition\t8388604\t0\t-2\n",
		 "/swap\\040file file 1024 512 -3");
	ck_assert_int_eq(doctor_parse_swaps(text, &n, &kib), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(kib, 8388604 + 1024);
	/* No header, a short line, a non-number. */
	ck_assert_int_eq(doctor_parse_swaps("/dev/sda2 partition 1 0 -2\n", &n, &kib), -1);
	ck_assert_int_eq(doctor_parse_swaps("", &n, &kib), -1);
	snprintf(text, sizeof(text), "%s/dev/sda2 partition\n", hdr);
	ck_assert_int_eq(doctor_parse_swaps(text, &n, &kib), -1);
	snprintf(text, sizeof(text), "%s/dev/sda2 partition big 0 -2\n", hdr);
	ck_assert_int_eq(doctor_parse_swaps(text, &n, &kib), -1);
}
END_TEST

START_TEST(test_parse_status)
{
	char *text = tu_read_file(tu_srcdata("doctor/tuned/proc/self/status"), NULL);
	uint64_t caps = 0;
	uid_t euid = 42;

	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(doctor_parse_status(text, &euid, &caps), 0);
	ck_assert_uint_eq(euid, 0);
	ck_assert_uint_eq(caps, 0x1ffffffffffULL);
	free(text);
	/* The effective uid is the second column. */
	ck_assert_int_eq(doctor_parse_status("Uid:\t1000\t0\t0\t0\n"
					     "CapEff:\t0000000000200000\n",
					     &euid, &caps), 0);
	ck_assert_uint_eq(euid, 0);
	ck_assert_uint_eq(caps, 1ULL << 21);
	ck_assert_int_eq(doctor_parse_status("Uid:\t0\t0\t0\t0\n", &euid, &caps), -1);
	ck_assert_int_eq(doctor_parse_status("CapEff:\t0000000000000000\n", &euid,
					     &caps), -1);
	ck_assert_int_eq(doctor_parse_status("Uid:\t0\t0\t0\t0\nCapEff:\t00ff\n",
					     &euid, &caps), -1);
	ck_assert_int_eq(doctor_parse_status("Uid:\t0\t0\t0\t0\n"
					     "CapEff:\t0000000000000000x\n",
					     &euid, &caps), -1);
	ck_assert_int_eq(doctor_parse_status("Uid:\tx\nCapEff:\t0000000000000000\n",
					     &euid, &caps), -1);
}
END_TEST

START_TEST(test_parse_cgroup_path)
{
	static const char v1[] = "12:freezer:/\n"
				 "4:cpu,cpuacct:/a b\n"
				 "1:name=systemd:/sys\n"
				 "0::/unified/x\n";
	char out[64];

	ck_assert_int_eq(doctor_parse_cgroup_path(v1, "cpuacct", out, sizeof(out)), 1);
	ck_assert_str_eq(out, "/a b");
	ck_assert_int_eq(doctor_parse_cgroup_path(v1, "cpu", out, sizeof(out)), 1);
	ck_assert_str_eq(out, "/a b");
	ck_assert_int_eq(doctor_parse_cgroup_path(v1, "freezer", out, sizeof(out)), 1);
	ck_assert_str_eq(out, "/");
	ck_assert_int_eq(doctor_parse_cgroup_path(v1, "", out, sizeof(out)), 1);
	ck_assert_str_eq(out, "/unified/x");
	/* "name=systemd" is a named hierarchy, not a controller called systemd;
	 * "cpu" must not match "cpuset". */
	ck_assert_int_eq(doctor_parse_cgroup_path(v1, "systemd", out, sizeof(out)), 0);
	ck_assert_int_eq(doctor_parse_cgroup_path("3:cpuset:/\n", "cpu", out,
						  sizeof(out)), 0);
	ck_assert_int_eq(doctor_parse_cgroup_path(v1, "memory", out, sizeof(out)), 0);
	ck_assert_int_eq(doctor_parse_cgroup_path("", "", out, sizeof(out)), 0);
	/* Malformed: no colons, a relative path, a non-numeric id, too long. */
	ck_assert_int_eq(doctor_parse_cgroup_path("garbage\n", "", out, sizeof(out)), -1);
	ck_assert_int_eq(doctor_parse_cgroup_path("0::rel\n", "", out, sizeof(out)), -1);
	ck_assert_int_eq(doctor_parse_cgroup_path("x:memory:/\n", "memory", out,
						  sizeof(out)), -1);
	ck_assert_int_eq(doctor_parse_cgroup_path("0::/0123456789\n", "", out, 8), -1);
}
END_TEST

START_TEST(test_parse_proc_cgroups)
{
	char *text = tu_read_file(tu_srcdata("doctor/tuned/proc/cgroups"), NULL);
	unsigned hier = 0;
	bool en = false;

	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(doctor_parse_proc_cgroups(text, "memory", &en, &hier), 1);
	ck_assert(en);
	ck_assert_uint_eq(hier, 10);
	ck_assert_int_eq(doctor_parse_proc_cgroups(text, "cpuacct", &en, &hier), 1);
	ck_assert_uint_eq(hier, 4);
	ck_assert_int_eq(doctor_parse_proc_cgroups(text, "hugetlb", &en, &hier), 0);
	free(text);
	ck_assert_int_eq(doctor_parse_proc_cgroups("pids\t0\t1\t0\n", "pids", &en,
						   &hier), 1);
	ck_assert(!en);
	ck_assert_uint_eq(hier, 0);
	ck_assert_int_eq(doctor_parse_proc_cgroups("pids 0\n", "pids", &en, &hier), -1);
}
END_TEST

START_TEST(test_parse_cpu_list)
{
	unsigned n = 99;

	ck_assert_int_eq(doctor_parse_cpu_list("0-3,8,10-11\n", &n), 0);
	ck_assert_uint_eq(n, 7);
	ck_assert_int_eq(doctor_parse_cpu_list("0\n", &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(doctor_parse_cpu_list("\n", &n), 0); /* "offline": none */
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(doctor_parse_cpu_list("", &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(doctor_parse_cpu_list("0-", &n), -1);
	ck_assert_int_eq(doctor_parse_cpu_list("3-1", &n), -1);
	ck_assert_int_eq(doctor_parse_cpu_list("0,,1", &n), -1);
	ck_assert_int_eq(doctor_parse_cpu_list("zero", &n), -1);
	ck_assert_int_eq(doctor_parse_cpu_list("0 1", &n), -1);
	ck_assert_int_eq(doctor_parse_cpu_list("0-99999999", &n), -1);
}
END_TEST

START_TEST(test_status_names)
{
	static struct doctor_report rep;

	ck_assert_str_eq(doctor_status_name(DOCTOR_OK), "ok");
	ck_assert_str_eq(doctor_status_name(DOCTOR_INFO), "info");
	ck_assert_str_eq(doctor_status_name(DOCTOR_WARN), "warn");
	ck_assert_str_eq(doctor_status_name(DOCTOR_FAIL), "FAIL");
	ck_assert_str_eq(doctor_status_json(DOCTOR_FAIL), "fail");
	ck_assert_str_eq(doctor_status_json(DOCTOR_WARN), "warn");
	rep.n = 2;
	rep.checks[0].status = DOCTOR_WARN;
	rep.checks[1].status = DOCTOR_INFO;
	ck_assert(!doctor_failed(&rep));
	rep.checks[1].status = DOCTOR_FAIL;
	ck_assert(doctor_failed(&rep));
	rep.n = 1;
	ck_assert(!doctor_failed(&rep));
}
END_TEST

/*** Fixture hosts ***/

START_TEST(test_tuned_host)
{
	struct doctor_env env = host("doctor/tuned", CG_MODE_V1);
	struct doctor_check c;

	c = run(doctor_check_privileges, &env);
	ck_status(&c, DOCTOR_OK);
	ck_assert_str_eq(c.detail, "root, with every capability the sandbox uses");

	c = ctrl(&env, "memory");
	ck_assert_str_eq(c.name, "cgroup.memory");
	ck_status(&c, DOCTOR_OK);
	ck_assert_str_eq(c.detail, "memory: v1 hierarchy 10, boxes go below /arbiter.slice");
	c = ctrl(&env, "cpu"); /* v1 measures with cpuacct, co-mounted here */
	ck_assert_str_eq(c.name, "cgroup.cpu");
	ck_status(&c, DOCTOR_OK);
	ck_has(&c, "cpuacct: v1 hierarchy 4");
	c = ctrl(&env, "pids");
	ck_status(&c, DOCTOR_OK);
	c = ctrl(&env, "freezer");
	ck_status(&c, DOCTOR_OK);
	ck_has(&c, "boxes go below /");

	c = run(doctor_check_swap, &env);
	ck_assert_str_eq(c.name, "swap");
	ck_status(&c, DOCTOR_INFO);
	ck_has(&c, "on: 1 area, 8191 MiB");
	c = run(doctor_check_swap_accounting, &env);
	ck_assert_str_eq(c.name, "cgroup.swap");
	ck_status(&c, DOCTOR_OK);
	ck_has(&c, "memory.memsw.limit_in_bytes present");
	c = run(doctor_check_cgroup_kill, &env);
	ck_status(&c, DOCTOR_OK);
	ck_has(&c, "not used on cgroup v1");

	c = run(doctor_check_cpus, &env);
	ck_status(&c, DOCTOR_OK);
	ck_has(&c, "4 online;");
	env.affinity_cpus = 2;
	c = run(doctor_check_cpus, &env);
	ck_has(&c, "4 online, 2 usable by this process");
	c = run(doctor_check_governor, &env);
	ck_status(&c, DOCTOR_OK);
	ck_assert_str_eq(c.detail, "performance on all 4 CPUs");
	c = run(doctor_check_boost, &env);
	ck_status(&c, DOCTOR_OK);
	ck_has(&c, "turbo off");
	c = run(doctor_check_smt, &env);
	ck_status(&c, DOCTOR_OK);
	ck_assert_str_eq(c.detail, "off (smt/control = off), cpu0 has no sibling thread");
	c = run(doctor_check_virt, &env);
	ck_status(&c, DOCTOR_INFO);
	ck_has(&c, "no hypervisor flag");
	ck_has(&c, "DMI: Dell Inc. PowerEdge R650");
	ck_assert_ptr_null(strstr(c.detail, "container"));
	c = run(doctor_check_overcommit, &env);
	ck_status(&c, DOCTOR_OK);
	ck_has(&c, "heuristic (vm.overcommit_memory = 0)");
	c = run(doctor_check_userns, &env);
	ck_status(&c, DOCTOR_INFO);
	ck_has(&c, "kernel.unprivileged_userns_clone = 0: host users may not");
	c = run(doctor_check_ptrace_scope, &env);
	ck_status(&c, DOCTOR_INFO);
	ck_has(&c, "= 1 (restricted to descendants)");

	/* The same host told it has no cgroup at all: swap is on, so
	 * nothing holds a box's swap. */
	env.cg_mode = CG_MODE_NONE;
	c = run(doctor_check_swap_accounting, &env);
	ck_status(&c, DOCTOR_WARN);
	ck_has(&c, "and swap is on");
	c = ctrl(&env, "memory");
	ck_status(&c, DOCTOR_WARN);
	c = run(doctor_check_cgroup_kill, &env);
	ck_status(&c, DOCTOR_INFO);
}
END_TEST

START_TEST(test_laptop_host)
{
	struct doctor_env env = host("doctor/laptop", CG_MODE_V2);
	struct doctor_check c;

	c = run(doctor_check_privileges, &env);
	ck_status(&c, DOCTOR_FAIL);
	ck_has(&c, "not root (euid 1000)");
	ck_has(&c, "CAP_SYS_ADMIN CAP_SETUID CAP_SETGID CAP_SETPCAP CAP_CHOWN "
		   "CAP_DAC_OVERRIDE CAP_KILL");

	/* Boxes go next to our leaf: the base is the leaf's parent. */
	c = ctrl(&env, "memory");
	ck_status(&c, DOCTOR_OK);
	ck_assert_str_eq(c.detail, "memory enabled for boxes below /user.slice/arbiter");
	c = ctrl(&env, "pids");
	ck_status(&c, DOCTOR_FAIL);
	ck_has(&c, "pids is not delegated to /user.slice/arbiter");
	c = ctrl(&env, "cpu");
	ck_status(&c, DOCTOR_WARN);
	ck_has(&c, "not enabled in its cgroup.subtree_control");
	c = ctrl(&env, "freezer");
	ck_status(&c, DOCTOR_OK);
	ck_has(&c, "cgroup.freeze");

	c = run(doctor_check_swap, &env);
	ck_status(&c, DOCTOR_INFO);
	ck_has(&c, "on: 2 areas, 6143 MiB");
	c = run(doctor_check_swap_accounting, &env);
	ck_status(&c, DOCTOR_WARN);
	ck_has(&c, "memory.swap.max absent and swap is on");
	c = run(doctor_check_cgroup_kill, &env);
	ck_status(&c, DOCTOR_WARN);
	ck_has(&c, "before 5.14");

	c = run(doctor_check_cpus, &env);
	ck_has(&c, "8 online");
	c = run(doctor_check_governor, &env);
	ck_status(&c, DOCTOR_WARN);
	ck_has(&c, "powersave on 3 CPUs");
	ck_has(&c, "schedutil on 1 CPU");
	ck_has(&c, "'performance' governor");
	c = run(doctor_check_boost, &env);
	ck_status(&c, DOCTOR_WARN);
	ck_has(&c, "boost on (cpufreq boost = 1)");
	c = run(doctor_check_smt, &env);
	ck_status(&c, DOCTOR_WARN);
	ck_has(&c, "on (smt/control = on), cpu0 shares its core with 1 other thread:");
	c = run(doctor_check_virt, &env);
	ck_has(&c, "virtual machine");
	ck_has(&c, "DMI: QEMU Standard PC (Q35 + ICH9, 2009)");
	ck_has(&c, "inside a container (/run/.containerenv)");
	c = run(doctor_check_overcommit, &env);
	ck_status(&c, DOCTOR_WARN);
	ck_has(&c, "strict (vm.overcommit_memory = 2, ratio 80%)");
	c = run(doctor_check_userns, &env);
	ck_has(&c, "user.max_user_namespaces = 0: host users may not");
	c = run(doctor_check_ptrace_scope, &env);
	ck_status(&c, DOCTOR_INFO);
	ck_has(&c, "Yama not present");

	/* The same files read as v1: not a v1 host. */
	env.cg_mode = CG_MODE_HYBRID;
	c = ctrl(&env, "memory");
	ck_status(&c, DOCTOR_FAIL);
	ck_has(&c, "/proc/cgroups");
}
END_TEST

START_TEST(test_v2ok_host)
{
	struct doctor_env env = host("doctor/v2ok", CG_MODE_V2);
	struct doctor_check c;

	c = run(doctor_check_privileges, &env);
	ck_status(&c, DOCTOR_OK);
	ck_has(&c, "no CAP_SYS_RESOURCE");
	c = ctrl(&env, "memory");
	ck_status(&c, DOCTOR_OK);
	c = ctrl(&env, "pids");
	ck_status(&c, DOCTOR_OK);
	ck_has(&c, "below /arbiter");
	c = ctrl(&env, "cpu");
	ck_status(&c, DOCTOR_OK);
	ck_has(&c, "cpu not delegated to /arbiter; CPU time is still read from cpu.stat");
	c = run(doctor_check_swap, &env);
	ck_status(&c, DOCTOR_OK);
	ck_assert_str_eq(c.detail, "off (no area in /proc/swaps)");
	c = run(doctor_check_swap_accounting, &env);
	ck_status(&c, DOCTOR_OK);
	ck_has(&c, "memory.swap.max present");
	c = run(doctor_check_cgroup_kill, &env);
	ck_status(&c, DOCTOR_OK);
	ck_has(&c, "present (5.14+)");
	c = run(doctor_check_cpus, &env);
	ck_has(&c, "1 online");
	c = run(doctor_check_governor, &env);
	ck_status(&c, DOCTOR_INFO);
	ck_has(&c, "no cpufreq governor exposed");
	c = run(doctor_check_boost, &env);
	ck_status(&c, DOCTOR_WARN);
	ck_has(&c, "turbo on (intel_pstate/no_turbo = 0)");
	c = run(doctor_check_smt, &env);
	ck_status(&c, DOCTOR_OK);
	ck_assert_str_eq(c.detail, "off, cpu0 has no sibling thread");
	c = run(doctor_check_virt, &env);
	ck_has(&c, "no hypervisor flag");
	ck_has(&c, "inside a container (/.dockerenv)");
	c = run(doctor_check_overcommit, &env);
	ck_status(&c, DOCTOR_OK);
	ck_has(&c, "always (vm.overcommit_memory = 1)");
	c = run(doctor_check_userns, &env);
	ck_has(&c, "= 1: host users may create");
	c = run(doctor_check_ptrace_scope, &env);
	ck_has(&c, "= 7 (unknown)");

	/* Read as v1 there is no memsw file, but no swap either: harmless. */
	env.cg_mode = CG_MODE_V1;
	c = run(doctor_check_swap_accounting, &env);
	ck_status(&c, DOCTOR_OK);
	ck_has(&c, "memory.memsw.limit_in_bytes absent, but no swap is on");
}
END_TEST

START_TEST(test_broken_host)
{
	struct doctor_env env = host("doctor/broken", CG_MODE_V1);
	struct doctor_check c;

	c = run(doctor_check_privileges, &env);
	ck_status(&c, DOCTOR_FAIL);
	ck_has(&c, "no readable Uid or CapEff line");
	c = ctrl(&env, "memory");
	ck_status(&c, DOCTOR_FAIL);
	ck_assert_str_eq(c.detail, "/proc/cgroups is malformed");
	c = run(doctor_check_swap, &env);
	ck_status(&c, DOCTOR_WARN);
	ck_has(&c, "/proc/swaps is malformed");
	c = run(doctor_check_cpus, &env);
	ck_status(&c, DOCTOR_WARN);
	ck_has(&c, "cannot tell the online CPUs");
	c = run(doctor_check_smt, &env);
	ck_status(&c, DOCTOR_INFO);
	/* pids comes before the malformed line of /proc/cgroups; then
	 * /proc/self/cgroup does not parse. */
	c = ctrl(&env, "pids");
	ck_status(&c, DOCTOR_FAIL);
	ck_assert_str_eq(c.detail, "/proc/self/cgroup is malformed");
	env.cg_mode = CG_MODE_V2;
	c = ctrl(&env, "pids");
	ck_status(&c, DOCTOR_FAIL);
	ck_has(&c, "/proc/self/cgroup: malformed");
	c = run(doctor_check_swap_accounting, &env);
	ck_status(&c, DOCTOR_WARN);
	c = run(doctor_check_cgroup_kill, &env);
	ck_status(&c, DOCTOR_WARN);
}
END_TEST

/* A root where nothing exists: every check still yields one line. */
START_TEST(test_missing_host)
{
	struct doctor_env env = host("doctor/no-such-host", CG_MODE_AUTO);
	static const check_fn all[] = {
		doctor_check_privileges, doctor_check_swap,
		doctor_check_swap_accounting, doctor_check_cgroup_kill,
		doctor_check_cpus, doctor_check_governor, doctor_check_boost,
		doctor_check_smt, doctor_check_virt, doctor_check_overcommit,
		doctor_check_userns, doctor_check_ptrace_scope,
	};
	struct doctor_check c;

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		c = run(all[i], &env);
		ck_assert_msg(c.detail[0], "%s: empty detail", c.name);
	}
	c = run(doctor_check_privileges, &env);
	ck_status(&c, DOCTOR_FAIL);
	ck_has(&c, "cannot read /proc/self/status");
	c = run(doctor_check_swap, &env);
	ck_status(&c, DOCTOR_WARN);
	c = ctrl(&env, "memory");
	ck_status(&c, DOCTOR_INFO);
	ck_has(&c, "not checked");
	c = run(doctor_check_governor, &env);
	ck_status(&c, DOCTOR_INFO);
	c = run(doctor_check_boost, &env);
	ck_status(&c, DOCTOR_INFO);
	c = run(doctor_check_smt, &env);
	ck_status(&c, DOCTOR_INFO);
	c = run(doctor_check_overcommit, &env);
	ck_status(&c, DOCTOR_INFO);
	/* v1 without any file: FAIL, with the reason. */
	env.cg_mode = CG_MODE_V1;
	c = ctrl(&env, "pids");
	ck_status(&c, DOCTOR_FAIL);
	ck_has(&c, "cannot read /proc/cgroups");
}
END_TEST

Suite *suite_doctor(void)
{
	Suite *s = suite_create("doctor");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_parse_swaps);
	tcase_add_test(tc, test_parse_status);
	tcase_add_test(tc, test_parse_cgroup_path);
	tcase_add_test(tc, test_parse_proc_cgroups);
	tcase_add_test(tc, test_parse_cpu_list);
	tcase_add_test(tc, test_status_names);
	suite_add_tcase(s, tc);
	tc = tcase_create("hosts");
	tcase_add_test(tc, test_tuned_host);
	tcase_add_test(tc, test_laptop_host);
	tcase_add_test(tc, test_v2ok_host);
	tcase_add_test(tc, test_broken_host);
	tcase_add_test(tc, test_missing_host);
	suite_add_tcase(s, tc);
	return s;
}
