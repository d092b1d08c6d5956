/* score.h - scoring problems: which tests run, and the scores of the tests,
 * the groups and the submission (problem_groups.c loads the groups).
 *
 * PURE except score_read_feedback().  The pipeline asks score_should_run()
 * before each test and tells score_record() its verdict; once the tests are
 * done, score_compute() gives every group's score and the total:
 *   test   not run or not AC: reject_score (0); AC: the validator's
 *          score.txt, else score_multiplier.txt x its max, else the legacy
 *          accept_score when given, else its max when bounded, else 1
 *   group  pass-fail: its max when every test in it is AC, else 0;
 *          sum / min of its tests and subgroups; 0 when a require_pass
 *          group was not all AC (its tests are then not run)
 *   total  the score of secret (samples never score)
 * A test is skipped when a group around it stops on a failure (on_reject:
 * break, or pass-fail / min aggregation in 2023-07+) and the failure was
 * elsewhere in that group, or when a require_pass group is not all AC.
 */
#ifndef ARBITER_SCORE_H
#define ARBITER_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "problem.h"
#include "verdict.h"

#define SCORE_FEEDBACK_MAX 128 /* bytes of score.txt read; a longer one is JE */

enum score_feedback {
	SCORE_FB_NONE,
	SCORE_FB_SCORE,      /* score.txt */
	SCORE_FB_MULTIPLIER, /* score_multiplier.txt */
};

struct score_test {
	bool ran;
	enum verdict verdict;
	enum score_feedback fb;
	double fb_value;
};

struct score_state {
	struct score_test *tests; /* per problem test */
	bool *failed;             /* per group: a test under it failed */
	long *failed_child;       /* per group: in which child (see score.c) */
};

struct score_group_result {
	double score, max_score;
	enum verdict verdict; /* the first failure's in it, or AC */
	bool skipped;         /* a require_pass group was not all AC */
};

int score_state_init(struct score_state *st, const struct problem *p,
		     struct arb_err *err);
void score_state_free(struct score_state *st);

/* Whether test I is to be run (RUN_ALL: also past failures; require_pass
 * still holds). */
bool score_should_run(const struct problem *p, const struct score_state *st,
		      size_t i, bool run_all);
void score_record(const struct problem *p, struct score_state *st, size_t i,
		  enum verdict v, enum score_feedback fb, double fb_value);

/* GROUPS (p->n_groups entries) and TEST_SCORES (p->n_tests) filled, *TOTAL
 * and *MAX (INFINITY: unbounded) the submission's.  -1 (ARB_E_PACKAGE,
 * naming the test) when a validator's score breaks the rules: above the
 * test's max, or a multiplier outside [0, 1] or in an unbounded group. */
int score_compute(const struct problem *p, const struct score_state *st,
		  struct score_group_result *groups, double *test_scores,
		  double *total, double *max, struct arb_err *err);

/* The validator's score.txt or score_multiplier.txt in the feedback dir
 * FB_DIR (written by the box user: opened without following links, a
 * regular file, at most SCORE_FEEDBACK_MAX bytes), parsed as a finite
 * non-negative number.  *FB is SCORE_FB_NONE when neither exists; both is
 * an error.  -1 (ARB_E_PACKAGE) on a bad file. */
int score_read_feedback(const char *fb_dir, enum score_feedback *fb,
			double *value, struct arb_err *err);

/* Secret's max score (INFINITY: unbounded; 0 without secret). */
double score_max(const struct problem *p);

/* After the tests of a scoring problem: J's score (the total), its tests'
 * scores and its groups (secret and below), from ST.  J->tests are the
 * tests ST saw run, in order.  -1 as score_compute(). */
struct judgement;
int judge_score_fill(const struct problem *p, const struct score_state *st,
		     struct judgement *j, struct arb_err *err);

/* PURE: parse TEXT (LEN bytes: a number, optional surrounding whitespace)
 * as a finite non-negative score.  false when it is not one. */
bool score_parse(const char *text, size_t len, double *out);

#endif
