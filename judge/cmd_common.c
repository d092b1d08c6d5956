/* cmd_common.c - shared set-up of the judging commands; see cmd_common.h. */
#include "cmd_common.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/units.h"
#include "problem_import.h"
#include "sandbox/sandbox.h"

int cmd_problem_load(const char *problem, struct problem **prob, char **tmpdir,
		     struct arb_err *err)
{
	_cleanup_free_ char *pkg = NULL;
	struct stat st;

	*prob = NULL;
	*tmpdir = NULL;
	if (stat(problem, &st) < 0 || S_ISDIR(st.st_mode))
		return problem_load(problem, prob, err);
	if (problem_import_file(problem, tmpdir, &pkg, err) < 0)
		return -1;
	if (problem_load(pkg, prob, err) < 0) {
		problem_import_cleanup(*tmpdir);
		*tmpdir = NULL;
		/* Name what the user gave, not the temporary folder. */
		return arb_err_prefix(err, "'%s'", problem);
	}
	return 0;
}

int cmd_parse_cgroup_mode(const char *s, enum cg_mode *mode)
{
	static const struct {
		const char *name;
		enum cg_mode mode;
	} modes[] = {{"auto", CG_MODE_AUTO}, {"v1", CG_MODE_V1},
		     {"v2", CG_MODE_V2}, {"none", CG_MODE_NONE}};

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(s, modes[i].name)) {
			*mode = modes[i].mode;
			return 0;
		}
	return -1;
}

int cmd_parse_slot_option(const char *cmd, int c, const char *arg,
			  uint64_t *box, enum cg_mode *mode)
{
	struct arb_err err;

	if (c == 'b' && units_parse_uint(arg, SBX_BOX_ID_MAX, box, &err) < 0) {
		fprintf(stderr, "arbiter %s: --box-id: %s\n", cmd, err.msg);
		return -1;
	}
	if (c == 'c' && cmd_parse_cgroup_mode(arg, mode) < 0) {
		fprintf(stderr, "arbiter %s: --cgroup '%s': expected auto, v1, v2 "
			"or none\n", cmd, arg);
		return -1;
	}
	return 0;
}

bool cmd_use_colour(FILE *f)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(fileno(f)) && !(nc && *nc);
}

const char *cmd_verdict_colour(enum verdict v, bool colour)
{
	if (!colour)
		return "";
	switch (v) {
	case VERDICT_AC:
		return "\033[32m";
	case VERDICT_JE:
		return "\033[35m";
	case VERDICT_CE:
		return "\033[33m";
	default:
		return "\033[31m";
	}
}

const char *cmd_colour_reset(bool colour)
{
	return colour ? "\033[0m" : "";
}
