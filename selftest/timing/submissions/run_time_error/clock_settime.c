/* clock_settime - sets CLOCK_REALTIME a day ahead.
 * Attack: the same as settimeofday, through clock_settime.
 * Holds when: the default policy kills the box -> RTE.
 * Twin: accepted/clock_read.c. */
#include <stdio.h>
#include <time.h>

int main(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 86400;
	printf("HOLE:clock_settime-returned-%d\n", clock_settime(CLOCK_REALTIME, &ts));
	return 0;
}
