/* env_ok - twin of env: the policy's variables are there, with the box's
 * values, and the program's own /proc/self/environ matches.  Must pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	const char *home = getenv("HOME"), *tmp = getenv("TMPDIR");
	FILE *f = fopen("/proc/self/environ", "r");
	char buf[4096];
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	buf[n] = '\0';
	puts(getenv("PATH") && home && !strcmp(home, "/box") && tmp &&
	     !strcmp(tmp, "/tmp") && n > 0 && !strncmp(buf, "PATH=", 5)
		     ? "ok" : "FAIL:environment");
	return 0;
}
