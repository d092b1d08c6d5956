/* problem_data.c - a package's tests (data/) and example submissions.
 *
 * A test is a regular file X.in under data/sample/ or data/secret/ (any
 * depth: groups nest) with X.ans beside it; its name is the path under
 * data/ without ".in".  Other files (.md, .png, .interaction, .ans.statement,
 * ...) and other folders of data/ (invalid_input/, valid_output/, ...) are
 * not tests.  Names starting with '.' or '-' are ignored, as 2025-09 asks.
 *
 * Order: the format uses "test cases and groups in lexicographical order
 * on name", a tree order: siblings by bytes, each group's cases together.
 * That is strcmp of the paths with '/' sorting before every other byte;
 * it differs from plain strcmp only when a sibling's name has a byte below
 * '/' ("g1" before "g1-b", whose paths strcmp would swap).
 *
 * Validator arguments per test (the format moved them from problem.yaml to
 * the groups): problem.yaml validator_flags, then those of the nearest
 * data/ folder that has a testdata.yaml (legacy, `output_validator_flags`,
 * the whole file is inherited: one without the key means none) or a
 * test_group.yaml (2023-07+, `output_validator_args`, inherited per key),
 * then a test's own X.yaml (2025-09).  Both keys take a string or a list.
 */
#include "problem_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/cleanup.h"
#include "verdict.h"

#define MAX_TESTS 100000
#define MAX_SUBS 10000
#define MAX_DEPTH 16 /* also ends a symlink loop inside the package */
#define MAX_DIR_ENTRIES 200000

static int oom(struct pload *c, const char *what)
{
	return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "%s", what);
}

/* Tree order: strcmp with '/' below every other byte. */
static int path_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = *a == '/' ? 1 : *a ? (unsigned char)*a + 1 : 0;
		int y = *b == '/' ? 1 : *b ? (unsigned char)*b + 1 : 0;

		if (x != y || !x)
			return x - y;
	}
}

static int test_cmp(const void *a, const void *b)
{
	return path_cmp(((const struct problem_test *)a)->name,
			((const struct problem_test *)b)->name);
}

static int sub_cmp(const void *a, const void *b)
{
	return strcmp(((const struct problem_submission *)a)->name,
		      ((const struct problem_submission *)b)->name);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

/* The visible entries of folder REL, sorted (so the first error found is
 * the same on every host). */
static int list_dir(struct pload *c, const char *rel, char ***out)
{
	_cleanup_closedir_ DIR *dir = NULL;
	_cleanup_free_ char *abs = NULL;
	_cleanup_pstrv_ char **v = NULL;
	size_t n = 0, cap = 16;
	struct dirent *e;

	*out = NULL;
	if (!(abs = problem_fmt("%s/%s", c->p->dir, rel)))
		return oom(c, rel);
	if (!(dir = opendir(abs)))
		return arb_fail(c->err, ARB_E_PACKAGE, errno, "%s", rel);
	if (!(v = calloc(cap + 1, sizeof(*v))))
		return oom(c, rel);
	while ((errno = 0, e = readdir(dir))) {
		if (e->d_name[0] == '.' || e->d_name[0] == '-')
			continue;
		if (n == MAX_DIR_ENTRIES)
			return arb_fail(c->err, ARB_E_PACKAGE, 0,
					"%s: more than %d entries", rel, MAX_DIR_ENTRIES);
		if (n == cap) {
			char **bigger = realloc(v, (cap * 2 + 1) * sizeof(*v));

			if (!bigger)
				return oom(c, rel);
			v = bigger;
			cap *= 2;
		}
		v[n + 1] = NULL;
		if (!(v[n] = strdup(e->d_name)))
			return oom(c, rel);
		n++;
	}
	if (errno)
		return arb_fail(c->err, ARB_E_PACKAGE, errno, "read '%s'", rel);
	qsort(v, n, sizeof(*v), name_cmp);
	*out = steal_ptr(&v);
	return 0;
}

/*** Validator arguments ***/

/* Arguments set by the YAML file REL (testdata.yaml, test_group.yaml or a
 * test's X.yaml) into *ARGS.  Returns 1 when the file does not exist, 2
 * when it exists without either key, 0 when it sets them. */
static int read_args(struct pload *c, const char *rel, char ***args)
{
	_cleanup_yu_doc_ struct yu_doc d = {0};
	yaml_node_t *root = NULL, *v_args = NULL, *v_flags = NULL, *v;
	const char *key;
	struct validator_flags f;
	int r = problem_yaml_load(c, rel, &d, &root);

	if (r != 0)
		return r;
	if (!root)
		return 2;
	if (problem_yaml_get(&d, root, "output_validator_args",
			     "output_validator_args", &v_args) < 0 ||
	    problem_yaml_get(&d, root, "output_validator_flags",
			     "output_validator_flags", &v_flags) < 0)
		return -1;
	if (v_args && v_flags)
		return yu_fail(&d, "output_validator_flags",
			       "both output_validator_args and output_validator_flags are set");
	if (!v_args && !v_flags)
		return 2;
	v = v_args ? v_args : v_flags;
	key = v_args ? "output_validator_args" : "output_validator_flags";
	if (problem_yaml_args(&d, v, key, args) < 0)
		return -1;
	/* Checked here, where the message can name the file. */
	if (c->p->validation == PROBLEM_VALIDATION_DEFAULT &&
	    problem_parse_flag_argv(*args, &f, c->err) < 0)
		return arb_err_prefix(c->err, "%s: %s", rel, key);
	return 0;
}

/* The arguments a folder sets for what is under it: *OWN (NULL when it
 * inherits INHERITED unchanged). */
static int folder_args(struct pload *c, const char *rel, char ***own)
{
	_cleanup_free_ char *tg = NULL, *td = NULL;
	int r;

	*own = NULL;
	if (!(tg = problem_fmt("%s/test_group.yaml", rel)) ||
	    !(td = problem_fmt("%s/testdata.yaml", rel)))
		return oom(c, rel);
	/* 2025-09's name wins; a package converted by a tool may keep the
	 * old file beside it. */
	r = read_args(c, tg, own);
	if (r == 1) {
		r = read_args(c, td, own);
		if (r == 2 && !(*own = calloc(1, sizeof(char *))))
			return oom(c, rel); /* legacy: the whole file is inherited */
	}
	return r < 0 ? -1 : 0;
}

/*** Tests ***/

static int add_test(struct pload *c, const char *rel_in, char *const *group_args)
{
	struct problem *p = c->p;
	struct problem_test *t;
	_cleanup_free_ char *base = strndup(rel_in, strlen(rel_in) - 3);
	_cleanup_free_ char *ans = NULL, *yml = NULL;
	_cleanup_pstrv_ char **own = NULL;
	struct stat st;
	int r;

	if (!base || !(ans = problem_fmt("%s.ans", base)) ||
	    !(yml = problem_fmt("%s.yaml", base)))
		return oom(c, rel_in);
	if (p->n_tests == MAX_TESTS)
		return arb_fail(c->err, ARB_E_PACKAGE, 0, "data: more than %d tests",
				MAX_TESTS);
	r = problem_stat(c, ans, &st);
	if (r < 0)
		return -1;
	if (r == 1 && p->validation != PROBLEM_VALIDATION_INTERACTIVE)
		return arb_fail(c->err, ARB_E_PACKAGE, 0, "%s: no matching .ans", rel_in);
	if (r == 0 && !S_ISREG(st.st_mode))
		return arb_fail(c->err, ARB_E_PACKAGE, 0, "%s: not a regular file", ans);
	if (read_args(c, yml, &own) < 0)
		return -1;
	if (!(p->n_tests % 64)) {
		t = realloc(p->tests, (p->n_tests + 64) * sizeof(*t));
		if (!t)
			return oom(c, rel_in);
		p->tests = t;
	}
	t = &p->tests[p->n_tests];
	memset(t, 0, sizeof(*t));
	p->n_tests++; /* counted first: problem_free() sees a half-built one */
	t->sample = strncmp(rel_in, "data/sample/", 12) == 0;
	if (!(t->name = strdup(base + 5)) ||
	    !(t->in_path = problem_fmt("%s/%s", p->dir, rel_in)) ||
	    (r == 0 && !(t->ans_path = problem_fmt("%s/%s", p->dir, ans))) ||
	    !(t->validator_args = problem_strv_concat(p->validator_args,
						      own ? own : group_args)))
		return oom(c, rel_in);
	if (p->validation == PROBLEM_VALIDATION_DEFAULT &&
	    problem_parse_flag_argv(t->validator_args, &t->flags, c->err) < 0)
		return arb_err_prefix(c->err, "%s: validator arguments", rel_in);
	return 0;
}

static int walk(struct pload *c, const char *rel, int depth, char *const *inherited)
{
	_cleanup_pstrv_ char **names = NULL, **own = NULL;
	char *const *args;
	size_t n = 0;

	if (depth > MAX_DEPTH)
		return arb_fail(c->err, ARB_E_PACKAGE, 0, "%s: nested too deeply", rel);
	if (list_dir(c, rel, &names) < 0 || folder_args(c, rel, &own) < 0 ||
	    (c->p->scoring && problem_group_add(c, rel) < 0))
		return -1;
	args = own ? own : inherited;
	while (names[n])
		n++;
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *sub = NULL;
		struct stat st;

		if (!(sub = problem_fmt("%s/%s", rel, names[i])))
			return oom(c, rel);
		if (problem_stat(c, sub, &st) < 0)
			return -1;
		if (S_ISDIR(st.st_mode)) {
			/* X.files/ holds a test's extra input files (2025-09),
			 * not a group: its .in files are not tests. */
			if (ends_with(names[i], ".files")) {
				_cleanup_free_ char *in = problem_fmt(
					"%.*s.in", (int)(strlen(names[i]) - 6), names[i]);

				if (!in)
					return oom(c, rel);
				if (bsearch(&in, names, n, sizeof(*names), name_cmp))
					continue;
			}
			if (walk(c, sub, depth + 1, args) < 0)
				return -1;
		} else if (ends_with(names[i], ".in")) {
			if (!S_ISREG(st.st_mode))
				return arb_fail(c->err, ARB_E_PACKAGE, 0,
						"%s: not a regular file", sub);
			if (add_test(c, sub, args) < 0)
				return -1;
		}
	}
	return 0;
}

static bool strv_eq(char *const *a, char *const *b)
{
	size_t i;

	for (i = 0; a[i] && b[i]; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return !a[i] && !b[i];
}

int problem_load_tests(struct pload *c)
{
	static const char *const top[] = {"data/sample", "data/secret"};
	_cleanup_pstrv_ char **root = NULL;
	struct problem *p = c->p;
	struct stat st;
	int r = problem_stat(c, "data", &st);

	if (r < 0)
		return -1;
	if (r == 1 || !S_ISDIR(st.st_mode))
		return arb_fail(c->err, ARB_E_PACKAGE, 0, "data: no tests (no data/ folder)");
	if (folder_args(c, "data", &root) < 0 ||
	    (p->scoring && problem_group_add(c, "data") < 0))
		return -1;
	for (size_t k = 0; k < 2; k++) {
		size_t first = p->n_tests;

		r = problem_stat(c, top[k], &st);
		if (r < 0)
			return -1;
		if (r == 1 || !S_ISDIR(st.st_mode))
			continue;
		if (walk(c, top[k], 1, root ? root : (char *const[]){NULL}) < 0)
			return -1;
		if (p->n_tests > first) /* p->tests may still be NULL */
			qsort(p->tests + first, p->n_tests - first, sizeof(*p->tests), test_cmp);
	}
	if (!p->n_tests)
		return arb_fail(c->err, ARB_E_PACKAGE, 0,
				"data: no tests (data/sample/*.in, data/secret/**/*.in)");
	if (problem_groups_finish(c) < 0)
		return -1;
	/* When every test has the same arguments, the problem-wide ones are
	 * those: a caller that looks only at P->flags still judges right. */
	for (size_t i = 1; i < p->n_tests; i++)
		if (!strv_eq(p->tests[i].validator_args, p->tests[0].validator_args))
			return 0;
	problem_strv_free(p->validator_args);
	if (!(p->validator_args = problem_strv_concat(p->tests[0].validator_args, NULL)))
		return oom(c, "data");
	p->flags = p->tests[0].flags;
	return 0;
}

/*** Submissions ***/

static int add_sub(struct pload *c, const char *rel, int expected)
{
	struct problem *p = c->p;
	struct problem_submission *s;

	if (p->n_subs == MAX_SUBS)
		return arb_fail(c->err, ARB_E_PACKAGE, 0,
				"submissions: more than %d", MAX_SUBS);
	if (!(p->n_subs % 32)) {
		s = realloc(p->subs, (p->n_subs + 32) * sizeof(*s));
		if (!s)
			return oom(c, rel);
		p->subs = s;
	}
	s = &p->subs[p->n_subs];
	memset(s, 0, sizeof(*s));
	p->n_subs++;
	s->expected = expected;
	if (!(s->name = strdup(rel + strlen("submissions/"))) ||
	    !(s->path = problem_fmt("%s/%s", p->dir, rel)))
		return oom(c, rel);
	return 0;
}

int problem_load_submissions(struct pload *c)
{
	_cleanup_pstrv_ char **folders = NULL;
	struct stat st;
	int r = problem_stat(c, "submissions", &st);

	if (r != 0 || !S_ISDIR(st.st_mode))
		return r < 0 ? -1 : 0;
	if (list_dir(c, "submissions", &folders) < 0)
		return -1;
	for (size_t i = 0; folders[i]; i++) {
		/* rejected and brute_force: judged by their rules only
		 * (problem_subrules.c); other folders, and submissions.yaml,
		 * are not submissions. */
		int expected = verdict_from_submissions_dir(folders[i]);
		_cleanup_free_ char *rel = NULL;
		_cleanup_pstrv_ char **entries = NULL;
		/* A scoring problem's partial solutions (legacy, 2023-07):
		 * checked by score (struct problem_submission). */
		bool partial = c->p->scoring && strcmp(folders[i], "partially_accepted") == 0;

		if (partial)
			expected = VERDICT_WA;
		if (expected < 0 && !problem_subrules_only_folder(folders[i]))
			continue;
		if (!(rel = problem_fmt("submissions/%s", folders[i])))
			return oom(c, "submissions");
		if (problem_stat(c, rel, &st) < 0)
			return -1;
		if (!S_ISDIR(st.st_mode))
			continue;
		if (list_dir(c, rel, &entries) < 0)
			return -1;
		for (size_t j = 0; entries[j]; j++) {
			_cleanup_free_ char *sub = NULL;

			if (!(sub = problem_fmt("%s/%s", rel, entries[j])))
				return oom(c, rel);
			if (problem_stat(c, sub, &st) < 0)
				return -1;
			if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
				return arb_fail(c->err, ARB_E_PACKAGE, 0,
						"%s: not a file or a folder", sub);
			if (add_sub(c, sub, expected) < 0)
				return -1;
			c->p->subs[c->p->n_subs - 1].partial = partial;
		}
	}
	if (c->p->n_subs) /* qsort(NULL, 0, ...) is undefined */
		qsort(c->p->subs, c->p->n_subs, sizeof(*c->p->subs), sub_cmp);
	return 0;
}
