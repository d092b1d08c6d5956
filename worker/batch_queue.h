/* batch_queue.h - `arbiter batch --redis`: judge a class through the queue.
 *
 * The same batch as batch.h (the students, OUT/results/<student>.json, the
 * reports), but instead of forking local judges, every pending student's
 * submission is put on <prefix>submissions exactly as `arbiter submit`
 * builds it, and the results are taken from <prefix>results as workers
 * store them.  Each queued submission gets a fresh id (<run token>-<index>,
 * the student and problem ride in `meta`), so a rejudge never collides
 * with an earlier result of the same student (results are stored SET NX).
 * A result is written with `id` = the student, as a local batch writes it.
 */
#ifndef ARBITER_WORKER_BATCH_QUEUE_H
#define ARBITER_WORKER_BATCH_QUEUE_H

#include <stdbool.h>

#include "base/err.h"
#include "batch.h"

struct batch_queue_opts {
	const char *redis_url;  /* NULL: $ARBITER_REDIS or the default */
	const char *prefix;     /* NULL: "arbiter:" */
	double timeout_s;       /* give up when no result came for this long */
	bool push_problem;      /* store the package first (`problem push`) */
	/* Redis connected / lost, one line (may be NULL). */
	void (*on_event)(void *arg, const char *what);
	void *on_event_arg;
};

/* ARB_E_REQUEST when Q's URL or prefix is malformed. */
int batch_queue_check(const struct batch_queue_opts *q, struct arb_err *err);

/* Queue b's pending students and collect their results (opts->on_done
 * sees each).  0 when every student got a result; -1 with ERR when Redis
 * could not be reached (or stayed away longer than min(timeout, 30 s)) or
 * results stopped coming for timeout_s.  Results that came before a
 * failure are on disk, so the caller can still write the reports; the
 * students left without one are queued again by the next run. */
int batch_queue_judge(const struct batch_opts *opts, const struct batch_queue_opts *q,
		      struct batch *b, struct arb_err *err);

#endif
