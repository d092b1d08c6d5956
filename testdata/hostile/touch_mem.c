/* touch_mem MIB [tmp [hang]] - maps MIB MiB of anonymous memory, writes
 * every page, then exits 0.  Benign twin of mem_bomb (under a larger limit: OK)
 * and the yardstick of the memory accounting: the box's peak should be MIB
 * plus the small footprint of a static binary.
 * With "tmp", writes the MIB MiB to /tmp/touch_mem instead and leaves the
 * file there: tmpfs pages, charged to the box's memory until its /tmp is
 * dropped (a prepared box's next run must not find them in its figures).
 * With "hang" too, then sleeps until it is killed (its init with it). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int fill_tmp(size_t mib)
{
	static char buf[1 << 20];
	int fd = open("/tmp/touch_mem", O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		return 2;
	memset(buf, 1, sizeof(buf));
	for (size_t i = 0; i < mib; i++)
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			return 2;
	close(fd);
	printf("wrote %zu MiB to /tmp\n", mib);
	return 0;
}

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 16;
	size_t len = mib << 20, page = (size_t)sysconf(_SC_PAGESIZE);
	volatile char *p;

	if (argc > 2 && strcmp(argv[2], "tmp") == 0) {
		int rc = fill_tmp(mib);

		fflush(stdout);
		while (rc == 0 && argc > 3 && strcmp(argv[3], "hang") == 0)
			pause();
		return rc;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED)
		return 2;
	for (size_t off = 0; off < len; off += page)
		p[off] = 1;
	printf("touched %zu MiB\n", mib);
	return 0;
}
