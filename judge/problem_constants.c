/* problem_constants.c - problem.yaml `constants` (2025-09): each
 * {{name}} of a defined name in the package's programs (validators) and
 * example submissions is replaced by its value before they are built.
 * A tag whose name is not defined stays as it is, as the spec says.
 * The files are the judge's copies in a work dir, before any box ran. */
#include "problem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/fsutil.h"

#define CONSTANTS_FILE_MAX (16U << 20) /* a submission's file, at most */

/* The value of NAME (LEN bytes), or NULL. */
static const char *constant(char *const *c, const char *name, size_t len)
{
	for (size_t i = 0; c && c[i]; i += 2)
		if (strlen(c[i]) == len && strncmp(c[i], name, len) == 0)
			return c[i + 1];
	return NULL;
}

/* TEXT (LEN bytes) with its tags replaced, in *OUT (*OUT_LEN bytes), or
 * *OUT NULL when there was none.  -1 when out of memory. */
static int substitute(char *const *c, const char *text, size_t len, char **out,
		      size_t *out_len)
{
	FILE *f = open_memstream(out, out_len);
	bool changed = false;

	if (!f)
		return -1;
	for (size_t i = 0; i < len;) {
		const char *val = NULL, *end;

		if (i + 4 < len && text[i] == '{' && text[i + 1] == '{' &&
		    (end = memmem(text + i + 2, len - i - 2, "}}", 2)))
			val = constant(c, text + i + 2, (size_t)(end - text - i - 2));
		if (val) {
			fputs(val, f);
			i = (size_t)(end - text) + 2;
			changed = true;
		} else {
			fputc(text[i++], f);
		}
	}
	if (fclose(f) != 0)
		return -1;
	if (!changed) {
		free(*out);
		*out = NULL;
	}
	return 0;
}

int problem_substitute_constants(const struct problem *p, const char *dir,
				 char *const *files, struct arb_err *err)
{
	for (size_t i = 0; p->constants && p->constants[0] && files && files[i]; i++) {
		_cleanup_free_ char *path = NULL;
		_cleanup_free_ char *text = NULL;
		_cleanup_free_ char *out = NULL;
		_cleanup_close_ int fd = -1;
		size_t len = 0, out_len = 0;

		if (asprintf(&path, "%s/%s", dir, files[i]) < 0) {
			path = NULL;
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "constants");
		}
		fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return arb_fail(err, ARB_E_INTERNAL, errno, "constants: '%s'", path);
		if (fsutil_read_fd(fd, CONSTANTS_FILE_MAX, path, &text, &len, err) < 0)
			return -1;
		if (substitute(p->constants, text, len, &out, &out_len) < 0)
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "constants");
		if (!out)
			continue;
		if (ftruncate(fd, 0) < 0 || pwrite(fd, out, out_len, 0) != (ssize_t)out_len)
			return arb_fail(err, ARB_E_INTERNAL, errno, "constants: '%s'", path);
	}
	return 0;
}
