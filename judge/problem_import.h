/* problem_import.h - a packed problem package (zip, tar, tar.gz, tar.xz)
 * into a directory, with the package caps.
 *
 * One routine for every place a package arrives packed: the worker's
 * Redis packages (pkgcache.c, bytes) and `arbiter run` / `arbiter verify`
 * given an archive as PROBLEM (a file).  A package is data like any
 * submission, so it goes through intake.c with every refusal rule (links,
 * devices, "..", absolute names, bombs); only the caps are larger, for
 * big test data.  A refusal is ARB_E_PACKAGE (JE: the package is broken),
 * host faults stay ARB_E_INTERNAL.
 */
#ifndef ARBITER_PROBLEM_IMPORT_H
#define ARBITER_PROBLEM_IMPORT_H

#include <stddef.h>

#include "base/err.h"

/* Largest package, packed or unpacked, and largest file in one. */
#define PROBLEM_IMPORT_MAX_BYTES (1ULL << 30)

/* Unpack the archive BUF (LEN bytes) into DIR, an existing empty
 * directory.  On failure DIR may hold a partial tree: the caller removes
 * it. */
int problem_import_mem(const void *buf, size_t len, const char *dir,
		       struct arb_err *err);

/* Unpack the archive file ARCHIVE (named .zip .tar .tar.gz .tgz .tar.xz
 * or .txz, as intake_is_archive_name() says; any other name is
 * ARB_E_PACKAGE) into a fresh private directory under $TMPDIR (default
 * /tmp).  *TMPDIR gets that directory (malloc'd; the caller passes it to
 * problem_import_cleanup), *PKG the package folder inside it (malloc'd):
 * <tmp>/<name>, <name> being the archive's file name without extension,
 * or the archive's only top-level folder when it holds nothing else.
 * problem_load() takes its short name from it.  On failure nothing is
 * left behind and both are NULL. */
int problem_import_file(const char *archive, char **tmpdir, char **pkg,
			struct arb_err *err);

/* Remove TMPDIR (from problem_import_file) and free it.  NULL: no-op. */
void problem_import_cleanup(char *tmpdir);

#endif
