/* posture - reports the credentials and confinement the program runs with.
 * Attacks nothing; it is the checklist of what must hold inside the box:
 * uid/gid/euid/egid not 0, no supplementary groups, no capabilities in
 * CapInh/CapPrm/CapEff/CapBnd/CapAmb, NoNewPrivs 1, Seccomp 2 (filter), and
 * an environment of only PATH HOME TMPDIR LANG LC_ALL (nothing of the judge's
 * leaks in).  Prints each check; exit 0 if all hold, 1 otherwise.  Run as
 * root on the host it must fail (the twin). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static int bad;

static void check(int ok, const char *what, const char *detail)
{
	printf("%s %s%s%s\n", ok ? "ok  " : "FAIL", what, detail ? ": " : "",
	       detail ? detail : "");
	if (!ok)
		bad = 1;
}

static void check_status(void)
{
	static const char *const zero[] = {"CapInh:", "CapPrm:", "CapEff:",
					   "CapBnd:", "CapAmb:"};
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	int seen_nnp = 0, seen_seccomp = 0;

	if (!f) {
		check(0, "/proc/self/status readable", NULL);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		for (size_t i = 0; i < sizeof(zero) / sizeof(zero[0]); i++) {
			size_t n = strlen(zero[i]);

			if (strncmp(line, zero[i], n) == 0)
				check(strtoull(line + n, NULL, 16) == 0,
				      "no capabilities", line);
		}
		if (strncmp(line, "NoNewPrivs:", 11) == 0) {
			seen_nnp = 1;
			check(atoi(line + 11) == 1, "no_new_privs", line);
		}
		if (strncmp(line, "Seccomp:", 8) == 0) {
			seen_seccomp = 1;
			check(atoi(line + 8) == 2, "seccomp filter", line);
		}
	}
	fclose(f);
	check(seen_nnp, "NoNewPrivs line present", NULL);
	check(seen_seccomp, "Seccomp line present", NULL);
}

static void check_env(void)
{
	static const char *const allowed[] = {"PATH=", "HOME=", "TMPDIR=",
					      "LANG=", "LC_ALL="};

	for (char **e = environ; *e; e++) {
		int ok = 0;

		for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
			if (strncmp(*e, allowed[i], strlen(allowed[i])) == 0)
				ok = 1;
		check(ok, "environment", *e);
	}
}

int main(void)
{
	gid_t groups[64];
	char buf[128];
	int n;

	snprintf(buf, sizeof(buf), "uid=%d euid=%d gid=%d egid=%d",
		 (int)getuid(), (int)geteuid(), (int)getgid(), (int)getegid());
	check(getuid() != 0 && geteuid() != 0 && getgid() != 0 &&
		      getegid() != 0,
	      "not root", buf);
	n = getgroups(64, groups);
	snprintf(buf, sizeof(buf), "%d", n);
	check(n == 0, "no supplementary groups", buf);
	check_status();
	check_env();
	return bad;
}
