/* unshare - unshare(CLONE_NEWUSER | CLONE_NEWNS): a user namespace makes
 * the program "root" over new namespaces.
 * Attack: capabilities in a user namespace reach mount, netfilter and
 * overlayfs code with a long local-root CVE record.
 * Holds when: the default policy kills the box on unshare -> RTE.
 * Twin: accepted/clone_newuser.c (the same request via clone() returns
 * EPERM and the program goes on). */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>

int main(void)
{
	printf("HOLE:unshare-returned-%d\n", unshare(CLONE_NEWUSER | CLONE_NEWNS));
	return 0;
}
