/* thread_bomb - creates spinning threads until it cannot, then spins.
 * Attack: exhaust the host's threads / CPUs.
 * Holds when: the pids limit caps the threads and the CPU limit (summed
 * over all threads) ends the run -> TLE.
 * Twin: accepted/threads_within.c. */
#include <pthread.h>

static void *spin(void *arg)
{
	for (volatile unsigned long i = 0;; i++)
		;
	return arg;
}

int main(void)
{
	pthread_t t;

	for (;;)
		pthread_create(&t, NULL, spin, NULL);
}
