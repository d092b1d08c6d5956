/* main.c - the arbiter binary: a git-style table of subcommands.
 *
 * Each subcommand lives in its own cmd_*.c and only parses options and
 * prints; the work is done by the library behind it.
 */
#include <archive.h>
#include <hiredis.h>
#include <jansson.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "cmd.h"

static const struct command commands[] = {
	{"exec", cmd_exec, "run one command in the sandbox and print its usage"},
	{"run", cmd_run, "judge one submission against a problem package"},
	{"verify", cmd_verify, "check a problem package against its submissions"},
	{"batch", cmd_batch, "judge a folder of submissions (one per student) into a report"},
	{"selftest", cmd_selftest, "judge the hostile-submission corpus on this host"},
	{"languages", cmd_languages, "list languages and their toolchains"},
	{"worker", cmd_worker, "judge submissions from the Redis queue"},
	{"submit", cmd_submit, "enqueue a submission (and wait for its result)"},
	{"problem", cmd_problem, "publish problem packages to Redis (problem push)"},
	{"doctor", cmd_doctor, "check this host: cgroups, kernel features, CPU scaling"},
};

/* --version: what a bug report needs.  Run-time versions where the library
 * can tell them (a Debian upgrade replaces the shared library, not us),
 * else the version compiled against. */
static void print_version(void)
{
	const struct scmp_version *sv = seccomp_version();

	printf("arbiter %s\n", ARBITER_VERSION);
#if defined(__clang__)
	printf("compiler: clang %s\n", __VERSION__);
#elif defined(__GNUC__)
	printf("compiler: gcc %s\n", __VERSION__);
#else
	printf("compiler: %s\n", __VERSION__);
#endif
	printf("libseccomp: %u.%u.%u (built with %d.%d.%d)\n", sv->major,
	       sv->minor, sv->micro, SCMP_VER_MAJOR, SCMP_VER_MINOR,
	       SCMP_VER_MICRO);
	printf("libarchive: %s\n", archive_version_details());
	printf("hiredis: %d.%d.%d (compiled in)\n", HIREDIS_MAJOR, HIREDIS_MINOR,
	       HIREDIS_PATCH);
	printf("jansson: %s (built with %s)\n", jansson_version_str(),
	       JANSSON_VERSION);
	printf("libyaml: %s\n", yaml_get_version_string());
}

static void usage(FILE *out)
{
	fprintf(out, "usage: arbiter COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\nRun 'arbiter COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		print_version();
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "arbiter: '%s' is not a command (see 'arbiter --help')\n",
		argv[1]);
	return 2;
}
