/* stack_unbounded - recursion without end, 1 KiB a frame.
 * Attack: the stack as a way around the memory limit.
 * Holds when: the stack's pages count in the cgroup, whose OOM killer
 * ends the run before the stack limit (64 MiB, the memory limit) -> MLE.
 * Twin: accepted/stack_deep.c. */
#include <stdio.h>

static int down(int n)
{
	volatile char frame[1024];

	frame[0] = (char)n;
	return down(n + 1) + frame[0];
}

int main(void)
{
	printf("%d\n", down(0));
	return 0;
}
