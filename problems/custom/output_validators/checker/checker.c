/* checker.c - output validator of "Pair Sum" (Kattis protocol).
 *
 *   checker input judge_answer feedback_dir [args...] < team_output
 *
 * Exit 42 when the team printed two different in-range indices whose
 * numbers add up to X, 43 otherwise, with the reason in
 * feedback_dir/judgemessage.txt.  Any other exit status (here 1: the
 * judge's own files are unreadable) is a judge error.  The answer file is
 * not needed: every valid pair is accepted.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACCEPT 42
#define REJECT 43
#define MAXN 1000

static const char *feedback_dir;

/* Record why the output is rejected, then exit 43. */
static void reject(const char *fmt, ...)
{
	char path[4096];
	va_list ap;
	FILE *f;

	/* The protocol passes feedback_dir with a trailing slash; add one if not. */
	snprintf(path, sizeof path, "%s%sjudgemessage.txt", feedback_dir,
		 *feedback_dir && feedback_dir[strlen(feedback_dir) - 1] == '/' ? "" : "/");
	f = fopen(path, "a");
	if (f) {
		va_start(ap, fmt);
		vfprintf(f, fmt, ap);
		va_end(ap);
		fputc('\n', f);
		fclose(f);
	}
	exit(REJECT);
}

/* Read the next whitespace-separated token of the team output as an index;
 * WHICH names it in messages. */
static long long read_index(const char *which, int n)
{
	char tok[32], *end;
	long long v;

	if (scanf("%31s", tok) != 1)
		reject("%s index: output ended early", which);
	errno = 0;
	v = strtoll(tok, &end, 10);
	if (*end || end == tok || errno)
		reject("%s index: '%s' is not an integer", which, tok);
	if (v < 1 || v > n)
		reject("%s index: %lld is out of range 1..%d", which, v, n);
	return v;
}

int main(int argc, char **argv)
{
	static long long a[MAXN + 1];
	long long x, i, j;
	char extra[32];
	int n;
	FILE *in;

	if (argc < 4) {
		fprintf(stderr, "usage: %s input judge_answer feedback_dir\n", argv[0]);
		return 1;
	}
	feedback_dir = argv[3];
	in = fopen(argv[1], "r");
	if (!in || fscanf(in, "%d %lld", &n, &x) != 2 || n < 2 || n > MAXN) {
		fprintf(stderr, "%s: unreadable or invalid input\n", argv[1]);
		return 1;
	}
	for (int k = 1; k <= n; k++)
		if (fscanf(in, "%lld", &a[k]) != 1) {
			fprintf(stderr, "%s: fewer than %d numbers\n", argv[1], n);
			return 1;
		}
	fclose(in);

	i = read_index("first", n);
	j = read_index("second", n);
	if (scanf("%31s", extra) == 1)
		reject("extra output after the two indices: '%s'", extra);
	if (i == j)
		reject("both indices are %lld: the positions must differ", i);
	if (a[i] + a[j] != x)
		reject("a[%lld] + a[%lld] = %lld + %lld = %lld, not %lld", i, j, a[i],
		       a[j], a[i] + a[j], x);
	return ACCEPT;
}
