/* problem.h - a Kattis / ICPC problem package, loaded and validated.
 *
 * problem_load() reads a package directory completely - problem.yaml
 * (legacy, 2023-07 and 2025-09 keys), DOMjudge's .timelimit and
 * domjudge-problem.ini, data/sample and data/secret (nested groups, path
 * order), output_validator(s)/ and submissions/ - into plain C structs.  Everything is validated before
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

enum problem_validation {
	PROBLEM_VALIDATION_DEFAULT,     /* the built-in token validator */
	PROBLEM_VALIDATION_CUSTOM,      /* output_validators/<name> */
	PROBLEM_VALIDATION_INTERACTIVE, /* custom interactive (not judged yet) */
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

struct problem_test {
	char *name;     /* "sample/1", "secret/group1/03": path under data/, no extension */
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
};

struct problem_submission {
	char *path;     /* absolute: a file or a directory (multi-file) */
	char *name;     /* "accepted/hello.c" */
	int expected;   /* enum verdict */
};

struct problem {
	char *dir;        /* absolute path of the package */
	char *short_name; /* the directory's name */
	char *name;       /* problem.yaml `name` (a string, or the `en` entry of a map), else
	                   * domjudge-problem.ini `name`, else short_name */
	char *format_version; /* problem_format_version, "legacy" when absent */
	bool scoring;     /* type scoring: judged as pass-fail for now */
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

	struct problem_test *tests;      /* samples first, then secret; each sorted by path */
	size_t n_tests;
	struct problem_submission *subs; /* submissions/<expected>/ entries, sorted */
	size_t n_subs;
};

int problem_load(const char *dir, struct problem **out, struct arb_err *err);
void problem_free(struct problem *p);

/* Parse a validator_flags string ("case_sensitive float_tolerance 1e-6")
 * into F.  ARB_E_PACKAGE on an unknown flag or a bad number. */
int problem_parse_validator_flags(const char *s, struct validator_flags *f,
				  struct arb_err *err);

#endif
