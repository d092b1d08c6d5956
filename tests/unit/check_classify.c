/* check_classify.c - the status precedence of sbx_classify(), as a table. */
#include <check.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>

#include "sandbox/sandbox.h"

Suite *suite_classify(void);

#define EXITED(code) ((code) << 8)
#define SIGNALED(sig) (sig)

static const struct sbx_limits lim = {
	.cpu_us = 1000000, .wall_us = 3000000, .mem_bytes = 64 << 20,
	.fsize_bytes = 1 << 20,
};

static const struct {
	const char *name;
	struct sbx_outcome o;
	enum sbx_status status;
	enum sbx_limit_hit limit;
	int exit_code, signal;
	const char *message; /* substring */
} cases[] = {
	{"clean exit", {.wait_status = EXITED(0), .cpu_us = 10}, SBX_OK,
	 SBX_LIMIT_NONE, 0, 0, ""},
	{"exit code", {.wait_status = EXITED(3)}, SBX_RTE, SBX_LIMIT_NONE, 3, 0,
	 "exited with code 3"},
	{"segfault", {.wait_status = SIGNALED(SIGSEGV)}, SBX_RTE, SBX_LIMIT_NONE,
	 0, SIGSEGV, "SIGSEGV"},
	{"seccomp kill", {.wait_status = SIGNALED(SIGSYS)}, SBX_RTE,
	 SBX_LIMIT_NONE, 0, SIGSYS, "forbidden system call"},
	{"forbidden call named by init",
	 {.wait_status = SIGNALED(SIGKILL), .forbidden_call = true,
	  .syscall_nr = SYS_ptrace},
	 SBX_RTE, SBX_LIMIT_NONE, 0, SIGSYS, "forbidden system call ptrace"},
	{"forbidden call number 0 is a call too",
	 {.wait_status = SIGNALED(SIGKILL), .forbidden_call = true,
	  .syscall_nr = SYS_read},
	 SBX_RTE, SBX_LIMIT_NONE, 0, SIGSYS, "forbidden system call read"},
	{"cpu kill beats a forbidden call",
	 {.wait_status = SIGNALED(SIGKILL), .killed_cpu = true,
	  .forbidden_call = true, .syscall_nr = SYS_ptrace, .cpu_us = 1000100},
	 SBX_TLE, SBX_LIMIT_CPU, 0, SIGSYS, "cpu time"},
	{"wall kill beats everything",
	 {.wait_status = SIGNALED(SIGKILL), .killed_wall = true, .cpu_us = 5000000,
	  .oom_kills = 1},
	 SBX_TLE, SBX_LIMIT_WALL, 0, SIGKILL, "wall time"},
	{"cpu kill", {.wait_status = SIGNALED(SIGKILL), .killed_cpu = true,
		      .cpu_us = 1000100},
	 SBX_TLE, SBX_LIMIT_CPU, 0, SIGKILL, "cpu time"},
	{"finished just over the cpu limit",
	 {.wait_status = EXITED(0), .cpu_us = 1000001}, SBX_TLE, SBX_LIMIT_CPU,
	 0, 0, "cpu time"},
	{"exactly at the cpu limit is fine",
	 {.wait_status = EXITED(0), .cpu_us = 1000000}, SBX_OK, SBX_LIMIT_NONE,
	 0, 0, ""},
	{"oom kill", {.wait_status = SIGNALED(SIGKILL), .oom_kills = 1}, SBX_MLE,
	 SBX_LIMIT_MEMORY, 0, SIGKILL, "memory limit"},
	{"oom kill of a child, main exits 0",
	 {.wait_status = EXITED(0), .oom_kills = 2}, SBX_MLE, SBX_LIMIT_MEMORY,
	 0, 0, "memory limit"},
	{"sigkill without oom is not MLE",
	 {.wait_status = SIGNALED(SIGKILL), .mem_kib = 65536}, SBX_RTE,
	 SBX_LIMIT_NONE, 0, SIGKILL, "SIGKILL"},
	{"sigxfsz", {.wait_status = SIGNALED(SIGXFSZ)}, SBX_OLE, SBX_LIMIT_OUTPUT,
	 0, SIGXFSZ, "output limit"},
	{"output file full, exit 0",
	 {.wait_status = EXITED(0), .output_over = true}, SBX_OLE,
	 SBX_LIMIT_OUTPUT, 0, 0, "output limit"},
	{"rlimit cpu backstop", {.wait_status = SIGNALED(SIGXCPU), .cpu_us = 900000},
	 SBX_TLE, SBX_LIMIT_CPU, 0, SIGXCPU, "rlimit"},
	{"oom beats output", {.wait_status = SIGNALED(SIGKILL), .oom_kills = 1,
			      .output_over = true},
	 SBX_MLE, SBX_LIMIT_MEMORY, 0, SIGKILL, "memory"},
};

START_TEST(test_table)
{
	struct sbx_result r;

	memset(&r, 0xff, sizeof(r));
	sbx_classify(&cases[_i].o, &lim, &r);
	ck_assert_msg(r.status == cases[_i].status, "%s: status %s, want %s",
		      cases[_i].name, sbx_status_name(r.status),
		      sbx_status_name(cases[_i].status));
	ck_assert_msg(r.limit_hit == cases[_i].limit, "%s: limit '%s'",
		      cases[_i].name, sbx_limit_name(r.limit_hit));
	ck_assert_int_eq(r.exit_code, cases[_i].exit_code);
	ck_assert_int_eq(r.signal, cases[_i].signal);
	ck_assert_msg(strstr(r.message, cases[_i].message), "%s: message '%s'",
		      cases[_i].name, r.message);
	ck_assert_uint_eq(r.cpu_us, cases[_i].o.cpu_us);
	ck_assert_uint_eq(r.oom_kills, cases[_i].o.oom_kills);
}
END_TEST

START_TEST(test_no_cpu_limit)
{
	struct sbx_limits none = {0};
	struct sbx_outcome o = {.wait_status = EXITED(0), .cpu_us = 99000000};
	struct sbx_result r;

	sbx_classify(&o, &none, &r);
	ck_assert_int_eq(r.status, SBX_OK);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(sbx_status_name(SBX_OK), "OK");
	ck_assert_str_eq(sbx_status_name(SBX_RTE), "RTE");
	ck_assert_str_eq(sbx_status_name(SBX_TLE), "TLE");
	ck_assert_str_eq(sbx_status_name(SBX_MLE), "MLE");
	ck_assert_str_eq(sbx_status_name(SBX_OLE), "OLE");
	ck_assert_str_eq(sbx_limit_name(SBX_LIMIT_WALL), "wall");
	ck_assert_str_eq(sbx_limit_name(SBX_LIMIT_NONE), "");
}
END_TEST

Suite *suite_classify(void)
{
	Suite *s = suite_create("classify");
	TCase *tc = tcase_create("precedence");

	tcase_add_loop_test(tc, test_table, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_no_cpu_limit);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}
