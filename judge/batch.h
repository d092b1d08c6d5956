/* batch.h - `arbiter batch`: judge a class's submissions into a report.
 *
 * One problem, many students.  The input is a folder with one entry per
 * student (a source file, a folder, or an archive), or an archive of such
 * entries; the entry's name (a file's without its extension) is the
 * student id.  batch_run() judges the students that have no result yet in
 * N forked worker processes, one sandbox slot each, and each result lands
 * atomically in OUT/results/<student>.json (the CONTRACT's result JSON,
 * with id = the student).  A re-run therefore resumes: it judges only
 * what is missing (all of it with rejudge).  The report writers of
 * batch_report.c are pure functions over the loaded results.
 *
 * Everything student-controlled (names, messages, compiler output) is
 * hostile: the writers quote it for CSV and escape it for HTML.
 */
#ifndef ARBITER_BATCH_H
#define ARBITER_BATCH_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"
#include "sandbox/cgroup.h"
#include "verdict.h"

/*** Judging ***/

/* One student: the id and the path of the submission (file, dir, archive). */
struct batch_entry {
	char *student;
	char *path;
	bool pending; /* to be judged in this run */
};

/* What a worker reports to the parent when a student is done. */
struct batch_done {
	size_t index;          /* into batch.entries */
	enum verdict verdict;
	uint32_t passed, run;  /* tests passed / tests that ran */
	uint64_t cpu_us;
	int box_id;
};

struct batch_opts {
	const char *problem_dir;
	const char *input;     /* folder or archive */
	const char *out_dir;
	const char *lang_id;   /* NULL: from each submission's extensions */
	unsigned jobs;         /* worker processes (>= 1) */
	unsigned box_base;     /* workers use boxes box_base .. box_base+jobs-1 */
	bool rejudge;          /* judge students that already have a result */
	bool run_all_tests;
	enum cg_mode cg_mode;
	/* Called in the parent as each student finishes (may be NULL). */
	void (*on_done)(void *arg, const struct batch_done *d);
	void *on_done_arg;
};

/* The state of a batch: the problem, the students, then their results. */
struct problem;

struct batch {
	struct problem *prob;     /* loaded by batch_prepare */
	char *problem;            /* the package's short name */
	char *problem_title;      /* its display name */
	char **test_names;        /* the package's tests, in order */
	size_t n_tests;
	uint64_t time_limit_us;
	struct batch_entry *entries; /* sorted by student */
	size_t n_entries;
	size_t n_pending;
	char *scratch;            /* where an archive INPUT was unpacked; removed by batch_free */
	json_t **results;         /* after batch_load_results: one per entry (NULL: none) */
	unsigned workers_failed;  /* workers that died without finishing */
};

/* Load the problem (deriving its time limit when the package sets none),
 * list the students of OPTS->input (unpacking an archive into a scratch
 * dir) and mark as pending those without OUT/results/<student>.json (all
 * with rejudge).  Creates OUT and OUT/results.  Fills B; batch_free()
 * releases it even after a failure. */
int batch_prepare(const struct batch_opts *opts, struct batch *b,
		  struct arb_err *err);

/* Judge the pending students with opts->jobs worker processes.  Returns 0
 * when every worker ran to its end (whatever the verdicts), -1 with ERR
 * when the workers could not be started; b->workers_failed counts those
 * that died early (their students have no result). */
int batch_judge(const struct batch_opts *opts, struct batch *b,
		struct arb_err *err);

/* Write O atomically as OUT_DIR/results/<student>.json (a temporary file
 * renamed): a result is either complete or absent.  0, or -1 with errno. */
int batch_write_result(const char *out_dir, const char *student, const json_t *o);

/* Read OUT/results/<student>.json of every entry into b->results (NULL
 * for a student without a readable result). */
int batch_load_results(const struct batch_opts *opts, struct batch *b,
		       struct arb_err *err);

/* Write results.csv, results.json and report.html into OUT (each written
 * to a temporary file and renamed). */
int batch_write_reports(const struct batch_opts *opts, const struct batch *b,
			struct arb_err *err);

void batch_free(struct batch *b);

/* The student id of a directory entry NAME: a file's name without its
 * extension (".tar.gz" and ".tar.xz" count as one); a directory's as is.
 * Malloc'd; NULL when out of memory. */
char *batch_student_id(const char *name, bool is_dir);

/*** Reports (batch_report.c): pure functions over the results ***/

/* What the writers see: the batch's problem and, per student, the result
 * object (the CONTRACT's result JSON; NULL when the student has none). */
struct batch_view {
	const char *problem;
	const char *problem_title;
	const char *const *test_names;
	size_t n_tests;
	uint64_t time_limit_us;
	const char *const *students;
	const json_t *const *results;
	size_t n;
};

/* One CSV row's figures, from a result (NULL: JE, "no result"). */
struct batch_summary {
	const char *verdict;
	double score;
	size_t passed, total;
	long long time_ms, memory_kb;
	const char *message; /* the result's message, else the first failing test's */
};
void batch_summarize(const json_t *result, size_t n_tests, struct batch_summary *s);

/* RFC 4180: FIELD as one CSV field, quoted when it holds a comma, a quote,
 * CR or LF (quotes doubled).  A field that starts with = + - @ TAB or CR
 * gets a leading ' so a spreadsheet never runs it as a formula. */
void batch_csv_field(FILE *out, const char *field);
/* & < > " ' as entities: safe in element content and in quoted attributes. */
void batch_html_escape(FILE *out, const char *s);

/* Each returns 0, or -1 when a write failed (errno set). */
int batch_write_csv(FILE *out, const struct batch_view *v);
int batch_write_json(FILE *out, const struct batch_view *v);
int batch_write_html(FILE *out, const struct batch_view *v);

#endif
