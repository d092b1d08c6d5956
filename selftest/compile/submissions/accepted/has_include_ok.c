/* has_include_ok - twin of has_include_shadow: the same test on files the
 * box does have must see them.  Must pass. */
#if !__has_include("/usr/include/stdio.h") || !__has_include("/etc/ld.so.cache")
#error the probe does not see files that exist
#endif
#include <stdio.h>

int main(void)
{
	puts("ok");
	return 0;
}
