/* box_files - twin of host_files: the same probe on paths the box does
 * have (the policy's read-only binds) must find them.  Must pass. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static const char *const present[] = {
	"/etc/ld.so.cache", "/usr/include/stdio.h", "/usr/bin",
	"/lib", "/box", "/tmp", "/dev/null", "/proc/self/status",
};

static int readable(const char *path)
{
	char c;
	int fd = open(path, O_RDONLY), ok;

	if (fd < 0)
		return 0;
	ok = read(fd, &c, 1) >= 0 || access(path, X_OK) == 0;
	close(fd);
	return ok;
}

int main(void)
{
	for (size_t i = 0; i < sizeof(present) / sizeof(*present); i++)
		if (!readable(present[i])) {
			printf("FAIL:%s-not-readable\n", present[i]);
			return 0;
		}
	puts("ok");
	return 0;
}
