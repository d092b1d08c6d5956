/* cmp.h - the checker's helpers, shipped beside it as a Polygon package
 * ships testlib.h: the checker's folder is on the include path. */
#ifndef CMP_H
#define CMP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* testlib's exit codes. */
enum { OK = 0, WA = 1, PE = 2, FAIL = 3, POINTS = 7 };

/* Say why on stderr, as testlib's quitf does ("ok ...", "wrong answer
 * ..."), and exit with CODE. */
static void quit(int code, const char *fmt, ...)
{
	static const char *const names[] = {"ok", "wrong answer",
					    "wrong output format", "FAIL"};
	va_list ap;

	fprintf(stderr, "%s ", code <= FAIL ? names[code] : "points");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

/* |a - b| within 1e-6, absolutely or relatively (testlib's doubleCompare). */
static int close_enough(double want, double got)
{
	return fabs(want - got) <= 1e-6 ||
	       fabs(want - got) <= 1e-6 * fabs(want);
}

#endif
