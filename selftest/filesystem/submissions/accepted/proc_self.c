/* proc_self - twin of proc_tricks: the same magic links on the program's
 * own process must work (its root, its cwd /box, its status and fds).
 * Must pass. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const char *const paths[] = {
		"/proc/self/root/usr/include/stdio.h", "/proc/self/status",
		"/proc/self/environ", "/proc/self/fd", "/proc/self/cwd",
		"/proc/self/root/../usr/include/stdio.h",
	};
	char cwd[64] = "";
	ssize_t n;

	for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++) {
		int fd = open(paths[i], O_RDONLY);

		if (fd < 0) {
			printf("FAIL:%s\n", paths[i]);
			return 0;
		}
		close(fd);
	}
	n = readlink("/proc/self/cwd", cwd, sizeof(cwd) - 1);
	cwd[n > 0 ? n : 0] = '\0';
	puts(!strcmp(cwd, "/box") ? "ok" : "FAIL:cwd-not-/box");
	return 0;
}
