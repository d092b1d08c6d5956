/* Compile error: a missing semicolon. */
#include <stdio.h>

int main(void)
{
	puts("Hello World!")
	return 0;
}
