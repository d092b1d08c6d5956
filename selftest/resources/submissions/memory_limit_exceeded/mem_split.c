/* mem_split - four children each touch 24 MiB (96 MiB in all, each well
 * under the 64 MiB limit) and stay alive.
 * Attack: a per-process limit (RLIMIT_AS, the main process's ru_maxrss)
 * misses memory spread across processes.
 * Holds when: the cgroup limit covers them all -> MLE.  If all four
 * manage, it prints a HOLE line instead (WA).
 * Twin: accepted/mem_split_small.c. */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define EACH (24 << 20)

int main(void)
{
	pid_t kids[4];
	int fd[2], ready = 0;
	char c;

	if (pipe(fd) < 0)
		return 1;
	for (int i = 0; i < 4; i++)
		if ((kids[i] = fork()) == 0) {
			volatile char *p = malloc(EACH);

			/* Page by page through a volatile pointer: a memset
			 * of memory never read may be optimised away. */
			for (long j = 0; p && j < EACH; j += 4096)
				p[j] = 1;
			write(fd[1], "x", 1);
			pause();
			_exit(0);
		}
	close(fd[1]);
	/* Until all four hold their memory, or one of them was killed. */
	while (ready < 4 && waitpid(-1, NULL, WNOHANG) == 0) {
		struct pollfd p = {.fd = fd[0], .events = POLLIN};

		if (poll(&p, 1, 50) > 0 && read(fd[0], &c, 1) == 1)
			ready++;
	}
	if (ready == 4)
		puts("HOLE:96MiB-held-across-4-children");
	fflush(stdout);
	for (int i = 0; i < 4; i++)
		kill(kids[i], SIGKILL);
	return 0;
}
