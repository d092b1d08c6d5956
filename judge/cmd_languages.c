/* cmd_languages.c - `arbiter languages`: the language table on this host.
 *
 * Loads policies/languages.yaml and lists every language: id, name,
 * extensions, and either the toolchain's version or why it is missing.
 * With --json, stdout holds exactly one object:
 *   {"languages": [{"id", "name", "extensions": [...], "available",
 *                   "missing": string|null, "version": string|null}]}
 *
 * The version is the first line of the language's `version` command's
 * stdout.  That command is the operator's own toolchain, not submitted
 * code, so it runs on the host, without a box - but with the box's PATH
 * lookup (so it is the program the box will run, not whatever is first in
 * the caller's PATH), a clean environment, stdin from /dev/null, in its own
 * process group, and killed with that group after VERSION_TIMEOUT_MS.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "cmd.h"
#include "lang.h"

#define VERSION_TIMEOUT_MS 5000
#define VERSION_MAX 200 /* characters of the version line kept */

static const char usage_text[] =
	"usage: arbiter languages [--json]\n"
	"\n"
	"List the languages of policies/languages.yaml: id, name, extensions,\n"
	"and the toolchain's version, or why it is missing on this host.\n"
	"\n"
	"  --json   one JSON object on stdout\n"
	"\n"
	"exit status: 0 listed (even with languages missing), 1 the language\n"
	"file is broken, 2 usage error\n";

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read FD until EOF or DEADLINE; keep the first LEN-1 bytes in BUF and
 * drain the rest, so a chatty program cannot block on a full pipe.
 * Returns false on timeout. */
static bool read_until(int fd, char *buf, size_t len, int64_t deadline)
{
	size_t used = 0;

	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int64_t left = deadline - now_ms();
		char scratch[4096];
		ssize_t n;

		if (left <= 0)
			return false;
		if (poll(&p, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		if (p.revents == 0)
			continue;
		n = read(fd, scratch, sizeof(scratch));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (used + 1 < len) {
			size_t take = (size_t)n < len - 1 - used ? (size_t)n : len - 1 - used;

			memcpy(buf + used, scratch, take);
			used += take;
		}
	}
	buf[used] = '\0';
	return true;
}

/* The first non-empty line of OUT, trimmed, as printable ASCII (it goes to
 * a terminal and into JSON) and at most VERSION_MAX characters. */
static void first_line(const char *out, char *line, size_t len)
{
	size_t n = 0;

	out += strspn(out, " \t\r\n");
	for (; *out && *out != '\n' && *out != '\r' && n + 1 < len && n < VERSION_MAX; out++)
		line[n++] = (*out >= 0x20 && *out < 0x7f) ? *out : '?';
	while (n > 0 && line[n - 1] == ' ')
		n--;
	line[n] = '\0';
}

/* Run L's version command; fills LINE, or says why there is none. */
static void toolchain_version(const struct language *l, char *line, size_t len)
{
	static char *const envp[] = {"PATH=" LANG_BOX_PATH, "LC_ALL=C", NULL};
	char path[PATH_MAX], out[4096];
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	_cleanup_close_ int rd = -1;
	int fds[2], status = 0, rc;
	bool done;
	pid_t pid;

	snprintf(line, len, "(no version command)");
	if (!l->version)
		return;
	if (lang_which(l->version[0], path, sizeof(path)) < 0) {
		snprintf(line, len, "(version: '%s' not found)", l->version[0]);
		return;
	}
	if (pipe2(fds, O_CLOEXEC) < 0) {
		snprintf(line, len, "(version: pipe: %s)", strerror(errno));
		return;
	}
	rd = fds[0];
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawnattr_init(&attr);
	/* Its own process group: a timeout kills whatever it started too. */
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	rc = posix_spawn(&pid, path, &fa, &attr, l->version, envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(fds[1]);
	if (rc != 0) {
		snprintf(line, len, "(version: '%.100s': %s)", path, strerror(rc));
		return;
	}
	done = read_until(rd, out, sizeof(out), now_ms() + VERSION_TIMEOUT_MS);
	if (!done)
		kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!done) {
		snprintf(line, len, "(version: '%.100s' timed out)", path);
		return;
	}
	first_line(out, line, len);
	if (!line[0])
		snprintf(line, len, "(version: '%.100s' printed nothing, exit %d)", path,
			 WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

static json_t *json_strv(char *const *v)
{
	json_t *a = json_array();

	for (size_t i = 0; a && v && v[i]; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static int print_json(const struct lang_table *t)
{
	json_auto_t *list = json_array();
	json_auto_t *root = NULL;

	if (!list)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		const struct language *l = &t->langs[i];
		char version[256];
		json_t *o;

		if (l->available)
			toolchain_version(l, version, sizeof(version));
		o = json_pack("{s:s, s:s, s:o, s:b, s:s?, s:s?}", "id", l->id,
			      "name", l->name, "extensions", json_strv(l->extensions),
			      "available", l->available, "missing", l->missing,
			      "version", l->available ? version : NULL);
		if (!o || json_array_append_new(list, o) < 0)
			return -1;
	}
	root = json_pack("{s:O}", "languages", list);
	if (!root || json_dumpf(root, stdout, JSON_COMPACT) < 0)
		return -1;
	fputc('\n', stdout);
	return 0;
}

static void print_human(const struct lang_table *t)
{
	printf("%-12s %-22s %-22s %s\n", "ID", "NAME", "EXTENSIONS", "TOOLCHAIN");
	for (size_t i = 0; i < t->n; i++) {
		const struct language *l = &t->langs[i];
		char exts[64] = "", version[256];
		size_t used = 0;

		for (size_t e = 0; l->extensions[e] && used < sizeof(exts); e++)
			used += (size_t)snprintf(exts + used, sizeof(exts) - used, "%s.%s",
						 e ? " " : "", l->extensions[e]);
		if (l->available)
			toolchain_version(l, version, sizeof(version));
		else
			snprintf(version, sizeof(version), "missing: %s", l->missing);
		printf("%-12s %-22s %-22s %s\n", l->id, l->name, exts, version);
	}
}

int cmd_languages(int argc, char **argv)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct lang_table *t = NULL;
	struct arb_err err;
	bool json = false;
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		if (c == 'j') {
			json = true;
		} else if (c == 'h') {
			fputs(usage_text, stdout);
			return CMD_EXIT_OK;
		} else {
			fprintf(stderr, "arbiter languages: unknown option '%s'\n%s",
				argv[optind - 1], usage_text);
			return CMD_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "arbiter languages: unexpected argument '%s'\n%s",
			argv[optind], usage_text);
		return CMD_EXIT_USAGE;
	}
	arb_err_clear(&err);
	if (lang_load(NULL, &t, &err) < 0) {
		fprintf(stderr, "arbiter languages: %s\n", err.msg);
		return CMD_EXIT_JE;
	}
	rc = CMD_EXIT_OK;
	if (json && print_json(t) < 0) {
		fprintf(stderr, "arbiter languages: cannot encode JSON\n");
		rc = CMD_EXIT_JE;
	} else if (!json) {
		print_human(t);
	}
	lang_table_free(t);
	return rc;
}
