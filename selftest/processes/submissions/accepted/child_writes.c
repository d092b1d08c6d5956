/* child_writes - twin of orphan_writes and daemon_blocks: a child's line
 * reaches stdout when the parent waits for it.  Must pass. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	if (fork() == 0) {
		usleep(50000);
		puts("ok");
		fflush(stdout);
		_exit(0);
	}
	wait(NULL);
	return 0;
}
