/* problem_import.c - packed problem packages into a directory
 * (problem_import.h).
 *
 * The caps are the package's, not a submission's: test data may be large
 * and many files (a package with thousands of tests), but never unbounded,
 * so a hostile package cannot fill the worker's disk or inode table.  The
 * refusal rules are intake.c's, unchanged.
 */
#include "problem_import.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/cleanup.h"
#include "base/fsutil.h"
#include "intake.h"

/* Depth 32 and ratio 1000: test data (all zeros, one repeated line)
 * compresses far better than source code does. */
static const struct intake_limits import_limits = {
	.max_entries = 200000,
	.max_file_bytes = PROBLEM_IMPORT_MAX_BYTES,
	.max_total_bytes = PROBLEM_IMPORT_MAX_BYTES,
	.max_ratio = 1000,
	.max_depth = 32,
};

/* An intake refusal is the package's fault, not a submitter's. */
static int import_done(int rc, struct intake_result *res, struct arb_err *err)
{
	intake_result_free(res);
	if (rc < 0 && err->kind == ARB_E_SUBMISSION)
		err->kind = ARB_E_PACKAGE;
	return rc;
}

int problem_import_mem(const void *buf, size_t len, const char *dir,
		       struct arb_err *err)
{
	struct intake_result res = {0};

	return import_done(intake_archive_mem(buf, len, dir, &import_limits, &res, err),
			   &res, err);
}

/* ARCHIVE's file name without directory and extension, into OUT; a name
 * that would be hidden or empty becomes "problem". */
static void import_stem(const char *archive, char *out, size_t cap)
{
	static const char *const ext[] = {".tar.gz", ".tar.xz", ".tgz", ".txz",
					  ".zip", ".tar"};
	const char *base = strrchr(archive, '/');
	size_t len;

	base = base ? base + 1 : archive;
	snprintf(out, cap, "%s", base);
	len = strlen(out);
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		size_t el = strlen(ext[i]);

		if (len > el && !strcasecmp(out + len - el, ext[i])) {
			out[len - el] = '\0';
			break;
		}
	}
	if (!out[0] || out[0] == '.')
		snprintf(out, cap, "problem");
}

/* PKG's only entry when it is a folder other than data/ (an archive made
 * with `zip -r hello.zip hello/`); NULL otherwise. */
static char *import_single_folder(const char *pkg)
{
	_cleanup_closedir_ DIR *d = opendir(pkg);
	struct dirent *de;
	char *only = NULL;
	struct stat st;
	size_t n = 0;

	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (++n > 1)
			break;
		free(only);
		only = strdup(de->d_name);
	}
	if (n != 1 || !only || !strcmp(only, "data") ||
	    fstatat(dirfd(d), only, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !S_ISDIR(st.st_mode)) {
		free(only);
		return NULL;
	}
	return only;
}

int problem_import_file(const char *archive, char **tmpdir, char **pkg,
			struct arb_err *err)
{
	struct intake_result res = {0};
	const char *tmp = getenv("TMPDIR");
	_cleanup_free_ char *dir = NULL, *path = NULL, *only = NULL;
	char stem[NAME_MAX + 1];

	*tmpdir = *pkg = NULL;
	if (!intake_is_archive_name(archive))
		return arb_fail(err, ARB_E_PACKAGE, 0,
				"problem '%s': not a directory or an archive", archive);
	if (!tmp || !*tmp)
		tmp = "/tmp";
	import_stem(archive, stem, sizeof(stem));
	if (asprintf(&dir, "%s/arbiter-pkg-XXXXXX", tmp) < 0) {
		dir = NULL;
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "problem '%s'", archive);
	}
	/* mkdtemp makes it 0700: the package (secret tests included) is
	 * readable by nobody else on the host while it is judged. */
	if (!mkdtemp(dir))
		return arb_fail(err, ARB_E_INTERNAL, errno, "mkdtemp '%s'", dir);
	if (asprintf(&path, "%s/%s", dir, stem) < 0) {
		path = NULL;
		fsutil_rm_rf(dir);
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "problem '%s'", archive);
	}
	if (mkdir(path, 0755) < 0) {
		int e = errno;

		fsutil_rm_rf(dir);
		return arb_fail(err, ARB_E_INTERNAL, e, "mkdir '%s'", path);
	}
	if (import_done(intake_path(archive, path, &import_limits, &res, err), &res,
			err) < 0) {
		fsutil_rm_rf(dir);
		return arb_err_prefix(err, "problem '%s'", archive);
	}
	only = import_single_folder(path);
	if (only) {
		char *inner = NULL;

		if (asprintf(&inner, "%s/%s", path, only) < 0) {
			fsutil_rm_rf(dir);
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "problem '%s'", archive);
		}
		free(path);
		path = inner;
	}
	*tmpdir = steal_ptr(&dir);
	*pkg = steal_ptr(&path);
	return 0;
}

void problem_import_cleanup(char *tmpdir)
{
	fsutil_rm_rf(tmpdir);
	free(tmpdir);
}
