/* cmd_verify.c - `arbiter verify`: check a problem package and judge every
 * submissions/<expected>/ entry against its expected verdict, as problem
 * setters use problemtools' verifyproblem.
 *
 * Loading the package checks it completely (problem.c).  Without a time
 * limit in the package, one is derived from the accepted submissions first.
 * Then every input validator runs on every test's .in (input_check.c):
 * each rejected input is listed with its file, and fails the verify.
 * Prints a table (or --json one object); exit 0 when every submission got
 * its expected verdict, 1 otherwise (including a broken package).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "cmd_common.h"
#include "problem_import.h"

static const char usage_text[] =
	"usage: arbiter verify [--json] [--box-id N] [--cgroup MODE] PROBLEM\n"
	"\n"
	"Check a problem package and judge every file or folder under its\n"
	"submissions/<expected>/ against the expected verdict.  PROBLEM is a\n"
	"package folder or an archive of one (.zip .tar .tar.gz .tgz .tar.xz),\n"
	"unpacked into a temporary folder with the worker's rules and caps.\n"
	"exit status: 0 all as expected, 1 otherwise, 2 usage error\n";

/* Findings of the input validators: a line each, or JSON objects. */
struct input_report {
	json_t *list; /* NULL: print */
	bool colour;
};

static void on_input_issue(void *arg, const struct judge_input_issue *is)
{
	struct input_report *rep = arg;
	char file[600], msg[JUDGE_MESSAGE_MAX];
	size_t len;

	if (is->test)
		snprintf(file, sizeof(file), "data/%s.in", is->test);
	else
		snprintf(file, sizeof(file), "input_validators/%s", is->validator);
	snprintf(msg, sizeof(msg), "%s", is->message);
	for (len = strlen(msg); len && (msg[len - 1] == '\n' || msg[len - 1] == ' ');)
		msg[--len] = '\0';
	if (rep->list) {
		json_array_append_new(rep->list,
				      json_pack("{s:s, s:s, s:s, s:s}", "file", file,
						"validator", is->validator, "status",
						is->skipped   ? "skipped"
						: is->invalid ? "invalid"
							      : "validator failed",
						"message", msg));
		return;
	}
	if (is->skipped) {
		printf("  %-40s skipped: %s\n", file, msg);
		return;
	}
	printf("  %-40s %s%s%s by input validator '%s'%s%s\n", file,
	       cmd_verdict_colour(VERDICT_WA, rep->colour),
	       is->invalid ? "INVALID" : "VALIDATOR FAILED", cmd_colour_reset(rep->colour),
	       is->validator, *msg ? ": " : "", msg);
}

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
	char *pkgtmp = NULL; /* PROBLEM was an archive: where it is unpacked */
	enum cg_mode mode = CG_MODE_AUTO;
	json_auto_t *subs = json_array();
	json_auto_t *inputs = json_array();
	struct input_report irep;
	int bad_inputs;
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
	if (cmd_problem_load(argv[optind], &prob, &pkgtmp, &err) < 0 ||
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
		problem_import_cleanup(pkgtmp);
		return 1;
	}
	if (!json)
		printf("%s: %zu tests, time limit %.3f s, %zu submissions\n",
		       prob->short_name, prob->n_tests, (double)prob->time_limit_us / 1e6,
		       prob->n_subs);
	/* Every input first, as problemtools does: a submission's verdict
	 * on an invalid input says little. */
	irep = (struct input_report){.list = json ? inputs : NULL, .colour = colour};
	bad_inputs = judge_check_inputs(&env.ctx, prob, on_input_issue, &irep, &err);
	if (bad_inputs < 0) {
		if (json)
			json_array_append_new(inputs, json_pack("{s:s, s:s}", "status",
								"error", "message", err.msg));
		else
			fprintf(stderr, "arbiter verify: input validators: %s\n", err.msg);
	} else if (!json && prob->n_input_validators) {
		printf("%s: %zu input validator(s) on %zu tests: %d finding(s)\n",
		       prob->short_name, prob->n_input_validators, prob->n_tests,
		       bad_inputs);
	}
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
			printf("  %-40s expected %-3s got %s%-3s%s %7.3f s  %s", s->name,
			       cmd_expected_name(s),
			       cmd_verdict_colour(ok ? VERDICT_AC : VERDICT_WA, colour),
			       verdict_name(j.verdict), cmd_colour_reset(colour),
			       (double)j.cpu_us / 1e6, ok ? "ok" : "MISMATCH");
			if (j.scoring) /* scoring problems: the score too */
				printf("  score %g/%g", j.score, j.max_score);
			putchar('\n');
			if (!ok && j.message[0])
				printf("      %s\n", j.message);
		}
		fflush(stdout);
		judgement_free(&j);
	}
	if (json) {
		json_auto_t *o = json_pack("{s:s, s:I, s:I, s:O, s:O, s:b}", "problem",
					   prob->short_name, "time_limit_ms",
					   (json_int_t)(prob->time_limit_us / 1000),
					   "tests", (json_int_t)prob->n_tests, "inputs", inputs,
					   "submissions", subs, "ok",
					   good == prob->n_subs && bad_inputs == 0);
		if (o)
			json_dumpf(o, stdout, JSON_COMPACT), putchar('\n');
	} else {
		printf("%s: %zu of %zu submissions got their expected verdict\n",
		       prob->short_name, good, prob->n_subs);
	}
	c = good == prob->n_subs && bad_inputs == 0 ? 0 : 1;
	cmd_env_close(&env);
	problem_free(prob);
	problem_import_cleanup(pkgtmp);
	return c;
}
