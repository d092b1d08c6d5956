/* giant_object - a 1 GiB initialised array.
 * Attack: a tiny source whose object file and binary are 1 GiB: fills the
 * disk under the compile directory, or the judge's memory when it copies
 * the binary.
 * Holds when: the assembler's temporary object (in the box's bounded
 * /tmp) or the file size limit stops it -> CE.
 * Twin: accepted/big_bss.c. */
#include <stdio.h>

/* Global and read at an index the compiler cannot know, so it must be
 * emitted whole. */
char big[1 << 30] = {1};

int main(int argc, char **argv)
{
	(void)argv;
	printf("HOLE:1GiB-object-built-%d\n", big[argc * 12345]);
	return 0;
}
