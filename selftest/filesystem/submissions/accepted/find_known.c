/* find_known - twin of find_ans: the same walk (with the same skipped
 * trees) must find a file the box does have, /usr/bin/gcc.  Must pass. */
#define _GNU_SOURCE
#include <ftw.h>
#include <stdio.h>
#include <string.h>

static int found;

static int visit(const char *path, const struct stat *st, int flag,
		 struct FTW *f)
{
	(void)st;
	(void)f;
	if (flag == FTW_D && (!strcmp(path, "/usr/share") ||
			      !strcmp(path, "/usr/lib") || !strcmp(path, "/proc") ||
			      !strcmp(path, "/usr/include") || !strcmp(path, "/lib") ||
			      !strcmp(path, "/usr/libexec") || !strcmp(path, "/usr/src")))
		return FTW_SKIP_SUBTREE;
	if (!strcmp(path, "/usr/bin/gcc")) {
		found = 1;
		return FTW_STOP;
	}
	return FTW_CONTINUE;
}

int main(void)
{
	nftw("/", visit, 32, FTW_PHYS | FTW_ACTIONRETVAL);
	puts(found ? "ok" : "FAIL:walk-missed-/usr/bin/gcc");
	return 0;
}
