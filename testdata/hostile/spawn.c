/* spawn N - forks N children that each sleep 50 ms and exit; waits for all.
 * Benign twin of fork_bomb: under a pids limit above N+1 it is OK.
 * Exit 0 if every fork succeeded, 2 if one failed. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 8, failed = 0;
	struct timespec d = {0, 50 * 1000 * 1000};

	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			nanosleep(&d, NULL);
			_exit(0);
		}
		if (pid < 0)
			failed++;
	}
	while (wait(NULL) > 0)
		;
	printf("spawned %d failed %d\n", n - failed, failed);
	return failed ? 2 : 0;
}
