/* bpf - bpf(BPF_MAP_CREATE).
 * Attack: programs and maps loaded into the kernel; verifier bugs are
 * local root (CVE-2021-3490, CVE-2023-2163...).
 * Holds when: the default policy kills the box -> RTE.
 * Twin: accepted/forbidden_twin.c. */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	unsigned attr[32];

	memset(attr, 0, sizeof(attr));
	attr[0] = 2; /* BPF_MAP_TYPE_ARRAY */
	attr[1] = 4;
	attr[2] = 4;
	attr[3] = 1;
	printf("HOLE:bpf-returned-%ld\n", syscall(SYS_bpf, 0 /* MAP_CREATE */, attr, sizeof(attr)));
	return 0;
}
