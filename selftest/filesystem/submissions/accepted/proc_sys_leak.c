/* proc_sys_leak - looks for kernel and host state in /proc and /sys.
 * Attack: /sys (the host's devices and cgroups), kernel memory
 * (/proc/kcore, /proc/kpageflags), the kernel log, kernel addresses for an
 * exploit (/proc/kallsyms), root-only tables (/proc/timer_list,
 * /proc/slabinfo, /proc/vmallocinfo), and the judge's paths in
 * /proc/self/mountinfo (the problem package must not be mounted).
 * Holds when: /sys is not mounted, the root-only files stay closed to the
 * box user, kallsyms shows zeros, and no mount comes from the package
 * -> ok.
 * Twin: accepted/proc_readable.c. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const char *const closed[] = {
		"/proc/kcore", "/proc/kmsg", "/proc/kpageflags", "/proc/kpagecount",
		"/proc/timer_list", "/proc/slabinfo", "/proc/vmallocinfo",
		"/proc/pagetypeinfo", "/proc/sched_debug", "/proc/1/stack",
		"/sys", "/sys/fs/cgroup", "/sys/kernel", "/sys/firmware",
	};
	char in[4096], line[4096], *slash;
	ssize_t n;
	FILE *f;

	for (size_t i = 0; i < sizeof(closed) / sizeof(*closed); i++) {
		int fd = open(closed[i], O_RDONLY);

		if (fd >= 0) {
			printf("HOLE:%s-readable\n", closed[i]);
			return 0;
		}
	}
	if ((f = fopen("/proc/kallsyms", "r"))) {
		while (fgets(line, sizeof(line), f))
			if (strncmp(line, "0000000000000000 ", 17)) {
				puts("HOLE:kernel-addresses-in-kallsyms");
				return 0;
			}
		fclose(f);
	}
	/* The package's directory: the test's .in is in data/secret/. */
	n = readlink("/proc/self/fd/0", in, sizeof(in) - 1);
	in[n > 0 ? n : 0] = '\0';
	if ((slash = strstr(in, "/data/")))
		*slash = '\0';
	if ((f = fopen("/proc/self/mountinfo", "r"))) {
		while (in[0] && fgets(line, sizeof(line), f))
			if (strstr(line, in)) {
				printf("HOLE:package-mounted:%s\n", in);
				return 0;
			}
		fclose(f);
	}
	puts(f ? "ok" : "FAIL:mountinfo");
	return 0;
}
