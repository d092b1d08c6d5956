/* fork_within - twin of fork_bomb and fork_count: 8 short-lived children,
 * each reaped; well within the pids limit (16).  Must pass. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int ok = 0, st;

	for (int i = 0; i < 8; i++) {
		pid_t p = fork();

		if (p == 0)
			_exit(7);
		if (p > 0 && waitpid(p, &st, 0) == p && WIFEXITED(st) &&
		    WEXITSTATUS(st) == 7)
			ok++;
	}
	puts(ok == 8 ? "ok" : "FAIL:fork-within-limit-failed");
	return 0;
}
