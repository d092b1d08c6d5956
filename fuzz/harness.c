/* harness.c - scratch directory, input splitting and checks for fuzz/.
 *
 * The scratch directory is made once per process with mkdtemp() (a name
 * nobody can plant a link at) and every later operation is an *at() call
 * relative to its fd, never following a link at the last component: what
 * a harness unpacks there is hostile, and emptying it must not be turned
 * into a way to delete or write files elsewhere.  It is removed by an
 * atexit() handler, which runs when libFuzzer finishes normally; after a
 * crash it stays for the post-mortem (make fuzz points TMPDIR at a
 * directory it removes itself).
 */
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char scratch_path[PATH_MAX];
static int scratch_fd = -1;

void fz_die(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/*** Removal ***/

static int not_dots(const struct dirent *d)
{
	return strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0;
}

/* The entries of directory DIRFD, sorted (a fixed order keeps runs
 * deterministic).  Returns the count; *OUT is freed by free_names(). */
static int names_at(int dirfd, struct dirent ***out)
{
	int n = scandirat(dirfd, ".", out, not_dots, alphasort);

	if (n < 0)
		fz_die("scandir in scratch: %s", strerror(errno));
	return n;
}

static void free_names(struct dirent **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Open directory NAME under DIRFD without following a link.  A directory
 * without search permission (a hostile mode) is made searchable first. */
static int open_dir_at(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0 && errno == EACCES && fchmodat(dirfd, name, 0700, 0) == 0)
		fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		fz_die("open '%s' in scratch: %s", name, strerror(errno));
	return fd;
}

static void empty_at(int dirfd, const char *prefix, fz_visit_fn visit, void *arg)
{
	struct dirent **names = NULL;
	int n = names_at(dirfd, &names);

	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char path[PATH_MAX];
		struct stat st;

		if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			fz_die("stat '%s' in scratch: %s", name, strerror(errno));
		if ((size_t)snprintf(path, sizeof(path), "%s%s%s", prefix,
				     *prefix ? "/" : "", name) >= sizeof(path))
			fz_die("path too long in scratch: '%s/%s'", prefix, name);
		if (visit)
			visit(path, &st, arg);
		if (S_ISDIR(st.st_mode)) {
			int fd = open_dir_at(dirfd, name);

			empty_at(fd, path, visit, arg);
			close(fd);
		}
		if (unlinkat(dirfd, name, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0) < 0)
			fz_die("remove '%s' in scratch: %s", path, strerror(errno));
	}
	free_names(names, n);
}

static void scratch_remove(void)
{
	if (scratch_fd < 0)
		return;
	empty_at(scratch_fd, "", NULL, NULL);
	close(scratch_fd);
	scratch_fd = -1;
	if (rmdir(scratch_path) < 0)
		fprintf(stderr, "fuzz: rmdir '%s': %s\n", scratch_path, strerror(errno));
}

/*** Scratch directory ***/

const char *fz_scratch(const char *tag)
{
	const char *tmp = getenv("TMPDIR");

	if (scratch_fd >= 0)
		return scratch_path;
	if (!tmp || !*tmp)
		tmp = "/tmp";
	if ((size_t)snprintf(scratch_path, sizeof(scratch_path),
			     "%s/arbiter-fuzz-%s.XXXXXX", tmp, tag) >= sizeof(scratch_path))
		fz_die("TMPDIR too long");
	if (!mkdtemp(scratch_path))
		fz_die("mkdtemp '%s': %s", scratch_path, strerror(errno));
	scratch_fd = open(scratch_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (scratch_fd < 0)
		fz_die("open '%s': %s", scratch_path, strerror(errno));
	atexit(scratch_remove);
	return scratch_path;
}

static int scratch_dirfd(void)
{
	if (scratch_fd < 0)
		fz_die("scratch directory used before fz_scratch()");
	return scratch_fd;
}

void fz_mkdir(const char *rel)
{
	if (mkdirat(scratch_dirfd(), rel, 0755) < 0 && errno != EEXIST)
		fz_die("mkdir '%s' in scratch: %s", rel, strerror(errno));
}

void fz_write(const char *rel, const void *buf, size_t len)
{
	int fd = openat(scratch_dirfd(), rel,
			O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	const char *p = buf;

	if (fd < 0)
		fz_die("create '%s' in scratch: %s", rel, strerror(errno));
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			fz_die("write '%s' in scratch: %s", rel,
			       w < 0 ? strerror(errno) : "short write");
		p += w;
		len -= (size_t)w;
	}
	if (close(fd) < 0)
		fz_die("close '%s' in scratch: %s", rel, strerror(errno));
}

void fz_unlink(const char *rel)
{
	if (unlinkat(scratch_dirfd(), rel, 0) < 0 && errno != ENOENT)
		fz_die("unlink '%s' in scratch: %s", rel, strerror(errno));
}

void fz_empty(const char *rel, fz_visit_fn visit, void *arg)
{
	int fd = open_dir_at(scratch_dirfd(), rel);

	empty_at(fd, "", visit, arg);
	close(fd);
}

void fz_list(const char *rel, char *buf, size_t size)
{
	int fd = open_dir_at(scratch_dirfd(), rel);
	struct dirent **names = NULL;
	int n = names_at(fd, &names);
	size_t o = 0;

	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		int w = snprintf(buf + o, size - o, "%s%s", i ? " " : "", names[i]->d_name);

		if (w < 0 || (size_t)w >= size - o)
			break; /* cut: the caller compares, a long list differs anyway */
		o += (size_t)w;
	}
	free_names(names, n);
	close(fd);
}

/*** Inputs ***/

void fz_split(const uint8_t *data, size_t size, struct fz_part *parts, size_t n)
{
	const char *p = (const char *)data, *end = p + size;

	for (size_t i = 0; i < n; i++) {
		const char *nul = i + 1 < n && p ? memchr(p, '\0', (size_t)(end - p)) : NULL;

		parts[i].data = p;
		parts[i].len = p ? (size_t)((nul ? nul : end) - p) : 0;
		p = nul ? nul + 1 : NULL;
	}
}

char *fz_strdup_part(const struct fz_part *part)
{
	char *s = malloc(part->len + 1);

	if (!s)
		fz_die("out of memory");
	if (part->len)
		memcpy(s, part->data, part->len);
	s[part->len] = '\0';
	return s;
}

bool fz_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		size_t n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2
			 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
		uint32_t cp;

		if (n == 0 || len - i < n)
			return false;
		cp = n == 1 ? c : c & (0x7f >> n);
		for (size_t k = 1; k < n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
			return false;
		i += n;
	}
	return true;
}
