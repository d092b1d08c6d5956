/* incbin_ok - twin of incbin_shadow: .incbin of a file the box has
 * (/usr/include/stdio.h) works.  Must pass. */
#include <stdio.h>
#include <string.h>

extern const char blob[], blob_end[];
__asm__(".section .rodata\nblob:\n.incbin \"/usr/include/stdio.h\"\nblob_end:\n.byte 0\n.text");

int main(void)
{
	puts(blob_end - blob > 1000 && memmem(blob, (size_t)(blob_end - blob), "printf", 6)
		     ? "ok" : "FAIL:incbin");
	return 0;
}
