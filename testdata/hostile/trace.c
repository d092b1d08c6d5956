/* trace - looks for what an earlier run of the same box left, then leaves
 * its own: a file in /tmp and in /dev/shm, a SysV shared memory segment,
 * and a detached child that sleeps on.  Prints "clean" when it found
 * nothing of an earlier run, else one "TRACE <what>" line per trace.
 * Attack: a box prepared once and entered by every test of a submission
 * (sbx_prepare) carrying state from one test to the next.
 * With "check" (the twin): leaves its traces first, then looks - it must
 * find every one, or the probes prove nothing. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

#define KEY 0x7ace7ace

static int traces;

static void trace(int found, const char *what)
{
	if (found) {
		printf("TRACE %s\n", what);
		traces++;
	}
}

/* Other processes this run can see in its /proc. */
static int others(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		if (atoi(e->d_name) > 0 && atoi(e->d_name) != getpid())
			n++;
	if (d)
		closedir(d);
	return n;
}

static void look(void)
{
	trace(access("/tmp/trace", F_OK) == 0, "/tmp");
	trace(access("/dev/shm/trace", F_OK) == 0, "/dev/shm");
	trace(shmget(KEY, 0, 0) >= 0, "sysv-shm");
	trace(others() > 0, "process");
}

static void leave(void)
{
	close(open("/tmp/trace", O_WRONLY | O_CREAT, 0600));
	close(open("/dev/shm/trace", O_WRONLY | O_CREAT, 0600));
	shmget(KEY, 4096, IPC_CREAT | 0600);
	if (fork() == 0) {
		setsid();
		sleep(30);
		_exit(0);
	}
}

int main(int argc, char **argv)
{
	int twin = argc > 1 && !strcmp(argv[1], "check");

	if (twin)
		leave();
	look();
	if (!twin)
		leave();
	if (!traces)
		puts("clean");
	fflush(stdout);
	return 0;
}
