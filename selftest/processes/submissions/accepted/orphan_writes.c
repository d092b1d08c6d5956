/* orphan_writes - leaves a detached grandchild (new session, reparented
 * to init) that waits for the program to be gone, then 100 ms more, and
 * writes to stdout.
 * Attack: a daemon outliving the run: it could keep burning CPU, change
 * the output after the judge read it, or wait for the next submission.
 * Holds when: everything of the box is killed the moment the program
 * exits, so the late line never arrives -> ok.
 * Twin: accepted/child_writes.c (a child's line does reach stdout). */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	pid_t main_pid = getpid();

	if (fork() == 0) {
		setsid();
		if (fork() == 0) {
			while (kill(main_pid, 0) == 0)
				usleep(2000);
			usleep(100000);
			puts("HOLE:orphan-outlived-the-program");
			fflush(stdout);
			_exit(0);
		}
		_exit(0);
	}
	puts("ok");
	fflush(stdout);
	usleep(20000); /* the grandchild exists by now */
	return 0;
}
