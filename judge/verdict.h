/* verdict.h - verdicts and their pure decision rules.
 *
 * A test's verdict is decided from the sandbox's measured result and the
 * validator's answer, never from a signal alone; a submission's verdict is
 * the verdict of its first failing test in test order, or AC.
 */
#ifndef ARBITER_VERDICT_H
#define ARBITER_VERDICT_H

#include <stdbool.h>

#include "sandbox/sandbox.h"

enum verdict {
	VERDICT_AC,
	VERDICT_WA,
	VERDICT_TLE,
	VERDICT_MLE,
	VERDICT_OLE,
	VERDICT_RTE,
	VERDICT_CE,
	VERDICT_JE,
	VERDICT_COUNT,
};

/* "AC", "WA", ... */
const char *verdict_name(enum verdict v);

/* Parse "AC" etc.  -1 when unknown. */
int verdict_from_name(const char *name);

/* Kattis submissions/ folder names: accepted -> AC, wrong_answer -> WA,
 * time_limit_exceeded -> TLE, run_time_error -> RTE,
 * memory_limit_exceeded -> MLE, output_limit_exceeded -> OLE,
 * compile_error -> CE.  -1 when the folder is not one of these. */
int verdict_from_submissions_dir(const char *dirname);

/* What the output validator said about a run that finished cleanly. */
enum validator_outcome {
	VALIDATOR_ACCEPT,
	VALIDATOR_REJECT,
	VALIDATOR_FAILED, /* the validator itself broke: a judge error */
};

/* PURE: the verdict of one test.  RUN is the sandbox's result for the
 * submission; OUTCOME is only looked at when the run ended OK. */
enum verdict verdict_of_test(const struct sbx_result *run,
			     enum validator_outcome outcome);

/* PURE: the verdict of an interactive test, where the submission and the
 * validator talk through pipes.  A rejection (WA) by a validator that
 * ended before the submission (VALIDATOR_FIRST) comes first: the
 * submission then often waits for an answer that never comes until its
 * time runs out (problemtools' rule).  Then the submission's own limits
 * (TLE, MLE, OLE); then a rejection - before RTE, because a submission
 * the validator hung up on may die of SIGPIPE; then the submission's
 * crash (RTE); then the validator's acceptance; a validator that failed
 * is a judge error. */
enum verdict verdict_of_interactive(const struct sbx_result *run,
				    enum validator_outcome outcome,
				    bool validator_first);

#endif
