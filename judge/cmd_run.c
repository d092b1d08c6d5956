/* cmd_run.c - `arbiter run`: judge one submission locally, no Redis.
 *
 * Prints one line per test as it finishes and a final verdict line (colour
 * on a terminal only), or with --json exactly one result object (CONTRACT).
 * Exit status: 0 when a verdict was produced, whatever it is; 1 when the
 * submission could not be judged (JE); 2 on a usage error.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/units.h"
#include "cmd.h"
#include "cmd_common.h"
#include "problem_import.h"
#include "report.h"

static const char usage_text[] =
	"usage: arbiter run [--json] [--lang L] [--all] [--box-id N]\n"
	"                   [--cgroup MODE] PROBLEM SUBMISSION\n"
	"\n"
	"Judge one submission against a problem package.  PROBLEM is a package\n"
	"folder or an archive of one; SUBMISSION is a source file, a directory,\n"
	"or an archive (.zip .tar .tar.gz .tgz .tar.xz).\n"
	"\n"
	"  --json        one result object on stdout (see CONTRACT)\n"
	"  --lang L      language id (default: from the file extensions;\n"
	"                'arbiter languages' lists them)\n"
	"  --all         run every test, not only up to the first failure\n"
	"  --box-id N    sandbox slot: uid/gid 60000+N (default 0)\n"
	"  --cgroup MODE auto, v1, v2 or none (default auto)\n"
	"\n"
	"exit status: 0 a verdict was produced, 1 judge error, 2 usage error\n";

struct run_print {
	bool colour;
};

static void print_test(void *arg, size_t index, size_t total,
		       const struct judge_test *t)
{
	const struct run_print *p = arg;

	(void)index;
	(void)total;
	printf("%-24s %s%-3s%s  %7.3f s  %8llu KiB", t->name,
	       cmd_verdict_colour(t->verdict, p->colour), verdict_name(t->verdict),
	       cmd_colour_reset(p->colour), (double)t->cpu_us / 1e6,
	       (unsigned long long)t->mem_kib);
	if (t->verdict != VERDICT_AC && t->message[0])
		printf("  %s", t->message);
	putchar('\n');
	fflush(stdout);
}

static void print_human(const struct problem *prob, const struct judgement *j,
			bool colour)
{
	size_t passed = 0;

	for (size_t i = 0; i < j->n_tests; i++)
		passed += j->tests[i].verdict == VERDICT_AC;
	if (j->verdict == VERDICT_CE && j->compile_output && j->compile_output[0])
		printf("%s\n", j->compile_output);
	printf("%sverdict %s%s  (%zu/%zu tests passed, max %.3f s, %llu KiB, "
	       "time limit %.3f s)\n",
	       cmd_verdict_colour(j->verdict, colour), verdict_name(j->verdict),
	       cmd_colour_reset(colour), passed, prob->n_tests, (double)j->cpu_us / 1e6,
	       (unsigned long long)j->mem_kib, (double)j->time_limit_us / 1e6);
	if (j->message[0])
		printf("%s\n", j->message);
	/* Scoring problems: each group, then the total. */
	for (size_t i = 0; i < j->n_groups; i++)
		printf("group %-24s %-3s %8g / %g%s\n", j->groups[i].name,
		       verdict_name(j->groups[i].verdict), j->groups[i].score,
		       j->groups[i].max_score, j->groups[i].skipped ? "  (skipped)" : "");
	if (j->scoring)
		printf("score %g / %g\n", j->score, j->max_score);
}

int cmd_run(int argc, char **argv)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'j'},   {"lang", required_argument, NULL, 'l'},
		{"all", no_argument, NULL, 'a'},    {"box-id", required_argument, NULL, 'b'},
		{"cgroup", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct judge_request req = {0};
	struct problem *prob = NULL;
	char *pkgtmp = NULL; /* PROBLEM was an archive: where it is unpacked */
	struct judgement j = {0};
	struct run_print rp = {0};
	enum cg_mode mode = CG_MODE_AUTO;
	struct cmd_env env;
	struct arb_err err;
	bool json = false;
	uint64_t box = 0;
	int c, rc = CMD_EXIT_JE;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'l': req.lang_id = optarg; break;
		case 'a': req.run_all_tests = true; break;
		case 'b':
			if (units_parse_uint(optarg, SBX_BOX_ID_MAX, &box, &err) < 0) {
				fprintf(stderr, "arbiter run: --box-id: %s\n", err.msg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'c':
			if (cmd_parse_cgroup_mode(optarg, &mode) < 0) {
				fprintf(stderr, "arbiter run: --cgroup '%s': expected auto, "
					"v1, v2 or none\n", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'h': fputs(usage_text, stdout); return CMD_EXIT_OK;
		default:
			fprintf(stderr, "arbiter run: unknown option '%s'\n%s",
				argv[optind - 1], usage_text);
			return CMD_EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "arbiter run: expected PROBLEM and SUBMISSION\n%s", usage_text);
		return CMD_EXIT_USAGE;
	}
	req.path = argv[optind + 1];
	if (access(req.path, F_OK) < 0) {
		fprintf(stderr, "arbiter run: '%s': no such file or directory\n", req.path);
		return CMD_EXIT_USAGE;
	}
	if (cmd_problem_load(argv[optind], &prob, &pkgtmp, &err) < 0 ||
	    cmd_env_open(&env, (int)box, mode, &err) < 0) {
		if (json) {
			struct report_meta m = {.problem = argv[optind], .judged_at = time(NULL)};
			j.verdict = VERDICT_JE;
			snprintf(j.message, sizeof(j.message), "%s", err.msg);
			json_auto_t *o = report_json(&j, &m);
			if (o)
				json_dumpf(o, stdout, JSON_COMPACT), putchar('\n');
		} else {
			fprintf(stderr, "arbiter run: %s\n", err.msg);
		}
		problem_free(prob);
		problem_import_cleanup(pkgtmp);
		return CMD_EXIT_JE;
	}
	if (!prob->time_limit_us) {
		if (judge_derive_time_limit(&env.ctx, prob, &err) < 0) {
			/* The package's fault: a JE result like any other. */
			if (json) {
				struct report_meta m = {.problem = prob->short_name,
							.judged_at = time(NULL)};
				json_auto_t *o = NULL;

				j.verdict = VERDICT_JE;
				snprintf(j.message, sizeof(j.message), "%s", err.msg);
				o = report_json(&j, &m);
				if (o)
					json_dumpf(o, stdout, JSON_COMPACT), putchar('\n');
			} else {
				fprintf(stderr, "arbiter run: %s\n", err.msg);
			}
			goto out;
		}
		if (!json)
			fprintf(stderr, "note: the package sets no time limit; using %.0f s "
				"(slowest accepted submission x %g, rounded up)\n",
				(double)prob->time_limit_us / 1e6, prob->time_multiplier);
	}
	rp.colour = cmd_use_colour(stdout);
	if (!json) {
		env.ctx.on_test = print_test;
		env.ctx.on_test_arg = &rp;
	}
	if (judge_submission(&env.ctx, prob, &req, &j) < 0) {
		fprintf(stderr, "arbiter run: out of memory\n");
		goto out;
	}
	if (json) {
		struct report_meta m = {.problem = prob->short_name, .judged_at = time(NULL)};
		json_auto_t *o = report_json(&j, &m);

		if (o)
			json_dumpf(o, stdout, JSON_COMPACT | JSON_ENSURE_ASCII), putchar('\n');
	} else {
		print_human(prob, &j, rp.colour);
	}
	rc = j.verdict == VERDICT_JE ? CMD_EXIT_JE : CMD_EXIT_OK;
out:
	judgement_free(&j);
	cmd_env_close(&env);
	problem_free(prob);
	problem_import_cleanup(pkgtmp);
	return rc;
}
