/* read_files PATH... - tries to open each PATH for reading and to read a
 * byte (a directory: to list it).  Prints one line per path.
 * Attacks: secrets of the host (/etc/shadow, /root, a root-only 0600 file)
 * reachable from the box through its view or its credentials.
 * Exit 0 if NONE could be read, 1 if ANY could (so a twin pointed at a
 * readable file proves the probe works). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 1 if PATH yields data, 0 otherwise; WHY says what happened. */
static int readable(const char *path, const char **why)
{
	struct stat st;
	char c;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		*why = strerror(errno);
		return 0;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		DIR *d = fdopendir(fd);

		if (!d) {
			*why = strerror(errno);
			close(fd);
			return 0;
		}
		errno = 0;
		if (!readdir(d) && errno) {
			*why = strerror(errno);
			closedir(d);
			return 0;
		}
		closedir(d);
		*why = "directory listed";
		return 1;
	}
	if (read(fd, &c, 1) < 0) {
		*why = strerror(errno);
		close(fd);
		return 0;
	}
	close(fd);
	*why = "read";
	return 1;
}

int main(int argc, char **argv)
{
	int any = 0;

	for (int i = 1; i < argc; i++) {
		const char *why = "";
		int r = readable(argv[i], &why);

		printf("%s %s (%s)\n", r ? "READABLE" : "denied", argv[i], why);
		any |= r;
	}
	return any;
}
