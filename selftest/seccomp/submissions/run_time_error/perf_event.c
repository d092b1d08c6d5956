/* perf_event - perf_event_open on the program itself.
 * Attack: kernel profiling: a long CVE record and precise side channels
 * on other processes of the machine.
 * Holds when: the default policy kills the box -> RTE.
 * Twin: accepted/forbidden_twin.c. */
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_SOFTWARE;
	a.size = sizeof(a);
	a.config = PERF_COUNT_SW_CPU_CLOCK;
	printf("HOLE:perf_event_open-returned-%ld\n",
	       syscall(SYS_perf_event_open, &a, 0, -1, -1, 0));
	return 0;
}
