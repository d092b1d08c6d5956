/* policy.c - policies/NAME.yaml -> struct sbx_policy: parsing.
 *
 * sbx_policy_parse() is the pure first stage: YAML text in, a fully
 * validated struct out, with no host access.  Every path is left as an
 * unresolved BIND with src == dst, and the seccomp rules as a struct
 * seccomp_rules (sandbox/seccomp.h); sbx_policy_load() (policy_load.c)
 * resolves the paths on this host and compiles the rules.
 *
 * Parsing is strict, as for every package file: unknown or duplicate keys,
 * wrong types, aliases, tags, unknown system calls or errno names are
 * errors (ARB_E_PACKAGE) of the form "FILE: KEY.PATH[i]: reason", and
 * syntax errors "FILE: line N: reason".  The libyaml document is deleted
 * before sbx_policy_parse() returns: no node survives it.
 */
#include "sandbox/sandbox.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>
#include <yaml.h>

#include "base/cleanup.h"
#include "sandbox/policy_internal.h"
#include "sandbox/seccomp.h"

/* A policy is a short hand-written file; the caps bound the parser's work
 * (duplicate checks are quadratic) and the memory a broken file can take. */
#define POLICY_MAX_PATHS 256
#define POLICY_MAX_ENV 256
#define POLICY_MAX_SYSCALLS 1024
#define KEY_LEN 160 /* "seccomp.errno.EPERM[12]" and the like */

static void cleanup_yaml_parserp(yaml_parser_t **p)
{
	if (*p) {
		yaml_parser_delete(*p);
		free(*p);
	}
}

static void cleanup_yaml_documentp(yaml_document_t **d)
{
	if (*d) {
		yaml_document_delete(*d);
		free(*d);
	}
}

#define _cleanup_yaml_parser_ __attribute__((cleanup(cleanup_yaml_parserp)))
#define _cleanup_yaml_document_ __attribute__((cleanup(cleanup_yaml_documentp)))

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

/*** Parsing: the YAML tree ***/

struct pctx {
	const char *file;      /* for messages: "default.yaml" */
	yaml_document_t *doc;
	unsigned char *visited; /* per node; a second visit is an alias */
	struct sbx_policy *p;
	struct arb_err *err;
};

static int pfail(struct pctx *c, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int pfail(struct pctx *c, const char *key, const char *fmt, ...)
{
	char reason[ARB_ERR_MSG_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (key && *key)
		return arb_fail(c->err, ARB_E_PACKAGE, 0, "%s: %s: %s", c->file,
				key, reason);
	return arb_fail(c->err, ARB_E_PACKAGE, 0, "%s: %s", c->file, reason);
}

/* BUF (KEY_LEN) = PATH.KEY; a key too long for it ends in "...". */
static void join_key(char *buf, const char *path, const char *key)
{
	int n;

	if (path && *path)
		n = snprintf(buf, KEY_LEN, "%s.%s", path, key);
	else
		n = snprintf(buf, KEY_LEN, "%s", key);
	if (n < 0 || n >= KEY_LEN)
		memcpy(buf + KEY_LEN - 4, "...", 4);
}

/* Fetch node IDX for KEY.  The document API resolves an alias to the node
 * its anchor names, so a node reached twice is an alias: refused, as a
 * policy has no use for them and they make a tree into a graph. */
static yaml_node_t *node_at(struct pctx *c, int idx, const char *key)
{
	yaml_node_t *n = yaml_document_get_node(c->doc, idx);
	const char *want;

	if (!n) {
		pfail(c, key, "missing node");
		return NULL;
	}
	if (c->visited[idx - 1]) {
		pfail(c, key, "aliases are not supported");
		return NULL;
	}
	c->visited[idx - 1] = 1;
	want = n->type == YAML_SCALAR_NODE     ? YAML_DEFAULT_SCALAR_TAG
	       : n->type == YAML_SEQUENCE_NODE ? YAML_DEFAULT_SEQUENCE_TAG
					       : YAML_DEFAULT_MAPPING_TAG;
	if (n->tag && strcmp((const char *)n->tag, want) != 0) {
		pfail(c, key, "unsupported tag '%s'", (const char *)n->tag);
		return NULL;
	}
	return n;
}

static bool scalar_is_null(const yaml_node_t *n)
{
	const char *v = (const char *)n->data.scalar.value;

	return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       (v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
		strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0);
}

/* A string scalar (not null); the pointer lives as long as the document. */
static int get_string(struct pctx *c, const yaml_node_t *n, const char *key,
		      const char **out)
{
	if (n->type != YAML_SCALAR_NODE)
		return pfail(c, key, "expected a string");
	if (scalar_is_null(n))
		return pfail(c, key, "expected a string, not null");
	if (strlen((const char *)n->data.scalar.value) != n->data.scalar.length)
		return pfail(c, key, "contains a NUL byte");
	*out = (const char *)n->data.scalar.value;
	return 0;
}

static int get_bool(struct pctx *c, const yaml_node_t *n, const char *key,
		    bool *out)
{
	if (n->type == YAML_SCALAR_NODE &&
	    n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		const char *v = (const char *)n->data.scalar.value;

		if (strcmp(v, "true") == 0)
			return *out = true, 0;
		if (strcmp(v, "false") == 0)
			return *out = false, 0;
	}
	return pfail(c, key, "expected true or false");
}

/* Match the keys of map N (at PATH) against KNOWN; VALUES[i] gets the
 * value node of KNOWN[i] or NULL.  Unknown and duplicate keys are errors. */
static int map_keys(struct pctx *c, const yaml_node_t *n, const char *path,
		    const char *const *known, size_t n_known,
		    yaml_node_t **values)
{
	char key[KEY_LEN];

	if (n->type != YAML_MAPPING_NODE)
		return pfail(c, path, "expected a map");
	for (size_t i = 0; i < n_known; i++)
		values[i] = NULL;
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
	     pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = node_at(c, pr->key, path);
		const char *name;
		size_t i;

		if (!k || get_string(c, k, path, &name) < 0)
			return -1;
		join_key(key, path, name);
		for (i = 0; i < n_known && strcmp(known[i], name) != 0; i++)
			;
		if (i == n_known)
			return pfail(c, key, "unknown key");
		if (values[i])
			return pfail(c, key, "duplicate key");
		values[i] = node_at(c, pr->value, key);
		if (!values[i])
			return -1;
	}
	return 0;
}

/* Keys of a free-form map (env, seccomp.errno) must be unique too. */
static int check_unique_key(struct pctx *c, const yaml_node_t *map,
			    const yaml_node_pair_t *upto, const char *name,
			    const char *key)
{
	for (const yaml_node_pair_t *pr = map->data.mapping.pairs.start;
	     pr < upto; pr++) {
		const yaml_node_t *k = yaml_document_get_node(c->doc, pr->key);

		if (k && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, name) == 0)
			return pfail(c, key, "duplicate key");
	}
	return 0;
}

/*** Parsing: the sections ***/

/* The sandbox mounts its own /box, /tmp, /dev and /proc; a policy bind
 * there would be shadowed or, worse, put host files where the program may
 * write.  Paths must be in canonical form so that dst means what it says. */
static int check_path(struct pctx *c, const char *key, const char *path)
{
	static const char *const owned[] = {"/box", "/tmp", "/dev", "/proc"};
	size_t len = strlen(path);

	if (path[0] != '/')
		return pfail(c, key, "'%s' is not an absolute path", path);
	if (len == 1)
		return pfail(c, key, "'/' cannot be bound: the box has its own root");
	if (len >= PATH_MAX)
		return pfail(c, key, "path is too long");
	if (strstr(path, "//"))
		return pfail(c, key, "'%s' is not normalised ('//')", path);
	if (path[len - 1] == '/')
		return pfail(c, key, "'%s' is not normalised (trailing '/')",
			     path);
	for (const char *s = path; s; s = strchr(s + 1, '/')) {
		if (strcmp(s, "/.") == 0 || strncmp(s, "/./", 3) == 0)
			return pfail(c, key, "'%s' is not normalised ('.')", path);
		if (strcmp(s, "/..") == 0 || strncmp(s, "/../", 4) == 0)
			return pfail(c, key, "'%s' is not normalised ('..')", path);
	}
	for (size_t i = 0; i < sizeof(owned) / sizeof(owned[0]); i++) {
		size_t olen = strlen(owned[i]);

		if (strncmp(path, owned[i], olen) == 0 &&
		    (path[olen] == '\0' || path[olen] == '/'))
			return pfail(c, key, "'%s' is under %s, which the sandbox owns",
				     path, owned[i]);
	}
	return 0;
}

static int parse_readonly(struct pctx *c, const yaml_node_t *n)
{
	static const char *const keys[] = {"path", "optional"};
	struct sbx_policy *p = c->p;
	size_t count;

	if (n->type != YAML_SEQUENCE_NODE)
		return pfail(c, "readonly", "expected a list");
	count = (size_t)(n->data.sequence.items.top -
			 n->data.sequence.items.start);
	if (count > POLICY_MAX_PATHS)
		return pfail(c, "readonly", "too many entries (limit %d)",
			     POLICY_MAX_PATHS);
	p->paths = calloc(count ? count : 1, sizeof(*p->paths));
	if (!p->paths)
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "policy paths");
	for (size_t i = 0; i < count; i++) {
		char key[KEY_LEN], sub[KEY_LEN];
		yaml_node_t *item, *vals[2];
		struct sbx_path *sp;
		const char *path;
		bool optional = false;

		snprintf(key, sizeof(key), "readonly[%zu]", i);
		item = node_at(c, n->data.sequence.items.start[i], key);
		if (!item)
			return -1;
		if (item->type == YAML_SCALAR_NODE) {
			if (get_string(c, item, key, &path) < 0)
				return -1;
		} else if (item->type == YAML_MAPPING_NODE) {
			if (map_keys(c, item, key, keys, 2, vals) < 0)
				return -1;
			join_key(sub, key, "path");
			if (!vals[0])
				return pfail(c, sub, "missing");
			if (get_string(c, vals[0], sub, &path) < 0)
				return -1;
			join_key(sub, key, "optional");
			if (vals[1] && get_bool(c, vals[1], sub, &optional) < 0)
				return -1;
		} else {
			return pfail(c, key, "expected a path or {path: P, optional: true}");
		}
		if (check_path(c, key, path) < 0)
			return -1;
		for (size_t j = 0; j < p->n_paths; j++)
			if (strcmp(p->paths[j].dst, path) == 0)
				return pfail(c, key, "'%s' is listed twice", path);
		sp = &p->paths[p->n_paths];
		sp->kind = SBX_PATH_BIND;
		sp->optional = optional;
		sp->src = strdup(path);
		sp->dst = strdup(path);
		p->n_paths++; /* counted first, so free() sees a half-built one */
		if (!sp->src || !sp->dst)
			return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "policy paths");
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

static int parse_env(struct pctx *c, const yaml_node_t *n)
{
	struct sbx_policy *p = c->p;
	size_t count;

	if (n->type != YAML_MAPPING_NODE)
		return pfail(c, "env", "expected a map of NAME: value");
	count = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
	if (count > POLICY_MAX_ENV)
		return pfail(c, "env", "too many entries (limit %d)",
			     POLICY_MAX_ENV);
	free(p->env); /* the empty list set up by the caller */
	p->env = calloc(count + 1, sizeof(*p->env));
	if (!p->env)
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "policy env");
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
	     pr < n->data.mapping.pairs.top; pr++) {
		char key[KEY_LEN];
		const char *name, *value;
		yaml_node_t *k = node_at(c, pr->key, "env"), *v;

		if (!k || get_string(c, k, "env", &name) < 0)
			return -1;
		join_key(key, "env", name);
		if (!env_key_valid(name))
			return pfail(c, "env", "key '%s' is not a valid name",
				     name);
		if (check_unique_key(c, n, pr, name, key) < 0)
			return -1;
		v = node_at(c, pr->value, key);
		if (!v || get_string(c, v, key, &value) < 0)
			return -1;
		if (asprintf(&p->env[p->n_env], "%s=%s", name, value) < 0) {
			p->env[p->n_env] = NULL;
			return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "policy env");
		}
		p->n_env++;
	}
	return 0;
}

static int add_syscalls(struct pctx *c, const yaml_node_t *n, const char *path,
			enum seccomp_action action, int errnum)
{
	struct seccomp_rules *r = c->p->seccomp_rules;
	size_t count;

	if (n->type != YAML_SEQUENCE_NODE)
		return pfail(c, path, "expected a list of system calls");
	count = (size_t)(n->data.sequence.items.top -
			 n->data.sequence.items.start);
	if (r->n_rules + count > POLICY_MAX_SYSCALLS)
		return pfail(c, path, "too many system calls (limit %d)",
			     POLICY_MAX_SYSCALLS);
	for (size_t i = 0; i < count; i++) {
		char key[KEY_LEN];
		const char *name;
		yaml_node_t *item;
		int nr;

		snprintf(key, sizeof(key), "%s[%zu]", path, i);
		item = node_at(c, n->data.sequence.items.start[i], key);
		if (!item || get_string(c, item, key, &name) < 0)
			return -1;
		/* Names libseccomp knows only for other architectures resolve
		 * to a negative pseudo-number: accepted, and skipped when
		 * compiling, so one policy can serve several architectures. */
		nr = seccomp_syscall_resolve_name(name);
		if (nr == __NR_SCMP_ERROR)
			return pfail(c, key, "unknown system call '%s'", name);
		for (size_t j = 0; j < r->n_rules; j++)
			if (r->rules[j].nr == nr)
				return pfail(c, key,
					     "system call '%s' is listed twice",
					     name);
		if (seccomp_rules_add(r, nr, action, errnum, c->err) < 0)
			return -1;
	}
	return 0;
}

static int parse_errno_map(struct pctx *c, const yaml_node_t *n)
{
	const struct seccomp_rules *r = c->p->seccomp_rules;

	if (n->type != YAML_MAPPING_NODE)
		return pfail(c, "seccomp.errno",
			     "expected a map of ERRNO: [system calls]");
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
	     pr < n->data.mapping.pairs.top; pr++) {
		char key[KEY_LEN];
		const char *name;
		yaml_node_t *k = node_at(c, pr->key, "seccomp.errno"), *v;
		int e;

		if (!k || get_string(c, k, "seccomp.errno", &name) < 0)
			return -1;
		join_key(key, "seccomp.errno", name);
		e = seccomp_errno_from_name(name);
		if (e < 0)
			return pfail(c, key, "unknown errno name");
		if (check_unique_key(c, n, pr, name, key) < 0)
			return -1;
		if (r->dflt == SECCOMP_RULE_ERRNO && e == r->dflt_errno)
			return pfail(c, key, "the default action is already errno %s",
				     name);
		v = node_at(c, pr->value, key);
		if (!v || add_syscalls(c, v, key, SECCOMP_RULE_ERRNO, e) < 0)
			return -1;
	}
	return 0;
}

static int parse_seccomp(struct pctx *c, const yaml_node_t *n)
{
	static const char *const keys[] = {"default", "kill", "errno"};
	yaml_node_t *vals[3];
	struct seccomp_rules *r;
	const char *dflt;

	if (map_keys(c, n, "seccomp", keys, 3, vals) < 0)
		return -1;
	r = c->p->seccomp_rules = calloc(1, sizeof(*r));
	if (!r)
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "seccomp rules");
	if (!vals[0])
		return pfail(c, "seccomp.default", "missing");
	if (get_string(c, vals[0], "seccomp.default", &dflt) < 0)
		return -1;
	if (strcmp(dflt, "allow") == 0) {
		r->dflt = SECCOMP_RULE_ALLOW;
	} else if (strcmp(dflt, "kill") == 0) {
		r->dflt = SECCOMP_RULE_KILL;
	} else if (strcmp(dflt, "errno") == 0) {
		r->dflt = SECCOMP_RULE_ERRNO;
		r->dflt_errno = EPERM;
	} else {
		return pfail(c, "seccomp.default",
			     "expected allow, kill or errno, not '%s'", dflt);
	}
	if (vals[1]) {
		if (r->dflt == SECCOMP_RULE_KILL)
			return pfail(c, "seccomp.kill",
				     "the default action is already kill");
		if (add_syscalls(c, vals[1], "seccomp.kill", SECCOMP_RULE_KILL,
				 0) < 0)
			return -1;
	}
	if (vals[2] && parse_errno_map(c, vals[2]) < 0)
		return -1;
	return 0;
}

static int parse_root(struct pctx *c, const yaml_node_t *root)
{
	enum { K_NAME, K_DESCRIPTION, K_READONLY, K_ENV, K_SECCOMP, K_N };
	static const char *const keys[K_N] = {"name", "description", "readonly",
					      "env", "seccomp"};
	struct sbx_policy *p = c->p;
	yaml_node_t *vals[K_N];
	const char *s = "";

	if (root->type != YAML_MAPPING_NODE)
		return pfail(c, NULL, "expected a map of policy keys");
	if (map_keys(c, root, "", keys, K_N, vals) < 0)
		return -1;

	if (!vals[K_NAME])
		return pfail(c, "name", "missing");
	if (get_string(c, vals[K_NAME], "name", &s) < 0)
		return -1;
	if (!*s)
		return pfail(c, "name", "must not be empty");
	if (!policy_name_valid(s))
		return pfail(c, "name",
			     "'%s' is not a valid policy name ([a-z0-9][a-z0-9_-]*)",
			     s);
	p->name = strdup(s);

	s = "";
	if (vals[K_DESCRIPTION] &&
	    get_string(c, vals[K_DESCRIPTION], "description", &s) < 0)
		return -1;
	p->description = strdup(s);
	p->env = calloc(1, sizeof(*p->env));
	if (!p->name || !p->description || !p->env)
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "policy");

	if (vals[K_READONLY] && parse_readonly(c, vals[K_READONLY]) < 0)
		return -1;
	if (vals[K_ENV] && parse_env(c, vals[K_ENV]) < 0)
		return -1;
	if (!vals[K_SECCOMP])
		return pfail(c, "seccomp", "missing");
	return parse_seccomp(c, vals[K_SECCOMP]);
}

static int yaml_fail(const yaml_parser_t *ps, const char *file,
		     struct arb_err *err)
{
	const char *problem = ps->problem ? ps->problem : "malformed YAML";

	if (ps->error == YAML_MEMORY_ERROR)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "%s: parse", file);
	if (ps->error == YAML_READER_ERROR)
		return arb_fail(err, ARB_E_PACKAGE, 0, "%s: byte %zu: %s", file,
				ps->problem_offset, problem);
	if (ps->context)
		return arb_fail(err, ARB_E_PACKAGE, 0, "%s: line %zu: %s (%s)",
				file, ps->problem_mark.line + 1, problem,
				ps->context);
	return arb_fail(err, ARB_E_PACKAGE, 0, "%s: line %zu: %s", file,
			ps->problem_mark.line + 1, problem);
}

int sbx_policy_parse(const char *text, size_t len, const char *filename,
		     struct sbx_policy **out, struct arb_err *err)
{
	_cleanup_yaml_parser_ yaml_parser_t *parser = NULL;
	_cleanup_yaml_document_ yaml_document_t *doc = NULL;
	_cleanup_yaml_document_ yaml_document_t *extra = NULL;
	_cleanup_policy_ struct sbx_policy *p = NULL;
	_cleanup_free_ unsigned char *visited = NULL;
	struct pctx c = {.file = filename, .err = err};
	yaml_node_t *root;

	*out = NULL;
	if (len > POLICY_MAX_BYTES)
		return arb_fail(err, ARB_E_PACKAGE, 0,
				"%s: too large (%zu bytes, the limit is %d)",
				filename, len, POLICY_MAX_BYTES);
	parser = calloc(1, sizeof(*parser));
	doc = calloc(1, sizeof(*doc));
	extra = calloc(1, sizeof(*extra));
	p = calloc(1, sizeof(*p));
	if (!parser || !doc || !extra || !p)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "%s: parse", filename);
	if (!yaml_parser_initialize(parser)) {
		free(steal_ptr(&parser));
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "%s: parse", filename);
	}
	yaml_parser_set_input_string(parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(parser, doc)) {
		/* libyaml has already freed the document; keep cleanup safe. */
		memset(doc, 0, sizeof(*doc));
		return yaml_fail(parser, filename, err);
	}
	root = yaml_document_get_root_node(doc);
	if (!root)
		return arb_fail(err, ARB_E_PACKAGE, 0, "%s: empty policy", filename);
	if (!yaml_parser_load(parser, extra)) {
		memset(extra, 0, sizeof(*extra));
		return yaml_fail(parser, filename, err);
	}
	if (yaml_document_get_root_node(extra))
		return arb_fail(err, ARB_E_PACKAGE, 0,
				"%s: line %zu: more than one YAML document",
				filename, extra->start_mark.line + 1);

	visited = calloc((size_t)(doc->nodes.top - doc->nodes.start),
			 sizeof(*visited));
	if (!visited)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "%s: parse", filename);
	c.doc = doc;
	c.visited = visited;
	c.p = p;
	root = node_at(&c, 1, NULL);
	if (!root || parse_root(&c, root) < 0)
		return -1;
	*out = steal_ptr(&p);
	return 0;
}
