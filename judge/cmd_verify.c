/* cmd_verify.c - `arbiter verify`: check a problem package and judge every
 * submissions/<expected>/ entry against its expected verdict, as problem
 * setters use problemtools' verifyproblem.
 *
 * Loading the package checks it completely (problem.c).  Without a time
 * limit in the package, one is derived from the accepted submissions first.
 * Prints a table (or --json one object); exit 0 when every submission got
 * its expected verdict, 1 otherwise (including a broken package).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "cmd_common.h"

static const char usage_text[] =
	"usage: arbiter verify [--json] [--box-id N] [--cgroup MODE] PROBLEM\n"
	"\n"
	"Check a problem package and judge every file or folder under its\n"
	"submissions/<expected>/ against the expected verdict.\n"
	"exit status: 0 all as expected, 1 otherwise, 2 usage error\n";

int cmd_verify(int argc, char **argv)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'j'},
		{"box-id", required_argument, NULL, 'b'},
		{"cgroup", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct problem *prob = NULL;
	enum cg_mode mode = CG_MODE_AUTO;
	json_auto_t *subs = json_array();
	struct cmd_env env = {0};
	struct arb_err err;
	size_t good = 0;
	uint64_t box = 0;
	bool json = false, colour, env_open = false;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'b':
		case 'c':
			if (cmd_parse_slot_option("verify", c, optarg, &box, &mode) < 0)
				return CMD_EXIT_USAGE;
			break;
		case 'h': fputs(usage_text, stdout); return CMD_EXIT_OK;
		default:
			fprintf(stderr, "arbiter verify: unknown option '%s'\n%s",
				argv[optind - 1], usage_text);
			return CMD_EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "arbiter verify: expected one PROBLEM\n%s", usage_text);
		return CMD_EXIT_USAGE;
	}
	colour = !json && cmd_use_colour(stdout);
	if (problem_load(argv[optind], &prob, &err) < 0 ||
	    (env_open = cmd_env_open(&env, (int)box, mode, &err) == 0) == false ||
	    judge_derive_time_limit(&env.ctx, prob, &err) < 0) {
		if (json) {
			json_auto_t *o = json_pack("{s:s, s:b, s:s}", "problem", argv[optind],
						   "ok", 0, "message", err.msg);
			if (o)
				json_dumpf(o, stdout, JSON_COMPACT), putchar('\n');
		} else {
			fprintf(stderr, "arbiter verify: %s\n", err.msg);
		}
		if (env_open)
			cmd_env_close(&env);
		problem_free(prob);
		return 1;
	}
	if (!json)
		printf("%s: %zu tests, time limit %.3f s, %zu submissions\n",
		       prob->short_name, prob->n_tests, (double)prob->time_limit_us / 1e6,
		       prob->n_subs);
	for (size_t i = 0; i < prob->n_subs; i++) {
		const struct problem_submission *s = &prob->subs[i];
		struct judgement j;
		int ok = cmd_judge_expected(&env.ctx, prob, s, &j);

		if (ok < 0)
			break;
		good += (size_t)ok;
		if (json) {
			json_array_append_new(subs, cmd_expected_json(s, &j, ok));
		} else {
			printf("  %-40s expected %-3s got %s%-3s%s %7.3f s  %s\n", s->name,
			       verdict_name((enum verdict)s->expected),
			       cmd_verdict_colour(ok ? VERDICT_AC : VERDICT_WA, colour),
			       verdict_name(j.verdict), cmd_colour_reset(colour),
			       (double)j.cpu_us / 1e6, ok ? "ok" : "MISMATCH");
			if (!ok && j.message[0])
				printf("      %s\n", j.message);
		}
		fflush(stdout);
		judgement_free(&j);
	}
	if (json) {
		json_auto_t *o = json_pack("{s:s, s:I, s:I, s:O, s:b}", "problem",
					   prob->short_name, "time_limit_ms",
					   (json_int_t)(prob->time_limit_us / 1000),
					   "tests", (json_int_t)prob->n_tests, "submissions",
					   subs, "ok", good == prob->n_subs);
		if (o)
			json_dumpf(o, stdout, JSON_COMPACT), putchar('\n');
	} else {
		printf("%s: %zu of %zu submissions got their expected verdict\n",
		       prob->short_name, good, prob->n_subs);
	}
	c = good == prob->n_subs ? 0 : 1;
	cmd_env_close(&env);
	problem_free(prob);
	return c;
}
