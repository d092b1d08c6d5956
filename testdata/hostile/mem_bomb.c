/* mem_bomb - allocates and touches 1 MiB after 1 MiB until it is killed.
 * Attacks: a memory limit on address space only, or none at all (the host
 * swaps or its OOM killer picks a victim outside the box).
 * Expected in the box: MLE, limit_hit MEMORY, oom_kills >= 1. */
#include <stdlib.h>
#include <string.h>

int main(void)
{
	for (;;) {
		char *p = malloc(1 << 20);

		/* malloc failing (an RLIMIT_AS) is not the end: keep trying,
		 * so only a real kill stops the program. */
		if (p)
			memset(p, 0xa5, 1 << 20);
	}
}
