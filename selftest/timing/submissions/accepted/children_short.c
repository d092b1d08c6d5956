/* children_short - twin of unreaped_children and killed_children: two
 * children burn 0.1 s each (0.2 s in all, under the limit) and are
 * reaped.  Must pass. */
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	for (int i = 0; i < 2; i++)
		if (fork() == 0) {
			while (cpu_now() < 0.1)
				;
			_exit(0);
		}
	while (wait(NULL) > 0)
		;
	puts("ok");
	return 0;
}
