/* stack_deep - twin of the stack attacks: a 32 MiB deep recursion (what a
 * DFS on a long path needs) must work: the stack limit is the memory
 * limit, not the usual 8 MiB.  Must pass. */
#include <stdio.h>

static long down(long n)
{
	volatile char frame[1000];

	frame[0] = (char)n;
	if (n == 0)
		return 0;
	return down(n - 1) + frame[0] - (char)n + 1;
}

int main(void)
{
	/* ~32 MiB: 32768 frames of a little over 1000 bytes. */
	puts(down(32768) == 32768 ? "ok" : "FAIL:deep-recursion");
	return 0;
}
