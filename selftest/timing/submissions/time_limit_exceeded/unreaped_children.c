/* unreaped_children - two children burn 0.3 s of CPU each (0.6 s in all)
 * and exit; the parent never reaps them and exits after they finish.
 * Attack: CPU time taken from the program's rusage counts only children
 * that were waited for (RUSAGE_CHILDREN): unreaped zombies' time is lost,
 * and 0.6 s passes for nothing.
 * Holds when: the cgroup counts every process -> TLE.
 * Twin: accepted/children_short.c. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	int p[2];
	char c;

	if (pipe(p) < 0)
		return 1;
	for (int i = 0; i < 2; i++)
		if (fork() == 0) {
			while (cpu_now() < 0.3)
				;
			write(p[1], "x", 1);
			_exit(0);
		}
	/* Wait until both are done - without wait(). */
	read(p[0], &c, 1);
	read(p[0], &c, 1);
	puts("ok");
	return 0;
}
