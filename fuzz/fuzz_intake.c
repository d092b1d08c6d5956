/* fuzz_intake.c - libFuzzer harness: archive intake (judge/intake*.c).
 *
 * The input is the bytes of a submission archive (the worker's decoded
 * `archive` field), unpacked by intake_archive_mem() into scratch/sub/box,
 * which is emptied after every input.  Caps are lowered (64 entries, 256
 * KiB a file, 1 MiB in all) so that bombs are refused quickly; the code
 * paths are the judge's own.  Beyond the sanitizers, intake.h's promises
 * are checked on what really landed on disk, after a refusal too (a
 * refused archive may leave a partial tree, but never a bad one):
 *  - nothing outside DEST: scratch/sub holds only box/, and scratch only sub/;
 *  - only regular files and directories, without setuid, setgid, sticky
 *    or group/other-write bits, within the depth, size and entry caps;
 *  - on success, the result lists exactly the regular files, sorted, and
 *    totals their sizes; a failure is ARB_E_SUBMISSION (the submitter's
 *    fault), never a host fault.
 */
#include "harness.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intake.h"

static const struct intake_limits limits = {
	.max_entries = 64,
	.max_file_bytes = 256 << 10,
	.max_total_bytes = 1 << 20,
	.max_ratio = 100,
	.max_depth = 16,
};

static char box_dir[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *root = fz_scratch("intake");

	(void)argc;
	(void)argv;
	fz_mkdir("sub");
	fz_mkdir("sub/box");
	if ((size_t)snprintf(box_dir, sizeof(box_dir), "%s/sub/box", root) >= sizeof(box_dir))
		fz_die("scratch path too long");
	return 0;
}

struct tree {
	const struct intake_result *res; /* NULL after a failure */
	size_t entries, files;
	uint64_t bytes;
};

static int depth_of(const char *path)
{
	int d = 1;

	for (; *path; path++)
		d += *path == '/';
	return d;
}

static bool listed(const struct intake_result *res, const char *path)
{
	for (size_t i = 0; i < res->n_files; i++)
		if (strcmp(res->files[i], path) == 0)
			return true;
	return false;
}

static void visit(const char *path, const struct stat *st, void *arg)
{
	struct tree *t = arg;

	FZ_CHECK(S_ISREG(st->st_mode) || S_ISDIR(st->st_mode),
		 "'%s' is neither a file nor a directory (mode 0%o)", path,
		 (unsigned)st->st_mode);
	FZ_CHECK((st->st_mode & (S_ISUID | S_ISGID | S_ISVTX | 022)) == 0,
		 "'%s' has mode 0%o", path, (unsigned)(st->st_mode & 07777));
	FZ_CHECK(depth_of(path) <= limits.max_depth, "'%s' is too deep", path);
	FZ_CHECK(st->st_nlink == 1 || S_ISDIR(st->st_mode), "'%s' has %lu links", path,
		 (unsigned long)st->st_nlink);
	t->entries++;
	if (!S_ISREG(st->st_mode))
		return;
	t->files++;
	t->bytes += (uint64_t)st->st_size;
	FZ_CHECK((uint64_t)st->st_size <= limits.max_file_bytes, "'%s' is %lld bytes",
		 path, (long long)st->st_size);
	FZ_CHECK(!t->res || listed(t->res, path), "'%s' was written but not listed", path);
}

static void check_result(const struct intake_result *res)
{
	FZ_CHECK(res->n_files > 0 && res->files, "success without files");
	FZ_CHECK(res->files[res->n_files] == NULL, "files is not NULL-terminated");
	for (size_t i = 0; i < res->n_files; i++) {
		FZ_CHECK(res->files[i] && res->files[i][0] && res->files[i][0] != '/',
			 "file %zu has a bad name", i);
		FZ_CHECK(i == 0 || strcmp(res->files[i - 1], res->files[i]) < 0,
			 "files are not sorted and unique at '%s'", res->files[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct intake_result res = {0};
	struct arb_err err = {0};
	struct tree t = {0};
	char names[256];
	int r;

	r = intake_archive_mem(data, size, box_dir, &limits, &res, &err);
	if (r == 0) {
		check_result(&res);
		t.res = &res;
	} else {
		FZ_CHECK(err.kind == ARB_E_SUBMISSION && err.msg[0],
			 "intake failed with kind %d: '%s'", (int)err.kind, err.msg);
	}
	fz_list(".", names, sizeof(names));
	FZ_CHECK(strcmp(names, "sub") == 0, "written beside the box's parent: '%s'", names);
	fz_list("sub", names, sizeof(names));
	FZ_CHECK(strcmp(names, "box") == 0, "written beside the box: '%s'", names);
	fz_empty("sub/box", visit, &t);
	FZ_CHECK(t.entries <= limits.max_entries, "%zu entries written", t.entries);
	FZ_CHECK(t.bytes <= limits.max_total_bytes, "%llu bytes written",
		 (unsigned long long)t.bytes);
	if (r == 0)
		FZ_CHECK(t.files == res.n_files && t.bytes == res.total_bytes,
			 "%zu files, %llu bytes on disk; the result says %zu, %llu",
			 t.files, (unsigned long long)t.bytes, res.n_files,
			 (unsigned long long)res.total_bytes);
	intake_result_free(&res);
	return 0;
}
