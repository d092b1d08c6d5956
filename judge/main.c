/* main.c - the arbiter binary: a git-style table of subcommands.
 *
 * Each subcommand lives in its own cmd_*.c and only parses options and
 * prints; the work is done by the library behind it.
 */
#include <stdio.h>
#include <string.h>

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
		printf("arbiter %s\n", ARBITER_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "arbiter: '%s' is not a command (see 'arbiter --help')\n",
		argv[1]);
	return 2;
}
