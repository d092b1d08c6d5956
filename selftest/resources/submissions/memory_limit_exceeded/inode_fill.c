/* inode_fill - creates empty files in /tmp until it cannot (at most
 * 300000).
 * Attack: exhaust the host's inodes, or kernel memory (inodes and dentries
 * that no size limit counts).
 * Holds when: the inodes and dentries are charged to the box's memory
 * cgroup, whose OOM killer ends the run long before 300000 -> MLE.  (A
 * tmpfs with an nr_inodes bound would fail the creation instead: then this
 * prints ok, a WA here, and the expectation should move to accepted/.)
 * Twin: accepted/inode_some.c. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	char name[64];
	long n = 0;

	while (n < 300000) {
		int fd;

		snprintf(name, sizeof(name), "/tmp/i%ld", n);
		fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0)
			break;
		close(fd);
		n++;
	}
	if (n < 300000)
		puts("ok");
	else
		printf("HOLE:%ld-inodes-in-/tmp\n", n);
	return 0;
}
