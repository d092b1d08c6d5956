/* check_worker.c - `arbiter worker` end to end: the delivery guarantees of
 * the queue (CONTRACT, Redis protocol), against a real redis-server
 * (redis_harness.h) and real `arbiter worker` processes ($ARBITER_BIN).
 *
 * Tier 2 (root): the workers judge in real sandboxes.  Each case is its own
 * CK_FORK process with its own private Redis, its own scratch dir (problem
 * packages written at test time, worker logs, the package cache) and its own
 * range of 8 box ids, 500 + (pid % 50) * 8 .. +7 (disjoint from sbxtest's
 * 1000..8999; the pipeline suite's pid-derived 100..999 may meet it only
 * when both run at once with colliding pids).  Workers are forked and
 * exec'd with PR_SET_PDEATHSIG, their stderr in a log file whose tail is
 * printed when an assertion fails; the teardown SIGKILLs what is left, and
 * a guardian process cleans up after a case that failed (no teardown).
 *
 * Cases, one per guarantee of issue 4:
 *   hundred_with_crash_and_restart  100 submissions, 2 workers, one SIGKILLed
 *        mid-run and replaced, Redis restarted (AOF): each id exactly one
 *        correct result, nothing pending, nothing left in the queue
 *   malformed_messages     every kind of bad request answered JE/CE once
 *   dead_letter            too many deliveries -> JE, not judged again
 *   long_judgement_not_stolen  renewed claims keep an idle worker off
 *   sigterm_finishes_in_flight  finish, deliver, take nothing new, exit 0
 *   redis_down_at_start_and_midway  wait, back off (no spinning), reconnect
 *   progress_published     one PUBLISH per test, in test order
 *   problem_push           problems from Redis, a new version picked up live
 *   same_id_judged_twice   two slots judge one id at once: one result
 *   box_fault_is_je_of_that_test  a sandbox fault mid-run: JE, slot goes on
 *
 * Submissions are Python 3 (no compiler run worth waiting for): the
 * "double" problem reads n and expects 2n.
 *
 * After every case: no process of the case's box uids is left, and no box
 * cgroup (arbiter-<pid>-*) of any process the workers forked (the slots'
 * pids are recorded while they live).
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <hiredis.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "redis_harness.h"
#include "sandbox/sandbox.h"
#include "testutil.h"

Suite *suite_worker(void);

#define SUBS "arbiter:submissions"
#define RESULTS "arbiter:results"
#define GROUP "workers"

#define MAX_WORKERS 8
#define MAX_TRACKED 512
#define BOX_IDS 8 /* per case: box0 .. box0 + 7 */

#define SRC_AC "print(2*int(input()))\n"
#define SRC_WA "print(int(input()))\n"
#define SRC_SLOW "import time\ntime.sleep(0.4)\nprint(2*int(input()))\n"

struct wk {
	pid_t pid;
	bool reaped;
	int status;
	char name[32];
	char log[PATH_MAX];
	int box_base;
	unsigned slots;
};

struct wk_opts {
	unsigned slots;          /* 0: 2 */
	unsigned claim_idle_ms;  /* 0: 1500 */
	unsigned heartbeat_ms;   /* 0: 300 */
	unsigned max_deliveries; /* 0: the default */
	bool no_problems;        /* problems from Redis only */
};

/*** Per-case fixture: each case is its own process, all this dies with it ***/

static struct {
	char *tmp;
	char problems[PATH_MAX];
	char cache[PATH_MAX];
	const char *bin;
	struct rh_server *rs;
	redisContext *rc;
	int box0;
	struct wk workers[MAX_WORKERS];
	size_t n_workers;
	struct {
		pid_t pid;
		int owner; /* index in workers[] */
	} tracked[MAX_TRACKED];
	size_t n_tracked;
	char track_file[PATH_MAX]; /* the tracked pids, for the guardian */
} F;

/*** Files ***/

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_msg(f != NULL, "fopen %s: %s", path, strerror(errno));
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

static void make_dir(const char *path)
{
	ck_assert_msg(mkdir(path, 0755) == 0 || errno == EEXIST, "mkdir %s: %s", path,
		      strerror(errno));
}

/* PARENT/NAME: a Kattis package with one sample (3) and one secret (21)
 * test whose answers are SAMPLE_ANS and SECRET_ANS. */
static void make_problem(const char *parent, const char *name, int time_limit,
			 const char *sample_ans, const char *secret_ans)
{
	char p[PATH_MAX + 64], yaml[64];

	make_dir(parent);
	snprintf(p, sizeof(p), "%s/%s", parent, name);
	make_dir(p);
	snprintf(p, sizeof(p), "%s/%s/data", parent, name);
	make_dir(p);
	snprintf(p, sizeof(p), "%s/%s/data/sample", parent, name);
	make_dir(p);
	snprintf(p, sizeof(p), "%s/%s/data/secret", parent, name);
	make_dir(p);
	snprintf(yaml, sizeof(yaml), "limits: {time_limit: %d}\n", time_limit);
	snprintf(p, sizeof(p), "%s/%s/problem.yaml", parent, name);
	write_file(p, yaml);
	snprintf(p, sizeof(p), "%s/%s/data/sample/1.in", parent, name);
	write_file(p, "3\n");
	snprintf(p, sizeof(p), "%s/%s/data/sample/1.ans", parent, name);
	write_file(p, sample_ans);
	snprintf(p, sizeof(p), "%s/%s/data/secret/1.in", parent, name);
	write_file(p, "21\n");
	snprintf(p, sizeof(p), "%s/%s/data/secret/1.ans", parent, name);
	write_file(p, secret_ans);
}

/*** Worker logs (printed on failure) ***/

static char *read_or_empty(const char *path)
{
	char *s = tu_read_file(path, NULL);

	return s ? s : strdup("");
}

static void dump_logs(void)
{
	for (size_t i = 0; i < F.n_workers; i++) {
		char *s = read_or_empty(F.workers[i].log);
		size_t n = strlen(s);
		const char *tail = n > 6000 ? s + n - 6000 : s;

		fprintf(stderr, "---- worker %s (pid %d) log, last %zu bytes ----\n%s\n",
			F.workers[i].name, (int)F.workers[i].pid, strlen(tail), tail);
		free(s);
	}
	if (F.rs) {
		char path[PATH_MAX];
		char *s;

		snprintf(path, sizeof(path), "%s/redis.log", rh_dir(F.rs));
		s = read_or_empty(path);
		fprintf(stderr, "---- redis log, last bytes ----\n%s\n",
			strlen(s) > 2000 ? s + strlen(s) - 2000 : s);
		free(s);
	}
}

/* An assertion that prints the workers' logs when it fails. */
#define WK_ASSERT(cond, ...)                                                   \
	do {                                                                   \
		if (!(cond)) {                                                 \
			dump_logs();                                           \
			ck_abort_msg(__VA_ARGS__);                             \
		}                                                              \
	} while (0)

static int log_count(const struct wk *w, const char *needle)
{
	char *s = read_or_empty(w->log);
	int n = 0;

	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	free(s);
	return n;
}

/* Whether some line of W's log contains both A and B. */
static bool log_line_has(const struct wk *w, const char *a, const char *b)
{
	char *s = read_or_empty(w->log);
	bool found = false;

	for (char *line = strtok(s, "\n"); line && !found; line = strtok(NULL, "\n"))
		found = strstr(line, a) && strstr(line, b);
	free(s);
	return found;
}

/* Lines of W's log containing both A and B. */
static int log_lines_with(const struct wk *w, const char *a, const char *b)
{
	char *s = read_or_empty(w->log);
	int n = 0;

	for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n"))
		n += strstr(line, a) && strstr(line, b);
	free(s);
	return n;
}

/*** Processes ***/

/* State and parent of PID from /proc/PID/stat; false when it is gone. */
static bool proc_stat(pid_t pid, char *state, pid_t *ppid, unsigned long *cpu_ticks)
{
	char path[64], buf[1024];
	const char *p;
	unsigned long ut = 0, st = 0;
	int fd, pp = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p)
		return false;
	if (sscanf(p + 2, "%c %d %*s %*s %*s %*s %*s %*s %*s %*s %*s %lu %lu", state, &pp,
		   &ut, &st) < 2)
		return false;
	if (ppid)
		*ppid = pp;
	if (cpu_ticks)
		*cpu_ticks = ut + st;
	return true;
}

static bool proc_running(pid_t pid)
{
	char state = '?';

	return proc_stat(pid, &state, NULL, NULL) && state != 'Z' && state != 'X';
}

/* Record every child of a live worker (its slots: box cgroups are named
 * after them).  Called from every polling loop. */
static void track(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		pid_t pid = (pid_t)atoi(e->d_name), ppid = 0;
		char state;

		if (pid <= 0 || !proc_stat(pid, &state, &ppid, NULL))
			continue;
		for (size_t i = 0; i < F.n_workers; i++) {
			bool known = false;

			if (F.workers[i].reaped || F.workers[i].pid != ppid)
				continue;
			for (size_t k = 0; k < F.n_tracked; k++)
				known = known || F.tracked[k].pid == pid;
			if (!known && F.n_tracked < MAX_TRACKED) {
				FILE *f = fopen(F.track_file, "a");

				F.tracked[F.n_tracked].pid = pid;
				F.tracked[F.n_tracked].owner = (int)i;
				F.n_tracked++;
				if (f) {
					fprintf(f, "%d\n", (int)pid);
					fclose(f);
				}
			}
		}
	}
	closedir(d);
}

static bool worker_alive(struct wk *w)
{
	if (w->reaped)
		return false;
	if (waitpid(w->pid, &w->status, WNOHANG) == w->pid) {
		w->reaped = true;
		return false;
	}
	return true;
}

/* Wait up to TIMEOUT_MS for W to end; true when it did. */
static bool wait_exit(struct wk *w, unsigned timeout_ms)
{
	uint64_t end = tu_now_ms() + timeout_ms;

	while (worker_alive(w)) {
		if (tu_now_ms() > end)
			return false;
		track();
		tu_sleep_ms(20);
	}
	return true;
}

static const char *describe_status(int status)
{
	static char buf[64];

	if (WIFEXITED(status))
		snprintf(buf, sizeof(buf), "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof(buf), "signal %d", WTERMSIG(status));
	else
		snprintf(buf, sizeof(buf), "status 0x%x", status);
	return buf;
}

static struct wk *start_worker(const char *name, int box_base, const struct wk_opts *o)
{
	static const struct wk_opts defaults = {0};
	struct wk *w;
	char redis[PATH_MAX + 16], slots[16], box[16], claim[16], hb[16], maxd[16];
	const char *argv[40];
	size_t n = 0;
	int fd;

	if (!o)
		o = &defaults;
	ck_assert_uint_lt(F.n_workers, MAX_WORKERS);
	w = &F.workers[F.n_workers];
	memset(w, 0, sizeof(*w));
	snprintf(w->name, sizeof(w->name), "%s", name);
	snprintf(w->log, sizeof(w->log), "%s/worker-%s.log", F.tmp, name);
	w->box_base = box_base;
	w->slots = o->slots ? o->slots : 2;
	ck_assert_int_ge(box_base, F.box0);
	ck_assert_int_le(box_base + (int)w->slots, F.box0 + BOX_IDS);

	snprintf(redis, sizeof(redis), "%s", rh_unix_url(F.rs));
	snprintf(slots, sizeof(slots), "%u", w->slots);
	snprintf(box, sizeof(box), "%d", box_base);
	snprintf(claim, sizeof(claim), "%u", o->claim_idle_ms ? o->claim_idle_ms : 1500);
	snprintf(hb, sizeof(hb), "%u", o->heartbeat_ms ? o->heartbeat_ms : 300);
	snprintf(maxd, sizeof(maxd), "%u", o->max_deliveries);
	argv[n++] = F.bin;
	argv[n++] = "worker";
	argv[n++] = "--redis";
	argv[n++] = redis;
	if (!o->no_problems) {
		argv[n++] = "--problems";
		argv[n++] = F.problems;
	}
	argv[n++] = "--slots";
	argv[n++] = slots;
	argv[n++] = "--box-base";
	argv[n++] = box;
	argv[n++] = "--name";
	argv[n++] = w->name;
	argv[n++] = "--claim-idle-ms";
	argv[n++] = claim;
	argv[n++] = "--heartbeat-ms";
	argv[n++] = hb;
	argv[n++] = "--block-ms";
	argv[n++] = "200";
	argv[n++] = "--log-format";
	argv[n++] = "json";
	argv[n++] = "--cache";
	argv[n++] = F.cache;
	if (o->max_deliveries) {
		argv[n++] = "--max-deliveries";
		argv[n++] = maxd;
	}
	argv[n] = NULL;

	fd = open(w->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	ck_assert_msg(fd >= 0, "open %s: %s", w->log, strerror(errno));
	w->pid = fork();
	ck_assert_int_ge(w->pid, 0);
	if (w->pid == 0) {
		pid_t parent = getppid();
		int null = open("/dev/null", O_RDONLY);

		/* Dies with the case, whatever way the case ends. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(126);
		if (null >= 0)
			dup2(null, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		setenv("ARBITER_POLICY_DIR", tu_policy_dir(), 1);
		execv(F.bin, (char *const *)argv);
		_exit(127);
	}
	close(fd);
	F.n_workers++;
	return w;
}

/* Wait until all of W's slots said slot-ready. */
static void wait_ready(struct wk *w)
{
	uint64_t end = tu_now_ms() + 20000;

	while (log_count(w, "\"event\":\"slot-ready\"") < (int)w->slots) {
		WK_ASSERT(worker_alive(w), "worker %s ended before it was ready (%s)", w->name,
			  describe_status(w->status));
		WK_ASSERT(tu_now_ms() < end, "worker %s: slots not ready after 20 s", w->name);
		tu_sleep_ms(20);
	}
	track();
}

/* SIGTERM, and the worker must exit 0 within TIMEOUT_MS. */
static void stop_worker(struct wk *w, unsigned timeout_ms)
{
	WK_ASSERT(worker_alive(w), "worker %s ended before it was stopped (%s)", w->name,
		  describe_status(w->status));
	track();
	kill(w->pid, SIGTERM);
	WK_ASSERT(wait_exit(w, timeout_ms), "worker %s still running %u ms after SIGTERM",
		  w->name, timeout_ms);
	WK_ASSERT(WIFEXITED(w->status) && WEXITSTATUS(w->status) == 0,
		  "worker %s ended with %s after SIGTERM, expected exit 0", w->name,
		  describe_status(w->status));
}

/* Processes whose real uid is one of this case's box uids; SIGKILLed when
 * KILL_THEM.  Zombies are skipped. */
static int box_procs_of(int first_id, int n_ids, bool kill_them)
{
	return tu_uid_procs((uid_t)(SBX_UID_BASE + first_id), n_ids, kill_them);
}

/* SIGKILL the processes of this case's box uids: ROUNDS rounds at most. */
static void kill_box_procs(int rounds, unsigned pause_ms)
{
	tu_kill_uid_procs((uid_t)(SBX_UID_BASE + F.box0), BOX_IDS, rounds, pause_ms);
}

/*** Box cgroups (arbiter-<pid>-<n>) ***/

/* Box cgroups of PID under this process's cgroups (the workers are our
 * children and start where we are; a worker's manager may have moved it
 * one level down, into a v2 leaf).  REMOVE: rmdir those found (empty by
 * then), so a leak reported by one case does not pile up. */
static int cgroups_of(pid_t pid, bool remove, char *first, size_t len)
{
	int n = tu_box_cgroups(pid, TU_CG_DOWN | (remove ? TU_CG_REMOVE : 0), first, len);

	return n < 0 ? 0 : n;
}

/* Box cgroups of the workers and of their tracked slots. */
static int box_cgroups_left(bool remove, char *first, size_t len)
{
	int n = 0;

	if (first && len)
		first[0] = '\0';
	for (size_t i = 0; i < F.n_tracked; i++)
		n += cgroups_of(F.tracked[i].pid, remove, first, len);
	for (size_t i = 0; i < F.n_workers; i++)
		n += cgroups_of(F.workers[i].pid, remove, first, len);
	return n;
}

/* No process of box uids FIRST_ID .. + N_IDS - 1 (3 s to die). */
static void assert_no_box_procs_of(int first_id, int n_ids)
{
	uint64_t end = tu_now_ms() + 3000;
	int n;

	while ((n = box_procs_of(first_id, n_ids, false)) > 0 && tu_now_ms() < end)
		tu_sleep_ms(20);
	WK_ASSERT(n == 0, "%d process(es) of box uids %d..%d left", n,
		  SBX_UID_BASE + first_id, SBX_UID_BASE + first_id + n_ids - 1);
}

static void assert_no_box_procs(void)
{
	assert_no_box_procs_of(F.box0, BOX_IDS);
}

static void assert_no_box_cgroups(void)
{
	uint64_t end = tu_now_ms() + 2000;
	char first[PATH_MAX] = "";
	int n;

	while ((n = box_cgroups_left(false, first, sizeof(first))) > 0 && tu_now_ms() < end)
		tu_sleep_ms(20);
	/* A failed assertion skips the teardown: remove the leak (the
	 * cgroups are empty) before reporting it, so it does not pile up. */
	if (n > 0)
		box_cgroups_left(true, NULL, 0);
	WK_ASSERT(n == 0, "%d box cgroup dir(s) (every controller counted) left by the workers' slots (%zu slot pids tracked), e.g. %s",
		  n, F.n_tracked, first);
}

/*** Redis, from the test's side ***/

static redisContext *R(void)
{
	for (int i = 0; i < 100; i++) {
		if (F.rc && !F.rc->err)
			return F.rc;
		if (F.rc) {
			redisFree(F.rc);
			F.rc = NULL;
		}
		F.rc = rh_connect(F.rs);
		if (F.rc) {
			struct timeval tv = {10, 0};

			redisSetTimeout(F.rc, tv);
			return F.rc;
		}
		tu_sleep_ms(100);
	}
	ck_abort_msg("cannot connect to the test's redis-server");
	return NULL;
}

static void drop_connection(void)
{
	if (F.rc)
		redisFree(F.rc);
	F.rc = NULL;
}

/* A command; reconnects once when the connection was lost (a restart). */
static redisReply *rcmd(const char *fmt, ...)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		redisReply *r;
		va_list ap;

		va_start(ap, fmt);
		r = redisvCommand(R(), fmt, ap);
		va_end(ap);
		if (r)
			return r;
		drop_connection();
	}
	WK_ASSERT(0, "redis command '%s' failed", fmt);
	return NULL;
}

static long long rint_cmd(const char *fmt, const char *arg)
{
	redisReply *r = rcmd(fmt, arg);
	long long v;

	WK_ASSERT(r->type == REDIS_REPLY_INTEGER, "'%s %s': not an integer reply (%s)", fmt,
		  arg, r->type == REDIS_REPLY_ERROR ? r->str : "?");
	v = r->integer;
	freeReplyObject(r);
	return v;
}

static long long xlen(const char *key)
{
	return rint_cmd("XLEN %s", key);
}

/* XADD SUBS * FIELD VALUE; the entry id, malloc'd. */
static char *xadd(const char *field, const char *value, size_t len)
{
	redisReply *r = rcmd("XADD " SUBS " * %s %b", field, value, len);
	char *id;

	WK_ASSERT(r->type == REDIS_REPLY_STRING, "XADD: %s",
		  r->type == REDIS_REPLY_ERROR ? r->str : "unexpected reply");
	id = strdup(r->str);
	freeReplyObject(r);
	return id;
}

static char *sub_json(const char *id, const char *problem, const char *lang,
		      const char *source)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "id", id, "problem", problem,
			      "language", lang, "source", source);
	char *s;

	ck_assert_ptr_nonnull(o);
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	ck_assert_ptr_nonnull(s);
	return s;
}

static char *enqueue(const char *id, const char *problem, const char *lang,
		     const char *source)
{
	char *json = sub_json(id, problem, lang, source);
	char *eid = xadd("submission", json, strlen(json));

	free(json);
	return eid;
}

/* arbiter:result:<KEY_ID>, parsed; NULL when absent. */
static json_t *get_result(const char *key_id)
{
	redisReply *r = rcmd("GET arbiter:result:%s", key_id);
	json_t *o = NULL;
	json_error_t jerr;

	if (r->type == REDIS_REPLY_STRING) {
		o = json_loadb(r->str, r->len, 0, &jerr);
		WK_ASSERT(o != NULL, "result:%s is not JSON: %s", key_id, jerr.text);
	} else {
		WK_ASSERT(r->type == REDIS_REPLY_NIL, "GET result:%s: unexpected reply", key_id);
	}
	freeReplyObject(r);
	return o;
}

static json_t *wait_result(const char *key_id, unsigned timeout_ms)
{
	uint64_t end = tu_now_ms() + timeout_ms;
	json_t *o;

	while (!(o = get_result(key_id))) {
		WK_ASSERT(tu_now_ms() < end, "no result for '%s' after %u ms", key_id, timeout_ms);
		track();
		tu_sleep_ms(50);
	}
	return o;
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "(missing)";
}

/* Every entry of arbiter:results, parsed: a JSON array. */
static json_t *all_results(void)
{
	redisReply *r = rcmd("XRANGE " RESULTS " - +");
	json_t *a = json_array();

	WK_ASSERT(r->type == REDIS_REPLY_ARRAY, "XRANGE results: unexpected reply");
	for (size_t i = 0; i < r->elements; i++) {
		const redisReply *e = r->element[i], *f;
		json_t *o = NULL;
		json_error_t jerr;

		WK_ASSERT(e->type == REDIS_REPLY_ARRAY && e->elements == 2 &&
				  e->element[1]->type == REDIS_REPLY_ARRAY,
			  "results entry %zu: malformed", i);
		f = e->element[1];
		WK_ASSERT(f->elements == 2 && !strcmp(f->element[0]->str, "result"),
			  "results entry %zu: expected exactly one field 'result'", i);
		o = json_loadb(f->element[1]->str, f->element[1]->len, 0, &jerr);
		WK_ASSERT(o != NULL, "results entry %zu is not JSON: %s", i, jerr.text);
		json_array_append_new(a, o);
	}
	freeReplyObject(r);
	return a;
}

static long long pending_total(void)
{
	redisReply *r = rcmd("XPENDING " SUBS " " GROUP);
	long long n;

	WK_ASSERT(r->type == REDIS_REPLY_ARRAY && r->elements >= 1 &&
			  r->element[0]->type == REDIS_REPLY_INTEGER,
		  "XPENDING summary: %s", r->type == REDIS_REPLY_ERROR ? r->str : "unexpected");
	n = r->element[0]->integer;
	freeReplyObject(r);
	return n;
}

/* Pending entries of consumers whose name starts with PREFIX ("wA/"):
 * their count; their entry ids (malloc'd) in IDS when given. */
static int pending_of(const char *prefix, char **ids, int max)
{
	redisReply *r = rcmd("XPENDING " SUBS " " GROUP " - + 1000");
	int n = 0;

	WK_ASSERT(r->type == REDIS_REPLY_ARRAY, "XPENDING: %s",
		  r->type == REDIS_REPLY_ERROR ? r->str : "unexpected");
	for (size_t i = 0; i < r->elements; i++) {
		const redisReply *e = r->element[i];

		if (e->type != REDIS_REPLY_ARRAY || e->elements < 4 ||
		    strncmp(e->element[1]->str, prefix, strlen(prefix)) != 0)
			continue;
		if (ids && n < max)
			ids[n] = strdup(e->element[0]->str);
		n++;
	}
	freeReplyObject(r);
	return n;
}

static void start_redis(bool aof)
{
	static const char *const fsync_always[] = {"--appendfsync", "always", NULL};
	struct rh_opts o = {.appendonly = aof, .extra_args = aof ? fsync_always : NULL};

	char path[PATH_MAX];

	F.rs = rh_start(&o);
	ck_assert_msg(F.rs != NULL, "rh_start failed (see stderr)");
	/* For the guardian: the server dies with the case (PDEATHSIG), its
	 * directory would stay. */
	snprintf(path, sizeof(path), "%s/redis.dir", F.tmp);
	write_file(path, rh_dir(F.rs));
}

/*** Running `arbiter` (problem push) ***/

/* Run ARBITER_BIN ARGS with stdout to OUT_PATH; its exit status. */
static int run_arbiter(const char *const *args, const char *out_path)
{
	const char *argv[32];
	size_t n = 0;
	uint64_t end = tu_now_ms() + 30000;
	pid_t pid;
	int status;

	argv[n++] = F.bin;
	for (size_t i = 0; args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (fd >= 0)
			dup2(fd, 1);
		setenv("ARBITER_POLICY_DIR", tu_policy_dir(), 1);
		execv(F.bin, (char *const *)argv);
		_exit(127);
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (tu_now_ms() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			ck_abort_msg("%s %s: still running after 30 s", F.bin, args[0]);
		}
		tu_sleep_ms(20);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*** Fixture ***/

/* A failed assertion ends a CK_FORK case with _exit(): no teardown.  The
 * workers die with the case (PDEATHSIG), but a box cgroup a dying slot
 * leaves, a box process or the scratch dir would stay.  So the guardian
 * (tu_start_guardian) runs this once the case has ended, whatever way. */
static void guardian_clean_up(void)
{
	uint64_t end = tu_now_ms() + 5000;
	char *list;

	/* The slots die with their master, their boxes with them. */
	for (;;) {
		bool running = false;

		list = tu_read_file(F.track_file, NULL);
		for (char *t = list ? strtok(list, "\n") : NULL; t; t = strtok(NULL, "\n"))
			running = running || proc_running((pid_t)atoi(t));
		free(list);
		if (!running || tu_now_ms() > end)
			break;
		tu_sleep_ms(20);
	}
	kill_box_procs(100, 20);
	list = tu_read_file(F.track_file, NULL);
	for (char *t = list ? strtok(list, "\n") : NULL; t; t = strtok(NULL, "\n"))
		cgroups_of((pid_t)atoi(t), true, NULL, 0);
	free(list);
	{
		char path[PATH_MAX];
		char *dir;

		snprintf(path, sizeof(path), "%s/redis.dir", F.tmp);
		dir = tu_read_file(path, NULL);
		if (dir && !strncmp(dir, "/tmp/", 5)) {
			/* Give the server a moment to die first. */
			tu_sleep_ms(200);
			tu_rm_rf(dir);
		}
		free(dir);
	}
	tu_rm_rf(F.tmp);
}

static void wk_setup(void)
{
	memset(&F, 0, sizeof(F));
	F.bin = getenv("ARBITER_BIN");
	ck_assert_msg(F.bin && access(F.bin, X_OK) == 0,
		      "ARBITER_BIN must name the built arbiter binary");
	F.box0 = 500 + (int)(getpid() % 50) * BOX_IDS;
	F.tmp = tu_mkdtemp();
	ck_assert_msg(F.tmp != NULL, "mkdtemp: %s", strerror(errno));
	snprintf(F.problems, sizeof(F.problems), "%s/problems", F.tmp);
	snprintf(F.cache, sizeof(F.cache), "%s/cache", F.tmp);
	snprintf(F.track_file, sizeof(F.track_file), "%s/tracked.pids", F.tmp);
	make_problem(F.problems, "double", 2, "6\n", "42\n");
	make_problem(F.problems, "slow", 5, "6\n", "42\n");
	/* Nothing of an earlier run (same pids mod 50) may be counted. */
	kill_box_procs(50, 10);
	tu_start_guardian(guardian_clean_up);
}

static void wk_teardown(void)
{
	for (size_t i = 0; i < F.n_workers; i++) {
		struct wk *w = &F.workers[i];

		if (!w->reaped) {
			kill(w->pid, SIGKILL);
			waitpid(w->pid, &w->status, 0);
			w->reaped = true;
		}
	}
	kill_box_procs(50, 10);
	box_cgroups_left(true, NULL, 0);
	drop_connection();
	rh_free(F.rs);
	F.rs = NULL;
	if (F.tmp)
		tu_rm_rf(F.tmp);
	free(F.tmp);
	F.tmp = NULL;
}

/*** 1. 100 submissions, a worker SIGKILLed and replaced, Redis restarted ***/

#define HUNDRED 100

enum hkind { H_AC, H_WA, H_SLOW };

/* 70 correct, 20 wrong, 10 slow-correct, the slow ones spread out. */
static enum hkind hundred_kind(int i)
{
	if (i % 10 == 9)
		return H_SLOW;
	if (i % 10 == 3 || i % 10 == 6)
		return H_WA;
	return H_AC;
}

/* The number of distinct submission ids in arbiter:results. */
static int distinct_results(void)
{
	json_t *all = all_results();
	bool seen[HUNDRED] = {false};
	int n = 0;
	size_t i;
	json_t *o;

	json_array_foreach(all, i, o) {
		int k = -1;

		if (sscanf(jstr(o, "id"), "h-%d", &k) == 1 && k >= 0 && k < HUNDRED && !seen[k]) {
			seen[k] = true;
			n++;
		}
	}
	json_decref(all);
	return n;
}

static void wait_results(long long want, uint64_t deadline, const char *what)
{
	while (xlen(RESULTS) < want) {
		WK_ASSERT(tu_now_ms() < deadline, "%s: only %lld of %lld results by the deadline",
			  what, xlen(RESULTS), want);
		track();
		tu_sleep_ms(100);
	}
}

START_TEST(test_hundred_with_crash_and_restart)
{
	const struct wk_opts o = {.slots = 2};
	uint64_t t0 = tu_now_ms(), deadline = t0 + 120000, pick_until;
	char *eids[HUNDRED];
	int counts[HUNDRED] = {0};
	int a_pending, reclaimed, slow_in_flight = 0;
	struct wk *a, *b, *a2;
	json_t *all, *r;
	size_t i;

	start_redis(true);
	a = start_worker("wA", F.box0, &o);
	b = start_worker("wB", F.box0 + 2, &o);
	wait_ready(a);
	wait_ready(b);

	for (int k = 0; k < HUNDRED; k++) {
		char id[16];
		const char *src = hundred_kind(k) == H_AC   ? SRC_AC
				  : hundred_kind(k) == H_WA ? SRC_WA
							    : SRC_SLOW;

		snprintf(id, sizeof(id), "h-%03d", k);
		eids[k] = enqueue(id, "double", "python3", src);
	}

	/* Kill A once 15 results exist, preferably while it judges a slow
	 * submission (so that something is surely in flight). */
	wait_results(15, deadline, "before the kill");
	pick_until = tu_now_ms() + 10000;
	for (;;) {
		char *ids[8] = {NULL};
		int n = pending_of("wA/", ids, 8);
		bool slow = false;

		for (int k = 0; k < n && k < 8; k++) {
			for (int j = 0; j < HUNDRED; j++)
				if (!strcmp(ids[k], eids[j]) && hundred_kind(j) == H_SLOW)
					slow = true;
			free(ids[k]);
		}
		if (slow) {
			slow_in_flight = 1;
			break;
		}
		if (n > 0 && tu_now_ms() > pick_until)
			break;
		if (tu_now_ms() > pick_until + 5000)
			break;
		track();
		tu_sleep_ms(20);
	}
	track();
	WK_ASSERT(worker_alive(a), "worker wA ended before the kill (%s)",
		  describe_status(a->status));
	kill(a->pid, SIGKILL);
	ck_assert_int_eq(waitpid(a->pid, &a->status, 0), a->pid);
	a->reaped = true;
	/* What A held when it died (its claims were renewed every 300 ms, so
	 * nobody can have reclaimed any yet). */
	a_pending = pending_of("wA/", NULL, 0);
	ck_assert_msg(WIFSIGNALED(a->status) && WTERMSIG(a->status) == SIGKILL, "wA: %s",
		      describe_status(a->status));

	/* Nothing of A survives it: its slots die by PDEATHSIG, the boxes'
	 * processes with them. */
	{
		uint64_t end = tu_now_ms() + 3000;
		int left;

		do {
			left = 0;
			for (size_t k = 0; k < F.n_tracked; k++)
				if (F.tracked[k].owner == (int)(a - F.workers) &&
				    proc_running(F.tracked[k].pid))
					left++;
			if (left)
				tu_sleep_ms(20);
		} while (left && tu_now_ms() < end);
		WK_ASSERT(left == 0, "%d process(es) of the SIGKILLed worker wA still run", left);
		/* wB judges on: only wA's box uids must be empty. */
		assert_no_box_procs_of(a->box_base, (int)a->slots);
	}
	fprintf(stderr, "# hundred: wA SIGKILLed after %llu ms with %d entr%s in flight%s\n",
		(unsigned long long)(tu_now_ms() - t0), a_pending, a_pending == 1 ? "y" : "ies",
		slow_in_flight ? " (it was judging a slow one)" : "");

	a2 = start_worker("wA2", F.box0 + 4, &o);
	wait_ready(a2);

	/* Redis restarted gracefully half way (AOF, fsync always). */
	wait_results(50, deadline, "before the Redis restart");
	drop_connection();
	WK_ASSERT(rh_stop(F.rs) == 0, "rh_stop failed");
	tu_sleep_ms(300);
	WK_ASSERT(rh_restart(F.rs) == 0, "rh_restart failed");
	fprintf(stderr, "# hundred: Redis restarted after %llu ms\n",
		(unsigned long long)(tu_now_ms() - t0));

	/* Until every id has its result. */
	while (distinct_results() < HUNDRED) {
		WK_ASSERT(tu_now_ms() < deadline,
			  "only %d of %d ids have a result after 120 s (XLEN results %lld, "
			  "pending %lld, XLEN submissions %lld)",
			  distinct_results(), HUNDRED, xlen(RESULTS), pending_total(),
			  xlen(SUBS));
		WK_ASSERT(worker_alive(b) && worker_alive(a2), "a worker ended: wB %s, wA2 %s",
			  b->reaped ? describe_status(b->status) : "running",
			  a2->reaped ? describe_status(a2->status) : "running");
		track();
		tu_sleep_ms(100);
	}
	fprintf(stderr, "# hundred: all %d results after %llu ms\n", HUNDRED,
		(unsigned long long)(tu_now_ms() - t0));
	/* A duplicate, if the workers could make one, would show by now: the
	 * reclaim idle time has passed more than once. */
	tu_sleep_ms(2000);

	WK_ASSERT(xlen(RESULTS) == HUNDRED, "XLEN %s = %lld, expected exactly %d", RESULTS,
		  xlen(RESULTS), HUNDRED);
	all = all_results();
	json_array_foreach(all, i, r) {
		const char *worker = jstr(r, "worker");
		int k = -1;

		WK_ASSERT(sscanf(jstr(r, "id"), "h-%d", &k) == 1 && k >= 0 && k < HUNDRED,
			  "unexpected result id '%s'", jstr(r, "id"));
		counts[k]++;
		WK_ASSERT(!strcmp(jstr(r, "verdict"), hundred_kind(k) == H_WA ? "WA" : "AC"),
			  "h-%03d: verdict %s, expected %s (message '%s')", k, jstr(r, "verdict"),
			  hundred_kind(k) == H_WA ? "WA" : "AC", jstr(r, "message"));
		WK_ASSERT(!strcmp(jstr(r, "problem"), "double"), "h-%03d: problem '%s'", k,
			  jstr(r, "problem"));
		WK_ASSERT(!strncmp(worker, "wA/", 3) || !strncmp(worker, "wB/", 3) ||
				  !strncmp(worker, "wA2/", 4),
			  "h-%03d: worker '%s' is none of wA/, wB/, wA2/", k, worker);
	}
	json_decref(all);
	for (int k = 0; k < HUNDRED; k++) {
		char key[64];
		long long ttl;
		json_t *one;

		WK_ASSERT(counts[k] == 1, "h-%03d has %d results in %s", k, counts[k], RESULTS);
		snprintf(key, sizeof(key), "arbiter:result:h-%03d", k);
		ttl = rint_cmd("TTL %s", key);
		WK_ASSERT(ttl > 0, "%s: TTL %lld", key, ttl);
		one = get_result(key + strlen("arbiter:result:"));
		WK_ASSERT(one != NULL, "%s is missing", key);
		WK_ASSERT(!strcmp(jstr(one, "verdict"), hundred_kind(k) == H_WA ? "WA" : "AC"),
			  "%s: verdict %s", key, jstr(one, "verdict"));
		json_decref(one);
		free(eids[k]);
	}
	WK_ASSERT(pending_total() == 0, "%lld entries still pending", pending_total());
	WK_ASSERT(xlen(SUBS) == 0, "%lld entries left in %s (finished ones are XDEL'd)",
		  xlen(SUBS), SUBS);

	reclaimed = log_count(b, "\"event\":\"reclaimed\"") +
		    log_count(a2, "\"event\":\"reclaimed\"");
	fprintf(stderr, "# hundred: %d reclaim(s) logged by wB and wA2\n", reclaimed);
	if (a_pending > 0)
		WK_ASSERT(reclaimed >= a_pending,
			  "wA died with %d entries pending but only %d reclaim(s) were logged",
			  a_pending, reclaimed);

	stop_worker(b, 20000);
	stop_worker(a2, 20000);
	assert_no_box_procs();
	/* wA's slots died mid-run and could not remove their boxes' cgroups:
	 * the surviving workers must sweep them (stale: owner pid gone). */
	assert_no_box_cgroups();
}
END_TEST

/*** 2. Malformed messages: each answered once, the worker carries on ***/

static char *base64_of(const unsigned char *in, size_t len)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = malloc((len + 2) / 3 * 4 + 1), *p = out;

	ck_assert_ptr_nonnull(out);
	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;

		if (i + 1 < len)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		*p++ = tab[(v >> 18) & 63];
		*p++ = tab[(v >> 12) & 63];
		*p++ = i + 1 < len ? tab[(v >> 6) & 63] : '=';
		*p++ = i + 2 < len ? tab[v & 63] : '=';
	}
	*p = '\0';
	return out;
}

struct bad_case {
	const char *label;
	const char *id;      /* the submission id, or NULL: keyed by entry */
	const char *field;   /* the stream field */
	char *payload;       /* malloc'd */
	const char *verdict; /* JE or CE */
	const char *needle;  /* in the message */
	char *eid;
};

static char *dup_s(const char *s)
{
	char *d = strdup(s);

	ck_assert_ptr_nonnull(d);
	return d;
}

START_TEST(test_malformed_messages)
{
	struct bad_case c[16];
	size_t n = 0;
	struct wk *w;
	json_t *r;
	char *zip, *zip64, *big;
	size_t zip_len;
	const size_t big_len = 17u << 20;

	start_redis(false);
	w = start_worker("wM", F.box0, NULL);
	wait_ready(w);

	zip = tu_read_file(tu_srcdata("archives/evil.zip"), &zip_len);
	ck_assert_msg(zip != NULL, "%s: %s", tu_srcdata("archives/evil.zip"), strerror(errno));
	zip64 = base64_of((const unsigned char *)zip, zip_len);
	free(zip);
	big = malloc(big_len + 1);
	ck_assert_ptr_nonnull(big);
	memset(big, '#', big_len);
	big[big_len] = '\0';

	memset(c, 0, sizeof(c));
	c[n++] = (struct bad_case){"not JSON", NULL, "submission",
				   dup_s("this is {not JSON"), "JE", "JSON", NULL};
	c[n++] = (struct bad_case){"a JSON array", NULL, "submission", dup_s("[1, 2, 3]"),
				   "JE", "object", NULL};
	c[n++] = (struct bad_case){
		"no id", NULL, "submission",
		dup_s("{\"problem\":\"double\",\"language\":\"python3\","
		      "\"source\":\"print(1)\"}"),
		"JE", "id", NULL};
	c[n++] = (struct bad_case){
		"no problem", "m-noproblem", "submission",
		dup_s("{\"id\":\"m-noproblem\",\"language\":\"python3\","
		      "\"source\":\"print(1)\"}"),
		"JE", "problem", NULL};
	c[n++] = (struct bad_case){"unknown problem", "m-unknown-problem", "submission",
				   sub_json("m-unknown-problem", "no-such-problem", "python3",
					    SRC_AC),
				   "JE", "no-such-problem", NULL};
	c[n++] = (struct bad_case){"unknown language", "m-unknown-language", "submission",
				   sub_json("m-unknown-language", "double", "cobol", SRC_AC),
				   "JE", "cobol", NULL};
	c[n++] = (struct bad_case){
		"source and files", "m-two-bodies", "submission",
		dup_s("{\"id\":\"m-two-bodies\",\"problem\":\"double\",\"language\":"
		      "\"python3\",\"source\":\"print(1)\",\"files\":{\"main.py\":"
		      "\"print(1)\"}}"),
		"JE", "files", NULL};
	c[n++] = (struct bad_case){
		"bad base64", "m-bad-base64", "submission",
		dup_s("{\"id\":\"m-bad-base64\",\"problem\":\"double\",\"language\":\"c\","
		      "\"archive\":\"@@@ this is not base64 @@@\"}"),
		"JE", "base64", NULL};
	{
		json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "id", "m-evil-zip", "problem",
				      "double", "language", "c", "archive", zip64);

		ck_assert_ptr_nonnull(o);
		c[n++] = (struct bad_case){"path traversal zip", "m-evil-zip", "submission",
					   json_dumps(o, JSON_COMPACT), "CE", "evil.txt", NULL};
		json_decref(o);
	}
	c[n++] = (struct bad_case){"17 MiB source", "m-huge", "submission",
				   sub_json("m-huge", "double", "python3", big), "CE", "MiB",
				   NULL};
	c[n++] = (struct bad_case){"no submission field", NULL, "something-else",
				   sub_json("m-nofield", "double", "python3", SRC_AC), "JE",
				   "submission", NULL};
	free(big);
	free(zip64);

	for (size_t k = 0; k < n; k++) {
		ck_assert_ptr_nonnull(c[k].payload);
		c[k].eid = xadd(c[k].field, c[k].payload, strlen(c[k].payload));
	}
	free(enqueue("m-good", "double", "python3", SRC_AC));

	for (size_t k = 0; k < n; k++) {
		char key[128];
		const char *msg;

		if (c[k].id)
			snprintf(key, sizeof(key), "%s", c[k].id);
		else
			snprintf(key, sizeof(key), "entry:%s", c[k].eid);
		r = wait_result(key, 60000);
		msg = jstr(r, "message");
		if (getenv("ARBITER_TEST_VERBOSE"))
			fprintf(stderr, "# malformed: %s -> %s: %s\n", c[k].label,
				jstr(r, "verdict"), msg);
		WK_ASSERT(!strcmp(jstr(r, "verdict"), c[k].verdict),
			  "%s: verdict %s, expected %s (message '%s')", c[k].label,
			  jstr(r, "verdict"), c[k].verdict, msg);
		WK_ASSERT(msg[0] != '\0' && strcmp(msg, "(missing)") != 0,
			  "%s: no message in the result", c[k].label);
		WK_ASSERT(strcasestr(msg, c[k].needle) != NULL,
			  "%s: message '%s' does not mention '%s'", c[k].label, msg, c[k].needle);
		if (!c[k].id)
			WK_ASSERT(!strcmp(jstr(r, "id"), ""),
				  "%s: result id '%s', expected \"\"", c[k].label, jstr(r, "id"));
		else
			WK_ASSERT(!strcmp(jstr(r, "id"), c[k].id), "%s: result id '%s'",
				  c[k].label, jstr(r, "id"));
		json_decref(r);
	}
	r = wait_result("m-good", 30000);
	WK_ASSERT(!strcmp(jstr(r, "verdict"), "AC"), "m-good after the bad ones: %s (%s)",
		  jstr(r, "verdict"), jstr(r, "message"));
	json_decref(r);

	/* Exactly one result each, all acknowledged, the worker still up. */
	tu_sleep_ms(500);
	WK_ASSERT(xlen(RESULTS) == (long long)n + 1, "XLEN results %lld, expected %zu",
		  xlen(RESULTS), n + 1);
	WK_ASSERT(pending_total() == 0, "%lld entries pending", pending_total());
	WK_ASSERT(xlen(SUBS) == 0, "%lld entries left in the submissions stream", xlen(SUBS));
	WK_ASSERT(worker_alive(w), "worker ended: %s", describe_status(w->status));
	for (size_t k = 0; k < n; k++) {
		free(c[k].payload);
		free(c[k].eid);
	}
	stop_worker(w, 20000);
	assert_no_box_procs();
	assert_no_box_cgroups();
}
END_TEST

/*** 3. Dead letter: too many deliveries -> JE, never judged again ***/

START_TEST(test_dead_letter)
{
	const struct wk_opts o = {
		.slots = 1, .claim_idle_ms = 200, .heartbeat_ms = 80, .max_deliveries = 2};
	redisReply *rr;
	char *eid;
	struct wk *w;
	json_t *r;

	start_redis(false);
	rr = rcmd("XGROUP CREATE " SUBS " " GROUP " 0 MKSTREAM");
	ck_assert_int_eq(rr->type, REDIS_REPLY_STATUS);
	freeReplyObject(rr);
	eid = enqueue("dl-1", "double", "python3", SRC_AC);

	/* A consumer that "crashed" three times: one read, two claims (without
	 * JUSTID, each counts as a delivery). */
	rr = rcmd("XREADGROUP GROUP " GROUP " fake COUNT 1 STREAMS " SUBS " >");
	ck_assert_int_eq(rr->type, REDIS_REPLY_ARRAY);
	freeReplyObject(rr);
	for (int k = 0; k < 2; k++) {
		rr = rcmd("XCLAIM " SUBS " " GROUP " fake 0 %s", eid);
		ck_assert_int_eq(rr->type, REDIS_REPLY_ARRAY);
		ck_assert_uint_eq(rr->elements, 1);
		freeReplyObject(rr);
	}
	rr = rcmd("XPENDING " SUBS " " GROUP " - + 10");
	ck_assert_msg(rr->type == REDIS_REPLY_ARRAY && rr->elements == 1 &&
			      rr->element[0]->element[3]->integer == 3,
		      "the fake consumer's entry should have 3 deliveries");
	freeReplyObject(rr);

	w = start_worker("wD", F.box0, &o);
	r = wait_result("dl-1", 20000);
	WK_ASSERT(!strcmp(jstr(r, "verdict"), "JE"), "dl-1: verdict %s, expected JE (%s)",
		  jstr(r, "verdict"), jstr(r, "message"));
	WK_ASSERT(strcasestr(jstr(r, "message"), "deliver") != NULL,
		  "dl-1: message '%s' does not say it gave up after repeated deliveries",
		  jstr(r, "message"));
	WK_ASSERT(json_array_size(json_object_get(r, "tests")) == 0,
		  "dl-1 was judged (%zu tests) instead of being dead-lettered",
		  json_array_size(json_object_get(r, "tests")));
	WK_ASSERT(!strncmp(jstr(r, "worker"), "wD/", 3), "dl-1: worker '%s'",
		  jstr(r, "worker"));
	json_decref(r);
	tu_sleep_ms(600);
	WK_ASSERT(xlen(RESULTS) == 1, "XLEN results %lld, expected 1", xlen(RESULTS));
	WK_ASSERT(pending_total() == 0, "%lld entries pending", pending_total());
	WK_ASSERT(log_count(w, "\"event\":\"reclaimed\"") >= 1,
		  "the worker did not log the reclaim of the fake consumer's entry");
	free(eid);
	stop_worker(w, 20000);
	assert_no_box_procs();
	assert_no_box_cgroups();
}
END_TEST

/*** 4. A live worker's long judgement is never stolen ***/

START_TEST(test_long_judgement_not_stolen)
{
	const struct wk_opts o = {.slots = 1, .claim_idle_ms = 1000, .heartbeat_ms = 200};
	uint64_t end;
	struct wk *a, *b;
	json_t *r;

	start_redis(false);
	a = start_worker("wL", F.box0, &o);
	wait_ready(a);
	/* 3 s of sleep in each of the two tests: six claim-idle periods. */
	free(enqueue("long-1", "slow", "python3",
		     "import time\ntime.sleep(3)\nprint(2*int(input()))\n"));
	end = tu_now_ms() + 10000;
	while (pending_of("wL/", NULL, 0) != 1) {
		WK_ASSERT(tu_now_ms() < end, "wL did not take long-1 within 10 s");
		tu_sleep_ms(20);
	}
	/* B idles the whole time A judges, free to reclaim. */
	b = start_worker("wI", F.box0 + 2, &o);
	wait_ready(b);

	r = wait_result("long-1", 30000);
	WK_ASSERT(!strcmp(jstr(r, "verdict"), "AC"), "long-1: verdict %s (%s)",
		  jstr(r, "verdict"), jstr(r, "message"));
	WK_ASSERT(!strncmp(jstr(r, "worker"), "wL/", 3),
		  "long-1 was judged by '%s', not by wL who held it", jstr(r, "worker"));
	WK_ASSERT(json_integer_value(json_object_get(r, "wall_ms")) >= 2500,
		  "long-1: wall_ms %lld, expected the 3 s sleep",
		  (long long)json_integer_value(json_object_get(r, "wall_ms")));
	json_decref(r);
	tu_sleep_ms(1500);
	WK_ASSERT(xlen(RESULTS) == 1, "XLEN results %lld, expected 1", xlen(RESULTS));
	WK_ASSERT(log_count(b, "\"event\":\"reclaimed\"") == 0,
		  "the idle worker wI reclaimed a live worker's entry");
	WK_ASSERT(log_count(b, "\"event\":\"judged\"") == 0, "the idle worker wI judged something");
	WK_ASSERT(log_count(a, "\"event\":\"claim-lost\"") == 0, "wL lost its claim");
	WK_ASSERT(pending_total() == 0, "%lld entries pending", pending_total());
	WK_ASSERT(worker_alive(b), "wI ended: %s", describe_status(b->status));
	stop_worker(a, 20000);
	stop_worker(b, 20000);
	assert_no_box_procs();
	assert_no_box_cgroups();
}
END_TEST

/*** 5. SIGTERM: stop taking work, finish what is in flight, exit 0 ***/

START_TEST(test_sigterm_finishes_in_flight)
{
	uint64_t end, t_term;
	struct wk *w;
	json_t *r;
	char *eid2;

	start_redis(false);
	w = start_worker("wS", F.box0, NULL);
	wait_ready(w);
	free(enqueue("term-1", "double", "python3",
		     "import time\ntime.sleep(2)\nprint(2*int(input()))\n"));
	end = tu_now_ms() + 10000;
	while (pending_total() != 1) {
		WK_ASSERT(tu_now_ms() < end, "term-1 was not taken within 10 s");
		tu_sleep_ms(20);
	}
	tu_sleep_ms(300);
	track();
	t_term = tu_now_ms();
	kill(w->pid, SIGTERM);

	/* Enqueued once the worker was told to stop: nobody may take it. */
	tu_sleep_ms(1000);
	eid2 = enqueue("term-2", "double", "python3", SRC_AC);

	WK_ASSERT(wait_exit(w, 12000), "worker still running 12 s after SIGTERM");
	WK_ASSERT(WIFEXITED(w->status) && WEXITSTATUS(w->status) == 0,
		  "worker ended with %s after SIGTERM, expected exit 0",
		  describe_status(w->status));
	fprintf(stderr, "# sigterm: exited %llu ms after SIGTERM\n",
		(unsigned long long)(tu_now_ms() - t_term));
	r = get_result("term-1");
	WK_ASSERT(r != NULL, "the in-flight submission term-1 has no result after the stop");
	WK_ASSERT(!strcmp(jstr(r, "verdict"), "AC"), "term-1: verdict %s (%s)",
		  jstr(r, "verdict"), jstr(r, "message"));
	json_decref(r);
	r = get_result("term-2");
	WK_ASSERT(r == NULL, "term-2, enqueued after SIGTERM, was judged: %s",
		  jstr(r, "verdict"));
	WK_ASSERT(pending_total() == 0, "%lld entries pending after the stop", pending_total());
	WK_ASSERT(xlen(SUBS) == 1, "XLEN submissions %lld, expected term-2 alone, untaken",
		  xlen(SUBS));
	WK_ASSERT(xlen(RESULTS) == 1, "XLEN results %lld, expected 1", xlen(RESULTS));
	free(eid2);
	assert_no_box_procs();
	assert_no_box_cgroups();
}
END_TEST

/*** 6. Redis down at start and midway: wait, reconnect, never exit ***/

/* CPU ticks used so far by W and its slots. */
static unsigned long worker_cpu_ticks(const struct wk *w)
{
	unsigned long total = 0, t;
	char state;

	if (proc_stat(w->pid, &state, NULL, &t))
		total += t;
	for (size_t k = 0; k < F.n_tracked; k++)
		if (F.tracked[k].owner == (int)(w - F.workers) &&
		    proc_stat(F.tracked[k].pid, &state, NULL, &t))
			total += t;
	return total;
}

START_TEST(test_redis_down_at_start_and_midway)
{
	const struct wk_opts o = {.slots = 1};
	long hz = sysconf(_SC_CLK_TCK);
	unsigned long cpu0, cpu1;
	struct wk *w;
	json_t *r;

	start_redis(true);
	WK_ASSERT(rh_stop(F.rs) == 0, "rh_stop failed");

	w = start_worker("wR", F.box0, &o);
	tu_sleep_ms(800);
	cpu0 = worker_cpu_ticks(w);
	tu_sleep_ms(2000);
	cpu1 = worker_cpu_ticks(w);
	WK_ASSERT(worker_alive(w), "the worker exited while Redis was down: %s",
		  describe_status(w->status));
	WK_ASSERT(log_line_has(w, "\"level\":\"warn\"", "redis"),
		  "no warning about Redis in the log while it was down");
	/* Backing off, not spinning: well under a core's tenth. */
	WK_ASSERT((cpu1 - cpu0) * 1000 / (unsigned long)hz < 200,
		  "the worker burnt %lu ms of CPU in 2 s waiting for Redis",
		  (cpu1 - cpu0) * 1000 / (unsigned long)hz);

	WK_ASSERT(rh_restart(F.rs) == 0, "rh_restart failed");
	wait_ready(w);
	free(enqueue("rd-1", "double", "python3", SRC_AC));
	r = wait_result("rd-1", 30000);
	WK_ASSERT(!strcmp(jstr(r, "verdict"), "AC"), "rd-1: %s (%s)", jstr(r, "verdict"),
		  jstr(r, "message"));
	json_decref(r);

	/* A crash of Redis while the worker idles. */
	drop_connection();
	WK_ASSERT(rh_kill(F.rs) == 0, "rh_kill failed");
	track();
	cpu0 = worker_cpu_ticks(w);
	tu_sleep_ms(1000);
	cpu1 = worker_cpu_ticks(w);
	WK_ASSERT(worker_alive(w), "the worker exited when Redis died: %s",
		  describe_status(w->status));
	WK_ASSERT((cpu1 - cpu0) * 1000 / (unsigned long)hz < 200,
		  "the worker burnt %lu ms of CPU in 1 s without Redis",
		  (cpu1 - cpu0) * 1000 / (unsigned long)hz);
	WK_ASSERT(rh_restart(F.rs) == 0, "rh_restart failed");
	free(enqueue("rd-2", "double", "python3", SRC_AC));
	r = wait_result("rd-2", 30000);
	WK_ASSERT(!strcmp(jstr(r, "verdict"), "AC"), "rd-2: %s (%s)", jstr(r, "verdict"),
		  jstr(r, "message"));
	json_decref(r);
	/* Both results survived (AOF), each once. */
	WK_ASSERT(xlen(RESULTS) == 2, "XLEN results %lld, expected 2", xlen(RESULTS));
	WK_ASSERT(pending_total() == 0, "%lld entries pending", pending_total());
	WK_ASSERT(worker_alive(w), "worker ended: %s", describe_status(w->status));
	stop_worker(w, 20000);
	assert_no_box_procs();
	assert_no_box_cgroups();
}
END_TEST

/*** 7. Progress messages, one per test, in order ***/

START_TEST(test_progress_published)
{
	static const char *const names[] = {"sample/1", "secret/1"};
	const struct wk_opts o = {.slots = 1};
	struct timeval tv = {30, 0};
	redisContext *sub;
	redisReply *rr;
	struct wk *w;
	json_t *r;

	start_redis(false);
	w = start_worker("wP", F.box0, &o);
	wait_ready(w);
	sub = rh_connect(F.rs);
	ck_assert_ptr_nonnull(sub);
	redisSetTimeout(sub, tv);
	rr = redisCommand(sub, "SUBSCRIBE arbiter:progress:prog-1");
	ck_assert_msg(rr && rr->type == REDIS_REPLY_ARRAY, "SUBSCRIBE failed");
	freeReplyObject(rr);

	free(enqueue("prog-1", "double", "python3", SRC_AC));
	for (int k = 0; k < 2; k++) {
		json_t *m;
		json_error_t jerr;
		void *reply = NULL;

		WK_ASSERT(redisGetReply(sub, &reply) == REDIS_OK && reply,
			  "progress message %d did not come: %s", k + 1, sub->errstr);
		rr = reply;
		WK_ASSERT(rr->type == REDIS_REPLY_ARRAY && rr->elements == 3 &&
				  !strcmp(rr->element[0]->str, "message") &&
				  !strcmp(rr->element[1]->str, "arbiter:progress:prog-1"),
			  "progress %d: not a message on arbiter:progress:prog-1", k + 1);
		m = json_loadb(rr->element[2]->str, rr->element[2]->len, 0, &jerr);
		WK_ASSERT(m != NULL, "progress %d is not JSON: %s", k + 1, jerr.text);
		WK_ASSERT(!strcmp(jstr(m, "test"), names[k]), "progress %d: test '%s', expected %s",
			  k + 1, jstr(m, "test"), names[k]);
		WK_ASSERT(!strcmp(jstr(m, "verdict"), "AC"), "progress %d: verdict %s", k + 1,
			  jstr(m, "verdict"));
		json_decref(m);
		freeReplyObject(rr);
	}
	redisFree(sub);
	r = wait_result("prog-1", 20000);
	WK_ASSERT(!strcmp(jstr(r, "verdict"), "AC"), "prog-1: %s", jstr(r, "verdict"));
	WK_ASSERT(json_array_size(json_object_get(r, "tests")) == 2, "prog-1: %zu tests",
		  json_array_size(json_object_get(r, "tests")));
	json_decref(r);
	stop_worker(w, 20000);
	assert_no_box_procs();
	assert_no_box_cgroups();
}
END_TEST

/*** 8. Problems pushed to Redis, a new version picked up live ***/

static void push_problem(const char *pkg, char *sha, size_t sha_len)
{
	char out[PATH_MAX];
	const char *args[] = {"problem", "push", "--redis", rh_unix_url(F.rs), pkg, NULL};
	char *text, *tab;
	int rc;

	snprintf(out, sizeof(out), "%s/push.out", F.tmp);
	rc = run_arbiter(args, out);
	ck_assert_msg(rc == 0, "arbiter problem push %s: exit %d", pkg, rc);
	text = read_or_empty(out);
	tab = strchr(text, '\t');
	ck_assert_msg(tab != NULL, "problem push printed '%s', expected DIR<TAB>HASH", text);
	snprintf(sha, sha_len, "%.*s", (int)strcspn(tab + 1, "\n"), tab + 1);
	free(text);
}

START_TEST(test_problem_push)
{
	const struct wk_opts o = {.slots = 1, .no_problems = true};
	char parent[PATH_MAX], pkg[PATH_MAX + 16], path[PATH_MAX + 64], sha1[128], sha2[128];
	struct wk *w;
	json_t *r;

	start_redis(false);
	snprintf(parent, sizeof(parent), "%s/push", F.tmp);
	make_problem(parent, "pushed", 2, "6\n", "42\n");
	snprintf(pkg, sizeof(pkg), "%s/pushed", parent);
	push_problem(pkg, sha1, sizeof(sha1));

	w = start_worker("wQ", F.box0, &o);
	wait_ready(w);
	free(enqueue("push-1", "pushed", "python3", SRC_AC));
	r = wait_result("push-1", 30000);
	WK_ASSERT(!strcmp(jstr(r, "verdict"), "AC"), "push-1: %s (%s)", jstr(r, "verdict"),
		  jstr(r, "message"));
	json_decref(r);

	/* Version 2 wants 3n: the same program is now wrong. */
	snprintf(path, sizeof(path), "%s/data/sample/1.ans", pkg);
	write_file(path, "9\n");
	snprintf(path, sizeof(path), "%s/data/secret/1.ans", pkg);
	write_file(path, "63\n");
	push_problem(pkg, sha2, sizeof(sha2));
	WK_ASSERT(strcmp(sha1, sha2) != 0, "the content hash did not change (%s)", sha1);

	free(enqueue("push-2", "pushed", "python3", SRC_AC));
	r = wait_result("push-2", 30000);
	WK_ASSERT(!strcmp(jstr(r, "verdict"), "WA"),
		  "push-2 (old program, new version): %s, expected WA (%s)", jstr(r, "verdict"),
		  jstr(r, "message"));
	json_decref(r);
	free(enqueue("push-3", "pushed", "python3", "print(3*int(input()))\n"));
	r = wait_result("push-3", 30000);
	WK_ASSERT(!strcmp(jstr(r, "verdict"), "AC"), "push-3 (3n, new version): %s (%s)",
		  jstr(r, "verdict"), jstr(r, "message"));
	json_decref(r);
	WK_ASSERT(worker_alive(w), "worker ended: %s", describe_status(w->status));
	stop_worker(w, 20000);
	assert_no_box_procs();
	assert_no_box_cgroups();
}
END_TEST

/*** 9. One id judged twice at once: still exactly one result ***/

START_TEST(test_same_id_judged_twice)
{
	const struct wk_opts o = {.slots = 2};
	uint64_t end;
	struct wk *w;
	json_t *r;

	start_redis(false);
	w = start_worker("wU", F.box0, &o);
	wait_ready(w);
	/* Two entries, one id (a client that sent it twice): both slots judge
	 * it at the same time, and both try to deliver. */
	free(enqueue("dup-1", "double", "python3", SRC_SLOW));
	free(enqueue("dup-1", "double", "python3", SRC_SLOW));
	end = tu_now_ms() + 30000;
	while (log_lines_with(w, "\"event\":\"judged\"", "\"id\":\"dup-1\"") < 2 ||
	       pending_total() != 0) {
		WK_ASSERT(tu_now_ms() < end, "dup-1 was not judged twice within 30 s");
		tu_sleep_ms(50);
	}
	tu_sleep_ms(300);
	WK_ASSERT(xlen(RESULTS) == 1, "XLEN results %lld for one id judged twice, expected 1",
		  xlen(RESULTS));
	r = get_result("dup-1");
	WK_ASSERT(r != NULL, "result:dup-1 is missing");
	WK_ASSERT(!strcmp(jstr(r, "verdict"), "AC"), "dup-1: %s", jstr(r, "verdict"));
	json_decref(r);
	WK_ASSERT(log_count(w, "\"event\":\"duplicate\"") == 1,
		  "the second delivery was not reported as a duplicate");
	WK_ASSERT(xlen(SUBS) == 0, "%lld entries left in the submissions stream", xlen(SUBS));
	stop_worker(w, 20000);
	assert_no_box_procs();
	assert_no_box_cgroups();
}
END_TEST

/*** 10. A sandbox fault mid-run: a JE result that says which test ***/

/* The pid of a live process of box uid BOX_ID, or 0. */
static pid_t box_proc_pid(int box_id)
{
	return tu_uid_proc_pid((uid_t)(SBX_UID_BASE + box_id));
}

START_TEST(test_box_fault_is_je_of_that_test)
{
	const struct wk_opts o = {.slots = 1};
	uint64_t end;
	pid_t boxed = 0, helper = 0, slot = 0;
	struct wk *w;
	json_t *r, *tests, *t;
	size_t i;
	bool je_test = false;

	start_redis(false);
	w = start_worker("wF", F.box0, &o);
	wait_ready(w);
	for (size_t k = 0; k < F.n_tracked; k++)
		if (F.tracked[k].owner == (int)(w - F.workers))
			slot = F.tracked[k].pid;
	ck_assert_int_gt(slot, 0);
	free(enqueue("fault-1", "double", "python3",
		     "import time\ntime.sleep(1.5)\nprint(2*int(input()))\n"));
	/* The first test's run: the program sleeps in the box; its parent
	 * (the slot's sandbox helper) is killed under it. */
	end = tu_now_ms() + 15000;
	for (;;) {
		pid_t pp = 0;
		char state;

		WK_ASSERT(tu_now_ms() < end, "no run of fault-1 seen in box %d", F.box0);
		boxed = box_proc_pid(F.box0);
		if (boxed && proc_stat(boxed, &state, &helper, NULL) && helper > 0 &&
		    proc_stat(helper, &state, &pp, NULL) && pp == slot) {
			char cmd[64], *text;
			size_t len = 0;

			/* The run, not the compile step (python3 -m py_compile). */
			snprintf(cmd, sizeof(cmd), "/proc/%d/cmdline", (int)boxed);
			text = tu_read_file(cmd, &len);
			for (size_t k = 0; text && k < len; k++)
				if (text[k] == '\0')
					text[k] = ' ';
			if (text && strstr(text, "python3") && strstr(text, "main.py") &&
			    !strstr(text, "py_compile")) {
				free(text);
				break;
			}
			free(text);
		}
		tu_sleep_ms(10);
	}
	kill(helper, SIGKILL);

	r = wait_result("fault-1", 20000);
	WK_ASSERT(!strcmp(jstr(r, "verdict"), "JE"), "fault-1: verdict %s, expected JE (%s)",
		  jstr(r, "verdict"), jstr(r, "message"));
	WK_ASSERT(jstr(r, "message")[0] != '\0', "fault-1: JE without a message");
	/* CONTRACT: the verdict is that of the first failing test: a JE
	 * result that lists tests lists the one that failed as JE. */
	tests = json_object_get(r, "tests");
	json_array_foreach(tests, i, t)
		je_test = je_test || !strcmp(jstr(t, "verdict"), "JE");
	{
		char *text = json_dumps(tests, JSON_COMPACT);

		if (getenv("ARBITER_TEST_VERBOSE"))
			fprintf(stderr, "# fault-1: %s: %s\n", jstr(r, "message"), text);
		WK_ASSERT(json_array_size(tests) == 0 || je_test,
			  "fault-1 is JE, but no test in its result is: %s", text);
		free(text);
	}
	json_decref(r);

	/* The slot carries on. */
	free(enqueue("fault-2", "double", "python3", SRC_AC));
	r = wait_result("fault-2", 20000);
	WK_ASSERT(!strcmp(jstr(r, "verdict"), "AC"), "fault-2 after the fault: %s (%s)",
		  jstr(r, "verdict"), jstr(r, "message"));
	json_decref(r);
	stop_worker(w, 20000);
	assert_no_box_procs();
	assert_no_box_cgroups();
}
END_TEST

/*** Suite ***/

static TCase *wk_tcase(Suite *s, const char *name, double timeout_s)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, wk_setup, wk_teardown);
	tcase_set_timeout(tc, timeout_s);
	suite_add_tcase(s, tc);
	return tc;
}

Suite *suite_worker(void)
{
	Suite *s = suite_create("worker");

	if (!rh_available()) {
		printf("# SKIP worker: redis-server not installed\n");
		return s;
	}
	tcase_add_test(wk_tcase(s, "hundred_with_crash_and_restart", 170),
		       test_hundred_with_crash_and_restart);
	tcase_add_test(wk_tcase(s, "malformed_messages", 90), test_malformed_messages);
	tcase_add_test(wk_tcase(s, "dead_letter", 40), test_dead_letter);
	tcase_add_test(wk_tcase(s, "long_judgement_not_stolen", 60),
		       test_long_judgement_not_stolen);
	tcase_add_test(wk_tcase(s, "sigterm_finishes_in_flight", 40),
		       test_sigterm_finishes_in_flight);
	tcase_add_test(wk_tcase(s, "redis_down_at_start_and_midway", 90),
		       test_redis_down_at_start_and_midway);
	tcase_add_test(wk_tcase(s, "progress_published", 40), test_progress_published);
	tcase_add_test(wk_tcase(s, "problem_push", 60), test_problem_push);
	tcase_add_test(wk_tcase(s, "same_id_judged_twice", 40), test_same_id_judged_twice);
	tcase_add_test(wk_tcase(s, "box_fault_is_je_of_that_test", 40),
		       test_box_fault_is_je_of_that_test);
	return s;
}
