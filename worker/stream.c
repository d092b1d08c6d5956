/* stream.c - submissions in, results out, over Redis Streams (stream.h).
 *
 * The two scripts are the heart of the delivery guarantee.  Redis runs a
 * script atomically, so "is there a result already / store it / append it /
 * acknowledge the entry" cannot interleave with another worker finishing
 * the same submission.  Scripts are sent with EVAL every time: Redis caches
 * them by hash, and EVAL needs no NOSCRIPT fallback after a Redis restart.
 */
#include "stream.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* KEYS: result key, results stream, submissions stream.
 * ARGV: result JSON, ttl seconds, group, entry id. */
static const char finish_script[] =
	"local stored = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2])\n"
	"if stored then\n"
	"  redis.call('XADD', KEYS[2], 'MAXLEN', '~', '1000000', '*', 'result', ARGV[1])\n"
	"end\n"
	/* The entry is done with whoever judged it; its source can go. */
	"redis.call('XACK', KEYS[3], ARGV[3], ARGV[4])\n"
	"redis.call('XDEL', KEYS[3], ARGV[4])\n"
	"if stored then return 1 else return 0 end\n";

/* KEYS: submissions stream.  ARGV: group, consumer, entry id.
 * XCLAIM ... JUSTID resets the idle time without counting a delivery. */
static const char renew_script[] =
	"local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)\n"
	"if #p == 0 or p[1][2] ~= ARGV[2] then return 0 end\n"
	"redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')\n"
	"return 1\n";

int stream_keys_init(struct stream_keys *k, const char *prefix, struct arb_err *err)
{
	size_t n = strlen(prefix);

	if (n == 0 || n + sizeof("submissions") > STREAM_KEY_LEN)
		return arb_fail(err, ARB_E_REQUEST, 0, "key prefix '%s': empty or too long",
				prefix);
	snprintf(k->prefix, sizeof(k->prefix), "%s", prefix);
	snprintf(k->submissions, sizeof(k->submissions), "%ssubmissions", prefix);
	snprintf(k->results, sizeof(k->results), "%sresults", prefix);
	return 0;
}

static int reply_error(const redisReply *r, const char *what, struct arb_err *err)
{
	return arb_fail(err, ARB_E_INTERNAL, 0, "redis %s: %.*s", what,
			r->type == REDIS_REPLY_ERROR ? (int)r->len : 20,
			r->type == REDIS_REPLY_ERROR ? r->str : "unexpected reply type");
}

int stream_ensure_group(struct rconn *c, const struct stream_keys *k,
			struct arb_err *err)
{
	_cleanup_reply_ redisReply *r = rconn_command(c, err, "XGROUP CREATE %s %s 0 MKSTREAM",
						      k->submissions, STREAM_GROUP);

	if (!r)
		return -1;
	if (r->type == REDIS_REPLY_ERROR && strncmp(r->str, "BUSYGROUP", 9) != 0)
		return reply_error(r, "XGROUP CREATE", err);
	return 0;
}

void stream_entry_free(struct stream_entry *e)
{
	if (!e)
		return;
	free(e->id);
	free(e->payload);
	memset(e, 0, sizeof(*e));
}

static bool is_str(const redisReply *r)
{
	return r && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS);
}

/* [id, [field, value, ...]] -> E.  0, or -1 when the entry's data is gone
 * (deleted from the stream: its fields are nil) with E->id still set. */
static int parse_entry(const redisReply *r, struct stream_entry *e)
{
	const redisReply *f;

	if (!r || r->type != REDIS_REPLY_ARRAY || r->elements < 1 || !is_str(r->element[0]))
		return -1;
	e->id = strndup(r->element[0]->str, r->element[0]->len);
	if (r->elements < 2 || r->element[1]->type != REDIS_REPLY_ARRAY)
		return -1;
	f = r->element[1];
	for (size_t i = 0; i + 1 < f->elements; i += 2)
		if (is_str(f->element[i]) && !strcmp(f->element[i]->str, "submission") &&
		    is_str(f->element[i + 1])) {
			e->payload = malloc(f->element[i + 1]->len + 1);
			if (!e->payload)
				return -1;
			memcpy(e->payload, f->element[i + 1]->str, f->element[i + 1]->len);
			e->payload[f->element[i + 1]->len] = '\0';
			e->len = f->element[i + 1]->len;
			break;
		}
	return 0;
}

static int ack_deleted(struct rconn *c, const struct stream_keys *k, const char *id,
		       struct arb_err *err)
{
	_cleanup_reply_ redisReply *r = rconn_command(c, err, "XACK %s %s %s", k->submissions,
						      STREAM_GROUP, id);
	return r ? 0 : -1;
}

static int delivery_count(struct rconn *c, const struct stream_keys *k, const char *id,
			  uint64_t *count, struct arb_err *err)
{
	_cleanup_reply_ redisReply *r = rconn_command(c, err, "XPENDING %s %s %s %s 1",
						      k->submissions, STREAM_GROUP, id, id);

	if (!r)
		return -1;
	if (r->type != REDIS_REPLY_ARRAY)
		return reply_error(r, "XPENDING", err);
	*count = 1;
	if (r->elements == 1 && r->element[0]->type == REDIS_REPLY_ARRAY &&
	    r->element[0]->elements >= 4 &&
	    r->element[0]->element[3]->type == REDIS_REPLY_INTEGER)
		*count = (uint64_t)r->element[0]->element[3]->integer;
	return 0;
}

/* One entry another consumer left idle, following XAUTOCLAIM's cursor over
 * the whole pending list: 1, 0 (none), -1. */
static int reclaim(struct rconn *c, const struct stream_keys *k, const char *consumer,
		   uint64_t idle_ms, struct stream_entry *e, struct arb_err *err)
{
	char cursor[64] = "0-0";

	/* Bounded: the pending list holds at most one entry per busy slot. */
	for (int round = 0; round < 1000; round++) {
		_cleanup_reply_ redisReply *r = rconn_command(
			c, err, "XAUTOCLAIM %s %s %s %llu %s COUNT 1", k->submissions,
			STREAM_GROUP, consumer, (unsigned long long)idle_ms, cursor);
		const redisReply *list;

		if (!r)
			return -1;
		if (r->type == REDIS_REPLY_ERROR && !strncmp(r->str, "NOGROUP", 7))
			/* The stream was deleted (or Redis lost it): make it
			 * again; nothing was pending in a group that is gone. */
			return stream_ensure_group(c, k, err) < 0 ? -1 : 0;
		if (r->type != REDIS_REPLY_ARRAY || r->elements < 2 || !is_str(r->element[0]) ||
		    r->element[1]->type != REDIS_REPLY_ARRAY)
			return reply_error(r, "XAUTOCLAIM", err);
		/* Redis 7 lists deleted entries apart (element 2) and has
		 * already dropped them from the pending list. */
		list = r->element[1];
		for (size_t i = 0; i < list->elements; i++) {
			stream_entry_free(e);
			if (parse_entry(list->element[i], e) < 0 || !e->payload) {
				/* Redis 6.2: a deleted entry comes back as nil. */
				if (e->id && ack_deleted(c, k, e->id, err) < 0)
					return -1;
				continue;
			}
			e->reclaimed = true;
			return delivery_count(c, k, e->id, &e->deliveries, err) < 0 ? -1 : 1;
		}
		stream_entry_free(e);
		snprintf(cursor, sizeof(cursor), "%.*s", (int)r->element[0]->len,
			 r->element[0]->str);
		if (!strcmp(cursor, "0-0"))
			return 0;
	}
	return 0;
}

int stream_next(struct rconn *c, const struct stream_keys *k, const char *consumer,
		uint64_t claim_idle_ms, uint64_t block_ms, struct stream_entry *e,
		struct arb_err *err)
{
	_cleanup_reply_ redisReply *r = NULL;
	const redisReply *entries;
	int rc;

	memset(e, 0, sizeof(*e));
	rc = reclaim(c, k, consumer, claim_idle_ms, e, err);
	if (rc != 0)
		return rc;
	r = rconn_command(c, err, "XREADGROUP GROUP %s %s COUNT 1 BLOCK %llu STREAMS %s >",
			  STREAM_GROUP, consumer, (unsigned long long)block_ms,
			  k->submissions);
	if (!r)
		return -1;
	if (r->type == REDIS_REPLY_NIL)
		return 0;
	if (r->type == REDIS_REPLY_ERROR && !strncmp(r->str, "NOGROUP", 7))
		/* The stream was deleted under us: make it again. */
		return stream_ensure_group(c, k, err) < 0 ? -1 : 0;
	/* [[stream, [[id, fields]]]] */
	if (r->type != REDIS_REPLY_ARRAY || r->elements != 1 ||
	    r->element[0]->type != REDIS_REPLY_ARRAY || r->element[0]->elements != 2 ||
	    r->element[0]->element[1]->type != REDIS_REPLY_ARRAY)
		return reply_error(r, "XREADGROUP", err);
	entries = r->element[0]->element[1];
	if (entries->elements == 0)
		return 0;
	if (parse_entry(entries->element[0], e) < 0 && !e->id) {
		stream_entry_free(e);
		return arb_fail(err, ARB_E_INTERNAL, 0, "redis XREADGROUP: malformed entry");
	}
	e->deliveries = 1;
	return 1;
}

int stream_renew(struct rconn *c, const struct stream_keys *k, const char *consumer,
		 const char *entry_id, struct arb_err *err)
{
	_cleanup_reply_ redisReply *r = rconn_command(c, err, "EVAL %s 1 %s %s %s %s",
						      renew_script, k->submissions,
						      STREAM_GROUP, consumer, entry_id);

	if (!r)
		return -1;
	if (r->type != REDIS_REPLY_INTEGER)
		return reply_error(r, "renew script", err);
	return r->integer == 1 ? 1 : 0;
}

int stream_finish(struct rconn *c, const struct stream_keys *k, const char *entry_id,
		  const char *key_id, const char *result_json, uint64_t ttl_s,
		  struct arb_err *err)
{
	char key[STREAM_KEY_LEN + 256];
	_cleanup_reply_ redisReply *r = NULL;

	snprintf(key, sizeof(key), "%sresult:%s", k->prefix, key_id);
	r = rconn_command(c, err, "EVAL %s 3 %s %s %s %s %llu %s %s", finish_script, key,
			  k->results, k->submissions, result_json, (unsigned long long)ttl_s,
			  STREAM_GROUP, entry_id);
	if (!r)
		return -1;
	if (r->type != REDIS_REPLY_INTEGER)
		return reply_error(r, "finish script", err);
	return r->integer == 1 ? 1 : 0;
}

int stream_progress(struct rconn *c, const struct stream_keys *k, const char *sub_id,
		    const char *json, struct arb_err *err)
{
	_cleanup_reply_ redisReply *r = rconn_command(c, err, "PUBLISH %sprogress:%s %s",
						      k->prefix, sub_id, json);

	if (!r)
		return -1;
	return r->type == REDIS_REPLY_ERROR ? reply_error(r, "PUBLISH", err) : 0;
}

/* One script, so the two counts are of the same moment. */
static const char depth_script[] =
	"local p = redis.call('XPENDING', KEYS[1], ARGV[1])\n"
	"return {redis.call('XLEN', KEYS[1]), p[1]}\n";

int stream_depth(struct rconn *c, const struct stream_keys *k, uint64_t *waiting,
		 uint64_t *pending, struct arb_err *err)
{
	_cleanup_reply_ redisReply *r = rconn_command(c, err, "EVAL %s 1 %s %s", depth_script,
						      k->submissions, STREAM_GROUP);
	long long len, pend;

	if (!r)
		return -1;
	if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
	    r->element[0]->type != REDIS_REPLY_INTEGER ||
	    r->element[1]->type != REDIS_REPLY_INTEGER)
		return reply_error(r, "depth script", err);
	len = r->element[0]->integer;
	pend = r->element[1]->integer;
	/* Finished entries are deleted (stream_finish), so the stream holds
	 * exactly the waiting and the pending ones. */
	*pending = pend > 0 ? (uint64_t)pend : 0;
	*waiting = len > pend ? (uint64_t)(len - pend) : 0;
	return 0;
}
