/* validate.h - the default output validator (Kattis semantics), in process.
 *
 * Compares the team's output with the judge's answer token by token:
 * whitespace-insensitive unless space_change_sensitive (then every
 * whitespace character must match exactly), case-insensitive unless
 * case_sensitive, and tokens that parse as floating-point numbers in the
 * answer are compared with the absolute / relative tolerance when one is
 * set (a number is accepted when EITHER tolerance accepts it).  Reads
 * streams incrementally: outputs may be large.
 */
#ifndef ARBITER_VALIDATE_H
#define ARBITER_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "problem.h"

struct validate_result {
	bool accepted;
	/* For the judge's eyes (never reveals the answer beyond the first
	 * difference): "line 3: expected '7', got '8'",
	 * "line 5: output ended early (expected '42')",
	 * "line 9: extra output 'foo'", "line 2: 3.15 differs from 3.14159 by
	 * more than 1e-06".  Valid UTF-8, truncated tokens end with "...". */
	char message[256];
};

/* Validate the file at OUTPUT against ANSWER.  -1 (ARB_E_INTERNAL) only when
 * a file cannot be read. */
int validate_default(const char *output, const char *answer,
		     const struct validator_flags *flags,
		     struct validate_result *res, struct arb_err *err);

/* Parse S (LEN bytes, not NUL-terminated) as the format's floating-point
 * number: [+-]? (D* "." D+ | D+ "." | D+) ([eE] [+-]? D+)?, decimal only,
 * finite (no inf, nan, hex; an overflow is not a number), in the C locale.
 * The grammar the default validator uses for tokens; also for package
 * numbers (tolerances, .timelimit). */
bool validate_parse_float(const char *s, size_t len, double *out);

#endif
