/* read_stdin - twin of write_fd0: the input ("hello") must be readable,
 * through fd 0 and again through /dev/stdin.  Must pass. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char a[16] = "", b[16] = "";
	int fd;

	if (read(0, a, sizeof(a) - 1) < 0 ||
	    (fd = open("/dev/stdin", O_RDONLY)) < 0 ||
	    pread(fd, b, sizeof(b) - 1, 0) < 0) {
		puts("FAIL:stdin-not-readable");
		return 0;
	}
	puts(!strcmp(a, "hello\n") && !strcmp(b, "hello\n") ? "ok" : "FAIL:input");
	return 0;
}
