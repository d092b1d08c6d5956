/* unix_sockets - the host's unix sockets, by path and abstract name.
 * Attack: Redis's, Docker's, systemd's and D-Bus's sockets by path, and
 * abstract sockets (no file: they live in the network namespace) such as
 * containerd's or X11's; /proc/net/unix lists the ones in reach.
 * Holds when: no path exists in the box and the abstract namespace is the
 * box's own, empty one -> ok.
 * Twin: accepted/sockets_ok.c. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int try_unix(const char *name, int abstract)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	size_t n = strlen(name);
	int s = socket(AF_UNIX, SOCK_STREAM, 0), ok;

	memcpy(a.sun_path + (abstract ? 1 : 0), name, n);
	ok = s >= 0 && connect(s, (struct sockaddr *)&a,
			       (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
					   n + (abstract ? 1 : 0))) == 0;
	if (s >= 0)
		close(s);
	return ok;
}

int main(void)
{
	static const char *const paths[] = {
		"/run/redis/redis-server.sock", "/var/run/redis/redis.sock",
		"/tmp/redis.sock", "/var/run/docker.sock", "/run/systemd/private",
		"/run/dbus/system_bus_socket", "/run/containerd/containerd.sock",
	};
	static const char *const abstract[] = {
		"/tmp/.X11-unix/X0", "/org/freedesktop/systemd1/notify",
		"containerd-shim", "/containerd-shim/moby.sock", "redis",
	};
	char line[512];
	int lines = 0;
	FILE *f;

	for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++)
		if (try_unix(paths[i], 0)) {
			printf("HOLE:%s\n", paths[i]);
			return 0;
		}
	for (size_t i = 0; i < sizeof(abstract) / sizeof(*abstract); i++)
		if (try_unix(abstract[i], 1)) {
			printf("HOLE:@%s\n", abstract[i]);
			return 0;
		}
	/* The header line only: no socket of anybody else in reach. */
	if ((f = fopen("/proc/net/unix", "r"))) {
		while (fgets(line, sizeof(line), f))
			lines++;
		fclose(f);
	}
	if (lines > 1) {
		printf("HOLE:%d-unix-sockets-in-/proc/net/unix\n", lines - 1);
		return 0;
	}
	puts("ok");
	return 0;
}
