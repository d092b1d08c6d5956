/* stderr_some - twin of stderr_flood: 256 KiB on stderr, under the limit,
 * which the judge ignores.  Must pass. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	static char buf[256 << 10];

	memset(buf, 'e', sizeof(buf));
	fwrite(buf, 1, sizeof(buf), stderr);
	puts("ok");
	return 0;
}
