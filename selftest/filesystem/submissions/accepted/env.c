/* env - reads the environment, its own and init's.
 * Attack: the judge's environment (Redis URL and password, cloud
 * credentials, ARBITER_* settings, SSH_AUTH_SOCK...) inherited by the
 * program, or readable in /proc/1/environ.
 * Holds when: the environment is exactly the policy's (PATH HOME TMPDIR
 * LANG LC_ALL) and init's is hidden -> ok.
 * Twin: accepted/env_ok.c. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

extern char **environ;

int main(void)
{
	static const char *const allowed[] = {"PATH=", "HOME=", "TMPDIR=",
					      "LANG=", "LC_ALL="};

	for (char **e = environ; *e; e++) {
		size_t i = 0;

		while (i < 5 && strncmp(*e, allowed[i], strlen(allowed[i])))
			i++;
		if (i == 5) {
			printf("HOLE:env-%.40s\n", *e);
			return 0;
		}
	}
	if (open("/proc/1/environ", O_RDONLY) >= 0) {
		puts("HOLE:/proc/1/environ");
		return 0;
	}
	puts("ok");
	return 0;
}
