/* threads_within - twin of thread_bomb: 8 threads doing a little work,
 * joined.  Must pass. */
#include <pthread.h>
#include <stdio.h>

static void *work(void *arg)
{
	volatile unsigned long s = 0;

	for (unsigned long i = 0; i < 1000000; i++)
		s += i;
	return arg;
}

int main(void)
{
	pthread_t t[8];
	int ok = 0;

	for (int i = 0; i < 8; i++)
		ok += pthread_create(&t[i], NULL, work, NULL) == 0;
	for (int i = 0; i < ok; i++)
		pthread_join(t[i], NULL);
	puts(ok == 8 ? "ok" : "FAIL:threads-within-limit-failed");
	return 0;
}
