/* kill_all - kill(-1, SIGKILL): every process the caller may signal.
 * Attacks: a box that shares the host's pid namespace, where uid 6xxxx may
 * kill other boxes (and a root box everything, the judge included).
 * Expected in the box: OK (exit 0); the judge and its other processes live. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	int rc = kill(-1, SIGKILL);

	printf("kill(-1, SIGKILL) = %d (%s)\n", rc,
	       rc ? strerror(errno) : "ok");
	return 0;
}
