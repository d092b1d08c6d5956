/* cgroup_view - the cgroup tree from inside.
 * Attack: release_agent and notify_on_release (run a program as root on
 * the host when a cgroup empties), or the box's own memory.limit_in_bytes
 * and cgroup.procs (raise the limits, move out of the box's cgroup).
 * Holds when: no cgroup file system is in the box, /proc/self/cgroup
 * shows only "/" (a cgroup namespace rooted at the box) and init's is
 * hidden -> ok.
 * Twin: accepted/ns_links.c; the mount route: run_time_error/mount.c. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int main(void)
{
	static const char *const files[] = {
		"/sys/fs/cgroup/memory/release_agent", "/sys/fs/cgroup/release_agent",
		"/sys/fs/cgroup/memory/memory.limit_in_bytes",
		"/sys/fs/cgroup/cgroup.procs", "/sys/fs/cgroup/memory.max",
		"/proc/1/cgroup",
	};
	char line[512];
	FILE *f;
	int lines = 0;

	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
		if (open(files[i], O_RDONLY) >= 0) {
			printf("HOLE:%s\n", files[i]);
			return 0;
		}
	if (mkdir("/sys/fs/cgroup/escape", 0755) == 0) {
		puts("HOLE:cgroup-mkdir");
		return 0;
	}
	if (!(f = fopen("/proc/self/cgroup", "r"))) {
		puts("FAIL:/proc/self/cgroup");
		return 0;
	}
	while (fgets(line, sizeof(line), f)) {
		char *path = strrchr(line, ':');

		lines++;
		if (!path || strcmp(path, ":/\n")) {
			printf("HOLE:cgroup-path-visible:%.60s\n", line);
			return 0;
		}
	}
	puts(lines ? "ok" : "FAIL:no-cgroups");
	return 0;
}
