/* Forgets to flush: the guess sits in stdout's buffer, both sides wait
 * for the other, and the wall clock ends it. */
#include <stdio.h>

int main(void)
{
	char reply[16];

	printf("500\n");
	while (scanf("%15s", reply) == 1)
		printf("500\n");
	return 0;
}
