/* core_dump - asks for core dumps and crashes.
 * Attack: a core file written by the kernel (into /box, or through a
 * core_pattern pipe helper that runs on the host as root) with the
 * program's chosen content; raising RLIMIT_CORE back from 0.
 * Holds when: RLIMIT_CORE cannot be raised (its hard limit is 0), and the
 * crash is an ordinary RTE (SIGABRT).  A raised limit prints HOLE (WA).
 * Twin: accepted/core_twin.c. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>

int main(void)
{
	struct rlimit rl = {RLIM_INFINITY, RLIM_INFINITY};

	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	if (setrlimit(RLIMIT_CORE, &rl) == 0 ||
	    (getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_max != 0)) {
		puts("HOLE:RLIMIT_CORE-raisable");
		return 0;
	}
	abort();
}
