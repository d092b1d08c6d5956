/* cmd_env.c - the judging commands' languages, cgroups and context; see
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
	env->ctx.langs = env->langs;
	env->ctx.cg = env->cg;
	env->ctx.box_id = box_id;
	return 0;
}

void cmd_env_close(struct cmd_env *env)
{
	cg_manager_close(env->cg);
	lang_table_free(env->langs);
	memset(env, 0, sizeof(*env));
}
