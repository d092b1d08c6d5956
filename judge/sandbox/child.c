/* child.c - everything between clone and execve.
 *
 * Two processes run this file, both inside the box's new namespaces:
 *
 *   init (pid 1 of the box's pid namespace) builds the filesystem
 *   (mount.c) - or enters a prepared box's namespaces and makes only its
 *   per-run mounts afresh - forks the program and then only reaps: when the
 *   program exits it kills whatever the program left behind, reports the
 *   program's wait status and exits - and the kernel kills anything still in
 *   the namespace with it.  init stays root but is unreachable from the box:
 *   pid 1 ignores every signal it has no handler for, hidepid=2 hides it
 *   from /proc, and ptrace is denied by uid and seccomp.
 *
 *   the program (pid 2) joins the box's cgroup (init stays outside it, so
 *   only the program's own work is measured), drops to the box user step
 *   by step, ending with
 *   no_new_privs and the seccomp filter (the filter last, so our own setup
 *   calls need not be allowed by it), and execs.
 *
 *   On cgroup v1 the program is started vfork-style (spawn_shared): in
 *   init's memory and fd table until its execve, so that the worker's
 *   address space is not copied once more per test.
 *
 *   With a notifying filter, a denied call is not killed by the kernel but
 *   reported to init through the filter's listener fd, which init holds
 *   before execve closes the program's copy - in their shared fd table, or
 *   sent over a socket pair (SCM_RIGHTS) right after the filter is loaded:
 *   init kills the whole box and reports which call it was.  The judged
 *   code never holds the listener - with it, it could answer its own
 *   notifications and let the calls through.
 *
 * Rules for this file: no malloc, no stdio, no locks - this is a copy of a
 * possibly multi-threaded worker (see sandbox_internal.h).  Even fork() is
 * the raw system call, because glibc's fork() takes the allocator's locks
 * (glibc's clone(), used for the vfork-style start, takes none).
 * A failing step writes {step, errno} to the report pipe and exits 127; the
 * child never prints, since its stderr belongs to the program.
 */
#include "sandbox/sandbox_internal.h"
#include "base/clock.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/sched.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <grp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox/seccomp.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#endif

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static void report(const struct sbx_plan *p, const struct sbx_report *r)
{
	ssize_t n;

	do
		n = write(p->report_fd, r, sizeof(*r));
	while (n < 0 && errno == EINTR);
}

__attribute__((noreturn)) static void fail(const struct sbx_plan *p,
					   enum sbx_step step, int errnum)
{
	struct sbx_report r = {.type = SBX_REPORT_FAIL, .step = step,
			       .errnum = errnum};

	report(p, &r);
	_exit(127);
}

/* Make fds 0, 1, 2 the planned streams.  Each source is first copied above
 * 2, so a source that is itself 0, 1 or 2 is not clobbered by an earlier
 * dup2. */
static int setup_stdio(const struct sbx_plan *p)
{
	int tmp[3];

	for (int i = 0; i < 3; i++) {
		int src = p->stdio[i];

		if (src < 0)
			src = open("/dev/null", (i == 0 ? O_RDONLY : O_WRONLY) | O_CLOEXEC);
		if (src < 0)
			return -1;
		tmp[i] = fcntl(src, F_DUPFD_CLOEXEC, 3);
		if (tmp[i] < 0)
			return -1;
	}
	for (int i = 0; i < 3; i++)
		if (dup2(tmp[i], i) < 0)
			return -1;
	return 0;
}

/* execvpe without malloc: search PATH of the box's environment. */
static int exec_program(const struct sbx_plan *p)
{
	const char *name = p->argv[0];
	const char *dir = p->path_env;
	char buf[PATH_MAX];
	int saved = ENOENT;

	if (strchr(name, '/') || !dir) {
		execve(name, p->argv, p->envp);
		return -1;
	}
	while (*dir) {
		const char *end = strchrnul(dir, ':');
		size_t dl = (size_t)(end - dir), nl = strlen(name);

		if (dl + 1 + nl < sizeof(buf)) {
			memcpy(buf, dir, dl);
			buf[dl] = '/';
			memcpy(buf + dl + 1, name, nl + 1);
			execve(buf, p->argv, p->envp);
			/* Like execvp: keep looking past a missing file, but
			 * remember a file that exists and cannot be run. */
			if (errno != ENOENT && errno != ENOTDIR)
				saved = errno;
		}
		dir = *end ? end + 1 : end;
	}
	errno = saved;
	return -1;
}

/* Send FD over the unix socket SOCK. */
static int send_fd(int sock, int fd)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} c;
	char byte = 0;
	struct iovec iov = {.iov_base = &byte, .iov_len = 1};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = c.buf, .msg_controllen = sizeof(c.buf)};
	struct cmsghdr *cm;

	memset(&c, 0, sizeof(c));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sock, &msg, MSG_NOSIGNAL) == 1 ? 0 : -1;
}

/* Receive an fd from SOCK; -1 when the peer closed without sending. */
static int recv_fd(int sock)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} c;
	char byte;
	struct iovec iov = {.iov_base = &byte, .iov_len = 1};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = c.buf, .msg_controllen = sizeof(c.buf)};
	struct cmsghdr *cm;
	ssize_t n;
	int fd = -1;

	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS &&
	    cm->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/* Load the filter.  With a notifying one, init gets the listener: through
 * *SHARED (spawn_shared: init's fd table is the program's until execve,
 * which keeps the CLOEXEC listener out of the program's copy), or else
 * over NOTIFY_SOCK. */
static void load_filter(const struct sbx_plan *p, int notify_sock, int *shared)
{
	int rc;

	if (notify_sock >= 0 || (shared && p->seccomp_notify && p->seccomp_notify->len)) {
		int listener = seccomp_load_bpf_listener(p->seccomp_notify);

		if (listener < 0)
			fail(p, SBX_STEP_SECCOMP, -listener);
		if (shared) {
			*shared = listener;
			return;
		}
		/* From here on the filter is in force: sendmsg must be
		 * allowed (seccomp_compile makes sure), and init holds the
		 * listener before anything of the program runs. */
		if (send_fd(notify_sock, listener) < 0)
			fail(p, SBX_STEP_SECCOMP, errno);
		close(listener);
		/* Wait until init has taken the fd and closed its end, then
		 * close ours: the pair lives in the box's network namespace,
		 * and the program must find it empty (/proc/net/unix). */
		{
			char byte;
			ssize_t n;

			do
				n = read(notify_sock, &byte, 1);
			while (n < 0 && errno == EINTR);
		}
		close(notify_sock);
		return;
	}
	if (p->seccomp && p->seccomp->len) {
		rc = seccomp_load_bpf(p->seccomp);
		if (rc < 0)
			fail(p, SBX_STEP_SECCOMP, -rc);
	}
}

#ifdef ARBITER_VALGRIND
/* The `make valgrind` build only: valgrind keeps RLIMIT_NOFILE, _DATA and
 * _STACK for itself and refuses to raise them (EPERM), and never passes
 * them to the kernel.  The program then runs without them; the cgroup
 * still bounds its memory and pids, RLIMIT_FSIZE its output. */
#define RLIMIT_FAKED(r) ((r) == RLIMIT_NOFILE || (r) == RLIMIT_DATA || (r) == RLIMIT_STACK)
#else
#define RLIMIT_FAKED(r) 0
#endif

__attribute__((noreturn)) static void program_main(const struct sbx_plan *p,
						   int notify_sock, int init_sock,
						   int *shared)
{
	/* init's end of the pair: only init may hold it, or the program
	 * would never see init close it (see load_filter). */
	if (init_sock >= 0)
		close(init_sock);
	/* Join the box's cgroup first, before the program can allocate or
	 * fork (v1; on v2 clone3 created us inside it).  Only the program
	 * joins: init's mount work is not the program's CPU time, and init
	 * never counts against the pids limit. */
	for (size_t i = 0; i < p->cg.n_procs; i++)
		if (write(p->cg.procs_fds[i], "0", 1) != 1)
			fail(p, SBX_STEP_CGROUP_ATTACH, errno);
	/* A cgroup namespace rooted at the box's cgroup: the program sees
	 * itself at "/" and cannot name, let alone reach, the host's tree. */
	if (unshare(CLONE_NEWCGROUP) < 0)
		fail(p, SBX_STEP_CGROUP_NS, errno);
	/* A new session: no controlling terminal to push keystrokes into
	 * (TIOCSTI) and no process group shared with the supervisor. */
	if (setsid() < 0)
		fail(p, SBX_STEP_SETSID, errno);
	for (size_t i = 0; i < p->n_rlimits; i++)
		if (setrlimit(p->rlimits[i].resource, &p->rlimits[i].lim) < 0 &&
		    !RLIMIT_FAKED(p->rlimits[i].resource))
			fail(p, SBX_STEP_RLIMIT, errno);
	if (setup_stdio(p) < 0)
		fail(p, SBX_STEP_STDIO, errno);
	/* Every other fd - the worker's sockets, the report pipe, anything
	 * inherited without O_CLOEXEC - is closed by execve.  CLOEXEC rather
	 * than close, so the report pipe still works until then. */
	if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		fail(p, SBX_STEP_CLOSE_FDS, errno);
	if (chdir("/box") < 0)
		fail(p, SBX_STEP_CHDIR, errno);

	/* Credentials: groups first (needs CAP_SETGID), then the bounding set
	 * (needs CAP_SETPCAP), then the uid, which clears every remaining
	 * capability because SECBIT_KEEP_CAPS is not set.  Raw system calls,
	 * not glibc's wrappers: those apply the change to every thread of
	 * the process (the "setxid" broadcast), and in this copy of a
	 * multi-threaded worker glibc's thread list names threads that do
	 * not exist here - one caught mid-creation in the parent makes the
	 * wrapper wait for it forever. */
	if (syscall(SYS_setgroups, 0, NULL) < 0)
		fail(p, SBX_STEP_SETGROUPS, errno);
	if (syscall(SYS_setresgid, p->gid, p->gid, p->gid) < 0)
		fail(p, SBX_STEP_SETGID, errno);
	for (int cap = 0; cap <= p->cap_last; cap++)
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			fail(p, SBX_STEP_CAPS, errno);
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 &&
	    errno != EINVAL)
		fail(p, SBX_STEP_CAPS, errno);
	if (syscall(SYS_setresuid, p->uid, p->uid, p->uid) < 0)
		fail(p, SBX_STEP_SETUID, errno);

	/* no_new_privs: setuid binaries and file capabilities under /usr
	 * cannot raise privileges again; it is also what lets an
	 * unprivileged process install a seccomp filter. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		fail(p, SBX_STEP_NO_NEW_PRIVS, errno);
	load_filter(p, notify_sock, shared);
	exec_program(p);
	fail(p, SBX_STEP_EXEC, errno);
}

/* fork() as a raw system call.  On cgroup v2 the program is created
 * directly inside the box's cgroup (CLONE_INTO_CGROUP): migrating a running
 * task takes a global lock whose first use after an idle spell waits for an
 * RCU grace period - ~13 ms measured on v1 here. */
static pid_t spawn_program(const struct sbx_plan *p)
{
	if (p->cg.clone_fd >= 0) {
		struct clone_args args;

		memset(&args, 0, sizeof(args));
		args.flags = CLONE_INTO_CGROUP;
		args.exit_signal = SIGCHLD;
		args.cgroup = (uint64_t)p->cg.clone_fd;
		return (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	}
	return (pid_t)syscall(SYS_clone, SIGCHLD, NULL, NULL, NULL, NULL);
}

/* The program's start under spawn_shared: P and where to leave the
 * listener, in init's memory. */
struct shared_start {
	const struct sbx_plan *p;
	int listener;
};

static int shared_main(void *arg)
{
	struct shared_start *st = arg;

	program_main(st->p, -1, -1, &st->listener);
}

/* vfork-style: the program runs in init's memory and fd table, on a stack
 * carved from init's, while init waits for its execve (or exit).  Nothing of the
 * worker's address space is copied - twice per test, that copy was a
 * tenth of a run - and the listener needs no socket.  What the program
 * changes before execve is its own: credentials, seccomp filter, rlimits,
 * session, cgroup and cgroup namespace belong to the task, and execve
 * gives it a new mm and a private copy of the fd table, without the
 * CLOEXEC fds (the listener among them).  Its changes to the shared
 * table (stdio on 0-2, CLOEXEC everywhere) are closed by init next.
 * Not with CLONE_INTO_CGROUP, which needs clone3 (and clone3 no stack
 * switch we could use from C), nor under valgrind, which runs a vfork as
 * a fork (so the listener would stay in the program's own table).
 * Returns the program's pid, with *LISTENER set (-1: none), or -1. */
static pid_t spawn_shared(const struct sbx_plan *p, int *listener)
{
	/* The program's stack: a part of ours that we do not use while we
	 * wait, so that sanitizers know it as this thread's stack. */
	char stack[64 * 1024] __attribute__((aligned(16)));
	struct shared_start st = {.p = p, .listener = -1};
	pid_t pid;

	pid = clone(shared_main, stack + sizeof(stack),
		    CLONE_VM | CLONE_VFORK | CLONE_FILES | SIGCHLD, &st);
#ifdef __SANITIZE_ADDRESS__
	/* Its frames left their redzones in the shadow of our stack. */
	ASAN_UNPOISON_MEMORY_REGION(stack, sizeof(stack));
#endif
	*listener = st.listener;
	return pid;
}

static bool can_spawn_shared(const struct sbx_plan *p)
{
#ifdef ARBITER_VALGRIND
	(void)p;
	return false;
#else
	return p->cg.clone_fd < 0 && !p->spawn_fork;
#endif
}

/* Close every fd but A and B (either may be -1). */
static void close_all_but(int a, int b)
{
	int lo = a < b ? a : b, hi = a < b ? b : a;

	if (lo < 0)
		lo = hi, hi = -1;
	if (lo > 0)
		syscall(SYS_close_range, 0U, (unsigned)lo - 1, 0U);
	if (hi > lo + 1)
		syscall(SYS_close_range, (unsigned)lo + 1, (unsigned)hi - 1, 0U);
	syscall(SYS_close_range, (unsigned)(hi > lo ? hi : lo) + 1, ~0U, 0U);
}

/* Until the program exits: answer the filter's notifications by killing
 * the whole box, remembering the first call.  Returns when PIDFD (the
 * program) is readable. */
static void watch_filter(int pidfd, int listener, struct sbx_report *st)
{
	struct pollfd fds[2] = {{.fd = pidfd, .events = POLLIN},
				{.fd = listener, .events = POLLIN}};

	for (;;) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (fds[0].revents)
			return;
		if (fds[1].revents & POLLIN) {
			/* The kernel wants a zeroed buffer, and may know a
			 * larger struct than our headers: leave room. */
			union {
				struct seccomp_notif n;
				char room[512];
			} u;

			memset(&u, 0, sizeof(u));
			if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &u.n) == 0 &&
			    !st->forbidden_call) {
				st->forbidden_call = 1;
				st->syscall_nr = u.n.data.nr;
				kill(-1, SIGKILL);
			}
		} else if (fds[1].revents) {
			fds[1].fd = -1; /* no filter user left */
		}
	}
}

/* Die with the supervisor; the pidfd check closes the window in which it
 * died before the prctl. */
static void die_with_parent(const struct sbx_plan *p)
{
	struct pollfd pfd = {.fd = p->parent_pidfd, .events = POLLIN};

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		fail(p, SBX_STEP_PDEATHSIG, errno);
	if (p->parent_pidfd >= 0 && poll(&pfd, 1, 0) > 0)
		_exit(127);
}

__attribute__((noreturn)) void sbx_child_main(const struct sbx_plan *p)
{
	struct sbx_report st = {.type = SBX_REPORT_STATUS};
	enum sbx_step step;
	struct rusage ru;
	uint64_t t0;
	pid_t prog;
	int got = 0;
	int sv[2] = {-1, -1};
	int listener = -1;

	/* Die with the supervisor - and with init, the whole box - so a
	 * crashed worker leaves nothing running. */
	die_with_parent(p);

	if (p->ns_fds[0] >= 0) {
		/* A prepared box (sbx_prepare): its filesystem, network and
		 * host name are ready; only what a run may write and its own
		 * /proc are made afresh. */
		for (int i = 0; i < SBX_PREPARED_NS; i++)
			if (setns(p->ns_fds[i], 0) < 0)
				fail(p, SBX_STEP_SETNS, errno);
		if (sbx_mount_fresh(p, &step) < 0)
			fail(p, step, errno);
	} else {
		if (sbx_mount_run(p, false, &step) < 0)
			fail(p, step, errno);
		if (sethostname("arbiter", 7) < 0)
			fail(p, SBX_STEP_HOSTNAME, errno);
	}

	if (can_spawn_shared(p)) {
		t0 = mono_ns();
		prog = spawn_shared(p, &listener);
		if (prog < 0)
			fail(p, SBX_STEP_FORK, errno);
	} else {
		if (p->seccomp_notify && p->seccomp_notify->len &&
		    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
			fail(p, SBX_STEP_SECCOMP, errno);
		t0 = mono_ns();
		prog = spawn_program(p);
		if (prog < 0)
			fail(p, SBX_STEP_FORK, errno);
		if (prog == 0)
			program_main(p, sv[1], sv[0], NULL);
	}

	if (sv[0] >= 0) {
		close(sv[1]);
		/* EOF instead of an fd: the program failed before its filter. */
		listener = recv_fd(sv[0]);
		close(sv[0]);
	}
	/* init keeps nothing open but the report pipe (and the listener): it
	 * must not hold the program's stdout open, nor anything of the
	 * worker's. */
	close_all_but(p->report_fd, listener);
	st.syscall_nr = -1;
	if (listener >= 0) {
		int pidfd = (int)syscall(SYS_pidfd_open, prog, 0);

		if (pidfd < 0) {
			kill(-1, SIGKILL);
			fail(p, SBX_STEP_SECCOMP, errno);
		}
		watch_filter(pidfd, listener, &st);
		close(pidfd);
	}

	/* Reap everything: orphans are re-parented to us, and unreaped
	 * zombies would count against the pids limit. */
	for (;;) {
		int ws;
		pid_t w = waitpid(-1, &ws, 0);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			break; /* ECHILD: nothing left */
		}
		if (w == prog && !got) {
			st.wall_ns = mono_ns() - t0;
			st.wait_status = ws;
			got = 1;
			/* The program is done; what it left behind dies now. */
			kill(-1, SIGKILL);
		}
	}
	if (!got)
		fail(p, SBX_STEP_FORK, ECHILD);
	if (p->ns_fds[0] >= 0)
		sbx_mount_drop(p);
	if (getrusage(RUSAGE_CHILDREN, &ru) == 0) {
		st.ru_cpu_us = (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000ULL +
			       (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
		st.ru_maxrss_kib = (uint64_t)ru.ru_maxrss;
	}
	report(p, &st);
	_exit(0);
}

__attribute__((noreturn)) void sbx_prepare_main(const struct sbx_plan *p, int hold_fd)
{
	struct sbx_report ready = {.type = SBX_REPORT_READY};
	enum sbx_step step;
	char byte;

	die_with_parent(p);
	if (sbx_mount_run(p, true, &step) < 0)
		fail(p, step, errno);
	if (sethostname("arbiter", 7) < 0)
		fail(p, SBX_STEP_HOSTNAME, errno);
	/* Our copy of the hold pipe's write end would keep it open. */
	close_all_but(p->report_fd, hold_fd);
	report(p, &ready);
	/* The namespaces outlive us through the fds the parent opens now. */
	while (read(hold_fd, &byte, 1) < 0 && errno == EINTR)
		;
	_exit(0);
}
