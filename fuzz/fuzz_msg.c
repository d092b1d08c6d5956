/* fuzz_msg.c - libFuzzer harness: the submission JSON (worker/msg.c).
 *
 * The input is the `submission` field of a stream entry, as any client
 * that can XADD sends it.  msg_decode() must turn every input into either
 * a job or an error that the worker can still answer with, and job_free()
 * must release both.  Beyond the sanitizers, three properties are held:
 *  - a refused message is answered: its error is ARB_E_REQUEST or
 *    ARB_E_SUBMISSION, and the worker's reply (report_json() over the
 *    message, the id and the meta, as worker.c builds it) can be built;
 *  - a decoded job round-trips: msg_encode() of it, dumped and decoded
 *    again, is the same job (what `arbiter submit` sends is what is
 *    judged);
 *  - the lone-source name of a Java job (job_source_name(), which lexes
 *    the hostile source for its public class) is a plain "X.java".
 */
#include "harness.h"

#include <jansson.h>
#include <string.h>

#include "judge.h"
#include "lang.h"
#include "msg.h"
#include "report.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* jansson seeds its hash from /dev/urandom by default: fixed, the
	 * tables are laid out the same way on every run. */
	json_object_seed(1);
	return 0;
}

static bool same_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	if (!a || !b)
		return !a && !b && alen == blen;
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_job(const struct job *a, const struct job *b)
{
	if (!same_str(a->id, b->id) || !same_str(a->problem, b->problem) ||
	    !same_str(a->language, b->language) || a->kind != b->kind ||
	    a->time_limit_us != b->time_limit_us ||
	    a->memory_bytes != b->memory_bytes ||
	    a->output_bytes != b->output_bytes ||
	    a->run_all_tests != b->run_all_tests ||
	    !same_bytes(a->source, a->source_len, b->source, b->source_len) ||
	    !same_bytes((const char *)a->archive, a->archive_len,
			(const char *)b->archive, b->archive_len) ||
	    a->n_files != b->n_files || !a->meta != !b->meta ||
	    (a->meta && !json_equal(a->meta, b->meta)))
		return false;
	for (size_t i = 0; i < a->n_files; i++)
		if (!same_str(a->files[i].name, b->files[i].name) ||
		    !same_bytes(a->files[i].data, a->files[i].len, b->files[i].data,
				b->files[i].len))
			return false;
	return true;
}

/* The worker's answer to a message it cannot judge (worker.c). */
static void check_answer(const struct job *job, const struct arb_err *err)
{
	struct judgement j = {0};
	struct report_meta m = {.id = job->id, .problem = job->problem,
				.worker = "fuzz/0", .judged_at = 0, .meta = job->meta};
	json_t *o;
	char *text;

	FZ_CHECK(err->kind == ARB_E_REQUEST || err->kind == ARB_E_SUBMISSION,
		 "msg_decode failed with kind %d: %s", (int)err->kind, err->msg);
	FZ_CHECK(err->msg[0] != '\0', "msg_decode failed without a message");
	j.verdict = err->kind == ARB_E_SUBMISSION ? VERDICT_CE : VERDICT_JE;
	snprintf(j.message, sizeof(j.message), "%s", err->msg);
	o = report_json(&j, &m);
	FZ_CHECK(o != NULL, "the worker cannot answer: report_json failed; message '%s'",
		 err->msg);
	text = json_dumps(o, JSON_COMPACT);
	FZ_CHECK(text != NULL, "the worker cannot answer: json_dumps failed");
	free(text);
	json_decref(o);
}

static void check_round_trip(const struct job *job)
{
	struct job again;
	struct arb_err err = {0};
	json_t *o = msg_encode(job);
	char *text;
	size_t len;

	FZ_CHECK(o != NULL, "msg_encode refused a decoded job");
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	FZ_CHECK(text != NULL, "json_dumps of an encoded job failed");
	len = strlen(text); /* jansson escapes U+0000: the dump has no NUL */
	if (msg_decode(text, len, &again, &err) < 0)
		fz_die("the encoded job does not decode: %s\n%s", err.msg, text);
	FZ_CHECK(same_job(job, &again), "the encoded job decodes differently:\n%s", text);
	job_free(&again);
	free(text);
}

static void check_java_name(struct job *job)
{
	static char java_id[] = "java";
	static const struct language java = {.id = java_id,
					     .entry = LANG_ENTRY_JAVA_CLASS};
	char *name;
	size_t len;

	job->lang = &java;
	name = job_source_name(job);
	job->lang = NULL;
	FZ_CHECK(name != NULL, "job_source_name failed");
	len = strlen(name);
	FZ_CHECK(len > 5 && strcmp(name + len - 5, ".java") == 0 &&
			 !strchr(name, '/') && fz_utf8_valid(name, len),
		 "job_source_name gave '%s'", name);
	free(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct job job;
	struct arb_err err = {0};

	if (msg_decode((const char *)data, size, &job, &err) < 0) {
		check_answer(&job, &err);
	} else {
		check_round_trip(&job);
		check_java_name(&job);
	}
	job_free(&job);
	return 0;
}
