/* inode_some - twin of inode_fill: 2000 files in /tmp, listed back.
 * Must pass. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	char name[64];
	int made = 0, seen = 0;
	DIR *d;

	for (int i = 0; i < 2000; i++) {
		int fd;

		snprintf(name, sizeof(name), "/tmp/i%d", i);
		fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd >= 0)
			made++, close(fd);
	}
	if ((d = opendir("/tmp"))) {
		struct dirent *e;

		while ((e = readdir(d)))
			seen += e->d_name[0] == 'i';
		closedir(d);
	}
	puts(made == 2000 && seen == 2000 ? "ok" : "FAIL:2000-files-in-/tmp");
	return 0;
}
