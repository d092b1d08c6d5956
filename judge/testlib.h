/* testlib.h - PURE: what a testlib-style checker's exit means.
 *
 * Codeforces / Polygon checkers (built on testlib.h or following its
 * convention) are run as `checker input output answer` and say what they
 * found by their exit status: 0 ok, 1 wrong answer, 2 presentation error,
 * 3 fail (the checker or the jury's answer is wrong), 4 "dirt" (a
 * presentation error), 7 points (quitp: the checker printed "points X
 * [message]"), 8 unexpected end of file, 50 + N partially correct
 * (quitpc).  Anything else, a signal or a limit is the checker's fault.
 */
#ifndef ARBITER_TESTLIB_H
#define ARBITER_TESTLIB_H

#include <stdbool.h>
#include <stddef.h>

#include "verdict.h"

#define TESTLIB_OK 0
#define TESTLIB_WA 1
#define TESTLIB_PE 2
#define TESTLIB_FAIL 3
#define TESTLIB_DIRT 4
#define TESTLIB_POINTS 7
#define TESTLIB_UNEXPECTED_EOF 8
#define TESTLIB_PC_BASE 50

/* The outcome of a checker that exited with EXIT_CODE (-1: it did not
 * exit by itself) after printing OUTPUT (stdout and stderr; may be NULL).
 * Presentation errors are rejections (arbiter has no PE verdict).  For
 * TESTLIB_POINTS, *POINTS gets X from the first line of OUTPUT that starts
 * "points X" (and *HAS_POINTS true): X > 0 accepts, 0 rejects; no such
 * line, or a negative or non-finite X, is the checker's failure.  MSG
 * gets a one-line reason for a failure, else OUTPUT's first line. */
enum validator_outcome testlib_outcome(int exit_code, const char *output,
				       bool *has_points, double *points,
				       char *msg, size_t msg_len);

#endif
