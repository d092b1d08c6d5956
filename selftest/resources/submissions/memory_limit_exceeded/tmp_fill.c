/* tmp_fill - fills /tmp with 512 KiB files (under the per-file size
 * limit, which is the output limit) until a write fails, at most 1 GiB.
 * Attack: fill the host's disk or memory through /tmp.
 * Holds when: /tmp is a private tmpfs (64 MiB) whose pages are charged
 * to the box's memory cgroup: with a 64 MiB memory limit the OOM killer
 * ends the run before the tmpfs is full -> MLE.  (A write that fails
 * first, ENOSPC, prints ok: a WA here, but no hole.)
 * Twin: accepted/tmp_write.c. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static char buf[512 << 10];
	char name[64];
	long kib = 0;
	int full = 0;

	memset(buf, 'f', sizeof(buf));
	for (int i = 0; i < 2048 && !full; i++) {
		int fd;

		snprintf(name, sizeof(name), "/tmp/fill%d", i);
		fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0)
			break;
		if (write(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf))
			kib += 512;
		else
			full = 1;
		close(fd);
	}
	if (full && kib <= (64 << 10))
		puts("ok");
	else
		printf("HOLE:%ldKiB-written-to-/tmp\n", kib);
	return 0;
}
