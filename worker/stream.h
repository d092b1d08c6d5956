/* stream.h - the Redis side of judging (CONTRACT, Redis protocol).
 *
 *   stream_ensure_group  XGROUP CREATE <prefix>submissions workers 0 MKSTREAM
 *                        (from 0: entries queued before any worker ran are
 *                        judged too); an existing group is fine
 *   stream_next          our next entry: first one another consumer left
 *                        idle for claim_idle_ms (XAUTOCLAIM - a dead
 *                        worker's), else a new one (XREADGROUP >, BLOCK)
 *   stream_renew         reset the idle time of an entry we still own, so a
 *                        long judgement is never reclaimed from a live worker
 *   stream_finish        ONE atomic step (a Lua script): store the result at
 *                        <prefix>result:<id> with SET NX EX ttl, append it to
 *                        <prefix>results only if that SET won, and XACK the
 *                        entry - so a submission judged twice still gets
 *                        exactly one final result
 *   stream_progress      PUBLISH <prefix>progress:<id>
 *   stream_depth         how many entries wait for a worker and how many
 *                        are being judged (metrics)
 *
 * Every function returns -1 with ERR when Redis is unreachable (rconn.h);
 * callers retry - a result owed is never dropped.
 */
#ifndef ARBITER_WORKER_STREAM_H
#define ARBITER_WORKER_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "rconn.h"

#define STREAM_GROUP "workers"
#define STREAM_KEY_LEN 256

struct stream_keys {
	char prefix[STREAM_KEY_LEN];      /* "arbiter:" */
	char submissions[STREAM_KEY_LEN]; /* "arbiter:submissions" */
	char results[STREAM_KEY_LEN];     /* "arbiter:results" */
};

/* ARB_E_REQUEST when PREFIX is too long. */
int stream_keys_init(struct stream_keys *k, const char *prefix, struct arb_err *err);

int stream_ensure_group(struct rconn *c, const struct stream_keys *k,
			struct arb_err *err);

struct stream_entry {
	char *id;          /* stream entry id "1700000000000-0" */
	char *payload;     /* the `submission` field; NULL when missing */
	size_t len;
	uint64_t deliveries; /* how many times it was handed out, this one included */
	bool reclaimed;    /* taken over from another consumer */
};
void stream_entry_free(struct stream_entry *e);

/* 1 with E filled, 0 when nothing came within BLOCK_MS, -1 on error.
 * Entries whose data was deleted from the stream are acknowledged and
 * skipped. */
int stream_next(struct rconn *c, const struct stream_keys *k, const char *consumer,
		uint64_t claim_idle_ms, uint64_t block_ms, struct stream_entry *e,
		struct arb_err *err);

/* 1 when ENTRY_ID is still ours (its idle time reset), 0 when another
 * consumer has taken it over (stop caring: its result will be theirs or
 * ours, never both), -1 on error. */
int stream_renew(struct rconn *c, const struct stream_keys *k, const char *consumer,
		 const char *entry_id, struct arb_err *err);

/* Store + append + ack (see above).  KEY_ID names the result key (the
 * submission id, or for a message without a usable id "entry:<entry id>").
 * 1 when this call stored the result, 0 when one was there already (it is
 * acknowledged either way), -1 on error. */
int stream_finish(struct rconn *c, const struct stream_keys *k, const char *entry_id,
		  const char *key_id, const char *result_json, uint64_t ttl_s,
		  struct arb_err *err);

/* Best effort: errors are returned but a caller may ignore them. */
int stream_progress(struct rconn *c, const struct stream_keys *k, const char *sub_id,
		    const char *json, struct arb_err *err);

/* *WAITING: entries not yet handed to any worker; *PENDING: handed out,
 * result not yet stored.  -1 with ERR (also when the group is missing). */
int stream_depth(struct rconn *c, const struct stream_keys *k, uint64_t *waiting,
		 uint64_t *pending, struct arb_err *err);

#endif
