/* interactor - the judge's side of "rematch", called once per pass as
 *   interactor input answer feedback_dir
 * with the submission's output on stdin and our stdout its input.
 *
 * The input is `PASS X D`.  Pass 1 hides X in [1, 1000000] and allows 20
 * guesses.  When the submission finds X, we write `2 X D` to
 * feedback_dir/nextpass.in: the judge runs the submission again (a fresh
 * process, which remembers nothing) and us on that file.  Pass 2 hides
 * X + D, tells the submission it is within 500 of X, and allows 10
 * guesses: only a submission that uses the range it is given wins.
 * Exits 42 (accepted) or 43 (wrong answer); judgemessage.txt is appended
 * to, so it tells the story of both passes (the feedback dir is kept
 * between passes). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#define MAXV 1000000L

static FILE *msg;

/* The exit code, once judgemessage.txt is complete. */
static int done(int code)
{
	return fclose(msg) == 0 ? code : 1;
}

int main(int argc, char **argv)
{
	char path[4096];
	long pass, x, d, secret, lo, hi, tries;
	FILE *in, *next;

	if (argc < 4)
		return 1;
	/* A submission that exits early must not kill us with SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	snprintf(path, sizeof(path), "%s/judgemessage.txt", argv[3]);
	msg = fopen(path, "a");
	in = fopen(argv[1], "r");
	if (!msg || !in || fscanf(in, "%ld %ld %ld", &pass, &x, &d) != 3 ||
	    (pass != 1 && pass != 2))
		return 1;
	if (pass == 1) {
		secret = x, lo = 1, hi = MAXV, tries = 20;
	} else {
		secret = x + d, tries = 10;
		lo = x - 500 < 1 ? 1 : x - 500;
		hi = x + 500 > MAXV ? MAXV : x + 500;
	}
	printf("%ld %ld %ld\n", lo, hi, tries);
	fflush(stdout);
	for (long n = 1; n <= tries; n++) {
		long g;

		if (scanf("%ld", &g) != 1) {
			fprintf(msg, "pass %ld: guess %ld is not a number\n", pass, n);
			return done(43);
		}
		if (g != secret) {
			printf(g < secret ? "higher\n" : "lower\n");
			fflush(stdout);
			continue;
		}
		printf("correct\n");
		fflush(stdout);
		if (pass == 1) {
			snprintf(path, sizeof(path), "%s/nextpass.in", argv[3]);
			if (!(next = fopen(path, "w")))
				return 1;
			fprintf(next, "2 %ld %ld\n", x, d);
			if (fclose(next) != 0)
				return 1;
		}
		fprintf(msg, "pass %ld: found %ld in %ld guesses\n", pass, secret, n);
		return done(42);
	}
	fprintf(msg, "pass %ld: no correct guess in %ld tries\n", pass, tries);
	return done(43);
}
