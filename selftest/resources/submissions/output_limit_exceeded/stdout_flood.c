/* stdout_flood - writes to stdout forever.
 * Attack: fill the judge's disk through the captured output.
 * Holds when: the output limit (1 MiB, RLIMIT_FSIZE on the capture file)
 * stops it -> OLE.
 * Twin: accepted/stdout_large.c. */
#include <string.h>
#include <unistd.h>

int main(void)
{
	char buf[65536];

	memset(buf, 'y', sizeof(buf));
	for (;;)
		write(1, buf, sizeof(buf));
}
