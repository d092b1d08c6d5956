/* fd_some - twin of fd_exhaust: 40 open files at once.  Must pass. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int n = 0;

	for (int i = 0; i < 40; i++)
		n += open("/dev/zero", O_RDONLY) >= 0;
	puts(n == 40 ? "ok" : "FAIL:40-fds");
	return 0;
}
