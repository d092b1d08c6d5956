/* rconn.h - one Redis connection that survives Redis going away.
 *
 * A redis URL (CONTRACT): redis://[[user]:password@]host[:port][/db] or
 * unix:///path/to.sock[?db=N]; default redis://127.0.0.1:6379, overridden by
 * $ARBITER_REDIS.  rconn_command() never blocks forever and never exits: on
 * an I/O error or a closed connection it drops the context and returns NULL;
 * the next call reconnects first (AUTH, SELECT), no faster than the backoff
 * schedule allows (100 ms doubling to 5 s, reset by a success).  A reply of
 * type ERROR is returned as is (the caller decides).  One connection per
 * thread: hiredis contexts are not thread-safe.
 */
#ifndef ARBITER_WORKER_RCONN_H
#define ARBITER_WORKER_RCONN_H

#include <hiredis.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

#define RCONN_DEFAULT_URL "redis://127.0.0.1:6379"

struct redis_url {
	char *host;      /* NULL for unix sockets */
	int port;
	char *path;      /* unix socket path, or NULL */
	char *user;      /* ACL user, or NULL */
	char *password;  /* or NULL */
	int db;
};

/* Parse S; ARB_E_REQUEST with a message on a malformed URL. */
int redis_url_parse(const char *s, struct redis_url *out, struct arb_err *err);
void redis_url_free(struct redis_url *u);
/* $ARBITER_REDIS if set and non-empty, else RCONN_DEFAULT_URL. */
const char *redis_url_default(void);
/* "127.0.0.1:6379" or "/path/to.sock" (no password), for logs. */
void redis_url_describe(const struct redis_url *u, char *buf, size_t len);

struct rconn;

struct rconn_opts {
	unsigned connect_timeout_ms; /* 0: 2000 */
	unsigned command_timeout_ms; /* socket timeout; 0: none (blocking cmds) */
	/* Called with a one-line description on connect / loss (may be NULL). */
	void (*on_event)(void *arg, const char *what);
	void *on_event_arg;
};

/* Does not connect: the first command does.  Fails only on OOM. */
int rconn_new(const struct redis_url *url, const struct rconn_opts *o,
	      struct rconn **out, struct arb_err *err);
void rconn_free(struct rconn *c);

/* Connect now if not connected (waiting out the backoff first when
 * WAIT); 0 when connected, -1 with ERR otherwise. */
int rconn_connect(struct rconn *c, bool wait, struct arb_err *err);
bool rconn_connected(const struct rconn *c);

/* Run a command (printf-style as redisCommand, or argv form).  NULL when
 * the connection is down or was lost (ERR says why); the reply otherwise,
 * to be freed with freeReplyObject.  Blocking commands (XREADGROUP BLOCK)
 * need command_timeout_ms 0 or larger than the block time. */
redisReply *rconn_command(struct rconn *c, struct arb_err *err, const char *fmt, ...);
redisReply *rconn_command_argv(struct rconn *c, struct arb_err *err, int argc,
			       const char **argv, const size_t *argvlen);

/* Sleep for the current backoff step (interrupted early when *STOP turns
 * true, checked every 50 ms; STOP may be NULL) and advance it. */
void rconn_backoff(struct rconn *c, volatile const int *stop);

static inline void cleanup_reply(redisReply **r)
{
	if (*r)
		freeReplyObject(*r);
}
#define _cleanup_reply_ __attribute__((cleanup(cleanup_reply)))

#endif
