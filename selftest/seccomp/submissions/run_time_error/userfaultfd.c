/* userfaultfd - userfaultfd(0).
 * Attack: pausing the kernel in the middle of a copy from user memory,
 * the standard way to win kernel race conditions in exploits.
 * Holds when: the default policy kills the box -> RTE.
 * Twin: accepted/forbidden_twin.c. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	printf("HOLE:userfaultfd-returned-%ld\n", syscall(SYS_userfaultfd, 0));
	return 0;
}
