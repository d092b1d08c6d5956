/* judge_internal.h - what judge.c (the pipeline) and judge_validator.c
 * (the package's own programs: validators, checkers, interactors) share.
 * Not for other modules: judge.h is the interface. */
#ifndef ARBITER_JUDGE_INTERNAL_H
#define ARBITER_JUDGE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/err.h"
#include "intake.h"
#include "judge.h"
#include "lang.h"
#include "problem.h"
#include "sandbox/sandbox.h"
#include "validate.h"

#define MIB (1ULL << 20)
/* A package program's limits: generous, it is the package's. */
#define VALIDATOR_CPU_US (60ULL * 1000000)
#define VALIDATOR_MEM (2048ULL << 20)

/* What a submission may bring (the worker may lower it later); a
 * package program's folder gets the same. */
extern const struct intake_limits judge_submission_limits;

/* A submission's private scratch dir (judge.c, "scratch space"). */
struct work {
	char *root; /* 0711 root: boxes never see it */
	char *src;  /* owned by the box user */
	char *val;
	char *chk; /* a second package program (an interactive problem's checker) */
	char *fb;
	char *io; /* a tmpfs for out and err: per test, a file made and
		     dropped on a disk would cost journal writes (but see
		     judge_streams_on_disk) */
	char *out, *err, *log;
	bool src_mounted, io_mounted;
	/* The box every test of the submission enters (sbx_prepare), built
	 * once the program is compiled; NULL before. */
	struct sbx_prepared *run_box;
};

/* One sandboxed run: what judge_run_step() needs. */
struct step {
	const char *policy;          /* name */
	char **argv;
	const char *box;             /* host dir at /box */
	bool box_ro;
	const struct sbx_path *binds;
	size_t n_binds;
	int in, out, errfd;
	struct sbx_limits lim;
	struct sbx_prepared *prepared; /* enter it (sbx_spec.prepared) */
};

/* A built package program (output validator, checker, interactor, input
 * validator): its language and run command. */
struct validator {
	const struct language *lang;
	char **argv;     /* expanded run command */
	const char *dir; /* where it was built, bound at /box when it runs */
	/* Polygon: a testlib interactor's checker, run on its `tout`
	 * after it accepted (problem.checker_dir); else NULL. */
	struct validator *checker;
};

/*** judge.c ***/

/* "A/B", malloc'd (NULL when out of memory). */
char *judge_join(const char *a, const char *b);
/* mkdir PATH 0700, owned by the box user UID (compile boxes, feedback). */
int judge_box_dir(const char *path, uid_t uid, struct arb_err *err);
/* A fresh 0600 file at PATH for a box's stream, created by the supervisor. */
int judge_open_capture(const char *path, struct arb_err *err);
/* Move the test's out and err from the io/ tmpfs to the work dir on the
 * disk, whose pages can be written back instead of counting against the
 * memory limit (a problem whose output limit is large against it). */
int judge_streams_on_disk(struct work *w, struct arb_err *err);
int judge_work_create(const struct judge_ctx *ctx, struct work *w,
		      struct arb_err *err);
void judge_work_destroy(struct work *w);
int judge_policy_cache_init(struct judge_ctx *ctx, struct arb_err *err);
/* Run S in a box with the context's policy cache; 0 when it ran. */
int judge_run_step(struct judge_ctx *ctx, const struct step *s,
		   struct sbx_result *r, struct arb_err *err);
/* The submission's run R into JT: its exit, and the heaviest figures of
 * the test's passes so far. */
void judge_test_take_run(struct judge_test *jt, const struct sbx_result *r);
/* The wall limit that goes with LIM's CPU limit. */
void judge_wall_for(struct sbx_limits *lim);
/* Compile FILES in DIR with L.  Returns 0 with *OK set and *OUTPUT (the
 * compiler's messages), or -1 when the sandbox failed. */
int judge_compile(struct judge_ctx *ctx, const struct problem *prob,
		  const struct language *l, const char *dir, const struct work *w,
		  char *const *files, const char *main, const char *mainclass,
		  uint64_t mem_bytes, bool *ok, char **output, uint64_t *cpu_us,
		  char *why, size_t why_len, struct arb_err *err);

/*** judge_include.c ***/

/* The package's include/<language>/ (or include/default/) files into
 * w->src, in place of the submission's files of the same names (FILES
 * gets them); then *SRCS (lang_sources) and the main file (lang_find_main:
 * among all the sources, else among the submission's own). */
int judge_sources_and_main(const struct problem *prob, const struct language *l,
			   const struct work *w, struct intake_result *files, char ***srcs,
			   char **main, char **mainclass, struct arb_err *err);

/*** judge_validator.c ***/

/* Build the package program in DIR (a file or a folder; WHAT names it in
 * messages) into INTO (w->val, w->chk): V gets its language and run
 * command. */
int judge_validator_build(struct judge_ctx *ctx, const struct problem *prob,
			  const char *dir, const char *what, const struct work *w,
			  const char *into, struct validator *v, struct arb_err *err);
/* The problem's output validator into w->val, and its checker (an
 * interactor's, problem.checker_dir) into w->chk; free with
 * judge_validator_free(). */
int judge_output_validator_build(struct judge_ctx *ctx, const struct problem *prob,
				 const struct work *w, struct validator *v,
				 struct arb_err *err);
void judge_validator_free(struct validator *v);
/* Copy NAME out of the feedback dir (written by a box user: opened
 * confined to it, a regular file, at most MAX bytes) to DEST, mode 0644.
 * 1 when copied, 0 when there is none, -1 on error. */
int judge_take_feedback(const struct work *w, const char *name, const char *dest,
			uint64_t max, struct arb_err *err);
/* The package's validator on one test's output (w->out). */
int judge_validator_run(struct judge_ctx *ctx, const struct problem_test *t,
			const struct work *w, const struct validator *v, bool fresh,
			enum validator_outcome *outcome, char *msg, size_t msg_len,
			struct arb_err *err);
/* A testlib-style checker on one test's output. */
int judge_checker_run(struct judge_ctx *ctx, const struct problem_test *t,
		      const struct work *w, const struct validator *v,
		      enum validator_outcome *outcome, struct judge_test *jt,
		      struct arb_err *err);
/* Submission SUB and the validator (TESTLIB: a testlib interactor) in two
 * boxes joined by pipes; fills JT (its figures: the heaviest so far, for
 * multi-pass).  FRESH: a new feedback dir (not for a multi-pass problem's
 * later passes). */
int judge_interactive_run(struct judge_ctx *ctx, struct step *sub,
			  const struct work *w, const struct problem_test *t,
			  const struct validator *v, bool testlib, bool fresh,
			  struct judge_test *jt, struct arb_err *err);

#endif
