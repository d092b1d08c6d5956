/* proc_readable - twin of proc_sys_leak: the same reads on /proc files a
 * program may use (its own maps and mounts, cpuinfo, meminfo) work.
 * Must pass. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	static const char *const open_ok[] = {
		"/proc/self/maps", "/proc/self/mountinfo", "/proc/cpuinfo",
		"/proc/meminfo", "/proc/self/stat",
	};
	char c;

	for (size_t i = 0; i < sizeof(open_ok) / sizeof(*open_ok); i++) {
		int fd = open(open_ok[i], O_RDONLY);

		if (fd < 0 || read(fd, &c, 1) != 1) {
			printf("FAIL:%s\n", open_ok[i]);
			return 0;
		}
		close(fd);
	}
	puts("ok");
	return 0;
}
