/* tmp_trace - leaves a file in /tmp, /dev/shm and /box, and fails if it
 * finds one left by an earlier test (this package has three) or by an
 * earlier submission (tmp_trace.py and TmpTrace.java use the same names).
 * Attack: state carried from one test to the next: answers cached from
 * test 1, a counter that tells which test is running, data smuggled
 * between submissions.
 * Holds when: each test gets a fresh /tmp and /dev/shm, and /box is
 * read-only -> ok on every test.
 * Twin: accepted/trace_seen.c (the probe sees a trace left in the same
 * run). */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const traces[] = {"/tmp/arbiter-trace", "/dev/shm/arbiter-trace",
				      "/box/arbiter-trace"};

int main(void)
{
	for (int i = 0; i < 3; i++)
		if (access(traces[i], F_OK) == 0) {
			printf("HOLE:%s-left-by-an-earlier-run\n", traces[i]);
			return 0;
		}
	for (int i = 0; i < 3; i++) {
		int fd = open(traces[i], O_WRONLY | O_CREAT, 0666);

		if (fd >= 0) {
			write(fd, "seen", 4);
			fchmod(fd, 0666);
			close(fd);
		}
	}
	puts("ok");
	return 0;
}
