/* msg.h - PURE: a submission message (CONTRACT, Redis protocol) <-> struct job.
 *
 * msg_decode() turns the `submission` field of a stream entry into a struct
 * job: every field type-checked, sizes capped, limits only ever lowered
 * (a request can never raise a problem's limit), `archive` base64-decoded.
 * A message that cannot be judged still yields what could be read - above
 * all its `id` and `meta` - so the worker can answer it with a result:
 *   ARB_E_REQUEST     not JSON, missing or mistyped field, bad base64   -> JE
 *   ARB_E_SUBMISSION  source / files / archive over the size cap        -> CE
 * job_intake() is a judge_request.intake callback: it writes the job's
 * source, files or archive into the box directory through intake.c, so
 * every refusal rule of archives and file names applies.
 */
#ifndef ARBITER_WORKER_MSG_H
#define ARBITER_WORKER_MSG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "intake.h"
#include "lang.h"

/* Caps on a message (the worker may lower them). */
#define MSG_MAX_BYTES (96u << 20)      /* the whole JSON text */
#define MSG_MAX_SOURCE_BYTES (16u << 20) /* decoded source / files / archive */
#define MSG_MAX_FILES 256
#define MSG_MAX_ID_LEN 200             /* ids become Redis keys */

enum job_kind { JOB_SOURCE, JOB_FILES, JOB_ARCHIVE };

struct job_file {
	char *name;   /* relative path as sent (validated again by intake) */
	char *data;
	size_t len;
};

struct job {
	char *id;       /* NULL only when the message had no usable id */
	char *problem;
	char *language;
	enum job_kind kind;
	char *source;   /* JOB_SOURCE: text of one file */
	size_t source_len;
	struct job_file *files; /* JOB_FILES, in the object's key order */
	size_t n_files;
	unsigned char *archive; /* JOB_ARCHIVE: decoded bytes */
	size_t archive_len;
	/* limits: 0 = the problem's; converted from time_ms, memory_kb, output_kb */
	uint64_t time_limit_us, memory_bytes, output_bytes;
	bool run_all_tests;
	json_t *meta;   /* owned reference, echoed back; NULL when absent */
	/* Set by the worker before job_intake(): names a lone `source` file. */
	const struct language *lang;
};

/* Decode TEXT (LEN bytes).  Returns 0, or -1 with ERR (see above) and JOB
 * holding whatever was read (id, meta...).  Free JOB in both cases. */
int msg_decode(const char *text, size_t len, struct job *job, struct arb_err *err);
void job_free(struct job *job);

/* The file name of a lone `source`: for Java, <public class>.java (javac
 * insists), else "main.<the language's first extension>".  Malloc'd. */
char *job_source_name(const struct job *job);

/* judge_request.intake callback; ARG is the struct job. */
int job_intake(void *arg, const char *dest, const struct intake_limits *lim,
	       struct intake_result *res, struct arb_err *err);

/* Build the `submission` JSON of a job for `arbiter submit` (the inverse of
 * msg_decode; the archive is base64-encoded).  New reference, NULL on OOM. */
json_t *msg_encode(const struct job *job);

/* RFC 4648 base64 (standard alphabet, padding required, whitespace
 * ignored).  base64_decode: malloc'd OUT, -1 on bad input. */
int base64_decode(const char *in, size_t len, unsigned char **out, size_t *out_len);
char *base64_encode(const unsigned char *in, size_t len);

#endif
