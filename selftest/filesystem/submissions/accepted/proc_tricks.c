/* proc_tricks - reaches for the host through /proc's magic links.
 * Attack: /proc/1/root, /proc/1/cwd, /proc/1/environ, /proc/1/fd (the
 * box's init is root and was set up from the host), /proc/<pid> of
 * anything outside the box (the supervisor), and ".." through
 * /proc/self/root and /proc/self/cwd.
 * Holds when: the box's /proc shows only its own processes (a new pid
 * namespace) and hides init (hidepid=2), and ".." stops at the box's
 * root -> ok.
 * Twin: accepted/proc_self.c. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>

static const char *const paths[] = {
	"/proc/1/root/etc/shadow", "/proc/1/root/etc/passwd",
	"/proc/1/cwd", "/proc/1/environ", "/proc/1/fd", "/proc/1/mem",
	"/proc/1/maps", "/proc/1/status", "/proc/1/cmdline",
	"/proc/self/root/../../etc/shadow", "/proc/self/cwd/../../etc/passwd",
	"/proc/self/root/proc/1/root/etc/shadow",
	"/proc/thread-self/root/../etc/shadow",
};

int main(void)
{
	struct dirent *e;
	DIR *d;
	int fd;

	for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++) {
		fd = open(paths[i], O_RDONLY);
		if (fd >= 0) {
			printf("HOLE:%s\n", paths[i]);
			return 0;
		}
	}
	/* Any pid other than ours in /proc: init (hidden) or the host's. */
	d = opendir("/proc");
	while (d && (e = readdir(d))) {
		int pid = atoi(e->d_name);

		if (pid > 0 && pid != getpid()) {
			printf("HOLE:/proc/%d-visible\n", pid);
			return 0;
		}
	}
	/* Signal 0 to pids 2..32768 (the supervisor's pid lives in the
	 * host's namespace): only ours may answer. */
	for (int pid = 2; pid < 32768; pid++)
		if (pid != getpid() && kill(pid, 0) == 0) {
			printf("HOLE:pid-%d-signalable\n", pid);
			return 0;
		}
	puts(d ? "ok" : "FAIL:/proc-not-listable");
	return 0;
}
