/* cmd_submit.c - `arbiter submit`: put one submission on the queue and,
 * with --wait, print its result when a worker has judged it.
 *
 * FILE is one source file (sent under its own name, so Hello.java stays
 * Hello.java), several files, a folder (its regular files, by relative
 * path), or an archive (sent as is, base64).  The language comes from
 * --lang or the extensions (policies/languages.yaml).  --wait follows the
 * results stream from just before the submission, so the result is seen
 * the moment it is appended; its exit status is `run`'s: 0 for a verdict,
 * 1 for JE (or no result within --timeout), 2 for a usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/clock.h"
#include "base/units.h"
#include "client.h"
#include "cmd.h"
#include "cmd_common.h"
#include "msg.h"
#include "rconn.h"
#include "stream.h"

static const char usage_text[] =
	"usage: arbiter submit [--redis URL] [--prefix P] --problem P [--lang L]\n"
	"                      [--id ID] [--time-ms N] [--memory-kb N] [--output-kb N]\n"
	"                      [--all] [--meta JSON] [--wait [--json] [--timeout S]] FILE...\n"
	"\n"
	"Enqueue a submission: a source file, several files, a folder or an\n"
	"archive (.zip .tar .tar.gz .tgz .tar.xz).\n"
	"  --redis URL    default $ARBITER_REDIS or redis://127.0.0.1:6379\n"
	"  --id ID        submission id (default: generated, printed)\n"
	"  --time-ms, --memory-kb, --output-kb   lower the problem's limits\n"
	"  --all          run every test, not only up to the first failure\n"
	"  --meta JSON    echoed back in the result\n"
	"  --wait         wait for the result and print it (--json: as JSON)\n"
	"  --timeout S    give up waiting after S seconds (default 600)\n"
	"exit status: 0 enqueued (or a verdict with --wait), 1 JE, timeout or\n"
	"Redis error, 2 usage error\n";

static void print_result(json_t *r, bool colour)
{
	json_t *tests = json_object_get(r, "tests"), *t;
	const char *verdict = json_string_value(json_object_get(r, "verdict"));
	const char *msg = json_string_value(json_object_get(r, "message"));
	const char *out = json_string_value(json_object_get(json_object_get(r, "compile"),
							    "output"));
	size_t i, passed = 0;
	int v = verdict_from_name(verdict ? verdict : "JE");

	json_array_foreach(tests, i, t) {
		const char *tv = json_string_value(json_object_get(t, "verdict"));
		const char *tm = json_string_value(json_object_get(t, "message"));
		int tvv = verdict_from_name(tv ? tv : "JE");

		passed += tvv == VERDICT_AC;
		printf("%-24s %s%-3s%s  %7.3f s  %8lld KiB",
		       json_string_value(json_object_get(t, "name")),
		       cmd_verdict_colour((enum verdict)(tvv < 0 ? VERDICT_JE : tvv), colour),
		       tv ? tv : "?", cmd_colour_reset(colour),
		       (double)json_integer_value(json_object_get(t, "time_ms")) / 1e3,
		       json_integer_value(json_object_get(t, "memory_kb")));
		if (tvv != VERDICT_AC && tm && *tm)
			printf("  %s", tm);
		putchar('\n');
	}
	if (verdict && !strcmp(verdict, "CE") && out && *out)
		printf("%s\n", out);
	printf("%sverdict %s%s  (%zu/%zu tests passed, max %.3f s, %lld KiB)\n",
	       cmd_verdict_colour((enum verdict)(v < 0 ? VERDICT_JE : v), colour),
	       verdict ? verdict : "?", cmd_colour_reset(colour), passed,
	       json_array_size(tests),
	       (double)json_integer_value(json_object_get(r, "time_ms")) / 1e3,
	       json_integer_value(json_object_get(r, "memory_kb")));
	if (msg && *msg)
		printf("%s\n", msg);
}

/* Follow the results stream from TAIL until ID's result, or the timeout. */
static json_t *wait_result(struct rconn *c, const struct stream_keys *k, const char *id,
			   char *tail, size_t tail_len, double timeout_s,
			   struct arb_err *err)
{
	uint64_t t0 = mono_ms();

	for (;;) {
		json_t *found = client_result_get(c, k, id, err);

		if (found)
			return found;
		if ((double)(mono_ms() - t0) >= timeout_s * 1000) {
			arb_fail(err, ARB_E_INTERNAL, 0, "no result for '%s' after %.0f s", id,
				 timeout_s);
			return NULL;
		}
		/* Only the stream's progress matters here; the loop's GET
		 * finds ours. */
		if (client_results_read(c, k, tail, tail_len, 1000, NULL, NULL, err) < 0)
			rconn_backoff(c, NULL);
	}
}

int cmd_submit(int argc, char **argv)
{
	enum { O_TIME = 256, O_MEM, O_OUT, O_META, O_TIMEOUT, O_PREFIX };
	static const struct option options[] = {
		{"redis", required_argument, NULL, 'r'},
		{"prefix", required_argument, NULL, O_PREFIX},
		{"problem", required_argument, NULL, 'p'},
		{"lang", required_argument, NULL, 'l'},
		{"id", required_argument, NULL, 'i'},
		{"time-ms", required_argument, NULL, O_TIME},
		{"memory-kb", required_argument, NULL, O_MEM},
		{"output-kb", required_argument, NULL, O_OUT},
		{"all", no_argument, NULL, 'a'},
		{"meta", required_argument, NULL, O_META},
		{"wait", no_argument, NULL, 'w'},
		{"json", no_argument, NULL, 'j'},
		{"timeout", required_argument, NULL, O_TIMEOUT},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *url_s = redis_url_default(), *prefix = "arbiter:";
	struct rconn_opts ro = {.command_timeout_ms = 30000};
	struct redis_url url;
	struct stream_keys keys;
	struct rconn *rc = NULL;
	struct job job;
	struct arb_err err;
	json_auto_t *msg = NULL;
	json_auto_t *result = NULL;
	_cleanup_free_ char *text = NULL;
	_cleanup_reply_ redisReply *r = NULL;
	char tail[64], gen_id[64];
	bool wait = false, json = false;
	double timeout_s = 600;
	uint64_t v;
	int c, status = CMD_EXIT_JE;

	memset(&job, 0, sizeof(job));
	memset(&url, 0, sizeof(url));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		switch (c) {
		case 'r': url_s = optarg; break;
		case O_PREFIX: prefix = optarg; break;
		case 'p': free(job.problem); job.problem = strdup(optarg); break;
		case 'l': free(job.language); job.language = strdup(optarg); break;
		case 'i': free(job.id); job.id = strdup(optarg); break;
		case 'a': job.run_all_tests = true; break;
		case 'w': wait = true; break;
		case 'j': json = true; break;
		case O_TIME: case O_MEM: case O_OUT:
			if (units_parse_uint(optarg, UINT32_MAX, &v, &err) < 0 || v == 0) {
				fprintf(stderr, "arbiter submit: %s: expected a positive number\n",
					argv[optind - 1]);
				goto usage;
			}
			if (c == O_TIME)
				job.time_limit_us = v * 1000;
			else if (c == O_MEM)
				job.memory_bytes = v * 1024;
			else
				job.output_bytes = v * 1024;
			break;
		case O_META:
			json_decref(job.meta);
			job.meta = json_loads(optarg, JSON_DECODE_ANY, NULL);
			if (!job.meta) {
				fprintf(stderr, "arbiter submit: --meta: not JSON\n");
				goto usage;
			}
			break;
		case O_TIMEOUT:
			timeout_s = strtod(optarg, NULL);
			if (!(timeout_s > 0)) {
				fprintf(stderr, "arbiter submit: --timeout: expected seconds\n");
				goto usage;
			}
			break;
		case 'h': fputs(usage_text, stdout); job_free(&job); return CMD_EXIT_OK;
		default:
			fprintf(stderr, "arbiter submit: unknown option '%s'\n", argv[optind - 1]);
			goto usage;
		}
	}
	if (!job.problem || optind >= argc) {
		fprintf(stderr, "arbiter submit: expected --problem and FILE\n");
		goto usage;
	}
	if (!job.id) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		snprintf(gen_id, sizeof(gen_id), "s-%lld%06ld-%d", (long long)ts.tv_sec,
			 ts.tv_nsec / 1000, getpid());
		job.id = strdup(gen_id);
	}
	if (client_job_from_paths(&job, argv + optind, argc - optind, &err) < 0 ||
	    (!job.language && client_job_language(&job, &err) < 0)) {
		fprintf(stderr, "arbiter submit: %s\n", err.msg);
		job_free(&job);
		return CMD_EXIT_USAGE;
	}
	if (redis_url_parse(url_s, &url, &err) < 0 ||
	    stream_keys_init(&keys, prefix, &err) < 0) {
		fprintf(stderr, "arbiter submit: %s\n", err.msg);
		goto usage;
	}
	msg = msg_encode(&job);
	if (!msg && errno == EILSEQ) {
		/* JSON strings are UTF-8: other bytes travel as an archive. */
		if (client_job_to_archive(&job, &err) < 0) {
			fprintf(stderr, "arbiter submit: %s\n", err.msg);
			goto out;
		}
		msg = msg_encode(&job);
	}
	text = msg ? json_dumps(msg, JSON_COMPACT) : NULL;
	if (!text || rconn_new(&url, &ro, &rc, &err) < 0) {
		fprintf(stderr, "arbiter submit: out of memory\n");
		goto out;
	}
	if (wait && client_results_tail(rc, &keys, tail, sizeof(tail), &err) < 0) {
		fprintf(stderr, "arbiter submit: %s\n", err.msg);
		goto out;
	}
	r = rconn_command(rc, &err, "XADD %s * submission %s", keys.submissions, text);
	if (!r || r->type != REDIS_REPLY_STRING) {
		fprintf(stderr, "arbiter submit: %s\n",
			r ? (r->type == REDIS_REPLY_ERROR ? r->str : "unexpected reply") : err.msg);
		goto out;
	}
	if (!wait) {
		printf("%s\n", job.id);
		status = CMD_EXIT_OK;
		goto out;
	}
	result = wait_result(rc, &keys, job.id, tail, sizeof(tail), timeout_s, &err);
	if (!result) {
		fprintf(stderr, "arbiter submit: %s\n", err.msg);
		goto out;
	}
	if (json) {
		json_dumpf(result, stdout, JSON_COMPACT);
		putchar('\n');
	} else {
		print_result(result, cmd_use_colour(stdout));
	}
	{
		const char *verdict = json_string_value(json_object_get(result, "verdict"));

		status = verdict && strcmp(verdict, "JE") ? CMD_EXIT_OK : CMD_EXIT_JE;
	}
out:
	rconn_free(rc);
	redis_url_free(&url);
	job_free(&job);
	return status;
usage:
	fputs(usage_text, stderr);
	redis_url_free(&url);
	job_free(&job);
	return CMD_EXIT_USAGE;
}
