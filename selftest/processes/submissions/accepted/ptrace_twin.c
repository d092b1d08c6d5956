/* ptrace_twin - twin of ptrace_init: the same program without the
 * forbidden call (waitpid on its own child) runs to the end.  Must pass. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t c = fork();
	int st;

	if (c == 0)
		_exit(3);
	puts(waitpid(c, &st, 0) == c && WEXITSTATUS(st) == 3 ? "ok" : "FAIL");
	return 0;
}
