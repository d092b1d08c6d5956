/* ioctl_ok - twin of tiocsti: ordinary ioctls on the same fds pass the
 * filter (FIONREAD on stdin answers, TCGETS says "not a tty").  Must
 * pass. */
#include <errno.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <termios.h>

int main(void)
{
	struct termios t;
	int n = -1;

	puts(ioctl(0, FIONREAD, &n) == 0 && n >= 0 && ioctl(1, TCGETS, &t) < 0 &&
	     errno == ENOTTY ? "ok" : "FAIL:ioctl");
	return 0;
}
