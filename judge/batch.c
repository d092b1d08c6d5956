/* batch.c - `arbiter batch`: list the students, judge them in parallel,
 * collect their results; see batch.h.
 *
 * The parent loads the problem and, before forking, derives its time limit
 * once (so every worker judges with the same limit and the accepted
 * submissions run only once).  It then forks N workers.  Each pulls the
 * next student from a counter in shared memory (an atomic fetch-and-add:
 * no student is judged twice, a fast worker takes more), judges it in its
 * own sandbox slot (box box_base + k) and writes the result JSON to a
 * temporary file that it renames into results/: a result is either
 * complete or absent, so a killed batch resumes cleanly.  Workers tell the
 * parent about each student over a pipe, in records smaller than PIPE_BUF
 * (atomic writes, never interleaved).
 */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/fsutil.h"
#include "base/text.h"
#include "cmd_common.h"
#include "intake.h"
#include "problem.h"
#include "report.h"

/* A student id is a file name: leave room for ".json" and the temporary
 * file's suffix within NAME_MAX. */
#define STUDENT_ID_MAX 200

_Static_assert(sizeof(struct batch_done) <= PIPE_BUF,
	       "a progress record must be written atomically");

/*** Students ***/

char *batch_student_id(const char *name, bool is_dir)
{
	static const char *const double_ext[] = {".tar.gz", ".tar.xz", ".tar.bz2"};
	size_t len = strlen(name);
	char *id;

	if (!is_dir) {
		const char *dot = strrchr(name, '.');
		bool cut = false;

		for (size_t i = 0; i < sizeof(double_ext) / sizeof(*double_ext); i++) {
			size_t el = strlen(double_ext[i]);
			if (len > el && !strcmp(name + len - el, double_ext[i])) {
				len -= el;
				cut = true;
				break;
			}
		}
		if (!cut && dot && dot != name)
			len = (size_t)(dot - name);
	}
	if (len > STUDENT_ID_MAX)
		len = STUDENT_ID_MAX;
	/* Names are hostile: valid UTF-8, no control characters (they reach
	 * a terminal and a JSON string), and no line breaks either. */
	id = text_sanitize(name, len, STUDENT_ID_MAX * 3 + 16);
	if (!id)
		return NULL;
	for (char *p = id; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = '_';
	return id;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct batch_entry *x = a, *y = b;

	return strcmp(x->student, y->student);
}

static int add_entry(struct batch *b, size_t *cap, const char *dir,
		     const char *name, bool is_dir, struct arb_err *err)
{
	struct batch_entry *e;

	if (b->n_entries == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		void *p = realloc(b->entries, ncap * sizeof(*b->entries));
		if (!p)
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "students");
		b->entries = p;
		*cap = ncap;
	}
	e = &b->entries[b->n_entries];
	memset(e, 0, sizeof(*e));
	if (asprintf(&e->path, "%s/%s", dir, name) < 0) {
		e->path = NULL;
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "students");
	}
	e->student = batch_student_id(name, is_dir);
	b->n_entries++;
	if (!e->student)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "students");
	return 0;
}

/* Two entries with one id (alice.c and alice.py): both keep their full
 * file names instead, so neither result overwrites the other. */
static int disambiguate(struct batch *b, struct arb_err *err)
{
	qsort(b->entries, b->n_entries, sizeof(*b->entries), entry_cmp);
	for (size_t i = 0; i + 1 < b->n_entries; i++) {
		size_t j = i + 1;

		if (strcmp(b->entries[i].student, b->entries[j].student))
			continue;
		while (j < b->n_entries &&
		       !strcmp(b->entries[i].student, b->entries[j].student))
			j++;
		for (size_t k = i; k < j; k++) {
			const char *base = strrchr(b->entries[k].path, '/') + 1;
			char *id = batch_student_id(base, true);
			if (!id)
				return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "students");
			free(b->entries[k].student);
			b->entries[k].student = id;
		}
		i = j - 1;
	}
	qsort(b->entries, b->n_entries, sizeof(*b->entries), entry_cmp);
	for (size_t i = 0; i + 1 < b->n_entries; i++)
		if (!strcmp(b->entries[i].student, b->entries[i + 1].student))
			return arb_fail(err, ARB_E_REQUEST, 0,
					"two entries are both student '%s'",
					b->entries[i].student);
	return 0;
}

static int list_students(const char *root, struct batch *b, struct arb_err *err)
{
	_cleanup_closedir_ DIR *d = opendir(root);
	struct dirent *de;
	size_t cap = 0;

	if (!d)
		return arb_fail(err, ARB_E_REQUEST, errno, "opendir '%s'", root);
	while ((errno = 0, de = readdir(d))) {
		_cleanup_free_ char *p = NULL;
		struct stat st;

		/* Hidden entries (., .., .git, .DS_Store) are nobody's work. */
		if (de->d_name[0] == '.')
			continue;
		if (asprintf(&p, "%s/%s", root, de->d_name) < 0) {
			p = NULL;
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "students");
		}
		if (stat(p, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))
			continue;
		if (add_entry(b, &cap, root, de->d_name, S_ISDIR(st.st_mode), err) < 0)
			return -1;
	}
	if (errno)
		return arb_fail(err, ARB_E_INTERNAL, errno, "readdir '%s'", root);
	if (!b->n_entries)
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s': no submissions", root);
	return disambiguate(b, err);
}

/* An archive of entries is unpacked with the intake rules (no links, no
 * "..", caps), with caps sized for a class rather than one submission. */
static int unpack_input(const char *input, struct batch *b, const char **root,
			struct arb_err *err)
{
	struct intake_limits lim = {
		.max_entries = 100000,
		.max_file_bytes = 64ull << 20,
		.max_total_bytes = 2ull << 30,
		.max_ratio = 200,
		.max_depth = 24,
	};
	struct intake_result res = {0};
	const char *tmp = getenv("TMPDIR");
	_cleanup_free_ char *in = NULL;

	if (asprintf(&b->scratch, "%s/arbiter-batch-XXXXXX", tmp && *tmp ? tmp : "/tmp") < 0) {
		b->scratch = NULL;
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "scratch dir");
	}
	if (!mkdtemp(b->scratch)) {
		int e = errno;
		free(b->scratch);
		b->scratch = NULL;
		return arb_fail(err, ARB_E_INTERNAL, e, "mkdtemp");
	}
	if (asprintf(&in, "%s/in", b->scratch) < 0) {
		in = NULL;
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "scratch dir");
	}
	if (mkdir(in, 0700) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "mkdir '%s'", in);
	if (intake_path(input, in, &lim, &res, err) < 0) {
		intake_result_free(&res);
		return arb_err_prefix(err, "'%s'", input);
	}
	intake_result_free(&res);
	*root = steal_ptr(&in);
	return 0;
}

static int mkdir_p1(const char *path, struct arb_err *err)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return arb_fail(err, ARB_E_REQUEST, errno, "mkdir '%s'", path);
	return 0;
}

int batch_prepare(const struct batch_opts *opts, struct batch *b,
		  struct arb_err *err)
{
	_cleanup_free_ char *results = NULL;
	_cleanup_free_ char *unpacked = NULL;
	struct problem *prob = NULL;
	const char *root = opts->input;
	struct stat st;

	memset(b, 0, sizeof(*b));
	if (problem_load(opts->problem_dir, &prob, err) < 0)
		return -1;
	b->prob = prob;
	b->problem = strdup(prob->short_name);
	b->problem_title = strdup(prob->name ? prob->name : prob->short_name);
	b->test_names = calloc(prob->n_tests + 1, sizeof(*b->test_names));
	if (!b->problem || !b->problem_title || !b->test_names)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "problem");
	for (size_t i = 0; i < prob->n_tests; i++) {
		if (!(b->test_names[i] = strdup(prob->tests[i].name)))
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "problem");
		b->n_tests++;
	}
	b->time_limit_us = prob->time_limit_us;

	if (stat(opts->input, &st) < 0)
		return arb_fail(err, ARB_E_REQUEST, errno, "'%s'", opts->input);
	if (!S_ISDIR(st.st_mode)) {
		if (unpack_input(opts->input, b, &root, err) < 0)
			return -1;
		unpacked = (char *)root;
	}
	if (list_students(root, b, err) < 0)
		return -1;

	if (mkdir_p1(opts->out_dir, err) < 0)
		return -1;
	if (asprintf(&results, "%s/results", opts->out_dir) < 0) {
		results = NULL;
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "results");
	}
	if (mkdir_p1(results, err) < 0)
		return -1;
	for (size_t i = 0; i < b->n_entries; i++) {
		_cleanup_free_ char *p = NULL;

		if (asprintf(&p, "%s/%s.json", results, b->entries[i].student) < 0) {
			p = NULL;
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "results");
		}
		b->entries[i].pending = opts->rejudge || access(p, F_OK) < 0;
		b->n_pending += b->entries[i].pending;
	}
	return 0;
}

/*** Workers ***/

int batch_write_result(const char *out_dir, const char *student, const json_t *o)
{
	_cleanup_free_ char *tmp = NULL;
	_cleanup_free_ char *dst = NULL;

	if (asprintf(&tmp, "%s/results/.%s.json.%ld.tmp", out_dir, student,
		     (long)getpid()) < 0) {
		tmp = NULL;
		return -1;
	}
	if (asprintf(&dst, "%s/results/%s.json", out_dir, student) < 0) {
		dst = NULL;
		return -1;
	}
	if (json_dump_file(o, tmp, JSON_INDENT(1) | JSON_ENSURE_ASCII) < 0) {
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, dst) < 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static void judge_one(struct judge_ctx *ctx, const struct batch_opts *opts,
		      const struct batch *b, size_t index, int done_fd)
{
	const struct batch_entry *e = &b->entries[index];
	struct judge_request req = {
		.id = e->student, .lang_id = opts->lang_id, .path = e->path,
		.run_all_tests = opts->run_all_tests,
	};
	struct batch_done d = {.index = index, .verdict = VERDICT_JE, .box_id = ctx->box_id};
	struct judgement j = {0};
	char worker[64];
	struct report_meta m = {.id = e->student, .problem = b->problem,
				.worker = worker, .judged_at = 0};
	json_t *o = NULL;

	snprintf(worker, sizeof(worker), "batch/%d", ctx->box_id);
	if (judge_submission(ctx, b->prob, &req, &j) == 0) {
		m.judged_at = time(NULL);
		o = report_json(&j, &m);
		d.verdict = j.verdict;
		d.run = (uint32_t)j.n_tests;
		for (size_t i = 0; i < j.n_tests; i++)
			d.passed += j.tests[i].verdict == VERDICT_AC;
		d.cpu_us = j.cpu_us;
	}
	/* No result file when it cannot be written: the student stays
	 * pending for the next run, and the report says "no result". */
	if (!o || batch_write_result(opts->out_dir, e->student, o) < 0)
		d.verdict = VERDICT_JE;
	json_decref(o);
	judgement_free(&j);
	if (write(done_fd, &d, sizeof(d)) < 0) {
		/* The parent is gone: the result is on disk regardless. */
	}
}

static void worker_main(struct cmd_env *env, const struct batch_opts *opts,
			const struct batch *b, const size_t *todo, size_t n_todo,
			size_t *next, int box_id, int done_fd)
{
	env->ctx.box_id = box_id;
	for (;;) {
		size_t k = __atomic_fetch_add(next, 1, __ATOMIC_RELAXED);
		if (k >= n_todo)
			break;
		judge_one(&env->ctx, opts, b, todo[k], done_fd);
	}
	cmd_env_close(env);
	close(done_fd);
	_exit(0);
}

int batch_judge(const struct batch_opts *opts, struct batch *b,
		struct arb_err *err)
{
	_cleanup_free_ size_t *todo = NULL;
	_cleanup_free_ pid_t *pids = NULL;
	size_t n_todo = 0, *next = MAP_FAILED;
	unsigned jobs = opts->jobs ? opts->jobs : 1, started = 0;
	struct cmd_env env;
	int fds[2] = {-1, -1};
	int rc = -1;

	if (!b->n_pending)
		return 0;
	todo = calloc(b->n_pending, sizeof(*todo));
	if (!todo)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "batch");
	for (size_t i = 0; i < b->n_entries; i++)
		if (b->entries[i].pending)
			todo[n_todo++] = i;
	if (jobs > n_todo)
		jobs = (unsigned)n_todo;
	pids = calloc(jobs, sizeof(*pids));
	if (!pids)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "batch");

	/* Opened once here: on cgroup v2 this moves us into our leaf before
	 * the workers are forked, and they inherit it. */
	if (cmd_env_open(&env, (int)opts->box_base, opts->cg_mode, err) < 0)
		return -1;
	if (!b->prob->time_limit_us) {
		if (judge_derive_time_limit(&env.ctx, b->prob, err) < 0)
			goto out;
		b->time_limit_us = b->prob->time_limit_us;
	}
	next = mmap(NULL, sizeof(*next), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (next == MAP_FAILED) {
		arb_fail(err, ARB_E_INTERNAL, errno, "mmap");
		goto out;
	}
	*next = 0;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		arb_fail(err, ARB_E_INTERNAL, errno, "pipe");
		goto out;
	}
	fflush(NULL); /* nothing buffered is written twice */
	for (unsigned k = 0; k < jobs; k++) {
		pid_t pid = fork();

		if (pid < 0) {
			/* The ones already running take the whole queue. */
			if (!started) {
				arb_fail(err, ARB_E_INTERNAL, errno, "fork");
				goto out;
			}
			break;
		}
		if (pid == 0) {
			close(fds[0]);
			worker_main(&env, opts, b, todo, n_todo, next,
				    (int)(opts->box_base + k), fds[1]);
		}
		pids[started++] = pid;
	}
	close(fds[1]);
	fds[1] = -1;
	for (;;) {
		struct batch_done d;
		ssize_t r = read(fds[0], &d, sizeof(d));

		if (r < 0 && errno == EINTR)
			continue;
		if (r != (ssize_t)sizeof(d))
			break; /* EOF: every worker is done */
		if (d.index < b->n_entries) {
			b->entries[d.index].pending = false;
			if (opts->on_done)
				opts->on_done(opts->on_done_arg, &d);
		}
	}
	rc = 0;
out:
	for (unsigned k = 0; k < started; k++) {
		int status = 0;
		pid_t r;

		while ((r = waitpid(pids[k], &status, 0)) < 0 && errno == EINTR)
			;
		if (r < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			b->workers_failed++;
	}
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	if (next != MAP_FAILED)
		munmap(next, sizeof(*next));
	cmd_env_close(&env);
	return rc;
}

/*** Results and reports ***/

int batch_load_results(const struct batch_opts *opts, struct batch *b,
		       struct arb_err *err)
{
	b->results = calloc(b->n_entries ? b->n_entries : 1, sizeof(*b->results));
	if (!b->results)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "results");
	for (size_t i = 0; i < b->n_entries; i++) {
		_cleanup_free_ char *p = NULL;
		json_error_t jerr;

		if (asprintf(&p, "%s/results/%s.json", opts->out_dir,
			     b->entries[i].student) < 0) {
			p = NULL;
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "results");
		}
		b->results[i] = json_load_file(p, 0, &jerr);
		if (b->results[i] && !json_is_object(b->results[i])) {
			json_decref(b->results[i]);
			b->results[i] = NULL;
		}
	}
	return 0;
}

typedef int (*writer_fn)(FILE *out, const struct batch_view *v);

static int write_atomically(const char *dir, const char *name, writer_fn fn,
			    const struct batch_view *v, struct arb_err *err)
{
	_cleanup_free_ char *tmp = NULL;
	_cleanup_free_ char *dst = NULL;
	FILE *f;
	int bad;

	if (asprintf(&tmp, "%s/.%s.tmp", dir, name) < 0) {
		tmp = NULL;
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "%s", name);
	}
	if (asprintf(&dst, "%s/%s", dir, name) < 0) {
		dst = NULL;
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "%s", name);
	}
	f = fopen(tmp, "we");
	if (!f)
		return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'", tmp);
	bad = fn(f, v) < 0 || ferror(f);
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, dst) < 0) {
		int e = errno;
		unlink(tmp);
		return arb_fail(err, ARB_E_INTERNAL, e, "write '%s'", dst);
	}
	return 0;
}

int batch_write_reports(const struct batch_opts *opts, const struct batch *b,
			struct arb_err *err)
{
	_cleanup_free_ const char **students = calloc(b->n_entries + 1, sizeof(char *));
	struct batch_view v = {
		.problem = b->problem, .problem_title = b->problem_title,
		.test_names = (const char *const *)b->test_names, .n_tests = b->n_tests,
		.time_limit_us = b->time_limit_us, .students = students,
		.results = (const json_t *const *)b->results, .n = b->n_entries,
	};

	if (!students || !b->results)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "reports");
	for (size_t i = 0; i < b->n_entries; i++)
		students[i] = b->entries[i].student;
	if (write_atomically(opts->out_dir, "results.csv", batch_write_csv, &v, err) < 0 ||
	    write_atomically(opts->out_dir, "results.json", batch_write_json, &v, err) < 0 ||
	    write_atomically(opts->out_dir, "report.html", batch_write_html, &v, err) < 0)
		return -1;
	return 0;
}

void batch_free(struct batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n_entries; i++) {
		free(b->entries[i].student);
		free(b->entries[i].path);
		if (b->results)
			json_decref(b->results[i]);
	}
	free(b->entries);
	free(b->results);
	for (size_t i = 0; b->test_names && i < b->n_tests; i++)
		free(b->test_names[i]);
	free(b->test_names);
	free(b->problem);
	free(b->problem_title);
	problem_free(b->prob);
	if (b->scratch)
		fsutil_rm_rf(b->scratch);
	free(b->scratch);
	memset(b, 0, sizeof(*b));
}
