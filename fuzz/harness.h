/* harness.h - what the libFuzzer harnesses of fuzz/ share.
 *
 * Each fuzz_*.c defines LLVMFuzzerTestOneInput() for one parser and links
 * against build-fuzz/libarbiter.a.  A harness must be deterministic (same
 * input, same path through the library), must not leak (LeakSanitizer runs
 * at exit and, while fuzzing, after inputs), and must write only inside
 * its scratch directory: one per process, made under $TMPDIR (default
 * /tmp) by the first fz_scratch() call and removed at exit.  A broken
 * property is reported with fz_die(), which aborts: libFuzzer then saves
 * the input as a crash-* artifact like any sanitizer report.
 */
#ifndef ARBITER_FUZZ_HARNESS_H
#define ARBITER_FUZZ_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/* libFuzzer's entry points (declared here for -Wmissing-prototypes). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Print "fuzz: MESSAGE" on stderr and abort(). */
void fz_die(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

#define FZ_CHECK(cond, ...)                   \
	do {                                  \
		if (!(cond))                  \
			fz_die(__VA_ARGS__);  \
	} while (0)

/*** Scratch directory ***/

/* The absolute path of this process's scratch directory, created on the
 * first call (TAG names it: $TMPDIR/arbiter-fuzz-TAG.XXXXXX) and removed
 * recursively at exit.  Later calls return the same path. */
const char *fz_scratch(const char *tag);

/* REL is relative to the scratch directory; no function follows a
 * symbolic link at REL's last component.  All abort on a host error. */
void fz_mkdir(const char *rel);                           /* EEXIST is fine */
void fz_write(const char *rel, const void *buf, size_t len); /* create or truncate */
void fz_unlink(const char *rel);                          /* ENOENT is fine */

/* Called for each entry under the directory being emptied, before it is
 * removed: PATH relative to that directory, ST from fstatat(NOFOLLOW). */
typedef void (*fz_visit_fn)(const char *path, const struct stat *st, void *arg);

/* Remove everything under directory REL (REL itself stays), without
 * following links; VISIT (may be NULL) sees each entry first. */
void fz_empty(const char *rel, fz_visit_fn visit, void *arg);

/* The names directly in directory REL, sorted, as one string "a b c"
 * (written to BUF of SIZE bytes): lets a harness assert that nothing
 * appeared beside what it created. */
void fz_list(const char *rel, char *buf, size_t size);

/*** Inputs ***/

struct fz_part {
	const char *data; /* into the input; NULL when absent */
	size_t len;
};

/* Split DATA at its first N-1 NUL bytes into N parts.  Parts past the last
 * NUL are absent (data NULL); the last part may itself hold NULs. */
void fz_split(const uint8_t *data, size_t size, struct fz_part *parts, size_t n);

/* A NUL-terminated malloc'd copy of PART ("" when absent); aborts on OOM. */
char *fz_strdup_part(const struct fz_part *part);

/* S (LEN bytes) is well-formed UTF-8 (no overlongs, no surrogates). */
bool fz_utf8_valid(const char *s, size_t len);

#endif
