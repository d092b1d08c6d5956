/* intake.c - a submission (file, folder or bytes) into a box dir.
 *
 * The first stage of judge_submission(): whatever the submitter sent is
 * turned into plain files and directories under DEST, the box's source dir,
 * before anything runs.  Submissions are hostile (a student gaming a grade,
 * a prompt-injected model), and the classic attacks on a judge's intake are
 * path tricks: "../" and absolute names, links planted by one entry and
 * written through by the next, device nodes, and bombs (many entries, huge
 * files, tiny archives that expand a thousandfold).  Every source goes
 * through one sink (intake_sink.c: name rules, creation relative to an fd
 * of DEST, caps on the bytes actually written); this file holds the public
 * entry points and the folder and single-file sources, intake_archive.c
 * the archive source.
 *
 * Invariants: no path below DEST is ever opened as a whole string - each
 * component is opened with openat(O_NOFOLLOW) from its parent's fd, so a
 * symlink (planted by anyone) cannot redirect a write; files are created
 * O_EXCL, so nothing existing is overwritten; no setuid, setgid or sticky
 * bit is ever set (files 0644 or 0755, directories 0755).
 */
#include "intake.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "intake_internal.h"

/*** Folder and single-file sources ***/

/* Copy SRC (an open regular file) to PATH under DEST. */
static int intake_copy_fd(struct intake_ctx *c, int src, const char *path,
			  int exec, uint64_t size, struct arb_err *err)
{
	_cleanup_close_ int out = -1;
	uint64_t done = 0;

	if (intake_check_size(c, path, size, err) < 0)
		return -1;
	out = intake_create_file(c, path, exec, err);
	if (out < 0)
		return -1;
	for (;;) {
		ssize_t n = read(src, c->buf, INTAKE_CHUNK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return arb_fail(err, ARB_E_INTERNAL, errno, "read '%s'",
					path);
		if (n == 0)
			break;
		if (intake_write(c, out, path, &done, c->buf, (size_t)n, err) < 0)
			return -1;
	}
	return intake_file_done(c, steal_fd(&out), path, err);
}

/* Copy the directory open as SFD (owned) to REL under DEST.  The same rules
 * as for an archive: a folder is as hostile as an archive of it. */
static int intake_copy_tree(struct intake_ctx *c, int sfd, const char *rel,
			    struct arb_err *err)
{
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *de;

	d = fdopendir(sfd);
	if (!d) {
		int e = errno;

		close(sfd);
		return arb_fail(err, ARB_E_INTERNAL, e, "opendir '%s'", rel);
	}
	while ((errno = 0, de = readdir(d))) {
		char raw[INTAKE_PATH_MAX + INTAKE_NAME_MAX + 3];
		char path[INTAKE_PATH_MAX + 1];
		const char *why;
		struct stat st;
		int fd;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(raw, sizeof(raw), "%s%s%s", rel, *rel ? "/" : "",
			 de->d_name);
		if (intake_norm_name(c, raw, 0, path, err) != 0)
			return -1;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return arb_fail(err, ARB_E_INTERNAL, errno, "stat '%s'",
					path);
		why = intake_type_why(st.st_mode);
		if (why)
			return intake_refuse(err, c, path, "%s", why);
		/* A hard link in a folder prepared on this host may name a
		 * file its author cannot read but the judge can (with
		 * fs.protected_hardlinks off): its content would be copied
		 * into the box.  Same rule as in archives. */
		if (S_ISREG(st.st_mode) && st.st_nlink > 1)
			return intake_refuse(err, c, path,
					     "hard links are not allowed");
		/* Opened O_NOFOLLOW (and O_NONBLOCK, re-checked with fstat)
		 * so an entry swapped for a link or a FIFO after the fstatat
		 * is refused rather than followed or blocked on. */
		fd = openat(dirfd(d), de->d_name,
			    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
				    O_NOCTTY | (S_ISDIR(st.st_mode) ? O_DIRECTORY : 0));
		if (fd < 0 && errno != ELOOP && errno != ENOTDIR &&
		    errno != ENXIO)
			return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'",
					path);
		if (fd < 0 || fstat(fd, &st) < 0 ||
		    (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))) {
			if (fd >= 0)
				close(fd);
			return intake_refuse(err, c, path,
					     "changed while being copied");
		}
		if (S_ISDIR(st.st_mode)) {
			if (intake_make_dir(c, path, err) < 0) {
				close(fd);
				return -1;
			}
			if (intake_copy_tree(c, fd, path, err) < 0)
				return -1;
		} else {
			int r = intake_copy_fd(c, fd, path, (st.st_mode & 0111) != 0,
					       (uint64_t)st.st_size, err);

			close(fd);
			if (r < 0)
				return -1;
		}
	}
	if (errno)
		return arb_fail(err, ARB_E_INTERNAL, errno, "readdir '%s'", rel);
	return 0;
}

bool intake_is_archive_name(const char *path)
{
	static const char *const ext[] = {".zip", ".tar", ".tar.gz",
					  ".tgz", ".tar.xz", ".txz"};
	size_t len = strlen(path);

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		size_t el = strlen(ext[i]);

		if (len > el && !strcasecmp(path + len - el, ext[i]))
			return true;
	}
	return false;
}

/*** Public API ***/

int intake_path(const char *src, const char *dest,
		const struct intake_limits *lim, struct intake_result *res,
		struct arb_err *err)
{
	_cleanup_close_ int fd = -1;
	char path[INTAKE_PATH_MAX + 1];
	struct intake_ctx c;
	struct stat st;
	const char *base;
	size_t before = res->n_files;
	int r;

	/* SRC itself may be a symlink: it is the operator's argument or the
	 * worker's spool file.  Only what is inside it is the submitter's. */
	fd = open(src, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st) < 0)
		return arb_fail(err, ARB_E_REQUEST, errno, "submission '%s'", src);
	if (S_ISDIR(st.st_mode)) {
		r = intake_ctx_init(&c, dest, lim, res, "file", err);
		if (r == 0)
			r = intake_copy_tree(&c, steal_fd(&fd), "", err);
		/* Nothing to compile is the submitter's mistake, said plainly
		 * rather than as a compiler's "no input files". */
		if (r == 0 && res->n_files == before)
			r = arb_fail(err, ARB_E_SUBMISSION, 0,
				     "submission folder has no files");
	} else if (!S_ISREG(st.st_mode)) {
		return arb_fail(err, ARB_E_REQUEST, 0,
				"submission '%s': not a regular file or directory",
				src);
	} else if (intake_is_archive_name(src)) {
		r = intake_ctx_init(&c, dest, lim, res, "archive entry", err);
		if (r == 0)
			r = intake_unpack_fd(&c, fd, (uint64_t)st.st_size, err);
	} else {
		base = strrchr(src, '/');
		base = base ? base + 1 : src;
		r = intake_ctx_init(&c, dest, lim, res, "file", err);
		if (r == 0)
			r = intake_norm_name(&c, base, 0, path, err);
		if (r == 0)
			r = intake_copy_fd(&c, fd, path, (st.st_mode & 0111) != 0,
					   (uint64_t)st.st_size, err);
	}
	intake_ctx_fini(&c);
	return r;
}

int intake_file_mem(const char *name, const void *buf, size_t len,
		    const char *dest, const struct intake_limits *lim,
		    struct intake_result *res, struct arb_err *err)
{
	char path[INTAKE_PATH_MAX + 1];
	struct intake_ctx c;
	uint64_t done = 0;
	int r, fd = -1;

	r = intake_ctx_init(&c, dest, lim, res, "file", err);
	if (r == 0)
		r = intake_norm_name(&c, name, 0, path, err);
	if (r == 0)
		r = intake_check_size(&c, path, len, err);
	if (r == 0)
		r = fd = intake_create_file(&c, path, 0, err);
	if (r >= 0)
		r = intake_write(&c, fd, path, &done, buf, len, err);
	if (r == 0)
		r = intake_file_done(&c, steal_fd(&fd), path, err);
	if (fd >= 0)
		close(fd);
	intake_ctx_fini(&c);
	return r;
}

void intake_result_free(struct intake_result *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->n_files; i++)
		free(res->files[i]);
	free(res->files);
	res->files = NULL;
	res->n_files = 0;
	res->total_bytes = 0;
}
