/* fuzz_validate.c - libFuzzer harness: the default output validator
 * (judge/validate.c) and the validator_flags parser (judge/problem.c).
 *
 * The input is split at its first two NUL bytes:
 *   FLAGS \0 ANSWER \0 OUTPUT
 * FLAGS go through problem_parse_validator_flags() (when they are refused,
 * the validation still runs, with no flags); ANSWER and OUTPUT are written
 * to scratch/ans and scratch/out, and validate_default() compares them.
 * OUTPUT is last so that it may hold NUL bytes, as a team's output may.
 * An input without NUL is an answer compared with itself.  Beyond the
 * sanitizers:
 *  - the verdict's message is NUL-terminated, valid UTF-8 and, when the
 *    output is rejected, not empty (validate.h: it goes to judges' screens);
 *  - an answer compared with itself is accepted, whatever the flags.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "problem.h"
#include "validate.h"

static char out_path[4096], ans_path[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *root = fz_scratch("validate");

	(void)argc;
	(void)argv;
	if ((size_t)snprintf(out_path, sizeof(out_path), "%s/out", root) >= sizeof(out_path) ||
	    (size_t)snprintf(ans_path, sizeof(ans_path), "%s/ans", root) >= sizeof(ans_path))
		fz_die("scratch path too long");
	return 0;
}

static void validate(const char *output, const struct validator_flags *f,
		     struct validate_result *res)
{
	struct arb_err err = {0};
	size_t len;

	memset(res, 0x55, sizeof(*res)); /* no stale message passes for a new one */
	if (validate_default(output, ans_path, f, res, &err) < 0)
		fz_die("validate_default failed on readable files: %s", err.msg);
	len = strnlen(res->message, sizeof(res->message));
	FZ_CHECK(len < sizeof(res->message), "the message is not NUL-terminated");
	FZ_CHECK(fz_utf8_valid(res->message, len), "the message is not UTF-8: '%s'",
		 res->message);
	FZ_CHECK(res->accepted || len > 0, "rejected without a message");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_part parts[3];
	struct validator_flags flags;
	struct validate_result res;
	struct arb_err err = {0};
	char *flag_text;
	bool self_only;

	fz_split(data, size, parts, 3);
	self_only = !parts[1].data;
	if (self_only) {
		parts[1] = parts[0];
		parts[0].data = "";
		parts[0].len = 0;
	}
	flag_text = fz_strdup_part(&parts[0]);
	if (problem_parse_validator_flags(flag_text, &flags, &err) < 0) {
		FZ_CHECK(err.kind == ARB_E_PACKAGE && err.msg[0],
			 "flags '%s' refused with kind %d", flag_text, (int)err.kind);
		memset(&flags, 0, sizeof(flags));
	}
	free(flag_text);
	fz_write("ans", parts[1].data, parts[1].len);
	if (!self_only) {
		fz_write("out", parts[2].data ? parts[2].data : "", parts[2].len);
		validate(out_path, &flags, &res);
	}
	validate(ans_path, &flags, &res);
	FZ_CHECK(res.accepted, "an answer compared with itself is rejected: %s",
		 res.message);
	return 0;
}
