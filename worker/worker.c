/* worker.c - `arbiter worker`: the master and its slots (see worker.h).
 *
 *   master   languages, cgroup mode, consumer group; fork the slots; then
 *            wait for signals: restart a slot that died, forward a stop;
 *            with --metrics, a libmicrohttpd thread serves the registry
 *            the slots add to (metrics.h)
 *   slot     next entry -> decode -> problem -> judge -> result JSON ->
 *            deliver (retried until Redis takes it) -> next
 *   renewer  a thread of each slot: every heartbeat_ms, reset the idle time
 *            of the entry being judged, so no other worker reclaims it
 */
#include "worker.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/clock.h"
#include "base/log.h"
#include "cmd_common.h"
#include "judge.h"
#include "metrics.h"
#include "msg.h"
#include "pkgcache.h"
#include "rconn.h"
#include "report.h"
#include "sandbox/cgroup.h"
#include "stream.h"

#define MAX_SLOTS 256
/* A slot that dies this soon after its start is restarted after a pause,
 * not at once: a slot that cannot start must not spin. */
#define SLOT_RESTART_PAUSE_S 5
/* How long a stopping slot keeps trying to deliver a result it owes. */
#define STOP_DELIVERY_S 60
#define SWEEP_INTERVAL_MS 10000
/* How often the health file is rewritten; probes allow several periods. */
#define HEALTH_INTERVAL_MS 2000

/* The one signal flag of a slot process (and of the master). */
static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void fmt_u64(char *buf, size_t len, uint64_t v)
{
	snprintf(buf, len, "%llu", (unsigned long long)v);
}

/*** A slot ***/

struct slot {
	const struct worker_config *cfg;
	int index;
	char consumer[300];
	struct stream_keys keys;
	const struct redis_url *url;
	const struct lang_table *langs;
	struct rconn *rc;
	struct cg_manager *cg;
	struct pkgcache *pc;
	struct judge_ctx ctx;
	const char *sub_id; /* being judged, for progress */
	struct metrics *metrics;          /* NULL without --metrics */
	struct metrics_server *metrics_srv; /* the master's, closed here */
	bool redis_seen;                  /* connected once: next is a reconnect */

	/* shared with the renewer thread */
	pthread_mutex_t lock;
	pthread_cond_t wake;
	char current[128];  /* entry id being judged, "" when idle */
	bool quit;
};

static void on_redis_event(void *arg, const char *what)
{
	struct slot *s = arg; /* NULL in the master */

	if (s && strncmp(what, "connected", 9) == 0) {
		if (s->redis_seen)
			metrics_redis_reconnect(s->metrics);
		s->redis_seen = true;
	}
	log_event(strncmp(what, "connected", 9) ? LOG_WARN : LOG_INFO, "redis", "state",
		  what, NULL);
}

static void *renewer_main(void *arg)
{
	struct slot *s = arg;
	struct rconn_opts o = {.command_timeout_ms = 5000};
	struct rconn *rc = NULL;
	struct arb_err err;

	if (rconn_new(s->url, &o, &rc, &err) < 0)
		return NULL;
	pthread_mutex_lock(&s->lock);
	while (!s->quit) {
		struct timespec until;
		char entry[sizeof(s->current)];

		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += (time_t)(s->cfg->heartbeat_ms / 1000);
		until.tv_nsec += (long)(s->cfg->heartbeat_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&s->wake, &s->lock, &until);
		if (s->quit || !s->current[0])
			continue;
		memcpy(entry, s->current, sizeof(entry));
		pthread_mutex_unlock(&s->lock);
		switch (stream_renew(rc, &s->keys, s->consumer, entry, &err)) {
		case 0:
			/* Taken over: whoever finishes first delivers the
			 * result; the other's is dropped by stream_finish. */
			log_event(LOG_WARN, "claim-lost", "entry", entry, NULL);
			break;
		case -1:
			log_event(LOG_WARN, "renew-failed", "entry", entry, "error",
				  err.msg, NULL);
			break;
		}
		pthread_mutex_lock(&s->lock);
	}
	pthread_mutex_unlock(&s->lock);
	rconn_free(rc);
	return NULL;
}

static void set_current(struct slot *s, const char *entry)
{
	pthread_mutex_lock(&s->lock);
	snprintf(s->current, sizeof(s->current), "%s", entry ? entry : "");
	pthread_mutex_unlock(&s->lock);
}

static void on_test(void *arg, size_t index, size_t total, const struct judge_test *t)
{
	struct slot *s = arg;
	json_auto_t *o = NULL;
	_cleanup_free_ char *text = NULL;
	struct arb_err err;

	if (!s->sub_id || !s->cfg->progress)
		return;
	o = json_pack("{s:s, s:s, s:I, s:I, s:s, s:I, s:I}", "id", s->sub_id, "test",
		      t->name, "index", (json_int_t)index + 1, "total", (json_int_t)total,
		      "verdict", verdict_name(t->verdict), "time_ms",
		      (json_int_t)((t->cpu_us + 500) / 1000), "memory_kb",
		      (json_int_t)t->mem_kib);
	text = o ? json_dumps(o, JSON_COMPACT) : NULL;
	/* Progress is best effort: a lost message costs nothing. */
	if (text)
		stream_progress(s->rc, &s->keys, s->sub_id, text, &err);
}

/* The judgement of entry E, whatever happens; fills KEY_ID (the result's
 * key: the id, or "entry:<entry id>" without a usable one). */
static char *judge_entry(struct slot *s, const struct stream_entry *e, char *key_id,
			 size_t key_len)
{
	struct job job;
	struct judgement j;
	struct problem *prob = NULL;
	struct report_meta meta = {0};
	struct arb_err err;
	json_auto_t *o = NULL;
	char *text = NULL;
	bool judged = false;
	uint64_t start = mono_ns();

	memset(&job, 0, sizeof(job));
	memset(&j, 0, sizeof(j));
	j.verdict = VERDICT_JE;
	arb_err_clear(&err);

	if (!e->payload)
		arb_fail(&err, ARB_E_REQUEST, 0, "stream entry has no 'submission' field");
	else if (msg_decode(e->payload, e->len, &job, &err) < 0)
		; /* err says why; job has the id and meta when readable */
	else if (e->len > s->cfg->max_message_kib * 1024)
		arb_fail(&err, ARB_E_SUBMISSION, 0,
			 "submission message is %zu KiB, over this worker's limit of %llu KiB",
			 e->len / 1024, (unsigned long long)s->cfg->max_message_kib);
	else if (e->deliveries > s->cfg->max_deliveries)
		arb_fail(&err, ARB_E_INTERNAL, 0,
			 "given up after %llu deliveries: judging this submission "
			 "kept failing (a worker crashed or was killed each time)",
			 (unsigned long long)e->deliveries - 1);
	else if (!(job.lang = lang_by_id(s->langs, job.language)))
		arb_fail(&err, ARB_E_REQUEST, 0, "unknown language '%s'", job.language);
	else if (pkgcache_get(s->pc, &s->ctx, job.problem, &prob, &err) == 0)
		judged = true;

	if (judged) {
		struct judge_request req = {
			.id = job.id, .lang_id = job.language, .intake = job_intake,
			.intake_arg = &job, .time_limit_us = job.time_limit_us,
			.memory_bytes = job.memory_bytes, .output_bytes = job.output_bytes,
			.run_all_tests = job.run_all_tests,
		};

		s->sub_id = job.id;
		if (judge_submission(&s->ctx, prob, &req, &j) < 0)
			arb_fail(&err, ARB_E_INTERNAL, ENOMEM, "judging");
		s->sub_id = NULL;
	} else {
		/* A message we cannot judge is answered, never dropped. */
		j.verdict = err.kind == ARB_E_SUBMISSION ? VERDICT_CE : VERDICT_JE;
		snprintf(j.message, sizeof(j.message), "%s", err.msg);
		if (job.language)
			j.language = strdup(job.language);
	}

	if (job.id)
		snprintf(key_id, key_len, "%s", job.id);
	else
		snprintf(key_id, key_len, "entry:%s", e->id);
	meta.id = job.id;
	meta.problem = job.problem;
	meta.worker = s->consumer;
	meta.judged_at = time(NULL);
	meta.meta = job.meta;
	o = report_json(&j, &meta);
	text = o ? json_dumps(o, JSON_COMPACT) : NULL;
	{
		char t[32], d[32];

		fmt_u64(t, sizeof(t), (j.cpu_us + 500) / 1000);
		fmt_u64(d, sizeof(d), e->deliveries);
		log_event(j.verdict == VERDICT_JE ? LOG_WARN : LOG_INFO, "judged", "id",
			  key_id, "problem", job.problem ? job.problem : "", "verdict",
			  verdict_name(j.verdict), "time_ms", t, "delivery", d,
			  "message", j.message, NULL);
	}
	metrics_judgement(s->metrics, &j, judged, (mono_ns() - start) / 1000);
	judgement_free(&j);
	job_free(&job);
	return text;
}

/* Deliver until Redis takes it.  While stopping, give up after
 * STOP_DELIVERY_S: the entry stays pending and another worker will judge
 * it again - a late result, never a lost one. */
static void deliver(struct slot *s, const char *entry, const char *key_id,
		    const char *json)
{
	uint64_t stop_since = 0;
	struct arb_err err;

	for (;;) {
		int rc = stream_finish(s->rc, &s->keys, entry, key_id, json,
				       s->cfg->result_ttl_s, &err);

		if (rc == 0)
			log_event(LOG_INFO, "duplicate", "id", key_id, "entry", entry, NULL);
		if (rc >= 0)
			return;
		log_event(LOG_WARN, "deliver-failed", "id", key_id, "error", err.msg, NULL);
		if (stop_requested) {
			if (!stop_since)
				stop_since = mono_ms();
			else if (mono_ms() - stop_since > STOP_DELIVERY_S * 1000ULL) {
				log_event(LOG_ERROR, "undelivered", "id", key_id, "entry",
					  entry, NULL);
				return;
			}
		}
		rconn_backoff(s->rc, NULL);
	}
}

static int slot_open(struct slot *s, struct arb_err *err)
{
	struct cg_manager_opts cgo = {.mode = CG_MODE_AUTO};
	struct rconn_opts ro = {
		/* Longer than a blocking read, so a dead socket is noticed. */
		.command_timeout_ms = (unsigned)s->cfg->block_ms + 10000,
		.on_event = on_redis_event,
		.on_event_arg = s,
	};

	if (cmd_parse_cgroup_mode(s->cfg->cgroup, &cgo.mode) < 0)
		return arb_fail(err, ARB_E_REQUEST, 0, "cgroup mode '%s'", s->cfg->cgroup);
	if (cg_manager_open(&cgo, &s->cg, err) < 0 ||
	    rconn_new(s->url, &ro, &s->rc, err) < 0 ||
	    pkgcache_new(s->cfg->problems, s->cfg->cache, s->rc, &s->keys, &s->pc, err) < 0)
		return -1;
	s->ctx.langs = s->langs;
	s->ctx.cg = s->cg;
	s->ctx.box_id = (int)(s->cfg->box_base + (unsigned)s->index);
	s->ctx.on_test = on_test;
	s->ctx.on_test_arg = s;
	s->ctx.on_sandbox = metrics_on_sandbox;
	s->ctx.on_sandbox_arg = s->metrics;
	return 0;
}

__attribute__((noreturn)) static void slot_main(struct slot *s, pid_t master)
{
	struct sigaction sa;
	sigset_t none;
	pthread_t renewer;
	struct arb_err err;
	char idx[16];
	int rc = 0;

	/* The slot dies with the master: a killed worker leaves nothing
	 * judging, and its entries are reclaimed by the others. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != master)
		_exit(1);
	metrics_server_forget(s->metrics_srv);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	snprintf(idx, sizeof(idx), "%d", s->index);
	log_set_context("slot", idx);

	pthread_mutex_init(&s->lock, NULL);
	{
		pthread_condattr_t ca;

		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&s->wake, &ca);
		pthread_condattr_destroy(&ca);
	}
	if (slot_open(s, &err) < 0) {
		log_event(LOG_ERROR, "slot-start", "error", err.msg, NULL);
		_exit(1);
	}
	if (pthread_create(&renewer, NULL, renewer_main, s) != 0) {
		log_event(LOG_ERROR, "slot-start", "error", "cannot start the renewer", NULL);
		_exit(1);
	}
	log_event(LOG_INFO, "slot-ready", "consumer", s->consumer, NULL);

	while (!stop_requested) {
		struct stream_entry e;
		char key_id[300];
		char *json;

		if (rconn_connect(s->rc, false, &err) < 0) {
			rconn_backoff(s->rc, &stop_requested);
			continue;
		}
		rc = stream_next(s->rc, &s->keys, s->consumer, s->cfg->claim_idle_ms,
				 s->cfg->block_ms, &e, &err);
		if (rc < 0) {
			log_event(LOG_WARN, "read-failed", "error", err.msg, NULL);
			rconn_backoff(s->rc, &stop_requested);
			continue;
		}
		if (rc == 0)
			continue;
		set_current(s, e.id);
		metrics_slot_busy(s->metrics, (unsigned)s->index, true);
		metrics_queue_wait(s->metrics, e.id);
		if (e.reclaimed)
			log_event(LOG_INFO, "reclaimed", "entry", e.id, NULL);
		json = judge_entry(s, &e, key_id, sizeof(key_id));
		if (json)
			deliver(s, e.id, key_id, json);
		else
			log_event(LOG_ERROR, "result", "id", key_id, "error", "out of memory",
				  NULL);
		free(json);
		set_current(s, NULL);
		metrics_slot_busy(s->metrics, (unsigned)s->index, false);
		stream_entry_free(&e);
	}

	pthread_mutex_lock(&s->lock);
	s->quit = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(renewer, NULL);
	log_event(LOG_INFO, "slot-stopped", NULL);
	judge_ctx_release(&s->ctx);
	pkgcache_free(s->pc);
	rconn_free(s->rc);
	cg_manager_close(s->cg);
	_exit(0);
}

/*** The master ***/

struct slot_proc {
	pid_t pid;        /* 0: not running */
	uint64_t started; /* mono ms */
	uint64_t restart_at;
};

static pid_t start_slot(struct slot *s, pid_t master)
{
	pid_t pid = fork();

	if (pid == 0)
		slot_main(s, master);
	return pid;
}

/* Wait for Redis and make the consumer group; false when told to stop. */
static bool prepare_redis(const struct redis_url *url, const struct stream_keys *keys)
{
	struct rconn_opts o = {.command_timeout_ms = 5000, .on_event = on_redis_event};
	struct rconn *rc = NULL;
	struct arb_err err;
	bool ok = false, said = false;

	if (rconn_new(url, &o, &rc, &err) < 0)
		return false;
	while (!stop_requested) {
		if (stream_ensure_group(rc, keys, &err) == 0) {
			ok = true;
			break;
		}
		if (!said)
			log_event(LOG_WARN, "waiting-for-redis", "error", err.msg, NULL);
		said = true;
		rconn_backoff(rc, &stop_requested);
	}
	rconn_free(rc);
	return ok;
}

static void log_start(const struct worker_config *cfg, const struct lang_table *langs,
		      const char *cg_mode, const struct redis_url *url)
{
	char redis[256], slots[16], avail[512] = "", missing[512] = "";

	redis_url_describe(url, redis, sizeof(redis));
	snprintf(slots, sizeof(slots), "%u", cfg->slots);
	for (size_t i = 0; i < langs->n; i++) {
		char *buf = langs->langs[i].available ? avail : missing;
		size_t n = strlen(buf);

		snprintf(buf + n, 512 - n, "%s%s", n ? "," : "", langs->langs[i].id);
	}
	log_event(LOG_INFO, "start", "version", ARBITER_VERSION, "redis", redis,
		  "slots", slots, "cgroup", cg_mode, "languages", avail, "missing",
		  missing, "problems", cfg->problems ? cfg->problems : "", NULL);
}

/* The health file (--health-file): one line "<unix time> <running>/<slots>"
 * rewritten by the master while every slot runs, so its mtime says that
 * the master loop turns, Redis was reached and no slot is down.  Written
 * in place (O_TRUNC): a probe reads the mtime, not the text.  O_NOFOLLOW:
 * the path may be in a shared directory. */
static void health_write(const char *path, unsigned running, unsigned slots,
			 bool *warned)
{
	char line[64];
	int n, fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		if (!*warned)
			log_event(LOG_WARN, "health-file", "path", path, "error",
				  strerror(errno), NULL);
		*warned = true;
		return;
	}
	n = snprintf(line, sizeof(line), "%lld %u/%u\n", (long long)time(NULL),
		     running, slots);
	if (write(fd, line, (size_t)n) != n)
		log_event(LOG_WARN, "health-file", "path", path, "error",
			  strerror(errno), NULL);
	close(fd);
}

/* arbiter_queue_depth, asked at scrape time by the metrics server's
 * thread on a connection of its own (a hiredis context is one thread's). */
struct queue_probe {
	struct rconn *rc;
	const struct stream_keys *keys;
};

static void probe_queue(void *arg, struct metrics_queue *q)
{
	struct queue_probe *p = arg;
	struct arb_err err;

	/* No waiting out the backoff: while Redis is away a scrape answers
	 * at once, without the gauge's samples. */
	q->known = rconn_connect(p->rc, false, &err) == 0 &&
		   stream_depth(p->rc, p->keys, &q->waiting, &q->pending, &err) == 0;
}

/* The registry (before the slots fork: they share it) and its server. */
static int metrics_open(const struct worker_config *cfg, const struct lang_table *langs,
			const struct redis_url *url, struct queue_probe *probe,
			struct metrics **m, struct metrics_server **srv,
			struct arb_err *err)
{
	struct rconn_opts ro = {.connect_timeout_ms = 1000, .command_timeout_ms = 2000};
	struct metrics_server_opts so = {.addr = cfg->metrics, .queue = probe_queue,
					 .queue_arg = probe};
	const char *ids[METRICS_MAX_LANGS];
	size_t n;

	for (n = 0; n < langs->n && n < METRICS_MAX_LANGS; n++)
		ids[n] = langs->langs[n].id;
	if (metrics_new(ids, n, cfg->slots, m, err) < 0 ||
	    rconn_new(url, &ro, &probe->rc, err) < 0)
		return -1;
	so.m = *m;
	if (metrics_server_start(&so, srv, err) < 0)
		return -1;
	log_event(LOG_INFO, "metrics", "addr", cfg->metrics, NULL);
	return 0;
}

int worker_run(const struct worker_config *cfg, struct arb_err *err)
{
	struct lang_table *langs = NULL;
	struct cg_manager *cg = NULL;
	struct cg_manager_opts cgo = {.mode = CG_MODE_AUTO};
	struct redis_url url;
	struct stream_keys keys;
	struct slot *slots = NULL;
	struct slot_proc *procs = NULL;
	struct metrics *metrics = NULL;
	struct metrics_server *msrv = NULL;
	struct queue_probe probe = {.keys = &keys};
	struct sigaction sa;
	sigset_t mask, old;
	pid_t master = getpid();
	unsigned running = 0;
	uint64_t next_sweep = 0, next_health = 0;
	bool stopping = false, health_warned = false;
	int rc = -1;

	memset(&url, 0, sizeof(url));
	if (cfg->log_format != CONFIG_LOG_AUTO)
		log_set_json(cfg->log_format == CONFIG_LOG_JSON);
	log_set_context("worker", cfg->name);
	if (cfg->slots < 1 || cfg->slots > MAX_SLOTS)
		return arb_fail(err, ARB_E_REQUEST, 0, "slots: %u is out of range", cfg->slots);
	if (redis_url_parse(cfg->redis, &url, err) < 0 ||
	    stream_keys_init(&keys, cfg->prefix, err) < 0)
		goto out;
	if (cmd_parse_cgroup_mode(cfg->cgroup, &cgo.mode) < 0) {
		arb_fail(err, ARB_E_REQUEST, 0, "cgroup mode '%s'", cfg->cgroup);
		goto out;
	}
	if (lang_load(NULL, &langs, err) < 0)
		goto out;
	/* Opened once here so that on v2 the master moves into its leaf
	 * before the slots are forked: they inherit it. */
	if (cg_manager_open(&cgo, &cg, err) < 0)
		goto out;
	log_start(cfg, langs, cg_mode_name(cg_manager_mode(cg)), &url);

	/* Signals: the master waits for them synchronously. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, &old);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* Here, with the signals blocked: the server's thread inherits the
	 * mask, so they stay the master's.  Before Redis is reached: a bad
	 * address fails the start at once, and /healthz says "starting". */
	if (cfg->metrics &&
	    metrics_open(cfg, langs, &url, &probe, &metrics, &msrv, err) < 0)
		goto out;

	/* Redis may be down at start: wait for it (interruptible). */
	sigprocmask(SIG_UNBLOCK, &mask, NULL);
	if (!prepare_redis(&url, &keys)) {
		rc = 0;
		log_event(LOG_INFO, "stopped", NULL);
		goto out;
	}
	sigprocmask(SIG_BLOCK, &mask, NULL);

	slots = calloc(cfg->slots, sizeof(*slots));
	procs = calloc(cfg->slots, sizeof(*procs));
	if (!slots || !procs) {
		arb_fail(err, ARB_E_INTERNAL, ENOMEM, "slots");
		goto out;
	}
	for (unsigned i = 0; i < cfg->slots; i++) {
		slots[i].cfg = cfg;
		slots[i].index = (int)i;
		slots[i].keys = keys;
		slots[i].url = &url;
		slots[i].langs = langs;
		slots[i].metrics = metrics;
		slots[i].metrics_srv = msrv;
		snprintf(slots[i].consumer, sizeof(slots[i].consumer), "%s/%u", cfg->name, i);
		procs[i].pid = start_slot(&slots[i], master);
		procs[i].started = mono_ms();
		if (procs[i].pid > 0)
			running++;
	}

	while (running > 0 || !stopping) {
		struct timespec tick = {.tv_sec = 0, .tv_nsec = 200 * 1000000L};
		int sig, status;
		pid_t pid;

		/* Slots (or whole workers) that were killed cannot remove
		 * their boxes' cgroups and work dirs: sweep them now and then. */
		if (mono_ms() >= next_sweep) {
			cg_manager_sweep(cg);
			judge_sweep_work(NULL);
			next_sweep = mono_ms() + SWEEP_INTERVAL_MS;
		}
		if (cfg->health_file && !stopping && running == cfg->slots &&
		    mono_ms() >= next_health) {
			health_write(cfg->health_file, running, cfg->slots,
				     &health_warned);
			next_health = mono_ms() + HEALTH_INTERVAL_MS;
		}
		metrics_master_tick(metrics, running, stopping);
		sig = sigtimedwait(&mask, NULL, &tick);

		if ((sig == SIGTERM || sig == SIGINT || stop_requested) && !stopping) {
			stopping = true;
			log_event(LOG_INFO, "stopping", NULL);
			if (cfg->health_file)
				unlink(cfg->health_file);
			for (unsigned i = 0; i < cfg->slots; i++)
				if (procs[i].pid > 0)
					kill(procs[i].pid, SIGTERM);
		}
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			for (unsigned i = 0; i < cfg->slots; i++) {
				char st[32], idx[16];
				bool soon;

				if (procs[i].pid != pid)
					continue;
				procs[i].pid = 0;
				running--;
				metrics_slot_busy(metrics, i, false);
				if (stopping)
					break;
				snprintf(st, sizeof(st), "%s %d",
					 WIFSIGNALED(status) ? "signal" : "exit",
					 WIFSIGNALED(status) ? WTERMSIG(status)
							     : WEXITSTATUS(status));
				snprintf(idx, sizeof(idx), "%u", i);
				log_event(LOG_ERROR, "slot-died", "slot", idx, "status", st, NULL);
				soon = mono_ms() - procs[i].started < SLOT_RESTART_PAUSE_S * 1000ULL;
				procs[i].restart_at = mono_ms() + (soon ? SLOT_RESTART_PAUSE_S * 1000ULL : 0);
			}
		}
		for (unsigned i = 0; i < cfg->slots && !stopping; i++)
			if (procs[i].pid == 0 && mono_ms() >= procs[i].restart_at) {
				procs[i].pid = start_slot(&slots[i], master);
				procs[i].started = mono_ms();
				if (procs[i].pid > 0)
					running++;
			}
	}
	cg_manager_sweep(cg);
	log_event(LOG_INFO, "stopped", NULL);
	rc = 0;
out:
	/* The server's thread first: it reads the probe and the registry. */
	metrics_server_stop(msrv);
	rconn_free(probe.rc);
	metrics_free(metrics);
	free(slots);
	free(procs);
	cg_manager_close(cg);
	lang_table_free(langs);
	redis_url_free(&url);
	return rc;
}
