/* find_ans - looks for the judge's answer files.
 * Attack: the .ans file next to the test's .in (whose host path
 * /proc/self/fd/0 names), or any *.ans or "secret" directory anywhere in
 * the box's view of the file system.
 * Holds when: the package is not in the box (stdin is an fd the judge
 * opened) and no walk finds an answer -> ok.
 * Twin: accepted/find_known.c (the same walk finds a file the box has). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char found[512];

static int visit(const char *path, const struct stat *st, int flag,
		 struct FTW *f)
{
	const char *base = path + f->base;
	size_t n = strlen(base);

	(void)st;
	/* The big read-only trees of the policy hold no judge data, and
	 * other processes' /proc entries are not ours to walk. */
	if (flag == FTW_D && (!strcmp(path, "/usr/share") ||
			      !strcmp(path, "/usr/lib") || !strcmp(path, "/proc") ||
			      !strcmp(path, "/usr/include") || !strcmp(path, "/lib") ||
			      !strcmp(path, "/usr/libexec") || !strcmp(path, "/usr/src")))
		return FTW_SKIP_SUBTREE;
	if ((n > 4 && !strcmp(base + n - 4, ".ans")) ||
	    (flag == FTW_D && !strcmp(base, "secret"))) {
		snprintf(found, sizeof(found), "%s", path);
		return FTW_STOP;
	}
	return FTW_CONTINUE;
}

int main(void)
{
	char in[4096], ans[4200];
	ssize_t n = readlink("/proc/self/fd/0", in, sizeof(in) - 1);

	if (n > 3) {
		in[n] = '\0';
		if (!strcmp(in + n - 3, ".in")) {
			snprintf(ans, sizeof(ans), "%.*s.ans", (int)n - 3, in);
			if (access(ans, F_OK) == 0 || access(in, F_OK) == 0) {
				printf("HOLE:%s-reachable\n", ans);
				return 0;
			}
		}
	}
	nftw("/", visit, 32, FTW_PHYS | FTW_ACTIONRETVAL);
	if (found[0])
		printf("HOLE:found-%s\n", found);
	else
		puts("ok");
	return 0;
}
