/* caught_in_thread - a forbidden call (ptrace) from a second thread, with
 * a SIGSYS handler installed that would carry on.
 * Attack: a filter that only kills the calling thread (SECCOMP_RET_KILL
 * _THREAD) or whose SIGSYS can be caught (SECCOMP_RET_TRAP) leaves the
 * program running after a denied call; retrying with other arguments
 * probes the filter.
 * Holds when: the whole box dies -> RTE.
 * Twin: accepted/forbidden_twin.c. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static void on_sigsys(int sig)
{
	(void)sig;
}

static void *thread(void *arg)
{
	syscall(SYS_ptrace, 0, 0, 0, 0);
	return arg;
}

int main(void)
{
	pthread_t t;

	signal(SIGSYS, on_sigsys);
	pthread_create(&t, NULL, thread, NULL);
	pthread_join(t, NULL);
	usleep(100000);
	puts("HOLE:program-survived-a-forbidden-call");
	return 0;
}
