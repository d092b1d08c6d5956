/* check_stream.c - the Redis side of judging against a real redis-server:
 * group creation, new and reclaimed entries, claim renewal, the atomic
 * finish (exactly one result per id), deleted entries, a lost group.
 * Each case starts its own server (tests/redis_harness.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "redis_harness.h"
#include "rconn.h"
#include "stream.h"
#include "testutil.h"

Suite *suite_stream(void);

static struct rh_server *srv;
static redisContext *raw;
static struct redis_url url;
static struct rconn *a, *b;
static struct stream_keys keys;

static void setup(void)
{
	struct arb_err err;
	struct rconn_opts o = {.command_timeout_ms = 5000};

	srv = rh_start(NULL);
	ck_assert_ptr_nonnull(srv);
	raw = rh_connect(srv);
	ck_assert_ptr_nonnull(raw);
	ck_assert_int_eq(redis_url_parse(rh_url(srv), &url, &err), 0);
	ck_assert_int_eq(rconn_new(&url, &o, &a, &err), 0);
	ck_assert_int_eq(rconn_new(&url, &o, &b, &err), 0);
	ck_assert_int_eq(stream_keys_init(&keys, "t:", &err), 0);
	ck_assert_int_eq(stream_ensure_group(a, &keys, &err), 0);
}

static void teardown(void)
{
	rconn_free(a);
	rconn_free(b);
	redis_url_free(&url);
	redisFree(raw);
	rh_free(srv);
}

static long long int_reply(const char *fmt, const char *arg)
{
	redisReply *r = redisCommand(raw, fmt, arg);
	long long v;

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->type, REDIS_REPLY_INTEGER);
	v = r->integer;
	freeReplyObject(r);
	return v;
}

static void add(const char *payload)
{
	redisReply *r = redisCommand(raw, "XADD t:submissions * submission %s", payload);

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->type, REDIS_REPLY_STRING);
	freeReplyObject(r);
}

static long long pending(void)
{
	redisReply *r = redisCommand(raw, "XPENDING t:submissions workers");
	long long n;

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->type, REDIS_REPLY_ARRAY);
	n = r->element[0]->integer;
	freeReplyObject(r);
	return n;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

START_TEST(test_group_idempotent)
{
	struct arb_err err;

	/* Twice more: an existing group is not an error. */
	ck_assert_int_eq(stream_ensure_group(a, &keys, &err), 0);
	ck_assert_int_eq(stream_ensure_group(b, &keys, &err), 0);
	ck_assert_int_eq(int_reply("EXISTS %s", "t:submissions"), 1);
}
END_TEST

START_TEST(test_next_and_finish)
{
	struct stream_entry e;
	struct arb_err err;
	redisReply *r;

	add("{\"id\":\"s1\"}");
	ck_assert_int_eq(stream_next(a, &keys, "w/0", 60000, 100, &e, &err), 1);
	ck_assert_str_eq(e.payload, "{\"id\":\"s1\"}");
	ck_assert_uint_eq(e.deliveries, 1);
	ck_assert(!e.reclaimed);
	ck_assert_int_eq(pending(), 1);
	/* Nothing else is queued: the next read times out empty. */
	{
		struct stream_entry e2;

		ck_assert_int_eq(stream_next(b, &keys, "w/1", 60000, 50, &e2, &err), 0);
	}
	ck_assert_int_eq(stream_finish(a, &keys, e.id, "s1", "{\"v\":1}", 100, &err), 1);
	ck_assert_int_eq(pending(), 0);
	ck_assert_int_eq(int_reply("XLEN %s", "t:results"), 1);
	ck_assert_int_eq(int_reply("XLEN %s", "t:submissions"), 0);
	r = redisCommand(raw, "GET t:result:s1");
	ck_assert_str_eq(r->str, "{\"v\":1}");
	freeReplyObject(r);
	ck_assert_int_gt(int_reply("TTL %s", "t:result:s1"), 90);
	stream_entry_free(&e);
}
END_TEST

/* The same submission judged twice (a slow worker and the one that
 * reclaimed it): one result, the first, and both entries acknowledged. */
START_TEST(test_exactly_one_result)
{
	struct stream_entry e1, e2;
	struct arb_err err;
	redisReply *r;

	add("{\"id\":\"dup\"}");
	ck_assert_int_eq(stream_next(a, &keys, "w/0", 60000, 100, &e1, &err), 1);
	sleep_ms(120);
	ck_assert_int_eq(stream_next(b, &keys, "w/1", 100, 50, &e2, &err), 1);
	ck_assert(e2.reclaimed);
	ck_assert_uint_eq(e2.deliveries, 2);
	ck_assert_str_eq(e1.id, e2.id);
	ck_assert_int_eq(stream_finish(b, &keys, e2.id, "dup", "{\"by\":\"b\"}", 100, &err), 1);
	ck_assert_int_eq(stream_finish(a, &keys, e1.id, "dup", "{\"by\":\"a\"}", 100, &err), 0);
	ck_assert_int_eq(int_reply("XLEN %s", "t:results"), 1);
	r = redisCommand(raw, "GET t:result:dup");
	ck_assert_str_eq(r->str, "{\"by\":\"b\"}");
	freeReplyObject(r);
	ck_assert_int_eq(pending(), 0);
	stream_entry_free(&e1);
	stream_entry_free(&e2);
}
END_TEST

/* A live worker's renewal keeps its entry; without it, the entry goes. */
START_TEST(test_renew_keeps_claim)
{
	struct stream_entry e, other;
	struct arb_err err;

	add("{\"id\":\"long\"}");
	ck_assert_int_eq(stream_next(a, &keys, "w/0", 60000, 100, &e, &err), 1);
	for (int i = 0; i < 4; i++) {
		sleep_ms(80);
		ck_assert_int_eq(stream_renew(a, &keys, "w/0", e.id, &err), 1);
		/* Idle at most ~80 ms each time: never reclaimable at 150. */
		ck_assert_int_eq(stream_next(b, &keys, "w/1", 150, 10, &other, &err), 0);
	}
	/* Twin: stop renewing and the other consumer takes it over. */
	sleep_ms(200);
	ck_assert_int_eq(stream_next(b, &keys, "w/1", 150, 10, &other, &err), 1);
	ck_assert_str_eq(other.id, e.id);
	/* Now it is not ours: renewal says so and does not steal it back. */
	ck_assert_int_eq(stream_renew(a, &keys, "w/0", e.id, &err), 0);
	ck_assert_int_eq(stream_renew(b, &keys, "w/1", e.id, &err), 1);
	/* A renewal does not count as a delivery. */
	ck_assert_uint_eq(other.deliveries, 2);
	stream_entry_free(&e);
	stream_entry_free(&other);
}
END_TEST

/* Deliveries count up with each reclaim: the dead-letter input. */
START_TEST(test_delivery_count)
{
	struct stream_entry e;
	struct arb_err err;

	add("{\"id\":\"crashy\"}");
	ck_assert_int_eq(stream_next(a, &keys, "w/0", 60000, 100, &e, &err), 1);
	ck_assert_uint_eq(e.deliveries, 1);
	for (uint64_t want = 2; want <= 4; want++) {
		stream_entry_free(&e);
		sleep_ms(60);
		ck_assert_int_eq(stream_next(b, &keys, "w/1", 50, 10, &e, &err), 1);
		ck_assert_uint_eq(e.deliveries, want);
	}
	stream_entry_free(&e);
}
END_TEST

/* An entry deleted while pending: acknowledged and skipped. */
START_TEST(test_deleted_entry_skipped)
{
	struct stream_entry e, other;
	struct arb_err err;

	add("{\"id\":\"gone\"}");
	ck_assert_int_eq(stream_next(a, &keys, "w/0", 60000, 100, &e, &err), 1);
	ck_assert_int_eq(int_reply("XDEL t:submissions %s", e.id), 1);
	sleep_ms(60);
	ck_assert_int_eq(stream_next(b, &keys, "w/1", 50, 10, &other, &err), 0);
	ck_assert_int_eq(pending(), 0);
	stream_entry_free(&e);
}
END_TEST

/* An entry without the `submission` field still comes out (to be
 * answered JE), with a NULL payload. */
START_TEST(test_entry_without_payload)
{
	struct stream_entry e;
	struct arb_err err;
	redisReply *r = redisCommand(raw, "XADD t:submissions * other x");

	freeReplyObject(r);
	ck_assert_int_eq(stream_next(a, &keys, "w/0", 60000, 100, &e, &err), 1);
	ck_assert_ptr_null(e.payload);
	ck_assert_ptr_nonnull(e.id);
	stream_entry_free(&e);
}
END_TEST

/* The stream deleted under a running worker: the group is made again. */
START_TEST(test_lost_group_recreated)
{
	struct stream_entry e;
	struct arb_err err;

	ck_assert_int_eq(int_reply("DEL %s", "t:submissions"), 1);
	ck_assert_int_eq(stream_next(a, &keys, "w/0", 60000, 10, &e, &err), 0);
	add("{\"id\":\"after\"}");
	ck_assert_int_eq(stream_next(a, &keys, "w/0", 60000, 100, &e, &err), 1);
	ck_assert_str_eq(e.payload, "{\"id\":\"after\"}");
	stream_entry_free(&e);
}
END_TEST

/* Entries queued before any worker made the group are judged too. */
START_TEST(test_group_reads_from_start)
{
	struct stream_keys k2;
	struct stream_entry e;
	struct arb_err err;
	redisReply *r = redisCommand(raw, "XADD early:submissions * submission x");

	freeReplyObject(r);
	ck_assert_int_eq(stream_keys_init(&k2, "early:", &err), 0);
	ck_assert_int_eq(stream_ensure_group(a, &k2, &err), 0);
	ck_assert_int_eq(stream_next(a, &k2, "w/0", 60000, 100, &e, &err), 1);
	ck_assert_str_eq(e.payload, "x");
	stream_entry_free(&e);
}
END_TEST

START_TEST(test_progress_published)
{
	redisContext *sub = rh_connect(srv);
	redisReply *r;
	struct arb_err err;

	ck_assert_ptr_nonnull(sub);
	r = redisCommand(sub, "SUBSCRIBE t:progress:s9");
	freeReplyObject(r);
	ck_assert_int_eq(stream_progress(a, &keys, "s9", "{\"test\":\"sample/1\"}", &err), 0);
	ck_assert_int_eq(redisGetReply(sub, (void **)&r), REDIS_OK);
	ck_assert_int_eq(r->type, REDIS_REPLY_ARRAY);
	ck_assert_str_eq(r->element[2]->str, "{\"test\":\"sample/1\"}");
	freeReplyObject(r);
	redisFree(sub);
}
END_TEST

/* Redis away: an error, quickly, never a hang; back: work resumes. */
START_TEST(test_redis_down_and_back)
{
	struct stream_entry e;
	struct arb_err err;

	ck_assert_int_eq(rh_kill(srv), 0);
	ck_assert_int_eq(stream_next(a, &keys, "w/0", 60000, 100, &e, &err), -1);
	ck_assert_msg(err.msg[0], "no error message");
	ck_assert_int_eq(rh_restart(srv), 0);
	redisFree(raw);
	raw = rh_connect(srv);
	ck_assert_int_eq(rconn_connect(a, true, &err), 0);
	/* No AOF: the group is gone too, and is made again on the way. */
	ck_assert_int_eq(stream_next(a, &keys, "w/0", 60000, 10, &e, &err), 0);
	add("{\"id\":\"back\"}");
	ck_assert_int_eq(stream_next(a, &keys, "w/0", 60000, 100, &e, &err), 1);
	stream_entry_free(&e);
}
END_TEST

Suite *suite_stream(void)
{
	Suite *s = suite_create("stream");
	TCase *tc;

	if (!rh_available()) {
		printf("# SKIP stream: redis-server not installed\n");
		return s;
	}
	tc = tcase_create("redis");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_group_idempotent);
	tcase_add_test(tc, test_next_and_finish);
	tcase_add_test(tc, test_exactly_one_result);
	tcase_add_test(tc, test_renew_keeps_claim);
	tcase_add_test(tc, test_delivery_count);
	tcase_add_test(tc, test_deleted_entry_skipped);
	tcase_add_test(tc, test_entry_without_payload);
	tcase_add_test(tc, test_lost_group_recreated);
	tcase_add_test(tc, test_group_reads_from_start);
	tcase_add_test(tc, test_progress_published);
	tcase_add_test(tc, test_redis_down_and_back);
	suite_add_tcase(s, tc);
	return s;
}
