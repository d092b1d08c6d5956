/* fd_seen - twin of leaked_fds: an fd the program opens itself is found
 * by the same probe.  Must pass. */
#include <fcntl.h>
#include <stdio.h>

int main(void)
{
	int mine = open("/dev/null", O_RDONLY), seen = -1;

	for (int fd = 3; fd < 1024 && seen < 0; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			seen = fd;
	puts(mine >= 3 && seen == mine ? "ok" : "FAIL:probe");
	return 0;
}
