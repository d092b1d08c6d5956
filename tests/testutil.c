/* testutil.c - helpers shared by the test suites; see testutil.h. */
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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
