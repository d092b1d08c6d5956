/* setns - joins the box init's namespaces through /proc/self/ns (its
 * own) and a guessed fd.
 * Attack: setns into a namespace of the host (a leaked fd, /proc/1/ns).
 * Holds when: the default policy kills the box on setns -> RTE.
 * Twin: accepted/ns_links.c (opening the ns links is fine). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>

int main(void)
{
	int fd = open("/proc/self/ns/mnt", O_RDONLY);

	printf("HOLE:setns-returned-%d\n", setns(fd, 0));
	return 0;
}
