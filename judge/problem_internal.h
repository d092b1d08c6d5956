/* problem_internal.h - shared by the package loader's files only.
 *
 * problem.c reads the metadata (problem.yaml, .timelimit, the output
 * validator) and drives the load; problem_data.c walks data/ and
 * submissions/.  Paths in messages are relative to the package.
 */
#ifndef ARBITER_PROBLEM_INTERNAL_H
#define ARBITER_PROBLEM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include <yaml.h>

#include "base/err.h"
#include "base/yamlutil.h"
#include "problem.h"

#define PROBLEM_YAML_MAX (1 << 20) /* problem.yaml, testdata.yaml: bytes */

struct pload {
	struct problem *p;
	struct arb_err *err;
};

/* Stat REL (relative to the package) following symbolic links, which must
 * stay inside the package (the format allows links within it only; one
 * outside could expose host files as answers).  0 when found, 1 when it
 * does not exist, -1 on error. */
int problem_stat(struct pload *c, const char *rel, struct stat *st);

/* Read file REL (a regular file, at most MAX bytes) into *TEXT.  1 when it
 * does not exist. */
int problem_read(struct pload *c, const char *rel, size_t max, char **text,
		 size_t *len);

/* Load REL as YAML into D; *ROOT is NULL for an empty file (comments only
 * or a null document).  1 when the file does not exist. */
int problem_yaml_load(struct pload *c, const char *rel, struct yu_doc *d,
		      yaml_node_t **root);

/* The value of KEY in map MAP (NULL when absent or null); other keys are
 * not looked at: the format has many we do not use.  A key given twice is
 * an error.  KEYPATH names it in messages. */
int problem_yaml_get(struct yu_doc *d, const yaml_node_t *map,
		     const char *key, const char *keypath, yaml_node_t **out);

/* Validator arguments N: a string (split on whitespace, as problemtools
 * does) or a sequence of strings, into a NULL-terminated vector. */
int problem_yaml_args(struct yu_doc *d, const yaml_node_t *n,
		      const char *keypath, char ***out);

/* A malloc'd formatted string; NULL on ENOMEM (asprintf leaves its
 * pointer undefined then, which no cleanup may free). */
char *problem_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Split S on whitespace into a NULL-terminated vector; NULL on ENOMEM. */
char **problem_split(const char *s);
/* A + B concatenated (copies); NULL on ENOMEM. */
char **problem_strv_concat(char *const *a, char *const *b);
void problem_strv_free(char **v);

static inline void problem_strv_freep(char ***v)
{
	problem_strv_free(*v);
}
#define _cleanup_pstrv_ __attribute__((cleanup(problem_strv_freep)))

/* Parse an argument vector as default-validator flags (last one wins, as
 * in problemtools).  Plain messages ("unknown flag 'x'"): callers prefix
 * the file and key. */
int problem_parse_flag_argv(char *const *argv, struct validator_flags *f,
			    struct arb_err *err);

/* Scoring problems (problem_groups.c): the group of folder REL (data,
 * data/sample, data/secret and below, in walk order: a parent first), with
 * its settings from its test_group.yaml or testdata.yaml.  Then, once the
 * tests are sorted, problem_groups_finish() places the tests in their
 * groups and infers the max scores. */
int problem_group_add(struct pload *c, const char *rel);
int problem_groups_finish(struct pload *c);
void problem_groups_free(struct problem *p);

/* data/sample and data/secret into P->tests; submissions/ into P->subs. */
int problem_load_tests(struct pload *c);
int problem_load_submissions(struct pload *c);

/* input_validators/ into P->input_validators and every test's
 * input_validator_args (problem_inval.c); after problem_load_tests. */
int problem_load_input_validators(struct pload *c);
void problem_input_validators_free(struct problem *p);

/* submissions/submissions.yaml into the submissions' rules
 * (problem_subrules.c); after problem_load_submissions. */
int problem_load_submission_rules(struct pload *c);
/* Whether submissions/FOLDER has no single verdict (rejected,
 * brute_force): only its rule (problem_subrules.c) can judge it. */
bool problem_subrules_only_folder(const char *folder);

#endif
