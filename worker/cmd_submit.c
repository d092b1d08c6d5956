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
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/clock.h"
#include "base/fsutil.h"
#include "base/units.h"
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

/* The whole of a regular file, capped at the message limit. */
static int read_file(const char *path, char **data, size_t *len, struct arb_err *err)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return arb_fail(err, ARB_E_REQUEST, errno, "'%s'", path);
	if (fsutil_read_fd(fd, MSG_MAX_SOURCE_BYTES, path, data, len, err) < 0) {
		err->kind = ARB_E_REQUEST;
		return -1;
	}
	return 0;
}

static int add_file(struct job *job, const char *name, const char *path,
		    struct arb_err *err)
{
	struct job_file *f;

	if (job->n_files >= MSG_MAX_FILES)
		return arb_fail(err, ARB_E_REQUEST, 0, "more than %d files", MSG_MAX_FILES);
	f = realloc(job->files, (job->n_files + 1) * sizeof(*f));
	if (!f)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "files");
	job->files = f;
	f = &job->files[job->n_files];
	memset(f, 0, sizeof(*f));
	f->name = strdup(name);
	if (!f->name)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "files");
	job->n_files++;
	return read_file(path, &f->data, &f->len, err);
}

/* nftw has no user argument: the walk's state, per thread. */
static __thread struct {
	struct job *job;
	size_t root_len;
	struct arb_err *err;
	int rc;
} walk;

static int walk_visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag != FTW_F || !S_ISREG(st->st_mode))
		return 0; /* folders are implied; links and the like are left out */
	if (add_file(walk.job, path + walk.root_len + 1, path, walk.err) < 0) {
		walk.rc = -1;
		return 1;
	}
	return 0;
}

static int build_job(struct job *job, char **paths, int n, struct arb_err *err)
{
	struct stat st;

	if (n == 1 && stat(paths[0], &st) == 0 && S_ISDIR(st.st_mode)) {
		size_t len = strlen(paths[0]);

		while (len > 1 && paths[0][len - 1] == '/')
			len--;
		job->kind = JOB_FILES;
		walk.job = job;
		walk.root_len = len;
		walk.err = err;
		walk.rc = 0;
		if (nftw(paths[0], walk_visit, 32, FTW_PHYS) < 0)
			return arb_fail(err, ARB_E_REQUEST, errno, "'%s'", paths[0]);
		if (walk.rc < 0)
			return -1;
		if (!job->n_files)
			return arb_fail(err, ARB_E_REQUEST, 0, "'%s': no files", paths[0]);
		return 0;
	}
	if (n == 1 && intake_is_archive_name(paths[0])) {
		job->kind = JOB_ARCHIVE;
		return read_file(paths[0], (char **)&job->archive, &job->archive_len, err);
	}
	job->kind = JOB_FILES;
	for (int i = 0; i < n; i++) {
		const char *base = strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1 : paths[i];

		if (add_file(job, base, paths[i], err) < 0)
			return -1;
	}
	return 0;
}

/* The language from the file names when --lang was not given. */
static int detect_language(struct job *job, struct arb_err *err)
{
	struct lang_table *langs = NULL;
	const struct language *l = NULL;
	_cleanup_free_ char **names = NULL;
	int rc;

	struct intake_result res = {0};

	if (job->kind == JOB_ARCHIVE) {
		/* The names inside, by unpacking it as a worker would (every
		 * refusal rule applies here too) into a scratch dir. */
		char tmp[] = "/tmp/arbiter-submit-XXXXXX";

		if (!mkdtemp(tmp))
			return arb_fail(err, ARB_E_INTERNAL, errno, "mkdtemp");
		rc = intake_archive_mem(job->archive, job->archive_len, tmp, NULL, &res, err);
		fsutil_rm_rf(tmp);
		if (rc < 0)
			return -1;
		names = calloc(res.n_files + 1, sizeof(*names));
		for (size_t i = 0; names && i < res.n_files; i++)
			names[i] = res.files[i];
	} else {
		names = calloc(job->n_files + 1, sizeof(*names));
		for (size_t i = 0; names && i < job->n_files; i++)
			names[i] = job->files[i].name;
	}
	if (!names || lang_load(NULL, &langs, err) < 0) {
		intake_result_free(&res);
		return names ? -1 : arb_fail(err, ARB_E_INTERNAL, ENOMEM, "names");
	}
	rc = lang_detect(langs, NULL, names, &l, err);
	intake_result_free(&res);
	if (rc == 0 && !(job->language = strdup(l->id)))
		rc = arb_fail(err, ARB_E_INTERNAL, ENOMEM, "language");
	lang_table_free(langs);
	return rc;
}

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

/* The id of the last entry of the results stream, "0-0" when empty. */
static int results_tail(struct rconn *c, const struct stream_keys *k, char *id,
			size_t len, struct arb_err *err)
{
	_cleanup_reply_ redisReply *r = rconn_command(c, err, "XREVRANGE %s + - COUNT 1",
						      k->results);

	if (!r)
		return -1;
	snprintf(id, len, "0-0");
	if (r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
	    r->element[0]->type == REDIS_REPLY_ARRAY && r->element[0]->elements >= 1)
		snprintf(id, len, "%s", r->element[0]->element[0]->str);
	return 0;
}

/* The stored result of ID, or NULL. */
static json_t *stored_result(struct rconn *c, const struct stream_keys *k, const char *id,
			     struct arb_err *err)
{
	_cleanup_reply_ redisReply *r = rconn_command(c, err, "GET %sresult:%s", k->prefix, id);

	if (!r || r->type != REDIS_REPLY_STRING)
		return NULL;
	return json_loadb(r->str, r->len, 0, NULL);
}

/* Follow the results stream from TAIL until ID's result, or the timeout. */
static json_t *wait_result(struct rconn *c, const struct stream_keys *k, const char *id,
			   char *tail, size_t tail_len, double timeout_s,
			   struct arb_err *err)
{
	uint64_t t0 = mono_ms();

	for (;;) {
		_cleanup_reply_ redisReply *r = NULL;
		json_t *found = stored_result(c, k, id, err);

		if (found)
			return found;
		if ((double)(mono_ms() - t0) >= timeout_s * 1000) {
			arb_fail(err, ARB_E_INTERNAL, 0, "no result for '%s' after %.0f s", id,
				 timeout_s);
			return NULL;
		}
		r = rconn_command(c, err, "XREAD COUNT 100 BLOCK 1000 STREAMS %s %s", k->results,
				  tail);
		if (!r) {
			rconn_backoff(c, NULL);
			continue;
		}
		/* [[stream, [[id, [result, json]], ...]]]: only the newest
		 * id matters here; the loop's GET finds ours. */
		if (r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
		    r->element[0]->elements == 2) {
			const redisReply *es = r->element[0]->element[1];

			if (es->elements > 0)
				snprintf(tail, tail_len, "%s", es->element[es->elements - 1]->element[0]->str);
		}
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
	if (build_job(&job, argv + optind, argc - optind, &err) < 0 ||
	    (!job.language && detect_language(&job, &err) < 0)) {
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
		fprintf(stderr, "arbiter submit: a file is not valid UTF-8; "
			"send the submission as an archive (.zip, .tar.gz)\n");
		goto out;
	}
	text = msg ? json_dumps(msg, JSON_COMPACT) : NULL;
	if (!text || rconn_new(&url, &ro, &rc, &err) < 0) {
		fprintf(stderr, "arbiter submit: out of memory\n");
		goto out;
	}
	if (wait && results_tail(rc, &keys, tail, sizeof(tail), &err) < 0) {
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
