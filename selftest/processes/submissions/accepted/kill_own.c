/* kill_own - twin of kill_all: kill(-1, SIGKILL) kills the program's own
 * child (the same uid), which proves the call works in the box.  Must
 * pass. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t child = fork();
	int st = 0;

	if (child == 0) {
		pause();
		_exit(0);
	}
	usleep(20000);
	puts(kill(-1, SIGKILL) == 0 && waitpid(child, &st, 0) == child &&
	     WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL ? "ok" : "FAIL:kill");
	return 0;
}
