/* tcp_loopback - TCP to the host's loopback, 127.0.0.1 and ::1.
 * Attack: the judge's Redis (6379, often without a password on
 * loopback), its database, a metadata or admin service: anything that
 * listens on the host.  It tries 6379, ports 1-1024 and the usual service
 * ports, and every port /proc/net/tcp{,6} shows listening; and it looks
 * for a network interface to leave by.
 * Holds when: the box has its own network namespace whose only interface,
 * lo, is down: no listener is visible and every connect fails -> ok.
 * Twin: accepted/sockets_ok.c. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* One socket per family, reused: a connect that fails at once leaves it
 * unconnected, ready for the next port. */
static int s4 = -1, s6 = -1;

static int try4(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s4 < 0)
		s4 = socket(AF_INET, SOCK_STREAM, 0);
	if (s4 >= 0 && connect(s4, (struct sockaddr *)&a, sizeof(a)) == 0)
		return 1;
	if (errno != ENETUNREACH && errno != ECONNREFUSED) {
		close(s4);
		s4 = -1;
	}
	return 0;
}

static int try6(int port)
{
	struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons(port)};

	a.sin6_addr = in6addr_loopback;
	if (s6 < 0)
		s6 = socket(AF_INET6, SOCK_STREAM, 0);
	if (s6 >= 0 && connect(s6, (struct sockaddr *)&a, sizeof(a)) == 0)
		return 1;
	if (errno != ENETUNREACH && errno != ECONNREFUSED) {
		close(s6);
		s6 = -1;
	}
	return 0;
}

/* Listening sockets in /proc/net/FILE (state 0A): the box's own
 * namespace has none; the host's would list its servers. */
static int listener(const char *file)
{
	char line[512], local[128];
	unsigned state, port;
	FILE *f = fopen(file, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " %*d: %127[0-9A-Fa-f]:%x %*s %x", local, &port,
			   &state) == 3 && state == 0x0A) {
			fclose(f);
			return (int)port;
		}
	fclose(f);
	return 0;
}

int main(void)
{
	static const int usual[] = {6379, 6380, 3306, 5432, 8000, 8080, 8443,
				    9000, 9200, 11211, 26379, 27017};
	struct ifreq ifr = {0};
	char line[512];
	FILE *f;
	int port, s;

	for (size_t i = 0; i < sizeof(usual) / sizeof(*usual); i++)
		if (try4(usual[i]) || try6(usual[i])) {
			printf("HOLE:loopback-port-%d-reachable\n", usual[i]);
			return 0;
		}
	for (port = 1; port <= 1024; port++)
		if (try4(port) || try6(port)) {
			printf("HOLE:loopback-port-%d-reachable\n", port);
			return 0;
		}
	if ((port = listener("/proc/net/tcp")) || (port = listener("/proc/net/tcp6"))) {
		printf("HOLE:listener-on-port-%d-visible%s\n", port,
		       try4(port) || try6(port) ? "-and-reachable" : "");
		return 0;
	}
	/* Interfaces: only lo, and down. */
	if ((f = fopen("/proc/net/dev", "r"))) {
		while (fgets(line, sizeof(line), f)) {
			char name[64];

			if (sscanf(line, " %63[^:]:", name) == 1 && strcmp(name, "lo") &&
			    !strchr(name, '|')) {
				printf("HOLE:interface-%s\n", name);
				return 0;
			}
		}
		fclose(f);
	}
	s = socket(AF_INET, SOCK_DGRAM, 0);
	strcpy(ifr.ifr_name, "lo");
	if (s >= 0 && ioctl(s, SIOCGIFFLAGS, &ifr) == 0 && (ifr.ifr_flags & IFF_UP)) {
		puts("HOLE:lo-is-up");
		return 0;
	}
	puts("ok");
	return 0;
}
