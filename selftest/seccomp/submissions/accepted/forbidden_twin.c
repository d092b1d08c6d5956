/* forbidden_twin - twin of the killed calls (io_uring, userfaultfd, bpf,
 * perf_event, keyctl, process_vm_readv, pidfd_getfd): the same set-up -
 * a paused child, a pidfd on it, buffers and structures - with allowed
 * calls in place of the forbidden ones (a pipe instead of reading the
 * child's memory, pidfd_send_signal instead of pidfd_getfd).  Must pass. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	char buf[16] = "";
	int p[2];
	pid_t c;
	long pidfd;

	if (pipe(p) < 0)
		return 1;
	c = fork();
	if (c == 0) {
		write(p[1], "child-secret", 13);
		pause();
		_exit(0);
	}
	pidfd = syscall(SYS_pidfd_open, c, 0);
	if (pidfd < 0 || read(p[0], buf, sizeof(buf)) != 13 ||
	    strcmp(buf, "child-secret") ||
	    syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0) != 0 ||
	    waitpid(c, NULL, 0) != c || syscall(SYS_getpid) != getpid()) {
		puts("FAIL:allowed-calls");
		return 0;
	}
	puts("ok");
	return 0;
}
