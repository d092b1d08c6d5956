/* io_uring - io_uring_setup(2 entries).
 * Attack: io_uring is a second system-call interface whose operations a
 * seccomp filter never sees, with a long CVE record (CVE-2022-29582,
 * CVE-2023-2598...).
 * Holds when: the default policy kills the box -> RTE.
 * Twin: accepted/forbidden_twin.c. */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	char params[128];

	memset(params, 0, sizeof(params));
	printf("HOLE:io_uring_setup-returned-%ld\n",
	       syscall(SYS_io_uring_setup, 2, params));
	return 0;
}
