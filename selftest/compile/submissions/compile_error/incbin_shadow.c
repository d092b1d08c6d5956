/* incbin_shadow - .incbin "/etc/shadow" in inline assembly.
 * Attack: the assembler embeds a host file into the program, which then
 * prints it: the compiler run outside the sandbox reads anything.
 * Holds when: the file does not exist in the compile box -> CE (if it
 * did, the program would print it: WA, a mismatch).
 * Twin: accepted/incbin_ok.c. */
#include <stdio.h>

extern const char blob[], blob_end[];
__asm__(".section .rodata\nblob:\n.incbin \"/etc/shadow\"\nblob_end:\n.byte 0\n.text");

int main(void)
{
	printf("HOLE:%.*s\n", (int)(blob_end - blob), blob);
	return 0;
}
