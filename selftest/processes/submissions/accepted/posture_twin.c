/* posture_twin - twin of posture: the lines it checks are there and say
 * what posture expects (so posture's probe cannot pass by missing them),
 * and dropping what one has (setgroups to none, setuid to oneself) works.
 * Must pass. */
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char line[256];
	int seen = 0;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		seen += !strncmp(line, "CapEff:", 7) + !strncmp(line, "CapBnd:", 7) +
			!strncmp(line, "NoNewPrivs:\t1", 13) + !strncmp(line, "Seccomp:\t2", 10);
	puts(seen == 4 && setuid(getuid()) == 0 ? "ok" : "FAIL:status");
	return 0;
}
