/* cmd_common.h - what the judging commands (run, verify, batch) share. */
#ifndef ARBITER_CMD_COMMON_H
#define ARBITER_CMD_COMMON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "judge.h"
#include "sandbox/cgroup.h"

/* Languages, cgroup manager and a judge context for one slot. */
struct cmd_env {
	struct lang_table *langs;
	struct cg_manager *cg;
	struct judge_ctx ctx;
};

int cmd_env_open(struct cmd_env *env, int box_id, enum cg_mode mode,
		 struct arb_err *err);
void cmd_env_close(struct cmd_env *env);

/* PROBLEM as given on the command line: a package folder, or a packed one
 * (.zip .tar .tar.gz .tgz .tar.xz), unpacked by problem_import_file() with
 * the worker's rules and caps.  *TMPDIR is then the directory to pass to
 * problem_import_cleanup() once PROB is no longer used (NULL for a
 * folder, and on failure). */
int cmd_problem_load(const char *problem, struct problem **prob, char **tmpdir,
		     struct arb_err *err);

/* Judge submission S of package PROB (one of prob->subs) as `verify` and
 * `selftest` do, and compare its verdict with the one its folder expects.
 * Fills J (release it with judgement_free) and returns 1 when the verdict
 * is the expected one, 0 when it is not, -1 when J could not be filled
 * (out of memory). */
int cmd_judge_expected(struct judge_ctx *ctx, const struct problem *prob,
		       const struct problem_submission *s, struct judgement *j);

/* "partial" for a partially_accepted submission, else its expected
 * verdict's name. */
const char *cmd_expected_name(const struct problem_submission *s);

/* S's outcome as one JSON object: name, expected, verdict, ok, time_ms,
 * memory_kb, message.  NULL when out of memory. */
json_t *cmd_expected_json(const struct problem_submission *s,
			  const struct judgement *j, bool ok);

/* "auto", "v1", "v2", "none" -> mode; -1 when unknown. */
int cmd_parse_cgroup_mode(const char *s, enum cg_mode *mode);

/* The judging commands' --box-id N ('b') and --cgroup MODE ('c'): parse
 * option C's ARG into *BOX or *MODE.  Returns 0, or -1 after printing
 * "arbiter CMD: --box-id: ..." (a usage error). */
int cmd_parse_slot_option(const char *cmd, int c, const char *arg,
			  uint64_t *box, enum cg_mode *mode);

/* Colour for people: only on a terminal, and never with NO_COLOR set. */
bool cmd_use_colour(FILE *f);
const char *cmd_verdict_colour(enum verdict v, bool colour);
const char *cmd_colour_reset(bool colour);

#endif
