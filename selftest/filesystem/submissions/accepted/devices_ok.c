/* devices_ok - twin of devices: the devices the box has work, and mknod
 * of a FIFO (no privilege needed) works in /tmp.  Must pass. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	char buf[16];
	int z = open("/dev/zero", O_RDONLY), u = open("/dev/urandom", O_RDONLY);
	int n = open("/dev/null", O_WRONLY), f = open("/dev/full", O_WRONLY);
	int ok = z >= 0 && u >= 0 && n >= 0 && f >= 0 &&
		 read(z, buf, sizeof(buf)) == sizeof(buf) && buf[0] == 0 &&
		 read(u, buf, sizeof(buf)) == sizeof(buf) &&
		 write(n, buf, sizeof(buf)) == sizeof(buf) &&
		 write(f, buf, 1) < 0 && errno == ENOSPC &&
		 mknod("/tmp/fifo", S_IFIFO | 0600, 0) == 0;

	puts(ok ? "ok" : "FAIL:devices");
	return 0;
}
