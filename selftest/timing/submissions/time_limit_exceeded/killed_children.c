/* killed_children - two children burn 0.3 s of CPU each; the parent
 * kills them with SIGKILL before they can exit, then reaps them.
 * Attack: a process killed by a signal never reports its own usage; a
 * judge adding up exit statuses or rusage of normal exits misses it.
 * Holds when: the cgroup counts every process -> TLE.
 * Twin: accepted/children_short.c. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
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
	pid_t kids[2];
	int p[2];
	char c;

	if (pipe(p) < 0)
		return 1;
	for (int i = 0; i < 2; i++)
		if ((kids[i] = fork()) == 0) {
			while (cpu_now() < 0.3)
				;
			write(p[1], "x", 1);
			for (;;)
				pause();
		}
	read(p[0], &c, 1);
	read(p[0], &c, 1);
	for (int i = 0; i < 2; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
	}
	puts("ok");
	return 0;
}
