/* judge.h - judging one submission against one problem: the pipeline.
 *
 * judge_submission() is the only orchestrator: intake -> language ->
 * compile (in the sandbox) -> for each test in order: run (in the sandbox)
 * -> validate (in process, or a custom validator in its own sandbox) ->
 * verdict; stopping at the first failure unless run_all_tests (a scoring
 * problem judges every group as its rules say, then scores: score.h).  Stages
 * share nothing but the structs passed in.  Everything a submission can do
 * wrong ends as a verdict; everything the judge or the package does wrong
 * ends as JE with a message.  The worker never includes a sandbox header:
 * it calls this.
 */
#ifndef ARBITER_JUDGE_H
#define ARBITER_JUDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "intake.h"
#include "lang.h"
#include "problem.h"
#include "verdict.h"

struct cg_manager;
struct judge_test;

/* Bounds on what a submission may print back to a reader. */
#define JUDGE_COMPILE_OUTPUT_MAX 16384
#define JUDGE_MESSAGE_MAX 1024

/* A wall limit is this multiple of the CPU limit, plus a second: a program
 * that sleeps or blocks is TLE, never a hang. */
#define JUDGE_WALL_FACTOR 2
#define JUDGE_WALL_EXTRA_US 1000000

/* Per-slot state: what a worker slot (or a CLI run) judges with. */
struct judge_ctx {
	const struct lang_table *langs;
	struct cg_manager *cg;   /* NULL: no cgroup (rlimits only) */
	const char *policy_dir;  /* NULL: sbx_policy_dir() */
	int box_id;              /* the slot: uid/gid 60000 + box_id */
	const char *work_root;   /* host dir for scratch; NULL: $TMPDIR or /tmp */
	/* Called after each test, e.g. for progress messages (may be NULL). */
	void (*on_test)(void *arg, size_t index, size_t total,
			const struct judge_test *t);
	void *on_test_arg;
	/* Called after each sandbox run (compile, test, validator) with the
	 * time sbx_run() took beyond the program's own wall time - the
	 * sandbox's setup and teardown - and the OOM kills it counted; for
	 * metrics (may be NULL).  An interactive test calls it from two
	 * threads at once. */
	void (*on_sandbox)(void *arg, uint64_t overhead_us, uint64_t oom_kills);
	void *on_sandbox_arg;
	/* Loaded sandbox policies, kept across steps and submissions (a
	 * policy is read, checked and compiled to BPF once, not per test).
	 * Zero-initialise the context; judge_ctx_release() frees it. */
	struct judge_policy_cache *policies;
};

/* Free what the context keeps between submissions (its policy cache).
 * The context stays usable. */
void judge_ctx_release(struct judge_ctx *ctx);

/* How the submission reaches the judge: a path (file, dir or archive), or
 * a callback that puts it into DEST itself (the worker's in-memory forms). */
struct judge_request {
	const char *id;          /* submission id (NULL locally) */
	const char *lang_id;     /* NULL: from the file extensions */
	const char *path;
	int (*intake)(void *arg, const char *dest, const struct intake_limits *lim,
		      struct intake_result *res, struct arb_err *err);
	void *intake_arg;
	/* Only ever lower than the problem's (CONTRACT); 0: the problem's. */
	uint64_t time_limit_us, memory_bytes, output_bytes;
	bool run_all_tests;
	bool example;            /* one of the package's submissions/: the
				  * problem's constants apply to it */
};

struct judge_test {
	char *name;
	enum verdict verdict;
	uint64_t cpu_us, wall_us, mem_kib;
	int exit_code, signal;
	char message[JUDGE_MESSAGE_MAX];
	bool scored;             /* a scoring problem's secret test: SCORE is its score */
	double score;
	uint64_t check_us;       /* wall time validating its output (all passes) */
};

/* A scoring problem's test data group (score.h has the rules). */
struct judge_group {
	char *name;              /* "secret", "secret/group1" */
	double score, max_score; /* max: INFINITY when unbounded */
	enum verdict verdict;    /* the first failing test's in it, or AC */
	bool skipped;            /* a require_pass group was not all AC: not run */
	char **tests;            /* the names of its tests (and its subgroups'), NULL-terminated */
};

struct judgement {
	enum verdict verdict;
	char *language;          /* id, or NULL before detection */
	double score;            /* pass-fail: 1 for AC, else 0; scoring: secret's score */
	bool scoring;            /* a scoring problem: GROUPS and MAX_SCORE are set */
	double max_score;        /* scoring: secret's max (INFINITY: unbounded) */
	struct judge_group *groups; /* scoring: secret and its subgroups, in order */
	size_t n_groups;
	bool compiled;           /* a compile step ran */
	bool compile_ok;
	char *compile_output;    /* sanitised, bounded */
	uint64_t compile_cpu_us;
	struct judge_test *tests;
	size_t n_tests;
	uint64_t cpu_us, wall_us, mem_kib; /* maxima over tests */
	uint64_t time_limit_us;  /* the limit the tests ran with */
	char message[JUDGE_MESSAGE_MAX]; /* why, for CE and JE */
	/* Wall time of each phase (monotonic), for metrics: the compile
	 * step; the tests' runs; validating their output (building the
	 * validator included).  An interactive test counts all as run. */
	uint64_t compile_us, run_us, check_us;
};

/* Judge REQ against PROB.  Always fills OUT (verdict JE with a message
 * when the judge or the package failed); returns 0, or -1 only when OUT
 * could not be filled at all (out of memory). */
int judge_submission(struct judge_ctx *ctx, const struct problem *prob,
		     const struct judge_request *req, struct judgement *out);

void judgement_free(struct judgement *j);

/* Remove the work dirs (and their submission tmpfs) that processes which
 * are gone left in WORK_ROOT (NULL: $TMPDIR or /tmp): a judge killed
 * mid-submission cannot clean up after itself.  Returns how many. */
int judge_sweep_work(const char *work_root);

/* A package without a time limit: judge its accepted submissions with a
 * generous limit and derive ceil(slowest CPU time x time_multiplier)
 * seconds, as problemtools does; with no accepted submission, the
 * fallback.  Sets prob->time_limit_us.  -1 with ERR when an accepted
 * submission does not pass. */
int judge_derive_time_limit(struct judge_ctx *ctx, struct problem *prob,
			    struct arb_err *err);

/* A program of the package other than the output validator (an input
 * validator), built once like the output validator and run in its own
 * box on many inputs.  judge_program_build(): -1 with ERR (ARB_E_PACKAGE
 * when it does not build; WHAT names it: "input validator"). */
struct judge_program;
int judge_program_build(struct judge_ctx *ctx, const struct problem *prob,
			const char *path, const char *what,
			struct judge_program **out, struct arb_err *err);
/* Run P as `program ARGS... < IN_PATH`.  *EXIT_CODE gets its exit status,
 * or -1 when it did not exit by itself (a signal, a limit: WHY says which);
 * *OUTPUT its stdout and stderr together, sanitised and bounded
 * (JUDGE_MESSAGE_MAX), to be freed.  -1 only when the sandbox failed. */
int judge_program_run(struct judge_ctx *ctx, struct judge_program *p,
		      const char *in_path, char *const *args, int *exit_code,
		      char *why, size_t why_len, char **output, struct arb_err *err);
void judge_program_free(struct judge_program *p);

/* One finding of judge_check_inputs(). */
struct judge_input_issue {
	const char *validator;  /* its entry name in input_validators/ */
	const char *test;       /* the test's name; NULL when the validator
				 * itself did not build */
	bool invalid;           /* exit 43: the input is invalid; false: the
				 * validator failed (another exit, a crash) */
	bool skipped;           /* a checktestdata (.ctd) or VIVA (.viva)
				 * validator, which arbiter does not run: a
				 * notice, not a finding */
	char message[JUDGE_MESSAGE_MAX]; /* what it printed, or why it failed */
};

/* Run every input validator of PROB on every test's .in (Kattis: exit 42
 * valid, 43 invalid, anything else a validator failure), with the test's
 * input_validator_args.  ON_ISSUE (may be NULL) hears of each finding,
 * and of each validator skipped (issue.skipped, not counted).
 * Returns the number of findings, or -1 with ERR when the judge itself
 * failed (the sandbox, memory). */
int judge_check_inputs(struct judge_ctx *ctx, const struct problem *prob,
		       void (*on_issue)(void *arg, const struct judge_input_issue *issue),
		       void *arg, struct arb_err *err);

#endif
