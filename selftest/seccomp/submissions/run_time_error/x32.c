/* x32 - getpid through the x32 ABI (the number with __X32_SYSCALL_BIT).
 * Attack: a filter written for x86_64 numbers checks the wrong calls
 * when the x32 table is used (x32 has its own numbering for some calls).
 * Holds when: the filter's architecture check kills the process -> RTE
 * (SIGSYS).
 * Twin: accepted/abi_twin.c (the same instruction with the native
 * number works). */
#include <stdio.h>

int main(void)
{
	long nr = 0x40000000L | 39, ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr) : "rcx", "r11", "memory");
	printf("HOLE:x32-getpid-returned-%ld\n", ret);
	return 0;
}
