/* mount - mounts the cgroup file system (memory controller) on /tmp.
 * Attack: the cgroup tree's release_agent, the classic container escape
 * (CVE-2022-0492); with mount allowed, also a second /proc without
 * hidepid or a writable root.
 * Holds when: the default policy kills the box on mount -> RTE.
 * Twin: accepted/cgroup_view.c. */
#include <stdio.h>
#include <sys/mount.h>

int main(void)
{
	int r = mount("cgroup", "/tmp", "cgroup", 0, "memory");

	printf("HOLE:mount-returned-%d\n", r);
	return 0;
}
