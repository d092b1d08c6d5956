/* Memory limit exceeded: allocates and touches 512 MiB, eight times the 64 MiB
 * limit, 1 MiB at a time (touching matters: untouched pages cost nothing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CHUNK = 1 << 20, CHUNKS = 512 };

static char *keep[CHUNKS]; /* the blocks stay reachable: no optimising them away */

int main(void)
{
	long total = 0;

	for (int i = 0; i < CHUNKS; i++) {
		keep[i] = malloc(CHUNK);
		if (!keep[i])
			return 1;
		memset(keep[i], 1, CHUNK);
	}
	for (int i = 0; i < CHUNKS; i++)
		total += keep[i][i];
	printf("%ld\n", total);
	return 0;
}
