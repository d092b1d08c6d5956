/* clone_newuser - clone() with namespace flags, one at a time.
 * Attack: the same as unshare, through clone(): a child in a new user
 * (or pid, net, mount...) namespace.
 * Holds when: every flag is refused (EPERM) and the program goes on ->
 * ok.
 * Twin: accepted/fork_within.c in resources (plain clone works). */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	static const unsigned long flags[] = {
		CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET,
		CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWCGROUP,
		CLONE_NEWUSER | CLONE_NEWNS,
	};

	for (size_t i = 0; i < sizeof(flags) / sizeof(*flags); i++) {
		long pid = syscall(SYS_clone, flags[i] | SIGCHLD, 0, 0, 0, 0);

		if (pid == 0)
			_exit(0);
		if (pid > 0) {
			waitpid((pid_t)pid, NULL, 0);
			printf("HOLE:clone-flags-0x%lx\n", flags[i]);
			return 0;
		}
	}
	puts("ok");
	return 0;
}
