/* setuid_exec - runs a setuid-root program of the host (/usr/bin/passwd,
 * bound read-only into the box) and looks at the credentials it got.
 * Attack: regain root through a setuid binary under /usr (the first of
 * passwd, chsh, chfn, gpasswd, newgrp, su, sudo, pkexec that is setuid
 * root; with none, there is nothing to try and it prints ok).
 * The child's stdout and stderr are a pipe whose buffer is already full,
 * so the program blocks on its first message - alive, after execve, for
 * us to inspect through /proc/<pid>: a process that gained privileges is
 * hidden from us (hidepid=2) or shows another uid.
 * Holds when: it runs as the box user (no_new_privs and nosuid binds)
 * -> ok.
 * Twin: accepted/exec_twin.c. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	/* Setuid-root programs that print a complaint before they exit (not
	 * mount, which would call mount(2) and kill the box). */
	static const char *const progs[] = {
		"/usr/bin/passwd", "/usr/bin/chsh", "/usr/bin/chfn", "/usr/bin/gpasswd",
		"/usr/bin/newgrp", "/usr/bin/su", "/usr/bin/sudo", "/usr/bin/pkexec",
	};
	struct stat st;
	const char *prog = NULL;
	char path[64], line[256], buf[4096];
	int p[2], verdict = 0; /* 1 ok, -1 hole */
	pid_t c;

	for (size_t i = 0; i < sizeof(progs) / sizeof(*progs) && !prog; i++)
		if (stat(progs[i], &st) == 0 && (st.st_mode & S_ISUID) && st.st_uid == 0)
			prog = progs[i];
	if (!prog) {
		puts("ok"); /* no setuid-root program in the box to try */
		return 0;
	}
	if (pipe2(p, O_NONBLOCK) < 0) {
		puts("FAIL:pipe");
		return 0;
	}
	fcntl(p[1], F_SETPIPE_SZ, 4096);
	memset(buf, '.', sizeof(buf));
	while (write(p[1], buf, sizeof(buf)) > 0)
		;
	fcntl(p[1], F_SETFL, 0); /* the child's writes block */
	c = fork();
	if (c == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		execl(prog, prog, (char *)0);
		_exit(127);
	}
	snprintf(path, sizeof(path), "/proc/%d/status", c);
	/* Up to 2 s: the program needs a few ms to start and print. */
	for (int tries = 0; tries < 2000 && !verdict; tries++) {
		FILE *f = fopen(path, "r");
		int execd = 0, uid_ok = 0;
		char state = '?';

		if (!f) {
			/* Alive but hidden from us: it is not ours any more. */
			if (waitpid(c, NULL, WNOHANG) == 0)
				verdict = -1;
			break;
		}
		while (fgets(line, sizeof(line), f)) {
			unsigned r, e, s, fs;

			if (!strncmp(line, "Name:", 5))
				execd = !strstr(line, "setuid_exec") && !strstr(line, "a.out");
			if (sscanf(line, "Uid: %u %u %u %u", &r, &e, &s, &fs) == 4)
				uid_ok = r == getuid() && e == getuid() && s == getuid();
			sscanf(line, "State: %c", &state);
		}
		fclose(f);
		/* Blocked on its first write, after execve. */
		if (execd && state == 'S')
			verdict = uid_ok ? 1 : -1;
		usleep(1000);
	}
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	if (verdict == 1)
		puts("ok");
	else if (verdict == -1)
		printf("HOLE:%s-ran-with-other-credentials\n", prog);
	else
		puts("FAIL:probe-inconclusive");
	return 0;
}
