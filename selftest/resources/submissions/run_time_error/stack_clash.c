/* stack_clash - moves the stack pointer 256 MiB down in one step and
 * touches it (a "stack clash": jumping over the guard page).
 * Attack: grow the stack past every limit without touching the pages in
 * between, onto other mappings.
 * Holds when: the stack limit (RLIMIT_STACK = the memory limit) makes the
 * access fault -> RTE (SIGSEGV).
 * Twin: accepted/stack_deep.c (a deep but legal stack works). */
#include <alloca.h>
#include <stdio.h>

int main(void)
{
	volatile char *p = alloca(256 << 20);

	p[0] = 1;
	printf("HOLE:256MiB-stack-frame-usable-%d\n", p[0]);
	return 0;
}
