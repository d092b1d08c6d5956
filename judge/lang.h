/* lang.h - the languages a submission may be written in.
 *
 * policies/languages.yaml declares each language: extensions, compile and
 * run commands (argv templates), the sandbox policy each step runs under,
 * and limit adjustments.  lang_load() parses and validates it completely
 * and detects which toolchains this host has; a language whose toolchain is
 * missing is reported (available = false), never fatal.
 *
 * Templates are argv arrays; a word may contain these placeholders, which
 * lang_expand() replaces:
 *   {files}     every source file, each as its own word (the word must be
 *               exactly "{files}")
 *   {main}      the main source file (the only one, or the one named like
 *               main.*, Main.*, or the one holding the entry point)
 *   {mainclass} Java: the class whose source declares
 *               "public static void main"; {main} without extension otherwise
 *   {binary}    the compiled program: "a.out" in /box
 *   {memlimit_mb} the run's memory limit in MiB (JVM -Xmx / -Xss sizing)
 */
#ifndef ARBITER_LANG_H
#define ARBITER_LANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* Where the box looks for a program named by a bare word: the PATH of
 * policies/default.yaml.  The policy binds /usr, /bin, ... read-only at the
 * same place, so the host's files at these paths are what the box sees. */
#define LANG_BOX_PATH "/usr/local/bin:/usr/bin:/bin"

/* How {main} (and {mainclass}) are chosen among the sources. */
enum lang_entry {
	LANG_ENTRY_FILE,       /* the only source, else main.* / Main.* / __main__.* */
	LANG_ENTRY_JAVA_CLASS, /* the source declaring "public static void main" */
};

struct language {
	char *id;            /* "c", "cpp", "python3", "java", "rust", "javascript" */
	char *name;          /* "C (gcc 12.2.0)" once detected, else the YAML name */
	char **extensions;   /* without dot, NULL-terminated: {"c", NULL} */
	char **headers;      /* auxiliary extensions allowed next to the
			      * sources ({"h", "hpp", NULL}); never NULL */
	enum lang_entry entry;
	char **compile;      /* argv template, NULL-terminated; NULL: nothing to compile */
	char **run;          /* argv template, NULL-terminated */
	char **version;      /* argv to print the toolchain version, may be NULL */
	char *compile_policy; /* sandbox policy names */
	char *run_policy;
	/* Limit adjustments for the run: memory given to the sandbox is
	 * limit * mem_multiplier + mem_extra_mib (the JVM's own reserve must
	 * not turn into false MLEs); pids for runtimes that need threads. */
	double mem_multiplier;     /* default 1 */
	uint64_t mem_extra_mib;    /* default 0 */
	uint64_t run_pids;         /* default 16 */
	uint64_t compile_mem_mib;  /* default 1024 */
	uint64_t compile_pids;     /* default 64 */
	double time_multiplier;    /* run CPU limit multiplier, default 1 */
	bool available;            /* the toolchain's programs exist on this host */
	char *missing;             /* why not available ("javac not found"), or NULL */
};

struct lang_table {
	struct language *langs;
	size_t n;
};

/* Load DIR/languages.yaml (DIR NULL: sbx_policy_dir()).  ARB_E_PACKAGE on a
 * malformed file (file: key: reason). */
int lang_load(const char *dir, struct lang_table **out, struct arb_err *err);
int lang_parse(const char *text, size_t len, const char *filename,
	       struct lang_table **out, struct arb_err *err);
void lang_table_free(struct lang_table *t);

/* Lookups; NULL when unknown. */
const struct language *lang_by_id(const struct lang_table *t, const char *id);
const struct language *lang_by_extension(const struct lang_table *t,
					 const char *ext);

/* Pick the language of a submission: ID if given (ARB_E_REQUEST when
 * unknown), else from the extensions of FILES (relative paths); a set of
 * files with several languages' extensions or none is ARB_E_REQUEST.
 * Files whose extension no language knows (README.md) are ignored; a
 * header extension must belong to the chosen language.  A language whose
 * toolchain is missing on this host is ARB_E_REQUEST too (the message says
 * what is missing). */
int lang_detect(const struct lang_table *t, const char *id,
		char *const *files, const struct language **out,
		struct arb_err *err);

/* The sources of language L among FILES (by extension, case-insensitive):
 * a malloc'd NULL-terminated array of pointers into FILES (free() it), in
 * FILES' order.  Headers and unrelated files are left out. */
int lang_sources(const struct language *l, char *const *files, char ***out,
		 struct arb_err *err);

/* Find program NAME as the box would: an absolute path as is, a bare name
 * in LANG_BOX_PATH.  Fills PATH (size LEN) with the executable's path and
 * returns 0, or -1 when there is none. */
int lang_which(const char *name, char *path, size_t len);

struct lang_vars {
	char *const *files;  /* relative source paths, NULL-terminated */
	const char *main;    /* chosen main file */
	const char *mainclass;
	const char *binary;
	uint64_t memlimit_mb;
};

/* Choose {main} and {mainclass} for FILES in directory SRCDIR (reads the
 * sources for Java's main class).  ARB_E_SUBMISSION when no main can be
 * found (e.g. no class with main). Results are malloc'd into *MAIN and
 * *MAINCLASS. */
int lang_find_main(const struct language *l, const char *srcdir,
		   char *const *files, char **main, char **mainclass,
		   struct arb_err *err);

/* Expand TEMPLATE into a malloc'd NULL-terminated argv (free with
 * lang_argv_free).  ARB_E_PACKAGE on an unknown placeholder; ARB_E_INTERNAL
 * when VARS lacks a value the template uses; ARB_E_SUBMISSION when a file
 * name would be read as an option (it starts with '-'). */
int lang_expand(char *const *tmpl, const struct lang_vars *vars, char ***argv,
		struct arb_err *err);
void lang_argv_free(char **argv);

#endif
