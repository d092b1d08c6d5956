/* check_rconn.c - Redis URLs and the reconnecting connection (rconn.c).
 *
 * URL parsing is a table of good and bad URLs, each bad one with the part
 * of its message that names the problem, and never the password.  The
 * connection cases run against a private redis-server per test
 * (redis_harness.h) and assert real outcomes: what the server holds after
 * a command, which database a SET landed in, how long a failure took, that
 * a refused attempt inside the backoff window made no connection at all
 * (counted on a listener that never accepts), and that data and commands
 * survive the server being killed and restarted.  Without redis-server only
 * the parsing cases run, after a "# SKIP rconn" line.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "rconn.h"
#include "redis_harness.h"
#include "testutil.h"

Suite *suite_rconn(void);

/*** Helpers ***/

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct events {
	int n;
	char what[8][512];
};

static void on_event(void *arg, const char *what)
{
	struct events *ev = arg;

	if (ev->n < 8)
		snprintf(ev->what[ev->n], sizeof(ev->what[0]), "%s", what);
	ev->n++;
}

static struct rconn *open_rc(const char *url, unsigned connect_ms,
			     unsigned command_ms, struct events *ev)
{
	struct rconn_opts o = {connect_ms, command_ms, ev ? on_event : NULL, ev};
	struct arb_err err = {0};
	struct redis_url u;
	struct rconn *c = NULL;

	ck_assert_msg(redis_url_parse(url, &u, &err) == 0, "%s: %s", url, err.msg);
	ck_assert_msg(rconn_new(&u, &o, &c, &err) == 0, "%s", err.msg);
	redis_url_free(&u);
	ck_assert_ptr_nonnull(c);
	return c;
}

static struct rh_server *start(bool tcp, bool appendonly, const char *pass)
{
	struct rh_opts o = {.tcp = tcp, .appendonly = appendonly,
			    .requirepass = pass};
	struct rh_server *s = rh_start(&o);

	ck_assert_msg(s, "rh_start failed (see stderr)");
	return s;
}

/* Run FMT on C and expect a status reply WANT. */
#define expect_status(c, want, ...)                                            \
	do {                                                                   \
		struct arb_err e_ = {0};                                       \
		redisReply *r_ = rconn_command((c), &e_, __VA_ARGS__);        \
		ck_assert_msg(r_, "%s", e_.msg);                               \
		ck_assert_msg(r_->type == REDIS_REPLY_STATUS, "type %d: %s",   \
			      r_->type, r_->str ? r_->str : "");               \
		ck_assert_str_eq(r_->str, (want));                             \
		freeReplyObject(r_);                                           \
	} while (0)

/* GET KEY on a plain context: the value, or NULL for nil (malloc'd). */
static char *raw_get(redisContext *rc, const char *key)
{
	redisReply *r = redisCommand(rc, "GET %s", key);
	char *v = NULL;

	ck_assert_msg(r, "%s", rc->errstr);
	ck_assert_msg(r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_NIL,
		      "type %d", r->type);
	if (r->type == REDIS_REPLY_STRING)
		v = strndup(r->str, r->len);
	freeReplyObject(r);
	return v;
}

static void raw_ok(redisContext *rc, const char *cmd, const char *arg)
{
	redisReply *r = redisCommand(rc, cmd, arg);

	ck_assert_msg(r, "%s", rc->errstr);
	ck_assert_msg(r->type != REDIS_REPLY_ERROR, "%s: %s", cmd, r->str);
	freeReplyObject(r);
}

/* "reconnecting in N ms" in MSG: N, or -1. */
static int reconnect_in(const char *msg)
{
	const char *p = strstr(msg, "reconnecting in ");
	unsigned n;

	return p && sscanf(p, "reconnecting in %u ms", &n) == 1 ? (int)n : -1;
}

/*** URL parsing ***/

static const struct good_url {
	const char *url, *host;
	int port;
	const char *path, *user, *password;
	int db;
	const char *desc;
} good_urls[] = {
	{"redis://127.0.0.1:6379", "127.0.0.1", 6379, NULL, NULL, NULL, 0,
	 "127.0.0.1:6379"},
	{"redis://localhost", "localhost", 6379, NULL, NULL, NULL, 0,
	 "localhost:6379"},
	{"redis://redis.example.com:7000/", "redis.example.com", 7000, NULL,
	 NULL, NULL, 0, "redis.example.com:7000"},
	{"REDIS://Cache_1:1/15", "Cache_1", 1, NULL, NULL, NULL, 15,
	 "Cache_1:1/15"},
	{"redis://:s3cret@h:6380/2", "h", 6380, NULL, NULL, "s3cret", 2,
	 "h:6380/2"},
	{"redis://alice:p%40ss%3aw%2Fd@h/1023", "h", 6379, NULL, "alice",
	 "p@ss:w/d", 1023, "h:6379/1023"},
	/* redis-cli reads a userinfo without ':' as the password */
	{"redis://justpass@h", "h", 6379, NULL, NULL, "justpass", 0, "h:6379"},
	/* the last '@' ends the userinfo */
	{"redis://a:b@c@h:65535", "h", 65535, NULL, "a", "b@c", 0, "h:65535"},
	{"redis://[::1]:6380/3", "::1", 6380, NULL, NULL, NULL, 3,
	 "[::1]:6380/3"},
	{"redis://[2001:db8::7]", "2001:db8::7", 6379, NULL, NULL, NULL, 0,
	 "[2001:db8::7]:6379"},
	{"redis://:pw@[::ffff:10.0.0.1]:1/0", "::ffff:10.0.0.1", 1, NULL, NULL,
	 "pw", 0, "[::ffff:10.0.0.1]:1"},
	{"unix:///run/redis/redis.sock", NULL, 0, "/run/redis/redis.sock", NULL,
	 NULL, 0, "/run/redis/redis.sock"},
	{"unix:///tmp/r.sock?db=3", NULL, 0, "/tmp/r.sock", NULL, NULL, 3,
	 "/tmp/r.sock?db=3"},
	{"unix:///tmp/r%20s.sock?db=0&user=bob&password=x%26y", NULL, 0,
	 "/tmp/r s.sock", "bob", "x&y", 0, "/tmp/r s.sock"},
};

static void assert_str_or_null(const char *got, const char *want,
			       const char *field, const char *url)
{
	if (!want)
		ck_assert_msg(!got, "%s: %s: want NULL, got '%s'", url, field, got);
	else
		ck_assert_msg(got && !strcmp(got, want), "%s: %s: want '%s', got '%s'",
			      url, field, want, got ? got : "(null)");
}

START_TEST(test_url_good)
{
	const struct good_url *g = &good_urls[_i];
	struct arb_err err = {0};
	struct redis_url u;
	char desc[128];

	ck_assert_msg(redis_url_parse(g->url, &u, &err) == 0, "%s: %s", g->url,
		      err.msg);
	assert_str_or_null(u.host, g->host, "host", g->url);
	assert_str_or_null(u.path, g->path, "path", g->url);
	assert_str_or_null(u.user, g->user, "user", g->url);
	assert_str_or_null(u.password, g->password, "password", g->url);
	if (g->host)
		ck_assert_int_eq(u.port, g->port);
	ck_assert_int_eq(u.db, g->db);
	redis_url_describe(&u, desc, sizeof(desc));
	ck_assert_str_eq(desc, g->desc);
	redis_url_free(&u);
	ck_assert_ptr_null(u.host);
	ck_assert_ptr_null(u.password);
	redis_url_free(&u); /* twice: a freed URL is empty */
}
END_TEST

static char long_unix[160];

static const struct bad_url {
	const char *url, *why;
} bad_urls[] = {
	{"", "redis URL is empty"},
	{"localhost:6379", "redis URL 'localhost:6379': expected redis://"},
	{"http://h", "unsupported scheme 'http' (expected redis:// or unix://)"},
	{"rediss://h:6380", "TLS (rediss://) is not supported"},
	{"redis://", "missing host"},
	{"redis://:6379", "missing host"},
	{"redis://:pw@", "missing host"},
	{"redis://h:0", "redis URL 'redis://h:0': port '0' is not a number in 1..65535"},
	{"redis://h:65536", "port '65536' is not"},
	{"redis://h:6379x", "port '6379x' is not"},
	{"redis://h:", "port '' is not"},
	{"redis://h:-1", "port '-1' is not"},
	{"redis://h/16x", "database '16x' is not a number in 0..1023"},
	{"redis://h/1024", "database '1024' is not"},
	{"redis://h/-1", "database '-1' is not"},
	{"redis://h/1/2", "database '1/2' is not"},
	{"redis://h?db=1", "unexpected '?'"},
	{"redis://h#x", "unexpected '#'"},
	{"redis://[::1", "missing ']'"},
	{"redis://[::g]:1", "'[::g]' is not an IPv6 address"},
	{"redis://[]:1", "'[]' is not an IPv6 address"},
	{"redis://[::1]x", "unexpected 'x' after ']'"},
	{"redis://::1:6379", "an IPv6 address must be in brackets"},
	{"redis://ho st", "bad host name 'ho st'"},
	{"redis://h\033[2J", "bad host name 'h?[2J'"},
	{"redis://:p%zzw@h", "password: bad percent escape"},
	{"redis://:p%4@h", "password: bad percent escape"},
	{"redis://u%0@h", "password: bad percent escape"},
	{"redis://u%6:p@h", "user: bad percent escape"},
	{"redis://:p%00@h", "password: bad percent escape"},
	{"redis://:@h", "empty password"},
	{"redis://u:@h", "empty password"},
	{"redis://:a/b@h", "percent-encode"},
	{"redis://:a?b@h", "percent-encode"},
	{"redis://u:p@h/1@x", "percent-encode"},
	{"unix://relative.sock", "the socket path must be absolute"},
	{"unix://", "the socket path must be absolute"},
	{"unix://host/tmp/r.sock", "the socket path must be absolute"},
	{"unix:///tmp/r.sock?db=x", "database 'x' is not"},
	{"unix:///tmp/r.sock?db=", "database '' is not"},
	{"unix:///tmp/r.sock?db=2048", "database '2048' is not"},
	{"unix:///tmp/r.sock?timeout=1", "unknown parameter 'timeout'"},
	{"unix:///tmp/r.sock?db", "parameter 'db' has no value"},
	{"unix:///tmp/r.sock?password=", "empty password"},
	{"unix:///tmp/r.sock?user=bob", "user without a password"},
	{"unix:///tmp/r.sock#frag", "unexpected '#'"},
	{"unix:///tmp/r%.sock", "socket path: bad percent escape"},
	{long_unix, "the socket path is longer than 107 bytes"},
};

START_TEST(test_url_bad)
{
	const struct bad_url *b = &bad_urls[_i];
	struct arb_err err = {0};
	struct redis_url u;

	memset(long_unix, 0, sizeof(long_unix));
	strcpy(long_unix, "unix:///");
	memset(long_unix + 8, 'x', 110);
	ck_assert_int_eq(redis_url_parse(b->url, &u, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_REQUEST);
	ck_assert_msg(strstr(err.msg, b->why), "%s: want '%s' in '%s'", b->url,
		      b->why, err.msg);
	ck_assert_ptr_null(u.host);
	ck_assert_ptr_null(u.path);
	ck_assert_ptr_null(u.user);
	ck_assert_ptr_null(u.password);
	redis_url_free(&u);
}
END_TEST

/* A password never reaches a message or a description. */
START_TEST(test_url_password_masked)
{
	static const struct {
		const char *url, *shown;
	} cases[] = {
		{"redis://:hunter2@h:99999", "'redis://:***@h:99999'"},
		{"redis://alice:hunter2@[zz]/1", "'redis://alice:***@[zz]/1'"},
		{"redis://hunter2@h:0", "'redis://***@h:0'"},
		{"rediss://:hunter2@h", "'rediss://:***@h'"},
		{"redis://:hun@ter2@h/x", "'redis://:***@h/x'"},
		{"redis://:hun/ter2@h", "'redis://:***@h'"},
		{"redis://:hun?ter2@h", "'redis://:***@h'"},
		{"redis://hun#ter2@h", "'redis://***@h'"},
		{"unix:///x.sock?password=hunter2&db=x",
		 "'unix:///x.sock?password=***&db=x'"},
		{"unix:///x.sock?db=1&password=hunter2&user=bob&oops=1",
		 "'unix:///x.sock?db=1&password=***&user=bob&oops=1'"},
	};
	struct arb_err err = {0};
	struct redis_url u;
	char desc[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(redis_url_parse(cases[i].url, &u, &err), -1);
		ck_assert_msg(!strstr(err.msg, "hunter2") && !strstr(err.msg, "ter2"),
			      "password shown: %s", err.msg);
		ck_assert_msg(strstr(err.msg, cases[i].shown), "want %s in '%s'",
			      cases[i].shown, err.msg);
	}
	ck_assert_int_eq(redis_url_parse("redis://bob:hunter2@db.local:7000/4",
					 &u, &err), 0);
	redis_url_describe(&u, desc, sizeof(desc));
	ck_assert_str_eq(desc, "db.local:7000/4");
	redis_url_free(&u);
	ck_assert_int_eq(redis_url_parse("unix:///r.sock?password=hunter2",
					 &u, &err), 0);
	redis_url_describe(&u, desc, sizeof(desc));
	ck_assert_str_eq(desc, "/r.sock");
	/* A short buffer is cut, never overrun. */
	memset(desc, 'Z', sizeof(desc));
	redis_url_describe(&u, desc, 4);
	ck_assert_str_eq(desc, "/r.");
	ck_assert_int_eq(desc[4], 'Z');
	redis_url_describe(&u, desc, 0);
	ck_assert_int_eq(desc[0], '/');
	redis_url_free(&u);
}
END_TEST

START_TEST(test_url_default_env)
{
	unsetenv("ARBITER_REDIS");
	ck_assert_str_eq(redis_url_default(), "redis://127.0.0.1:6379");
	ck_assert_str_eq(redis_url_default(), RCONN_DEFAULT_URL);
	setenv("ARBITER_REDIS", "", 1);
	ck_assert_str_eq(redis_url_default(), RCONN_DEFAULT_URL);
	setenv("ARBITER_REDIS", "unix:///run/redis.sock?db=2", 1);
	ck_assert_str_eq(redis_url_default(), "unix:///run/redis.sock?db=2");
	unsetenv("ARBITER_REDIS");
}
END_TEST

/* rconn_new only records; nothing is attempted until a command. */
START_TEST(test_new_does_not_connect)
{
	struct events ev = {0};
	struct rconn *c;
	struct redis_url u;
	struct arb_err err = {0};
	long long t0 = now_ms();

	c = open_rc("redis://10.255.255.1:6379", 0, 0, &ev);
	ck_assert_msg(now_ms() - t0 < 100, "rconn_new took %lld ms", now_ms() - t0);
	ck_assert(!rconn_connected(c));
	ck_assert_int_eq(ev.n, 0);
	rconn_free(c);
	rconn_free(NULL);

	/* Options may be NULL. */
	ck_assert_int_eq(redis_url_parse("unix:///nonexistent/r.sock", &u, &err), 0);
	ck_assert_int_eq(rconn_new(&u, NULL, &c, &err), 0);
	redis_url_free(&u);
	ck_assert(!rconn_connected(c));
	rconn_free(c);
	ck_assert(!rconn_connected(NULL));
}
END_TEST

/*** Connecting ***/

START_TEST(test_connect_unix)
{
	struct rh_server *s = start(false, false, NULL);
	const char *argv[3] = {"SET", "bin", "a\0b c"};
	const size_t argvlen[3] = {3, 3, 5};
	struct events ev = {0};
	struct arb_err err = {0};
	redisContext *rc;
	struct rconn *c;
	redisReply *r;
	char want[512];
	char *v;
	int fds = tu_count_fds();

	c = open_rc(rh_url(s), 0, 0, &ev);
	ck_assert(!rconn_connected(c));
	expect_status(c, "OK", "SET %s %s", "greeting", "hello world");
	ck_assert(rconn_connected(c));
	ck_assert_int_eq(ev.n, 1);
	snprintf(want, sizeof(want), "connected to %s", rh_socket_path(s));
	ck_assert_str_eq(ev.what[0], want);

	/* argv form: binary-safe */
	r = rconn_command_argv(c, &err, 3, argv, argvlen);
	ck_assert_msg(r && r->type == REDIS_REPLY_STATUS, "%s", err.msg);
	freeReplyObject(r);
	argv[0] = "GET";
	r = rconn_command_argv(c, &err, 2, argv, NULL);
	ck_assert_msg(r && r->type == REDIS_REPLY_STRING, "%s", err.msg);
	ck_assert_uint_eq(r->len, 5);
	ck_assert_int_eq(memcmp(r->str, "a\0b c", 5), 0);
	freeReplyObject(r);

	/* An error reply is the caller's business: returned, still connected. */
	r = rconn_command(c, &err, "INCR greeting");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->type, REDIS_REPLY_ERROR);
	ck_assert_msg(strstr(r->str, "not an integer"), "%s", r->str);
	freeReplyObject(r);
	ck_assert(rconn_connected(c));
	ck_assert_int_eq(ev.n, 1);

	/* The server really holds it. */
	rc = rh_connect(s);
	ck_assert_ptr_nonnull(rc);
	v = raw_get(rc, "greeting");
	ck_assert_str_eq(v, "hello world");
	free(v);
	redisFree(rc);

	rconn_free(c);
	ck_assert_int_eq(tu_count_fds(), fds);
	rh_free(s);
}
END_TEST

/* SO_KEEPALIVE of our socket connected to 127.0.0.1:PORT, or -1. */
static int keepalive_to(int port)
{
	for (int fd = 3; fd < 1024; fd++) {
		struct sockaddr_in a;
		socklen_t alen = sizeof(a);
		int on = 0;
		socklen_t olen = sizeof(on);

		if (getpeername(fd, (struct sockaddr *)&a, &alen) < 0 ||
		    a.sin_family != AF_INET || ntohs(a.sin_port) != port)
			continue;
		if (getsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, &olen) < 0)
			return -1;
		return on;
	}
	return -1;
}

START_TEST(test_connect_tcp)
{
	struct rh_server *s = start(true, false, NULL);
	struct events ev = {0};
	struct arb_err err = {0};
	struct rconn *c;
	redisReply *r;
	char want[128];

	snprintf(want, sizeof(want), "redis://127.0.0.1:%d", rh_port(s));
	ck_assert_str_eq(rh_url(s), want);
	c = open_rc(rh_url(s), 0, 0, &ev);
	expect_status(c, "PONG", "PING");
	snprintf(want, sizeof(want), "connected to 127.0.0.1:%d", rh_port(s));
	ck_assert_int_eq(ev.n, 1);
	ck_assert_str_eq(ev.what[0], want);
	/* over TCP indeed, with keepalive on */
	r = rconn_command(c, &err, "CLIENT INFO");
	ck_assert_msg(r && r->type == REDIS_REPLY_STRING, "%s", err.msg);
	ck_assert_msg(strstr(r->str, "addr=127.0.0.1:"), "%s", r->str);
	freeReplyObject(r);
	ck_assert_int_eq(keepalive_to(rh_port(s)), 1);
	rconn_free(c);
	rh_free(s);
}
END_TEST

START_TEST(test_auth_right)
{
	struct rh_server *s = start(true, false, "s3cret");
	redisContext *rc;
	struct arb_err err = {0};
	struct rconn *c;
	redisReply *r;
	char url[256];

	snprintf(url, sizeof(url), "redis://:s3cret@127.0.0.1:%d", rh_port(s));
	c = open_rc(url, 0, 0, NULL);
	expect_status(c, "PONG", "PING");
	rconn_free(c);

	snprintf(url, sizeof(url), "%s?password=s3cret", rh_unix_url(s));
	c = open_rc(url, 0, 0, NULL);
	expect_status(c, "PONG", "PING");
	rconn_free(c);

	/* An ACL user, with a percent-encoded password. */
	rc = rh_connect(s);
	ck_assert_ptr_nonnull(rc);
	raw_ok(rc, "ACL SETUSER alice on >%s ~* &* +@all", "wonder%land");
	redisFree(rc);
	snprintf(url, sizeof(url), "redis://alice:wonder%%25land@127.0.0.1:%d",
		 rh_port(s));
	c = open_rc(url, 0, 0, NULL);
	r = rconn_command(c, &err, "ACL WHOAMI");
	ck_assert_msg(r && r->type == REDIS_REPLY_STRING, "%s", err.msg);
	ck_assert_str_eq(r->str, "alice");
	freeReplyObject(r);
	rconn_free(c);
	rh_free(s);
}
END_TEST

START_TEST(test_auth_wrong)
{
	struct rh_server *s = start(true, false, "s3cret");
	struct events ev = {0};
	struct arb_err err = {0};
	struct rconn *c;
	char url[256], want[256];

	snprintf(url, sizeof(url), "redis://:guess@127.0.0.1:%d", rh_port(s));
	c = open_rc(url, 0, 0, &ev);
	ck_assert_int_eq(rconn_connect(c, false, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_INTERNAL);
	snprintf(want, sizeof(want), "redis: authenticate to 127.0.0.1:%d: WRONGPASS",
		 rh_port(s));
	ck_assert_msg(!strncmp(err.msg, want, strlen(want)), "%s", err.msg);
	ck_assert_msg(!strstr(err.msg, "guess"), "%s", err.msg);
	ck_assert(!rconn_connected(c));
	ck_assert_int_eq(ev.n, 0);
	/* a command fails the same way, without a crash */
	ck_assert_ptr_null(rconn_command(c, &err, "PING"));
	ck_assert_msg(strstr(err.msg, "authenticate to"), "%s", err.msg);
	rconn_free(c);

	/* No password at all: the handshake's PING says so. */
	c = open_rc(rh_unix_url(s), 0, 0, &ev);
	ck_assert_int_eq(rconn_connect(c, false, &err), -1);
	ck_assert_msg(strstr(err.msg, "ping ") && strstr(err.msg, "NOAUTH"), "%s",
		      err.msg);
	rconn_free(c);

	/* A user that does not exist. */
	snprintf(url, sizeof(url), "redis://mallory:s3cret@127.0.0.1:%d", rh_port(s));
	c = open_rc(url, 0, 0, NULL);
	ck_assert_int_eq(rconn_connect(c, false, &err), -1);
	ck_assert_msg(strstr(err.msg, "authenticate to") && strstr(err.msg, "WRONGPASS"),
		      "%s", err.msg);
	rconn_free(c);
	ck_assert_int_eq(ev.n, 0);
	rh_free(s);
}
END_TEST

START_TEST(test_select_db)
{
	struct rh_server *s = start(true, false, NULL);
	struct arb_err err = {0};
	redisContext *rc;
	struct rconn *c;
	redisReply *r;
	char url[256];
	char *v;

	snprintf(url, sizeof(url), "%s/3", rh_url(s));
	c = open_rc(url, 0, 0, NULL);
	expect_status(c, "OK", "SET only-in-3 %s", "yes");
	rconn_free(c);

	rc = rh_connect(s);
	ck_assert_ptr_nonnull(rc);
	v = raw_get(rc, "only-in-3");
	ck_assert_ptr_null(v);
	raw_ok(rc, "SELECT %s", "3");
	v = raw_get(rc, "only-in-3");
	ck_assert_str_eq(v, "yes");
	free(v);
	redisFree(rc);

	/* The unix form reaches the same database. */
	snprintf(url, sizeof(url), "%s?db=3", rh_unix_url(s));
	c = open_rc(url, 0, 0, NULL);
	r = rconn_command(c, &err, "GET only-in-3");
	ck_assert_msg(r && r->type == REDIS_REPLY_STRING, "%s", err.msg);
	ck_assert_str_eq(r->str, "yes");
	freeReplyObject(r);
	rconn_free(c);

	/* A database the server does not have (16 by default). */
	snprintf(url, sizeof(url), "%s/20", rh_url(s));
	c = open_rc(url, 0, 0, NULL);
	ck_assert_int_eq(rconn_connect(c, false, &err), -1);
	ck_assert_msg(strstr(err.msg, "select database 20 on 127.0.0.1:") &&
		      strstr(err.msg, "out of range"), "%s", err.msg);
	rconn_free(c);
	rh_free(s);
}
END_TEST

/*** Failing, backing off, coming back ***/

/* A free loopback port nobody listens on. */
static int dead_port(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	close(fd);
	return ntohs(a.sin_port);
}

START_TEST(test_server_down_fast)
{
	char *dir = tu_mkdtemp();
	struct events ev = {0};
	struct arb_err err = {0};
	struct rconn *c;
	char url[512];
	long long t0;

	ck_assert_ptr_nonnull(dir);
	snprintf(url, sizeof(url), "unix://%s/none.sock", dir);
	c = open_rc(url, 0, 0, &ev);
	t0 = now_ms();
	ck_assert_ptr_null(rconn_command(c, &err, "PING"));
	ck_assert_msg(now_ms() - t0 < 1000, "took %lld ms", now_ms() - t0);
	ck_assert_int_eq(err.kind, ARB_E_INTERNAL);
	ck_assert_msg(strstr(err.msg, "redis: connect to ") &&
		      strstr(err.msg, "No such file or directory"), "%s", err.msg);
	/* at once again: inside the window, the last error is repeated */
	t0 = now_ms();
	ck_assert_ptr_null(rconn_command(c, &err, "PING"));
	ck_assert_msg(now_ms() - t0 < 20, "took %lld ms", now_ms() - t0);
	ck_assert_msg(!strncmp(err.msg, "redis: reconnecting in ", 23) &&
		      strstr(err.msg, "(last error: connect to ") &&
		      strstr(err.msg, "No such file or directory)"), "%s", err.msg);
	ck_assert(!rconn_connected(c));
	rconn_free(c);
	tu_rm_rf(dir);
	free(dir);

	snprintf(url, sizeof(url), "redis://127.0.0.1:%d", dead_port());
	c = open_rc(url, 0, 0, &ev);
	t0 = now_ms();
	ck_assert_ptr_null(rconn_command(c, &err, "PING"));
	ck_assert_msg(now_ms() - t0 < 1000, "took %lld ms", now_ms() - t0);
	ck_assert_msg(strstr(err.msg, "Connection refused"), "%s", err.msg);
	rconn_free(c);
	ck_assert_int_eq(ev.n, 0);
}
END_TEST

/* A listener that never accepts: the kernel completes each connection, so
 * every connect attempt is counted, and the server never answers. */
struct mute {
	int fd, port;
};

static struct mute mute_open(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof(a);
	struct mute m;

	m.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ck_assert_int_ge(m.fd, 0);
	ck_assert_int_eq(bind(m.fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(listen(m.fd, 16), 0);
	ck_assert_int_eq(getsockname(m.fd, (struct sockaddr *)&a, &alen), 0);
	m.port = ntohs(a.sin_port);
	return m;
}

/* Connections made to M since the last call. */
static int mute_count(struct mute *m)
{
	int n = 0, fd;

	while ((fd = accept(m->fd, NULL, NULL)) >= 0) {
		close(fd);
		n++;
	}
	ck_assert_int_eq(errno, EAGAIN);
	return n;
}

START_TEST(test_backoff_window)
{
	struct mute m = mute_open();
	struct arb_err err = {0};
	struct rconn *c;
	char url[128], want[128];
	long long t0, dt;
	int n;

	snprintf(url, sizeof(url), "redis://127.0.0.1:%d", m.port);
	c = open_rc(url, 200, 0, NULL);

	/* 1st attempt: connects, the PING goes unanswered: the handshake's
	 * timeout ends it, not a hang. */
	t0 = now_ms();
	ck_assert_int_eq(rconn_connect(c, false, &err), -1);
	dt = now_ms() - t0;
	ck_assert_msg(dt >= 150 && dt < 1000, "took %lld ms", dt);
	snprintf(want, sizeof(want), "redis: ping 127.0.0.1:%d: no reply within 200 ms",
		 m.port);
	ck_assert_str_eq(err.msg, want);
	ck_assert_int_eq(mute_count(&m), 1);

	/* At once again: refused without a connection, window <= 100 ms. */
	t0 = now_ms();
	ck_assert_int_eq(rconn_connect(c, false, &err), -1);
	ck_assert_msg(now_ms() - t0 < 20, "took %lld ms", now_ms() - t0);
	n = reconnect_in(err.msg);
	ck_assert_msg(n > 0 && n <= 100, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, "(last error: ping 127.0.0.1:"), "%s", err.msg);
	ck_assert_int_eq(mute_count(&m), 0);

	/* rconn_backoff waits out the rest of the window, then one attempt
	 * is allowed; it fails and the window doubles. */
	t0 = now_ms();
	rconn_backoff(c, NULL);
	dt = now_ms() - t0;
	ck_assert_msg(dt >= n - 5 && dt < n + 100, "slept %lld ms for %d", dt, n);
	ck_assert_int_eq(rconn_connect(c, false, &err), -1);
	ck_assert_int_eq(mute_count(&m), 1);
	ck_assert_int_eq(rconn_connect(c, false, &err), -1);
	n = reconnect_in(err.msg);
	ck_assert_msg(n > 100 && n <= 200, "%s", err.msg);
	ck_assert_int_eq(mute_count(&m), 0);

	/* rconn_connect(wait) sleeps the window, then tries: 400 next. */
	t0 = now_ms();
	ck_assert_int_eq(rconn_connect(c, true, &err), -1);
	dt = now_ms() - t0;
	ck_assert_msg(dt >= n + 150 && dt < n + 1000, "took %lld ms", dt);
	ck_assert_int_eq(mute_count(&m), 1);
	ck_assert_int_eq(rconn_connect(c, false, &err), -1);
	n = reconnect_in(err.msg);
	ck_assert_msg(n > 200 && n <= 400, "%s", err.msg);
	ck_assert_int_eq(mute_count(&m), 0);

	rconn_free(c);
	close(m.fd);
}
END_TEST

static volatile int stop_flag;

static void set_stop(int sig)
{
	(void)sig;
	stop_flag = 1;
}

START_TEST(test_backoff_steps_and_stop)
{
	struct sigaction sa = {.sa_handler = set_stop};
	struct itimerval it = {.it_value = {0, 150000}};
	struct arb_err err = {0};
	struct rconn *c;
	long long t0, dt;
	int n;

	c = open_rc("unix:///nonexistent/r.sock", 0, 0, NULL);
	/* Without a window, each call sleeps the step and doubles it. */
	t0 = now_ms();
	rconn_backoff(c, NULL);
	dt = now_ms() - t0;
	ck_assert_msg(dt >= 95 && dt < 250, "slept %lld ms", dt);
	t0 = now_ms();
	rconn_backoff(c, NULL);
	dt = now_ms() - t0;
	ck_assert_msg(dt >= 195 && dt < 400, "slept %lld ms", dt);

	/* With *stop set it returns at once (and still advances): the step
	 * tops out at 5 s. */
	stop_flag = 1;
	t0 = now_ms();
	for (int i = 0; i < 12; i++)
		rconn_backoff(c, &stop_flag);
	ck_assert_msg(now_ms() - t0 < 20, "took %lld ms", now_ms() - t0);
	ck_assert_int_eq(rconn_connect(c, false, &err), -1);
	ck_assert_int_eq(rconn_connect(c, false, &err), -1);
	n = reconnect_in(err.msg);
	ck_assert_msg(n > 4900 && n <= 5000, "%s", err.msg);

	/* *stop turning true mid-sleep (from a signal handler) cuts the 5 s
	 * wait short within a 50 ms slice. */
	stop_flag = 0;
	ck_assert_int_eq(sigaction(SIGALRM, &sa, NULL), 0);
	ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
	t0 = now_ms();
	rconn_backoff(c, &stop_flag);
	dt = now_ms() - t0;
	ck_assert_msg(stop_flag == 1 && dt >= 140 && dt < 300, "slept %lld ms", dt);
	rconn_free(c);
}
END_TEST

START_TEST(test_wait_after_restart)
{
	struct rh_server *s = start(false, false, NULL);
	struct events ev = {0};
	struct arb_err err = {0};
	struct rconn *c;
	long long t_fail;

	c = open_rc(rh_url(s), 0, 0, &ev);
	expect_status(c, "PONG", "PING");
	ck_assert_int_eq(rh_stop(s), 0);
	/* The server closed our connection on its way out. */
	ck_assert_ptr_null(rconn_command(c, &err, "PING"));
	ck_assert_msg(strstr(err.msg, "lost connection to "), "%s", err.msg);
	/* A lost connection opens no window: this is a real attempt. */
	ck_assert_ptr_null(rconn_command(c, &err, "PING"));
	ck_assert_msg(strstr(err.msg, "redis: connect to "), "%s", err.msg);
	t_fail = now_ms();

	ck_assert_int_eq(rh_restart(s), 0);
	ck_assert_int_eq(rconn_connect(c, true, &err), 0);
	ck_assert_msg(now_ms() - t_fail >= 95, "reconnected after %lld ms",
		      now_ms() - t_fail);
	ck_assert(rconn_connected(c));
	expect_status(c, "PONG", "PING");
	ck_assert_int_eq(ev.n, 3);
	ck_assert_msg(!strncmp(ev.what[0], "connected to ", 13), "%s", ev.what[0]);
	ck_assert_msg(!strncmp(ev.what[1], "lost connection to ", 19), "%s",
		      ev.what[1]);
	ck_assert_msg(!strncmp(ev.what[2], "connected to ", 13), "%s", ev.what[2]);
	/* connected: rconn_connect is a no-op, waiting or not */
	ck_assert_int_eq(rconn_connect(c, true, &err), 0);
	ck_assert_int_eq(ev.n, 3);
	rconn_free(c);
	rh_free(s);
}
END_TEST

/* SIGKILL under a live session, over TCP and over the unix socket (where
 * the next write gets EPIPE, i.e. SIGPIPE: the test process survives it). */
START_TEST(test_kill_mid_session)
{
	struct rh_server *s = start(true, false, NULL);
	struct events ev[2] = {{0}, {0}};
	struct rconn *c[2];
	struct arb_err err = {0};
	char want[512];
	sigset_t mask, pending;

	c[0] = open_rc(rh_url(s), 0, 0, &ev[0]);
	c[1] = open_rc(rh_unix_url(s), 0, 0, &ev[1]);
	for (int i = 0; i < 2; i++)
		expect_status(c[i], "OK", "SET k%d v", i);
	ck_assert_int_eq(rh_kill(s), 0);
	for (int i = 0; i < 2; i++) {
		long long t0 = now_ms();

		ck_assert_ptr_null(rconn_command(c[i], &err, "SET k%d w", i));
		ck_assert_msg(now_ms() - t0 < 1000, "took %lld ms", now_ms() - t0);
		ck_assert_int_eq(err.kind, ARB_E_INTERNAL);
		snprintf(want, sizeof(want), "redis: lost connection to %s: ",
			 i ? rh_socket_path(s) : rh_url(s) + 8);
		ck_assert_msg(!strncmp(err.msg, want, strlen(want)), "%s", err.msg);
		ck_assert(!rconn_connected(c[i]));
		ck_assert_int_eq(ev[i].n, 2);
		ck_assert_str_eq(ev[i].what[1], err.msg + 7);
	}
	/* No SIGPIPE left pending, and the mask is as it was. */
	sigpending(&pending);
	ck_assert(!sigismember(&pending, SIGPIPE));
	sigprocmask(SIG_SETMASK, NULL, &mask);
	ck_assert(!sigismember(&mask, SIGPIPE));

	ck_assert_int_eq(rh_restart(s), 0);
	for (int i = 0; i < 2; i++) {
		expect_status(c[i], "PONG", "PING");
		ck_assert_int_eq(ev[i].n, 3);
		ck_assert_msg(!strncmp(ev[i].what[2], "connected to ", 13), "%s",
			      ev[i].what[2]);
		rconn_free(c[i]);
	}
	rh_free(s);
}
END_TEST

/* With AOF a key survives a crash; without it (the control), it does not. */
START_TEST(test_appendonly_survives_kill)
{
	for (int aof = 1; aof >= 0; aof--) {
		struct rh_server *s = start(false, aof, NULL);
		struct arb_err err = {0};
		struct rconn *c = open_rc(rh_url(s), 0, 0, NULL);
		redisReply *r;

		expect_status(c, "OK", "SET durable %s", "yes");
		ck_assert_int_eq(rh_kill(s), 0);
		ck_assert_int_eq(rh_restart(s), 0);
		/* the first command finds the old connection dead ... */
		ck_assert_ptr_null(rconn_command(c, &err, "GET durable"));
		/* ... and the next one reconnects */
		r = rconn_command(c, &err, "GET durable");
		ck_assert_msg(r, "%s", err.msg);
		if (aof) {
			ck_assert_int_eq(r->type, REDIS_REPLY_STRING);
			ck_assert_str_eq(r->str, "yes");
		} else {
			ck_assert_int_eq(r->type, REDIS_REPLY_NIL);
		}
		freeReplyObject(r);
		rconn_free(c);
		rh_free(s);
	}
}
END_TEST

/* BLPOP 1 s with no command timeout, under a 300 ms connect timeout (so
 * the handshake's timeout is not left on the socket); the control: with a
 * 300 ms command timeout the same wait is cut off and the connection is
 * dropped, and the next command reconnects. */
START_TEST(test_blocking_command)
{
	struct rh_server *s = start(false, false, NULL);
	struct events ev = {0};
	struct arb_err err = {0};
	struct rconn *c;
	redisReply *r;
	long long t0, dt;

	c = open_rc(rh_url(s), 300, 0, NULL);
	expect_status(c, "PONG", "PING");
	t0 = now_ms();
	r = rconn_command(c, &err, "BLPOP nothing 1");
	dt = now_ms() - t0;
	ck_assert_msg(r, "%s", err.msg);
	ck_assert_int_eq(r->type, REDIS_REPLY_NIL);
	ck_assert_msg(dt >= 900 && dt < 3000, "took %lld ms", dt);
	freeReplyObject(r);
	ck_assert(rconn_connected(c));
	rconn_free(c);

	c = open_rc(rh_url(s), 0, 300, &ev);
	expect_status(c, "PONG", "PING");
	t0 = now_ms();
	ck_assert_ptr_null(rconn_command(c, &err, "BLPOP nothing 2"));
	dt = now_ms() - t0;
	ck_assert_msg(dt >= 250 && dt < 1500, "took %lld ms", dt);
	ck_assert_msg(strstr(err.msg, "lost connection to ") &&
		      strstr(err.msg, ": no reply within 300 ms"), "%s", err.msg);
	ck_assert_int_eq(ev.n, 2);
	expect_status(c, "PONG", "PING");
	ck_assert_int_eq(ev.n, 3);
	rconn_free(c);
	rh_free(s);
}
END_TEST

Suite *suite_rconn(void)
{
	Suite *s = suite_create("rconn");
	TCase *tc = tcase_create("url");

	tcase_add_loop_test(tc, test_url_good, 0,
			    sizeof(good_urls) / sizeof(good_urls[0]));
	tcase_add_loop_test(tc, test_url_bad, 0,
			    sizeof(bad_urls) / sizeof(bad_urls[0]));
	tcase_add_test(tc, test_url_password_masked);
	tcase_add_test(tc, test_url_default_env);
	tcase_add_test(tc, test_new_does_not_connect);
	tcase_add_test(tc, test_backoff_steps_and_stop);
	tcase_add_test(tc, test_server_down_fast);
	tcase_add_test(tc, test_backoff_window);
	tcase_set_timeout(tc, 20);
	suite_add_tcase(s, tc);

	if (!rh_available()) {
		printf("# SKIP rconn: redis-server not installed\n");
		return s;
	}
	tc = tcase_create("server");
	tcase_add_test(tc, test_connect_unix);
	tcase_add_test(tc, test_connect_tcp);
	tcase_add_test(tc, test_auth_right);
	tcase_add_test(tc, test_auth_wrong);
	tcase_add_test(tc, test_select_db);
	tcase_add_test(tc, test_wait_after_restart);
	tcase_add_test(tc, test_kill_mid_session);
	tcase_add_test(tc, test_appendonly_survives_kill);
	tcase_add_test(tc, test_blocking_command);
	tcase_set_timeout(tc, 20);
	suite_add_tcase(s, tc);
	return s;
}
