/* score.c - scoring problems: skipping, test, group and total scores; see
 * score.h.  Groups come in walk order, a parent before its children, so a
 * backwards pass over them sees every child before its parent.
 */
#include "score.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/safeopen.h"
#include "judge.h"
#include "validate.h"

/* Scores are sums of doubles: compare with a little slack. */
static bool above(double v, double max)
{
	return !isinf(max) && v > max + 1e-9 * (max > 1 ? max : 1);
}

int score_state_init(struct score_state *st, const struct problem *p,
		     struct arb_err *err)
{
	memset(st, 0, sizeof(*st));
	st->tests = calloc(p->n_tests ? p->n_tests : 1, sizeof(*st->tests));
	st->failed = calloc(p->n_groups ? p->n_groups : 1, sizeof(*st->failed));
	st->failed_child = calloc(p->n_groups ? p->n_groups : 1, sizeof(*st->failed_child));
	if (!st->tests || !st->failed || !st->failed_child) {
		score_state_free(st);
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "scores");
	}
	return 0;
}

void score_state_free(struct score_state *st)
{
	free(st->tests);
	free(st->failed);
	free(st->failed_child);
	memset(st, 0, sizeof(*st));
}

static bool test_ac(const struct score_state *st, size_t i)
{
	return st->tests[i].ran && st->tests[i].verdict == VERDICT_AC;
}

static bool group_all_ac(const struct problem *p, const struct score_state *st, int g)
{
	const struct problem_group *gr = &p->groups[g];

	for (size_t i = gr->first_test; i < gr->first_test + gr->n_tests; i++)
		if (!test_ac(st, i))
			return false;
	return true;
}

static bool requires_met(const struct problem *p, const struct score_state *st, int g)
{
	for (const int *r = p->groups[g].require; *r >= 0; r++)
		if (!group_all_ac(p, st, *r))
			return false;
	return true;
}

/* Walking up from test I, each scored group G is seen with the child of G
 * that holds I: -1 - I for the test itself, else the subgroup's index.  A
 * group that breaks skips every child after the one that failed. */
bool score_should_run(const struct problem *p, const struct score_state *st,
		      size_t i, bool run_all)
{
	long child = -1 - (long)i;

	for (int g = p->tests[i].group; g >= 0 && p->groups[g].scored;
	     child = g, g = p->groups[g].parent) {
		if (!requires_met(p, st, g))
			return false;
		if (!run_all && p->groups[g].on_reject_break && st->failed[g] &&
		    st->failed_child[g] != child)
			return false;
	}
	return true;
}

void score_record(const struct problem *p, struct score_state *st, size_t i,
		  enum verdict v, enum score_feedback fb, double fb_value)
{
	long child = -1 - (long)i;

	st->tests[i] = (struct score_test){.ran = true, .verdict = v, .fb = fb,
					   .fb_value = fb_value};
	if (v == VERDICT_AC)
		return;
	for (int g = p->tests[i].group; g >= 0; child = g, g = p->groups[g].parent)
		if (!st->failed[g]) {
			st->failed[g] = true;
			st->failed_child[g] = child;
		}
}

static int test_score(const struct problem *p, const struct score_state *st, size_t i,
		      double *out, struct arb_err *err)
{
	const struct problem_test *t = &p->tests[i];
	const struct problem_group *g = &p->groups[t->group];
	const struct score_test *s = &st->tests[i];

	if (!s->ran) {
		*out = 0;
	} else if (s->verdict != VERDICT_AC) {
		*out = g->reject_score;
	} else if (s->fb == SCORE_FB_SCORE) {
		if (above(s->fb_value, g->test_max))
			return arb_fail(err, ARB_E_PACKAGE, 0,
					"%s: output validator: score.txt %g is above the test's max score %g",
					t->name, s->fb_value, g->test_max);
		*out = s->fb_value;
	} else if (s->fb == SCORE_FB_MULTIPLIER) {
		if (isinf(g->test_max))
			return arb_fail(err, ARB_E_PACKAGE, 0,
					"%s: output validator: score_multiplier.txt in a group without a max score",
					t->name);
		if (s->fb_value > 1)
			return arb_fail(err, ARB_E_PACKAGE, 0,
					"%s: output validator: score_multiplier.txt %g is above 1",
					t->name, s->fb_value);
		*out = s->fb_value * g->test_max;
	} else if (!isnan(g->accept_score)) {
		*out = g->accept_score;
	} else {
		*out = isinf(g->test_max) ? 1 : g->test_max;
	}
	return 0;
}

struct acc {
	double sum, min;
	size_t count;
	bool all_ac;
};

static enum verdict first_failure(const struct problem *p, const struct score_state *st,
				  size_t from, size_t to)
{
	(void)p;
	for (size_t i = from; i < to; i++)
		if (st->tests[i].ran && st->tests[i].verdict != VERDICT_AC)
			return st->tests[i].verdict;
	return VERDICT_AC;
}

static void add(struct acc *a, double score, bool all_ac)
{
	a->sum += score;
	a->min = score < a->min ? score : a->min;
	a->count++;
	a->all_ac = a->all_ac && all_ac;
}

int score_compute(const struct problem *p, const struct score_state *st,
		  struct score_group_result *groups, double *test_scores,
		  double *total, double *max, struct arb_err *err)
{
	_cleanup_free_ struct acc *acc = calloc(p->n_groups ? p->n_groups : 1, sizeof(*acc));

	*total = *max = 0;
	if (!acc)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "scores");
	for (size_t g = 0; g < p->n_groups; g++)
		acc[g] = (struct acc){.min = INFINITY, .all_ac = true};
	for (size_t i = 0; i < p->n_tests; i++) {
		int g = p->tests[i].group;

		test_scores[i] = 0;
		if (g < 0 || !p->groups[g].scored)
			continue;
		if (test_score(p, st, i, &test_scores[i], err) < 0)
			return -1;
		add(&acc[g], test_scores[i], test_ac(st, i));
	}
	for (size_t k = p->n_groups; k-- > 0;) {
		const struct problem_group *g = &p->groups[k];
		struct score_group_result *r = &groups[k];
		size_t end = g->first_test + g->n_tests;

		memset(r, 0, sizeof(*r));
		r->max_score = g->max_score;
		if (!g->scored)
			continue;
		r->skipped = !requires_met(p, st, (int)k);
		r->verdict = first_failure(p, st, g->first_test, end);
		if (r->skipped) {
			/* Its tests did not run: blame the failure that
			 * stopped them. */
			r->verdict = first_failure(p, st, 0, g->first_test);
			if (r->verdict == VERDICT_AC)
				r->verdict = VERDICT_WA;
		} else if (g->aggregation == PROBLEM_AGG_PASS_FAIL) {
			r->score = acc[k].all_ac ? g->max_score : 0;
		} else if (g->aggregation == PROBLEM_AGG_SUM) {
			r->score = acc[k].sum;
		} else {
			r->score = acc[k].count ? acc[k].min : 0;
		}
		if (g->accept_if_any)
			for (size_t i = g->first_test; i < end; i++)
				if (test_ac(st, i))
					r->verdict = VERDICT_AC;
		if (above(r->score, g->max_score))
			return arb_fail(err, ARB_E_PACKAGE, 0,
					"data/%s: score %g is above its max score %g", g->name,
					r->score, g->max_score);
		if (g->parent >= 0 && p->groups[g->parent].scored)
			add(&acc[g->parent], r->score, acc[k].all_ac && !r->skipped);
		if (strcmp(g->name, "secret") == 0) {
			*total = r->score;
			*max = g->max_score;
		}
	}
	return 0;
}

bool score_parse(const char *text, size_t len, double *out)
{
	static const char ws[] = " \t\n\r\v\f";

	/* A NUL is not whitespace (strchr would find the terminator). */
	while (len && *text && strchr(ws, *text))
		text++, len--;
	while (len && text[len - 1] && strchr(ws, text[len - 1]))
		len--;
	if (memchr(text, '\0', len))
		return false;
	return validate_parse_float(text, len, out) && *out >= 0;
}

/* One feedback file: 0 absent, 1 read into *VALUE, -1 bad. */
static int read_one(int dir, const char *name, double *value, struct arb_err *err)
{
	_cleanup_close_ int fd = -1;
	char buf[SCORE_FEEDBACK_MAX + 1];
	struct stat st;
	size_t len = 0;
	ssize_t n;

	/* The validator (the box user) wrote this dir: confined, no link
	 * followed (safeopen.h), never blocking on a FIFO. */
	fd = safe_openat(dir, name, O_RDONLY | O_NONBLOCK, 0);
	if (fd < 0)
		return errno == ENOENT ? 0 : arb_fail(err, ARB_E_PACKAGE, errno,
						      "output validator: %s", name);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return arb_fail(err, ARB_E_PACKAGE, 0,
				"output validator: %s is not a regular file", name);
	while (len < sizeof(buf) && (n = read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += (size_t)n;
	if (len > SCORE_FEEDBACK_MAX)
		return arb_fail(err, ARB_E_PACKAGE, 0,
				"output validator: %s is longer than %d bytes", name,
				SCORE_FEEDBACK_MAX);
	if (!score_parse(buf, len, value))
		return arb_fail(err, ARB_E_PACKAGE, 0,
				"output validator: %s: not a non-negative number", name);
	return 1;
}

int score_read_feedback(const char *fb_dir, enum score_feedback *fb,
			double *value, struct arb_err *err)
{
	_cleanup_close_ int dir = open(fb_dir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	double mult = 0;
	int a, b;

	*fb = SCORE_FB_NONE;
	*value = 0;
	if (dir < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'", fb_dir);
	if ((a = read_one(dir, "score.txt", value, err)) < 0 ||
	    (b = read_one(dir, "score_multiplier.txt", &mult, err)) < 0)
		return -1;
	if (a && b)
		return arb_fail(err, ARB_E_PACKAGE, 0,
				"output validator: both score.txt and score_multiplier.txt");
	if (a)
		*fb = SCORE_FB_SCORE;
	if (b) {
		*fb = SCORE_FB_MULTIPLIER;
		*value = mult;
	}
	return 0;
}

double score_max(const struct problem *p)
{
	for (size_t g = 0; g < p->n_groups; g++)
		if (strcmp(p->groups[g].name, "secret") == 0)
			return p->groups[g].max_score;
	return 0;
}

/* Sums of thirds are not thirds: 1e-6 is finer than any score's unit. */
static double tidy(double v)
{
	return isinf(v) ? v : round(v * 1e6) / 1e6;
}

int judge_score_fill(const struct problem *p, const struct score_state *st,
		     struct judgement *j, struct arb_err *err)
{
	_cleanup_free_ struct score_group_result *res =
		calloc(p->n_groups ? p->n_groups : 1, sizeof(*res));
	_cleanup_free_ double *ts = calloc(p->n_tests ? p->n_tests : 1, sizeof(*ts));
	double total, max;
	size_t k = 0, n = 0;

	if (!res || !ts)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "scores");
	if (score_compute(p, st, res, ts, &total, &max, err) < 0)
		return -1;
	for (size_t i = 0; i < p->n_tests && k < j->n_tests; i++) {
		int g = p->tests[i].group;

		if (!st->tests[i].ran)
			continue;
		/* A pass-fail group's tests have no scores of their own. */
		j->tests[k].scored = g >= 0 && p->groups[g].scored &&
				     p->groups[g].aggregation != PROBLEM_AGG_PASS_FAIL;
		j->tests[k++].score = tidy(ts[i]);
	}
	for (size_t g = 0; g < p->n_groups; g++)
		n += p->groups[g].scored;
	if (!(j->groups = calloc(n ? n : 1, sizeof(*j->groups))))
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "scores");
	for (size_t g = 0; g < p->n_groups; g++) {
		const struct problem_group *pg = &p->groups[g];
		struct judge_group *jg;

		if (!pg->scored)
			continue;
		jg = &j->groups[j->n_groups++];
		jg->score = tidy(res[g].score);
		jg->max_score = tidy(res[g].max_score);
		jg->verdict = res[g].verdict;
		jg->skipped = res[g].skipped;
		if (!(jg->name = strdup(pg->name)) ||
		    !(jg->tests = calloc(pg->n_tests + 1, sizeof(char *))))
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "scores");
		for (size_t i = 0; i < pg->n_tests; i++)
			if (!(jg->tests[i] = strdup(p->tests[pg->first_test + i].name)))
				return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "scores");
	}
	/* A judge error is never partial credit. */
	j->score = j->verdict == VERDICT_JE ? 0 : tidy(total);
	j->max_score = tidy(max);
	return 0;
}
