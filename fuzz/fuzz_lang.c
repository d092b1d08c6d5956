/* fuzz_lang.c - libFuzzer harness: languages.yaml (judge/lang.c).
 *
 * The input is the text of policies/languages.yaml, given to lang_parse()
 * (which also looks the toolchains up on this host: stat() only, nothing
 * is run or written).  Beyond the sanitizers: a refused file is an error
 * with a message, and every template of a table that loads expands with a
 * full set of values (lang_parse() is to refuse unknown placeholders up
 * front, so that no submission meets one), and lookups by id and by
 * extension find each language.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "lang.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void check_expand(const struct language *l, char *const *tmpl, const char *what)
{
	static char main_c[] = "main.c", util_c[] = "util.c";
	static char *const files[] = {main_c, util_c, NULL};
	const struct lang_vars vars = {.files = files, .main = "main.c", .mainclass = "Main",
				       .binary = "a.out", .memlimit_mb = 256};
	struct arb_err err = {0};
	char **argv = NULL;

	if (!tmpl)
		return;
	if (lang_expand(tmpl, &vars, &argv, &err) < 0)
		fz_die("language '%s': %s template does not expand: %s", l->id, what,
		       err.msg);
	FZ_CHECK(argv && argv[0], "language '%s': empty %s argv", l->id, what);
	lang_argv_free(argv);
}

static void check_table(const struct lang_table *t)
{
	FZ_CHECK(t->n > 0, "an empty table loaded");
	for (size_t i = 0; i < t->n; i++) {
		const struct language *l = &t->langs[i];

		FZ_CHECK(l->id && l->name && l->extensions && l->extensions[0] &&
				 l->headers && l->run && l->run[0] && l->compile_policy &&
				 l->run_policy,
			 "language %zu lacks a field", i);
		FZ_CHECK(lang_by_id(t, l->id) == l, "lang_by_id('%s') is another", l->id);
		for (size_t e = 0; l->extensions[e]; e++)
			FZ_CHECK(lang_by_extension(t, l->extensions[e]) == l,
				 "lang_by_extension('%s') is not '%s'", l->extensions[e],
				 l->id);
		FZ_CHECK(l->available == (l->missing == NULL),
			 "language '%s': available %d, missing '%s'", l->id,
			 (int)l->available, l->missing ? l->missing : "(null)");
		check_expand(l, l->compile, "compile");
		check_expand(l, l->run, "run");
		check_expand(l, l->version, "version");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lang_table *t = NULL;
	struct arb_err err = {0};

	if (lang_parse((const char *)data, size, "languages.yaml", &t, &err) < 0) {
		FZ_CHECK(t == NULL, "lang_parse failed but returned a table");
		FZ_CHECK(err.kind != ARB_E_NONE && err.msg[0],
			 "lang_parse failed without an error (kind %d)", (int)err.kind);
	} else {
		FZ_CHECK(t != NULL, "lang_parse succeeded without a table");
		check_table(t);
	}
	lang_table_free(t);
	return 0;
}
