/* cpu_burner [THREADS] - spins forever on THREADS threads (default 1).
 * Attacks: a CPU limit that is only checked per process or per thread, or
 * read from the main thread's rusage.  With 4 threads the box uses CPU four
 * times faster than the wall clock (on enough cores).
 * Expected in the box: TLE by CPU, cpu_us summed over every thread. */
#include <pthread.h>
#include <stdlib.h>

static volatile unsigned long sink;

static void *spin(void *arg)
{
	(void)arg;
	for (;;)
		sink++;
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	pthread_t t;

	for (int i = 1; i < n; i++)
		if (pthread_create(&t, NULL, spin, NULL) != 0)
			return 2;
	spin(NULL);
	return 0;
}
