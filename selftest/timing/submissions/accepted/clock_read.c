/* clock_read - twin of settimeofday and clock_settime: reading every
 * clock works, and the monotonic one moves forward.  Must pass. */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

int main(void)
{
	struct timespec a, b, r;
	struct timeval tv;

	clock_gettime(CLOCK_MONOTONIC, &a);
	clock_gettime(CLOCK_REALTIME, &r);
	gettimeofday(&tv, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	puts(r.tv_sec > 1600000000 && tv.tv_sec > 1600000000 &&
	     (b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec))
		     ? "ok" : "FAIL:clocks");
	return 0;
}
