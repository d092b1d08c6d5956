/* host_files - opens host files and directories by path.
 * Attack: read the host's secrets (/etc/shadow, SSH keys, the judge's
 * checkout and its problems) through the box's view of the file system.
 * Holds when: none of them exists in the box (a fresh root with only the
 * policy's read-only paths), and the root holds nothing else -> ok.
 * Twin: accepted/box_files.c (the same probe finds the files the box has). */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const secrets[] = {
	"/etc/shadow", "/etc/passwd", "/etc/hostname", "/etc/hosts",
	"/etc/ssh", "/etc/redis", "/root", "/root/.ssh", "/home", "/var",
	"/var/lib", "/run", "/run/redis", "/var/run/docker.sock", "/srv",
	"/opt", "/mnt", "/media", "/boot", "/sys", "/work", "/tmp/..",
	"/lost+found", "/etc/ld.so.preload", "/usr/../etc/shadow",
	"/box/../etc/shadow",
};

/* What the default policy puts at the root (plus /etc for ld.so.cache,
 * alternatives, localtime and the JDK's conf). */
static const char *const allowed[] = {
	".", "..", "box", "tmp", "dev", "proc", "usr", "bin", "sbin",
	"lib", "lib64", "lib32", "libx32", "etc",
};

static int readable(const char *path)
{
	char c;
	int fd = open(path, O_RDONLY), ok;

	if (fd < 0)
		return 0;
	ok = read(fd, &c, 1) >= 0;
	close(fd);
	return ok;
}

int main(void)
{
	struct dirent *e;
	DIR *d;

	for (size_t i = 0; i < sizeof(secrets) / sizeof(*secrets); i++) {
		/* "/tmp/.." is the box's root, a directory: open it
		 * only as one. */
		if (!strcmp(secrets[i], "/tmp/.."))
			continue;
		if (readable(secrets[i]) || access(secrets[i], F_OK) == 0) {
			printf("HOLE:%s-exists\n", secrets[i]);
			return 0;
		}
	}
	d = opendir("/tmp/..");
	while (d && (e = readdir(d))) {
		size_t i = 0;

		while (i < sizeof(allowed) / sizeof(*allowed) &&
		       strcmp(allowed[i], e->d_name))
			i++;
		if (i == sizeof(allowed) / sizeof(*allowed)) {
			printf("HOLE:/%s-in-the-root\n", e->d_name);
			return 0;
		}
	}
	puts(d ? "ok" : "FAIL:root-not-listable");
	return 0;
}
