/* pidfd_getfd - copies a file descriptor out of a child.
 * Attack: steal an fd (a socket, a file) from another process.
 * Holds when: the default policy kills the box -> RTE.
 * Twin: accepted/forbidden_twin.c (pidfd_open of the same child works). */
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	pid_t c = fork();
	long pidfd, fd;

	if (c == 0) {
		pause();
		_exit(0);
	}
	pidfd = syscall(SYS_pidfd_open, c, 0);
	fd = syscall(SYS_pidfd_getfd, pidfd, 0, 0);
	kill(c, SIGKILL);
	printf("HOLE:pidfd_getfd-returned-%ld\n", fd);
	return 0;
}
