/* int80 - getpid through the i386 ABI (int $0x80, number 20).
 * Attack: i386 has its own numbers (ptrace is 26, not 101): a filter that
 * does not check the architecture lets forbidden calls through.
 * Holds when: the filter's architecture check kills the process (or the
 * kernel has no i386 emulation and faults) -> RTE.
 * Twin: accepted/abi_twin.c. */
#include <stdio.h>

int main(void)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(20L) : "memory");
	printf("HOLE:int80-getpid-returned-%ld\n", ret);
	return 0;
}
