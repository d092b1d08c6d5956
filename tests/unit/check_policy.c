/* check_policy.c - policies/NAME.yaml -> struct sbx_policy (sandbox/policy.c).
 *
 * The shipped default policy loads and resolves on this host; every broken
 * fixture in testdata/policies-bad/ is refused with its exact message (and
 * every fixture there has one); names, directories and host resolution
 * (symlinks, optional paths, devices, paths below a symlink) are checked
 * against a scratch tree.  Tier 1: no privilege needed.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sandbox/sandbox.h"
#include "sandbox/seccomp.h"
#include "testutil.h"

Suite *suite_policy(void);

static const struct sbx_path *find_path(const struct sbx_policy *p,
					const char *dst)
{
	for (size_t i = 0; i < p->n_paths; i++)
		if (strcmp(p->paths[i].dst, dst) == 0)
			return &p->paths[i];
	return NULL;
}

/* What the loader should have made of host path DST, worked out here
 * independently with lstat/readlink. */
static void assert_resolved(const struct sbx_policy *p, const char *dst)
{
	const struct sbx_path *sp = find_path(p, dst);
	struct stat st;
	char target[PATH_MAX];
	ssize_t n;

	if (lstat(dst, &st) != 0) {
		ck_assert_msg(sp == NULL, "missing '%s' was kept", dst);
		return;
	}
	ck_assert_msg(sp != NULL, "'%s' was dropped", dst);
	ck_assert_str_eq(sp->dst, dst);
	ck_assert(!sp->rw);
	if (S_ISLNK(st.st_mode)) {
		n = readlink(dst, target, sizeof(target) - 1);
		ck_assert_int_gt(n, 0);
		target[n] = '\0';
		ck_assert_int_eq(sp->kind, SBX_PATH_SYMLINK);
		ck_assert_str_eq(sp->src, target);
	} else {
		ck_assert_int_eq(sp->kind, SBX_PATH_BIND);
		ck_assert_str_eq(sp->src, dst);
		ck_assert_int_eq(sp->is_dir, S_ISDIR(st.st_mode));
	}
}

START_TEST(test_default_loads)
{
	static const char *const want_env[] = {
		"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/box", "TMPDIR=/tmp",
		"LANG=C.UTF-8", "LC_ALL=C.UTF-8", NULL};
	static const char *const listed[] = {
		"/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32",
		"/etc/ld.so.cache", "/etc/alternatives", "/etc/localtime"};
	struct sbx_policy *p = NULL;
	struct arb_err err = {0};
	const struct sbx_path *lib;
	struct stat st;
	size_t i, last = 0;

	ck_assert_msg(sbx_policy_load(tu_policy_dir(), "default", &p, &err) == 0,
		      "%s", err.msg);
	ck_assert_str_eq(p->name, "default");
	ck_assert_ptr_nonnull(strstr(p->description, "judged programs"));

	/* Every listed path as this host has it, in file order. */
	for (i = 0; i < sizeof(listed) / sizeof(listed[0]); i++) {
		const struct sbx_path *sp = find_path(p, listed[i]);

		assert_resolved(p, listed[i]);
		if (sp) {
			ck_assert_uint_ge((size_t)(sp - p->paths), last);
			last = (size_t)(sp - p->paths);
		}
	}
	ck_assert_int_eq(find_path(p, "/usr")->kind, SBX_PATH_BIND);
	ck_assert(find_path(p, "/usr")->is_dir);
	ck_assert(!find_path(p, "/usr")->optional);
	/* Merged /usr, as on this host: /lib is the link "usr/lib". */
	lib = find_path(p, "/lib");
	ck_assert_ptr_nonnull(lib);
	if (lstat("/lib", &st) == 0 && S_ISLNK(st.st_mode)) {
		ck_assert_int_eq(lib->kind, SBX_PATH_SYMLINK);
		ck_assert_str_eq(lib->src, "usr/lib");
		ck_assert_str_eq(lib->dst, "/lib");
	}
	if (lstat("/libx32", &st) != 0)
		ck_assert_ptr_null(find_path(p, "/libx32"));

	ck_assert_uint_eq(p->n_env, 5);
	for (i = 0; want_env[i]; i++)
		ck_assert_str_eq(p->env[i], want_env[i]);
	ck_assert_ptr_null(p->env[i]);

	ck_assert_ptr_nonnull(p->seccomp.filter);
	ck_assert_uint_gt(p->seccomp.len, 10);
	sbx_policy_free(p);
}
END_TEST

/* Parsing touches nothing on the host: paths stay as written. */
START_TEST(test_parse_is_pure)
{
	static const char text[] =
		"name: pure\n"
		"readonly:\n"
		"  - /nonexistent/arbiter\n"
		"  - {path: /boxes, optional: true}\n"
		"  - {path: /procfs, optional: false}\n"
		"env: {EMPTY: \"\", _X1: 'a b'}\n"
		"seccomp:\n"
		"  default: allow\n"
		"  kill: [mount, socketcall]\n"
		"  errno:\n"
		"    ENOSYS: [clone3]\n"
		"    EACCES: [chroot]\n";
	struct sbx_policy *p = NULL;
	struct arb_err err = {0};
	const struct seccomp_rules *r;

	ck_assert_msg(sbx_policy_parse(text, strlen(text), "pure.yaml", &p,
				       &err) == 0,
		      "%s", err.msg);
	ck_assert_str_eq(p->name, "pure");
	ck_assert_str_eq(p->description, "");
	ck_assert_uint_eq(p->n_paths, 3);
	ck_assert_int_eq(p->paths[0].kind, SBX_PATH_BIND);
	ck_assert_str_eq(p->paths[0].src, "/nonexistent/arbiter");
	ck_assert_str_eq(p->paths[0].dst, "/nonexistent/arbiter");
	ck_assert(!p->paths[0].optional);
	ck_assert_str_eq(p->paths[1].dst, "/boxes"); /* not under /box */
	ck_assert(p->paths[1].optional);
	ck_assert(!p->paths[2].optional);
	ck_assert_uint_eq(p->n_env, 2);
	ck_assert_str_eq(p->env[0], "EMPTY=");
	ck_assert_str_eq(p->env[1], "_X1=a b");
	ck_assert_ptr_null(p->env[2]);
	/* Not compiled yet: that is sbx_policy_load's job. */
	ck_assert_ptr_null(p->seccomp.filter);
	ck_assert_uint_eq(p->seccomp.len, 0);

	r = p->seccomp_rules;
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->dflt, SECCOMP_RULE_ALLOW);
	ck_assert_uint_eq(r->n_rules, 4);
	ck_assert_int_eq(r->rules[0].nr, SYS_mount);
	ck_assert_int_eq(r->rules[0].action, SECCOMP_RULE_KILL);
	ck_assert_int_lt(r->rules[1].nr, 0); /* socketcall: not on x86_64 */
	ck_assert_int_eq(r->rules[2].nr, SYS_clone3);
	ck_assert_int_eq(r->rules[2].action, SECCOMP_RULE_ERRNO);
	ck_assert_int_eq(r->rules[2].errnum, ENOSYS);
	ck_assert_int_eq(r->rules[3].errnum, EACCES);
	sbx_policy_free(p);
}
END_TEST

/* Every file in testdata/policies-bad/ and the message it must produce. */
static const struct {
	const char *name;
	const char *msg;
} bad_fixtures[] = {
	{"alias", "alias.yaml: readonly[1]: aliases are not supported"},
	{"bad-default", "bad-default.yaml: seccomp.default: expected allow, kill or errno, not 'deny'"},
	{"bad-name", "bad-name.yaml: name: 'Bad Name' is not a valid policy name ([a-z0-9][a-z0-9_-]*)"},
	{"box-path", "box-path.yaml: readonly[0]: '/box' is under /box, which the sandbox owns"},
	{"dev-path", "dev-path.yaml: readonly[0]: '/dev/null' is under /dev, which the sandbox owns"},
	{"dot-path", "dot-path.yaml: readonly[0]: '/usr/./lib' is not normalised ('.')"},
	{"dotdot-path", "dotdot-path.yaml: readonly[0]: '/usr/../etc' is not normalised ('..')"},
	{"double-slash", "double-slash.yaml: readonly[0]: '/usr//lib' is not normalised ('//')"},
	{"dup-env", "dup-env.yaml: env.PATH: duplicate key"},
	{"dup-errno", "dup-errno.yaml: seccomp.errno.EPERM: duplicate key"},
	{"dup-key", "dup-key.yaml: description: duplicate key"},
	{"dup-path", "dup-path.yaml: readonly[2]: '/usr' is listed twice"},
	{"dup-syscall", "dup-syscall.yaml: seccomp.errno.EPERM[1]: system call 'ptrace' is listed twice"},
	{"empty-name", "empty-name.yaml: name: must not be empty"},
	{"empty", "empty.yaml: empty file"},
	{"env-bad-key", "env-bad-key.yaml: env: key '1FOO' is not a valid name"},
	{"env-not-map", "env-not-map.yaml: env: expected a map of NAME: value"},
	{"env-null", "env-null.yaml: env.FOO: expected a string, not null"},
	{"errno-not-list", "errno-not-list.yaml: seccomp.errno.EPERM: expected a list of system calls"},
	{"errno-same-as-default", "errno-same-as-default.yaml: seccomp.errno.EPERM: the default action is already errno EPERM"},
	{"kill-not-list", "kill-not-list.yaml: seccomp.kill: expected a list of system calls"},
	{"kill-with-kill-default", "kill-with-kill-default.yaml: seccomp.kill: the default action is already kill"},
	{"missing-default", "missing-default.yaml: seccomp.default: missing"},
	{"missing-name", "missing-name.yaml: name: missing"},
	{"missing-path", "missing-path.yaml: readonly[1]: '/nonexistent-arbiter-policy-test': No such file or directory"},
	{"missing-seccomp", "missing-seccomp.yaml: seccomp: missing"},
	{"name-mismatch", "name-mismatch.yaml: name: 'other' does not match the file name"},
	{"name-not-string", "name-not-string.yaml: name: expected a string"},
	{"not-a-map", "not-a-map.yaml: expected a map of policy keys"},
	{"nul-byte", "nul-byte.yaml: description: contains a NUL byte"},
	{"optional-not-bool", "optional-not-bool.yaml: readonly[0].optional: expected true or false"},
	{"proc-path", "proc-path.yaml: readonly[0]: '/proc' is under /proc, which the sandbox owns"},
	{"readonly-no-path", "readonly-no-path.yaml: readonly[0].path: missing"},
	{"readonly-not-list", "readonly-not-list.yaml: readonly: expected a list"},
	{"readonly-unknown-key", "readonly-unknown-key.yaml: readonly[0].rw: unknown key"},
	{"relative-path", "relative-path.yaml: readonly[0]: 'usr' is not an absolute path"},
	{"root-path", "root-path.yaml: readonly[0]: '/' cannot be bound: the box has its own root"},
	{"syntax", "syntax.yaml: line 7: mapping values are not allowed in this context"},
	{"syscall-not-string", "syscall-not-string.yaml: seccomp.kill[0]: expected a string"},
	{"tag", "tag.yaml: name: unsupported tag 'tag:yaml.org,2002:binary'"},
	{"tmp-path", "tmp-path.yaml: readonly[1]: '/tmp/x' is under /tmp, which the sandbox owns"},
	{"trailing-slash", "trailing-slash.yaml: readonly[0]: '/usr/' is not normalised (trailing '/')"},
	{"two-docs", "two-docs.yaml: line 5: more than one YAML document"},
	{"unknown-errno", "unknown-errno.yaml: seccomp.errno.EFOO: unknown errno name"},
	{"unknown-key", "unknown-key.yaml: colour: unknown key"},
	{"unknown-seccomp-key", "unknown-seccomp-key.yaml: seccomp.trap: unknown key"},
	{"unknown-syscall", "unknown-syscall.yaml: seccomp.kill[3]: unknown system call 'mountt'"},
};
#define N_BAD (sizeof(bad_fixtures) / sizeof(bad_fixtures[0]))

START_TEST(test_bad_fixture)
{
	char dir[PATH_MAX];
	struct sbx_policy *p = NULL;
	struct arb_err err = {0};

	snprintf(dir, sizeof(dir), "%s", tu_srcdata("policies-bad"));
	ck_assert_int_eq(sbx_policy_load(dir, bad_fixtures[_i].name, &p, &err), -1);
	ck_assert_ptr_null(p);
	ck_assert_msg(err.kind == ARB_E_PACKAGE, "%s: kind %s",
		      bad_fixtures[_i].name, arb_errkind_name(err.kind));
	ck_assert_str_eq(err.msg, bad_fixtures[_i].msg);
}
END_TEST

/* A fixture without an expected message would be a test that never ran. */
START_TEST(test_every_fixture_listed)
{
	DIR *d = opendir(tu_srcdata("policies-bad"));
	struct dirent *e;
	size_t seen = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name), i;

		if (e->d_name[0] == '.')
			continue;
		ck_assert_msg(len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0,
			      "stray file '%s'", e->d_name);
		for (i = 0; i < N_BAD; i++)
			if (strlen(bad_fixtures[i].name) == len - 5 &&
			    strncmp(bad_fixtures[i].name, e->d_name, len - 5) == 0)
				break;
		ck_assert_msg(i < N_BAD, "fixture '%s' has no expected message",
			      e->d_name);
		seen++;
	}
	closedir(d);
	ck_assert_uint_eq(seen, N_BAD);
}
END_TEST

START_TEST(test_unknown_name)
{
	struct sbx_policy *p = NULL;
	struct arb_err err = {0};
	char want[PATH_MAX + 64];

	ck_assert_int_eq(sbx_policy_load(tu_policy_dir(), "nosuch", &p, &err), -1);
	ck_assert_ptr_null(p);
	ck_assert_int_eq(err.kind, ARB_E_REQUEST);
	snprintf(want, sizeof(want), "unknown policy 'nosuch' (looked in %s)",
		 tu_policy_dir());
	ck_assert_str_eq(err.msg, want);
}
END_TEST

START_TEST(test_bad_name)
{
	static const char *const names[] = {"../etc", "", "Default", "a/b",
					    "-x", "_x", "default.yaml", "a b"};
	struct sbx_policy *p = NULL;
	struct arb_err err = {0};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		ck_assert_int_eq(sbx_policy_load(tu_policy_dir(), names[i], &p,
						 &err), -1);
		ck_assert_ptr_null(p);
		ck_assert_int_eq(err.kind, ARB_E_REQUEST);
		ck_assert_msg(strncmp(err.msg, "unknown policy '", 16) == 0,
			      "%s", err.msg);
	}
	ck_assert_str_eq(err.msg, "unknown policy 'a b' (a policy name is "
				  "[a-z0-9][a-z0-9_-]*)");
	/* The same name is fine: the refusal was about its shape. */
	ck_assert_int_eq(sbx_policy_load(tu_policy_dir(), "default", &p, &err), 0);
	sbx_policy_free(p);
}
END_TEST

START_TEST(test_missing_dir)
{
	struct sbx_policy *p = NULL;
	struct arb_err err = {0};

	ck_assert_int_eq(sbx_policy_load("/nonexistent/arbiter/policies",
					 "default", &p, &err), -1);
	ck_assert_ptr_null(p);
	ck_assert_int_eq(err.kind, ARB_E_INTERNAL);
	ck_assert_str_eq(err.msg, "policy directory '/nonexistent/arbiter/policies': "
				  "No such file or directory");
}
END_TEST

START_TEST(test_policy_dir)
{
	char dir[PATH_MAX], real[PATH_MAX], want[PATH_MAX];
	struct sbx_policy *p = NULL;
	struct arb_err err = {0};

	/* CK_FORK: environment changes stay in this test's process. */
	ck_assert_ptr_nonnull(realpath(tu_policy_dir(), want));
	setenv("ARBITER_POLICY_DIR", want, 1);
	ck_assert_int_eq(sbx_policy_dir(dir, sizeof(dir), &err), 0);
	ck_assert_str_eq(dir, want);
	ck_assert_int_eq(sbx_policy_load(NULL, "default", &p, &err), 0);
	sbx_policy_free(p);

	setenv("ARBITER_POLICY_DIR", "/nonexistent/arbiter", 1);
	ck_assert_int_eq(sbx_policy_dir(dir, sizeof(dir), &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_INTERNAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "'/nonexistent/arbiter'"));
	ck_assert_int_eq(sbx_policy_load(NULL, "default", &p, &err), -1);

	/* Unset: found next to the test binary (BUILD/check_arbiter ->
	 * BUILD/../policies), which is this checkout's policies/. */
	unsetenv("ARBITER_POLICY_DIR");
	ck_assert_msg(sbx_policy_dir(dir, sizeof(dir), &err) == 0, "%s", err.msg);
	ck_assert_ptr_nonnull(realpath(dir, real));
	ck_assert_str_eq(real, want);

	ck_assert_int_eq(sbx_policy_dir(dir, 8, &err), -1); /* too small */
}
END_TEST

START_TEST(test_free_null)
{
	sbx_policy_free(NULL);
}
END_TEST

START_TEST(test_too_large)
{
	size_t len = (1u << 20) + 1;
	char *text = malloc(len);
	struct sbx_policy *p = NULL;
	struct arb_err err = {0};

	ck_assert_ptr_nonnull(text);
	memset(text, '#', len);
	ck_assert_int_eq(sbx_policy_parse(text, len, "big.yaml", &p, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_PACKAGE);
	ck_assert_str_eq(err.msg, "big.yaml: too large (1048577 bytes, the limit is 1048576)");
	/* Exactly at the cap is read (and is an empty, comment-only file). */
	ck_assert_int_eq(sbx_policy_parse(text, len - 1, "big.yaml", &p, &err), -1);
	ck_assert_str_eq(err.msg, "big.yaml: empty file");
	free(text);
}
END_TEST

/*** Host resolution against a scratch tree ***/

/* The scratch tree must not be under /tmp, /box, /dev or /proc, which a
 * policy may not name - and a checkout (so its build dir) may well be under
 * /tmp.  /var/tmp is on every Debian host; realpath: no symlink above it. */
static char *scratch_dir(void)
{
	char base[PATH_MAX], tmpl[PATH_MAX + 32];
	char *d;

	ck_assert_ptr_nonnull(realpath("/var/tmp", base));
	snprintf(tmpl, sizeof(tmpl), "%s/arbiter-policy-XXXXXX", base);
	d = mkdtemp(tmpl);
	ck_assert_ptr_nonnull(d);
	return strdup(d);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static int load_with_paths(const char *dir, const char *name,
			   const char *yaml_paths, struct sbx_policy **p,
			   struct arb_err *err)
{
	char text[8192], file[128];

	snprintf(text, sizeof(text),
		 "name: %s\nreadonly:\n%s\nseccomp:\n  default: allow\n", name,
		 yaml_paths);
	snprintf(file, sizeof(file), "%s.yaml", name);
	write_file(dir, file, text);
	return sbx_policy_load(dir, name, p, err);
}

START_TEST(test_host_resolution)
{
	char *s = scratch_dir();
	char path[PATH_MAX], list[4096], want[PATH_MAX * 2];
	struct sbx_policy *p = NULL;
	struct arb_err err = {0};

	snprintf(path, sizeof(path), "%s/d", s);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/d/inner", s);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	write_file(s, "f", "x");
	snprintf(path, sizeof(path), "%s/l", s);
	ck_assert_int_eq(symlink("d", path), 0);
	snprintf(path, sizeof(path), "%s/abs", s);
	ck_assert_int_eq(symlink("/usr", path), 0);
	snprintf(path, sizeof(path), "%s/dangling", s);
	ck_assert_int_eq(symlink("nowhere", path), 0);
	snprintf(path, sizeof(path), "%s/fifo", s);
	ck_assert_int_eq(mkfifo(path, 0644), 0);

	snprintf(list, sizeof(list),
		 "  - %s/d\n  - %s/f\n  - {path: %s/gone, optional: true}\n"
		 "  - %s/l\n  - {path: %s/gone/deeper, optional: true}\n"
		 "  - %s/abs\n  - {path: %s/dangling, optional: true}\n",
		 s, s, s, s, s, s, s);
	ck_assert_msg(load_with_paths(s, "ok", list, &p, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(p->n_paths, 5); /* the two missing optional dropped */
	ck_assert_int_eq(p->paths[0].kind, SBX_PATH_BIND);
	ck_assert(p->paths[0].is_dir);
	snprintf(path, sizeof(path), "%s/d", s);
	ck_assert_str_eq(p->paths[0].src, path);
	ck_assert_str_eq(p->paths[0].dst, path);
	ck_assert_int_eq(p->paths[1].kind, SBX_PATH_BIND);
	ck_assert(!p->paths[1].is_dir);
	ck_assert_int_eq(p->paths[2].kind, SBX_PATH_SYMLINK);
	ck_assert_str_eq(p->paths[2].src, "d");
	snprintf(path, sizeof(path), "%s/l", s);
	ck_assert_str_eq(p->paths[2].dst, path);
	ck_assert_int_eq(p->paths[3].kind, SBX_PATH_SYMLINK);
	ck_assert_str_eq(p->paths[3].src, "/usr");
	/* A dangling link is still a link: recreated as is. */
	ck_assert_int_eq(p->paths[4].kind, SBX_PATH_SYMLINK);
	ck_assert_str_eq(p->paths[4].src, "nowhere");
	ck_assert(p->paths[4].optional);
	sbx_policy_free(p);
	p = NULL;

	snprintf(list, sizeof(list), "  - %s/d\n  - %s/fifo\n", s, s);
	ck_assert_int_eq(load_with_paths(s, "fifo", list, &p, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_PACKAGE);
	snprintf(want, sizeof(want),
		 "fifo.yaml: readonly[1]: '%s/fifo' is not a file, directory or symlink",
		 s);
	ck_assert_str_eq(err.msg, want);

	snprintf(list, sizeof(list), "  - %s/gone\n", s);
	ck_assert_int_eq(load_with_paths(s, "required", list, &p, &err), -1);
	snprintf(want, sizeof(want),
		 "required.yaml: readonly[0]: '%s/gone': No such file or directory",
		 s);
	ck_assert_str_eq(err.msg, want);

	snprintf(list, sizeof(list), "  - %s/l/inner\n", s);
	ck_assert_int_eq(load_with_paths(s, "below", list, &p, &err), -1);
	snprintf(want, sizeof(want),
		 "below.yaml: readonly[0]: '%s/l/inner' is below a symlink on "
		 "this host ('%s/l' is '%s/d'); list the resolved path",
		 s, s, s);
	ck_assert_str_eq(err.msg, want);
	ck_assert_ptr_null(p);

	/* The policy file itself: a directory named like one, too large. */
	snprintf(path, sizeof(path), "%s/dir.yaml", s);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	ck_assert_int_eq(sbx_policy_load(s, "dir", &p, &err), -1);
	ck_assert_str_eq(err.msg, "dir.yaml: not a regular file");
	snprintf(path, sizeof(path), "%s/huge.yaml", s);
	write_file(s, "huge.yaml", "");
	ck_assert_int_eq(truncate(path, (1 << 20) + 1), 0);
	ck_assert_int_eq(sbx_policy_load(s, "huge", &p, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_PACKAGE);
	ck_assert_str_eq(err.msg,
			 "huge.yaml: too large (1048577 bytes, the limit is 1048576)");

	tu_rm_rf(s);
	free(s);
}
END_TEST

Suite *suite_policy(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("load");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_default_loads);
	tcase_add_test(tc, test_parse_is_pure);
	tcase_add_loop_test(tc, test_bad_fixture, 0, (int)N_BAD);
	tcase_add_test(tc, test_every_fixture_listed);
	tcase_add_test(tc, test_unknown_name);
	tcase_add_test(tc, test_bad_name);
	tcase_add_test(tc, test_missing_dir);
	tcase_add_test(tc, test_policy_dir);
	tcase_add_test(tc, test_free_null);
	tcase_add_test(tc, test_too_large);
	tcase_add_test(tc, test_host_resolution);
	suite_add_tcase(s, tc);
	return s;
}
