/* raw_sockets - socket families and types a judged program never needs.
 * Attack: raw IP and packet sockets (sniffing, spoofing; CVE-2017-7308,
 * CVE-2020-14386), netlink (routes, nf_tables: a long local-root record),
 * vsock (reaches the hypervisor or host across namespaces), ICMP echo,
 * and the obscure families (AX.25, X.25, AppleTalk, RDS...).
 * Holds when: each is refused - seccomp for the families, no
 * CAP_NET_RAW for raw sockets -> ok.
 * Twin: accepted/sockets_ok.c. */
#include <linux/if_ether.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif

int main(void)
{
	static const struct {
		int family, type, proto;
		const char *what;
	} tries[] = {
		{AF_INET, SOCK_RAW, IPPROTO_RAW, "raw-ipv4"},
		{AF_INET6, SOCK_RAW, IPPROTO_RAW, "raw-ipv6"},
		{AF_INET, SOCK_DGRAM, IPPROTO_ICMP, "icmp-echo"},
		{AF_PACKET, SOCK_RAW, 0x0300 /* htons(ETH_P_ALL) */, "packet"},
		{AF_NETLINK, SOCK_RAW, 0 /* NETLINK_ROUTE */, "netlink-route"},
		{AF_NETLINK, SOCK_RAW, 12 /* NETLINK_NETFILTER */, "netlink-netfilter"},
		{AF_VSOCK, SOCK_STREAM, 0, "vsock"},
		{AF_BLUETOOTH, SOCK_RAW, 0, "bluetooth"},
		{AF_ALG, SOCK_SEQPACKET, 0, "af_alg"},
		{AF_KEY, SOCK_RAW, 2, "af_key"},
		{3 /* AF_AX25 */, SOCK_SEQPACKET, 0, "ax25"},
		{21 /* AF_RDS */, SOCK_SEQPACKET, 0, "rds"},
		{AF_INET | (1 << 16), SOCK_STREAM, 0, "family-with-high-bits"},
	};
	int sv[2];

	for (size_t i = 0; i < sizeof(tries) / sizeof(*tries); i++)
		if (socket(tries[i].family, tries[i].type, tries[i].proto) >= 0) {
			printf("HOLE:%s-socket\n", tries[i].what);
			return 0;
		}
	if (socketpair(AF_NETLINK, SOCK_RAW, 0, sv) == 0) {
		puts("HOLE:netlink-socketpair");
		return 0;
	}
	puts("ok");
	return 0;
}
