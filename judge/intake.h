/* intake.h - a submission (file, folder, archive or bytes) into a box dir.
 *
 * Everything lands as regular files and directories under DEST, an
 * existing empty directory owned by the caller.  Archives (zip, tar,
 * tar.gz, tgz, tar.xz, detected by content with libarchive) are unpacked
 * with every refusal rule applied: absolute paths, "..", links of any kind
 * (symbolic or hard), device nodes, FIFOs and sockets are refused; setuid,
 * setgid and sticky bits are dropped (mode & 0755, at least 0644 for
 * files); entry count, per-file size, total size, depth, name length and
 * compression ratio are capped.  A refusal is ARB_E_SUBMISSION (the
 * submitter's fault: CE) with a message naming the entry; host faults are
 * ARB_E_INTERNAL.  Nothing is ever written outside DEST: files are created
 * with openat() relative to DEST with O_NOFOLLOW|O_EXCL at each component.
 * On failure DEST may hold a partial tree; the caller discards it.
 */
#ifndef ARBITER_INTAKE_H
#define ARBITER_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct intake_limits {
	uint64_t max_entries;     /* files + directories (0: 1000) */
	uint64_t max_file_bytes;  /* (0: 16 MiB) */
	uint64_t max_total_bytes; /* (0: 64 MiB) */
	uint64_t max_ratio;       /* unpacked / packed size (0: 100) */
	int max_depth;            /* (0: 16) */
};

/* Zero-initialise before use; intake_result_free() releases it. */
struct intake_result {
	char **files;   /* relative paths of the regular files, sorted, NULL-terminated */
	size_t n_files;
	uint64_t total_bytes;
};

/* SRC is a regular file (copied as is, under its own name, unless it is an
 * archive - by extension .zip .tar .tar.gz .tgz .tar.xz .txz), or a
 * directory (copied recursively, same refusal rules: symlinks refused). */
int intake_path(const char *src, const char *dest,
		const struct intake_limits *lim, struct intake_result *res,
		struct arb_err *err);

/* Bytes of an archive (the worker's `archive` field, base64-decoded). */
int intake_archive_mem(const void *buf, size_t len, const char *dest,
		       const struct intake_limits *lim,
		       struct intake_result *res, struct arb_err *err);

/* One file with NAME (a plain relative path, validated like an archive
 * entry) and CONTENT (the worker's `source` / `files`).  RES accumulates
 * across calls, and the caps apply to the sum: zero it before the first. */
int intake_file_mem(const char *name, const void *buf, size_t len,
		    const char *dest, const struct intake_limits *lim,
		    struct intake_result *res, struct arb_err *err);

/* Whether PATH names an archive intake_path() unpacks: .zip .tar .tar.gz
 * .tgz .tar.xz .txz (case-insensitive). */
bool intake_is_archive_name(const char *path);

void intake_result_free(struct intake_result *res);

#endif
