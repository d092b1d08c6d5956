/* testlib.c - PURE: a testlib-style checker's exit status and output to a
 * validator outcome (testlib.h has the convention). */
#include "testlib.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* X of the first line "points X ..." of OUT; false when there is none. */
static bool find_points(const char *out, double *x)
{
	for (const char *line = out; line && *line;) {
		const char *nl = strchr(line, '\n');

		while (*line == ' ' || *line == '\t')
			line++;
		if (strncmp(line, "points ", 7) == 0) {
			char *end;

			*x = strtod(line + 7, &end);
			return end != line + 7 &&
			       (*end == '\0' || *end == ' ' || *end == '\n' ||
				*end == '\t' || *end == '\r');
		}
		line = nl ? nl + 1 : NULL;
	}
	return false;
}

enum validator_outcome testlib_outcome(int exit_code, const char *output,
				       bool *has_points, double *points,
				       char *msg, size_t msg_len)
{
	const char *out = output ? output : "";
	int first = (int)strcspn(out, "\n");

	*has_points = false;
	*points = 0;
	snprintf(msg, msg_len, "%.*s", first, out);
	switch (exit_code) {
	case TESTLIB_OK:
		return VALIDATOR_ACCEPT;
	case TESTLIB_WA:
	case TESTLIB_PE:
	case TESTLIB_DIRT:
	case TESTLIB_UNEXPECTED_EOF:
		return VALIDATOR_REJECT;
	case TESTLIB_FAIL:
		snprintf(msg, msg_len, "checker failed (exit 3)%s%.*s", first ? ": " : "",
			 first, out);
		return VALIDATOR_FAILED;
	case TESTLIB_POINTS:
		if (!find_points(out, points) || !isfinite(*points) || *points < 0) {
			*points = 0;
			snprintf(msg, msg_len,
				 "checker exited 7 (points) without a 'points X' line, X >= 0");
			return VALIDATOR_FAILED;
		}
		*has_points = true;
		return *points > 0 ? VALIDATOR_ACCEPT : VALIDATOR_REJECT;
	default:
		break;
	}
	if (exit_code >= TESTLIB_PC_BASE && exit_code <= TESTLIB_PC_BASE + 100)
		return VALIDATOR_REJECT; /* partially correct: not a pass */
	if (exit_code < 0)
		snprintf(msg, msg_len, "checker failed");
	else
		snprintf(msg, msg_len, "checker exited %d (expected 0, 1, 2, 3 or 7)",
			 exit_code);
	return VALIDATOR_FAILED;
}
