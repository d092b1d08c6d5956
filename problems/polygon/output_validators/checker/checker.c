/* checker.c - a testlib-convention checker without testlib: called as
 * `checker input output answer`, it compares the one number of the output
 * with the answer's, with a tolerance of 1e-6.  Exit 0 ok, 1 wrong answer,
 * 2 presentation error (no number, or more than one), 3 fail (the jury's
 * answer is broken). */
#include "cmp.h"

int main(int argc, char **argv)
{
	FILE *out, *ans;
	double want, got;
	char extra[2];

	if (argc < 4)
		quit(FAIL, "usage: checker input output answer");
	if (!(ans = fopen(argv[3], "r")) || fscanf(ans, "%lf", &want) != 1)
		quit(FAIL, "cannot read the answer");
	if (!(out = fopen(argv[2], "r")))
		quit(FAIL, "cannot open the output");
	if (fscanf(out, "%lf", &got) != 1)
		quit(PE, "expected a number");
	if (fscanf(out, "%1s", extra) == 1)
		quit(PE, "extra output after the number");
	if (!isfinite(got) || !close_enough(want, got))
		quit(WA, "expected %.9f, found %.9f", want, got);
	quit(OK, "%.9f", got);
	return 0;
}
