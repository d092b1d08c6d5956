/* intake_archive.c - archives (zip, tar, tar.gz, tar.xz) into the intake sink.
 *
 * libarchive only parses here: it never writes to disk (no
 * archive_write_disk, whose safety flags are opt-in and were Judge0's
 * downfall).  Each member is judged by intake_sink.c's rules and, if it is a
 * regular file or a directory with an acceptable name, recreated by the
 * sink with openat() under DEST.  Links, devices, FIFOs and sockets stop the
 * whole intake: a submission that tries one is refused, not cleaned up.
 * The ratio cap is measured twice: on the bytes written (per file, exact)
 * and on the decompressed stream at each header, which also covers data
 * libarchive decompresses only to skip it.
 */
#include "intake.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <sys/stat.h>

#include "base/cleanup.h"
#include "intake_internal.h"

/* intake_type_why() takes either kind of type. */
_Static_assert(AE_IFLNK == S_IFLNK && AE_IFREG == S_IFREG &&
		       AE_IFDIR == S_IFDIR && AE_IFCHR == S_IFCHR &&
		       AE_IFBLK == S_IFBLK && AE_IFIFO == S_IFIFO &&
		       AE_IFSOCK == S_IFSOCK,
	       "libarchive file types differ from the kernel's");

/* Slack for the stream check: tar headers, pax records and padding make
 * the decompressed stream larger than the files it holds (~2 KiB per
 * member for pax); 16 MiB covers a full archive of them. */
#define INTAKE_STREAM_SLACK (16ULL << 20)

static inline void intake_archive_freep(struct archive **a)
{
	if (*a)
		archive_read_free(*a);
}
#define _cleanup_archive_ __attribute__((cleanup(intake_archive_freep)))

/* The archive's own complaint, as the submitter's fault: a truncated or
 * corrupt archive is theirs to fix ("archive: Truncated input file..."). */
static int intake_archive_fail(struct archive *a, struct arb_err *err)
{
	const char *msg = archive_error_string(a);

	return arb_fail(err, ARB_E_SUBMISSION, 0, "archive: %s",
			msg ? msg : "truncated or corrupt");
}

/* A reader for exactly the formats a submission can be.  Every other
 * format (rar, 7z, cab, iso, cpio, lha...) is parser code a hostile input
 * could reach for nothing, so they are not registered (no _all).  A support
 * call returning ARCHIVE_WARN means libarchive lacks the library and would
 * run an external program: treated as a broken host. */
static struct archive *intake_reader(struct arb_err *err)
{
	_cleanup_archive_ struct archive *a = archive_read_new();

	if (!a) {
		arb_fail(err, ARB_E_INTERNAL, ENOMEM, "libarchive");
		return NULL;
	}
	if (archive_read_support_format_zip(a) != ARCHIVE_OK ||
	    archive_read_support_format_tar(a) != ARCHIVE_OK ||
	    archive_read_support_filter_gzip(a) != ARCHIVE_OK ||
	    archive_read_support_filter_xz(a) != ARCHIVE_OK) {
		const char *msg = archive_error_string(a);

		arb_fail(err, ARB_E_INTERNAL, 0, "libarchive: %s",
			 msg ? msg : "zip, tar, gzip or xz support missing");
		return NULL;
	}
	return steal_ptr(&a);
}

/* Read and count the data of a member that is not written (a directory
 * with a size): it still costs decompression, so the ratio cap sees it. */
static int intake_drain(struct intake_ctx *c, struct archive *a,
			struct arb_err *err)
{
	for (;;) {
		la_ssize_t n = archive_read_data(a, c->buf, INTAKE_CHUNK);

		if (n == 0)
			return 0;
		if (n < 0)
			return intake_archive_fail(a, err);
		if (intake_count_expansion(c, (uint64_t)n, err) < 0)
			return -1;
	}
}

static int intake_extract_file(struct intake_ctx *c, struct archive *a,
			       struct archive_entry *e, const char *path,
			       struct arb_err *err)
{
	_cleanup_close_ int fd = -1;
	uint64_t done = 0;

	/* The header's size is not even looked at: a header may lie, a
	 * sparse member expands past its stored size, and the caps hold on
	 * the bytes actually written (a bomb is then refused as a bomb). */
	fd = intake_create_file(c, path, (archive_entry_mode(e) & 0111) != 0,
				err);
	if (fd < 0)
		return -1;
	for (;;) {
		la_ssize_t n = archive_read_data(a, c->buf, INTAKE_CHUNK);

		if (n == 0)
			break;
		/* Any negative status, ARCHIVE_WARN included: for zip that
		 * is a CRC mismatch, i.e. data that is not what was packed. */
		if (n < 0)
			return intake_archive_fail(a, err);
		if (intake_write(c, fd, path, &done, c->buf, (size_t)n, err) < 0)
			return -1;
	}
	return intake_file_done(c, steal_fd(&fd), path, err);
}

static int intake_entry(struct intake_ctx *c, struct archive *a,
			struct archive_entry *e, struct arb_err *err)
{
	char path[INTAKE_PATH_MAX + 1];
	const char *raw = archive_entry_pathname(e);
	unsigned int type = archive_entry_filetype(e);
	const char *why;
	int r;

	if (!raw)
		raw = archive_entry_pathname_utf8(e);
	if (!raw)
		return arb_fail(err, ARB_E_SUBMISSION, 0,
				"archive entry with an unreadable name");
	/* Links are refused whatever they point at: a link that stays
	 * inside DEST today is a way out once a later entry (or the program
	 * in the box) replaces its target, and a tar hard link to a path
	 * outside DEST would alias a host file. */
	if (archive_entry_hardlink(e))
		return intake_refuse(err, c, raw, "hard links are not allowed");
	if (archive_entry_symlink(e) || type == AE_IFLNK)
		return intake_refuse(err, c, raw,
				     "symbolic links are not allowed");
	/* Devices would give the box a door to host hardware if ever
	 * created; FIFOs and sockets hang or confuse the compiler. */
	why = intake_type_why(type);
	if (why)
		return intake_refuse(err, c, raw, "%s", why);
	r = intake_norm_name(c, raw, type == AE_IFDIR, path, err);
	if (r < 0)
		return -1;
	if (r == 1)
		return intake_drain(c, a, err);
	if (intake_mark_seen(c, path, err) < 0)
		return -1;
	if (type == AE_IFDIR) {
		if (intake_make_dir(c, path, err) < 0)
			return -1;
		return intake_drain(c, a, err);
	}
	return intake_extract_file(c, a, e, path, err);
}

/* Stop a bomb hidden where nothing is written: libarchive decompresses the
 * data of every member it skips, and tar headers and padding are never
 * written either.  Checked against the ratio plus slack at each header. */
static int intake_check_stream(struct intake_ctx *c, struct archive *a,
			       struct arb_err *err)
{
	la_int64_t stream = archive_filter_bytes(a, 0);
	uint64_t lim = intake_ratio_limit(c);

	if (lim <= UINT64_MAX - INTAKE_STREAM_SLACK)
		lim += INTAKE_STREAM_SLACK;
	if (stream > 0 && (uint64_t)stream > lim)
		return arb_fail(err, ARB_E_SUBMISSION, 0,
				"archive expands more than %" PRIu64
				" times its size", c->lim.max_ratio);
	return 0;
}

static int intake_unpack(struct intake_ctx *c, struct archive *a,
			 struct arb_err *err)
{
	size_t before = c->res->n_files;

	for (;;) {
		struct archive_entry *e = NULL;
		int r = archive_read_next_header(a, &e);

		if (r == ARCHIVE_EOF)
			break;
		/* ARCHIVE_WARN still yields a usable header (e.g. a name not
		 * convertible to the locale), and the name is checked anyway. */
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
			return intake_archive_fail(a, err);
		if (intake_check_stream(c, a, err) < 0 ||
		    intake_entry(c, a, e, err) < 0)
			return -1;
	}
	if (intake_check_stream(c, a, err) < 0)
		return -1;
	if (c->res->n_files == before)
		return arb_fail(err, ARB_E_SUBMISSION, 0, "archive has no files");
	return 0;
}

int intake_unpack_fd(struct intake_ctx *c, int fd, uint64_t size,
		     struct arb_err *err)
{
	_cleanup_archive_ struct archive *a = intake_reader(err);

	if (!a)
		return -1;
	c->packed_bytes = size;
	if (archive_read_open_fd(a, fd, INTAKE_CHUNK) != ARCHIVE_OK)
		return intake_archive_fail(a, err);
	return intake_unpack(c, a, err);
}

int intake_archive_mem(const void *buf, size_t len, const char *dest,
		       const struct intake_limits *lim,
		       struct intake_result *res, struct arb_err *err)
{
	_cleanup_archive_ struct archive *a = NULL;
	struct intake_ctx c;
	int r;

	r = intake_ctx_init(&c, dest, lim, res, "archive entry", err);
	if (r == 0 && len == 0)
		r = arb_fail(err, ARB_E_SUBMISSION, 0, "archive has no files");
	if (r == 0) {
		a = intake_reader(err);
		r = a ? 0 : -1;
	}
	if (r == 0) {
		c.packed_bytes = len;
		if (archive_read_open_memory(a, buf, len) != ARCHIVE_OK)
			r = intake_archive_fail(a, err);
	}
	if (r == 0)
		r = intake_unpack(&c, a, err);
	intake_ctx_fini(&c);
	return r;
}
