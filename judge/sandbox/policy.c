/* policy.c - policies/NAME.yaml -> struct sbx_policy: parsing.
 *
 * sbx_policy_parse() is the pure first stage: YAML text in, a fully
 * validated struct out, with no host access.  Every path is left as an
 * unresolved BIND with src == dst, and the seccomp rules as a struct
 * seccomp_rules (sandbox/seccomp.h); sbx_policy_load() (policy_load.c)
 * resolves the paths on this host and compiles the rules.
 *
 * Parsing is strict, as for every package file (base/yamlutil.h): unknown
 * or duplicate keys, wrong types, aliases, tags, unknown system calls or
 * errno names are errors (ARB_E_PACKAGE) of the form "FILE: KEY.PATH[i]:
 * reason", and syntax errors "FILE: line N: reason".  The libyaml document
 * is deleted before sbx_policy_parse() returns: no node survives it.
 */
#include "sandbox/sandbox.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>

#include "base/cleanup.h"
#include "base/yamlutil.h"
#include "sandbox/policy_internal.h"
#include "sandbox/seccomp.h"

/* A policy is a short hand-written file; the caps bound the parser's work
 * (duplicate checks are quadratic) and the memory a broken file can take. */
#define POLICY_MAX_PATHS 256
#define POLICY_MAX_ENV 256
#define POLICY_MAX_SYSCALLS 1024

void sbx_policy_free(struct sbx_policy *p)
{
	if (!p)
		return;
	free(p->name);
	free(p->description);
	for (size_t i = 0; i < p->n_paths; i++) {
		free(p->paths[i].src);
		free(p->paths[i].dst);
	}
	free(p->paths);
	if (p->env)
		for (size_t i = 0; p->env[i]; i++)
			free(p->env[i]);
	free(p->env);
	free(p->seccomp.filter);
	free(p->seccomp_notify.filter);
	seccomp_rules_free(p->seccomp_rules);
	free(p);
}

/* [a-z0-9][a-z0-9_-]*: the name is also a file name, so no '/', no "..". */
bool policy_name_valid(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > POLICY_NAME_MAX || name[0] == '-' || name[0] == '_')
		return false;
	for (size_t i = 0; i < len; i++) {
		char ch = name[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

/*** Parsing ***/

/* The sandbox mounts its own /box, /tmp, /dev and /proc; a policy bind
 * there would be shadowed or, worse, put host files where the program may
 * write.  Paths must be in canonical form so that dst means what it says. */
static int check_path(struct yu_doc *d, const char *key, const char *path)
{
	static const char *const owned[] = {"/box", "/tmp", "/dev", "/proc"};
	size_t len = strlen(path);

	if (path[0] != '/')
		return yu_fail(d, key, "'%s' is not an absolute path", path);
	if (len == 1)
		return yu_fail(d, key, "'/' cannot be bound: the box has its own root");
	if (len >= PATH_MAX)
		return yu_fail(d, key, "path is too long");
	if (strstr(path, "//"))
		return yu_fail(d, key, "'%s' is not normalised ('//')", path);
	if (path[len - 1] == '/')
		return yu_fail(d, key, "'%s' is not normalised (trailing '/')",
			       path);
	for (const char *s = path; s; s = strchr(s + 1, '/')) {
		if (strcmp(s, "/.") == 0 || strncmp(s, "/./", 3) == 0)
			return yu_fail(d, key, "'%s' is not normalised ('.')", path);
		if (strcmp(s, "/..") == 0 || strncmp(s, "/../", 4) == 0)
			return yu_fail(d, key, "'%s' is not normalised ('..')", path);
	}
	for (size_t i = 0; i < sizeof(owned) / sizeof(owned[0]); i++) {
		size_t olen = strlen(owned[i]);

		if (strncmp(path, owned[i], olen) == 0 &&
		    (path[olen] == '\0' || path[olen] == '/'))
			return yu_fail(d, key, "'%s' is under %s, which the sandbox owns",
				       path, owned[i]);
	}
	return 0;
}

static int parse_readonly(struct yu_doc *d, const yaml_node_t *n,
			  struct sbx_policy *p)
{
	static const char *const keys[] = {"path", "optional"};
	size_t count = yu_seq_len(n);

	if (n->type != YAML_SEQUENCE_NODE)
		return yu_fail(d, "readonly", "expected a list");
	if (count > POLICY_MAX_PATHS)
		return yu_fail(d, "readonly", "too many entries (limit %d)",
			       POLICY_MAX_PATHS);
	p->paths = calloc(count ? count : 1, sizeof(*p->paths));
	if (!p->paths)
		return arb_fail(d->err, ARB_E_INTERNAL, ENOMEM, "policy paths");
	for (size_t i = 0; i < count; i++) {
		char key[YU_KEY_LEN], sub[YU_KEY_LEN];
		yaml_node_t *item, *vals[2];
		struct sbx_path *sp;
		const char *path;
		bool optional = false;

		yu_key_index(key, "readonly", i);
		item = yu_seq_item(d, n, i, key);
		if (!item)
			return -1;
		if (item->type == YAML_SCALAR_NODE) {
			if (yu_string(d, item, key, &path) < 0)
				return -1;
		} else if (item->type == YAML_MAPPING_NODE) {
			if (yu_map(d, item, key, keys, 2, vals) < 0)
				return -1;
			yu_key(sub, key, "path");
			if (!vals[0])
				return yu_fail(d, sub, "missing");
			if (yu_string(d, vals[0], sub, &path) < 0)
				return -1;
			yu_key(sub, key, "optional");
			if (vals[1] && yu_bool(d, vals[1], sub, &optional) < 0)
				return -1;
		} else {
			return yu_fail(d, key, "expected a path or {path: P, optional: true}");
		}
		if (check_path(d, key, path) < 0)
			return -1;
		for (size_t j = 0; j < p->n_paths; j++)
			if (strcmp(p->paths[j].dst, path) == 0)
				return yu_fail(d, key, "'%s' is listed twice", path);
		sp = &p->paths[p->n_paths];
		sp->kind = SBX_PATH_BIND;
		sp->optional = optional;
		sp->src = strdup(path);
		sp->dst = strdup(path);
		p->n_paths++; /* counted first, so free() sees a half-built one */
		if (!sp->src || !sp->dst)
			return arb_fail(d->err, ARB_E_INTERNAL, ENOMEM, "policy paths");
	}
	return 0;
}

static bool env_key_valid(const char *k)
{
	if (!((k[0] >= 'A' && k[0] <= 'Z') || (k[0] >= 'a' && k[0] <= 'z') ||
	      k[0] == '_'))
		return false;
	for (const char *s = k + 1; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static int parse_env(struct yu_doc *d, const yaml_node_t *n,
		     struct sbx_policy *p)
{
	size_t count = yu_map_len(n);

	if (n->type != YAML_MAPPING_NODE)
		return yu_fail(d, "env", "expected a map of NAME: value");
	if (count > POLICY_MAX_ENV)
		return yu_fail(d, "env", "too many entries (limit %d)",
			       POLICY_MAX_ENV);
	free(p->env); /* the empty list set up by the caller */
	p->env = calloc(count + 1, sizeof(*p->env));
	if (!p->env)
		return arb_fail(d->err, ARB_E_INTERNAL, ENOMEM, "policy env");
	for (size_t i = 0; i < count; i++) {
		char key[YU_KEY_LEN];
		const char *name, *value;
		yaml_node_t *v;

		if (yu_map_key(d, n, i, "env", key, &name) < 0)
			return -1;
		if (!env_key_valid(name))
			return yu_fail(d, "env", "key '%s' is not a valid name",
				       name);
		v = yu_map_value(d, n, i, key);
		if (!v || yu_string(d, v, key, &value) < 0)
			return -1;
		if (asprintf(&p->env[p->n_env], "%s=%s", name, value) < 0) {
			p->env[p->n_env] = NULL;
			return arb_fail(d->err, ARB_E_INTERNAL, ENOMEM, "policy env");
		}
		p->n_env++;
	}
	return 0;
}

static int add_syscalls(struct yu_doc *d, const yaml_node_t *n,
			const char *path, struct seccomp_rules *r,
			enum seccomp_action action, int errnum)
{
	size_t count = yu_seq_len(n);

	if (n->type != YAML_SEQUENCE_NODE)
		return yu_fail(d, path, "expected a list of system calls");
	if (r->n_rules + count > POLICY_MAX_SYSCALLS)
		return yu_fail(d, path, "too many system calls (limit %d)",
			       POLICY_MAX_SYSCALLS);
	for (size_t i = 0; i < count; i++) {
		char key[YU_KEY_LEN];
		const char *name;
		yaml_node_t *item;
		int nr;

		yu_key_index(key, path, i);
		item = yu_seq_item(d, n, i, key);
		if (!item || yu_string(d, item, key, &name) < 0)
			return -1;
		/* Names libseccomp knows only for other architectures resolve
		 * to a negative pseudo-number: accepted, and skipped when
		 * compiling, so one policy can serve several architectures. */
		nr = seccomp_syscall_resolve_name(name);
		if (nr == __NR_SCMP_ERROR)
			return yu_fail(d, key, "unknown system call '%s'", name);
		for (size_t j = 0; j < r->n_rules; j++)
			if (r->rules[j].nr == nr)
				return yu_fail(d, key,
					       "system call '%s' is listed twice",
					       name);
		if (seccomp_rules_add(r, nr, action, errnum, d->err) < 0)
			return -1;
	}
	return 0;
}

static int parse_errno_map(struct yu_doc *d, const yaml_node_t *n,
			   struct seccomp_rules *r)
{
	size_t count = yu_map_len(n);

	if (n->type != YAML_MAPPING_NODE)
		return yu_fail(d, "seccomp.errno",
			       "expected a map of ERRNO: [system calls]");
	for (size_t i = 0; i < count; i++) {
		char key[YU_KEY_LEN];
		const char *name;
		yaml_node_t *v;
		int e;

		if (yu_map_key(d, n, i, "seccomp.errno", key, &name) < 0)
			return -1;
		e = seccomp_errno_from_name(name);
		if (e < 0)
			return yu_fail(d, key, "unknown errno name");
		if (r->dflt == SECCOMP_RULE_ERRNO && e == r->dflt_errno)
			return yu_fail(d, key, "the default action is already errno %s",
				       name);
		v = yu_map_value(d, n, i, key);
		if (!v || add_syscalls(d, v, key, r, SECCOMP_RULE_ERRNO, e) < 0)
			return -1;
	}
	return 0;
}

static int parse_seccomp(struct yu_doc *d, const yaml_node_t *n,
			 struct sbx_policy *p)
{
	static const char *const keys[] = {"default", "kill", "errno"};
	yaml_node_t *vals[3];
	struct seccomp_rules *r;
	const char *dflt;

	if (yu_map(d, n, "seccomp", keys, 3, vals) < 0)
		return -1;
	r = p->seccomp_rules = calloc(1, sizeof(*r));
	if (!r)
		return arb_fail(d->err, ARB_E_INTERNAL, ENOMEM, "seccomp rules");
	if (!vals[0])
		return yu_fail(d, "seccomp.default", "missing");
	if (yu_string(d, vals[0], "seccomp.default", &dflt) < 0)
		return -1;
	if (strcmp(dflt, "allow") == 0) {
		r->dflt = SECCOMP_RULE_ALLOW;
	} else if (strcmp(dflt, "kill") == 0) {
		r->dflt = SECCOMP_RULE_KILL;
	} else if (strcmp(dflt, "errno") == 0) {
		r->dflt = SECCOMP_RULE_ERRNO;
		r->dflt_errno = EPERM;
	} else {
		return yu_fail(d, "seccomp.default",
			       "expected allow, kill or errno, not '%s'", dflt);
	}
	if (vals[1]) {
		if (r->dflt == SECCOMP_RULE_KILL)
			return yu_fail(d, "seccomp.kill",
				       "the default action is already kill");
		if (add_syscalls(d, vals[1], "seccomp.kill", r,
				 SECCOMP_RULE_KILL, 0) < 0)
			return -1;
	}
	if (vals[2] && parse_errno_map(d, vals[2], r) < 0)
		return -1;
	return 0;
}

static int parse_root(struct yu_doc *d, const yaml_node_t *root,
		      struct sbx_policy *p)
{
	enum { K_NAME, K_DESCRIPTION, K_READONLY, K_ENV, K_SECCOMP, K_N };
	static const char *const keys[K_N] = {"name", "description", "readonly",
					      "env", "seccomp"};
	yaml_node_t *vals[K_N];
	const char *s = "";

	if (root->type != YAML_MAPPING_NODE)
		return yu_fail(d, NULL, "expected a map of policy keys");
	if (yu_map(d, root, "", keys, K_N, vals) < 0)
		return -1;

	if (!vals[K_NAME])
		return yu_fail(d, "name", "missing");
	if (yu_string(d, vals[K_NAME], "name", &s) < 0)
		return -1;
	if (!*s)
		return yu_fail(d, "name", "must not be empty");
	if (!policy_name_valid(s))
		return yu_fail(d, "name",
			       "'%s' is not a valid policy name ([a-z0-9][a-z0-9_-]*)",
			       s);
	p->name = strdup(s);

	s = "";
	if (vals[K_DESCRIPTION] &&
	    yu_string(d, vals[K_DESCRIPTION], "description", &s) < 0)
		return -1;
	p->description = strdup(s);
	p->env = calloc(1, sizeof(*p->env));
	if (!p->name || !p->description || !p->env)
		return arb_fail(d->err, ARB_E_INTERNAL, ENOMEM, "policy");

	if (vals[K_READONLY] && parse_readonly(d, vals[K_READONLY], p) < 0)
		return -1;
	if (vals[K_ENV] && parse_env(d, vals[K_ENV], p) < 0)
		return -1;
	if (!vals[K_SECCOMP])
		return yu_fail(d, "seccomp", "missing");
	return parse_seccomp(d, vals[K_SECCOMP], p);
}

int sbx_policy_parse(const char *text, size_t len, const char *filename,
		     struct sbx_policy **out, struct arb_err *err)
{
	_cleanup_yu_doc_ struct yu_doc d = {0};
	_cleanup_policy_ struct sbx_policy *p = NULL;
	yaml_node_t *root;

	*out = NULL;
	root = yu_doc_load(&d, text, len, POLICY_MAX_BYTES, filename, err);
	if (!root)
		return -1;
	p = calloc(1, sizeof(*p));
	if (!p)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "%s: parse", filename);
	if (parse_root(&d, root, p) < 0)
		return -1;
	*out = steal_ptr(&p);
	return 0;
}
