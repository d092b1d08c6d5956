/* batch_queue.c - `arbiter batch --redis`; see batch_queue.h.
 *
 * Order of a run: connect (a Redis that is down fails here, at once),
 * publish the package (`problem push`: workers without it in --problems
 * fetch it by hash), note the tail of <prefix>results, queue every
 * pending student, then follow the results stream from that tail.  A
 * result is ours when its id starts with this run's token; the index
 * after the token names the student, so no lookup table is needed.  When
 * Redis comes back after an outage, or results stop coming, the stored
 * copies (<prefix>result:<id>) of the students still waiting are read
 * too: a stream entry missed while away is not waited for in vain.
 */
#include "batch_queue.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "client.h"
#include "msg.h"
#include "pkgcache.h"
#include "rconn.h"
#include "report.h"
#include "stream.h"

/* How long Redis may stay away before the batch gives up (or the
 * timeout, when shorter): a restart takes seconds, not minutes. */
#define BQ_OUTAGE_MS 30000

struct bq {
	const struct batch_opts *opts;
	struct batch *b;
	struct rconn *c;
	struct stream_keys keys;
	char desc[256];         /* the server, for messages */
	char token[64];         /* this run's id prefix */
	bool *waiting;          /* per entry: queued, no result yet */
	size_t n_waiting;
	uint64_t last_ms;       /* when the last result came (or queuing ended) */
	uint64_t down_since_ms; /* 0: Redis answered the last command */
	uint64_t outage_ms;
};

/*** Results ***/

static void report_done(struct bq *q, size_t index, const json_t *o, bool stored)
{
	const json_t *tests = json_object_get(o, "tests"), *t;
	const char *v = json_string_value(json_object_get(o, "verdict"));
	int verdict = v ? verdict_from_name(v) : -1;
	struct batch_done d = {.index = index, .box_id = -1};
	size_t i;

	d.verdict = stored && verdict >= 0 ? (enum verdict)verdict : VERDICT_JE;
	d.run = (uint32_t)json_array_size(tests);
	json_array_foreach(tests, i, t) {
		const char *tv = json_string_value(json_object_get(t, "verdict"));
		d.passed += tv && !strcmp(tv, "AC");
	}
	d.cpu_us = (uint64_t)json_integer_value(json_object_get(o, "time_ms")) * 1000;
	q->b->entries[index].pending = false;
	if (q->waiting[index]) {
		q->waiting[index] = false;
		q->n_waiting--;
	}
	q->last_ms = mono_ms();
	if (q->opts->on_done)
		q->opts->on_done(q->opts->on_done_arg, &d);
}

/* A result from the queue: ours when its id is <token>-<index>. */
static void take_result(struct bq *q, json_t *o)
{
	const char *id = json_string_value(json_object_get(o, "id"));
	size_t tl = strlen(q->token);
	const char *student;
	char *end;
	unsigned long long index;
	bool stored;

	if (!id || strncmp(id, q->token, tl) || id[tl] != '-')
		return;
	errno = 0;
	index = strtoull(id + tl + 1, &end, 10);
	if (errno || *end || end == id + tl + 1 || index >= q->b->n_entries ||
	    !q->waiting[index])
		return;
	student = q->b->entries[index].student;
	/* As a local batch writes it: the student is the id (the queue's id
	 * stays in the echoed meta). */
	if (json_object_set_new(o, "id", json_string(student)) < 0)
		return;
	stored = batch_write_result(q->opts->out_dir, student, o) == 0;
	report_done(q, (size_t)index, o, stored);
}

static void on_stream_result(void *arg, const char *text, size_t len)
{
	json_t *o = json_loadb(text, len, 0, NULL);

	if (json_is_object(o))
		take_result(arg, o);
	json_decref(o);
}

/* A student judged here, not queued: a submission that cannot be sent
 * (no language told by its file names, a file that cannot be read...)
 * gets the result a local judge would give it. */
static void local_result(struct bq *q, size_t index, const struct arb_err *why)
{
	const char *student = q->b->entries[index].student;
	struct judgement j = {0};
	char no_output[] = "";
	struct report_meta m = {.id = student, .problem = q->b->problem,
				.worker = "batch/client", .judged_at = time(NULL)};
	json_t *o;

	j.verdict = why->kind == ARB_E_SUBMISSION ? VERDICT_CE : VERDICT_JE;
	snprintf(j.message, sizeof(j.message), "%s", why->msg);
	j.compile_output = no_output;
	o = report_json(&j, &m);
	if (o) {
		bool stored = batch_write_result(q->opts->out_dir, student, o) == 0;
		report_done(q, index, o, stored);
	}
	json_decref(o);
}

/*** Redis going away ***/

/* After a failed command: -1 (ERR says so) once Redis has been away too
 * long, else 0 after waiting out the backoff step. */
static int outage(struct bq *q, struct arb_err *err)
{
	uint64_t now = mono_ms();

	if (!q->down_since_ms)
		q->down_since_ms = now;
	if (now - q->down_since_ms >= q->outage_ms)
		return arb_err_prefix(err, "Redis at %s away for %llu s", q->desc,
				      (unsigned long long)(now - q->down_since_ms) / 1000);
	rconn_backoff(q->c, NULL);
	return 0;
}

/* Read the stored copies of the results still awaited.  -1 on a Redis
 * failure. */
static int sweep(struct bq *q, struct arb_err *err)
{
	for (size_t i = 0; i < q->b->n_entries && q->n_waiting; i++) {
		char id[96];
		json_t *o;

		if (!q->waiting[i])
			continue;
		snprintf(id, sizeof(id), "%s-%zu", q->token, i);
		o = client_result_get(q->c, &q->keys, id, err);
		if (!o) {
			if (err->errnum == ENOENT && err->kind == ARB_E_REQUEST)
				continue;
			return -1;
		}
		if (json_is_object(o))
			take_result(q, o);
		json_decref(o);
	}
	return 0;
}

/*** Queuing ***/

static int build_message(struct bq *q, size_t index, char **text, struct arb_err *err)
{
	const struct batch_entry *e = &q->b->entries[index];
	char id[96];
	char *path = e->path;
	struct job job;
	json_t *msg;
	int rc = -1;

	memset(&job, 0, sizeof(job));
	snprintf(id, sizeof(id), "%s-%zu", q->token, index);
	job.id = strdup(id);
	job.problem = strdup(q->b->problem);
	job.language = q->opts->lang_id ? strdup(q->opts->lang_id) : NULL;
	job.run_all_tests = q->opts->run_all_tests;
	job.meta = json_pack("{s:s, s:s}", "batch", q->b->problem, "student", e->student);
	if (!job.id || !job.problem || (q->opts->lang_id && !job.language) || !job.meta) {
		arb_fail(err, ARB_E_INTERNAL, ENOMEM, "message");
		goto out;
	}
	if (client_job_from_paths(&job, &path, 1, err) < 0 ||
	    (!job.language && client_job_language(&job, err) < 0))
		goto out;
	msg = msg_encode(&job);
	if (!msg && errno == EILSEQ) {
		/* Not UTF-8 text: the same files, as a tar. */
		if (client_job_to_archive(&job, err) < 0)
			goto out;
		msg = msg_encode(&job);
	}
	if (!msg) {
		arb_fail(err, ARB_E_INTERNAL, ENOMEM, "message");
		goto out;
	}
	*text = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (!*text) {
		arb_fail(err, ARB_E_INTERNAL, ENOMEM, "message");
		goto out;
	}
	rc = 0;
out:
	job_free(&job);
	return rc;
}

/* XADD one student, retrying through a short outage. */
static int queue_one(struct bq *q, size_t index, struct arb_err *err)
{
	char *text = NULL;
	struct arb_err why;

	if (build_message(q, index, &text, &why) < 0) {
		if (why.kind == ARB_E_INTERNAL && why.errnum == ENOMEM)
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "%s", why.msg);
		local_result(q, index, &why);
		return 0;
	}
	for (;;) {
		redisReply *r = rconn_command(q->c, err, "XADD %s * submission %s",
					      q->keys.submissions, text);

		if (!r) {
			if (outage(q, err) < 0) {
				free(text);
				return -1;
			}
			continue;
		}
		q->down_since_ms = 0;
		if (r->type != REDIS_REPLY_STRING) {
			arb_fail(err, ARB_E_INTERNAL, 0, "redis: XADD %s: %s", q->keys.submissions,
				 r->type == REDIS_REPLY_ERROR ? r->str : "unexpected reply");
			freeReplyObject(r);
			free(text);
			return -1;
		}
		freeReplyObject(r);
		free(text);
		q->waiting[index] = true;
		q->n_waiting++;
		return 0;
	}
}

/*** The run ***/

static int run(struct bq *q, const struct batch_queue_opts *qo, struct arb_err *err)
{
	char tail[64];
	bool resync = false;
	uint64_t timeout_ms = (uint64_t)(qo->timeout_s * 1000);

	/* Down now is an error now, not after a backoff schedule. */
	if (rconn_connect(q->c, false, err) < 0)
		return arb_err_prefix(err, "cannot reach Redis at %s", q->desc);
	if (qo->push_problem) {
		char sha1[41];

		if (pkgcache_push(q->c, &q->keys, q->opts->problem_dir, sha1, err) < 0)
			return arb_err_prefix(err, "problem push '%s'", q->opts->problem_dir);
	}
	if (client_results_tail(q->c, &q->keys, tail, sizeof(tail), err) < 0)
		return arb_err_prefix(err, "Redis at %s", q->desc);
	for (size_t i = 0; i < q->b->n_entries; i++)
		if (q->b->entries[i].pending && queue_one(q, i, err) < 0)
			return -1;
	q->last_ms = mono_ms();
	while (q->n_waiting) {
		int n = client_results_read(q->c, &q->keys, tail, sizeof(tail), 1000,
					    on_stream_result, q, err);

		if (n < 0 || (resync && sweep(q, err) < 0)) {
			if (outage(q, err) < 0)
				return -1;
			resync = true;
			continue;
		}
		q->down_since_ms = 0;
		resync = false;
		if (q->n_waiting && mono_ms() - q->last_ms >= timeout_ms) {
			/* Last look at the stored copies before giving up. */
			if (sweep(q, err) < 0) {
				if (outage(q, err) < 0)
					return -1;
				continue;
			}
			if (q->n_waiting)
				return arb_fail(err, ARB_E_INTERNAL, 0,
						"no result for %zu student(s) in %.0f s (--timeout): "
						"is a worker running for problem '%s' on %s?",
						q->n_waiting, qo->timeout_s, q->b->problem, q->desc);
		}
	}
	return 0;
}

int batch_queue_check(const struct batch_queue_opts *qo, struct arb_err *err)
{
	struct redis_url url;
	struct stream_keys keys;
	int rc;

	memset(&url, 0, sizeof(url));
	rc = redis_url_parse(qo->redis_url ? qo->redis_url : redis_url_default(), &url, err);
	if (rc == 0)
		rc = stream_keys_init(&keys, qo->prefix ? qo->prefix : "arbiter:", err);
	redis_url_free(&url);
	return rc;
}

int batch_queue_judge(const struct batch_opts *opts, const struct batch_queue_opts *qo,
		      struct batch *b, struct arb_err *err)
{
	struct rconn_opts ro = {.command_timeout_ms = 30000,
				.on_event = qo->on_event, .on_event_arg = qo->on_event_arg};
	struct redis_url url;
	struct timespec ts;
	struct bq q = {.opts = opts, .b = b};
	int rc = -1;

	memset(&url, 0, sizeof(url));
	if (!b->n_pending)
		return 0;
	if (redis_url_parse(qo->redis_url ? qo->redis_url : redis_url_default(), &url, err) < 0 ||
	    stream_keys_init(&q.keys, qo->prefix ? qo->prefix : "arbiter:", err) < 0)
		goto out;
	redis_url_describe(&url, q.desc, sizeof(q.desc));
	q.outage_ms = (uint64_t)(qo->timeout_s * 1000);
	if (q.outage_ms > BQ_OUTAGE_MS || !q.outage_ms)
		q.outage_ms = BQ_OUTAGE_MS;
	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(q.token, sizeof(q.token), "batch-%lld%06ld-%d", (long long)ts.tv_sec,
		 ts.tv_nsec / 1000, (int)getpid());
	q.waiting = calloc(b->n_entries, sizeof(*q.waiting));
	if (!q.waiting) {
		arb_fail(err, ARB_E_INTERNAL, ENOMEM, "batch");
		goto out;
	}
	if (rconn_new(&url, &ro, &q.c, err) < 0)
		goto out;
	rc = run(&q, qo, err);
out:
	rconn_free(q.c);
	free(q.waiting);
	redis_url_free(&url);
	return rc;
}
