/* box_fill - tries to write into /box (the compiled program's directory)
 * during a test.
 * Attack: fill the judge's disk through /box, or leave files there for the
 * next test.
 * Holds when: /box is read-only during tests (EROFS) -> prints ok.
 * Twin: accepted/tmp_write.c (the writable /tmp works). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	int fd = open("/box/fill", O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0) {
		puts("HOLE:/box-writable-in-a-test");
		return 0;
	}
	if (mkdir("/box/dir", 0755) == 0) {
		puts("HOLE:/box-mkdir-in-a-test");
		return 0;
	}
	puts(errno == EROFS ? "ok" : "FAIL:unexpected-errno");
	return 0;
}
