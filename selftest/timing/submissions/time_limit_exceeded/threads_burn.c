/* threads_burn - two threads spin; the main thread sleeps.
 * Attack: a judge that measures the main thread, or wall time / CPUs,
 * sees a sleeping program while it burns two CPUs.
 * Holds when: CPU time is summed over every thread (the cgroup) and the
 * run ends at the 0.5 s limit -> TLE.
 * Twin: accepted/threads_short.c. */
#include <pthread.h>
#include <unistd.h>

static void *spin(void *arg)
{
	for (volatile unsigned long i = 0;; i++)
		;
	return arg;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, spin, NULL);
	pthread_create(&t, NULL, spin, NULL);
	for (;;)
		pause();
}
