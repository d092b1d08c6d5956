/* sigstop_resumed - twin of sigstop_self: a child stops itself and the
 * parent resumes it with SIGCONT; the run ends normally.  Must pass. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t c = fork();
	int st;

	if (c == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	waitpid(c, &st, WUNTRACED);
	kill(c, SIGCONT);
	waitpid(c, &st, 0);
	puts(WIFEXITED(st) ? "ok" : "FAIL:stop-cont");
	return 0;
}
