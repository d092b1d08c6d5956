/* clone3_ns - clone3() with namespace flags.  clone3 passes its flags in
 * memory, where a seccomp filter cannot look.
 * Attack: new user/mount/pid/net namespaces through clone3, bypassing a
 * rule that checks clone()'s flags (the hole of several judges).
 * Holds when: clone3 fails (ENOSYS from the filter: glibc falls back to
 * clone) and no child appears -> ok.
 * Twin: accepted/forbidden_twin.c (fork still works). */
#define _GNU_SOURCE
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	static const unsigned long long flags[] = {
		CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET,
		CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID, 0,
	};

	for (size_t i = 0; i < sizeof(flags) / sizeof(*flags); i++) {
		struct clone_args a;
		long pid;

		memset(&a, 0, sizeof(a));
		a.flags = flags[i];
		a.exit_signal = SIGCHLD;
		pid = syscall(SYS_clone3, &a, sizeof(a));
		if (pid == 0)
			_exit(0);
		if (pid > 0) {
			waitpid((pid_t)pid, NULL, 0);
			printf("HOLE:clone3-flags-0x%llx\n", flags[i]);
			return 0;
		}
	}
	puts("ok");
	return 0;
}
