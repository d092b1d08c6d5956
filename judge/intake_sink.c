/* intake_sink.c - where every intake source writes: names, creation, caps.
 *
 * See intake_internal.h for the three steps every entry takes.  This is
 * the part that keeps a hostile submission inside DEST: a name is refused
 * unless it is a plain relative path, each directory is opened with
 * openat(O_NOFOLLOW|O_DIRECTORY) from its parent's fd (never a whole path,
 * so a planted symlink redirects nothing), each file is created O_EXCL with
 * a mode set explicitly, and the entry, size and ratio caps are checked
 * before each write on the bytes really produced.
 */
#include "intake_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"

#define INTAKE_DEF_ENTRIES 1000
#define INTAKE_DEF_FILE_BYTES (16ULL << 20)
#define INTAKE_DEF_TOTAL_BYTES (64ULL << 20)
#define INTAKE_DEF_RATIO 100
#define INTAKE_DEF_DEPTH 16

/* What is left of CAP after USED (never wraps: an earlier call may have
 * run under a larger cap). */
static uint64_t intake_room(uint64_t cap, uint64_t used)
{
	return cap > used ? cap - used : 0;
}

/*** Messages ***/

/* Length of the well-formed UTF-8 sequence at S (2 to 4), 0 if none. */
static size_t intake_utf8_len(const unsigned char *s)
{
	size_t n = s[0] >= 0xc2 && s[0] <= 0xdf ? 2
		 : s[0] >= 0xe0 && s[0] <= 0xef ? 3
		 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;

	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* A name as it may appear in a message, which ends up in a result that
 * must be valid UTF-8 and is shown to people: control characters (a
 * terminal escape, a forged line) and bytes that are not UTF-8 become '?',
 * and a long name is cut, on a character boundary, with "...". */
static const char *intake_show(const char *raw, char *buf, size_t size)
{
	const unsigned char *r = (const unsigned char *)raw;
	size_t i = 0, o = 0, max = size - 4;

	while (r[i] && o < max) {
		size_t n = r[i] < 0x80 ? 1 : intake_utf8_len(r + i);

		if (n > 1) {
			if (o + n > max)
				break;
			memcpy(buf + o, r + i, n);
			o += n;
			i += n;
			continue;
		}
		buf[o++] = r[i] < 0x20 || r[i] >= 0x7f ? '?' : (char)r[i];
		i++;
	}
	if (r[i])
		memcpy(buf + o, "...", 4);
	else
		buf[o] = '\0';
	return buf;
}

int intake_refuse(struct arb_err *err, const struct intake_ctx *c,
		  const char *raw, const char *fmt, ...)
{
	char shown[160], why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return arb_fail(err, ARB_E_SUBMISSION, 0, "%s '%s': %s", c->what,
			intake_show(raw, shown, sizeof(shown)), why);
}

const char *intake_type_why(unsigned int type)
{
	switch (type & S_IFMT) {
	case S_IFREG:
	case S_IFDIR:
		return NULL;
	case S_IFLNK:
		return "symbolic links are not allowed";
	case S_IFCHR:
	case S_IFBLK:
		return "device nodes are not allowed";
	case S_IFIFO:
		return "named pipes are not allowed";
	case S_IFSOCK:
		return "sockets are not allowed";
	}
	return "not a regular file or directory";
}

static int intake_too_many(const struct intake_ctx *c, struct arb_err *err)
{
	return arb_fail(err, ARB_E_SUBMISSION, 0,
			"submission has more than %" PRIu64
			" files and directories", c->lim.max_entries);
}

/*** Name rules ***/

int intake_norm_name(const struct intake_ctx *c, const char *raw, int is_dir,
		     char *out, struct arb_err *err)
{
	size_t len = strlen(raw), o = 0;
	const char *p = raw;
	int depth = 0;

	if (len == 0)
		return intake_refuse(err, c, raw, "empty name");
	if (len > INTAKE_PATH_MAX)
		return intake_refuse(err, c, raw, "path longer than %d bytes",
				     INTAKE_PATH_MAX);
	/* A newline or an escape in a name forges lines in compiler output,
	 * logs and results; no honest source file needs one. */
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)raw[i] < 0x20 || raw[i] == 0x7f)
			return intake_refuse(err, c, raw,
					     "control character in name");
	if (raw[0] == '/')
		return intake_refuse(err, c, raw,
				     "absolute paths are not allowed");
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		/* "a//b" is harmless to the kernel but is how a name slips
		 * past a naive prefix or duplicate check: refused. */
		if (n == 0)
			return intake_refuse(err, c, raw, "empty path component");
		if (n > INTAKE_NAME_MAX)
			return intake_refuse(err, c, raw,
					     "name component longer than %d bytes",
					     INTAKE_NAME_MAX);
		/* Any "..", even "a/../b", which stays inside: checking
		 * where it lands is where extractors have gone wrong. */
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return intake_refuse(err, c, raw,
					     "path leaves the submission folder");
		if (!(n == 1 && p[0] == '.')) {
			if (++depth > c->lim.max_depth)
				return intake_refuse(err, c, raw,
						     "nested more than %d levels deep",
						     c->lim.max_depth);
			if (o)
				out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		if (!slash)
			break;
		p = slash + 1;
		if (!*p && !is_dir)
			return intake_refuse(err, c, raw,
					     "name ends with '/' but the entry is not a directory");
	}
	out[o] = '\0';
	if (o == 0) {
		if (is_dir)
			return 1; /* "./": DEST itself */
		return intake_refuse(err, c, raw, "not a file name");
	}
	return 0;
}

/*** Name set ***/

static uint64_t intake_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* 1: added, 0: already present, -1: out of memory. */
static int intake_set_add(struct intake_set *s, const char *key)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 64;
		char **nslot = calloc(ncap, sizeof(*nslot));

		if (!nslot)
			return -1;
		for (size_t j = 0; j < s->cap; j++) {
			if (!s->slot[j])
				continue;
			i = intake_hash(s->slot[j]) & (ncap - 1);
			while (nslot[i])
				i = (i + 1) & (ncap - 1);
			nslot[i] = s->slot[j];
		}
		free(s->slot);
		s->slot = nslot;
		s->cap = ncap;
	}
	i = intake_hash(key) & (s->cap - 1);
	while (s->slot[i]) {
		if (!strcmp(s->slot[i], key))
			return 0;
		i = (i + 1) & (s->cap - 1);
	}
	s->slot[i] = strdup(key);
	if (!s->slot[i])
		return -1;
	s->n++;
	return 1;
}

static void intake_set_free(struct intake_set *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
	s->slot = NULL;
	s->cap = s->n = 0;
}

int intake_mark_seen(struct intake_ctx *c, const char *path,
		     struct arb_err *err)
{
	int r = intake_set_add(&c->seen, path);

	if (r < 0)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "intake");
	/* A second entry of the same name would replace the first after it
	 * was checked, or merge a file into a directory: refused. */
	if (r == 0)
		return intake_refuse(err, c, path, "duplicate entry");
	return 0;
}

/*** Context ***/

int intake_ctx_init(struct intake_ctx *c, const char *dest,
		    const struct intake_limits *lim, struct intake_result *res,
		    const char *what, struct arb_err *err)
{
	struct intake_set dirs = {0};

	memset(c, 0, sizeof(*c));
	c->dest_fd = -1;
	c->res = res;
	c->what = what;
	if (lim)
		c->lim = *lim;
	if (!c->lim.max_entries)
		c->lim.max_entries = INTAKE_DEF_ENTRIES;
	if (!c->lim.max_file_bytes)
		c->lim.max_file_bytes = INTAKE_DEF_FILE_BYTES;
	if (!c->lim.max_total_bytes)
		c->lim.max_total_bytes = INTAKE_DEF_TOTAL_BYTES;
	if (!c->lim.max_ratio)
		c->lim.max_ratio = INTAKE_DEF_RATIO;
	if (c->lim.max_depth <= 0)
		c->lim.max_depth = INTAKE_DEF_DEPTH;
	c->files_cap = res->files ? res->n_files + 1 : 0;
	c->buf = malloc(INTAKE_CHUNK);
	if (!c->buf)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "intake");
	c->dest_fd = open(dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c->dest_fd < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'", dest);

	/* Earlier calls count toward the entry cap: their files plus every
	 * distinct directory above them. */
	c->n_entries = res->n_files;
	for (size_t i = 0; i < res->n_files; i++) {
		char dir[INTAKE_PATH_MAX + 1];
		const char *f = res->files[i];

		for (const char *s = strchr(f, '/'); s; s = strchr(s + 1, '/')) {
			size_t n = (size_t)(s - f);
			int r;

			if (n > INTAKE_PATH_MAX)
				break;
			memcpy(dir, f, n);
			dir[n] = '\0';
			r = intake_set_add(&dirs, dir);
			if (r < 0) {
				intake_set_free(&dirs);
				return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "intake");
			}
			c->n_entries += (uint64_t)r;
		}
	}
	intake_set_free(&dirs);
	return 0;
}

static int intake_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void intake_ctx_fini(struct intake_ctx *c)
{
	if (c->dest_fd >= 0)
		close(c->dest_fd);
	c->dest_fd = -1;
	intake_set_free(&c->seen);
	free(c->buf);
	c->buf = NULL;
	if (c->res && c->res->n_files > 1)
		qsort(c->res->files, c->res->n_files, sizeof(char *),
		      intake_cmp);
}

/*** Creating entries ***/

/* Open directory COMP in DIRFD, creating it if absent.  UPTO is the path so
 * far, for messages.  O_NOFOLLOW|O_DIRECTORY: a symlink planted at COMP
 * (by an earlier entry, a previous call or anyone else) is refused, never
 * followed, so "link -> /tmp" then "link/pwned" cannot write to /tmp. */
static int intake_open_dir(struct intake_ctx *c, int dirfd, const char *comp,
			   const char *path, const char *upto,
			   struct arb_err *err)
{
	const int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	int created = 0, fd;
	struct stat st;

	fd = openat(dirfd, comp, flags);
	if (fd < 0 && errno == ENOENT) {
		if (c->n_entries >= c->lim.max_entries)
			return intake_too_many(c, err);
		if (mkdirat(dirfd, comp, 0755) == 0) {
			created = 1;
			c->n_entries++;
		} else if (errno != EEXIST) {
			return arb_fail(err, ARB_E_INTERNAL, errno, "mkdir '%s'",
					upto);
		}
		fd = openat(dirfd, comp, flags);
	}
	if (fd < 0 && (errno == ELOOP || errno == ENOTDIR)) {
		if (fstatat(dirfd, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISLNK(st.st_mode))
			return intake_refuse(err, c, path,
					     "'%s' is a symbolic link", upto);
		return intake_refuse(err, c, path, "'%s' is not a directory",
				     upto);
	}
	if (fd < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'", upto);
	/* mkdirat's mode went through the umask; make it exactly 0755. */
	if (created && fchmod(fd, 0755) < 0) {
		int e = errno;

		close(fd);
		return arb_fail(err, ARB_E_INTERNAL, e, "chmod '%s'", upto);
	}
	return fd;
}

/* Walk PATH (normalised) from DEST one component at a time, creating
 * directories.  WHOLE: the last component is a directory too and its fd is
 * returned; otherwise the fd of its parent, with *LEAF set to its name. */
static int intake_walk(struct intake_ctx *c, const char *path, int whole,
		       const char **leaf, struct arb_err *err)
{
	_cleanup_close_ int dfd = -1;
	const char *p = path;

	dfd = fcntl(c->dest_fd, F_DUPFD_CLOEXEC, 0);
	if (dfd < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "dup");
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		char comp[INTAKE_NAME_MAX + 1], upto[INTAKE_PATH_MAX + 1];
		int next;

		if (!slash && !whole) {
			*leaf = p;
			return steal_fd(&dfd);
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		memcpy(upto, path, (size_t)(p - path) + n);
		upto[(size_t)(p - path) + n] = '\0';
		next = intake_open_dir(c, dfd, comp, path, upto, err);
		if (next < 0)
			return -1;
		close(dfd);
		dfd = next;
		if (!slash)
			return steal_fd(&dfd);
		p = slash + 1;
	}
}

int intake_make_dir(struct intake_ctx *c, const char *path,
		    struct arb_err *err)
{
	int fd = intake_walk(c, path, 1, NULL, err);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

int intake_check_size(const struct intake_ctx *c, const char *path,
		      uint64_t size, struct arb_err *err)
{
	if (size > c->lim.max_file_bytes)
		return intake_refuse(err, c, path, "larger than %" PRIu64 " bytes",
				     c->lim.max_file_bytes);
	if (size > intake_room(c->lim.max_total_bytes, c->res->total_bytes))
		return arb_fail(err, ARB_E_SUBMISSION, 0,
				"submission larger than %" PRIu64 " bytes in total",
				c->lim.max_total_bytes);
	return 0;
}

int intake_create_file(struct intake_ctx *c, const char *path, int exec,
		       struct arb_err *err)
{
	_cleanup_close_ int dfd = -1, fd = -1;
	const char *leaf = NULL;

	dfd = intake_walk(c, path, 0, &leaf, err);
	if (dfd < 0)
		return -1;
	if (c->n_entries >= c->lim.max_entries)
		return intake_too_many(c, err);
	/* O_EXCL: never open what is already there - a file to overwrite, or
	 * a symlink (O_EXCL|O_CREAT fails on one without following it). */
	fd = openat(dfd, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
				       O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0 && errno == EEXIST)
		return intake_refuse(err, c, path, "already exists");
	if (fd < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "create '%s'", path);
	c->n_entries++;
	/* Set explicitly, past the umask: no setuid/setgid/sticky bit can
	 * come from the submission, only whether it is executable. */
	if (fchmod(fd, exec ? 0755 : 0644) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "chmod '%s'", path);
	return steal_fd(&fd);
}

/*** Writing under the caps ***/

uint64_t intake_ratio_limit(const struct intake_ctx *c)
{
	uint64_t lim;

	if (!c->packed_bytes)
		return UINT64_MAX;
	if (c->packed_bytes > UINT64_MAX / c->lim.max_ratio)
		return UINT64_MAX;
	lim = c->packed_bytes * c->lim.max_ratio;
	return lim < INTAKE_RATIO_FLOOR ? INTAKE_RATIO_FLOOR : lim;
}

static int intake_ratio_fail(const struct intake_ctx *c, struct arb_err *err)
{
	return arb_fail(err, ARB_E_SUBMISSION, 0,
			"archive expands more than %" PRIu64 " times its size",
			c->lim.max_ratio);
}

int intake_count_expansion(struct intake_ctx *c, uint64_t n,
			   struct arb_err *err)
{
	if (n > intake_room(intake_ratio_limit(c), c->unpacked_bytes))
		return intake_ratio_fail(c, err);
	c->unpacked_bytes += n;
	return 0;
}

int intake_write(struct intake_ctx *c, int fd, const char *path,
		 uint64_t *file_bytes, const void *buf, size_t n,
		 struct arb_err *err)
{
	const char *p = buf;

	/* Checked before each write, on what was really produced: headers
	 * can lie and a sparse or compressed member is larger than it says. */
	if (n > intake_room(c->lim.max_file_bytes, *file_bytes))
		return intake_refuse(err, c, path, "larger than %" PRIu64 " bytes",
				     c->lim.max_file_bytes);
	if (n > intake_room(c->lim.max_total_bytes, c->res->total_bytes))
		return arb_fail(err, ARB_E_SUBMISSION, 0,
				"submission larger than %" PRIu64 " bytes in total",
				c->lim.max_total_bytes);
	if (n > intake_room(intake_ratio_limit(c), c->unpacked_bytes))
		return intake_ratio_fail(c, err);
	*file_bytes += n;
	c->res->total_bytes += n;
	c->unpacked_bytes += n;
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return arb_fail(err, ARB_E_INTERNAL, errno, "write '%s'",
					path);
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int intake_file_done(struct intake_ctx *c, int fd, const char *path,
		     struct arb_err *err)
{
	struct intake_result *r = c->res;

	if (close(fd) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "write '%s'", path);
	if (r->n_files + 2 > c->files_cap) {
		size_t ncap = c->files_cap < 16 ? 16 : c->files_cap * 2;
		char **nf = realloc(r->files, ncap * sizeof(*nf));

		if (!nf)
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "intake");
		r->files = nf;
		c->files_cap = ncap;
	}
	r->files[r->n_files] = strdup(path);
	if (!r->files[r->n_files])
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "intake");
	r->files[++r->n_files] = NULL;
	return 0;
}
