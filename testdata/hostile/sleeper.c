/* sleeper - sleeps forever without using CPU.
 * Attacks: a limit that only counts CPU time (a judge that never ends).
 * Expected in the box: TLE by WALL, with almost no CPU time. */
#include <signal.h>
#include <unistd.h>

int main(void)
{
	/* A polite supervisor's SIGTERM must not be enough to end the run. */
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	for (;;)
		pause();
}
