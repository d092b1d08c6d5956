/* core_twin - twin of core_dump: the same calls, but it lowers the soft
 * limit (always allowed) and exits normally.  Must pass. */
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/resource.h>

int main(void)
{
	struct rlimit rl = {0, 0};

	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	puts(setrlimit(RLIMIT_CORE, &rl) == 0 ? "ok" : "FAIL:setrlimit");
	return 0;
}
