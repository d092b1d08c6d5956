/* input_check.c - judge_check_inputs(): a package's input validators on
 * every test's input, for `arbiter verify` (problemtools checks the same).
 *
 * Each validator is built once (judge_program_build(): in its own scratch
 * dir, like the output validator) and run in the sandbox once per test,
 * `validator [args] < test.in`.  Exit 42 is valid and 43 invalid; any other
 * exit, a signal or a limit is the validator's failure, reported as such
 * and never as an invalid input.  Everything it prints (stdout and
 * stderr) is kept, bounded and sanitised, as the finding's message.
 */
#include "judge.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"

#define INPUT_VALID 42
#define INPUT_INVALID 43

/* The spec's other two kinds of input validator, a checktestdata script
 * (.ctd) and a VIVA one (.viva), are data for a tool arbiter neither ships
 * nor sandboxes: they are skipped with a notice, so a package that also
 * has program validators (problemtools' examples do) still verifies. */
static bool is_script_validator(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && (strcmp(dot, ".ctd") == 0 || strcmp(dot, ".viva") == 0);
}

static void report(void (*on_issue)(void *, const struct judge_input_issue *),
		   void *arg, struct judge_input_issue *is)
{
	if (on_issue)
		on_issue(arg, is);
}

int judge_check_inputs(struct judge_ctx *ctx, const struct problem *prob,
		       void (*on_issue)(void *arg, const struct judge_input_issue *issue),
		       void *arg, struct arb_err *err)
{
	int found = 0;

	for (size_t k = 0; k < prob->n_input_validators; k++) {
		const struct problem_program *pr = &prob->input_validators[k];
		struct judge_program *p = NULL;
		struct judge_input_issue is;

		memset(&is, 0, sizeof(is));
		is.validator = pr->name;
		if (is_script_validator(pr->name)) {
			is.skipped = true;
			snprintf(is.message, sizeof(is.message),
				 "%s validators are not run by arbiter",
				 strstr(pr->name, ".ctd") ? "checktestdata" : "VIVA");
			report(on_issue, arg, &is);
			continue;
		}
		if (judge_program_build(ctx, prob, pr->path, "input validator", &p,
					err) < 0) {
			/* The package's fault is a finding; the judge's ends
			 * the check. */
			if (err->kind != ARB_E_PACKAGE)
				return -1;
			snprintf(is.message, sizeof(is.message), "%s", err->msg);
			report(on_issue, arg, &is);
			found++;
			continue;
		}
		for (size_t i = 0; i < prob->n_tests; i++) {
			const struct problem_test *t = &prob->tests[i];
			_cleanup_free_ char *output = NULL;
			char why[256];
			int code;

			if (judge_program_run(ctx, p, t->in_path,
					      t->input_validator_args
						      ? t->input_validator_args[k]
						      : NULL,
					      &code, why, sizeof(why), &output, err) < 0) {
				judge_program_free(p);
				return -1;
			}
			if (code == INPUT_VALID)
				continue;
			is.test = t->name;
			is.invalid = code == INPUT_INVALID;
			if (is.invalid)
				snprintf(is.message, sizeof(is.message), "%s",
					 output ? output : "");
			else if (code >= 0)
				snprintf(is.message, sizeof(is.message),
					 "exited %d (expected 42 or 43)%s%.900s", code,
					 output && *output ? ": " : "", output ? output : "");
			else
				snprintf(is.message, sizeof(is.message), "%s", why);
			report(on_issue, arg, &is);
			found++;
		}
		judge_program_free(p);
	}
	return found;
}
