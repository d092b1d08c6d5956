/* rconn.c - one Redis connection that survives Redis going away.
 *
 * A connection is a hiredis blocking context plus the state needed to get
 * it back: the parsed URL, the last connect error and the backoff window.
 * A context is either healthy or gone: the moment hiredis reports an error
 * (or returns no reply) it is freed, so the next call starts with a fresh
 * connect + AUTH + SELECT + PING handshake.  Only failed connects open a
 * backoff window (100 ms doubling to 5 s); a lost connection may be retried
 * at once, because a single drop (server restart, idle cut) usually heals
 * on the first try.  The handshake runs under the connect timeout, so a
 * server that accepts but never answers cannot hang us; commands then run
 * under command_timeout_ms (none by default, for XREADGROUP BLOCK).
 *
 * Writes to a socket whose peer is gone raise SIGPIPE, which would kill a
 * worker (and hiredis 0.14 uses write(2), not send(MSG_NOSIGNAL)).  A
 * library must not change the process's dispositions, so every exchange
 * runs with SIGPIPE blocked in the calling thread, and a SIGPIPE it raised
 * is consumed before the mask is restored.
 */
#include "rconn.h"
#include "base/clock.h"

#include <arpa/inet.h>
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/un.h>
#include <time.h>

#define RCONN_DEFAULT_PORT 6379
#define RCONN_MAX_DB 1023
#define RCONN_CONNECT_TIMEOUT_MS 2000
#define RCONN_BACKOFF_MIN_MS 100
#define RCONN_BACKOFF_MAX_MS 5000
#define RCONN_SLEEP_SLICE_MS 50

/*** Small helpers ***/

/* Copy at most MAX bytes of S (N bytes) into BUF for a message: printable
 * ASCII only (a URL or a server reply may carry terminal escapes), "..."
 * when cut. */
static void shown_copy(char *buf, size_t len, const char *s, size_t n,
		       size_t max)
{
	size_t o = 0;

	if (!len)
		return;
	for (size_t i = 0; i < n && i < max && o + 1 < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		buf[o++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	if (n > max)
		for (int k = 0; k < 3 && o + 1 < len; k++)
			buf[o++] = '.';
	buf[o] = '\0';
}

/* Sleep until the monotonic time UNTIL_MS, in slices of at most 50 ms so
 * that *STOP (may be NULL) is seen promptly.  Signals do not cut it short:
 * only STOP does. */
static void sleep_until(uint64_t until_ms, volatile const int *stop)
{
	for (;;) {
		uint64_t now = mono_ms(), step;
		struct timespec ts;

		if ((stop && *stop) || now >= until_ms)
			return;
		step = until_ms - now;
		if (step > RCONN_SLEEP_SLICE_MS)
			step = RCONN_SLEEP_SLICE_MS;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)step * 1000000;
		nanosleep(&ts, NULL); /* EINTR: the loop re-checks the time */
	}
}

/*** URL parsing ***/

/* The URL as it may appear in a message: the password (userinfo, or a
 * unix URL's password= parameter) replaced by "***", then made printable. */
static void url_shown(const char *s, char *buf, size_t len)
{
	char tmp[512];
	const char *auth = strstr(s, "://");
	size_t n = 0;

	if (!auth) {
		shown_copy(buf, len, s, strlen(s), 200);
		return;
	}
	auth += 3;
	{
		/* For redis:// the last '@' anywhere ends the userinfo: a
		 * password with an unescaped '/', '?' or '#' is still hidden
		 * (the parser refuses it, and says why).  A unix URL has no
		 * userinfo; an '@' there belongs to the path. */
		const char *at = strncasecmp(s, "unix", 4) ? strrchr(auth, '@') : NULL;
		const char *colon, *p;

		if (at) {
			colon = memchr(auth, ':', (size_t)(at - auth));
			/* Keep "scheme://user:" (or "scheme://"), hide the rest
			 * of the userinfo. */
			p = colon ? colon + 1 : auth;
			n = (size_t)snprintf(tmp, sizeof(tmp), "%.*s***%s",
					     (int)(p - s), s, at);
		} else {
			n = (size_t)snprintf(tmp, sizeof(tmp), "%s", s);
		}
	}
	if (n >= sizeof(tmp))
		n = sizeof(tmp) - 1;
	/* unix:///x.sock?db=1&password=secret */
	for (char *q = strchr(tmp, '?'); q; q = strchr(q + 1, '&')) {
		char *v, *end;

		if (strncmp(q + 1, "password=", 9) != 0)
			continue;
		v = q + 10;
		end = v + strcspn(v, "&#");
		if (end - v > 3) {
			memcpy(v, "***", 3);
			memmove(v + 3, end, strlen(end) + 1);
		} else {
			memset(v, '*', (size_t)(end - v));
		}
		n = strlen(tmp);
	}
	shown_copy(buf, len, tmp, n, 200);
}

struct url_ctx {
	const char *shown; /* masked URL, for messages */
	struct arb_err *err;
};

static int url_fail(const struct url_ctx *u, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int url_fail(const struct url_ctx *u, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return arb_fail(u->err, ARB_E_REQUEST, 0, "redis URL '%s': %s",
			u->shown, why);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Percent-decode S (N bytes) into a new string *OUT.  WHAT names the part
 * in messages; its text is never quoted (it may be a password). */
static int pct_decode(const struct url_ctx *u, const char *what, const char *s,
		      size_t n, char **out)
{
	char *d = malloc(n + 1);
	size_t o = 0;

	if (!d)
		return arb_fail(u->err, ARB_E_INTERNAL, ENOMEM, "redis URL");
	for (size_t i = 0; i < n; i++) {
		int hi = -1, lo = -1;

		if (s[i] != '%') {
			d[o++] = s[i];
			continue;
		}
		if (i + 2 < n) {
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
		}
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			free(d);
			return url_fail(u, "%s: bad percent escape (want %%XX, not %%00)",
					what);
		}
		d[o++] = (char)(hi * 16 + lo);
		i += 2;
	}
	d[o] = '\0';
	*out = d;
	return 0;
}

/* A decimal number of at most 5 digits, no sign, in [LO, HI]. */
static int parse_num(const char *s, size_t n, long lo, long hi, int *out)
{
	long v = 0;

	if (n == 0 || n > 5)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int parse_db(const struct url_ctx *u, const char *s, size_t n, int *db)
{
	char q[32];

	if (parse_num(s, n, 0, RCONN_MAX_DB, db) == 0)
		return 0;
	shown_copy(q, sizeof(q), s, n, 16);
	return url_fail(u, "database '%s' is not a number in 0..%d", q,
			RCONN_MAX_DB);
}

/* [user:]password, as redis-cli reads it: without a colon the whole
 * userinfo is the password (redis://secret@host). */
static int parse_userinfo(const struct url_ctx *u, const char *s, size_t n,
			  struct redis_url *out)
{
	const char *colon = memchr(s, ':', n);
	const char *pw = s;

	if (colon) {
		if (colon > s && pct_decode(u, "user", s, (size_t)(colon - s),
					    &out->user) < 0)
			return -1;
		pw = colon + 1;
	}
	if (s + n == pw)
		return url_fail(u, "empty password");
	return pct_decode(u, "password", pw, (size_t)(s + n - pw), &out->password);
}

static int parse_host(const struct url_ctx *u, const char *s, size_t n,
		      struct redis_url *out)
{
	const char *port = NULL;
	char q[80];

	if (n > 0 && s[0] == '[') {
		const char *close = memchr(s, ']', n);
		char addr[INET6_ADDRSTRLEN + 1];
		struct in6_addr a6;
		size_t alen;

		if (!close)
			return url_fail(u, "missing ']' after the IPv6 address");
		alen = (size_t)(close - s - 1);
		shown_copy(q, sizeof(q), s + 1, alen, 64);
		if (alen == 0 || alen >= sizeof(addr))
			return url_fail(u, "'[%s]' is not an IPv6 address", q);
		memcpy(addr, s + 1, alen);
		addr[alen] = '\0';
		if (inet_pton(AF_INET6, addr, &a6) != 1)
			return url_fail(u, "'[%s]' is not an IPv6 address", q);
		if (close + 1 < s + n) {
			if (close[1] != ':')
				return url_fail(u, "unexpected '%c' after ']'",
						close[1]);
			port = close + 2;
		}
		out->host = strdup(addr);
	} else {
		const char *colon = memchr(s, ':', n);
		size_t hlen = colon ? (size_t)(colon - s) : n;

		if (colon && memchr(colon + 1, ':', (size_t)(s + n - colon - 1)))
			return url_fail(u, "an IPv6 address must be in brackets, "
					   "as in redis://[::1]:6379");
		if (hlen == 0)
			return url_fail(u, "missing host");
		for (size_t i = 0; i < hlen; i++)
			if (!isalnum((unsigned char)s[i]) && !strchr(".-_", s[i])) {
				shown_copy(q, sizeof(q), s, hlen, 64);
				return url_fail(u, "bad host name '%s'", q);
			}
		if (colon)
			port = colon + 1;
		out->host = strndup(s, hlen);
	}
	if (!out->host)
		return arb_fail(u->err, ARB_E_INTERNAL, ENOMEM, "redis URL");
	out->port = RCONN_DEFAULT_PORT;
	if (port && parse_num(port, (size_t)(s + n - port), 1, 65535,
			      &out->port) < 0) {
		shown_copy(q, sizeof(q), port, (size_t)(s + n - port), 16);
		return url_fail(u, "port '%s' is not a number in 1..65535", q);
	}
	return 0;
}

/* redis://[[user]:password@]host[:port][/db] */
static int parse_tcp(const struct url_ctx *u, const char *s,
		     struct redis_url *out)
{
	size_t alen = strcspn(s, "/?#");
	const char *at = NULL, *host = s, *rest = s + alen;

	/* The last '@': an unescaped '@' in a password still works. */
	for (size_t i = alen; i > 0; i--)
		if (s[i - 1] == '@') {
			at = s + i - 1;
			break;
		}
	if (strchr(rest, '@'))
		return url_fail(u, "'@' after the host (percent-encode '/', '?', "
				   "'#' and '@' in a password: %%2F, %%3F, %%23, %%40)");
	if (at) {
		if (parse_userinfo(u, s, (size_t)(at - s), out) < 0)
			return -1;
		host = at + 1;
	}
	if (parse_host(u, host, (size_t)(rest - host), out) < 0)
		return -1;
	if (*rest == '?' || *rest == '#')
		return url_fail(u, "unexpected '%c' (the database goes in the "
				   "path, as in redis://host:6379/2)", *rest);
	if (*rest == '/') {
		size_t dlen = strlen(rest + 1);

		if (dlen && parse_db(u, rest + 1, dlen, &out->db) < 0)
			return -1;
	}
	return 0;
}

/* unix:///abs/path.sock[?db=N][&user=U][&password=P] */
static int parse_unix(const struct url_ctx *u, const char *s,
		      struct redis_url *out)
{
	size_t plen = strcspn(s, "?#");
	const char *q = s + plen;

	if (s[0] != '/')
		return url_fail(u, "the socket path must be absolute, as in "
				   "unix:///run/redis/redis.sock");
	if (pct_decode(u, "socket path", s, plen, &out->path) < 0)
		return -1;
	if (strlen(out->path) >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return url_fail(u, "the socket path is longer than %zu bytes",
				sizeof(((struct sockaddr_un *)0)->sun_path) - 1);
	if (*q == '#')
		return url_fail(u, "unexpected '#'");
	while (*q == '?' || *q == '&') {
		const char *k = q + 1, *eq, *end;
		char **dst = NULL;
		char name[32];

		end = k + strcspn(k, "&#");
		if (*end == '#')
			return url_fail(u, "unexpected '#'");
		eq = memchr(k, '=', (size_t)(end - k));
		shown_copy(name, sizeof(name), k,
			   (size_t)((eq ? eq : end) - k), 16);
		if (!eq)
			return url_fail(u, "parameter '%s' has no value", name);
		if (!strcmp(name, "db")) {
			if (parse_db(u, eq + 1, (size_t)(end - eq - 1), &out->db) < 0)
				return -1;
		} else if (!strcmp(name, "password")) {
			dst = &out->password;
		} else if (!strcmp(name, "user")) {
			dst = &out->user;
		} else {
			return url_fail(u, "unknown parameter '%s' (known: db, "
					   "user, password)", name);
		}
		if (dst) {
			free(*dst);
			*dst = NULL;
			if (end == eq + 1)
				return url_fail(u, "empty %s", name);
			if (pct_decode(u, name, eq + 1, (size_t)(end - eq - 1),
				       dst) < 0)
				return -1;
		}
		q = end;
	}
	if (out->user && !out->password)
		return url_fail(u, "user without a password");
	return 0;
}

int redis_url_parse(const char *s, struct redis_url *out, struct arb_err *err)
{
	char shown[256];
	struct url_ctx u = {shown, err};
	const char *sep;
	size_t slen;
	int r;

	memset(out, 0, sizeof(*out));
	if (!s || !*s)
		return arb_fail(err, ARB_E_REQUEST, 0, "redis URL is empty");
	url_shown(s, shown, sizeof(shown));
	sep = strstr(s, "://");
	if (!sep)
		return url_fail(&u, "expected redis://[[user]:password@]host[:port][/db] "
				    "or unix:///path/to.sock[?db=N]");
	slen = (size_t)(sep - s);
	if (slen == 5 && !strncasecmp(s, "redis", 5)) {
		r = parse_tcp(&u, sep + 3, out);
	} else if (slen == 4 && !strncasecmp(s, "unix", 4)) {
		r = parse_unix(&u, sep + 3, out);
	} else if (slen == 6 && !strncasecmp(s, "rediss", 6)) {
		r = url_fail(&u, "TLS (rediss://) is not supported; use redis:// "
				 "on a trusted network or through a TLS tunnel, "
				 "or unix://");
	} else {
		char scheme[24];

		shown_copy(scheme, sizeof(scheme), s, slen, 16);
		r = url_fail(&u, "unsupported scheme '%s' (expected redis:// or "
				 "unix://)", scheme);
	}
	if (r < 0)
		redis_url_free(out);
	return r;
}

void redis_url_free(struct redis_url *u)
{
	if (!u)
		return;
	if (u->password)
		explicit_bzero(u->password, strlen(u->password));
	free(u->host);
	free(u->path);
	free(u->user);
	free(u->password);
	memset(u, 0, sizeof(*u));
}

const char *redis_url_default(void)
{
	const char *v = getenv("ARBITER_REDIS");

	return v && *v ? v : RCONN_DEFAULT_URL;
}

void redis_url_describe(const struct redis_url *u, char *buf, size_t len)
{
	char db[16] = "";

	if (!len)
		return;
	if (u->db)
		snprintf(db, sizeof(db), u->path ? "?db=%d" : "/%d", u->db);
	if (u->path)
		snprintf(buf, len, "%s%s", u->path, db);
	else if (u->host && strchr(u->host, ':'))
		snprintf(buf, len, "[%s]:%d%s", u->host, u->port, db);
	else
		snprintf(buf, len, "%s:%d%s", u->host ? u->host : "?", u->port,
			 db);
}

/*** The connection ***/

struct rconn {
	struct redis_url url;
	char desc[160];              /* redis_url_describe(), for messages */
	unsigned connect_timeout_ms;
	unsigned command_timeout_ms; /* 0: none */
	void (*on_event)(void *arg, const char *what);
	void *on_event_arg;

	redisContext *ctx;           /* NULL, or connected and error-free */
	unsigned delay_ms;           /* the next backoff step */
	uint64_t retry_at_ms;        /* no connect attempt before (monotonic) */
	char last_err[ARB_ERR_MSG_LEN - 64];
};

static void event(struct rconn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void event(struct rconn *c, const char *fmt, ...)
{
	char what[ARB_ERR_MSG_LEN];
	va_list ap;

	if (!c->on_event)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	c->on_event(c->on_event_arg, what);
}

static struct timeval ms_tv(unsigned ms)
{
	struct timeval tv = {.tv_sec = ms / 1000,
			     .tv_usec = (suseconds_t)(ms % 1000) * 1000};
	return tv;
}

static unsigned next_delay(unsigned d)
{
	return d >= RCONN_BACKOFF_MAX_MS / 2 ? RCONN_BACKOFF_MAX_MS : d * 2;
}

/* SIGPIPE blocked in this thread for one exchange (see the file header). */
struct sigpipe_guard {
	sigset_t old;
	bool was_pending;
};

static void sigpipe_block(struct sigpipe_guard *g)
{
	sigset_t set, pending;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, &g->old);
	sigpending(&pending);
	g->was_pending = sigismember(&pending, SIGPIPE) == 1;
}

static void sigpipe_restore(struct sigpipe_guard *g)
{
	int saved = errno;

	if (!g->was_pending && !sigismember(&g->old, SIGPIPE)) {
		sigset_t set, pending;
		struct timespec zero = {0, 0};

		sigemptyset(&set);
		sigaddset(&set, SIGPIPE);
		sigpending(&pending);
		if (sigismember(&pending, SIGPIPE) == 1)
			while (sigtimedwait(&set, NULL, &zero) < 0 && errno == EINTR)
				;
	}
	pthread_sigmask(SIG_SETMASK, &g->old, NULL);
	errno = saved;
}

/* hiredis's error text, with a socket timeout (EAGAIN from a read under
 * SO_RCVTIMEO) said plainly. */
static void ctx_error(const redisContext *ctx, unsigned timeout_ms, char *buf,
		      size_t len)
{
	if (!ctx) {
		snprintf(buf, len, "%s", strerror(ENOMEM));
		return;
	}
	if (ctx->err == REDIS_ERR_IO && timeout_ms &&
	    (!strcmp(ctx->errstr, strerror(EAGAIN)) ||
	     !strcmp(ctx->errstr, strerror(EWOULDBLOCK))))
		snprintf(buf, len, "no reply within %u ms", timeout_ms);
	else
		shown_copy(buf, len, ctx->errstr, strlen(ctx->errstr), 200);
}

int rconn_new(const struct redis_url *url, const struct rconn_opts *o,
	      struct rconn **out, struct arb_err *err)
{
	struct rconn *c = calloc(1, sizeof(*c));

	assert(url->path || url->host);
	*out = NULL;
	if (!c)
		goto oom;
	c->url.port = url->port;
	c->url.db = url->db;
	if ((url->host && !(c->url.host = strdup(url->host))) ||
	    (url->path && !(c->url.path = strdup(url->path))) ||
	    (url->user && !(c->url.user = strdup(url->user))) ||
	    (url->password && !(c->url.password = strdup(url->password))))
		goto oom;
	redis_url_describe(&c->url, c->desc, sizeof(c->desc));
	c->connect_timeout_ms = o && o->connect_timeout_ms
		? o->connect_timeout_ms : RCONN_CONNECT_TIMEOUT_MS;
	c->command_timeout_ms = o ? o->command_timeout_ms : 0;
	c->on_event = o ? o->on_event : NULL;
	c->on_event_arg = o ? o->on_event_arg : NULL;
	c->delay_ms = RCONN_BACKOFF_MIN_MS;
	*out = c;
	return 0;
oom:
	rconn_free(c);
	return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "redis: new connection");
}

void rconn_free(struct rconn *c)
{
	if (!c)
		return;
	if (c->ctx)
		redisFree(c->ctx);
	redis_url_free(&c->url);
	free(c);
}

bool rconn_connected(const struct rconn *c)
{
	return c && c->ctx && !c->ctx->err;
}

/* One handshake step: run ARGV; 0 when the reply is not an error.
 * Otherwise describe the failure as "STEP X: why" in WHY. */
static int handshake(struct rconn *c, redisContext *ctx, const char *step,
		     int argc, const char **argv, char *why, size_t len)
{
	redisReply *r = redisCommandArgv(ctx, argc, argv, NULL);
	char detail[256];

	if (!r || ctx->err) {
		ctx_error(ctx, c->connect_timeout_ms, detail, sizeof(detail));
	} else if (r->type == REDIS_REPLY_ERROR) {
		shown_copy(detail, sizeof(detail), r->str, r->len, 200);
	} else {
		freeReplyObject(r);
		return 0;
	}
	if (r)
		freeReplyObject(r);
	snprintf(why, len, "%s %s: %s", step, c->desc, detail);
	return -1;
}

/* Open a context and run the handshake; NULL with WHY on failure. */
static redisContext *open_ctx(struct rconn *c, char *why, size_t len)
{
	struct timeval cto = ms_tv(c->connect_timeout_ms);
	redisContext *ctx;
	char detail[256];

	if (c->url.path)
		ctx = redisConnectUnixWithTimeout(c->url.path, cto);
	else
		ctx = redisConnectWithTimeout(c->url.host, c->url.port, cto);
	if (!ctx || ctx->err) {
		ctx_error(ctx, 0, detail, sizeof(detail));
		snprintf(why, len, "connect to %s: %s", c->desc, detail);
		goto fail;
	}
	/* The handshake runs under the connect timeout: a server that
	 * accepted (or whose kernel did) but never answers must not hang
	 * us.  Keepalive notices a peer that vanished without a FIN while we
	 * sit in a long XREADGROUP BLOCK. */
	if (redisSetTimeout(ctx, cto) != REDIS_OK ||
	    (!c->url.path && redisEnableKeepAlive(ctx) != REDIS_OK)) {
		ctx_error(ctx, 0, detail, sizeof(detail));
		snprintf(why, len, "set up socket to %s: %s", c->desc, detail);
		goto fail;
	}
	if (c->url.password) {
		const char *argv[3] = {"AUTH", c->url.user, c->url.password};

		if (!c->url.user)
			argv[1] = c->url.password;
		if (handshake(c, ctx, "authenticate to", c->url.user ? 3 : 2,
			      argv, why, len) < 0)
			goto fail;
	}
	if (c->url.db) {
		char db[16];
		const char *argv[2] = {"SELECT", db};
		char step[48];

		snprintf(db, sizeof(db), "%d", c->url.db);
		snprintf(step, sizeof(step), "select database %d on", c->url.db);
		if (handshake(c, ctx, step, 2, argv, why, len) < 0)
			goto fail;
	}
	/* PING proves the server is usable now: it turns "needs a password"
	 * (NOAUTH), "still loading its data" (LOADING) and protected mode
	 * into a failed connect, retried under backoff, instead of an error
	 * reply to the caller's first real command. */
	{
		const char *argv[1] = {"PING"};

		if (handshake(c, ctx, "ping", 1, argv, why, len) < 0)
			goto fail;
	}
	if (redisSetTimeout(ctx, ms_tv(c->command_timeout_ms)) != REDIS_OK) {
		ctx_error(ctx, 0, detail, sizeof(detail));
		snprintf(why, len, "set timeout on %s: %s", c->desc, detail);
		goto fail;
	}
	return ctx;
fail:
	if (ctx)
		redisFree(ctx);
	return NULL;
}

int rconn_connect(struct rconn *c, bool wait, struct arb_err *err)
{
	struct sigpipe_guard g;
	uint64_t now;

	if (rconn_connected(c))
		return 0;
	if (c->ctx) {
		redisFree(c->ctx);
		c->ctx = NULL;
	}
	now = mono_ms();
	if (c->retry_at_ms > now) {
		if (!wait)
			return arb_fail(err, ARB_E_INTERNAL, 0,
					"redis: reconnecting in %llu ms (last error: %s)",
					(unsigned long long)(c->retry_at_ms - now),
					c->last_err);
		sleep_until(c->retry_at_ms, NULL);
	}
	sigpipe_block(&g);
	c->ctx = open_ctx(c, c->last_err, sizeof(c->last_err));
	sigpipe_restore(&g);
	if (!c->ctx) {
		c->retry_at_ms = mono_ms() + c->delay_ms;
		c->delay_ms = next_delay(c->delay_ms);
		return arb_fail(err, ARB_E_INTERNAL, 0, "redis: %s", c->last_err);
	}
	c->delay_ms = RCONN_BACKOFF_MIN_MS;
	c->retry_at_ms = 0;
	c->last_err[0] = '\0';
	event(c, "connected to %s", c->desc);
	return 0;
}

/* After an exchange: keep R, or drop a broken context and fail. */
static redisReply *settle(struct rconn *c, redisReply *r, struct arb_err *err)
{
	char why[256];

	if (r && !c->ctx->err)
		return r;
	if (r)
		freeReplyObject(r);
	ctx_error(c->ctx, c->command_timeout_ms, why, sizeof(why));
	redisFree(c->ctx);
	c->ctx = NULL;
	snprintf(c->last_err, sizeof(c->last_err), "lost connection to %s: %s",
		 c->desc, why);
	event(c, "%s", c->last_err);
	arb_fail(err, ARB_E_INTERNAL, 0, "redis: %s", c->last_err);
	return NULL;
}

redisReply *rconn_command(struct rconn *c, struct arb_err *err, const char *fmt, ...)
{
	struct sigpipe_guard g;
	redisReply *r;
	va_list ap;

	if (rconn_connect(c, false, err) < 0)
		return NULL;
	sigpipe_block(&g);
	va_start(ap, fmt);
	r = redisvCommand(c->ctx, fmt, ap);
	va_end(ap);
	sigpipe_restore(&g);
	return settle(c, r, err);
}

redisReply *rconn_command_argv(struct rconn *c, struct arb_err *err, int argc,
			       const char **argv, const size_t *argvlen)
{
	struct sigpipe_guard g;
	redisReply *r;

	if (rconn_connect(c, false, err) < 0)
		return NULL;
	sigpipe_block(&g);
	r = redisCommandArgv(c->ctx, argc, argv, argvlen);
	sigpipe_restore(&g);
	return settle(c, r, err);
}

void rconn_backoff(struct rconn *c, volatile const int *stop)
{
	uint64_t now = mono_ms(), until;

	if (c->retry_at_ms > now) {
		/* A failed connect already opened the window (and advanced
		 * the step): wait out what is left of it. */
		until = c->retry_at_ms;
	} else {
		until = now + c->delay_ms;
		c->delay_ms = next_delay(c->delay_ms);
	}
	sleep_until(until, stop);
}
