/* fuzz_policy.c - libFuzzer harness: sandbox policy YAML (judge/sandbox/policy.c).
 *
 * The input is the text of a policies/NAME.yaml, given to
 * sbx_policy_parse(), the pure stage (no host access: paths are not
 * resolved and no BPF is compiled).  Beyond the sanitizers: a refused file
 * is an error with a message, and a parsed policy holds only what the
 * mount plan may meet: read-only destinations that are absolute,
 * normalised and outside what the sandbox owns (/box, /tmp, /dev, /proc),
 * and KEY=VALUE environment entries.
 */
#include "harness.h"

#include <string.h>

#include "sandbox/sandbox.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static bool owned_by_sandbox(const char *path)
{
	static const char *const owned[] = {"/box", "/tmp", "/dev", "/proc"};

	for (size_t i = 0; i < sizeof(owned) / sizeof(owned[0]); i++) {
		size_t n = strlen(owned[i]);

		if (strncmp(path, owned[i], n) == 0 && (path[n] == '\0' || path[n] == '/'))
			return true;
	}
	return false;
}

static bool normalised(const char *path)
{
	size_t len = strlen(path);

	if (path[0] != '/' || len < 2 || path[len - 1] == '/' || strstr(path, "//"))
		return false;
	for (const char *s = path; s; s = strchr(s + 1, '/'))
		if (strcmp(s, "/.") == 0 || strncmp(s, "/./", 3) == 0 ||
		    strcmp(s, "/..") == 0 || strncmp(s, "/../", 4) == 0)
			return false;
	return true;
}

static void check_policy(const struct sbx_policy *p)
{
	FZ_CHECK(p->name && p->name[0], "a policy without a name");
	for (size_t i = 0; i < p->n_paths; i++) {
		const struct sbx_path *sp = &p->paths[i];

		FZ_CHECK(sp->dst && sp->src, "path %zu lacks src or dst", i);
		FZ_CHECK(normalised(sp->dst) && !owned_by_sandbox(sp->dst),
			 "path %zu: destination '%s'", i, sp->dst);
		FZ_CHECK(!sp->rw, "path %zu '%s' is writable", i, sp->dst);
	}
	for (size_t i = 0; i < p->n_env; i++) {
		const char *e = p->env[i];

		FZ_CHECK(e && e[0] != '=' && strchr(e, '='), "env %zu is '%s'", i,
			 e ? e : "(null)");
	}
	FZ_CHECK(p->env == NULL || p->env[p->n_env] == NULL, "env is not NULL-terminated");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sbx_policy *p = NULL;
	struct arb_err err = {0};

	if (sbx_policy_parse((const char *)data, size, "fuzz.yaml", &p, &err) < 0) {
		FZ_CHECK(p == NULL, "sbx_policy_parse failed but returned a policy");
		FZ_CHECK(err.kind != ARB_E_NONE && err.msg[0],
			 "sbx_policy_parse failed without an error (kind %d)",
			 (int)err.kind);
	} else {
		FZ_CHECK(p != NULL, "sbx_policy_parse succeeded without a policy");
		check_policy(p);
	}
	sbx_policy_free(p);
	return 0;
}
