/* cmd_common.h - what the judging commands (run, verify, batch) share. */
#ifndef ARBITER_CMD_COMMON_H
#define ARBITER_CMD_COMMON_H

#include <stdbool.h>
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

/* "auto", "v1", "v2", "none" -> mode; -1 when unknown. */
int cmd_parse_cgroup_mode(const char *s, enum cg_mode *mode);

/* Colour for people: only on a terminal, and never with NO_COLOR set. */
bool cmd_use_colour(FILE *f);
const char *cmd_verdict_colour(enum verdict v, bool colour);
const char *cmd_colour_reset(bool colour);

#endif
