/* stdout_large - twin of the floods: "ok" and then 768 KiB of blank lines,
 * under the 1 MiB output limit (the validator ignores whitespace).  Must
 * pass. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	static char blank[768 << 10];

	memset(blank, '\n', sizeof(blank));
	puts("ok");
	fwrite(blank, 1, sizeof(blank), stdout);
	return 0;
}
