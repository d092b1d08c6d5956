/* detached_grandchild PATH - leaves a grandchild behind in a new session
 * that appends one byte to PATH every 10 ms forever; the main process
 * exits 0 once the first byte is there.
 * Attacks: a supervisor that waits only for its direct child, or kills only
 * its process group / session, and leaves the double-forked, setsid'd
 * daemon running (and writing) after the verdict.
 * Expected in the box: OK; once sbx_run returns, PATH no longer grows and
 * no cgroup of the run is left. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void nap_ms(long ms)
{
	struct timespec d = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&d, NULL);
}

static void grandchild(const char *path)
{
	int fd;

	/* Shrug off every polite way of asking it to stop. */
	signal(SIGHUP, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd < 0)
		_exit(1);
	for (;;) {
		if (write(fd, "t", 1) != 1)
			_exit(1);
		nap_ms(10);
	}
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/box/ticks";
	struct stat st;
	pid_t pid;
	int status;

	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		setsid();
		pid = fork();
		if (pid == 0)
			grandchild(path);
		_exit(pid < 0 ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return 2;
	/* Exit only when the grandchild is demonstrably running, so the test
	 * knows there was something to kill. */
	for (int i = 0; i < 200; i++) {
		if (stat(path, &st) == 0 && st.st_size > 0) {
			puts("grandchild running");
			return 0;
		}
		nap_ms(10);
	}
	puts("grandchild never wrote");
	return 2;
}
