/* net_connect TCPPORT [UDPPORT] - tries a TCP connection to 127.0.0.1 and
 * [::1] on TCPPORT (500 ms timeout each) and, with UDPPORT, sends a UDP
 * datagram to both.  Prints one line per attempt.
 * Attacks: a box sharing the host's network namespace reaches services
 * bound to loopback (the judge's Redis, a metadata endpoint...).
 * Expected in the box: every TCP attempt fails (exit 0), and the host-side
 * listener sees neither a connection nor a datagram.
 * Exit 1 if any TCP connection succeeded.  A UDP send "succeeding" is only
 * reported: in a private network namespace with lo up it lands in the box's
 * own loopback, which the host listener proves harmless. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static socklen_t make_addr(int family, const char *host, int port,
			   struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;

		a->sin_family = AF_INET;
		a->sin_port = htons((unsigned short)port);
		inet_pton(AF_INET, host, &a->sin_addr);
		return sizeof(*a);
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons((unsigned short)port);
		inet_pton(AF_INET6, host, &a->sin6_addr);
		return sizeof(*a);
	}
}

/* 1 if connected, 0 if not. */
static int tcp_try(int family, const char *host, int port)
{
	struct sockaddr_storage ss;
	socklen_t len = make_addr(family, host, port, &ss);
	struct pollfd pfd;
	int fd, rc, soerr = 0;
	socklen_t sl = sizeof(soerr);

	fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		printf("tcp %s:%d: socket: %s\n", host, port, strerror(errno));
		return 0;
	}
	rc = connect(fd, (struct sockaddr *)&ss, len);
	if (rc < 0 && errno == EINPROGRESS) {
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, 500) != 1) {
			printf("tcp %s:%d: timed out\n", host, port);
			close(fd);
			return 0;
		}
		getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
		rc = soerr ? -1 : 0;
		errno = soerr;
	}
	printf("tcp %s:%d: %s\n", host, port, rc ? strerror(errno) : "CONNECTED");
	close(fd);
	return rc == 0;
}

static void udp_try(int family, const char *host, int port)
{
	struct sockaddr_storage ss;
	socklen_t len = make_addr(family, host, port, &ss);
	int fd = socket(family, SOCK_DGRAM, 0);
	ssize_t n;

	if (fd < 0) {
		printf("udp %s:%d: socket: %s\n", host, port, strerror(errno));
		return;
	}
	n = sendto(fd, "ping", 4, 0, (struct sockaddr *)&ss, len);
	printf("udp %s:%d: %s\n", host, port, n < 0 ? strerror(errno) : "sent");
	close(fd);
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 80;
	int uport = argc > 2 ? atoi(argv[2]) : 0;
	int any = 0;

	any |= tcp_try(AF_INET, "127.0.0.1", port);
	any |= tcp_try(AF_INET6, "::1", port);
	if (uport > 0) {
		udp_try(AF_INET, "127.0.0.1", uport);
		udp_try(AF_INET6, "::1", uport);
	}
	return any;
}
