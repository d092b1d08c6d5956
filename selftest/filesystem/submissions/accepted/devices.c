/* devices - device nodes: makes them, and opens the host's.
 * Attack: mknod a disk or /dev/mem and read it raw; open a terminal, the
 * console, the kernel log, tun, fuse, kvm, vsock or a loop device.
 * Holds when: mknod is refused (no CAP_MKNOD; nodev mounts) and /dev has
 * only null, zero, full, random and urandom -> ok.
 * Twin: accepted/devices_ok.c. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

int main(void)
{
	static const char *const nodes[] = {
		"/dev/mem", "/dev/kmem", "/dev/port", "/dev/sda", "/dev/vda",
		"/dev/nvme0n1", "/dev/kmsg", "/dev/tty", "/dev/console",
		"/dev/ptmx", "/dev/net/tun", "/dev/fuse", "/dev/kvm", "/dev/vsock",
		"/dev/loop0", "/dev/loop-control", "/dev/tty0", "/dev/vcs",
	};

	if (mknod("/tmp/disk", S_IFBLK | 0600, makedev(8, 0)) == 0 ||
	    mknod("/tmp/mem", S_IFCHR | 0600, makedev(1, 1)) == 0 ||
	    mknod("/dev/shm/mem", S_IFCHR | 0600, makedev(1, 1)) == 0) {
		puts("HOLE:mknod");
		return 0;
	}
	for (size_t i = 0; i < sizeof(nodes) / sizeof(*nodes); i++)
		if (open(nodes[i], O_RDONLY) >= 0 || access(nodes[i], F_OK) == 0) {
			printf("HOLE:%s\n", nodes[i]);
			return 0;
		}
	puts("ok");
	return 0;
}
