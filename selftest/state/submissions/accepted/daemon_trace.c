/* daemon_trace - leaves a daemon listening on an abstract unix socket
 * and fails if such a daemon from an earlier run answers.
 * Attack: a process that outlives its test serves the next one (answers
 * computed in the background, a channel between submissions).
 * Holds when: nothing of a run survives it, and abstract sockets are per
 * network namespace -> ok on every test.
 * Twin: accepted/sockets_ok.c in network (the same connect reaches a live
 * server). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static const char name[] = "\0arbiter-trace";

static socklen_t addr(struct sockaddr_un *a)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path, name, sizeof(name) - 1);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + sizeof(name) - 1);
}

int main(void)
{
	struct sockaddr_un a;
	socklen_t len = addr(&a);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);

	if (s >= 0 && connect(s, (struct sockaddr *)&a, len) == 0) {
		puts("HOLE:daemon-of-an-earlier-run-answered");
		return 0;
	}
	if (fork() == 0) {
		int srv = socket(AF_UNIX, SOCK_STREAM, 0);

		setsid();
		if (srv >= 0 && bind(srv, (struct sockaddr *)&a, len) == 0 &&
		    listen(srv, 8) == 0)
			for (;;) {
				int c = accept(srv, NULL, NULL);

				if (c >= 0)
					close(c);
			}
		_exit(0);
	}
	usleep(50000);
	puts("ok");
	return 0;
}
