/* fd_check - lists /proc/self/fd.
 * Attacks: descriptors the judge opened without O_CLOEXEC (its Redis
 * socket, a problem's answer file, a cgroup file) inherited by the box.
 * Exit 0 if only 0, 1 and 2 are open; otherwise prints each extra fd and
 * its target and exits 1.  Exit 2 if /proc/self/fd cannot be listed (no
 * /proc is a failure too: the probe must be able to look). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int extra = 0;

	if (!d) {
		perror("opendir /proc/self/fd");
		return 2;
	}
	while ((e = readdir(d))) {
		char link[64], target[512];
		int fd;
		ssize_t n;

		if (e->d_name[0] == '.')
			continue;
		fd = atoi(e->d_name);
		if (fd <= 2 || fd == dirfd(d))
			continue;
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		printf("extra fd %d -> %s\n", fd, target);
		extra++;
	}
	closedir(d);
	if (!extra)
		puts("only 0 1 2");
	return extra ? 1 : 0;
}
