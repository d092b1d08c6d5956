/* touch_mem MIB - maps MIB MiB of anonymous memory, writes every page,
 * then exits 0.  Benign twin of mem_bomb (under a larger limit: OK) and
 * the yardstick of the memory accounting: the box's peak should be MIB plus
 * the small footprint of a static binary. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 16;
	size_t len = mib << 20, page = (size_t)sysconf(_SC_PAGESIZE);
	volatile char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED)
		return 2;
	for (size_t off = 0; off < len; off += page)
		p[off] = 1;
	printf("touched %zu MiB\n", mib);
	return 0;
}
