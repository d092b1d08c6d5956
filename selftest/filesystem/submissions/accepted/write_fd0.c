/* write_fd0 - tries to change the test's input through its stdin.
 * Attack: write(0), reopening /proc/self/fd/0 or /dev/stdin for writing,
 * ftruncate and fchmod on fd 0: the .in file belongs to the package and
 * is shared by every later submission.
 * Holds when: fd 0 is read-only and the file is not the box user's -> ok.
 * Twin: accepted/read_stdin.c. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	int fd;

	if (write(0, "x", 1) >= 0) {
		puts("HOLE:write-to-fd-0");
		return 0;
	}
	if ((fd = open("/proc/self/fd/0", O_WRONLY)) >= 0 ||
	    (fd = open("/dev/stdin", O_RDWR)) >= 0) {
		puts("HOLE:stdin-reopened-for-writing");
		return 0;
	}
	if (ftruncate(0, 0) == 0 || fchmod(0, 0666) == 0 ||
	    fchown(0, getuid(), getgid()) == 0) {
		puts("HOLE:stdin-truncated-or-chmodded");
		return 0;
	}
	puts("ok");
	return 0;
}
