/* metrics.h - the worker's Prometheus metrics: a registry in shared memory
 * and the HTTP server that exposes it (`arbiter worker --metrics ADDR`).
 *
 * The master creates the registry (one MAP_SHARED anonymous mapping)
 * before it forks the slots, so every slot process adds to the same
 * counters; every figure is a C11 atomic, updated without a lock.  The
 * label sets are fixed at creation: verdicts x the languages of the
 * language table (plus "other" for a submission whose language is unknown
 * or beyond METRICS_MAX_LANGS).  The master serves GET /metrics (text
 * exposition format 0.0.4) and GET /healthz from a libmicrohttpd thread;
 * rendering only reads the atomics, so a scrape never waits for a slot.
 *
 * Every metrics_* update takes a NULL registry and then does nothing: a
 * worker without --metrics calls the same code.
 */
#ifndef ARBITER_WORKER_METRICS_H
#define ARBITER_WORKER_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "verdict.h"

#define METRICS_MAX_LANGS 64
#define METRICS_LANG_LEN 64 /* longer ids count as "other" */
#define METRICS_MAX_SLOTS 256
#define METRICS_DEFAULT_HOST "127.0.0.1"

/* The phases of arbiter_judge_seconds{phase}. */
enum metrics_phase {
	METRICS_PHASE_QUEUE_WAIT, /* enqueued (stream id time) -> a slot took it */
	METRICS_PHASE_COMPILE,    /* the submission's compile step */
	METRICS_PHASE_RUN,        /* every test run of the submission */
	METRICS_PHASE_CHECK,      /* output validation (and building the validator) */
	METRICS_PHASE_TOTAL,      /* the slot's whole judgement of the entry */
	METRICS_PHASE_COUNT,
};

struct metrics;

/* A registry for LANGS (N language ids) and SLOTS slots, in shared memory:
 * create it before forking.  -1 with ERR (mmap failed). */
int metrics_new(const char *const *langs, size_t n, unsigned slots,
		struct metrics **out, struct arb_err *err);
void metrics_free(struct metrics *m);

/*** Updates: any process, any thread ***/

void metrics_submission(struct metrics *m, enum verdict v, const char *lang);
void metrics_test_runs(struct metrics *m, uint64_t n);
void metrics_observe_phase(struct metrics *m, enum metrics_phase p, uint64_t us);
void metrics_observe_sandbox_setup(struct metrics *m, uint64_t us);
void metrics_oom_kills(struct metrics *m, uint64_t n);
void metrics_redis_reconnect(struct metrics *m);
void metrics_slot_busy(struct metrics *m, unsigned slot, bool busy);

/* What a slot's judgement of one entry adds: the submission by verdict
 * and language, its tests, and its phases (compile, run and check only
 * when JUDGED, compile only when it compiled, run and check only when a
 * test ran); TOTAL_US is the slot's
 * whole time on the entry. */
struct judgement;
void metrics_judgement(struct metrics *m, const struct judgement *j, bool judged,
		       uint64_t total_us);
/* judge_ctx.on_sandbox, with ARG the registry. */
void metrics_on_sandbox(void *arg, uint64_t overhead_us, uint64_t oom_kills);
/* queue_wait of the stream entry ENTRY_ID ("<ms>-<seq>": the time Redis
 * added it), taken now; an id from a skewed clock counts 0. */
void metrics_queue_wait(struct metrics *m, const char *entry_id);

/* The master's state, for /healthz: it calls this every turn of its loop;
 * healthy means not stopping, every slot running, and the last call less
 * than METRICS_HEALTH_STALE_MS ago (a stuck master is not healthy). */
#define METRICS_HEALTH_STALE_MS 10000
void metrics_master_tick(struct metrics *m, unsigned running, bool stopping);

/*** Rendering ***/

/* arbiter_queue_depth at scrape time; KNOWN false (Redis away) leaves the
 * gauge without samples rather than showing a stale figure. */
struct metrics_queue {
	bool known;
	uint64_t waiting; /* in the stream, not yet handed to a worker */
	uint64_t pending; /* handed out, result not yet stored */
};

/* The text exposition (format 0.0.4) of M, malloc'd, with *LEN its length;
 * NULL when out of memory.  Q may be NULL (no queue gauge samples). */
char *metrics_render(const struct metrics *m, const struct metrics_queue *q,
		     size_t *len);

/* 1 and a reason in WHY when the master is healthy, 0 when not. */
int metrics_healthy(const struct metrics *m, char *why, size_t why_len);

/*** The HTTP server ***/

/* ADDR is HOST:PORT, [IPV6]:PORT or :PORT (host METRICS_DEFAULT_HOST:
 * loopback unless asked, as the figures name problems' languages and
 * load).  PORT is 1-65535; HOST a numeric address or a name.
 * ARB_E_REQUEST with a message saying what is wrong. */
struct metrics_addr {
	char host[256];
	unsigned port;
};
int metrics_parse_addr(const char *s, struct metrics_addr *out,
		       struct arb_err *err);

struct metrics_server;

struct metrics_server_opts {
	const char *addr;
	struct metrics *m;
	/* Fills Q at scrape time (may be NULL); called from the server's one
	 * thread, never twice at once. */
	void (*queue)(void *arg, struct metrics_queue *q);
	void *queue_arg;
};

/* Bind ADDR and serve from a thread of this process.  Start it with
 * SIGTERM, SIGINT and SIGCHLD blocked: the thread inherits the mask, and
 * those signals are the master's.  -1 with ERR (a bad address: REQUEST;
 * bind or listen failed: INTERNAL, naming the address). */
int metrics_server_start(const struct metrics_server_opts *o,
			 struct metrics_server **out, struct arb_err *err);
/* In a child forked from the serving process: close the inherited listen
 * socket (the server's thread does not exist there). */
void metrics_server_forget(struct metrics_server *s);
void metrics_server_stop(struct metrics_server *s);

#endif
