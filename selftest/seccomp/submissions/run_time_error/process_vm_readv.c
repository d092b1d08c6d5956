/* process_vm_readv - reads a child's memory without ptrace.
 * Attack: another process's memory; in a shared pid namespace, the judge
 * or another box of the same uid.
 * Holds when: the default policy kills the box -> RTE.
 * Twin: accepted/forbidden_twin.c (the same child, read through a pipe). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/uio.h>
#include <unistd.h>

static char secret[16] = "child-secret";

int main(void)
{
	char buf[16];
	struct iovec local = {buf, sizeof(buf)}, remote = {secret, sizeof(secret)};
	pid_t c = fork();
	ssize_t n;

	if (c == 0) {
		pause();
		_exit(0);
	}
	n = process_vm_readv(c, &local, 1, &remote, 1, 0);
	kill(c, SIGKILL);
	printf("HOLE:process_vm_readv-returned-%zd\n", n);
	return 0;
}
