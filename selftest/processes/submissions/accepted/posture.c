/* posture - the credentials the program runs with, and attempts to
 * raise them.
 * Attack: a box that runs as root, keeps supplementary groups or
 * capabilities, lacks no_new_privs or the seccomp filter; or lets the
 * program setuid(0), setgroups, capset, or set the hostname.
 * Holds when: uid and gid are the slot's (60000 + box), no groups, every
 * capability set empty, NoNewPrivs 1, Seccomp 2, and every raise fails ->
 * ok.
 * Twin: accepted/posture_twin.c. */
#include <linux/capability.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2] = {{~0u, ~0u, ~0u}, {~0u, ~0u, ~0u}};
	gid_t g = 0, groups[4];
	char line[256];
	FILE *f;

	if (getuid() < 60000 || geteuid() < 60000 || getgid() < 60000 ||
	    getegid() < 60000 || getgroups(4, groups) != 0) {
		puts("HOLE:credentials");
		return 0;
	}
	if (setuid(0) == 0 || setgid(0) == 0 || setgroups(1, &g) == 0 ||
	    syscall(SYS_capset, &h, d) == 0 || sethostname("x", 1) == 0) {
		puts("HOLE:privilege-raised");
		return 0;
	}
	if (!(f = fopen("/proc/self/status", "r"))) {
		puts("FAIL:status");
		return 0;
	}
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Cap", 3) && strtoull(strchr(line, ':') + 1, NULL, 16)) {
			printf("HOLE:%.20s\n", line);
			return 0;
		}
		if ((!strncmp(line, "NoNewPrivs:", 11) && atoi(line + 11) != 1) ||
		    (!strncmp(line, "Seccomp:", 8) && atoi(line + 8) != 2)) {
			printf("HOLE:%.20s\n", line);
			return 0;
		}
	}
	puts("ok");
	return 0;
}
