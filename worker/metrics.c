/* metrics.c - the worker's metrics registry (shared memory, atomics), its
 * text exposition, and the HTTP server of /metrics and /healthz.
 *
 * Layout: struct metrics IS the shared mapping.  Its label names (the
 * language ids) are copied in once by the master before it forks, and
 * never change after; every figure is an _Atomic uint64_t that slots add
 * to with relaxed fetch-adds (nothing orders one counter against another,
 * and a scrape is a snapshot of independent figures).  A histogram keeps
 * per-bucket counts, not cumulative ones, so an observation is one
 * fetch-add; rendering sums them, and reports _count as that same sum, so
 * the +Inf bucket always equals _count even while slots are adding.
 * Durations are kept in microseconds (integers: no float atomics) and
 * printed as seconds.
 *
 * The server (libmicrohttpd, one internal polling thread) lives in the
 * master.  The master forks slots while that thread runs: the thread uses
 * only malloc (which glibc's fork makes safe in the child), the atomics and
 * hiredis through the queue callback, whose context the children never
 * touch.  Each child closes the inherited listen socket at once
 * (metrics_server_forget), so only the master ever accepts.
 */
#include "metrics.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "base/clock.h"
#include "judge.h"

#define CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"
#define OTHER_LANG "other"
#define HTTP_CONNECTIONS 16 /* scrapers and probes, not the public */
#define HTTP_TIMEOUT_S 10

/*** Histograms ***/

/* Bucket bounds in microseconds.  Judging phases span a 5 ms compile of
 * nothing to minutes of tests; a sandbox's setup is milliseconds. */
static const uint64_t phase_bounds[] = {
	5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000,
	5000000, 10000000, 30000000, 60000000, 120000000, 300000000,
};
static const uint64_t setup_bounds[] = {
	500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000,
	1000000, 2500000,
};
#define N_PHASE_BOUNDS (sizeof(phase_bounds) / sizeof(phase_bounds[0]))
#define N_SETUP_BOUNDS (sizeof(setup_bounds) / sizeof(setup_bounds[0]))
#define MAX_BOUNDS 16
_Static_assert(N_PHASE_BOUNDS <= MAX_BOUNDS && N_SETUP_BOUNDS <= MAX_BOUNDS,
	       "MAX_BOUNDS holds every histogram's buckets");

struct hist {
	_Atomic uint64_t bucket[MAX_BOUNDS + 1]; /* [n]: above the last bound */
	_Atomic uint64_t sum_us;
};

static const char *const phase_names[METRICS_PHASE_COUNT] = {
	"queue_wait", "compile", "run", "check", "total",
};

/*** The registry ***/

struct metrics {
	/* Written by metrics_new() only, before any fork. */
	size_t n_langs;
	char langs[METRICS_MAX_LANGS][METRICS_LANG_LEN];
	unsigned slots;

	/* [verdict][language]; [v][n_langs] is "other". */
	_Atomic uint64_t submissions[VERDICT_COUNT][METRICS_MAX_LANGS + 1];
	_Atomic uint64_t test_runs, oom_kills, redis_reconnects;
	struct hist phase[METRICS_PHASE_COUNT];
	struct hist setup;
	_Atomic uint8_t busy[METRICS_MAX_SLOTS];

	/* The master's loop, for /healthz. */
	_Atomic uint64_t tick_ms; /* mono_ms() of its last turn; 0: not yet */
	_Atomic unsigned running;
	_Atomic bool stopping;
};

int metrics_new(const char *const *langs, size_t n, unsigned slots,
		struct metrics **out, struct arb_err *err)
{
	struct metrics *m;

	*out = NULL;
	/* Anonymous and shared: the slots forked later see the same pages;
	 * zero-filled, which is every atomic's initial value. */
	m = mmap(NULL, sizeof(*m), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		 -1, 0);
	if (m == MAP_FAILED)
		return arb_fail(err, ARB_E_INTERNAL, errno, "metrics: mmap %zu bytes",
				sizeof(*m));
	for (size_t i = 0; i < n && m->n_langs < METRICS_MAX_LANGS; i++)
		if (langs[i] && strlen(langs[i]) < METRICS_LANG_LEN)
			strcpy(m->langs[m->n_langs++], langs[i]);
	m->slots = slots < METRICS_MAX_SLOTS ? slots : METRICS_MAX_SLOTS;
	*out = m;
	return 0;
}

void metrics_free(struct metrics *m)
{
	if (m)
		munmap(m, sizeof(*m));
}

static void add(_Atomic uint64_t *a, uint64_t n)
{
	atomic_fetch_add_explicit(a, n, memory_order_relaxed);
}

static uint64_t get(const _Atomic uint64_t *a)
{
	return atomic_load_explicit(a, memory_order_relaxed);
}

static size_t lang_index(const struct metrics *m, const char *lang)
{
	for (size_t i = 0; lang && i < m->n_langs; i++)
		if (strcmp(m->langs[i], lang) == 0)
			return i;
	return m->n_langs;
}

void metrics_submission(struct metrics *m, enum verdict v, const char *lang)
{
	if (m && (unsigned)v < VERDICT_COUNT)
		add(&m->submissions[v][lang_index(m, lang)], 1);
}

void metrics_test_runs(struct metrics *m, uint64_t n)
{
	if (m)
		add(&m->test_runs, n);
}

static void observe(struct hist *h, const uint64_t *bounds, size_t n, uint64_t us)
{
	size_t i = 0;

	while (i < n && us > bounds[i])
		i++;
	add(&h->bucket[i], 1);
	add(&h->sum_us, us);
}

void metrics_observe_phase(struct metrics *m, enum metrics_phase p, uint64_t us)
{
	if (m && (unsigned)p < METRICS_PHASE_COUNT)
		observe(&m->phase[p], phase_bounds, N_PHASE_BOUNDS, us);
}

void metrics_observe_sandbox_setup(struct metrics *m, uint64_t us)
{
	if (m)
		observe(&m->setup, setup_bounds, N_SETUP_BOUNDS, us);
}

void metrics_oom_kills(struct metrics *m, uint64_t n)
{
	if (m && n)
		add(&m->oom_kills, n);
}

void metrics_redis_reconnect(struct metrics *m)
{
	if (m)
		add(&m->redis_reconnects, 1);
}

void metrics_slot_busy(struct metrics *m, unsigned slot, bool busy)
{
	if (m && slot < m->slots)
		atomic_store_explicit(&m->busy[slot], busy ? 1 : 0, memory_order_relaxed);
}

void metrics_judgement(struct metrics *m, const struct judgement *j, bool judged,
		       uint64_t total_us)
{
	if (!m)
		return;
	metrics_submission(m, j->verdict, j->language);
	metrics_test_runs(m, j->n_tests);
	if (judged && j->compiled)
		metrics_observe_phase(m, METRICS_PHASE_COMPILE, j->compile_us);
	/* No test ran (CE, JE before the tests): no run or check to time. */
	if (judged && j->n_tests) {
		metrics_observe_phase(m, METRICS_PHASE_RUN, j->run_us);
		metrics_observe_phase(m, METRICS_PHASE_CHECK, j->check_us);
	}
	metrics_observe_phase(m, METRICS_PHASE_TOTAL, total_us);
}

void metrics_on_sandbox(void *arg, uint64_t overhead_us, uint64_t oom_kills)
{
	metrics_observe_sandbox_setup(arg, overhead_us);
	metrics_oom_kills(arg, oom_kills);
}

void metrics_queue_wait(struct metrics *m, const char *entry_id)
{
	struct timespec now;
	unsigned long long added;
	uint64_t now_ms;
	char *end;

	if (!m || !entry_id)
		return;
	errno = 0;
	added = strtoull(entry_id, &end, 10);
	if (errno || end == entry_id || *end != '-')
		return;
	/* Redis stamps ids with its wall clock, so the difference is only as
	 * good as the two hosts' clocks agree. */
	clock_gettime(CLOCK_REALTIME, &now);
	now_ms = (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000;
	metrics_observe_phase(m, METRICS_PHASE_QUEUE_WAIT,
			      now_ms > added ? (now_ms - added) * 1000 : 0);
}

void metrics_master_tick(struct metrics *m, unsigned running, bool stopping)
{
	if (!m)
		return;
	atomic_store(&m->running, running);
	atomic_store(&m->stopping, stopping);
	atomic_store(&m->tick_ms, mono_ms());
}

int metrics_healthy(const struct metrics *m, char *why, size_t why_len)
{
	uint64_t tick = atomic_load(&m->tick_ms);
	unsigned running = atomic_load(&m->running);

	if (!tick)
		snprintf(why, why_len, "starting: waiting for Redis\n");
	else if (atomic_load(&m->stopping))
		snprintf(why, why_len, "stopping\n");
	else if (mono_ms() - tick > METRICS_HEALTH_STALE_MS)
		snprintf(why, why_len, "master loop stalled for %llu ms\n",
			 (unsigned long long)(mono_ms() - tick));
	else if (running < m->slots)
		snprintf(why, why_len, "%u of %u slots running\n", running, m->slots);
	else {
		snprintf(why, why_len, "ok: %u/%u slots running\n", running, m->slots);
		return 1;
	}
	return 0;
}

/*** Text exposition (format 0.0.4) ***/

/* A label value: backslash, double quote and line feed are escaped. */
static void put_label(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '"')
			fputs("\\\"", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

/* US microseconds as seconds, exactly: "0.005", "2.5", "300". */
static void put_seconds(FILE *f, uint64_t us)
{
	char frac[8];
	int n;

	fprintf(f, "%llu", (unsigned long long)(us / 1000000));
	if (us % 1000000 == 0)
		return;
	n = snprintf(frac, sizeof(frac), "%06llu", (unsigned long long)(us % 1000000));
	while (n > 0 && frac[n - 1] == '0')
		frac[--n] = '\0';
	fprintf(f, ".%s", frac);
}

static void put_head(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* One histogram's series; LABEL ("phase=\"run\"," or "") goes first in
 * every label set. */
static void put_hist(FILE *f, const char *name, const char *label,
		     const struct hist *h, const uint64_t *bounds, size_t n)
{
	uint64_t cum = 0;

	for (size_t i = 0; i <= n; i++) {
		cum += get(&h->bucket[i]);
		fprintf(f, "%s_bucket{%sle=\"", name, label);
		if (i < n)
			put_seconds(f, bounds[i]);
		else
			fputs("+Inf", f);
		fprintf(f, "\"} %llu\n", (unsigned long long)cum);
	}
	fprintf(f, "%s_sum", name);
	if (*label)
		fprintf(f, "{%.*s}", (int)strlen(label) - 1, label);
	fputc(' ', f);
	put_seconds(f, get(&h->sum_us));
	fprintf(f, "\n%s_count", name);
	if (*label)
		fprintf(f, "{%.*s}", (int)strlen(label) - 1, label);
	fprintf(f, " %llu\n", (unsigned long long)cum);
}

static void put_counter(FILE *f, const char *name, const char *help,
			const _Atomic uint64_t *v)
{
	put_head(f, name, "counter", help);
	fprintf(f, "%s %llu\n", name, (unsigned long long)get(v));
}

char *metrics_render(const struct metrics *m, const struct metrics_queue *q,
		     size_t *len)
{
	char *buf = NULL;
	unsigned busy = 0;
	FILE *f;

	*len = 0;
	f = open_memstream(&buf, len);
	if (!f)
		return NULL;

	/* Series appear once non-zero: a label set per verdict and language
	 * would be hundreds of zeros. */
	put_head(f, "arbiter_submissions_total", "counter",
		 "Submissions judged, by verdict and language.");
	for (unsigned v = 0; v < VERDICT_COUNT; v++)
		for (size_t l = 0; l <= m->n_langs; l++) {
			uint64_t n = get(&m->submissions[v][l]);

			if (!n)
				continue;
			fprintf(f, "arbiter_submissions_total{verdict=\"%s\",language=\"",
				verdict_name((enum verdict)v));
			put_label(f, l < m->n_langs ? m->langs[l] : OTHER_LANG);
			fprintf(f, "\"} %llu\n", (unsigned long long)n);
		}
	put_counter(f, "arbiter_test_runs_total",
		    "Tests run (a multi-pass test counts once).", &m->test_runs);

	put_head(f, "arbiter_judge_seconds", "histogram",
		 "Time of each phase of judging a submission.");
	for (unsigned p = 0; p < METRICS_PHASE_COUNT; p++) {
		char label[64];

		snprintf(label, sizeof(label), "phase=\"%s\",", phase_names[p]);
		put_hist(f, "arbiter_judge_seconds", label, &m->phase[p], phase_bounds,
			 N_PHASE_BOUNDS);
	}
	put_head(f, "arbiter_sandbox_setup_seconds", "histogram",
		 "Sandbox overhead per run: sbx_run() time beyond the program's wall time.");
	put_hist(f, "arbiter_sandbox_setup_seconds", "", &m->setup, setup_bounds,
		 N_SETUP_BOUNDS);

	put_counter(f, "arbiter_oom_kills_total",
		    "Processes killed by a box's out-of-memory killer.", &m->oom_kills);
	for (unsigned s = 0; s < m->slots; s++)
		busy += atomic_load_explicit(&m->busy[s], memory_order_relaxed);
	put_head(f, "arbiter_slots_busy", "gauge", "Slots judging a submission now.");
	fprintf(f, "arbiter_slots_busy %u\n", busy);
	put_head(f, "arbiter_slots", "gauge", "Slots of this worker.");
	fprintf(f, "arbiter_slots %u\n", m->slots);
	put_head(f, "arbiter_queue_depth", "gauge",
		 "Submissions in the stream: waiting for a worker, or pending (being judged).");
	if (q && q->known)
		fprintf(f,
			"arbiter_queue_depth{state=\"waiting\"} %llu\n"
			"arbiter_queue_depth{state=\"pending\"} %llu\n",
			(unsigned long long)q->waiting, (unsigned long long)q->pending);
	put_counter(f, "arbiter_redis_reconnects_total",
		    "Times a slot's Redis connection was re-established after a loss.",
		    &m->redis_reconnects);

	if (fclose(f) != 0) {
		free(buf);
		*len = 0;
		return NULL;
	}
	return buf;
}

/*** ADDR ***/

int metrics_parse_addr(const char *s, struct metrics_addr *out, struct arb_err *err)
{
	const char *colon, *host, *port;
	size_t host_len;
	unsigned long p = 0;

	memset(out, 0, sizeof(*out));
	if (!s || !*s)
		return arb_fail(err, ARB_E_REQUEST, 0, "metrics address is empty");
	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (!close || close[1] != ':')
			return arb_fail(err, ARB_E_REQUEST, 0,
					"'%s': expected [IPV6]:PORT", s);
		host = s + 1;
		host_len = (size_t)(close - host);
		port = close + 2;
		if (!host_len)
			return arb_fail(err, ARB_E_REQUEST, 0, "'%s': empty address in []", s);
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return arb_fail(err, ARB_E_REQUEST, 0,
					"'%s': expected HOST:PORT or :PORT", s);
		if (memchr(s, ':', (size_t)(colon - s)))
			return arb_fail(err, ARB_E_REQUEST, 0,
					"'%s': write an IPv6 address as [ADDR]:PORT", s);
		host = s;
		host_len = (size_t)(colon - s);
		port = colon + 1;
	}
	if (host_len >= sizeof(out->host))
		return arb_fail(err, ARB_E_REQUEST, 0, "'%.40s...': host too long", s);
	for (size_t i = 0; i < host_len; i++)
		if (host[i] <= ' ' || host[i] == '/' || host[i] == 0x7f)
			return arb_fail(err, ARB_E_REQUEST, 0,
					"'%s': bad character in the host", s);
	if (!*port)
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s': missing port", s);
	for (const char *c = port; *c; c++) {
		if (*c < '0' || *c > '9')
			return arb_fail(err, ARB_E_REQUEST, 0,
					"'%s': port '%s' is not a number", s, port);
		p = p * 10 + (unsigned long)(*c - '0');
		if (p > 65535)
			break;
	}
	if (p < 1 || p > 65535)
		return arb_fail(err, ARB_E_REQUEST, 0,
				"'%s': port %s is out of range [1, 65535]", s, port);
	if (host_len)
		memcpy(out->host, host, host_len);
	else
		snprintf(out->host, sizeof(out->host), "%s", METRICS_DEFAULT_HOST);
	out->port = (unsigned)p;
	return 0;
}

/*** The HTTP server ***/

struct metrics_server {
	struct MHD_Daemon *d;
	int fd; /* the listen socket; MHD closes it at stop */
	struct metrics *m;
	void (*queue)(void *arg, struct metrics_queue *q);
	void *queue_arg;
};

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status,
			     const char *type, char *body, size_t len)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result reply_text(struct MHD_Connection *c, unsigned status,
				  const char *text)
{
	char *body = strdup(text);

	return body ? reply(c, status, "text/plain; charset=utf-8", body, strlen(text))
		    : MHD_NO;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	struct metrics_server *s = cls;
	struct metrics_queue q = {0};
	char why[128];
	char *body;
	size_t len;

	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	(void)con_cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return reply_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD\n");
	if (strcmp(url, "/healthz") == 0) {
		int ok = metrics_healthy(s->m, why, sizeof(why));

		return reply_text(c, ok ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE, why);
	}
	if (strcmp(url, "/metrics") != 0)
		return reply_text(c, MHD_HTTP_NOT_FOUND, "not found: try /metrics or /healthz\n");
	if (s->queue)
		s->queue(s->queue_arg, &q);
	body = metrics_render(s->m, &q, &len);
	if (!body)
		return reply_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
	return reply(c, MHD_HTTP_OK, CONTENT_TYPE, body, len);
}

/* The listen socket, made here rather than by MHD so that a failure
 * names its cause ("bind 127.0.0.1:9464: Address already in use"). */
static int listen_on(const struct metrics_addr *a, const char *text, struct arb_err *err)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
	struct addrinfo *res = NULL;
	char port[8];
	int fd, rc, one = 1;

	snprintf(port, sizeof(port), "%u", a->port);
	rc = getaddrinfo(a->host, port, &hints, &res);
	if (rc != 0)
		return arb_fail(err, ARB_E_REQUEST, 0, "metrics: '%s': %s", text,
				rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		arb_fail(err, ARB_E_INTERNAL, errno, "metrics: socket");
		goto out;
	}
	/* A restarted worker rebinds at once, past its old TIME_WAITs. */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, 64) < 0) {
		arb_fail(err, ARB_E_INTERNAL, errno, "metrics: listen on '%s'", text);
		close(fd);
		fd = -1;
	}
out:
	freeaddrinfo(res);
	return fd;
}

int metrics_server_start(const struct metrics_server_opts *o,
			 struct metrics_server **out, struct arb_err *err)
{
	struct metrics_addr a;
	struct metrics_server *s;

	*out = NULL;
	if (metrics_parse_addr(o->addr, &a, err) < 0)
		return arb_err_prefix(err, "metrics");
	s = calloc(1, sizeof(*s));
	if (!s)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "metrics");
	s->m = o->m;
	s->queue = o->queue;
	s->queue_arg = o->queue_arg;
	s->fd = listen_on(&a, o->addr, err);
	if (s->fd < 0) {
		free(s);
		return -1;
	}
	s->d = MHD_start_daemon(MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL,
				NULL, on_request, s, MHD_OPTION_LISTEN_SOCKET, s->fd,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_CONNECTIONS,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_TIMEOUT_S,
				MHD_OPTION_END);
	if (!s->d) {
		close(s->fd);
		free(s);
		return arb_fail(err, ARB_E_INTERNAL, 0,
				"metrics: cannot start the HTTP server on '%s'", o->addr);
	}
	*out = s;
	return 0;
}

void metrics_server_forget(struct metrics_server *s)
{
	if (s && s->fd >= 0)
		close(s->fd);
}

void metrics_server_stop(struct metrics_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->d);
	free(s);
}
