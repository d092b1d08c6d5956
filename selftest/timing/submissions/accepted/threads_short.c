/* threads_short - twin of threads_burn: two threads burn 0.1 s of CPU
 * each (0.2 s in all, under the 0.5 s limit) and are joined.  Must pass. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *burn(void *arg)
{
	double t0 = cpu_now();

	while (cpu_now() - t0 < 0.1)
		;
	return arg;
}

int main(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, burn, NULL);
	pthread_create(&b, NULL, burn, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	puts("ok");
	return 0;
}
