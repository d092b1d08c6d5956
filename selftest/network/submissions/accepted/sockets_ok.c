/* sockets_ok - twin of the network attacks: the same probes reach a
 * server the program runs itself - a unix socket by path in /tmp, an
 * abstract one, and a socketpair - and inet sockets can be created.
 * Must pass. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int pair_up(const char *name, int abstract)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	size_t n = strlen(name);
	socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n +
				    (abstract ? 1 : 0));
	int srv = socket(AF_UNIX, SOCK_STREAM, 0), cli = socket(AF_UNIX, SOCK_STREAM, 0);
	char c = 0;
	int conn, ok;

	memcpy(a.sun_path + (abstract ? 1 : 0), name, n);
	ok = srv >= 0 && cli >= 0 && bind(srv, (struct sockaddr *)&a, len) == 0 &&
	     listen(srv, 1) == 0 && connect(cli, (struct sockaddr *)&a, len) == 0 &&
	     (conn = accept(srv, NULL, NULL)) >= 0 && write(cli, "p", 1) == 1 &&
	     read(conn, &c, 1) == 1 && c == 'p';
	return ok;
}

int main(void)
{
	int sv[2];
	int ok = pair_up("/tmp/s", 0) && pair_up("mine", 1) &&
		 socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 &&
		 socket(AF_INET, SOCK_STREAM, 0) >= 0 &&
		 socket(AF_INET6, SOCK_DGRAM, 0) >= 0;

	puts(ok ? "ok" : "FAIL:sockets");
	return 0;
}
