/* check_sbx_prepared.c - prepared boxes (sbx_prepare): built once, entered
 * by many runs, and still a clean box for each.
 *
 * Tier 2 (root).  The cross-run probe is testdata/hostile/trace.c, which
 * leaves files in /tmp and /dev/shm, a SysV segment and a detached child,
 * and looks for those of an earlier run; its "check" twin proves the probes
 * see them.  The selftest's state package does the same through the judge.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbxtest.h"
#include "testutil.h"

Suite *suite_sbx_prepared(void);

static const struct sbx_limits quick = {
	.cpu_us = 2000 * ST_MS,
	.wall_us = 5000 * ST_MS,
	.mem_bytes = 256 * ST_MIB,
	.pids = 16,
};

static void assert_stdout(const char *want)
{
	char *out = st_stdout();

	ck_assert_msg(!strcmp(out, want), "stdout '%s', expected '%s'", out, want);
	free(out);
}

/* Three runs in one prepared box: none finds what the one before left. */
START_TEST(test_runs_start_clean)
{
	struct st_opts o = {.prepared = st_prepare(NULL)};
	struct sbx_result r;
	char *out;

	for (int i = 0; i < 3; i++) {
		st_run_opts("trace", NULL, &quick, &o, &r);
		st_assert_status(&r, SBX_OK);
		assert_stdout("clean\n");
		ck_assert_int_eq(st_box_procs_left(), 0);
	}
	/* Twin: within one run, every probe finds its trace. */
	st_run_opts("trace", ST_ARGS("check"), &quick, &o, &r);
	st_assert_status(&r, SBX_OK);
	out = st_stdout();
	ck_assert_msg(strstr(out, "TRACE /tmp\n") && strstr(out, "TRACE /dev/shm\n") &&
		      strstr(out, "TRACE sysv-shm\n") && strstr(out, "TRACE process\n"),
		      "the twin saw: %s", out);
	free(out);
	sbx_prepared_free(o.prepared);
	st_assert_no_cgroups_left();
}
END_TEST

/* Limits hold in a prepared box, and a run's figures are its own: the
 * peak of a run that touched 64 MiB is not the next run's. */
START_TEST(test_limits_and_figures_per_run)
{
	static const struct sbx_limits cpu = {.cpu_us = 200 * ST_MS,
					      .wall_us = 2000 * ST_MS,
					      .mem_bytes = 256 * ST_MIB, .pids = 16};
	struct st_opts o = {.prepared = st_prepare(NULL)};
	struct sbx_result r;

	st_run_opts("cpu_burner", NULL, &cpu, &o, &r);
	st_assert_status(&r, SBX_TLE);
	st_run_opts("touch_mem", ST_ARGS("64"), &quick, &o, &r);
	st_assert_status(&r, SBX_OK);
	ck_assert_uint_ge(r.mem_kib, 64 * 1024);
	st_run_opts("hello", NULL, &quick, &o, &r);
	st_assert_status(&r, SBX_OK);
	ck_assert_msg(r.mem_kib < 16 * 1024, "hello's peak %llu KiB",
		      (unsigned long long)r.mem_kib);
	ck_assert_uint_lt(r.cpu_us, 100 * ST_MS);
	sbx_prepared_free(o.prepared);
}
END_TEST

/* A prepared box keeps one cgroup for its runs and resets it between
 * them (isolate 1.10 reports the previous run's peak and a stale OOM
 * flag): an OOM kill is its run's alone, and a small program's peak is
 * not lost in what the last run left charged.  Other limits get a new
 * cgroup. */
START_TEST(test_cgroup_kept_and_reset)
{
	static const struct sbx_limits small = {.cpu_us = 2000 * ST_MS,
						.wall_us = 5000 * ST_MS,
						.mem_bytes = 32 * ST_MIB, .pids = 16};
	static const struct sbx_limits killed = {.wall_us = 200 * ST_MS,
						 .mem_bytes = 32 * ST_MIB, .pids = 16};
	struct st_opts o = {.prepared = st_prepare(NULL)};
	char first[512], now[512];
	struct sbx_result r;

	st_run_opts("touch_mem", ST_ARGS("64"), &small, &o, &r);
	st_assert_status(&r, SBX_MLE);
	ck_assert_uint_ge(r.oom_kills, 1);
	ck_assert_int_gt(st_cgroups_left(first, sizeof(first)), 0);
	for (int i = 0; i < 2; i++) {
		st_run_opts("hello", NULL, &small, &o, &r);
		st_assert_status(&r, SBX_OK);
		ck_assert_uint_eq(r.oom_kills, 0);
		ck_assert_msg(r.mem_kib > 0 && r.mem_kib < 16 * 1024,
			      "hello's peak %llu KiB", (unsigned long long)r.mem_kib);
		ck_assert_int_gt(st_cgroups_left(now, sizeof(now)), 0);
		ck_assert_str_eq(now, first);
	}
	/* A run killed from outside, its init with it, leaves 24 MiB in its
	 * /tmp: not the next run's (hello's peak would be 0 KiB, counted
	 * from a usage holding them, freed by the next init). */
	st_run_opts("touch_mem", ST_ARGS("24", "tmp", "hang"), &killed, &o, &r);
	st_assert_status(&r, SBX_TLE);
	st_run_opts("hello", NULL, &small, &o, &r);
	st_assert_status(&r, SBX_OK);
	ck_assert_msg(r.mem_kib > 0 && r.mem_kib < 16 * 1024, "hello's peak %llu KiB",
		      (unsigned long long)r.mem_kib);
	ck_assert_uint_eq(r.oom_kills, 0);
	st_run_opts("hello", NULL, &quick, &o, &r);
	st_assert_status(&r, SBX_OK);
	ck_assert_int_gt(st_cgroups_left(now, sizeof(now)), 0);
	ck_assert_str_ne(now, first);
	sbx_prepared_free(o.prepared);
	st_assert_no_cgroups_left();
}
END_TEST

/* What a run leaves in its /tmp is charged to its memory cgroup, not the
 * next run's (a reset peak would have hidden the next run's 32 MiB under
 * the 48 MiB left there). */
START_TEST(test_tmp_left_not_counted)
{
	struct st_opts o = {.prepared = st_prepare(NULL)};
	struct sbx_result r;

	st_run_opts("touch_mem", ST_ARGS("48", "tmp"), &quick, &o, &r);
	st_assert_status(&r, SBX_OK);
	ck_assert_uint_ge(r.mem_kib, 48 * 1024);
	st_run_opts("touch_mem", ST_ARGS("32"), &quick, &o, &r);
	st_assert_status(&r, SBX_OK);
	ck_assert_msg(r.mem_kib >= 32 * 1024 && r.mem_kib < 40 * 1024,
		      "peak %llu KiB for 32 MiB touched", (unsigned long long)r.mem_kib);
	sbx_prepared_free(o.prepared);
}
END_TEST

/* A read-only box dir is what a prepared box is for: what a run cannot
 * write there cannot reach the next run either. */
START_TEST(test_box_dir_read_only)
{
	struct sbx_prepared *p = NULL;
	struct sbx_spec spec;
	struct arb_err err;

	memset(&spec, 0, sizeof(spec));
	spec.policy = st_policy();
	spec.box_id = st_box_id();
	spec.box_dir = st_tmp();
	ck_assert_int_eq(sbx_prepare(&spec, &p, &err), -1);
	ck_assert_ptr_null(p);
	ck_assert_msg(strstr(err.msg, "read-only"), "%s", err.msg);
}
END_TEST

/* A run whose filesystem differs from the prepared box's is refused, not
 * run in the wrong box. */
START_TEST(test_mismatch_refused)
{
	struct sbx_prepared *p = st_prepare(NULL);
	const char *argv[] = {"/t/hello", NULL};
	struct sbx_result r;
	struct sbx_spec spec;
	struct arb_err err;

	memset(&spec, 0, sizeof(spec));
	spec.policy = st_policy();
	spec.argv = argv;
	spec.box_id = st_box_id();
	spec.limits = quick;
	spec.stdin_fd = spec.stdout_fd = spec.stderr_fd = -1;
	spec.prepared = p; /* no /t bind: not what p was built with */
	ck_assert_int_eq(sbx_run(&spec, &r, &err), -1);
	ck_assert_msg(strstr(err.msg, "prepared box"), "%s", err.msg);
	sbx_prepared_free(p);
}
END_TEST

Suite *suite_sbx_prepared(void)
{
	Suite *s = suite_create("sbx_prepared");
	TCase *tc = st_tcase("prepared", 60);

	tcase_add_test(tc, test_runs_start_clean);
	tcase_add_test(tc, test_limits_and_figures_per_run);
	tcase_add_test(tc, test_cgroup_kept_and_reset);
	tcase_add_test(tc, test_tmp_left_not_counted);
	tcase_add_test(tc, test_box_dir_read_only);
	tcase_add_test(tc, test_mismatch_refused);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, st_leftovers_tcase());
	return s;
}
