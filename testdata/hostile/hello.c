/* hello - the control program: prints "hello" and exits 0.
 * Expected in the box: OK, stdout "hello\n". */
#include <stdio.h>

int main(void)
{
	puts("hello");
	return 0;
}
