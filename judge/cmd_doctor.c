/* cmd_doctor.c - `arbiter doctor`: is this host fit to judge?
 *
 * Runs doctor_run() (doctor.c) and prints one line per check: status,
 * name, and what it found.  With --json, stdout holds exactly one object:
 *   {"checks": [{"check", "status": "ok|info|warn|fail", "detail"}],
 *    "summary": {"ok", "info", "warn", "fail"}}
 * Exit status: 0 when no check FAILed (warnings allowed), 1 otherwise,
 * 2 on a usage error.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/units.h"
#include "cmd.h"
#include "cmd_common.h"
#include "doctor.h"
#include "sandbox/sandbox.h"

static const char usage_text[] =
	"usage: arbiter doctor [--json] [--cgroup MODE] [--box-id N]\n"
	"\n"
	"Check what on this host would make verdicts unsafe or unstable:\n"
	"privileges, cgroups and swap accounting, the kernel features the\n"
	"sandbox uses, languages, CPU frequency scaling, and the cost of one\n"
	"sandboxed run.  One line per check: ok, info, warn or FAIL.\n"
	"\n"
	"  --json          one JSON object on stdout\n"
	"  --cgroup MODE   auto, v1, v2 or none (default: auto)\n"
	"  --box-id N      box of the timing run (default: 9999)\n"
	"\n"
	"exit status: 0 nothing FAILed (warnings allowed), 1 something did,\n"
	"2 usage error\n";

static const char *status_colour(enum doctor_status s, bool colour)
{
	if (!colour)
		return "";
	switch (s) {
	case DOCTOR_OK:
		return "\033[32m";
	case DOCTOR_WARN:
		return "\033[33m";
	case DOCTOR_FAIL:
		return "\033[31m";
	default:
		return "";
	}
}

static int print_json(const struct doctor_report *rep)
{
	json_auto_t *list = json_array();
	json_auto_t *root = NULL;
	json_int_t count[DOCTOR_FAIL + 1] = {0};

	if (!list)
		return -1;
	for (size_t i = 0; i < rep->n; i++) {
		const struct doctor_check *c = &rep->checks[i];
		json_t *o = json_pack("{s:s, s:s, s:s}", "check", c->name, "status",
				      doctor_status_json(c->status), "detail",
				      c->detail);

		if (!o || json_array_append_new(list, o) < 0)
			return -1;
		count[c->status]++;
	}
	root = json_pack("{s:O, s:{s:I, s:I, s:I, s:I}}", "checks", list,
			 "summary", "ok", count[DOCTOR_OK], "info",
			 count[DOCTOR_INFO], "warn", count[DOCTOR_WARN], "fail",
			 count[DOCTOR_FAIL]);
	if (!root || json_dumpf(root, stdout, JSON_COMPACT) < 0)
		return -1;
	fputc('\n', stdout);
	return 0;
}

static void print_human(const struct doctor_report *rep)
{
	bool colour = cmd_use_colour(stdout);
	unsigned count[DOCTOR_FAIL + 1] = {0};

	for (size_t i = 0; i < rep->n; i++) {
		const struct doctor_check *c = &rep->checks[i];

		printf("%s%-4s%s  %-25s %s\n", status_colour(c->status, colour),
		       doctor_status_name(c->status), cmd_colour_reset(colour),
		       c->name, c->detail);
		count[c->status]++;
	}
	printf("\n%u ok, %u info, %u warn, %u FAIL: %s\n", count[DOCTOR_OK],
	       count[DOCTOR_INFO], count[DOCTOR_WARN], count[DOCTOR_FAIL],
	       count[DOCTOR_FAIL] ? "this host cannot judge safely"
	       : count[DOCTOR_WARN] ? "usable; the warnings may make verdicts unstable"
				    : "ready to judge");
}

int cmd_doctor(int argc, char **argv)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'j'},
		{"cgroup", required_argument, NULL, 'c'},
		{"box-id", required_argument, NULL, 'b'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct doctor_opts opts = {.cg_mode = CG_MODE_AUTO, .box_id = SBX_BOX_ID_MAX};
	static struct doctor_report rep; /* ~20 KiB: not on the stack */
	struct arb_err err;
	bool json = false;
	uint64_t v;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'c':
			if (cmd_parse_cgroup_mode(optarg, &opts.cg_mode) < 0) {
				fprintf(stderr, "arbiter doctor: --cgroup '%s': expected "
					"auto, v1, v2 or none\n", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'b':
			if (units_parse_uint(optarg, SBX_BOX_ID_MAX, &v, &err) < 0) {
				fprintf(stderr, "arbiter doctor: --box-id: %s\n", err.msg);
				return CMD_EXIT_USAGE;
			}
			opts.box_id = (int)v;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return CMD_EXIT_OK;
		default:
			fprintf(stderr, "arbiter doctor: unknown option '%s'\n%s",
				argv[optind - 1], usage_text);
			return CMD_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "arbiter doctor: unexpected argument '%s'\n%s",
			argv[optind], usage_text);
		return CMD_EXIT_USAGE;
	}
	fflush(stdout);
	doctor_run(&opts, &rep);
	if (json && print_json(&rep) < 0) {
		fprintf(stderr, "arbiter doctor: cannot encode JSON\n");
		return CMD_EXIT_JE;
	}
	if (!json)
		print_human(&rep);
	return doctor_failed(&rep) ? CMD_EXIT_JE : CMD_EXIT_OK;
}
