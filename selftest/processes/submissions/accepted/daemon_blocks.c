/* daemon_blocks - a daemon that ignores every signal it can and keeps
 * stdout and stderr open for a minute after the program exits.
 * Attack: a judge that waits for EOF on the output pipe, or for every
 * process of the box, hangs until the daemon lets go: with enough of
 * them, every slot of the worker hangs.
 * Holds when: the run ends when the program exits (the daemon is
 * killed), well inside the wall limit -> ok.
 * Twin: accepted/child_writes.c. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	if (fork() == 0) {
		setsid();
		for (int s = 1; s < 32; s++)
			signal(s, SIG_IGN);
		if (fork() == 0) {
			sleep(60);
			_exit(0);
		}
		_exit(0);
	}
	puts("ok");
	fflush(stdout);
	usleep(20000);
	return 0;
}
