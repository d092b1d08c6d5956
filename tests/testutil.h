/* testutil.h - helpers shared by the test suites. */
#ifndef ARBITER_TESTS_TESTUTIL_H
#define ARBITER_TESTS_TESTUTIL_H

#include <stddef.h>

/* NULL when the sandbox suites can run (root, cgroups writable, namespaces
 * available); otherwise the reason they cannot. */
const char *tu_sandbox_unavailable(void);

/* Absolute path of a built test program: $ARBITER_TESTDATA/REL. */
const char *tu_testdata(const char *rel);

/* Absolute path of a source fixture: $ARBITER_SRCDATA/REL. */
const char *tu_srcdata(const char *rel);

/* Directory holding the policies ($ARBITER_POLICY_DIR). */
const char *tu_policy_dir(void);

/* Read a whole file into a malloc'd NUL-terminated buffer (NULL on error). */
char *tu_read_file(const char *path, size_t *len);

/* Number of open fds of this process. */
int tu_count_fds(void);

/* Make a fresh temporary directory (mode 0755) and return its path. */
char *tu_mkdtemp(void);

/* rm -rf PATH (test scratch only). */
void tu_rm_rf(const char *path);

#endif
