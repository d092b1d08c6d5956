/* tiocsti - pushes keystrokes into a terminal (TIOCSTI, TIOCLINUX).
 * Attack: type commands into the shell that started the judge (the
 * program's streams are a tty under `arbiter exec`), also with high bits
 * set in the request number (the kernel reads an unsigned int), and
 * through /dev/tty.
 * Holds when: the filter refuses the requests (EPERM) whatever the upper
 * bits, and there is no /dev/tty -> ok.
 * Twin: accepted/ioctl_ok.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	static const unsigned long reqs[] = {
		TIOCSTI, TIOCSTI | (1UL << 32), TIOCSTI | (0xffffUL << 40),
		0x541C /* TIOCLINUX */,
	};
	char c = 'x';

	for (int fd = 0; fd < 3; fd++)
		for (size_t i = 0; i < sizeof(reqs) / sizeof(*reqs); i++)
			if (syscall(SYS_ioctl, fd, reqs[i], &c) == 0 || errno != EPERM) {
				printf("HOLE:ioctl-0x%lx-on-fd-%d-not-refused\n", reqs[i], fd);
				return 0;
			}
	if (open("/dev/tty", O_RDWR) >= 0) {
		puts("HOLE:/dev/tty");
		return 0;
	}
	puts("ok");
	return 0;
}
