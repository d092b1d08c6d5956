/* problem_inval.c - a package's input validators and their arguments.
 *
 * input_validators/ (legacy packages may call it input_format_validators/)
 * holds programs: each entry, a single source file or a folder, is one
 * validator, run by `verify` on every test's .in on stdin (exit 42 valid,
 * 43 invalid).  Names starting with '.' or '-' are ignored, as in data/.
 *
 * Arguments per test, found as the output validator's are (problem_data.c):
 * the test's own X.yaml (2025-09), then up the folders the nearest
 * test_group.yaml that sets the key (inherited per key), or the nearest
 * testdata.yaml (legacy: the whole file is inherited, one without the key
 * means none).  Keys: `input_validator_args` (2023-07+) or
 * `input_validator_flags` (legacy), either a string (split on whitespace)
 * or a list, for every validator, or a map from a validator's name (its
 * entry name, with or without the extension) to a string or a list, for
 * that validator only.
 */
#include "problem_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"

#define MAX_INPUT_VALIDATORS 64

static int oom(struct pload *c, const char *what)
{
	return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "%s", what);
}

static int prog_cmp(const void *a, const void *b)
{
	return strcmp(((const struct problem_program *)a)->name,
		      ((const struct problem_program *)b)->name);
}

/* The validators of folder REL into P (none when it does not exist). */
static int list_validators(struct pload *c, const char *rel)
{
	struct problem *p = c->p;
	_cleanup_closedir_ DIR *dir = NULL;
	_cleanup_free_ char *abs = problem_fmt("%s/%s", p->dir, rel);
	struct dirent *e;

	if (!abs)
		return oom(c, rel);
	if (!(dir = opendir(abs)))
		return arb_fail(c->err, ARB_E_PACKAGE, errno, "%s", rel);
	while ((errno = 0, e = readdir(dir))) {
		_cleanup_free_ char *erel = NULL;
		struct problem_program *grown;
		struct stat st;

		if (e->d_name[0] == '.' || e->d_name[0] == '-')
			continue;
		if (!(erel = problem_fmt("%s/%s", rel, e->d_name)))
			return oom(c, rel);
		/* Followed inside the package only (problem_stat). */
		if (problem_stat(c, erel, &st) != 0)
			return -1;
		if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
			return arb_fail(c->err, ARB_E_PACKAGE, 0,
					"%s: not a file or a folder", erel);
		if (p->n_input_validators == MAX_INPUT_VALIDATORS)
			return arb_fail(c->err, ARB_E_PACKAGE, 0,
					"%s: more than %d validators", rel,
					MAX_INPUT_VALIDATORS);
		grown = realloc(p->input_validators,
				(p->n_input_validators + 1) * sizeof(*grown));
		if (!grown)
			return oom(c, rel);
		p->input_validators = grown;
		grown = &p->input_validators[p->n_input_validators];
		memset(grown, 0, sizeof(*grown));
		p->n_input_validators++; /* counted first: freed when half-built */
		if (!(grown->name = strdup(e->d_name)) ||
		    !(grown->path = problem_fmt("%s/%s", p->dir, erel)))
			return oom(c, rel);
	}
	if (errno)
		return arb_fail(c->err, ARB_E_PACKAGE, errno, "read '%s'", rel);
	if (p->n_input_validators) /* an empty folder: qsort(NULL, 0) is undefined */
		qsort(p->input_validators, p->n_input_validators,
		      sizeof(*p->input_validators), prog_cmp);
	return 0;
}

/*** Arguments ***/

/* Per-validator argument vectors: ARGS[k] for validator k. */
struct vargs {
	char **args[MAX_INPUT_VALIDATORS];
	size_t n;
};

static void vargs_clear(struct vargs *v)
{
	for (size_t i = 0; i < v->n; i++)
		problem_strv_free(v->args[i]);
	memset(v, 0, sizeof(*v));
}

static int vargs_empty(struct pload *c, struct vargs *v, const char *what)
{
	vargs_clear(v);
	v->n = c->p->n_input_validators;
	for (size_t i = 0; i < v->n; i++)
		if (!(v->args[i] = calloc(1, sizeof(char *))))
			return oom(c, what);
	return 0;
}

/* Validator K answers to NAME: its entry name, or that without the
 * extension ("validate" for validate.py). */
static bool named(const struct problem_program *pr, const char *name)
{
	const char *dot = strrchr(pr->name, '.');

	return strcmp(pr->name, name) == 0 ||
	       (dot && dot != pr->name && strlen(name) == (size_t)(dot - pr->name) &&
		strncmp(pr->name, name, (size_t)(dot - pr->name)) == 0);
}

/* The input validator arguments the YAML file REL sets into OUT.  1 when
 * the file does not exist, 2 when it has neither key, 0 when it sets
 * them. */
static int read_vargs(struct pload *c, const char *rel, struct vargs *out)
{
	_cleanup_yu_doc_ struct yu_doc d = {0};
	yaml_node_t *root = NULL, *v_args = NULL, *v_flags = NULL, *v;
	const char *key;
	int r = problem_yaml_load(c, rel, &d, &root);

	if (r != 0)
		return r;
	if (!root)
		return 2;
	if (problem_yaml_get(&d, root, "input_validator_args",
			     "input_validator_args", &v_args) < 0 ||
	    problem_yaml_get(&d, root, "input_validator_flags",
			     "input_validator_flags", &v_flags) < 0)
		return -1;
	if (v_args && v_flags)
		return yu_fail(&d, "input_validator_flags",
			       "both input_validator_args and input_validator_flags are set");
	if (!v_args && !v_flags)
		return 2;
	v = v_args ? v_args : v_flags;
	key = v_args ? "input_validator_args" : "input_validator_flags";
	if (vargs_empty(c, out, rel) < 0)
		return -1;
	if (v->type != YAML_MAPPING_NODE) {
		char **all = NULL;

		if (problem_yaml_args(&d, v, key, &all) < 0)
			return -1;
		for (size_t k = 0; k < out->n; k++) {
			problem_strv_free(out->args[k]);
			if (!(out->args[k] = problem_strv_concat(all, NULL))) {
				problem_strv_free(all);
				return oom(c, rel);
			}
		}
		problem_strv_free(all);
		return 0;
	}
	for (size_t i = 0; i < yu_map_len(v); i++) {
		char mkey[YU_KEY_LEN];
		const char *name;
		yaml_node_t *val;
		bool found = false;

		if (yu_map_key(&d, v, i, key, mkey, &name) < 0 ||
		    !(val = yu_map_value(&d, v, i, mkey)))
			return -1;
		for (size_t k = 0; k < out->n; k++) {
			char **a = NULL;

			if (!named(&c->p->input_validators[k], name))
				continue;
			found = true;
			if (problem_yaml_args(&d, val, mkey, &a) < 0)
				return -1;
			problem_strv_free(out->args[k]);
			out->args[k] = a;
		}
		if (!found)
			return yu_fail(&d, mkey, "no input validator named '%s'", name);
	}
	return 0;
}

/* What folder REL (under data/) and its parents give the tests in it. */
static int folder_vargs(struct pload *c, const char *rel, struct vargs *out)
{
	_cleanup_free_ char *tg = problem_fmt("%s/test_group.yaml", rel);
	_cleanup_free_ char *td = problem_fmt("%s/testdata.yaml", rel);
	_cleanup_free_ char *parent = NULL;
	char *slash;
	int r;

	if (!tg || !td)
		return oom(c, rel);
	r = read_vargs(c, tg, out);
	if (r == 1) {
		r = read_vargs(c, td, out);
		if (r == 2) /* legacy: the whole file is inherited */
			return vargs_empty(c, out, rel);
	}
	if (r <= 0)
		return r;
	/* A test_group.yaml without the key, or no file: the parent's. */
	if (strcmp(rel, "data") == 0)
		return vargs_empty(c, out, rel);
	if (!(parent = strdup(rel)))
		return oom(c, rel);
	slash = strrchr(parent, '/');
	*slash = '\0';
	return folder_vargs(c, parent, out);
}

int problem_load_input_validators(struct pload *c)
{
	struct problem *p = c->p;
	struct vargs cached = {0}, own = {0};
	_cleanup_free_ char *cached_dir = NULL;
	struct stat st;
	int r_new, r_old, rc = -1;

	if ((r_new = problem_stat(c, "input_validators", &st)) < 0)
		return -1;
	if (r_new == 0 && !S_ISDIR(st.st_mode))
		return arb_fail(c->err, ARB_E_PACKAGE, 0, "input_validators: not a folder");
	if ((r_old = problem_stat(c, "input_format_validators", &st)) < 0)
		return -1;
	if (r_old == 0 && !S_ISDIR(st.st_mode))
		return arb_fail(c->err, ARB_E_PACKAGE, 0,
				"input_format_validators: not a folder");
	if (r_new == 0 && r_old == 0)
		return arb_fail(c->err, ARB_E_PACKAGE, 0,
				"input_validators: both input_validators/ and "
				"input_format_validators/ exist");
	if ((r_new == 0 && list_validators(c, "input_validators") < 0) ||
	    (r_old == 0 && list_validators(c, "input_format_validators") < 0))
		return -1;
	if (!p->n_input_validators)
		return 0;
	/* Tests come sorted by path, so a group's tests are together: one
	 * cached folder saves reading its YAML files once per test. */
	for (size_t i = 0; i < p->n_tests; i++) {
		struct problem_test *t = &p->tests[i];
		_cleanup_free_ char *rel = problem_fmt("data/%s", t->name);
		_cleanup_free_ char *yml = problem_fmt("data/%s.yaml", t->name);
		const struct vargs *use = &cached;
		char *slash;
		int r;

		if (!rel || !yml) {
			oom(c, t->name);
			goto out;
		}
		slash = strrchr(rel, '/');
		*slash = '\0';
		if (!cached_dir || strcmp(cached_dir, rel) != 0) {
			free(cached_dir);
			cached_dir = NULL;
			if (folder_vargs(c, rel, &cached) < 0)
				goto out;
			cached_dir = steal_ptr(&rel);
		}
		if ((r = read_vargs(c, yml, &own)) < 0)
			goto out;
		if (r == 0)
			use = &own;
		if (!(t->input_validator_args = calloc(p->n_input_validators + 1,
						       sizeof(char **)))) {
			oom(c, t->name);
			goto out;
		}
		for (size_t k = 0; k < p->n_input_validators; k++)
			if (!(t->input_validator_args[k] =
				      problem_strv_concat(use->args[k], NULL))) {
				oom(c, t->name);
				goto out;
			}
		vargs_clear(&own);
	}
	rc = 0;
out:
	vargs_clear(&cached);
	vargs_clear(&own);
	return rc;
}

void problem_input_validators_free(struct problem *p)
{
	for (size_t i = 0; i < p->n_tests; i++) {
		char ***a = p->tests[i].input_validator_args;

		for (size_t k = 0; a && k < p->n_input_validators; k++)
			problem_strv_free(a[k]);
		free(a);
	}
	for (size_t i = 0; i < p->n_input_validators; i++) {
		free(p->input_validators[i].name);
		free(p->input_validators[i].path);
	}
	free(p->input_validators);
}
