/* redis_harness.h - a private redis-server for tests.
 *
 * Each server lives in its own temporary directory (0700) with a unix
 * socket there (and, on request, a free 127.0.0.1 TCP port), no RDB
 * snapshots, and its log in DIR/redis.log.  It is a child of the calling
 * process with PR_SET_PDEATHSIG, so a crashed or timed-out test (CK_FORK)
 * never leaves a redis-server behind (the signal follows the *thread* that
 * called rh_start/rh_restart: call them from a thread that outlives the
 * server); servers still running when the process that started them calls
 * exit() are freed then too.  Starting one
 * takes some 20-50 ms, so each test may have its own.  Failures are
 * reported on stderr with the tail of the server's log.
 */
#ifndef ARBITER_TESTS_REDIS_HARNESS_H
#define ARBITER_TESTS_REDIS_HARNESS_H

#include <hiredis.h>
#include <stdbool.h>
#include <sys/types.h>

struct rh_opts {
	bool tcp;                 /* also listen on a free 127.0.0.1 port */
	bool appendonly;          /* AOF on: data survives rh_kill + rh_restart */
	const char *requirepass;  /* or NULL */
	/* More server arguments ("--maxmemory", "1mb", ...), NULL-terminated;
	 * or NULL. */
	const char *const *extra_args;
};

struct rh_server;

/* Whether redis-server is in $PATH.  A suite that needs it prints
 * "# SKIP <suite>: redis-server not installed" and adds no server tests. */
bool rh_available(void);

/* Start a server (O may be NULL: unix socket only, no AOF, no password)
 * and wait until it answers PING (5 s at most).  NULL on failure. */
struct rh_server *rh_start(const struct rh_opts *o);

/* "redis://127.0.0.1:PORT" when the server has TCP, else "unix://SOCKET".
 * Never with credentials.  Valid until rh_free(). */
const char *rh_url(const struct rh_server *s);
/* "unix://SOCKET", always. */
const char *rh_unix_url(const struct rh_server *s);
const char *rh_socket_path(const struct rh_server *s);
/* The TCP port, or 0. */
int rh_port(const struct rh_server *s);
/* The server's directory (socket, log, appendonlydir). */
const char *rh_dir(const struct rh_server *s);
/* The server's pid, or -1 when it is not running. */
pid_t rh_pid(const struct rh_server *s);

/* SIGTERM and wait (SIGKILL after 5 s); 0 when it was stopped or was not
 * running. */
int rh_stop(struct rh_server *s);
/* SIGKILL and wait: a crash, nothing flushed on the way out. */
int rh_kill(struct rh_server *s);
/* Stop if running, then start again on the same socket, port and
 * directory, and wait for PING.  0 on success. */
int rh_restart(struct rh_server *s);
/* Kill if running (SIGKILL: a graceful stop waits up to 100 ms for the
 * server's cron), remove the directory, free.  NULL is a no-op. */
void rh_free(struct rh_server *s);

/* A plain hiredis connection over the unix socket, authenticated when the
 * server has a password; NULL on failure.  Free with redisFree(). */
redisContext *rh_connect(struct rh_server *s);

#endif
