/* udp_dns - UDP to loopback and out, and name resolution.
 * Attack: a datagram to the host's Redis or a local DNS resolver
 * (127.0.0.53), a query to a public resolver, getaddrinfo() of a public
 * name (DNS tunnels data out of the box).
 * Holds when: every send fails (no route in an empty network namespace)
 * and nothing resolves (no /etc/resolv.conf, no network) -> ok.
 * Twin: accepted/sockets_ok.c. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int send4(const char *ip, int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	int s = socket(AF_INET, SOCK_DGRAM, 0), ok;

	inet_pton(AF_INET, ip, &a.sin_addr);
	ok = s >= 0 && sendto(s, "q", 1, 0, (struct sockaddr *)&a, sizeof(a)) == 1;
	if (s >= 0)
		close(s);
	return ok;
}

static int send6(int port)
{
	struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons(port)};
	int s = socket(AF_INET6, SOCK_DGRAM, 0), ok;

	a.sin6_addr = in6addr_loopback;
	ok = s >= 0 && sendto(s, "q", 1, 0, (struct sockaddr *)&a, sizeof(a)) == 1;
	if (s >= 0)
		close(s);
	return ok;
}

int main(void)
{
	struct addrinfo *res = NULL;

	if (send4("127.0.0.1", 6379) || send4("127.0.0.1", 12345) ||
	    send4("127.0.0.53", 53) || send4("8.8.8.8", 53) ||
	    send4("169.254.169.254", 80) || send6(6379) || send6(53)) {
		puts("HOLE:udp-datagram-sent");
		return 0;
	}
	if (getaddrinfo("example.com", "80", NULL, &res) == 0) {
		puts("HOLE:example.com-resolved");
		return 0;
	}
	puts("ok");
	return 0;
}
