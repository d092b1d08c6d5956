/* interactor - the judge's side of "guess": called as
 *   interactor input answer feedback_dir
 * with the submission's output on stdin and our stdout its input.  The
 * secret number is the .in file; ten guesses are allowed.  Exits 42
 * (accepted) or 43 (wrong answer), with the reason in judgemessage.txt. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static FILE *msg;

static int verdict(int code, const char *why, int a, int b)
{
	fprintf(msg, why, a, b);
	fputc('\n', msg);
	fclose(msg);
	return code;
}

int main(int argc, char **argv)
{
	char path[4096];
	FILE *in;
	int secret;

	if (argc < 4)
		return 1;
	/* A submission that exits early must not kill us with SIGPIPE: its
	 * verdict is ours to give. */
	signal(SIGPIPE, SIG_IGN);
	snprintf(path, sizeof(path), "%s/judgemessage.txt", argv[3]);
	msg = fopen(path, "w");
	in = fopen(argv[1], "r");
	if (!msg || !in || fscanf(in, "%d", &secret) != 1)
		return 1;
	for (int guesses = 1; guesses <= 10; guesses++) {
		int g;

		if (scanf("%d", &g) != 1)
			return verdict(43, "guess %d: expected a number (secret %d)", guesses, secret);
		if (g == secret) {
			printf("correct\n");
			fflush(stdout);
			return verdict(42, "found %d in %d guesses", secret, guesses);
		}
		printf(g < secret ? "higher\n" : "lower\n");
		fflush(stdout);
	}
	return verdict(43, "no correct guess in 10 tries (secret %d)%.0d", secret, 0);
}
