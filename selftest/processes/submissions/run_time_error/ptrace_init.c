/* ptrace_init - PTRACE_ATTACH to the box's init (pid 1, root) and to its
 * parent.
 * Attack: ptrace is full control of a process; init is the judge's own
 * code, running as root.
 * Holds when: the default policy kills the box on ptrace -> RTE
 * ("forbidden system call ptrace").
 * Twin: accepted/ptrace_twin.c. */
#include <stdio.h>
#include <sys/ptrace.h>
#include <unistd.h>

int main(void)
{
	long r = ptrace(PTRACE_ATTACH, 1, NULL, NULL);

	printf("HOLE:ptrace-returned-%ld\n", r);
	return 0;
}
