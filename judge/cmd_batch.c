/* cmd_batch.c - `arbiter batch`: judge a folder of submissions (one per
 * student) into results.csv, results.json and report.html.
 *
 * Options and printing only; the work is batch.c's (locally) or
 * batch_queue.c's (--redis: through the queue's workers).  Progress goes to
 * stderr: one updating line on a terminal (done/total, verdict counts,
 * ETA), one plain line per finished student otherwise.  Exit status: 0
 * when the reports were written (whatever the verdicts), 1 when the batch
 * could not be judged (a broken package, a worker that died, Redis away,
 * results missing after --timeout), 2 on a usage error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/units.h"
#include "batch.h"
#include "batch_queue.h"
#include "cmd.h"
#include "cmd_common.h"

static const char usage_text[] =
	"usage: arbiter batch [-o DIR] [--jobs N] [--rejudge] [--lang L] [--all]\n"
	"                     [--box-base N] [--cgroup MODE] PROBLEM INPUT\n"
	"       arbiter batch --redis URL [--prefix P] [--timeout S] [--no-push]\n"
	"                     [-o DIR] [--rejudge] [--lang L] [--all] PROBLEM INPUT\n"
	"\n"
	"Judge every student's submission in INPUT against PROBLEM, locally, in\n"
	"parallel.  INPUT is a folder with one entry per student (a source file,\n"
	"a folder or an archive) or an archive of such entries; the entry's name\n"
	"without its extension is the student id.  Writes DIR/results/<student>.json,\n"
	"DIR/results.csv, DIR/results.json and DIR/report.html (self-contained).\n"
	"Students that already have a result are not judged again.\n"
	"\n"
	"  -o, --output DIR  output folder (default ./batch-<problem>)\n"
	"  -j, --jobs N      worker processes (default: the number of CPUs)\n"
	"  --rejudge         judge every student again\n"
	"  --lang L          language id for every submission (default: from each\n"
	"                    submission's file extensions)\n"
	"  --all             run every test, not only up to the first failure\n"
	"  --box-base N      workers use sandbox slots N..N+jobs-1 (default 0)\n"
	"  --cgroup MODE     auto, v1, v2 or none (default auto)\n"
	"  --redis URL       judge through the queue instead: push PROBLEM to Redis,\n"
	"                    queue each student as `arbiter submit` does, and\n"
	"                    take the results from the workers\n"
	"  --prefix P        key prefix with --redis (default arbiter:)\n"
	"  --timeout S       with --redis: give up when no result came for S\n"
	"                    seconds (default 600)\n"
	"  --no-push         with --redis: do not push PROBLEM (the workers have it\n"
	"                    in their --problems folder)\n"
	"\n"
	"exit status: 0 reports written, 1 judge error, 2 usage error\n";

struct progress {
	const struct batch *b;
	bool tty, colour;
	size_t done, total;
	size_t counts[VERDICT_COUNT];
	struct timespec start;
	unsigned redis_events;
};

static double elapsed_s(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void on_done(void *arg, const struct batch_done *d)
{
	struct progress *p = arg;
	const char *student = p->b->entries[d->index].student;
	double t = elapsed_s(&p->start);

	p->done++;
	p->counts[d->verdict < VERDICT_COUNT ? d->verdict : VERDICT_JE]++;
	if (!p->tty) {
		fprintf(stderr, "[%zu/%zu] %-24s %-3s %u/%zu tests  %.3f s\n", p->done,
			p->total, student, verdict_name(d->verdict), d->passed,
			p->b->n_tests, (double)d->cpu_us / 1e6);
		return;
	}
	fprintf(stderr, "\r\033[K[%zu/%zu]", p->done, p->total);
	for (int k = 0; k < VERDICT_COUNT; k++)
		if (p->counts[k])
			fprintf(stderr, " %s%s %zu%s", cmd_verdict_colour((enum verdict)k, p->colour),
				verdict_name((enum verdict)k), p->counts[k],
				cmd_colour_reset(p->colour));
	if (p->done < p->total)
		fprintf(stderr, "  ETA %.0f s", t / (double)p->done * (double)(p->total - p->done));
	else
		fprintf(stderr, "  %.1f s\n", t);
}

/* Redis lost or back, between progress lines.  The first event is the
 * connection every run makes: not news. */
static void on_redis_event(void *arg, const char *what)
{
	struct progress *p = arg;

	if (!p->redis_events++)
		return;
	fprintf(stderr, "%sarbiter batch: %s\n", p->tty && p->done ? "\n" : "", what);
}

int cmd_batch(int argc, char **argv)
{
	enum { O_PREFIX = 256, O_TIMEOUT, O_NO_PUSH };
	static const struct option options[] = {
		{"output", required_argument, NULL, 'o'}, {"jobs", required_argument, NULL, 'j'},
		{"rejudge", no_argument, NULL, 'r'},      {"lang", required_argument, NULL, 'l'},
		{"all", no_argument, NULL, 'a'},          {"box-base", required_argument, NULL, 'b'},
		{"cgroup", required_argument, NULL, 'c'}, {"redis", required_argument, NULL, 'R'},
		{"prefix", required_argument, NULL, O_PREFIX},
		{"timeout", required_argument, NULL, O_TIMEOUT},
		{"no-push", no_argument, NULL, O_NO_PUSH},
		{"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
	};
	struct batch_opts o = {.cg_mode = CG_MODE_AUTO};
	struct batch_queue_opts q = {.timeout_s = 600, .push_problem = true};
	bool queue = false, queue_failed = false;
	struct progress p = {0};
	struct batch b = {0};
	char *out_default = NULL;
	struct arb_err err;
	uint64_t n;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int c, rc = CMD_EXIT_JE;

	o.jobs = cpus > 0 ? (unsigned)cpus : 1;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+o:j:h", options, NULL)) != -1) {
		switch (c) {
		case 'o': o.out_dir = optarg; break;
		case 'j':
			if (units_parse_uint(optarg, 256, &n, &err) < 0 || !n) {
				fprintf(stderr, "arbiter batch: --jobs '%s': expected 1 to 256\n", optarg);
				return CMD_EXIT_USAGE;
			}
			o.jobs = (unsigned)n;
			break;
		case 'r': o.rejudge = true; break;
		case 'l': o.lang_id = optarg; break;
		case 'a': o.run_all_tests = true; break;
		case 'b':
			if (units_parse_uint(optarg, SBX_BOX_ID_MAX, &n, &err) < 0) {
				fprintf(stderr, "arbiter batch: --box-base: %s\n", err.msg);
				return CMD_EXIT_USAGE;
			}
			o.box_base = (unsigned)n;
			break;
		case 'c':
			if (cmd_parse_cgroup_mode(optarg, &o.cg_mode) < 0) {
				fprintf(stderr, "arbiter batch: --cgroup '%s': expected auto, "
					"v1, v2 or none\n", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		case 'R': queue = true; q.redis_url = optarg; break;
		case O_PREFIX: q.prefix = optarg; break;
		case O_TIMEOUT: {
			char *end;

			q.timeout_s = strtod(optarg, &end);
			if (*end || !(q.timeout_s > 0) || q.timeout_s > 1e7) {
				fprintf(stderr, "arbiter batch: --timeout '%s': expected "
					"seconds\n", optarg);
				return CMD_EXIT_USAGE;
			}
			break;
		}
		case O_NO_PUSH: q.push_problem = false; break;
		case 'h': fputs(usage_text, stdout); return CMD_EXIT_OK;
		default:
			fprintf(stderr, "arbiter batch: unknown option '%s'\n%s",
				argv[optind - 1], usage_text);
			return CMD_EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "arbiter batch: expected PROBLEM and INPUT\n%s", usage_text);
		return CMD_EXIT_USAGE;
	}
	if (o.box_base + o.jobs - 1 > SBX_BOX_ID_MAX) {
		fprintf(stderr, "arbiter batch: --box-base %u + --jobs %u: past box %d\n",
			o.box_base, o.jobs, SBX_BOX_ID_MAX);
		return CMD_EXIT_USAGE;
	}
	if (queue) {
		/* A malformed URL or prefix is a usage error, not a judge error. */
		if (batch_queue_check(&q, &err) < 0) {
			fprintf(stderr, "arbiter batch: %s\n", err.msg);
			return CMD_EXIT_USAGE;
		}
	}
	o.problem_dir = argv[optind];
	o.input = argv[optind + 1];
	if (access(o.input, F_OK) < 0) {
		fprintf(stderr, "arbiter batch: '%s': no such file or directory\n", o.input);
		return CMD_EXIT_USAGE;
	}
	if (!o.out_dir) {
		/* The package's folder name: problem_load() takes the same. */
		const char *pd = o.problem_dir;
		size_t len = strlen(pd);
		const char *base;

		while (len > 1 && pd[len - 1] == '/')
			len--;
		base = memrchr(pd, '/', len);
		base = base ? base + 1 : pd;
		if (asprintf(&out_default, "batch-%.*s", (int)(pd + len - base), base) < 0)
			return CMD_EXIT_JE;
		o.out_dir = out_default;
	}

	if (batch_prepare(&o, &b, &err) < 0) {
		fprintf(stderr, "arbiter batch: %s\n", err.msg);
		goto out;
	}
	p.b = &b;
	p.total = b.n_pending;
	p.tty = isatty(STDERR_FILENO);
	p.colour = cmd_use_colour(stderr);
	clock_gettime(CLOCK_MONOTONIC, &p.start);
	o.on_done = on_done;
	o.on_done_arg = &p;
	fprintf(stderr, "%zu students, %zu to judge", b.n_entries, b.n_pending);
	if (b.n_pending < b.n_entries)
		fprintf(stderr, " (%zu already judged; --rejudge to judge them again)",
			b.n_entries - b.n_pending);
	if (b.n_pending && queue)
		fprintf(stderr, ", through the queue");
	else if (b.n_pending)
		fprintf(stderr, ", %u workers", o.jobs < b.n_pending ? o.jobs : (unsigned)b.n_pending);
	fputc('\n', stderr);
	if (queue) {
		q.on_event = on_redis_event;
		q.on_event_arg = &p;
		/* The results that came are on disk: report them anyway. */
		if (batch_queue_judge(&o, &q, &b, &err) < 0) {
			fprintf(stderr, "%sarbiter batch: %s\n", p.tty && p.done ? "\n" : "",
				err.msg);
			if (!p.done)
				goto out; /* nothing new to report */
			queue_failed = true;
		}
	} else if (batch_judge(&o, &b, &err) < 0) {
		fprintf(stderr, "%sarbiter batch: %s\n", p.tty && p.done ? "\n" : "", err.msg);
		goto out;
	}
	if (p.tty && p.done && p.done < p.total && !queue_failed)
		fputc('\n', stderr);
	if (batch_load_results(&o, &b, &err) < 0 || batch_write_reports(&o, &b, &err) < 0) {
		fprintf(stderr, "arbiter batch: %s\n", err.msg);
		goto out;
	}
	if (b.workers_failed) {
		fprintf(stderr, "arbiter batch: %u worker(s) died; run again to judge the "
			"students left without a result\n", b.workers_failed);
	} else if (queue_failed) {
		fprintf(stderr, "arbiter batch: %zu student(s) left without a result; run "
			"again to queue them again\n", p.total - p.done);
	} else {
		rc = CMD_EXIT_OK;
	}
	printf("%s/results.csv\n%s/results.json\n%s/report.html\n", o.out_dir,
	       o.out_dir, o.out_dir);
out:
	batch_free(&b);
	free(out_default);
	return rc;
}
