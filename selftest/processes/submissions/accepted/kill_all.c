/* kill_all - kill(-1, SIGKILL), kill(1, ...) and kill(getppid(), ...).
 * Attack: kill every process the program may signal - in a shared pid
 * namespace that is other boxes of the same uid, and the judge itself if
 * the box runs as root; kill the box's init to leave the program
 * unsupervised.
 * Holds when: the program survives (it is not root, so init and the rest
 * of the host are out of reach; its pid namespace holds nothing else) and
 * prints ok, and the judge reports a normal run.
 * Twin: accepted/kill_own.c (kill(-1) does kill what it may). */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	static const int sigs[] = {SIGKILL, SIGTERM, SIGSTOP, SIGINT, SIGHUP};

	for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++) {
		kill(1, sigs[i]);
		kill(getppid(), sigs[i]);
	}
	kill(-1, SIGKILL);
	puts("ok");
	return 0;
}
