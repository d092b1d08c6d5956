/* check_metrics.c - the worker's metrics (worker/metrics.c): the text
 * exposition (HELP/TYPE lines, label escaping, cumulative histogram
 * buckets whose +Inf bucket is the count, exact sums), counters shared
 * across processes through the registry's mapping, what one judgement
 * adds, /healthz's rules, ADDR parsing with its messages, and the HTTP
 * server over a real loopback socket.  Tier 1: no privilege needed.
 */
#include <check.h>
#include <arpa/inet.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "judge.h"
#include "metrics.h"

Suite *suite_metrics(void);

static const char *const langs[] = {"c", "python3", "a\"b\\c\nd"};

static struct metrics *new_registry(unsigned slots)
{
	struct metrics *m = NULL;
	struct arb_err err;

	ck_assert_int_eq(metrics_new(langs, 3, slots, &m, &err), 0);
	ck_assert_ptr_nonnull(m);
	return m;
}

static char *render(const struct metrics *m, const struct metrics_queue *q)
{
	size_t len = 0;
	char *text = metrics_render(m, q, &len);

	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(strlen(text), len);
	return text;
}

/* Does TEXT hold LINE as a whole line? */
static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; (p = strstr(p, line)); p++)
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return true;
	return false;
}

#define ck_line(text, line) ck_assert_msg(has_line(text, line), "no line '%s' in:\n%s", line, text)
#define ck_no_line(text, line) ck_assert_msg(!has_line(text, line), "line '%s' in:\n%s", line, text)

/*** Format ***/

START_TEST(test_format)
{
	static const char *const families[][2] = {
		{"arbiter_submissions_total", "counter"},
		{"arbiter_test_runs_total", "counter"},
		{"arbiter_judge_seconds", "histogram"},
		{"arbiter_sandbox_setup_seconds", "histogram"},
		{"arbiter_oom_kills_total", "counter"},
		{"arbiter_slots_busy", "gauge"},
		{"arbiter_slots", "gauge"},
		{"arbiter_queue_depth", "gauge"},
		{"arbiter_redis_reconnects_total", "counter"},
	};
	struct metrics *m = new_registry(4);
	char *text = render(m, NULL), *copy, *save = NULL;
	char want[256];

	ck_assert(text[strlen(text) - 1] == '\n');
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		const char *help, *type;

		snprintf(want, sizeof(want), "# HELP %s ", families[i][0]);
		help = strstr(text, want);
		ck_assert_msg(help != NULL, "no HELP for %s", families[i][0]);
		snprintf(want, sizeof(want), "# TYPE %s %s\n", families[i][0], families[i][1]);
		type = strstr(text, want);
		ck_assert_msg(type != NULL, "no TYPE for %s", families[i][0]);
		/* HELP right before TYPE, each once. */
		ck_assert_ptr_eq(strchr(help, '\n') + 1, type);
		ck_assert_ptr_null(strstr(type + 1, want));
	}
	/* Every other line is a sample: name[{labels}] value. */
	copy = strdup(text);
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		const char *sp = strrchr(l, ' ');

		if (l[0] == '#')
			continue;
		ck_assert_msg(strncmp(l, "arbiter_", 8) == 0, "line '%s'", l);
		ck_assert_msg(sp && sp[1] && strspn(sp + 1, "0123456789.") == strlen(sp + 1),
			      "line '%s'", l);
	}
	free(copy);
	ck_line(text, "arbiter_slots 4");
	ck_line(text, "arbiter_slots_busy 0");
	ck_line(text, "arbiter_test_runs_total 0");
	ck_line(text, "arbiter_oom_kills_total 0");
	ck_line(text, "arbiter_redis_reconnects_total 0");
	/* Nothing judged: no submission series; no queue figure: no samples. */
	ck_assert_ptr_null(strstr(text, "arbiter_submissions_total{"));
	ck_assert_ptr_null(strstr(text, "arbiter_queue_depth{"));
	free(text);

	text = render(m, &(struct metrics_queue){.known = false, .waiting = 7});
	ck_assert_ptr_null(strstr(text, "arbiter_queue_depth{"));
	free(text);
	text = render(m, &(struct metrics_queue){.known = true, .waiting = 7, .pending = 2});
	ck_line(text, "arbiter_queue_depth{state=\"waiting\"} 7");
	ck_line(text, "arbiter_queue_depth{state=\"pending\"} 2");
	free(text);
	metrics_free(m);
}
END_TEST

START_TEST(test_counters_and_escaping)
{
	struct metrics *m = new_registry(2);
	char *text;

	metrics_submission(m, VERDICT_AC, "c");
	metrics_submission(m, VERDICT_AC, "c");
	metrics_submission(m, VERDICT_WA, "python3");
	metrics_submission(m, VERDICT_JE, NULL);      /* no language: other */
	metrics_submission(m, VERDICT_CE, "cobol");   /* not in the table */
	metrics_submission(m, VERDICT_TLE, "a\"b\\c\nd");
	metrics_submission(m, VERDICT_COUNT, "c");    /* not a verdict: ignored */
	metrics_test_runs(m, 5);
	metrics_test_runs(m, 2);
	metrics_oom_kills(m, 3);
	metrics_redis_reconnect(m);
	metrics_slot_busy(m, 1, true);
	metrics_slot_busy(m, 7, true); /* no slot 7: ignored */
	text = render(m, NULL);
	ck_line(text, "arbiter_submissions_total{verdict=\"AC\",language=\"c\"} 2");
	ck_line(text, "arbiter_submissions_total{verdict=\"WA\",language=\"python3\"} 1");
	ck_line(text, "arbiter_submissions_total{verdict=\"JE\",language=\"other\"} 1");
	ck_line(text, "arbiter_submissions_total{verdict=\"CE\",language=\"other\"} 1");
	/* Backslash, quote and line feed escaped, as the format requires. */
	ck_line(text, "arbiter_submissions_total{verdict=\"TLE\",language=\"a\\\"b\\\\c\\nd\"} 1");
	ck_assert_ptr_null(strstr(text, "verdict=\"AC\",language=\"python3\""));
	ck_line(text, "arbiter_test_runs_total 7");
	ck_line(text, "arbiter_oom_kills_total 3");
	ck_line(text, "arbiter_redis_reconnects_total 1");
	ck_line(text, "arbiter_slots_busy 1");
	free(text);
	metrics_slot_busy(m, 1, false);
	text = render(m, NULL);
	ck_line(text, "arbiter_slots_busy 0");
	free(text);
	metrics_free(m);
}
END_TEST

/* A NULL registry (no --metrics) takes every update. */
START_TEST(test_null_registry)
{
	struct judgement j;

	memset(&j, 0, sizeof(j));
	metrics_submission(NULL, VERDICT_AC, "c");
	metrics_test_runs(NULL, 1);
	metrics_observe_phase(NULL, METRICS_PHASE_RUN, 1);
	metrics_observe_sandbox_setup(NULL, 1);
	metrics_oom_kills(NULL, 1);
	metrics_redis_reconnect(NULL);
	metrics_slot_busy(NULL, 0, true);
	metrics_master_tick(NULL, 1, false);
	metrics_judgement(NULL, &j, true, 1);
	metrics_on_sandbox(NULL, 1, 1);
	metrics_queue_wait(NULL, "1-0");
	metrics_free(NULL);
	metrics_server_forget(NULL);
	metrics_server_stop(NULL);
}
END_TEST

/*** Histograms ***/

START_TEST(test_histogram)
{
	struct metrics *m = new_registry(1);
	char *text;

	/* 1 ms and exactly 5 ms fall in le=0.005 (bounds are inclusive),
	 * 7 ms in le=0.01, 2 s in le=2.5, 400 s above every bound. */
	metrics_observe_phase(m, METRICS_PHASE_RUN, 1000);
	metrics_observe_phase(m, METRICS_PHASE_RUN, 5000);
	metrics_observe_phase(m, METRICS_PHASE_RUN, 7000);
	metrics_observe_phase(m, METRICS_PHASE_RUN, 2000000);
	metrics_observe_phase(m, METRICS_PHASE_RUN, 400000000);
	metrics_observe_phase(m, METRICS_PHASE_COUNT, 1); /* not a phase: ignored */
	text = render(m, NULL);
	ck_line(text, "arbiter_judge_seconds_bucket{phase=\"run\",le=\"0.005\"} 2");
	ck_line(text, "arbiter_judge_seconds_bucket{phase=\"run\",le=\"0.01\"} 3");
	ck_line(text, "arbiter_judge_seconds_bucket{phase=\"run\",le=\"0.025\"} 3");
	ck_line(text, "arbiter_judge_seconds_bucket{phase=\"run\",le=\"1\"} 3");
	ck_line(text, "arbiter_judge_seconds_bucket{phase=\"run\",le=\"2.5\"} 4");
	ck_line(text, "arbiter_judge_seconds_bucket{phase=\"run\",le=\"300\"} 4");
	ck_line(text, "arbiter_judge_seconds_bucket{phase=\"run\",le=\"+Inf\"} 5");
	ck_line(text, "arbiter_judge_seconds_count{phase=\"run\"} 5");
	ck_line(text, "arbiter_judge_seconds_sum{phase=\"run\"} 402.013");
	/* The other phases exist, empty. */
	ck_line(text, "arbiter_judge_seconds_bucket{phase=\"queue_wait\",le=\"+Inf\"} 0");
	ck_line(text, "arbiter_judge_seconds_count{phase=\"compile\"} 0");
	ck_line(text, "arbiter_judge_seconds_sum{phase=\"check\"} 0");
	ck_line(text, "arbiter_judge_seconds_count{phase=\"total\"} 0");
	free(text);

	metrics_observe_sandbox_setup(m, 400);
	metrics_observe_sandbox_setup(m, 1200);
	metrics_on_sandbox(m, 30000000, 2); /* 30 s: past every bound */
	text = render(m, NULL);
	ck_line(text, "arbiter_sandbox_setup_seconds_bucket{le=\"0.0005\"} 1");
	ck_line(text, "arbiter_sandbox_setup_seconds_bucket{le=\"0.001\"} 1");
	ck_line(text, "arbiter_sandbox_setup_seconds_bucket{le=\"0.0025\"} 2");
	ck_line(text, "arbiter_sandbox_setup_seconds_bucket{le=\"2.5\"} 2");
	ck_line(text, "arbiter_sandbox_setup_seconds_bucket{le=\"+Inf\"} 3");
	ck_line(text, "arbiter_sandbox_setup_seconds_count 3");
	ck_line(text, "arbiter_sandbox_setup_seconds_sum 30.0016");
	ck_line(text, "arbiter_oom_kills_total 2");
	free(text);
	metrics_free(m);
}
END_TEST

/* Every bucket series is cumulative and ends in +Inf == _count. */
START_TEST(test_buckets_cumulative)
{
	struct metrics *m = new_registry(1);
	unsigned long long last = 0, inf = 0, count = 0;
	char *text, *p;
	int n = 0;

	srand(7);
	for (int i = 0; i < 500; i++)
		metrics_observe_phase(m, METRICS_PHASE_TOTAL, (uint64_t)rand() % 400000000);
	text = render(m, NULL);
	for (p = strstr(text, "{phase=\"total\",le=\""); p;
	     p = strstr(p + 1, "{phase=\"total\",le=\"")) {
		unsigned long long v = strtoull(strstr(p, "} ") + 2, NULL, 10);

		ck_assert_uint_ge(v, last);
		last = v;
		if (strncmp(p, "{phase=\"total\",le=\"+Inf\"}", 25) == 0)
			inf = v;
		n++;
	}
	p = strstr(text, "arbiter_judge_seconds_count{phase=\"total\"} ");
	ck_assert_ptr_nonnull(p);
	count = strtoull(strchr(p, ' ') + 1, NULL, 10);
	ck_assert_int_eq(n, 16); /* 15 bounds and +Inf */
	ck_assert_uint_eq(inf, 500);
	ck_assert_uint_eq(count, inf);
	free(text);
	metrics_free(m);
}
END_TEST

/*** Shared across processes ***/

START_TEST(test_shared_across_fork)
{
	struct metrics *m = new_registry(2);
	char *text;
	int status;

	for (int k = 0; k < 3; k++) {
		pid_t pid = fork();

		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			for (int i = 0; i < 1000; i++) {
				metrics_submission(m, VERDICT_AC, "c");
				metrics_observe_phase(m, METRICS_PHASE_COMPILE, 1);
			}
			metrics_slot_busy(m, 0, true);
			_exit(0);
		}
	}
	for (int i = 0; i < 1000; i++)
		metrics_submission(m, VERDICT_AC, "c");
	while (wait(&status) > 0)
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	text = render(m, NULL);
	ck_line(text, "arbiter_submissions_total{verdict=\"AC\",language=\"c\"} 4000");
	ck_line(text, "arbiter_judge_seconds_count{phase=\"compile\"} 3000");
	ck_line(text, "arbiter_slots_busy 1");
	free(text);
	metrics_free(m);
}
END_TEST

/*** One judgement; queue wait ***/

START_TEST(test_judgement)
{
	struct metrics *m = new_registry(1);
	struct judgement j;
	char *text;

	memset(&j, 0, sizeof(j));
	j.verdict = VERDICT_WA;
	j.language = (char *)"python3";
	j.n_tests = 3;
	j.run_us = 30000;
	j.check_us = 2000;
	metrics_judgement(m, &j, true, 50000); /* interpreted: no compile */
	j.verdict = VERDICT_CE;
	j.language = (char *)"c";
	j.n_tests = 0;
	j.compiled = true;
	j.compile_us = 700000;
	metrics_judgement(m, &j, true, 800000); /* no test ran */
	j.verdict = VERDICT_JE;
	j.language = NULL;
	metrics_judgement(m, &j, false, 1000);  /* not judged: total only */
	text = render(m, NULL);
	ck_line(text, "arbiter_submissions_total{verdict=\"WA\",language=\"python3\"} 1");
	ck_line(text, "arbiter_submissions_total{verdict=\"CE\",language=\"c\"} 1");
	ck_line(text, "arbiter_submissions_total{verdict=\"JE\",language=\"other\"} 1");
	ck_line(text, "arbiter_test_runs_total 3");
	ck_line(text, "arbiter_judge_seconds_count{phase=\"run\"} 1");
	ck_line(text, "arbiter_judge_seconds_sum{phase=\"run\"} 0.03");
	ck_line(text, "arbiter_judge_seconds_count{phase=\"check\"} 1");
	ck_line(text, "arbiter_judge_seconds_sum{phase=\"check\"} 0.002");
	ck_line(text, "arbiter_judge_seconds_count{phase=\"compile\"} 1");
	ck_line(text, "arbiter_judge_seconds_sum{phase=\"compile\"} 0.7");
	ck_line(text, "arbiter_judge_seconds_count{phase=\"total\"} 3");
	ck_line(text, "arbiter_judge_seconds_sum{phase=\"total\"} 0.851");
	free(text);
	metrics_free(m);
}
END_TEST

START_TEST(test_queue_wait)
{
	struct metrics *m = new_registry(1);
	struct timespec now;
	char id[64], *text;

	clock_gettime(CLOCK_REALTIME, &now);
	/* Added 1.5 s ago: in le=2.5, not in le=1. */
	snprintf(id, sizeof(id), "%llu-3",
		 (unsigned long long)now.tv_sec * 1000 + (unsigned long long)now.tv_nsec / 1000000 - 1500);
	metrics_queue_wait(m, id);
	/* From the future (a skewed clock): 0.  Not an id: nothing. */
	snprintf(id, sizeof(id), "%llu-0", (unsigned long long)now.tv_sec * 1000 + 60000);
	metrics_queue_wait(m, id);
	metrics_queue_wait(m, "garbage");
	metrics_queue_wait(m, "12345");
	metrics_queue_wait(m, "-1");
	text = render(m, NULL);
	ck_line(text, "arbiter_judge_seconds_bucket{phase=\"queue_wait\",le=\"0.005\"} 1");
	ck_line(text, "arbiter_judge_seconds_bucket{phase=\"queue_wait\",le=\"1\"} 1");
	ck_line(text, "arbiter_judge_seconds_bucket{phase=\"queue_wait\",le=\"2.5\"} 2");
	ck_line(text, "arbiter_judge_seconds_count{phase=\"queue_wait\"} 2");
	free(text);
	metrics_free(m);
}
END_TEST

/*** /healthz ***/

START_TEST(test_healthy)
{
	struct metrics *m = new_registry(2);
	char why[128];

	ck_assert_int_eq(metrics_healthy(m, why, sizeof(why)), 0);
	ck_assert_str_eq(why, "starting: waiting for Redis\n");
	metrics_master_tick(m, 2, false);
	ck_assert_int_eq(metrics_healthy(m, why, sizeof(why)), 1);
	ck_assert_str_eq(why, "ok: 2/2 slots running\n");
	metrics_master_tick(m, 1, false);
	ck_assert_int_eq(metrics_healthy(m, why, sizeof(why)), 0);
	ck_assert_str_eq(why, "1 of 2 slots running\n");
	metrics_master_tick(m, 2, true);
	ck_assert_int_eq(metrics_healthy(m, why, sizeof(why)), 0);
	ck_assert_str_eq(why, "stopping\n");
	metrics_free(m);
}
END_TEST

/*** ADDR ***/

static const struct {
	const char *addr, *host;
	unsigned port;
} good_addrs[] = {
	{":9464", "127.0.0.1", 9464},
	{"0.0.0.0:9464", "0.0.0.0", 9464},
	{"127.0.0.1:1", "127.0.0.1", 1},
	{"localhost:65535", "localhost", 65535},
	{"[::1]:80", "::1", 80},
	{"[::]:9464", "::", 9464},
};

START_TEST(test_addr_good)
{
	struct metrics_addr a;
	struct arb_err err;

	for (size_t i = 0; i < sizeof(good_addrs) / sizeof(good_addrs[0]); i++) {
		ck_assert_msg(metrics_parse_addr(good_addrs[i].addr, &a, &err) == 0, "%s: %s",
			      good_addrs[i].addr, err.msg);
		ck_assert_str_eq(a.host, good_addrs[i].host);
		ck_assert_uint_eq(a.port, good_addrs[i].port);
	}
}
END_TEST

static const struct {
	const char *addr, *want;
} bad_addrs[] = {
	{"", "metrics address is empty"},
	{"9464", "'9464': expected HOST:PORT or :PORT"},
	{"host", "'host': expected HOST:PORT or :PORT"},
	{"host:", "'host:': missing port"},
	{":", "':': missing port"},
	{":0", "':0': port 0 is out of range [1, 65535]"},
	{":65536", "':65536': port 65536 is out of range [1, 65535]"},
	{":99999999999999999999", "':99999999999999999999': port 99999999999999999999 is out of range [1, 65535]"},
	{":-1", "':-1': port '-1' is not a number"},
	{":http", "':http': port 'http' is not a number"},
	{":94 64", "':94 64': port '94 64' is not a number"},
	{"::1:9464", "'::1:9464': write an IPv6 address as [ADDR]:PORT"},
	{"[::1]9464", "'[::1]9464': expected [IPV6]:PORT"},
	{"[::1:9464", "'[::1:9464': expected [IPV6]:PORT"},
	{"[]:9464", "'[]:9464': empty address in []"},
	{"bad host:1", "'bad host:1': bad character in the host"},
	{"a/b:1", "'a/b:1': bad character in the host"},
	{"tab\there:1", "'tab\there:1': bad character in the host"},
};

START_TEST(test_addr_bad)
{
	struct metrics_addr a;
	struct arb_err err;

	ck_assert_int_eq(metrics_parse_addr(bad_addrs[_i].addr, &a, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_REQUEST);
	ck_assert_str_eq(err.msg, bad_addrs[_i].want);
}
END_TEST

START_TEST(test_addr_long_host)
{
	char addr[400];
	struct metrics_addr a;
	struct arb_err err;

	memset(addr, 'h', 300);
	strcpy(addr + 300, ":80");
	ck_assert_int_eq(metrics_parse_addr(addr, &a, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "host too long"));
}
END_TEST

/*** The server ***/

static unsigned free_port(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	return ntohs(sa.sin_port);
}

/* REQUEST sent to 127.0.0.1:PORT; the whole answer, malloc'd. */
static char *http(unsigned port, const char *request)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	char *buf = calloc(1, 65536);
	size_t got = 0;
	ssize_t n;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(write(fd, request, strlen(request)), (ssize_t)strlen(request));
	while (got < 65535 && (n = read(fd, buf + got, 65535 - got)) > 0)
		got += (size_t)n;
	close(fd);
	return buf;
}

/* "METHOD PATH" answered with STATUS and a response holding every one of
 * the NULL-terminated strings after it (header names in any case). */
static void ck_http(unsigned port, const char *req, const char *status, ...)
{
	char request[128], code[8];
	char *r;
	const char *want;
	va_list ap;

	snprintf(request, sizeof(request), "%s HTTP/1.0\r\nContent-Length: 0\r\n\r\n", req);
	snprintf(code, sizeof(code), " %s ", status);
	r = http(port, request);
	ck_assert_msg(strncmp(r, "HTTP/1.", 7) == 0 && strstr(r, code) == r + 8,
		      "%s: %.80s", req, r);
	va_start(ap, status);
	while ((want = va_arg(ap, const char *)))
		ck_assert_msg(strcasestr(r, want) != NULL, "%s: no '%s' in:\n%s", req, want, r);
	va_end(ap);
	free(r);
}

static int queue_calls;

static void fake_queue(void *arg, struct metrics_queue *q)
{
	(void)arg;
	queue_calls++;
	q->known = true;
	q->waiting = 11;
	q->pending = 4;
}

START_TEST(test_server)
{
	struct metrics *m = new_registry(2);
	struct metrics_server *s = NULL, *s2 = NULL;
	struct arb_err err;
	unsigned port = free_port();
	char addr[64], *r;

	snprintf(addr, sizeof(addr), "127.0.0.1:%u", port);
	ck_assert_msg(metrics_server_start(&(struct metrics_server_opts){.addr = addr, .m = m,
						.queue = fake_queue},
					   &s, &err) == 0, "%s", err.msg);
	metrics_submission(m, VERDICT_AC, "c");

	ck_http(port, "GET /metrics", "200", "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n",
		"\narbiter_submissions_total{verdict=\"AC\",language=\"c\"} 1\n",
		"\narbiter_queue_depth{state=\"waiting\"} 11\n",
		"\narbiter_queue_depth{state=\"pending\"} 4\n", NULL);
	ck_http(port, "GET /healthz", "503", "\r\n\r\nstarting: waiting for Redis\n", NULL);
	metrics_master_tick(m, 2, false);
	ck_http(port, "GET /healthz", "200", "\r\n\r\nok: 2/2 slots running\n", NULL);
	r = http(port, "HEAD /metrics HTTP/1.0\r\n\r\n");
	ck_assert_ptr_nonnull(strstr(r, " 200 "));
	ck_assert_ptr_null(strstr(r, "arbiter_slots"));
	free(r);
	ck_http(port, "GET /other", "404", NULL);
	ck_http(port, "POST /metrics", "405", "Allow: GET, HEAD\r\n", NULL);
	/* Only /metrics (GET and HEAD) asks for the queue. */
	ck_assert_int_eq(queue_calls, 2);

	/* A second server on the same port: the start fails, and says why. */
	ck_assert_int_eq(metrics_server_start(&(struct metrics_server_opts){.addr = addr, .m = m},
					      &s2, &err), -1);
	ck_assert_ptr_null(s2);
	ck_assert_int_eq(err.kind, ARB_E_INTERNAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "metrics: listen on '127.0.0.1:"));
	ck_assert_ptr_nonnull(strstr(err.msg, "Address already in use"));
	/* A bad address is the request's fault. */
	ck_assert_int_eq(metrics_server_start(&(struct metrics_server_opts){.addr = "9464", .m = m},
					      &s2, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_REQUEST);
	ck_assert_str_eq(err.msg, "metrics: '9464': expected HOST:PORT or :PORT");

	metrics_server_stop(s);
	/* Stopped: the port is free again. */
	ck_assert_int_eq(metrics_server_start(&(struct metrics_server_opts){.addr = addr, .m = m},
					      &s, &err), 0);
	metrics_server_stop(s);
	metrics_free(m);
}
END_TEST

Suite *suite_metrics(void)
{
	Suite *s = suite_create("metrics");
	TCase *tc = tcase_create("render");

	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_counters_and_escaping);
	tcase_add_test(tc, test_null_registry);
	tcase_add_test(tc, test_histogram);
	tcase_add_test(tc, test_buckets_cumulative);
	tcase_add_test(tc, test_shared_across_fork);
	tcase_add_test(tc, test_judgement);
	tcase_add_test(tc, test_queue_wait);
	tcase_add_test(tc, test_healthy);
	suite_add_tcase(s, tc);

	tc = tcase_create("addr");
	tcase_add_test(tc, test_addr_good);
	tcase_add_loop_test(tc, test_addr_bad, 0,
			    (int)(sizeof(bad_addrs) / sizeof(bad_addrs[0])));
	tcase_add_test(tc, test_addr_long_host);
	suite_add_tcase(s, tc);

	tc = tcase_create("server");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_server);
	suite_add_tcase(s, tc);
	return s;
}
