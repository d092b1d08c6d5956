/* segfault - writes through a NULL pointer.
 * Expected in the box: RTE, signal 11 (SIGSEGV). */
#include <stdio.h>

int main(void)
{
	/* volatile: the compiler must not prove the store undefined and drop it. */
	volatile int *volatile p = NULL;

	*p = 42;
	puts("still alive");
	return 0;
}
