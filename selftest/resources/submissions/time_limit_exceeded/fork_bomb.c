/* fork_bomb - the classic: every process forks forever.
 * Attack: exhaust the host's process table and starve the judge.
 * Holds when: the pids limit stops the forks and the CPU limit ends the
 * spinning processes -> TLE, and the run returns.
 * Twin: accepted/fork_within.c. */
#include <unistd.h>

int main(void)
{
	for (;;)
		fork();
}
