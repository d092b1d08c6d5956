/* check_lang.c - policies/languages.yaml and the language module (lang.c,
 * lang_run.c).
 *
 * The shipped table loads, and names the toolchains this host has (C, C++,
 * Python 3, Java and JavaScript must be there; Rust is reported missing,
 * with its reason, unless rustc is in the box's PATH); every broken fixture
 * in testdata/languages-bad/ is refused with its exact message (and every
 * fixture there has one); detection, entry points (Java main classes read
 * from real files) and template expansion are checked on their own.
 * Tier 1: no privilege needed, nothing is run.
 */
#include <check.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lang.h"
#include "testutil.h"

Suite *suite_lang(void);

static struct lang_table *shipped(void)
{
	struct lang_table *t = NULL;
	struct arb_err err = {0};

	ck_assert_msg(lang_load(tu_policy_dir(), &t, &err) == 0, "%s", err.msg);
	return t;
}

static struct lang_table *parse(const char *yaml)
{
	struct lang_table *t = NULL;
	struct arb_err err = {0};

	ck_assert_msg(lang_parse(yaml, strlen(yaml), "languages.yaml", &t, &err) == 0,
		      "%s", err.msg);
	return t;
}

static void assert_strv(char *const *got, const char *const *want)
{
	size_t i;

	for (i = 0; want[i]; i++) {
		ck_assert_msg(got && got[i], "word %zu missing (want '%s')", i, want[i]);
		ck_assert_str_eq(got[i], want[i]);
	}
	ck_assert_msg(!got || !got[i], "extra word '%s'", got[i]);
}

/*** The shipped table ***/

START_TEST(test_shipped_loads)
{
	static const char *const ids[] = {"c", "cpp", "python3", "java",
					  "javascript", "rust"};
	static const char *const c_compile[] = {"gcc", "-O2", "-std=gnu17", "-pipe", "-o",
						"{binary}", "{files}", "-lm", NULL};
	struct lang_table *t = shipped();
	const struct language *c, *java, *js;

	ck_assert_uint_eq(t->n, 6);
	for (size_t i = 0; i < 6; i++) {
		ck_assert_str_eq(t->langs[i].id, ids[i]);
		ck_assert_str_eq(t->langs[i].compile_policy, "default");
		ck_assert_str_eq(t->langs[i].run_policy, "default");
		ck_assert_ptr_nonnull(t->langs[i].version);
	}
	c = lang_by_id(t, "c");
	ck_assert_str_eq(c->name, "C");
	assert_strv(c->compile, c_compile);
	assert_strv(c->headers, (const char *const[]){"h", NULL});
	ck_assert_int_eq(c->entry, LANG_ENTRY_FILE);
	/* Defaults where the file says nothing. */
	ck_assert(c->mem_multiplier == 1 && c->time_multiplier == 1);
	ck_assert_uint_eq(c->mem_extra_mib, 0);
	ck_assert_uint_eq(c->run_pids, 16);
	ck_assert_uint_eq(c->compile_mem_mib, 1024);
	ck_assert_uint_eq(c->compile_pids, 64);

	java = lang_by_id(t, "java");
	ck_assert_int_eq(java->entry, LANG_ENTRY_JAVA_CLASS);
	ck_assert(java->mem_multiplier == 1);
	ck_assert_uint_eq(java->mem_extra_mib, 256);
	ck_assert_uint_eq(java->run_pids, 64);
	ck_assert_uint_eq(java->compile_mem_mib, 2048);
	ck_assert_uint_eq(java->compile_pids, 64);

	js = lang_by_id(t, "javascript");
	ck_assert_ptr_nonnull(js->compile);
	ck_assert_ptr_null(lang_by_id(t, "cobol"));
	lang_table_free(t);
}
END_TEST

START_TEST(test_shipped_available)
{
	static const char *const here[] = {"c", "cpp", "python3", "java", "javascript"};
	struct lang_table *t = shipped();
	const struct language *rust = lang_by_id(t, "rust");
	char path[PATH_MAX];

	for (size_t i = 0; i < sizeof(here) / sizeof(here[0]); i++) {
		const struct language *l = lang_by_id(t, here[i]);

		ck_assert_msg(l->available, "%s: %s", l->id, l->missing);
		ck_assert_ptr_null(l->missing);
	}
	/* Rustup puts rustc in ~/.cargo/bin, which the box cannot see. */
	if (lang_which("rustc", path, sizeof(path)) == 0) {
		ck_assert(rust->available);
	} else {
		ck_assert(!rust->available);
		ck_assert_str_eq(rust->missing,
				 "'rustc' not found in /usr/local/bin:/usr/bin:/bin");
	}
	lang_table_free(t);
}
END_TEST

/* Detection looks where the box looks, and checks compile[0], run[0] and
 * every absolute path; words naming files in /box are not checked. */
START_TEST(test_availability_rules)
{
	struct lang_table *t = parse(
		"languages:\n"
		"  - {id: sh, extensions: [sh], run: [/bin/sh, '{main}']}\n"
		"  - {id: abs, extensions: [a], run: [/nonexistent/prog]}\n"
		"  - {id: bare, extensions: [b], run: [no-such-program-arbiter]}\n"
		"  - {id: noexec, extensions: [n], run: [/etc/passwd]}\n"
		"  - {id: comp, extensions: [cc], compile: [no-such-cc-arbiter, '{files}'],\n"
		"     run: ['./{binary}']}\n"
		"  - {id: later, extensions: [l], run: [sh, -c, x, /nonexistent/lib]}\n"
		"  - {id: arg, extensions: [g], run: [sh, /etc/passwd, /usr]}\n"
		"  - {id: boxed, extensions: [x], compile: [sh, '{files}'], run: [./run.sh, x/y]}\n");
	const struct language *l;
	char path[PATH_MAX];

	ck_assert(lang_by_id(t, "sh")->available);
	l = lang_by_id(t, "abs");
	ck_assert(!l->available);
	ck_assert_str_eq(l->missing, "'/nonexistent/prog' not found");
	ck_assert_str_eq(lang_by_id(t, "bare")->missing,
			 "'no-such-program-arbiter' not found in " LANG_BOX_PATH);
	ck_assert_str_eq(lang_by_id(t, "noexec")->missing,
			 "'/etc/passwd' is not an executable file");
	ck_assert_str_eq(lang_by_id(t, "comp")->missing,
			 "'no-such-cc-arbiter' not found in " LANG_BOX_PATH);
	ck_assert_str_eq(lang_by_id(t, "later")->missing, "'/nonexistent/lib' not found");
	/* An argument only has to exist; it is not run. */
	ck_assert_msg(lang_by_id(t, "arg")->available, "%s", lang_by_id(t, "arg")->missing);
	ck_assert_msg(lang_by_id(t, "boxed")->available, "%s",
		      lang_by_id(t, "boxed")->missing);
	/* The name defaults to the id; no compile step is NULL. */
	ck_assert_str_eq(lang_by_id(t, "sh")->name, "sh");
	ck_assert_ptr_null(lang_by_id(t, "sh")->compile);
	ck_assert_int_eq(lang_which("sh", path, sizeof(path)), 0);
	ck_assert(!strcmp(path, "/usr/bin/sh") || !strcmp(path, "/bin/sh"));
	ck_assert_int_eq(lang_which("./sh", path, sizeof(path)), -1);
	lang_table_free(t);
}
END_TEST

/*** Broken files ***/

static const struct {
	const char *name, *msg;
} bad_fixtures[] = {
	{"alias",
	 "languages.yaml: languages[1].extensions: aliases are not supported"},
	{"bad-entry",
	 "languages.yaml: languages[0].entry: expected file or java-class, not 'class'"},
	{"bad-id",
	 "languages.yaml: languages[0].id: 'C Lang' is not a valid id ([a-z0-9][a-z0-9_+-]*)"},
	{"bad-number",
	 "languages.yaml: languages[0].limits.run_pids: 'lots' is not a whole number"},
	{"bad-policy",
	 "languages.yaml: languages[0].run_policy: '../default' is not a policy name"},
	{"binary-no-compile",
	 "languages.yaml: languages[0].run: uses '{binary}' but there is no compile step"},
	{"dot-ext",
	 "languages.yaml: languages[0].extensions[0]: '.c': write the extension without the dot"},
	{"dup-ext-same",
	 "languages.yaml: languages[0].extensions[2]: 'cpp' is listed twice"},
	{"dup-ext",
	 "languages.yaml: languages[1].extensions: 'c' is also an extension of languages[0] (c)"},
	{"dup-id",
	 "languages.yaml: languages[1].id: 'c' is also the id of languages[0]"},
	{"empty-list",
	 "languages.yaml: languages: must not be empty"},
	{"empty-word",
	 "languages.yaml: languages[0].run[1]: must not be empty"},
	{"empty",
	 "languages.yaml: empty file"},
	{"entry-not-map",
	 "languages.yaml: languages[0]: expected a map"},
	{"files-in-word",
	 "languages.yaml: languages[0].compile[1]: '{files}' must be a word of its own"},
	{"header-clash",
	 "languages.yaml: languages[1].extensions: 'h' is also a header extension of languages[0] (c)"},
	{"header-is-source",
	 "languages.yaml: languages[0].headers: 'h' is also a source extension"},
	{"header-vs-source",
	 "languages.yaml: languages[1].headers: 'h' is a source extension of languages[0] (hack)"},
	{"missing-extensions",
	 "languages.yaml: languages[0].extensions: missing"},
	{"missing-id",
	 "languages.yaml: languages[0].id: missing"},
	{"missing-run",
	 "languages.yaml: languages[0].run: missing"},
	{"no-languages",
	 "languages.yaml: langs: unknown key"},
	{"not-a-map",
	 "languages.yaml: expected a map with the key 'languages'"},
	{"null-name",
	 "languages.yaml: languages[0].name: expected a string, not null"},
	{"out-of-range",
	 "languages.yaml: languages[0].limits.mem_multiplier: 0.5 is out of range [1, 16]"},
	{"quoted-number",
	 "languages.yaml: languages[0].limits.compile_mem_mib: expected a whole number"},
	{"run-string",
	 "languages.yaml: languages[0].run: expected a list of strings"},
	{"syntax",
	 "languages.yaml: line 4: did not find expected ',' or ']' (while parsing a flow sequence)"},
	{"tag",
	 "languages.yaml: languages[0].id: unsupported tag '!lang'"},
	{"top-unknown",
	 "languages.yaml: version: unknown key"},
	{"two-docs",
	 "languages.yaml: line 5: more than one YAML document"},
	{"unknown-key",
	 "languages.yaml: languages[0].flags: unknown key"},
	{"unknown-limit",
	 "languages.yaml: languages[0].limits.stack_mib: unknown key"},
	{"unknown-placeholder",
	 "languages.yaml: languages[0].compile[3]: unknown placeholder '{source}'"},
	{"unmatched-brace",
	 "languages.yaml: languages[0].run[0]: unmatched '{' (write '{{')"},
	{"unmatched-close",
	 "languages.yaml: languages[0].run[2]: unmatched '}' (write '}}')"},
	{"upper-ext",
	 "languages.yaml: languages[0].extensions[0]: 'C' is not a valid extension ([a-z0-9][a-z0-9_+-]*, lowercase)"},
	{"version-placeholder",
	 "languages.yaml: languages[0].version[1]: placeholders are not allowed here"},
};
#define N_BAD (sizeof(bad_fixtures) / sizeof(bad_fixtures[0]))

START_TEST(test_bad_fixture)
{
	char rel[128];
	struct lang_table *t = NULL;
	struct arb_err err = {0};
	size_t len = 0;
	char *text;

	snprintf(rel, sizeof(rel), "languages-bad/%s.yaml", bad_fixtures[_i].name);
	text = tu_read_file(tu_srcdata(rel), &len);
	ck_assert_msg(text != NULL, "cannot read %s", rel);
	ck_assert_int_eq(lang_parse(text, len, "languages.yaml", &t, &err), -1);
	ck_assert_ptr_null(t);
	ck_assert_msg(err.kind == ARB_E_PACKAGE, "%s: kind %s", bad_fixtures[_i].name,
		      arb_errkind_name(err.kind));
	ck_assert_str_eq(err.msg, bad_fixtures[_i].msg);
	free(text);
}
END_TEST

START_TEST(test_every_fixture_listed)
{
	DIR *d = opendir(tu_srcdata("languages-bad"));
	struct dirent *e;
	size_t seen = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name), i;

		if (e->d_name[0] == '.')
			continue;
		ck_assert_msg(len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0,
			      "stray file '%s'", e->d_name);
		for (i = 0; i < N_BAD; i++)
			if (strlen(bad_fixtures[i].name) == len - 5 &&
			    strncmp(bad_fixtures[i].name, e->d_name, len - 5) == 0)
				break;
		ck_assert_msg(i < N_BAD, "fixture '%s' has no expected message", e->d_name);
		seen++;
	}
	closedir(d);
	ck_assert_uint_eq(seen, N_BAD);
}
END_TEST

START_TEST(test_load_errors)
{
	struct lang_table *t = NULL;
	struct arb_err err = {0};
	char *dir = tu_mkdtemp(), path[PATH_MAX];

	ck_assert_int_eq(lang_load(dir, &t, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_PACKAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "languages.yaml': No such file"));
	/* A FIFO in its place is refused at once, not waited on. */
	snprintf(path, sizeof(path), "%s/languages.yaml", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(lang_load(dir, &t, &err), -1);
	ck_assert_str_eq(err.msg, "languages.yaml: not a regular file");
	ck_assert_ptr_null(t);
	tu_rm_rf(dir);
	free(dir);
	lang_table_free(NULL);
	lang_argv_free(NULL);
}
END_TEST

/*** Detection ***/

static const char *detect_id(const struct lang_table *t, const char *id,
			     const char *const *files, struct arb_err *err)
{
	const struct language *l = NULL;

	if (lang_detect(t, id, (char *const *)files, &l, err) < 0) {
		ck_assert_ptr_null(l);
		return NULL;
	}
	return l->id;
}

#define FILES(...) ((const char *const[]){__VA_ARGS__, NULL})

START_TEST(test_detect)
{
	struct lang_table *t = shipped();
	struct arb_err err = {0};

	ck_assert_str_eq(lang_by_extension(t, "py")->id, "python3");
	ck_assert_str_eq(lang_by_extension(t, ".PY")->id, "python3");
	ck_assert_str_eq(lang_by_extension(t, "C++")->id, "cpp");
	ck_assert_ptr_null(lang_by_extension(t, "h"));
	ck_assert_ptr_null(lang_by_extension(t, ""));

	ck_assert_str_eq(detect_id(t, NULL, FILES("hello.c"), &err), "c");
	ck_assert_str_eq(detect_id(t, NULL, FILES("src/A.CPP"), &err), "cpp");
	ck_assert_str_eq(detect_id(t, NULL, FILES("Main.java", "Util.java"), &err), "java");
	/* Headers go with their language; unrelated files are ignored. */
	ck_assert_str_eq(detect_id(t, NULL, FILES("util.h", "main.c"), &err), "c");
	ck_assert_str_eq(detect_id(t, NULL, FILES("main.cpp", "a.hpp", "b.h"), &err), "cpp");
	ck_assert_str_eq(detect_id(t, NULL, FILES("main.py", "README.md", "Makefile"), &err),
			 "python3");
	/* An explicit id wins over the extensions. */
	ck_assert_str_eq(detect_id(t, "cpp", FILES("main.c"), &err), "cpp");

	ck_assert_ptr_null(detect_id(t, NULL, FILES("a.c", "b.py"), &err));
	ck_assert_int_eq(err.kind, ARB_E_REQUEST);
	ck_assert_str_eq(err.msg, "files of several languages: 'a.c' is c, 'b.py' is "
				  "python3 (choose one with --lang)");
	ck_assert_ptr_null(detect_id(t, NULL, FILES("main.c", "x.hpp"), &err));
	ck_assert_str_eq(err.msg, "'x.hpp' does not belong with C sources ('main.c')");
	ck_assert_ptr_null(detect_id(t, NULL, FILES("main.py", "x.h"), &err));
	ck_assert_str_eq(err.msg, "'x.h' does not belong with Python 3 sources ('main.py')");
	ck_assert_ptr_null(detect_id(t, NULL, FILES("x.foo", ".c"), &err));
	ck_assert_int_eq(err.kind, ARB_E_REQUEST);
	ck_assert_str_eq(err.msg, "cannot tell the language of 'x.foo', '.c': no known "
				  "source extension (choose one with --lang)");
	ck_assert_ptr_null(detect_id(t, NULL, FILES("only.h"), &err));
	ck_assert_ptr_null(detect_id(t, NULL, (const char *const[]){NULL}, &err));
	ck_assert_str_eq(err.msg, "cannot tell the language of an empty submission: no "
				  "known source extension (choose one with --lang)");
	ck_assert_ptr_null(detect_id(t, "cobol", FILES("main.c"), &err));
	ck_assert_int_eq(err.kind, ARB_E_REQUEST);
	ck_assert_str_eq(err.msg, "unknown language 'cobol'");
	lang_table_free(t);
}
END_TEST

/* A missing toolchain is refused with its reason, by id or extension. */
START_TEST(test_detect_unavailable)
{
	struct lang_table *t = parse(
		"languages:\n"
		"  - {id: ghost, extensions: [gh], run: [no-such-program-arbiter]}\n");
	struct arb_err err = {0};
	const char *want = "language 'ghost' is not available on this host: "
			   "'no-such-program-arbiter' not found in " LANG_BOX_PATH;

	ck_assert_ptr_null(detect_id(t, "ghost", FILES("a.gh"), &err));
	ck_assert_int_eq(err.kind, ARB_E_REQUEST);
	ck_assert_str_eq(err.msg, want);
	ck_assert_ptr_null(detect_id(t, NULL, FILES("a.gh"), &err));
	ck_assert_str_eq(err.msg, want);
	lang_table_free(t);
}
END_TEST

START_TEST(test_sources)
{
	struct lang_table *t = shipped();
	struct arb_err err = {0};
	char **src = NULL;

	ck_assert_int_eq(lang_sources(lang_by_id(t, "cpp"),
				      (char *const *)FILES("main.cpp", "u.hpp", "r.md", "X.CC"),
				      &src, &err), 0);
	assert_strv(src, FILES("main.cpp", "X.CC"));
	free(src);
	lang_table_free(t);
}
END_TEST

/*** Entry points ***/

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (strchr(name, '/')) {
		char sub[PATH_MAX];

		snprintf(sub, sizeof(sub), "%s/%.*s", dir,
			 (int)(strrchr(name, '/') - name), name);
		mkdir(sub, 0755);
	}
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* Run lang_find_main for language ID; on success check MAIN and CLS,
 * on failure the message MSG (MAIN NULL). */
static void expect_main(const struct lang_table *t, const char *id, const char *dir,
			const char *const *files, const char *main, const char *cls,
			const char *msg)
{
	char *m = NULL, *c = NULL;
	struct arb_err err = {0};
	int rc = lang_find_main(lang_by_id(t, id), dir, (char *const *)files, &m, &c, &err);

	if (main) {
		ck_assert_msg(rc == 0, "%s", err.msg);
		ck_assert_str_eq(m, main);
		ck_assert_str_eq(c, cls);
	} else {
		ck_assert_int_eq(rc, -1);
		ck_assert_ptr_null(m);
		ck_assert_ptr_null(c);
		ck_assert_int_eq(err.kind, ARB_E_SUBMISSION);
		ck_assert_str_eq(err.msg, msg);
	}
	free(m);
	free(c);
}

START_TEST(test_find_main_java)
{
	struct lang_table *t = shipped();
	char *dir = tu_mkdtemp();

	/* Decoys: main in comments, strings and text blocks; a helper class
	 * with main not static; "Foo.class" expressions. */
	write_file(dir, "Helper.java",
		   "import static java.lang.Math.*;\n"
		   "// public static void main(String[] a) in class Fake\n"
		   "/* public class Fake { public static void main(String[] a) {} } */\n"
		   "class Helper {\n"
		   "    String s = \"public static void main(\\\"\";\n"
		   "    char q = '\"';\n"
		   "    String tb = \"\"\"\n"
		   "        class Fake { public static void main(String[] a) {} }\n"
		   "        \"\"\";\n"
		   "    public void main(String[] a) { Object o = Helper.class; }\n"
		   "}\n");
	write_file(dir, "Solution.java",
		   "public final class Solution {\n"
		   "    static class Inner { int x; }\n"
		   "    static public void main(final String... args) {\n"
		   "        new Runnable() { public void run() {} }.run();\n"
		   "    }\n"
		   "}\n");
	expect_main(t, "java", dir, FILES("Helper.java", "Solution.java", "notes.txt"),
		    "Solution.java", "Solution", NULL);

	/* Packages and nested classes give the binary name java wants. */
	write_file(dir, "p/Prog.java",
		   "package contest.round1;\n"
		   "public class Prog {\n"
		   "  public static class Entry {\n"
		   "    @SuppressWarnings(\"unused\")\n"
		   "    public static void main(String[] args) { }\n"
		   "  }\n"
		   "}\n");
	expect_main(t, "java", dir, FILES("p/Prog.java", "Helper.java"), "p/Prog.java",
		    "contest.round1.Prog$Entry", NULL);

	/* Several mains: the class called Main, else an error. */
	write_file(dir, "A.java", "class A { public static void main(String[] a) {} }\n");
	write_file(dir, "Main.java",
		   "public class Main { public static void main(String[] a) {} }\n");
	expect_main(t, "java", dir, FILES("A.java", "Main.java", "Solution.java"),
		    "Main.java", "Main", NULL);
	expect_main(t, "java", dir, FILES("A.java", "Solution.java"), NULL, NULL,
		    "several classes declare main ('A', 'Solution'); name the entry "
		    "class Main");
	expect_main(t, "java", dir, FILES("Helper.java"), NULL, NULL,
		    "no class declares 'public static void main' among 'Helper.java'");
	expect_main(t, "java", dir, FILES("README.md"), NULL, NULL,
		    "no Java source file among 'README.md'");
	tu_rm_rf(dir);
	free(dir);
	lang_table_free(t);
}
END_TEST

START_TEST(test_find_main_files)
{
	struct lang_table *t = shipped();

	/* Python runs {main}: a single file, else main.py / __main__.py. */
	expect_main(t, "python3", NULL, FILES("solve.py"), "solve.py", "solve", NULL);
	expect_main(t, "python3", NULL, FILES("util.py", "main.py", "data.txt"), "main.py",
		    "main", NULL);
	expect_main(t, "python3", NULL, FILES("pkg/x.py", "pkg/__main__.py"),
		    "pkg/__main__.py", "pkg/__main__", NULL);
	expect_main(t, "python3", NULL, FILES("lib/main.py", "main.py"), "main.py", "main",
		    NULL);
	expect_main(t, "python3", NULL, FILES("a.py", "b.py"), NULL, NULL,
		    "no main file among 'a.py', 'b.py' (name it main.py)");
	expect_main(t, "python3", NULL, FILES("a/main.py", "b/Main.py"), NULL, NULL,
		    "several main files among 'a/main.py', 'b/Main.py'");
	/* C compiles {files} together: main.c if there is one, else the
	 * first source - never an error. */
	expect_main(t, "c", NULL, FILES("util.c", "util.h", "Main.c"), "Main.c", "Main", NULL);
	expect_main(t, "c", NULL, FILES("b.c", "a.c"), "b.c", "b", NULL);
	expect_main(t, "javascript", NULL, FILES("main.js", "lib.js"), "main.js", "main",
		    NULL);
	expect_main(t, "c", NULL, FILES("util.h"), NULL, NULL,
		    "no C source file among 'util.h'");
	lang_table_free(t);
}
END_TEST

/*** Expansion ***/

static void expect_argv(char *const *tmpl, const struct lang_vars *v,
			const char *const *want)
{
	struct arb_err err = {0};
	char **argv = NULL;

	ck_assert_msg(lang_expand(tmpl, v, &argv, &err) == 0, "%s", err.msg);
	assert_strv(argv, want);
	lang_argv_free(argv);
}

static void expect_expand_error(char *const *tmpl, const struct lang_vars *v,
				enum arb_errkind kind, const char *msg)
{
	struct arb_err err = {0};
	char **argv = NULL;

	ck_assert_int_eq(lang_expand(tmpl, v, &argv, &err), -1);
	ck_assert_ptr_null(argv);
	ck_assert_int_eq(err.kind, kind);
	ck_assert_str_eq(err.msg, msg);
}

#define TMPL(...) ((char *const[]){__VA_ARGS__, NULL})

START_TEST(test_expand)
{
	struct lang_table *t = shipped();
	struct lang_vars v = {
		.files = (char *const *)FILES("main.c", "util.c"),
		.main = "main.c",
		.mainclass = "Main",
		.binary = "a.out",
		.memlimit_mb = 256,
	};

	expect_argv(lang_by_id(t, "c")->compile, &v,
		    FILES("gcc", "-O2", "-std=gnu17", "-pipe", "-o", "a.out", "main.c",
			  "util.c", "-lm"));
	expect_argv(lang_by_id(t, "c")->run, &v, FILES("./a.out"));
	expect_argv(lang_by_id(t, "java")->run, &v,
		    FILES("java", "-Xmx256m", "-Xss64m", "-XX:+UseSerialGC", "-cp", ".",
			  "Main"));
	expect_argv(lang_by_id(t, "javascript")->run, &v,
		    FILES("node", "--max-old-space-size=256", "main.c"));
	/* Substitution is one pass: a value holding braces stays as is. */
	v.main = "{binary}.py";
	expect_argv(TMPL("x{main}y", "{{lit}}", "}}{{"), &v, FILES("x{binary}.pyy", "{lit}", "}{"));
	v.main = "main.c";
	/* {files} with no files is no word at all. */
	v.files = (char *const *)(const char *const[]){NULL};
	expect_argv(TMPL("cc", "{files}", "-lm"), &v, FILES("cc", "-lm"));
	expect_argv(NULL, &v, (const char *const[]){NULL});

	expect_expand_error(TMPL("cc", "{nope}"), &v, ARB_E_PACKAGE,
			    "template word '{nope}': unknown placeholder '{nope}'");
	expect_expand_error(TMPL("-I{files}"), &v, ARB_E_PACKAGE,
			    "template word '-I{files}': '{files}' must be a word of its own");
	v.files = (char *const *)FILES("ok.c", "-fplugin=evil.c");
	expect_expand_error(lang_by_id(t, "c")->compile, &v, ARB_E_SUBMISSION,
			    "file name '-fplugin=evil.c' cannot be passed to the compiler "
			    "(it is empty or starts with '-')");
	v.files = NULL;
	expect_expand_error(TMPL("{files}"), &v, ARB_E_INTERNAL,
			    "placeholder '{files}' has no value");
	v.memlimit_mb = 0;
	expect_expand_error(TMPL("-Xmx{memlimit_mb}m"), &v, ARB_E_INTERNAL,
			    "placeholder '{memlimit_mb}' has no value");
	v.main = NULL;
	expect_expand_error(TMPL("python3", "{main}"), &v, ARB_E_INTERNAL,
			    "placeholder '{main}' has no value");
	lang_table_free(t);
}
END_TEST

Suite *suite_lang(void)
{
	Suite *s = suite_create("lang");
	TCase *tc = tcase_create("table");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_shipped_loads);
	tcase_add_test(tc, test_shipped_available);
	tcase_add_test(tc, test_availability_rules);
	tcase_add_loop_test(tc, test_bad_fixture, 0, (int)N_BAD);
	tcase_add_test(tc, test_every_fixture_listed);
	tcase_add_test(tc, test_load_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("submission");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_detect);
	tcase_add_test(tc, test_detect_unavailable);
	tcase_add_test(tc, test_sources);
	tcase_add_test(tc, test_find_main_java);
	tcase_add_test(tc, test_find_main_files);
	tcase_add_test(tc, test_expand);
	suite_add_tcase(s, tc);
	return s;
}
