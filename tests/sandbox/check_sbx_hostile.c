/* check_sbx_hostile.c - programs that try to outlive, escape or harm the
 * judge: a detached daemon, kill(-1), loopback connections, inherited fds.
 *
 * Tier 2 (root).  Each case observes the attack from the host side (the
 * file the daemon writes, the sibling processes, the listener's queue),
 * and a twin run of the same probe outside the box proves the observation
 * would have caught a success.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sbxtest.h"
#include "testutil.h"

Suite *suite_sbx_hostile(void);

static const struct sbx_limits quick = {
	.cpu_us = 2000 * ST_MS,
	.wall_us = 5000 * ST_MS,
	.mem_bytes = 64 * ST_MIB,
	.pids = 16,
};

/*** A daemon left behind ***/

START_TEST(test_detached_grandchild)
{
	char box[4200], ticks[4300];
	struct st_opts o = {.box_dir = box};
	struct sbx_result r;
	off_t before, after;
	char *out;

	snprintf(box, sizeof(box), "%s/box", st_tmp());
	snprintf(ticks, sizeof(ticks), "%s/ticks", box);
	ck_assert_int_eq(mkdir(box, 0755), 0);
	ck_assert_int_eq(chown(box, st_box_uid(), st_box_uid()), 0);

	st_run_opts("detached_grandchild", ST_ARGS("/box/ticks"), &quick, &o,
		    &r);
	out = st_stdout();
	/* OK with "grandchild running": the daemon existed when the main
	 * process exited, so there was something to kill. */
	ck_assert_msg(r.status == SBX_OK && strstr(out, "grandchild running"),
		      "%s\n%s", st_describe(&r), out);
	free(out);
	before = st_file_size(ticks);
	ck_assert_msg(before > 0, "no ticks written (%lld)", (long long)before);
	/* 20 ticks' worth of time: a live daemon would have grown the file. */
	tu_sleep_ms(200);
	after = st_file_size(ticks);
	ck_assert_msg(after == before, "ticks grew from %lld to %lld bytes "
		      "after sbx_run returned", (long long)before,
		      (long long)after);
	ck_assert_int_eq(st_box_procs_left(), 0);
	st_assert_no_cgroups_left();
}
END_TEST

/*** kill(-1, SIGKILL) ***/

/* A child that pauses until killed, as root or (AS_BOX) as the box's own
 * uid: the latter is what kill(-1) from the box could reach if the box
 * shared the host's pid namespace.  Dies with the case (PDEATHSIG). */
static pid_t start_sibling(bool as_box)
{
	int p[2];
	pid_t pid;
	char c;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(p[0]);
		if (as_box && (setgroups(0, NULL) || setgid(st_box_uid()) ||
			       setuid(st_box_uid())))
			_exit(1);
		/* Set after setuid, which would clear it. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		close(p[1]);
		for (;;)
			pause();
	}
	close(p[1]);
	ck_assert_msg(read(p[0], &c, 1) == 1, "sibling failed to start");
	close(p[0]);
	return pid;
}

static void assert_alive(pid_t pid, const char *what)
{
	int status;

	ck_assert_msg(waitpid(pid, &status, WNOHANG) == 0,
		      "%s sibling died (status %#x)", what, status);
	ck_assert_int_eq(kill(pid, 0), 0);
}

static void stop_sibling(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

START_TEST(test_kill_all)
{
	struct sbx_result r;
	pid_t root_sib, box_sib;
	char *out;

	root_sib = start_sibling(false);
	box_sib = start_sibling(true);
	st_run("kill_all", NULL, &quick, &r);
	out = st_stdout();
	ck_assert_msg(r.status == SBX_OK, "%s\n%s", st_describe(&r), out);
	free(out);
	/* We are still here (this line ran), and so are both siblings. */
	assert_alive(root_sib, "root");
	assert_alive(box_sib, "same-uid");
	stop_sibling(root_sib);
	stop_sibling(box_sib);
	/* Twin: the sandbox still works after the box tried to kill it all. */
	st_run("hello", NULL, &quick, &r);
	st_assert_status(&r, SBX_OK);
}
END_TEST

/*** Loopback ***/

/* Bind a non-blocking socket of TYPE to loopback (v4 or v6) on PORT (0:
 * any); returns the fd or -1 when the family is unavailable here. */
static int loopback_socket(int family, int type, int *port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1;

	fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		a->sin_family = AF_INET;
		a->sin_port = htons((unsigned short)*port);
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*a);
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((unsigned short)*port);
		a->sin6_addr = in6addr_loopback;
		len = sizeof(*a);
	}
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 ||
	    (type == SOCK_STREAM && listen(fd, 16) != 0) ||
	    getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(family == AF_INET
			      ? ((struct sockaddr_in *)&ss)->sin_port
			      : ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

/* Whether anything arrived on FD (a connection or a datagram). */
static bool got_something(int fd, bool stream)
{
	char buf[16];

	if (fd < 0)
		return false;
	if (stream) {
		int c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);

		if (c >= 0) {
			close(c);
			return true;
		}
	} else if (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0) {
		return true;
	}
	ck_assert_msg(errno == EAGAIN || errno == EWOULDBLOCK, "%s",
		      strerror(errno));
	return false;
}

START_TEST(test_loopback_unreachable)
{
	int tport = 0, uport = 0, port6;
	int t4, t6, u4, u6;
	char tp[16], up[16];
	struct sbx_result r;
	char *out;

	t4 = loopback_socket(AF_INET, SOCK_STREAM, &tport);
	ck_assert_int_ge(t4, 0);
	u4 = loopback_socket(AF_INET, SOCK_DGRAM, &uport);
	ck_assert_int_ge(u4, 0);
	/* ::1 on the same ports when the host has IPv6 loopback. */
	port6 = tport;
	t6 = loopback_socket(AF_INET6, SOCK_STREAM, &port6);
	port6 = uport;
	u6 = loopback_socket(AF_INET6, SOCK_DGRAM, &port6);
	snprintf(tp, sizeof(tp), "%d", tport);
	snprintf(up, sizeof(up), "%d", uport);

	st_run("net_connect", ST_ARGS(tp, up), &quick, &r);
	out = st_stdout();
	ck_assert_msg(r.status == SBX_OK, "a TCP connection from the box "
		      "succeeded: %s\n%s", st_describe(&r), out);
	ck_assert_msg(!got_something(t4, true), "127.0.0.1 listener accepted "
		      "a connection from the box\n%s", out);
	ck_assert_msg(!got_something(t6, true), "::1 listener accepted a "
		      "connection from the box\n%s", out);
	ck_assert_msg(!got_something(u4, false), "127.0.0.1 UDP socket got a "
		      "datagram from the box\n%s", out);
	ck_assert_msg(!got_something(u6, false), "::1 UDP socket got a "
		      "datagram from the box\n%s", out);
	free(out);

	/* Twin: the same probe on the host reaches both listeners. */
	ck_assert_int_eq(st_host_run(tu_testdata("hostile/net_connect"),
				     ST_ARGS(tp, up)),
			 1);
	ck_assert(got_something(t4, true));
	ck_assert(got_something(u4, false));
	close(t4);
	close(u4);
	if (t6 >= 0)
		close(t6);
	if (u6 >= 0)
		close(u6);
}
END_TEST

/*** Inherited descriptors ***/

START_TEST(test_no_inherited_fds)
{
	struct sbx_result r;
	int file, p[2], sock, high;
	char *out;

	/* What a careless judge holds: a file, a pipe, a socket, and a
	 * high-numbered fd, none of them O_CLOEXEC. */
	file = open("/etc/passwd", O_RDONLY);
	ck_assert_int_ge(file, 0);
	ck_assert_int_eq(pipe(p), 0);
	sock = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(sock, 0);
	high = dup2(file, 200);
	ck_assert_int_eq(high, 200);
	ck_assert_int_eq(fcntl(file, F_GETFD) & FD_CLOEXEC, 0);

	st_run("fd_check", NULL, &quick, &r);
	out = st_stdout();
	ck_assert_msg(r.status == SBX_OK && strstr(out, "only 0 1 2"),
		      "the box inherited fds: %s\n%s", st_describe(&r), out);
	free(out);

	/* Twin: run on the host with the same fds, the probe sees them. */
	ck_assert_int_eq(st_host_run(tu_testdata("hostile/fd_check"), NULL),
			 1);
	close(file);
	close(p[0]);
	close(p[1]);
	close(sock);
	close(high);
}
END_TEST

/*** Forbidden system calls ***/

/* Each shape of the attack - from the main thread, from a second thread,
 * from a forked child, and with a SIGSYS handler installed - ends the whole
 * box, and the result names the call.  The seccomp module's own suite
 * proves the filter denies these calls; this proves the sandbox turns the
 * denial into a dead box and a name. */
static const struct {
	const char *call, *how, *extra;
} forbidden_cases[] = {
	{"ptrace", "main", NULL},
	{"mount", "thread", NULL},
	{"keyctl", "child", NULL},
	{"ptrace", "main", "catch"},
};

START_TEST(test_forbidden_call_named)
{
	const char *call = forbidden_cases[_i].call;
	struct sbx_result r;
	char want[64];
	char *out;

	if (forbidden_cases[_i].extra)
		st_run("forbidden", ST_ARGS(call, forbidden_cases[_i].how,
					    forbidden_cases[_i].extra),
		       &quick, &r);
	else
		st_run("forbidden", ST_ARGS(call, forbidden_cases[_i].how), &quick,
		       &r);
	st_assert_status(&r, SBX_RTE);
	ck_assert_int_eq(r.signal, SIGSYS);
	ck_assert_msg(r.syscall_nr >= 0, "no system call recorded: %s",
		      st_describe(&r));
	snprintf(want, sizeof(want), "forbidden system call %s ", call);
	ck_assert_msg(strstr(r.message, want), "message '%s' lacks '%s'",
		      r.message, want);
	/* Nothing of the program ran on after the call: not the caller, not
	 * the handler, not the waiting parent. */
	out = st_stdout();
	ck_assert_msg(!strstr(out, "survived") && !strstr(out, "caught"),
		      "the program ran on: %s", out);
	free(out);
	ck_assert_int_eq(st_box_procs_left(), 0);
}
END_TEST

/* Twin: on the host (as root, no filter) the same program survives its
 * call, so "survived" is what the probe prints when nothing stops it. */
START_TEST(test_forbidden_twin)
{
	ck_assert_int_eq(st_host_run(tu_testdata("hostile/forbidden"),
				     ST_ARGS("keyctl", "main")),
			 0);
}
END_TEST

/* The program starts vfork-style on cgroup v1 (child.c, spawn_shared)
 * and fork-style on v2; ARBITER_SPAWN=fork forces the second here, so
 * the listener's other way to init is proven on this host too. */
static void fork_start(void)
{
	setenv("ARBITER_SPAWN", "fork", 1);
}

Suite *suite_sbx_hostile(void)
{
	Suite *s = suite_create("sbx_hostile");
	TCase *tc;

	tc = st_tcase("processes", 30);
	tcase_add_test(tc, test_detached_grandchild);
	tcase_add_test(tc, test_kill_all);
	suite_add_tcase(s, tc);

	tc = st_tcase("escape", 30);
	tcase_add_test(tc, test_loopback_unreachable);
	tcase_add_test(tc, test_no_inherited_fds);
	suite_add_tcase(s, tc);

	tc = st_tcase("seccomp", 30);
	tcase_add_loop_test(tc, test_forbidden_call_named, 0,
			    (int)(sizeof(forbidden_cases) / sizeof(forbidden_cases[0])));
	tcase_add_test(tc, test_forbidden_twin);
	suite_add_tcase(s, tc);

	tc = st_tcase("fork_start", 30);
	tcase_add_checked_fixture(tc, fork_start, NULL);
	tcase_add_loop_test(tc, test_forbidden_call_named, 0,
			    (int)(sizeof(forbidden_cases) / sizeof(forbidden_cases[0])));
	tcase_add_test(tc, test_no_inherited_fds);
	tcase_add_test(tc, test_kill_all);
	suite_add_tcase(s, tc);

	suite_add_tcase(s, st_leftovers_tcase());
	return s;
}
