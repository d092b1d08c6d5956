/* big_bss - twin of giant_object: the same 1 GiB array, uninitialised
 * (bss: it takes no room in the binary, and no memory until touched),
 * compiles and runs.  Must pass. */
#include <stdio.h>

static char big[1 << 30];

int main(void)
{
	big[12345] = 1;
	puts(big[12345] == 1 ? "ok" : "FAIL:bss");
	return 0;
}
