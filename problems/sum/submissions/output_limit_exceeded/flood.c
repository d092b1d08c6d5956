/* Output limit exceeded: prints the answer, then lines forever (the limit
 * is 1 MiB of output). */
#include <stdio.h>

int main(void)
{
	for (;;)
		puts("6");
}
