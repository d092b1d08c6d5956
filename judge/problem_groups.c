/* problem_groups.c - the test data groups of a scoring problem.
 *
 * Every folder walked under data/ (data itself, sample, secret and the
 * folders below secret) is a group; its settings come from its
 * test_group.yaml (2025-09), else its testdata.yaml (legacy and 2023-07),
 * read with the same precedence as the validator arguments.  Keys read:
 *   2025-09  max_score (number or `unbounded`), score_aggregation
 *            (pass-fail | sum | min), require_pass (a name or a list)
 *   2023-07  scoring: {score, aggregation, require_pass}
 *   legacy   grading (default only), grader_flags (sum, min, ignore_sample,
 *            first_error, worst_error, accept_if_any_accepted),
 *            accept_score, reject_score, range, on_reject (break | continue)
 * Packages mix versions, so every key is read whatever the version says;
 * the version decides the defaults only:
 *   legacy   a folder without a file inherits its parent's whole file (as
 *            for the validator flags); aggregation sum; on_reject break;
 *            secret unbounded, so a test scores accept_score (1)
 *   2023-07+ nothing inherited; secret: sum, max 100; subgroups: pass-fail;
 *            a group stops at its first failure unless it sums
 * Max scores are inferred top-down as 2023-07 does: a test or subgroup
 * without one gets (M - S) / (A + T) of a summing parent with max M (S the
 * subgroups' given maxima, A the subgroups without one, T the tests), M
 * under min or pass-fail, unbounded under unbounded.  Samples never score.
 */
#include "problem_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "validate.h"

#define MAX_SCORE 1e9     /* a bigger one is a typo */
#define MAX_GROUPS 10000
#define SECRET_DEFAULT_MAX 100.0

static int oom(struct pload *c, const char *what)
{
	return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "%s", what);
}

static bool legacy(const struct problem *p)
{
	return !p->format_version || strncmp(p->format_version, "legacy", 6) == 0;
}

/*** Keys ***/

/* A score: a plain or quoted decimal number in [0, MAX_SCORE] (legacy
 * writes them as strings), or `unbounded` when UNBOUNDED is allowed. */
static int get_score(struct yu_doc *d, const yaml_node_t *n, const char *key,
		     bool unbounded, double *out)
{
	const char *v;

	if (n->type != YAML_SCALAR_NODE)
		return yu_fail(d, key, "expected a number");
	v = (const char *)n->data.scalar.value;
	if (unbounded && strcmp(v, "unbounded") == 0) {
		*out = INFINITY;
		return 0;
	}
	if (!validate_parse_float(v, n->data.scalar.length, out))
		return yu_fail(d, key, "'%s' is not a number", v);
	if (*out < 0)
		return yu_fail(d, key, "'%s' is negative", v);
	if (*out > MAX_SCORE)
		return yu_fail(d, key, "'%s' is above %g", v, MAX_SCORE);
	return 0;
}

static int get_aggregation(struct yu_doc *d, const yaml_node_t *n, const char *key,
			   enum problem_aggregation *out)
{
	const char *v;

	if (yu_string(d, n, key, &v) < 0)
		return -1;
	if (strcmp(v, "sum") == 0)
		*out = PROBLEM_AGG_SUM;
	else if (strcmp(v, "min") == 0)
		*out = PROBLEM_AGG_MIN;
	else if (strcmp(v, "pass-fail") == 0)
		*out = PROBLEM_AGG_PASS_FAIL;
	else
		return yu_fail(d, key, "unknown aggregation '%s' (expected pass-fail, sum or min)", v);
	return 0;
}

/* Legacy default grader flags: the last mode given wins (the spec). */
static int get_grader_flags(struct yu_doc *d, const yaml_node_t *n,
			    struct problem_group *g)
{
	_cleanup_pstrv_ char **w = NULL;
	const char *s;

	if (yu_string(d, n, "grader_flags", &s) < 0)
		return -1;
	if (!(w = problem_split(s)))
		return arb_fail(d->err, ARB_E_INTERNAL, ENOMEM, "%s", d->file);
	for (size_t i = 0; w[i]; i++) {
		if (strcmp(w[i], "sum") == 0)
			g->aggregation = PROBLEM_AGG_SUM;
		else if (strcmp(w[i], "min") == 0)
			g->aggregation = PROBLEM_AGG_MIN;
		else if (strcmp(w[i], "accept_if_any_accepted") == 0)
			g->accept_if_any = true;
		/* Samples never score; the verdict is the first failure's
		 * (CONTRACT), which break makes the worst one's too. */
		else if (strcmp(w[i], "ignore_sample") != 0 &&
			 strcmp(w[i], "first_error") != 0 &&
			 strcmp(w[i], "worst_error") != 0)
			return yu_fail(d, "grader_flags", "%s '%s'",
				       strcmp(w[i], "avg") == 0 || strcmp(w[i], "max") == 0 ||
						       strcmp(w[i], "always_accept") == 0
					       ? "unsupported flag" : "unknown flag",
				       w[i]);
	}
	return 0;
}

/* Legacy range "A B" (inf, -inf, +inf allowed): checked for form only. */
static int check_range(struct yu_doc *d, const yaml_node_t *n)
{
	_cleanup_pstrv_ char **w = NULL;
	double v[2];
	const char *s;

	if (yu_string(d, n, "range", &s) < 0)
		return -1;
	if (!(w = problem_split(s)))
		return arb_fail(d->err, ARB_E_INTERNAL, ENOMEM, "%s", d->file);
	if (!w[0] || !w[1] || w[2])
		return yu_fail(d, "range", "expected two numbers, not '%s'", s);
	for (int i = 0; i < 2; i++) {
		const char *x = w[i] + (w[i][0] == '+');

		if (strcmp(x, "inf") == 0)
			v[i] = INFINITY;
		else if (strcmp(w[i], "-inf") == 0)
			v[i] = -INFINITY;
		else if (!validate_parse_float(w[i], strlen(w[i]), &v[i]))
			return yu_fail(d, "range", "'%s' is not a number", w[i]);
	}
	if (v[0] > v[1])
		return yu_fail(d, "range", "'%s' is empty", s);
	return 0;
}

static int get_word(struct yu_doc *d, const yaml_node_t *n, const char *key,
		    const char *a, const char *b, bool *is_a)
{
	const char *v;

	if (yu_string(d, n, key, &v) < 0)
		return -1;
	if (strcmp(v, a) != 0 && strcmp(v, b) != 0)
		return yu_fail(d, key, "expected '%s' or '%s', not '%s'", a, b, v);
	*is_a = strcmp(v, a) == 0;
	return 0;
}

/* The scoring keys of REL into G.  1 when the file does not exist. */
static int read_settings(struct pload *c, const char *rel, struct problem_group *g,
			 bool *onrej_set)
{
	_cleanup_yu_doc_ struct yu_doc d = {0};
	yaml_node_t *root = NULL, *n, *sc = NULL;
	yaml_node_t *max = NULL, *agg = NULL, *req = NULL;
	int r = problem_yaml_load(c, rel, &d, &root);

	if (r != 0 || !root)
		return r;
	if (problem_yaml_get(&d, root, "scoring", "scoring", &sc) < 0)
		return -1;
	if (sc) {
		if (sc->type != YAML_MAPPING_NODE)
			return yu_fail(&d, "scoring", "expected a map");
		if (problem_yaml_get(&d, sc, "score", "scoring.score", &max) < 0 ||
		    (max && get_score(&d, max, "scoring.score", true, &g->max_score) < 0) ||
		    problem_yaml_get(&d, sc, "aggregation", "scoring.aggregation", &agg) < 0 ||
		    (agg && get_aggregation(&d, agg, "scoring.aggregation", &g->aggregation) < 0) ||
		    problem_yaml_get(&d, sc, "require_pass", "scoring.require_pass", &req) < 0)
			return -1;
		if (req && problem_yaml_args(&d, req, "scoring.require_pass", &g->require_pass) < 0)
			return -1;
		g->max_given = max;
	}
	if (problem_yaml_get(&d, root, "max_score", "max_score", &max) < 0 ||
	    (max && get_score(&d, max, "max_score", true, &g->max_score) < 0) ||
	    problem_yaml_get(&d, root, "score_aggregation", "score_aggregation", &agg) < 0 ||
	    (agg && get_aggregation(&d, agg, "score_aggregation", &g->aggregation) < 0))
		return -1;
	g->max_given |= max != NULL;
	if (problem_yaml_get(&d, root, "require_pass", "require_pass", &req) < 0)
		return -1;
	if (req) {
		problem_strv_free(g->require_pass);
		g->require_pass = NULL;
		if (problem_yaml_args(&d, req, "require_pass", &g->require_pass) < 0)
			return -1;
	}
	/* Legacy keys. */
	if (problem_yaml_get(&d, root, "grading", "grading", &n) < 0)
		return -1;
	if (n) {
		bool dflt;

		if (get_word(&d, n, "grading", "default", "custom", &dflt) < 0)
			return -1;
		if (!dflt)
			return yu_fail(&d, "grading", "custom graders are not supported");
	}
	if (problem_yaml_get(&d, root, "grader_flags", "grader_flags", &n) < 0 ||
	    (n && get_grader_flags(&d, n, g) < 0))
		return -1;
	if (problem_yaml_get(&d, root, "accept_score", "accept_score", &n) < 0 ||
	    (n && get_score(&d, n, "accept_score", false, &g->accept_score) < 0) ||
	    problem_yaml_get(&d, root, "reject_score", "reject_score", &n) < 0 ||
	    (n && get_score(&d, n, "reject_score", false, &g->reject_score) < 0) ||
	    problem_yaml_get(&d, root, "range", "range", &n) < 0 ||
	    (n && check_range(&d, n) < 0) ||
	    problem_yaml_get(&d, root, "on_reject", "on_reject", &n) < 0 ||
	    (n && get_word(&d, n, "on_reject", "break", "continue", &g->on_reject_break) < 0))
		return -1;
	*onrej_set = n != NULL;
	return 0;
}

/*** Building ***/

int problem_group_add(struct pload *c, const char *rel)
{
	struct problem *p = c->p;
	struct problem_group *g, *parent = NULL;
	_cleanup_free_ char *tg = NULL, *td = NULL;
	const char *name = strcmp(rel, "data") == 0 ? "data" : rel + 5;
	bool onrej_set = false;
	int r;

	/* Only data/, sample, secret and below are groups (not
	 * invalid_input/ and the like). */
	if (strcmp(name, "data") != 0 && strncmp(name, "sample", 6) != 0 &&
	    strncmp(name, "secret", 6) != 0)
		return 0;
	if (p->n_groups == MAX_GROUPS)
		return arb_fail(c->err, ARB_E_PACKAGE, 0, "data: more than %d groups",
				MAX_GROUPS);
	if (!(p->n_groups % 16)) {
		g = realloc(p->groups, (p->n_groups + 16) * sizeof(*g));
		if (!g)
			return oom(c, rel);
		p->groups = g;
	}
	g = &p->groups[p->n_groups];
	memset(g, 0, sizeof(*g));
	g->parent = -1;
	p->n_groups++; /* counted first: problem_groups_free() sees a half-built one */
	/* Walk order is depth first: the parent is the last group whose name
	 * is a prefix of this one's. */
	for (size_t i = p->n_groups - 1; i-- > 0;) {
		size_t len = strlen(p->groups[i].name);

		if (i == 0 || (strncmp(p->groups[i].name, name, len) == 0 && name[len] == '/')) {
			g->parent = (int)i;
			break;
		}
	}
	if (g->parent >= 0)
		parent = &p->groups[g->parent];
	if (!(g->name = strdup(name)) || !(tg = problem_fmt("%s/test_group.yaml", rel)) ||
	    !(td = problem_fmt("%s/testdata.yaml", rel)))
		return oom(c, rel);
	g->scored = strncmp(name, "secret", 6) == 0;
	g->accept_score = NAN;
	g->aggregation = legacy(p) || (parent && !parent->scored) ? PROBLEM_AGG_SUM
								   : PROBLEM_AGG_PASS_FAIL;
	g->max_score = legacy(p) ? INFINITY : SECRET_DEFAULT_MAX;
	g->on_reject_break = true;
	r = read_settings(c, tg, g, &onrej_set);
	if (r == 1)
		r = read_settings(c, td, g, &onrej_set);
	if (r < 0)
		return -1;
	if (r == 1 && legacy(p) && parent) {
		/* Legacy: a folder without testdata.yaml has its parent's. */
		g->aggregation = parent->aggregation;
		g->accept_score = parent->accept_score;
		g->reject_score = parent->reject_score;
		g->on_reject_break = parent->on_reject_break;
		g->accept_if_any = parent->accept_if_any;
		onrej_set = true;
	}
	if (!onrej_set && !legacy(p))
		g->on_reject_break = g->aggregation != PROBLEM_AGG_SUM;
	if (!g->require_pass && !(g->require_pass = calloc(1, sizeof(char *))))
		return oom(c, rel);
	return 0;
}

struct gidx {
	const char *name;
	int idx;
};

static int gidx_cmp(const void *a, const void *b)
{
	return strcmp(((const struct gidx *)a)->name, ((const struct gidx *)b)->name);
}

/* The index of group NAME, or -1. */
static int find_group(const struct gidx *sorted, size_t n, const char *name)
{
	struct gidx key = {.name = name};
	const struct gidx *hit = bsearch(&key, sorted, n, sizeof(*sorted), gidx_cmp);

	return hit ? hit->idx : -1;
}

static bool is_below(const struct problem *p, int g, int ancestor)
{
	for (; g >= 0; g = p->groups[g].parent)
		if (g == ancestor)
			return true;
	return false;
}

/* Where the tests are, and what each group requires. */
static int place_tests(struct pload *c)
{
	struct problem *p = c->p;
	_cleanup_free_ struct gidx *sorted = calloc(p->n_groups, sizeof(*sorted));

	if (!sorted)
		return oom(c, "data");
	for (size_t i = 0; i < p->n_groups; i++)
		sorted[i] = (struct gidx){.name = p->groups[i].name, .idx = (int)i};
	qsort(sorted, p->n_groups, sizeof(*sorted), gidx_cmp);
	for (size_t i = 0; i < p->n_tests; i++) {
		struct problem_test *t = &p->tests[i];
		const char *slash = strrchr(t->name, '/');
		_cleanup_free_ char *dir = strndup(t->name, (size_t)(slash - t->name));

		if (!dir)
			return oom(c, "data");
		t->group = find_group(sorted, p->n_groups, dir);
		if (t->group < 0)
			return arb_fail(c->err, ARB_E_INTERNAL, 0, "data/%s: no group", t->name);
		for (int g = t->group; g >= 0; g = p->groups[g].parent) {
			struct problem_group *gr = &p->groups[g];

			if (!gr->n_tests)
				gr->first_test = i;
			else if (gr->first_test + gr->n_tests != i)
				return arb_fail(c->err, ARB_E_INTERNAL, 0,
						"data/%s: groups out of order", t->name);
			gr->n_tests++;
		}
	}
	for (size_t i = 0; i < p->n_groups; i++) {
		struct problem_group *g = &p->groups[i];
		size_t n = 0;

		if (g->scored && !g->n_tests)
			return arb_fail(c->err, ARB_E_PACKAGE, 0,
					"data/%s: a test group without tests", g->name);
		while (g->require_pass[n])
			n++;
		if (!(g->require = calloc(n + 1, sizeof(int))))
			return oom(c, "data");
		for (size_t k = 0; k < n; k++) {
			int r = find_group(sorted, p->n_groups, g->require_pass[k]);

			if (r < 1)
				return arb_fail(c->err, ARB_E_PACKAGE, 0,
						"data/%s: require_pass: no group '%s'", g->name,
						g->require_pass[k]);
			if (is_below(p, r, (int)i) || is_below(p, (int)i, r) ||
			    !p->groups[r].n_tests || !g->n_tests ||
			    p->groups[r].first_test + p->groups[r].n_tests > g->first_test)
				return arb_fail(c->err, ARB_E_PACKAGE, 0,
						"data/%s: require_pass: '%s' does not come before it",
						g->name, g->require_pass[k]);
			g->require[k] = r;
		}
		g->require[n] = -1;
	}
	return 0;
}

/* Max scores, top-down (a parent comes before its children). */
static int infer_max(struct pload *c)
{
	struct problem *p = c->p;
	_cleanup_free_ size_t *tests = calloc(p->n_groups, sizeof(size_t));
	_cleanup_free_ size_t *open = calloc(p->n_groups, sizeof(size_t));
	_cleanup_free_ double *given = calloc(p->n_groups, sizeof(double));

	if (!tests || !open || !given)
		return oom(c, "data");
	for (size_t i = 0; i < p->n_tests; i++)
		tests[p->tests[i].group]++;
	for (size_t i = 0; i < p->n_groups; i++) {
		const struct problem_group *g = &p->groups[i];

		if (g->parent < 0 || !g->scored)
			continue;
		if (g->max_given)
			given[g->parent] += g->max_score;
		else
			open[g->parent]++;
	}
	for (size_t i = 0; i < p->n_groups; i++) {
		struct problem_group *g = &p->groups[i];
		const struct problem_group *pa = g->parent >= 0 ? &p->groups[g->parent] : NULL;
		double share;

		if (!g->scored)
			continue;
		if (pa && pa->scored && !g->max_given) {
			if (isinf(pa->max_score) || pa->aggregation != PROBLEM_AGG_SUM)
				g->max_score = pa->max_score;
			else
				g->max_score = (pa->max_score - given[g->parent]) /
					       (double)(open[g->parent] + tests[g->parent]);
		}
		if (isinf(g->max_score) && g->aggregation == PROBLEM_AGG_PASS_FAIL)
			return arb_fail(c->err, ARB_E_PACKAGE, 0,
					"data/%s: pass-fail aggregation needs a bounded max_score",
					g->name);
		if (!isinf(g->max_score) && g->aggregation == PROBLEM_AGG_SUM &&
		    given[i] > g->max_score * (1 + 1e-9))
			return arb_fail(c->err, ARB_E_PACKAGE, 0,
					"data/%s: its subgroups' max_score add up to %g, more than its %g",
					g->name, given[i], g->max_score);
		share = open[i] + tests[i] ? (g->max_score - given[i]) / (double)(open[i] + tests[i])
					   : 0;
		g->test_max = isinf(g->max_score) || g->aggregation != PROBLEM_AGG_SUM
				      ? g->max_score : share;
	}
	return 0;
}

int problem_groups_finish(struct pload *c)
{
	if (!c->p->scoring || !c->p->n_groups) {
		for (size_t i = 0; i < c->p->n_tests; i++)
			c->p->tests[i].group = -1;
		return 0;
	}
	return place_tests(c) < 0 ? -1 : infer_max(c);
}

void problem_groups_free(struct problem *p)
{
	for (size_t i = 0; i < p->n_groups; i++) {
		free(p->groups[i].name);
		problem_strv_free(p->groups[i].require_pass);
		free(p->groups[i].require);
	}
	free(p->groups);
	p->groups = NULL;
	p->n_groups = 0;
}
