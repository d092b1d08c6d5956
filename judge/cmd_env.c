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
	struct judge_request req = {.path = s->path, .run_all_tests = s->n_rules > 0,
				    .example = true};

	if (judge_submission(ctx, prob, &req, j) < 0)
		return -1;
	/* submissions.yaml's rules (with the folder's own among them) are
	 * about every test, so every test ran. */
	if (s->n_rules) {
		int one = (int)j->verdict, *v = j->n_tests ? calloc(j->n_tests, sizeof(*v)) : &one;
		const char **names = j->n_tests ? calloc(j->n_tests, sizeof(*names)) : NULL;
		bool met;

		if (!v || (j->n_tests && !names)) {
			if (v != &one)
				free(v);
			free(names);
			return -1;
		}
		for (size_t i = 0; i < j->n_tests; i++) {
			v[i] = (int)j->tests[i].verdict;
			names[i] = j->tests[i].name;
		}
		met = problem_subrules_met(s, v, names, j->n_tests ? j->n_tests : 1);
		free(names);
		if (v != &one)
			free(v);
		if (!met || !s->partial)
			return met;
	}
	/* partially_accepted: some of the score but not all of it (as
	 * legacy asks), judged - not CE or JE. */
	if (s->partial)
		return j->verdict != VERDICT_CE && j->verdict != VERDICT_JE &&
		       j->score > 0 && j->score < j->max_score;
	return (int)j->verdict == s->expected;
}

const char *cmd_expected_name(const struct problem_submission *s)
{
	if (s->n_rules) /* submissions.yaml: over every test */
		return "rules";
	return s->partial ? "partial" : verdict_name((enum verdict)s->expected);
}

json_t *cmd_expected_json(const struct problem_submission *s,
			  const struct judgement *j, bool ok)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:I, s:I, s:s}", "name", s->name,
			      "expected", cmd_expected_name(s),
			      "verdict", verdict_name(j->verdict), "ok", ok,
			      "time_ms", (json_int_t)((j->cpu_us + 500) / 1000),
			      "memory_kb", (json_int_t)j->mem_kib, "message", j->message);

	if (o && j->scoring)
		json_object_set_new(o, "score", json_real(j->score));
	return o;
}
