/* problem.h - a Kattis / ICPC problem package, loaded and validated.
 *
 * problem_load() reads a package directory completely - problem.yaml
 * (legacy, 2023-07 and 2025-09 keys), DOMjudge's .timelimit and
 * domjudge-problem.ini, data/sample and data/secret (nested groups, path
 * order), output_validator(s)/, input_validators/ (problem_inval.c) and
 * submissions/ - into plain C structs.  Everything is validated before
 * judging starts; after that no code touches YAML.  A broken package is an
 * ARB_E_PACKAGE error naming the file and the reason.
 */
#ifndef ARBITER_PROBLEM_H
#define ARBITER_PROBLEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* Defaults (problemtools' legacy format values). */
#define PROBLEM_DEFAULT_TIME_MULTIPLIER 5.0
#define PROBLEM_DEFAULT_SAFETY_MARGIN 2.0
#define PROBLEM_DEFAULT_MEMORY_MIB 2048
#define PROBLEM_DEFAULT_OUTPUT_MIB 8
#define PROBLEM_DEFAULT_COMPILE_TIME_S 60
/* 2023-07 / 2025-09 defaults of limits.time_multipliers. */
#define PROBLEM_DEFAULT_AC_TO_TIME_LIMIT 2.0
#define PROBLEM_DEFAULT_TIME_LIMIT_TO_TLE 1.5
/* Used when a package gives no time limit and none can be derived. */
#define PROBLEM_FALLBACK_TIME_LIMIT_US 1000000
#define PROBLEM_DEFAULT_VALIDATION_PASSES 2

/* How the custom output validator is called (problem.yaml
 * `output_validator_protocol`, an arbiter extension). */
enum problem_protocol {
	PROBLEM_PROTOCOL_KATTIS,  /* `validator input answer feedback_dir < output`, 42/43 */
	PROBLEM_PROTOCOL_TESTLIB, /* `checker input output answer`, exit 0/1/2/3/7 */
};

enum problem_validation {
	PROBLEM_VALIDATION_DEFAULT,     /* the built-in token validator */
	PROBLEM_VALIDATION_CUSTOM,      /* output_validators/<name> */
	PROBLEM_VALIDATION_INTERACTIVE, /* custom interactive */
};

/* The default validator's flags (validator_flags in problem.yaml). */
struct validator_flags {
	bool case_sensitive;
	bool space_change_sensitive;
	bool float_abs_set, float_rel_set;
	double float_abs; /* float_absolute_tolerance, or float_tolerance */
	double float_rel; /* float_relative_tolerance, or float_tolerance */
};

enum problem_tl_source {
	PROBLEM_TL_UNSET,      /* derive from accepted submissions, or fallback */
	PROBLEM_TL_YAML,       /* limits.time_limit */
	PROBLEM_TL_TIMELIMIT,  /* DOMjudge: .timelimit, else domjudge-problem.ini timelimit */
};

/* How a scoring problem's group scores its children (test_group.yaml
 * score_aggregation / scoring.aggregation, or legacy grader_flags). */
enum problem_aggregation {
	PROBLEM_AGG_PASS_FAIL, /* its max score when every test is AC, else 0 */
	PROBLEM_AGG_SUM,
	PROBLEM_AGG_MIN,
};

/* A test data group of a scoring problem: data/ itself, sample, secret and
 * every folder below secret (problem_groups.c).  Index 0 is data/, and a
 * parent comes before its children. */
struct problem_group {
	char *name;          /* path under data/: "secret", "secret/group1"; "data" for the root */
	int parent;          /* index into problem.groups; -1 for data/ */
	bool scored;         /* secret and its subgroups */
	size_t first_test, n_tests; /* its tests and its subgroups' (contiguous in test order) */
	enum problem_aggregation aggregation;
	double max_score;    /* INFINITY when unbounded */
	bool max_given;      /* set by the group's own file, not inferred */
	double test_max;     /* the max score of each test directly in it */
	double accept_score; /* legacy accept_score; NAN when not given */
	double reject_score; /* legacy reject_score (0) */
	bool on_reject_break; /* stop the group at its first failure */
	bool accept_if_any;  /* legacy grader flag accept_if_any_accepted */
	char **require_pass; /* group names that must be all AC first; NULL-terminated, never NULL */
	int *require;        /* the same as indices into problem.groups */
};

struct problem_test {
	char *name;     /* "sample/1", "secret/group1/03": path under data/, no extension */
	int group;      /* its folder's index in problem.groups; -1 when not scoring */
	char *in_path;  /* absolute */
	char *ans_path; /* absolute; NULL for an interactive test without .ans */
	bool sample;
	/* The validator arguments of this test: problem.yaml validator_flags,
	 * then output_validator_flags / output_validator_args of the nearest
	 * testdata.yaml / test_group.yaml (and <test>.yaml).  NULL-terminated,
	 * never NULL.  FLAGS is them parsed, for the default validator (all
	 * false when the validation is custom).  Use these, not the problem's:
	 * groups may set their own (e.g. a tolerance for secret only). */
	char **validator_args;
	struct validator_flags flags;
	/* INPUT_VALIDATOR_ARGS[k]: the arguments of the problem's input
	 * validator k on this test (input_validator_flags / _args of the
	 * nearest testdata.yaml / test_group.yaml, or <test>.yaml), each
	 * NULL-terminated; NULL when the package has no input validator. */
	char ***input_validator_args;
};

/* A program the package ships: a single file, or a folder of files. */
struct problem_program {
	char *name;     /* its entry name in the folder ("validate.py") */
	char *path;     /* absolute */
};

struct problem_submission {
	char *path;     /* absolute: a file or a directory (multi-file) */
	char *name;     /* "accepted/hello.c" */
	int expected;   /* enum verdict; -1 for rejected/ and brute_force/, which
			 * only their RULES judge */
	bool partial;   /* submissions/partially_accepted (scoring problems): a
			 * score above 0 and below the maximum, not CE or JE;
			 * EXPECTED is then WA (never used to derive a time limit) */
	/* submissions/submissions.yaml (2025-09) entries whose glob matches
	 * this submission, after its folder's own rule (the spec's default,
	 * or the file's replacement): each a `permitted` and a `required`
	 * verdict set (bit 1 << enum verdict; 0: anything).  When there are
	 * any, they are checked instead of EXPECTED (the folder's rule stands
	 * for it): every test's verdict must be permitted, and some test's
	 * verdict required, by every rule (problem_subrules.c).  A rule
	 * given under a test data group's key applies to the tests TESTS (a
	 * glob over names under data/, a group matching all below it)
	 * matches. */
	struct problem_subrule {
		unsigned permitted, required;
		char *tests; /* NULL: every test */
	} *rules;
	size_t n_rules;
};

struct problem {
	char *dir;        /* absolute path of the package */
	char *short_name; /* the directory's name */
	char *name;       /* problem.yaml `name` (a string, or the `en` entry of a map), else
	                   * domjudge-problem.ini `name`, else short_name */
	char *format_version; /* problem_format_version, "legacy" when absent */
	bool scoring;     /* type scoring: scored by GROUPS (problem_groups.c) */
	bool multi_pass;  /* type multi-pass: nextpass.in feeds another run */
	unsigned validation_passes; /* multi-pass: most runs per test
				     * (limits.validation_passes, default 2) */

	uint64_t time_limit_us;  /* 0 when the source is UNSET */
	enum problem_tl_source tl_source;
	double time_multiplier;  /* legacy time_multiplier, or time_multipliers.ac_to_time_limit */
	double time_safety_margin; /* legacy time_safety_margin, or time_multipliers.time_limit_to_tle */
	uint64_t memory_bytes;   /* limits.memory (MiB in the file) */
	uint64_t output_bytes;   /* limits.output (MiB in the file) */
	uint64_t compile_time_us;

	enum problem_validation validation;
	struct validator_flags flags;    /* for the default validator (problem.yaml only; see problem_test) */
	char **validator_args;           /* custom validator's extra args (validator_flags split), NULL-terminated */
	char *validator_dir;             /* absolute: output_validator/ (2023-07+), output_validators/<the one
	                                  * subdir>, or output_validators/ itself when it holds the program's
	                                  * files directly (legacy single-file program); NULL for default */
	char *include_dir; /* absolute: include/ (2025-09), files added to every
			    * submission (judge_include.c); NULL when absent */
	/* problem.yaml `constants` (2025-09): name, value, name, value, ...,
	 * NULL-terminated, never NULL; {{name}} in the validators and the
	 * example submissions becomes the value (problem_constants.c). */
	char **constants;
	enum problem_protocol validator_protocol; /* custom validation only */
	char *checker_dir; /* absolute: a testlib interactive problem's checker
			    * (output_validators/checker/ or check/, beside
			    * interactor/), run on the interactor's `tout` after it
			    * accepted, as Polygon does; else NULL */

	struct problem_test *tests;      /* samples first, then secret; each sorted by path */
	size_t n_tests;
	struct problem_group *groups;    /* scoring problems only; else NULL */
	size_t n_groups;
	struct problem_submission *subs; /* submissions/<expected>/ entries, sorted */
	size_t n_subs;
	/* input_validators/ (or legacy input_format_validators/): every
	 * entry is one program, sorted by name; `verify` runs each on every
	 * test's .in (exit 42 valid, 43 invalid). */
	struct problem_program *input_validators;
	size_t n_input_validators;
};

int problem_load(const char *dir, struct problem **out, struct arb_err *err);

/* Whether VERDICTS (N per-test verdicts, enum verdict, of the tests
 * NAMES; the submission's own verdict and NAMES NULL when no test ran)
 * meet every rule of S. */
bool problem_subrules_met(const struct problem_submission *s, const int *verdicts,
			  const char *const *names, size_t n);
void problem_free(struct problem *p);

/* Replace each {{name}} of P's constants in FILES (relative to DIR,
 * NULL-terminated), the judge's copies of a validator or an example
 * submission, in place. */
int problem_substitute_constants(const struct problem *p, const char *dir,
				 char *const *files, struct arb_err *err);

/* Parse a validator_flags string ("case_sensitive float_tolerance 1e-6")
 * into F.  ARB_E_PACKAGE on an unknown flag or a bad number. */
int problem_parse_validator_flags(const char *s, struct validator_flags *f,
				  struct arb_err *err);

#endif
