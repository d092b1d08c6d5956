/* settimeofday - moves the system clock back an hour.
 * Attack: a judge that measures with the wall clock (gettimeofday,
 * CLOCK_REALTIME) sees negative or tiny times; the host's clock is
 * corrupted for everyone.
 * Holds when: the default policy kills the box (and no capability would
 * allow it anyway) -> RTE.
 * Twin: accepted/clock_read.c. */
#include <stdio.h>
#include <sys/time.h>

int main(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	tv.tv_sec -= 3600;
	printf("HOLE:settimeofday-returned-%d\n", settimeofday(&tv, NULL));
	return 0;
}
