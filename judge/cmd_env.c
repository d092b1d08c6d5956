/* cmd_env.c - the judging commands' languages, cgroups and context, and
 * judging a package's submissions against their expected verdicts; see
 * cmd_common.h.  A file of its own so that commands which do not judge
 * (exec) do not link the judging modules. */
#include "cmd_common.h"

#include <string.h>

int cmd_env_open(struct cmd_env *env, int box_id, enum cg_mode mode,
		 struct arb_err *err)
{
	struct cg_manager_opts opts = {.mode = mode};

	memset(env, 0, sizeof(*env));
	if (lang_load(NULL, &env->langs, err) < 0)
		return -1;
	if (cg_manager_open(&opts, &env->cg, err) < 0) {
		lang_table_free(env->langs);
		env->langs = NULL;
		return -1;
	}
	/* What a killed run left behind (work dirs, their tmpfs). */
	judge_sweep_work(NULL);
	env->ctx.langs = env->langs;
	env->ctx.cg = env->cg;
	env->ctx.box_id = box_id;
	return 0;
}

void cmd_env_close(struct cmd_env *env)
{
	judge_ctx_release(&env->ctx);
	cg_manager_close(env->cg);
	lang_table_free(env->langs);
	memset(env, 0, sizeof(*env));
}

int cmd_judge_expected(struct judge_ctx *ctx, const struct problem *prob,
		       const struct problem_submission *s, struct judgement *j)
{
	struct judge_request req = {.path = s->path};

	if (judge_submission(ctx, prob, &req, j) < 0)
		return -1;
	return (int)j->verdict == s->expected;
}

json_t *cmd_expected_json(const struct problem_submission *s,
			  const struct judgement *j, bool ok)
{
	return json_pack("{s:s, s:s, s:s, s:b, s:I, s:I, s:s}", "name", s->name,
			 "expected", verdict_name((enum verdict)s->expected),
			 "verdict", verdict_name(j->verdict), "ok", ok,
			 "time_ms", (json_int_t)((j->cpu_us + 500) / 1000),
			 "memory_kb", (json_int_t)j->mem_kib, "message", j->message);
}
