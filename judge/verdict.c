/* verdict.c - verdict names and the pure per-test rule; see verdict.h. */
#include "verdict.h"

#include <stdbool.h>

#include <string.h>

static const char *const names[VERDICT_COUNT] = {
	[VERDICT_AC] = "AC",   [VERDICT_WA] = "WA",   [VERDICT_TLE] = "TLE",
	[VERDICT_MLE] = "MLE", [VERDICT_OLE] = "OLE", [VERDICT_RTE] = "RTE",
	[VERDICT_CE] = "CE",   [VERDICT_JE] = "JE",
};

static const struct {
	const char *dir;
	enum verdict v;
} dirs[] = {
	{"accepted", VERDICT_AC},
	{"wrong_answer", VERDICT_WA},
	{"time_limit_exceeded", VERDICT_TLE},
	{"run_time_error", VERDICT_RTE},
	{"memory_limit_exceeded", VERDICT_MLE},
	{"output_limit_exceeded", VERDICT_OLE},
	{"compile_error", VERDICT_CE},
};

const char *verdict_name(enum verdict v)
{
	return (unsigned)v < VERDICT_COUNT ? names[v] : "JE";
}

int verdict_from_name(const char *name)
{
	for (int v = 0; v < VERDICT_COUNT; v++)
		if (!strcmp(names[v], name))
			return v;
	return -1;
}

int verdict_from_submissions_dir(const char *dirname)
{
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (!strcmp(dirs[i].dir, dirname))
			return (int)dirs[i].v;
	return -1;
}

/* The verdict a run earns by itself, whatever a validator says: a limit
 * (TLE, MLE, OLE), or RTE when CRASH_COUNTS.  VERDICT_AC when none. */
static enum verdict run_verdict(const struct sbx_result *run, bool crash_counts)
{
	switch (run->status) {
	case SBX_TLE:
		return VERDICT_TLE;
	case SBX_MLE:
		return VERDICT_MLE;
	case SBX_OLE:
		return VERDICT_OLE;
	case SBX_RTE:
		return crash_counts ? VERDICT_RTE : VERDICT_AC;
	case SBX_OK:
		break;
	}
	return VERDICT_AC;
}

static enum verdict outcome_verdict(enum validator_outcome outcome)
{
	switch (outcome) {
	case VALIDATOR_ACCEPT:
		return VERDICT_AC;
	case VALIDATOR_REJECT:
		return VERDICT_WA;
	case VALIDATOR_FAILED:
		break;
	}
	return VERDICT_JE;
}

enum verdict verdict_of_test(const struct sbx_result *run,
			     enum validator_outcome outcome)
{
	enum verdict v = run_verdict(run, true);

	return v != VERDICT_AC ? v : outcome_verdict(outcome);
}

enum verdict verdict_of_interactive(const struct sbx_result *run,
				    enum validator_outcome outcome,
				    bool validator_first)
{
	enum verdict v = run_verdict(run, false);

	if (outcome == VALIDATOR_REJECT && validator_first)
		return VERDICT_WA;
	if (v != VERDICT_AC)
		return v;
	if (outcome == VALIDATOR_REJECT)
		return VERDICT_WA;
	if (run->status == SBX_RTE)
		return VERDICT_RTE;
	return outcome_verdict(outcome);
}
