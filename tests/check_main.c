/* check_main.c - the one test runner.
 *
 * Every suite is a function `Suite *suite_NAME(void)` declared below; a
 * module's tests file defines it.  Sandbox suites (tier 2) need root and a
 * writable cgroup: they are added only when the capability probe passes, and
 * otherwise a "# SKIP" line names the missing privilege (Check has no skip).
 * CK_FORK stays on, so a crashing test or a leaked namespace cannot poison
 * the next one.  CK_RUN_SUITE / CK_RUN_CASE select a subset.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "testutil.h"

/* Weak: a suite whose file is not linked in is simply absent. */
#define SUITES(X)                                                              \
	X(units, 0)                                                            \
	X(err, 0)                                                              \
	X(classify, 0)                                                         \
	X(cgroup_parse, 0)                                                     \
	X(cgroup_fake, 0)                                                      \
	X(policy, 0)                                                           \
	X(seccomp, 0)                                                          \
	X(exec_cli, 0)                                                         \
	X(verdict, 0)                                                          \
	X(intake, 0)                                                           \
	X(safeopen, 0)                                                         \
	X(problem, 0)                                                          \
	X(problem_inval, 0)                                                    \
	X(score, 0)                                                            \
	X(testlib, 0)                                                          \
	X(validate, 0)                                                         \
	X(lang, 0)                                                             \
	X(report, 0)                                                           \
	X(batch, 0)                                                            \
	X(msg, 0)                                                              \
	X(config, 0)                                                           \
	X(metrics, 0)                                                          \
	X(rconn, 0)                                                            \
	X(stream, 0)                                                           \
	X(client, 0)                                                           \
	X(pkgcache, 0)                                                         \
	X(doctor, 0)                                                           \
	X(cgroup_real, 1)                                                      \
	X(sbx_basic, 1)                                                        \
	X(sbx_prepared, 1)                                                     \
	X(sbx_limits, 1)                                                       \
	X(sbx_hostile, 1)                                                      \
	X(sbx_accuracy, 1)                                                     \
	X(pipeline, 1)                                                         \
	X(checker, 1)                                                          \
	X(worker, 1)

#define DECLARE(name, root) Suite *suite_##name(void) __attribute__((weak));
SUITES(DECLARE)
#undef DECLARE

struct suite_entry {
	const char *name;
	Suite *(*make)(void);
	int needs_root;
};

int main(void)
{
	static const struct suite_entry suites[] = {
#define ENTRY(name, root) {#name, suite_##name, root},
		SUITES(ENTRY)
#undef ENTRY
	};
	const char *why = tu_sandbox_unavailable();
	SRunner *sr = NULL;
	int failed;

	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (!suites[i].make)
			continue;
		if (suites[i].needs_root && why) {
			printf("# SKIP suite %s: %s\n", suites[i].name, why);
			continue;
		}
		if (!sr)
			sr = srunner_create(suites[i].make());
		else
			srunner_add_suite(sr, suites[i].make());
	}
	if (!sr) {
		fprintf(stderr, "no test suite linked in\n");
		return 1;
	}
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
