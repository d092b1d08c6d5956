/* write_outside - tries to create, change or remove files outside /tmp.
 * Attack: plant files in the box's root, in the read-only binds (/usr,
 * /etc: on the host these are the real system directories), in /box
 * (the compiled program of every later test), /dev and /proc/sys.
 * Holds when: all of it is read-only -> ok.
 * Twin: accepted/write_inside.c. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	static const char *const files[] = {
		"/evil", "/usr/evil", "/usr/bin/evil", "/etc/evil", "/lib/evil",
		"/box/evil", "/dev/evil", "/proc/evil", "/etc/ld.so.preload",
	};
	static const char *const victims[] = {
		"/box/a.out", "/usr/bin/gcc", "/etc/ld.so.cache",
		"/proc/sys/kernel/hostname", "/proc/sys/kernel/core_pattern",
		"/proc/sys/vm/drop_caches", "/proc/sysrq-trigger",
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
		if (open(files[i], O_WRONLY | O_CREAT, 0644) >= 0 ||
		    mkdir(files[i], 0755) == 0) {
			printf("HOLE:created-%s\n", files[i]);
			return 0;
		}
	for (size_t i = 0; i < sizeof(victims) / sizeof(*victims); i++)
		if (open(victims[i], O_WRONLY) >= 0 || unlink(victims[i]) == 0 ||
		    chmod(victims[i], 0777) == 0 || rename(victims[i], "/tmp/x") == 0) {
			printf("HOLE:changed-%s\n", victims[i]);
			return 0;
		}
	puts("ok");
	return 0;
}
