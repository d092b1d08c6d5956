/* judge_include.c - include/ (2025-09): files the package adds to every
 * submission before it is compiled, from include/<language>/ or else
 * include/default/, in place of the submission's own files of the same
 * names.  They are copied with the intake's rules (no links, caps) and
 * get the problem's constants, as the spec says of included code. */
#include "judge_internal.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/fsutil.h"

/* Drop NAME from RES's list (the submission's file it replaces). */
static void forget(struct intake_result *res, const char *name)
{
	for (size_t i = 0; i < res->n_files; i++) {
		if (strcmp(res->files[i], name) != 0)
			continue;
		free(res->files[i]);
		memmove(res->files + i, res->files + i + 1,
			(res->n_files - i) * sizeof(*res->files)); /* with the NULL */
		res->n_files--;
		return;
	}
}

/* The sources of L among FILES that are not in NOT (a list of names). */
static int own_sources(const struct language *l, char *const *files, char *const *not,
		       char ***out, struct arb_err *err)
{
	size_t k = 0;

	if (lang_sources(l, files, out, err) < 0)
		return -1;
	for (size_t i = 0; (*out)[i]; i++) {
		bool included = false;

		for (size_t j = 0; not && not[j] && !included; j++)
			included = strcmp((*out)[i], not[j]) == 0;
		if (!included)
			(*out)[k++] = (*out)[i];
	}
	(*out)[k] = NULL;
	return 0;
}

/* Copy the include files in (their names: INC), in place of the
 * submission's files of the same names. */
static int copy_includes(const struct problem *prob, const char *dir, const struct work *w,
			 struct intake_result *files, struct intake_result *inc,
			 struct arb_err *err)
{
	struct intake_limits lim = judge_submission_limits;
	_cleanup_free_ char *scratch = judge_join(w->root, "include");
	int rc = -1;

	/* Their names first, checked by a copy aside. */
	if (!scratch)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "include");
	if (mkdir(scratch, 0700) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "mkdir '%s'", scratch);
	if (intake_path(dir, scratch, &lim, inc, err) < 0)
		goto out;
	for (size_t i = 0; i < inc->n_files; i++) {
		_cleanup_free_ char *mine = judge_join(w->src, inc->files[i]);

		if (!mine) {
			arb_fail(err, ARB_E_INTERNAL, ENOMEM, "include");
			goto out;
		}
		/* No box has run in src/ yet, and the intake made no links. */
		if (unlink(mine) < 0 && errno != ENOENT) {
			arb_fail(err, ARB_E_SUBMISSION, errno,
				 "'%s' is in the way of the problem's include file", inc->files[i]);
			goto out;
		}
		forget(files, inc->files[i]);
	}
	if (intake_path(dir, w->src, &lim, files, err) < 0 ||
	    problem_substitute_constants(prob, w->src, inc->files, err) < 0)
		goto out;
	rc = 0;
out:
	fsutil_rm_rf(scratch);
	if (rc < 0 && err->kind == ARB_E_REQUEST)
		err->kind = ARB_E_PACKAGE; /* include/ is the package's */
	return rc;
}

/* include/<language>/, else include/default/; NULL when neither. */
static char *include_dir(const struct problem *prob, const struct language *l)
{
	const char *const names[] = {l->id, "default"};

	for (size_t i = 0; prob->include_dir && i < 2; i++) {
		char *dir;
		struct stat st;

		if (asprintf(&dir, "%s/%s", prob->include_dir, names[i]) < 0)
			return NULL;
		if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
			return dir;
		free(dir);
	}
	return NULL;
}

int judge_sources_and_main(const struct problem *prob, const struct language *l,
			   const struct work *w, struct intake_result *files, char ***srcs,
			   char **main, char **mainclass, struct arb_err *err)
{
	struct intake_result inc = {0};
	_cleanup_free_ char *dir = include_dir(prob, l);
	char **own = NULL;
	int rc = -1;

	if (dir && copy_includes(prob, dir, w, files, &inc, err) < 0)
		goto out;
	if (lang_sources(l, files->files, srcs, err) < 0)
		goto out;
	/* The main file: among all of them (an included driver named as the
	 * language's main is the main); when that is ambiguous, among the
	 * submission's own. */
	if (lang_find_main(l, w->src, *srcs, main, mainclass, err) == 0) {
		rc = 0;
		goto out;
	}
	if (!inc.n_files || own_sources(l, files->files, inc.files, &own, err) < 0)
		goto out;
	arb_err_clear(err);
	rc = lang_find_main(l, w->src, own, main, mainclass, err);
out:
	free(own);
	intake_result_free(&inc);
	return rc;
}
