/* tmp_write - twin of box_fill and tmp_fill: writes 8 files of 512 KiB to
 * /tmp and one to /dev/shm, and reads them back.  Must pass. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int roundtrip(const char *path)
{
	static char buf[512 << 10], back[512 << 10];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600), ok;

	if (fd < 0)
		return 0;
	memset(buf, 'q', sizeof(buf));
	ok = write(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf) &&
	     pread(fd, back, sizeof(back), 0) == (ssize_t)sizeof(back) &&
	     !memcmp(buf, back, sizeof(buf));
	close(fd);
	return ok;
}

int main(void)
{
	char name[32];
	int ok = roundtrip("/dev/shm/t");

	for (int i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "/tmp/t%d", i);
		ok &= roundtrip(name);
	}
	puts(ok ? "ok" : "FAIL:tmp-not-writable");
	return 0;
}
