/* fd_exhaust - opens /dev/null until it cannot, and dup2s to a huge fd.
 * Attack: exhaust the host's file table.
 * Holds when: RLIMIT_NOFILE (64) stops it: at most 64 fds, and fd 100000
 * cannot be made -> prints ok.
 * Twin: accepted/fd_some.c. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int n = 3, top = -1;

	while (n < 100000 && (top = open("/dev/null", O_RDONLY)) >= 0)
		n++;
	if (n <= 64 && dup2(0, 100000) < 0)
		puts("ok");
	else
		printf("HOLE:%d-fds-open\n", n);
	return 0;
}
