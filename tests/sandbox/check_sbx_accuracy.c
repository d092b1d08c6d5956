/* check_sbx_accuracy.c - the figures sbx_run() reports are the program's.
 *
 * Tier 2 (root).  burn_ms spends an exact amount of CPU measured by its own
 * threads' clocks; touch_mem writes an exact number of pages.  The box's
 * cgroup must report them within the tolerances judges rely on: ±3 % of CPU
 * (start-up of a static binary is a few ms), and memory between the pages
 * touched and +16 MiB (binary, page tables, kernel stacks).
 */
#include <check.h>
#include <stdlib.h>

#include "sbxtest.h"
#include "testutil.h"

Suite *suite_sbx_accuracy(void);

static const struct sbx_limits roomy = {
	.cpu_us = 5000 * ST_MS,
	.wall_us = 15000 * ST_MS,
	.mem_bytes = 256 * ST_MIB,
	.pids = 16,
};

static void assert_cpu_about(const struct sbx_result *r, uint64_t want_us)
{
	uint64_t tol = want_us * 3 / 100;

	st_assert_status(r, SBX_OK);
	ck_assert_msg(r->cpu_us >= want_us - tol && r->cpu_us <= want_us + tol,
		      "cpu %llu us, want %llu us ± 3 %%: %s",
		      (unsigned long long)r->cpu_us,
		      (unsigned long long)want_us, st_describe(r));
}

START_TEST(test_cpu_one_thread)
{
	struct sbx_result r;

	st_run("burn_ms", ST_ARGS("1000", "1"), &roomy, &r);
	assert_cpu_about(&r, 1000 * ST_MS);
}
END_TEST

START_TEST(test_cpu_two_threads)
{
	struct sbx_result r;

	st_run("burn_ms", ST_ARGS("1000", "2"), &roomy, &r);
	assert_cpu_about(&r, 1000 * ST_MS);
}
END_TEST

START_TEST(test_memory_peak)
{
	struct sbx_result r;

	st_run("touch_mem", ST_ARGS("64"), &roomy, &r);
	st_assert_status(&r, SBX_OK);
	ck_assert_msg(r.mem_kib >= 64 * 1024 && r.mem_kib <= 80 * 1024,
		      "peak not in [64, 80] MiB: %s", st_describe(&r));
	ck_assert_uint_eq(r.oom_kills, 0);
}
END_TEST

Suite *suite_sbx_accuracy(void)
{
	Suite *s = suite_create("sbx_accuracy");
	TCase *tc;

	tc = st_tcase("cpu", 30);
	tcase_add_test(tc, test_cpu_one_thread);
	tcase_add_test(tc, test_cpu_two_threads);
	suite_add_tcase(s, tc);

	tc = st_tcase("memory", 30);
	tcase_add_test(tc, test_memory_peak);
	suite_add_tcase(s, tc);

	suite_add_tcase(s, st_leftovers_tcase());
	return s;
}
