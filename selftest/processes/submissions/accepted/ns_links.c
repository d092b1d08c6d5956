/* ns_links - twin of setns: the program's own namespace links can be
 * opened (and are not the host's: init's are hidden).  Must pass. */
#include <fcntl.h>
#include <stdio.h>

int main(void)
{
	puts(open("/proc/self/ns/mnt", O_RDONLY) >= 0 &&
	     open("/proc/self/ns/net", O_RDONLY) >= 0 &&
	     open("/proc/1/ns/mnt", O_RDONLY) < 0 ? "ok" : "FAIL:ns");
	return 0;
}
