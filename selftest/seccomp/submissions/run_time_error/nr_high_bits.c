/* nr_high_bits - ptrace with bits set above the low 32 of the system-call
 * number register.
 * Attack: a filter comparing the full 64-bit number, while the kernel
 * uses only the low 32 bits, would let ptrace through.
 * Holds when: the call is still seen as ptrace and kills the box -> RTE.
 * Twin: accepted/abi_twin.c. */
#include <stdio.h>

int main(void)
{
	long nr = (1L << 32) | 101, ret;

	__asm__ volatile("mov $0, %%edi\n\tsyscall"
			 : "=a"(ret) : "a"(nr) : "rcx", "r11", "rdi", "memory");
	printf("HOLE:ptrace-with-high-bits-returned-%ld\n", ret);
	return 0;
}
