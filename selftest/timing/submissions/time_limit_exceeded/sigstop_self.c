/* sigstop_self - prints the answer, then stops itself with SIGSTOP.
 * Attack: a stopped process uses no CPU and never exits: a judge that
 * only limits CPU time waits forever.
 * Holds when: the wall limit (2 x 0.5 s + 1 s) ends the run -> TLE.
 * Twin: accepted/sigstop_resumed.c. */
#include <signal.h>
#include <stdio.h>

int main(void)
{
	puts("ok");
	fflush(stdout);
	raise(SIGSTOP);
	return 0;
}
