/* stderr_flood - prints the right answer, then writes to stderr forever.
 * Attack: fill the judge's disk through the captured stderr, which is
 * never shown and so easy to forget to bound.
 * Holds when: the file size limit also caps stderr -> OLE.
 * Twin: accepted/stderr_some.c. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char buf[65536];

	puts("ok");
	fflush(stdout);
	memset(buf, 'e', sizeof(buf));
	for (;;)
		write(2, buf, sizeof(buf));
}
