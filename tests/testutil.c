/* testutil.c - helpers shared by the test suites; see testutil.h. */
#include "testutil.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

static const char *join(const char *base, const char *rel)
{
	static __thread char buf[8][4096];
	static __thread int next;
	char *out = buf[next++ % 8];

	snprintf(out, sizeof(buf[0]), "%s/%s", base, rel);
	return out;
}

const char *tu_testdata(const char *rel)
{
	return join(env_or("ARBITER_TESTDATA", "build/testdata"), rel);
}

const char *tu_srcdata(const char *rel)
{
	return join(env_or("ARBITER_SRCDATA", "testdata"), rel);
}

const char *tu_policy_dir(void)
{
	return env_or("ARBITER_POLICY_DIR", "policies");
}

const char *tu_sandbox_unavailable(void)
{
	static char why[256];
	pid_t pid;
	int st;

	if (geteuid() != 0)
		return "needs root (run the suite as root, as CI does)";
	/* Probe namespaces in a throwaway child so this process stays as is. */
	pid = fork();
	if (pid == 0)
		_exit(unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET |
			      CLONE_NEWIPC | CLONE_NEWUTS) ? 1 : 0);
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0) {
		snprintf(why, sizeof(why), "cannot create namespaces here");
		return why;
	}
	if (access("/sys/fs/cgroup", W_OK) != 0) {
		snprintf(why, sizeof(why), "/sys/fs/cgroup is not writable");
		return why;
	}
	return NULL;
}

char *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
			if (!buf) {
				fclose(f);
				return NULL;
			}
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

int tu_count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the DIR's own fd */
}

char *tu_mkdtemp(void)
{
	char *p = strdup("/tmp/arbiter-test-XXXXXX");

	if (!p || !mkdtemp(p)) {
		free(p);
		return NULL;
	}
	chmod(p, 0755);
	return p;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void tu_rm_rf(const char *path)
{
	if (path)
		nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/*** Time ***/

uint64_t tu_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000ULL +
	       (uint64_t)ts.tv_nsec / 1000ULL;
}

uint64_t tu_now_ms(void)
{
	return tu_now_us() / 1000ULL;
}

void tu_sleep_ms(unsigned ms)
{
	struct timespec d = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&d, &d) != 0 && errno == EINTR)
		;
}

/*** Processes of box uids ***/

/* Walk /proc for the live processes whose real uid is in FIRST_UID ..
 * FIRST_UID + N_UIDS - 1 (zombies skipped): count them, SIGKILL them when
 * KILL_THEM, and stop at the first one when FOUND is given (its pid goes
 * there).  -1 when /proc cannot be opened. */
static int scan_uid_procs(uid_t first_uid, int n_uids, bool kill_them,
			  pid_t *found)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[300], line[256], state = '?';
		int pid = atoi(e->d_name);
		FILE *f;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/status", pid);
		f = fopen(path, "r"); /* gone meanwhile: not counted */
		if (!f)
			continue;
		/* "State:" comes before "Uid:" in /proc/PID/status; the first
		 * field of "Uid:" is the real uid. */
		while (fgets(line, sizeof(line), f)) {
			unsigned uid;

			if (sscanf(line, "State: %c", &state) == 1)
				continue;
			if (sscanf(line, "Uid: %u", &uid) != 1)
				continue;
			if (uid >= (unsigned)first_uid &&
			    uid - (unsigned)first_uid < (unsigned)n_uids &&
			    state != 'Z' && state != 'X') {
				n++;
				if (kill_them)
					kill(pid, SIGKILL);
				if (found)
					*found = pid;
			}
			break;
		}
		fclose(f);
		if (found && n > 0)
			break;
	}
	closedir(d);
	return n;
}

int tu_uid_procs(uid_t first_uid, int n_uids, bool kill_them)
{
	return scan_uid_procs(first_uid, n_uids, kill_them, NULL);
}

pid_t tu_uid_proc_pid(uid_t uid)
{
	pid_t found = 0;

	scan_uid_procs(uid, 1, false, &found);
	return found;
}

void tu_kill_uid_procs(uid_t first_uid, int n_uids, int rounds,
		       unsigned pause_ms)
{
	for (int i = 0; i < rounds && tu_uid_procs(first_uid, n_uids, true) > 0;
	     i++)
		tu_sleep_ms(pause_ms);
}

/*** Box cgroups ***/

/* Count the arbiter-<PID>-* dirs in DIR (rmdir them on TU_CG_REMOVE), and
 * those DEPTH levels further down, through dirs that are not themselves
 * box cgroups.  FIRST: see tu_box_cgroups(). */
static int count_boxes_in(const char *dir, pid_t pid, unsigned how,
			  char *first, size_t len, int depth)
{
	char prefix[64], sub[8192];
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	snprintf(prefix, sizeof(prefix), "arbiter-%d-", (int)pid);
	while ((e = readdir(d))) {
		/* The cgroup fs reports d_type; a cgroup is a directory. */
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name);
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
			if (first && len && !first[0])
				snprintf(first, len, "%s", sub);
			n++;
			if (how & TU_CG_REMOVE)
				rmdir(sub);
			continue;
		}
		if (depth > 0 && strncmp(e->d_name, "arbiter-", 8) != 0)
			n += count_boxes_in(sub, pid, how, first, len,
					    depth - 1);
	}
	closedir(d);
	return n;
}

/* Does the comma-separated controller list LIST name CTRL? */
static bool has_controller(const char *list, const char *ctrl)
{
	size_t n = strlen(ctrl);

	for (const char *p = list; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (len == n && strncmp(p, ctrl, n) == 0)
			return true;
		p = comma ? comma + 1 : NULL;
	}
	return false;
}

int tu_box_cgroups(pid_t pid, unsigned how, char *first, size_t len)
{
	static const char *const ctrls[] = {"memory", "pids", "cpuacct",
					    "freezer"};
	const int depth = (how & TU_CG_DOWN) ? 1 : 0;
	FILE *f = fopen("/proc/self/cgroup", "r");
	char line[4096], dir[8192];
	int n = 0;

	if (!f)
		return -1;
	/* Lines are "ID:CONTROLLERS:PATH"; CONTROLLERS is empty for v2. */
	while (fgets(line, sizeof(line), f)) {
		char *c1 = strchr(line, ':'), *c2, *path;

		if (!c1 || !(c2 = strchr(c1 + 1, ':')))
			continue;
		*c2 = '\0';
		path = c2 + 1;
		path[strcspn(path, "\n")] = '\0';
		if (strcmp(path, "/") == 0)
			path = "";
		if (c1[1] == '\0') {
			/* v2: unified/ on a hybrid host, the root on a pure
			 * v2 one. */
			char *slash;

			snprintf(dir, sizeof(dir), "/sys/fs/cgroup/unified%s",
				 path);
			n += count_boxes_in(dir, pid, how, first, len, depth);
			if (access("/sys/fs/cgroup/cgroup.controllers", F_OK))
				continue;
			snprintf(dir, sizeof(dir), "/sys/fs/cgroup%s", path);
			n += count_boxes_in(dir, pid, how, first, len, depth);
			if (!(how & TU_CG_UP))
				continue;
			/* The parent, at its own level only. */
			slash = strrchr(dir, '/');
			if (slash && slash > dir + strlen("/sys/fs/cgroup")) {
				*slash = '\0';
				n += count_boxes_in(dir, pid, how, first, len,
						    0);
			}
			continue;
		}
		for (size_t i = 0; i < sizeof(ctrls) / sizeof(ctrls[0]); i++) {
			if (!has_controller(c1 + 1, ctrls[i]))
				continue;
			snprintf(dir, sizeof(dir), "/sys/fs/cgroup/%s%s",
				 ctrls[i], path);
			n += count_boxes_in(dir, pid, how, first, len, depth);
		}
	}
	fclose(f);
	return n;
}

/*** Cleaning up after a CK_FORK case ***/

void tu_start_guardian(void (*clean_up)(void))
{
	pid_t pid, self = getpid();

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct pollfd pfd = {.events = POLLIN};

		/* Out of the case's process group: Check SIGKILLs that group
		 * as soon as the case ends, which is when our work begins. */
		setsid();
		/* A pidfd, not a pipe's EOF: every fork of the case holds the
		 * write end, and a leaked one would hold it forever.
		 * ESRCH: the case is already gone, clean up at once. */
		pfd.fd = (int)syscall(SYS_pidfd_open, self, 0);
		if (pfd.fd >= 0)
			while (poll(&pfd, 1, -1) < 0 && errno == EINTR)
				;
		clean_up();
		_exit(0);
	}
}

void tu_put_at(const char *root, const char *rel, const char *text)
{
	char path[PATH_MAX], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

void tu_put_test(const char *root, const char *name)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "data/%s.in", name);
	tu_put_at(root, rel, "1\n");
	snprintf(rel, sizeof(rel), "data/%s.ans", name);
	tu_put_at(root, rel, "1\n");
}
