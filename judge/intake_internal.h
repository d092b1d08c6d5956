/* intake_internal.h - the sink (intake_sink.c) the intake sources share.
 *
 * Only the intake module and its tests include this.  A `struct intake_ctx`
 * is one intake call: an O_DIRECTORY fd of DEST, the resolved limits, the
 * caller's result (appended to as files are completed) and the counters the
 * caps are checked against.  Every entry, whatever its source (archive
 * member, directory walk, bytes), goes through the same three steps:
 * intake_norm_name() validates and normalises its name, intake_make_dir() /
 * intake_create_file() create it component by component with openat()
 * relative to DEST, and intake_write() copies its bytes under the caps.
 */
#ifndef ARBITER_INTAKE_INTERNAL_H
#define ARBITER_INTAKE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "intake.h"

#define INTAKE_PATH_MAX 1024 /* bytes in a normalised relative path */
#define INTAKE_NAME_MAX 255  /* bytes in one component (NAME_MAX) */
#define INTAKE_CHUNK (64 * 1024)
/* Below this many unpacked bytes the ratio cap does not apply: a tiny
 * archive of source legitimately compresses 100x (tar pads to 10 KiB of
 * zeros), and 1 MiB costs nothing to write. */
#define INTAKE_RATIO_FLOOR (1024 * 1024)

/* Names seen in one archive, to refuse a second entry with the same name
 * before it can replace or merge with the first. */
struct intake_set {
	char **slot;
	size_t cap, n;
};

struct intake_ctx {
	int dest_fd;
	struct intake_limits lim;   /* zeros replaced by the defaults */
	struct intake_result *res;
	size_t files_cap;           /* allocated slots of res->files */
	const char *what;           /* how messages name an entry */
	uint64_t n_entries;         /* files + dirs created, earlier calls included */
	uint64_t packed_bytes;      /* archive input size; 0: no ratio cap */
	uint64_t unpacked_bytes;    /* bytes this archive expanded to */
	struct intake_set seen;
	char *buf;                  /* INTAKE_CHUNK bytes of copy buffer */
};

/* Open DEST and resolve LIM; counters start from what RES already holds, so
 * the caps apply to the sum of calls.  WHAT is "archive entry" or "file". */
int intake_ctx_init(struct intake_ctx *c, const char *dest,
		    const struct intake_limits *lim, struct intake_result *res,
		    const char *what, struct arb_err *err);

/* Close DEST, free the scratch state and sort RES->files.  Always safe. */
void intake_ctx_fini(struct intake_ctx *c);

/* Refuse entry RAW as the submitter's fault: "WHAT 'RAW': REASON", RAW
 * shown with control characters replaced.  Returns -1, like arb_fail(),
 * whose argument order it follows. */
int intake_refuse(struct arb_err *err, const struct intake_ctx *c,
		  const char *raw, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Why an entry of file type TYPE (S_IFMT bits; libarchive's AE_IF* have
 * the same values) is refused; NULL for a regular file or directory. */
const char *intake_type_why(unsigned int type);

/* Validate RAW and write its normalised form ("./" and "." components
 * dropped, one trailing "/" allowed for a directory and removed) into OUT
 * (INTAKE_PATH_MAX + 1 bytes).  0: OUT is a path; 1: RAW names DEST itself
 * (a "./" directory entry, nothing to do); -1: refused. */
int intake_norm_name(const struct intake_ctx *c, const char *raw, int is_dir,
		     char *out, struct arb_err *err);

/* Remember PATH as an entry of this call; refuse a duplicate. */
int intake_mark_seen(struct intake_ctx *c, const char *path,
		     struct arb_err *err);

/* Create directory PATH (and its parents) under DEST. */
int intake_make_dir(struct intake_ctx *c, const char *path,
		    struct arb_err *err);

/* Refuse before creating anything when a declared SIZE breaks a cap. */
int intake_check_size(const struct intake_ctx *c, const char *path,
		      uint64_t size, struct arb_err *err);

/* Create regular file PATH under DEST (parents created, O_EXCL, never
 * through a link) with mode 0755 if EXEC, else 0644.  Returns the fd. */
int intake_create_file(struct intake_ctx *c, const char *path, int exec,
		       struct arb_err *err);

/* Append N bytes to FD, the file PATH that holds *FILE_BYTES so far; the
 * per-file, total and ratio caps are checked before anything is written. */
int intake_write(struct intake_ctx *c, int fd, const char *path,
		 uint64_t *file_bytes, const void *buf, size_t n,
		 struct arb_err *err);

/* Bytes this archive may expand to: max_ratio times its size, but never
 * less than INTAKE_RATIO_FLOOR.  UINT64_MAX when no ratio applies. */
uint64_t intake_ratio_limit(const struct intake_ctx *c);

/* Count N bytes an archive expanded to without them being written (data of
 * directory entries, the tar stream around members): ratio cap only. */
int intake_count_expansion(struct intake_ctx *c, uint64_t n,
			   struct arb_err *err);

/* Close FD (a write error may surface only now) and record PATH in RES. */
int intake_file_done(struct intake_ctx *c, int fd, const char *path,
		     struct arb_err *err);

/* Unpack an archive read from FD (a regular file of SIZE bytes). */
int intake_unpack_fd(struct intake_ctx *c, int fd, uint64_t size,
		     struct arb_err *err);

#endif
