/* leaked_fds - looks for file descriptors it did not open.
 * Attack: an fd of the judge left open across execve (a Redis socket, the
 * problem directory, a cgroup file, the seccomp listener) is a door to
 * whatever it names.
 * Holds when: only 0, 1 and 2 are open -> ok.
 * Twin: accepted/fd_seen.c. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	for (int fd = 3; fd < 1024; fd++)
		if (fcntl(fd, F_GETFD) >= 0) {
			printf("HOLE:fd-%d-open\n", fd);
			return 0;
		}
	puts("ok");
	return 0;
}
