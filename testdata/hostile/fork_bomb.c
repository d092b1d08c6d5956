/* fork_bomb [MS] - every process forks as fast as it can; after MS
 * milliseconds (default 1000) the original process reports and exits.
 * Attacks: a box without a pids limit exhausts the host's process table.
 * Expected in the box (pids limit P): fork() starts failing, the run ends
 * with RTE exit 2 ("the limit was felt"), stdout "forks=N failed=M" with
 * N < P, and the box's processes are all gone afterwards.
 * Exit 0 means fork never failed (no limit), exit 3 a setup failure.
 *
 * Safety valve: the successful forks are counted in a shared page, and no
 * process forks again once 2000 have succeeded.  A broken sandbox then
 * costs the host 2000 sleeping processes instead of its process table, so
 * the test that catches the bug does not take the machine down with it. */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define VALVE 2000

struct shared {
	atomic_long forks;
	atomic_long failed;
};

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* One attempt; returns 0 in the child. */
static pid_t try_fork(struct shared *sh)
{
	pid_t pid;

	if (atomic_load(&sh->forks) >= VALVE)
		return -1;
	pid = fork();
	if (pid > 0)
		atomic_fetch_add(&sh->forks, 1);
	else if (pid < 0)
		atomic_fetch_add(&sh->failed, 1);
	return pid;
}

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 1000;
	long end = now_ms() + ms;
	struct shared *sh;

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 3;
	signal(SIGCHLD, SIG_IGN); /* no zombies to reap: children never exit */
	while (now_ms() < end) {
		if (try_fork(sh) == 0) {
			/* A child: bomb forever, until the sandbox kills it. */
			for (;;)
				if (try_fork(sh) < 0 &&
				    atomic_load(&sh->forks) >= VALVE)
					pause();
		}
	}
	printf("forks=%ld failed=%ld\n", atomic_load(&sh->forks),
	       atomic_load(&sh->failed));
	fflush(stdout);
	return atomic_load(&sh->failed) > 0 ? 2 : 0;
}
