/* redis_harness.c - a private redis-server for tests; see redis_harness.h.
 *
 * The server is configured entirely on its command line (no config file):
 * no TCP unless asked (--port 0), a unix socket in its own directory, no
 * RDB snapshots, AOF on request.  Readiness is a PONG over the socket, not
 * a sleep.  A free TCP port is found by binding port 0 and closing it, which
 * races with other processes; a server that then fails to bind is retried
 * on a new port.
 */
#include "redis_harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#define RH_READY_TIMEOUT_MS 5000
#define RH_STOP_TIMEOUT_MS 5000
#define RH_MAX_ARGS 64

struct rh_server {
	pid_t pid; /* -1 when not running */
	char *dir;
	char sock[108];
	char log[4096];
	char url[160];
	char unix_url[160];
	int port; /* 0: no TCP */
	bool appendonly;
	char *requirepass;
	char **extra_args;
};

/*** Servers still running at exit() ***/

/* Freed by an atexit handler, but only in the process that started them: a
 * test's own forked child that exits must not take its parent's server
 * down with it. */
static struct rh_server *live[32];
static pid_t live_owner;

static void live_cleanup(void)
{
	if (live_owner != getpid())
		return;
	for (size_t i = 0; i < sizeof(live) / sizeof(live[0]); i++)
		if (live[i])
			rh_free(live[i]); /* clears live[i] */
}

static void live_add(struct rh_server *s)
{
	static bool registered;

	if (live_owner != getpid()) {
		memset(live, 0, sizeof(live)); /* inherited: not ours */
		live_owner = getpid();
	}
	if (!registered && atexit(live_cleanup) == 0)
		registered = true;
	for (size_t i = 0; i < sizeof(live) / sizeof(live[0]); i++)
		if (!live[i]) {
			live[i] = s;
			return;
		}
}

static void live_del(struct rh_server *s)
{
	for (size_t i = 0; i < sizeof(live) / sizeof(live[0]); i++)
		if (live[i] == s)
			live[i] = NULL;
}

/*** Helpers ***/

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

bool rh_available(void)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/redis-server", (int)n, path);
		if (n && access(buf, X_OK) == 0)
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

static int free_port(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int port = -1;

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &alen) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static void print_log_tail(const struct rh_server *s)
{
	char *text = tu_read_file(s->log, NULL);
	size_t n;

	if (!text) {
		fprintf(stderr, "rh: (no log at %s)\n", s->log);
		return;
	}
	n = strlen(text);
	fprintf(stderr, "rh: last lines of %s:\n%s\n", s->log,
		text + (n > 1500 ? n - 1500 : 0));
	free(text);
}

/* Reap the server if it has exited; true when it is gone. */
static bool reaped(struct rh_server *s, bool block)
{
	int st;
	pid_t r;

	if (s->pid < 0)
		return true;
	do
		r = waitpid(s->pid, &st, block ? 0 : WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return false;
	s->pid = -1; /* exited, or not our child any more (ECHILD) */
	return true;
}

/*** Start, readiness ***/

static pid_t spawn(struct rh_server *s)
{
	char port[16], *argv[RH_MAX_ARGS];
	pid_t parent = getpid(), pid;
	int n = 0;

	snprintf(port, sizeof(port), "%d", s->port);
	argv[n++] = "redis-server";
	argv[n++] = "--port";
	argv[n++] = port;
	if (s->port) {
		argv[n++] = "--bind";
		argv[n++] = "127.0.0.1";
	}
	argv[n++] = "--unixsocket";
	argv[n++] = s->sock;
	argv[n++] = "--unixsocketperm";
	argv[n++] = "700";
	argv[n++] = "--dir";
	argv[n++] = s->dir;
	argv[n++] = "--save";
	argv[n++] = "";
	argv[n++] = "--appendonly";
	argv[n++] = s->appendonly ? "yes" : "no";
	argv[n++] = "--daemonize";
	argv[n++] = "no";
	if (s->requirepass) {
		argv[n++] = "--requirepass";
		argv[n++] = s->requirepass;
	}
	for (size_t i = 0; s->extra_args && s->extra_args[i]; i++) {
		if (n >= RH_MAX_ARGS - 1) {
			fprintf(stderr, "rh: too many extra arguments\n");
			return -1;
		}
		argv[n++] = s->extra_args[i];
	}
	argv[n] = NULL;

	pid = fork();
	if (pid < 0) {
		perror("rh: fork");
		return -1;
	}
	if (pid == 0) {
		sigset_t none;
		int fd;

		/* Die with the test: a crashed test must not leave a server
		 * behind.  The check closes the race with a parent that died
		 * before prctl. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
			_exit(126);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(126);
		fd = open("/dev/null", O_RDONLY);
		if (fd < 0 || dup2(fd, 0) < 0)
			_exit(126);
		closefrom(3);
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* A PONG within TIMEOUT_MS? */
static bool pong(const struct rh_server *s, long timeout_ms)
{
	struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
	redisContext *c = redisConnectUnixWithTimeout(s->sock, tv);
	redisReply *r = NULL;
	bool ok = false;

	if (!c || c->err)
		goto out;
	redisSetTimeout(c, tv);
	if (s->requirepass) {
		r = redisCommand(c, "AUTH %s", s->requirepass);
		if (!r || r->type == REDIS_REPLY_ERROR)
			goto out;
		freeReplyObject(r);
	}
	r = redisCommand(c, "PING");
	ok = r && r->type == REDIS_REPLY_STATUS && !strcmp(r->str, "PONG");
out:
	if (r)
		freeReplyObject(r);
	if (c)
		redisFree(c);
	return ok;
}

/* Start the server and wait for its PONG; on failure nothing runs. */
static int launch(struct rh_server *s)
{
	long long deadline = now_ms() + RH_READY_TIMEOUT_MS;

	s->pid = spawn(s);
	if (s->pid < 0)
		return -1;
	while (now_ms() < deadline) {
		if (reaped(s, false)) {
			fprintf(stderr, "rh: redis-server exited during start\n");
			print_log_tail(s);
			return -1;
		}
		if (pong(s, 200))
			return 0;
		sleep_ms(5);
	}
	fprintf(stderr, "rh: redis-server did not answer PING within %d ms\n",
		RH_READY_TIMEOUT_MS);
	print_log_tail(s);
	rh_kill(s);
	return -1;
}

static void set_urls(struct rh_server *s)
{
	snprintf(s->unix_url, sizeof(s->unix_url), "unix://%s", s->sock);
	if (s->port)
		snprintf(s->url, sizeof(s->url), "redis://127.0.0.1:%d", s->port);
	else
		snprintf(s->url, sizeof(s->url), "%s", s->unix_url);
}

struct rh_server *rh_start(const struct rh_opts *o)
{
	static const struct rh_opts none;
	struct rh_server *s = calloc(1, sizeof(*s));
	size_t n = 0;

	if (!o)
		o = &none;
	if (!s)
		return NULL;
	s->pid = -1;
	s->appendonly = o->appendonly;
	/* Under /tmp, not $TMPDIR: a unix socket path has 107 bytes. */
	s->dir = tu_mkdtemp();
	if (!s->dir || chmod(s->dir, 0700) < 0) {
		perror("rh: temporary directory");
		goto fail;
	}
	snprintf(s->sock, sizeof(s->sock), "%s/redis.sock", s->dir);
	snprintf(s->log, sizeof(s->log), "%s/redis.log", s->dir);
	if (o->requirepass && !(s->requirepass = strdup(o->requirepass)))
		goto fail;
	while (o->extra_args && o->extra_args[n])
		n++;
	if (n) {
		s->extra_args = calloc(n + 1, sizeof(char *));
		if (!s->extra_args)
			goto fail;
		for (size_t i = 0; i < n; i++)
			if (!(s->extra_args[i] = strdup(o->extra_args[i])))
				goto fail;
	}
	live_add(s);
	for (int attempt = 0;; attempt++) {
		if (o->tcp && (s->port = free_port()) <= 0) {
			perror("rh: free port");
			goto fail;
		}
		set_urls(s);
		if (launch(s) == 0)
			return s;
		/* Another process may have taken the port in between. */
		if (!o->tcp || attempt == 2)
			goto fail;
	}
fail:
	rh_free(s);
	return NULL;
}

/*** Accessors ***/

const char *rh_url(const struct rh_server *s)
{
	return s->url;
}

const char *rh_unix_url(const struct rh_server *s)
{
	return s->unix_url;
}

const char *rh_socket_path(const struct rh_server *s)
{
	return s->sock;
}

int rh_port(const struct rh_server *s)
{
	return s->port;
}

const char *rh_dir(const struct rh_server *s)
{
	return s->dir;
}

pid_t rh_pid(const struct rh_server *s)
{
	return s->pid;
}

/*** Stop, kill, restart, free ***/

int rh_stop(struct rh_server *s)
{
	long long deadline = now_ms() + RH_STOP_TIMEOUT_MS;

	if (reaped(s, false))
		return 0;
	kill(s->pid, SIGTERM);
	while (now_ms() < deadline) {
		if (reaped(s, false))
			return 0;
		sleep_ms(1);
	}
	fprintf(stderr, "rh: redis-server ignored SIGTERM for %d ms; killing it\n",
		RH_STOP_TIMEOUT_MS);
	return rh_kill(s);
}

int rh_kill(struct rh_server *s)
{
	if (reaped(s, false))
		return 0;
	kill(s->pid, SIGKILL);
	reaped(s, true);
	return 0;
}

int rh_restart(struct rh_server *s)
{
	if (rh_stop(s) < 0)
		return -1;
	return launch(s);
}

void rh_free(struct rh_server *s)
{
	if (!s)
		return;
	live_del(s);
	rh_kill(s); /* its data goes with the directory: no need to be gentle */
	if (s->dir)
		tu_rm_rf(s->dir);
	free(s->dir);
	free(s->requirepass);
	for (size_t i = 0; s->extra_args && s->extra_args[i]; i++)
		free(s->extra_args[i]);
	free(s->extra_args);
	free(s);
}

redisContext *rh_connect(struct rh_server *s)
{
	struct timeval tv = {2, 0};
	redisContext *c = redisConnectUnixWithTimeout(s->sock, tv);
	redisReply *r;

	if (!c || c->err) {
		fprintf(stderr, "rh: connect %s: %s\n", s->sock,
			c ? c->errstr : "out of memory");
		if (c)
			redisFree(c);
		return NULL;
	}
	if (s->requirepass) {
		r = redisCommand(c, "AUTH %s", s->requirepass);
		if (!r || r->type == REDIS_REPLY_ERROR) {
			fprintf(stderr, "rh: AUTH: %s\n",
				r ? r->str : c->errstr);
			if (r)
				freeReplyObject(r);
			redisFree(c);
			return NULL;
		}
		freeReplyObject(r);
	}
	return c;
}
