/* fork_count - holds as many live processes as it can.
 * Attack: the same as a fork bomb, but it measures: a missing or wrong
 * pids limit lets it go far past 16 (the C run's pids).
 * Holds when: fork fails with EAGAIN before 17 processes -> prints ok.
 * Twin: accepted/fork_within.c (forks do work below the limit). */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	static pid_t kids[200];
	int n = 1; /* ourselves */

	while (n < 200) {
		pid_t p = fork();

		if (p < 0)
			break;
		if (p == 0) {
			pause();
			_exit(0);
		}
		kids[n++] = p;
	}
	if (n > 1 && n <= 16)
		puts("ok");
	else
		printf("HOLE:%d-processes-alive\n", n);
	fflush(stdout);
	for (int i = 1; i < n; i++)
		kill(kids[i], SIGKILL);
	return 0;
}
