/* include_stdin - #include "/dev/stdin".
 * Attack: the compiler's stdin is the judge's: a terminal to read from,
 * or a pipe that never ends (the compile step hangs), or the worker's
 * own input.
 * Holds when: the compile step's stdin is empty (/dev/null): the include
 * adds nothing, the program compiles and prints ok. */
#include "/dev/stdin"
#include <stdio.h>

int main(void)
{
	puts("ok");
	return 0;
}
