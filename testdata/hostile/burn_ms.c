/* burn_ms MS [THREADS] - burns exactly MS milliseconds of CPU in total,
 * split evenly over THREADS threads (default 1), then exits 0.
 * Benign twin of cpu_burner (under a larger limit: OK) and the yardstick of
 * the accuracy suite: the box's cpu_us should be MS plus start-up noise.
 * Each thread measures its own CLOCK_THREAD_CPUTIME_ID, so the total does
 * not depend on how the threads are scheduled. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile unsigned long sink;

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *burn(void *arg)
{
	uint64_t budget = *(const uint64_t *)arg;
	uint64_t start = thread_cpu_ns();

	/* The clock is a system call in a static binary: poll it every few
	 * microseconds of work, not every iteration. */
	while (thread_cpu_ns() - start < budget)
		for (int i = 0; i < 20000; i++)
			sink++;
	return NULL;
}

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 100;
	int n = argc > 2 ? atoi(argv[2]) : 1;
	pthread_t t[64];
	uint64_t each;

	if (n < 1 || n > 64 || ms < 0)
		return 2;
	each = (uint64_t)ms * 1000000u / (uint64_t)n;
	for (int i = 1; i < n; i++)
		if (pthread_create(&t[i], NULL, burn, &each) != 0)
			return 3;
	burn(&each);
	for (int i = 1; i < n; i++)
		pthread_join(t[i], NULL);
	printf("burned %ld ms on %d threads\n", ms, n);
	return 0;
}
