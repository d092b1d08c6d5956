/* forbidden - makes a system call the default policy kills.
 *   forbidden ptrace|mount|keyctl [main|thread|child] [catch]
 * "thread": from a second thread; "child": from a forked child (the parent
 * waits); "catch": with a SIGSYS handler installed first, which must not
 * save it.  Prints "survived" and exits 0 if the call returned. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *which = "ptrace";

static void call(void)
{
	long r;

	if (!strcmp(which, "mount"))
		r = syscall(SYS_mount, "none", "/tmp", "tmpfs", 0L, NULL);
	else if (!strcmp(which, "keyctl"))
		r = syscall(SYS_keyctl, 0L, 0L, 0L, 0L, 0L);
	else
		r = syscall(SYS_ptrace, 0L, 0L, 0L, 0L);
	printf("survived (%ld)\n", r);
	fflush(stdout);
}

static void *thread_main(void *arg)
{
	(void)arg;
	call();
	return NULL;
}

static void on_sigsys(int sig)
{
	(void)sig;
	write(1, "caught\n", 7);
}

int main(int argc, char **argv)
{
	const char *how = argc > 2 ? argv[2] : "main";

	if (argc > 1)
		which = argv[1];
	if (argc > 3 && !strcmp(argv[3], "catch"))
		signal(SIGSYS, on_sigsys);
	if (!strcmp(how, "thread")) {
		pthread_t t;

		pthread_create(&t, NULL, thread_main, NULL);
		pthread_join(t, NULL);
	} else if (!strcmp(how, "child")) {
		pid_t pid = fork();

		if (pid == 0) {
			call();
			_exit(0);
		}
		waitpid(pid, NULL, 0);
		puts("parent survived");
	} else {
		call();
	}
	return 0;
}
