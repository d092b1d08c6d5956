/* lang_run.c - from a submission's files to the argv of its steps.
 *
 * The per-submission half of the language module (lang.c loads the table):
 * lang_sources() picks a language's sources among the submitted files,
 * lang_find_main() the entry point, lang_expand() turns a compile or run
 * template into an argv.  Everything here handles names the submitter
 * chose: a name is only ever one whole argv word, never reparsed or passed
 * through a shell, and a name that a compiler would read as an option is
 * refused.  Java sources are read (never executed) to find the class that
 * declares main; they are submitter-controlled text, scanned with a small
 * lexer that cannot be steered outside the buffer.
 */
#include "lang.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/fsutil.h"
#include "base/safeopen.h"
#include "lang_internal.h"

#define SCAN_MAX_BYTES (4 << 20) /* largest Java source scanned for main */
#define SCAN_MAX_DEPTH 64        /* braces whose class names are tracked */
#define MAX_CANDIDATES 16        /* classes declaring main, kept for messages */

static const char *const ph_names[LANG_PH_N] = {"files", "main", "mainclass",
						"binary", "memlimit_mb"};

/*** Placeholders ***/

int lang_scan_word(const char *w, const struct lang_vars *vars, FILE *out,
		   unsigned *used, char *why, size_t why_len)
{
	for (const char *s = w; *s;) {
		const char *end;
		size_t n;
		int i;

		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
			if (out)
				fputc(s[0], out);
			s += 2;
			continue;
		}
		if (*s == '}')
			return snprintf(why, why_len, "unmatched '}' (write '}}')"), -1;
		if (*s != '{') {
			if (out)
				fputc(*s, out);
			s++;
			continue;
		}
		end = strchr(s, '}');
		if (!end)
			return snprintf(why, why_len, "unmatched '{' (write '{{')"), -1;
		n = (size_t)(end - s - 1);
		for (i = 0; i < LANG_PH_N; i++)
			if (strlen(ph_names[i]) == n && !strncmp(s + 1, ph_names[i], n))
				break;
		if (i == LANG_PH_N)
			return snprintf(why, why_len, "unknown placeholder '%.*s'",
					(int)(n + 2 > 64 ? 64 : n + 2), s), -1;
		if (i == LANG_PH_FILES && strcmp(w, "{files}") != 0)
			return snprintf(why, why_len,
					"'{files}' must be a word of its own"), -1;
		if (used)
			*used |= 1u << i;
		if (out && vars && i == LANG_PH_MEMLIMIT)
			fprintf(out, "%llu", (unsigned long long)vars->memlimit_mb);
		else if (out && vars && i != LANG_PH_FILES)
			fputs(i == LANG_PH_MAIN	       ? vars->main
			      : i == LANG_PH_MAINCLASS ? vars->mainclass
						       : vars->binary,
			      out);
		s = end + 1;
	}
	return 0;
}

bool lang_template_uses(char *const *v, enum lang_ph ph)
{
	for (size_t i = 0; v && v[i]; i++) {
		unsigned used = 0;
		char why[128];

		if (lang_scan_word(v[i], NULL, NULL, &used, why, sizeof(why)) == 0 &&
		    (used & (1u << ph)))
			return true;
	}
	return false;
}

static int check_value(const char *v, enum lang_ph ph, struct arb_err *err)
{
	if (!v || !*v)
		return arb_fail(err, ARB_E_INTERNAL, 0,
				"placeholder '{%s}' has no value", ph_names[ph]);
	return 0;
}

/* A submitted file name becomes one argv word; starting with '-' it would
 * be read as an option ("-fplugin=x.c" makes gcc load a plugin). */
static int check_file_word(const char *f, struct arb_err *err)
{
	if (!*f || f[0] == '-')
		return arb_fail(err, ARB_E_SUBMISSION, 0,
				"file name '%s' cannot be passed to the compiler "
				"(it is empty or starts with '-')",
				f);
	return 0;
}

/* Check that VARS has what a word using the placeholders in USED needs. */
static int check_vars(unsigned used, const struct lang_vars *vars,
		      struct arb_err *err)
{
	if ((used & (1u << LANG_PH_MAIN)) &&
	    (check_value(vars->main, LANG_PH_MAIN, err) < 0 ||
	     check_file_word(vars->main, err) < 0))
		return -1;
	if ((used & (1u << LANG_PH_MAINCLASS)) &&
	    check_value(vars->mainclass, LANG_PH_MAINCLASS, err) < 0)
		return -1;
	if ((used & (1u << LANG_PH_BINARY)) &&
	    check_value(vars->binary, LANG_PH_BINARY, err) < 0)
		return -1;
	if ((used & (1u << LANG_PH_MEMLIMIT)) && vars->memlimit_mb == 0)
		return check_value(NULL, LANG_PH_MEMLIMIT, err);
	if ((used & (1u << LANG_PH_FILES)) && !vars->files)
		return check_value(NULL, LANG_PH_FILES, err);
	for (size_t i = 0; (used & (1u << LANG_PH_FILES)) && vars->files[i]; i++)
		if (check_file_word(vars->files[i], err) < 0)
			return -1;
	return 0;
}

/* Append WORD (owned) to the argv *V of *N entries; NULL-terminated. */
static int push_word(char ***v, size_t *n, char *word, struct arb_err *err)
{
	char **grown;

	if (!word)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "expand");
	grown = realloc(*v, (*n + 2) * sizeof(**v));
	if (!grown) {
		free(word);
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "expand");
	}
	*v = grown;
	(*v)[(*n)++] = word;
	(*v)[*n] = NULL;
	return 0;
}

static char *expand_word(const char *w, const struct lang_vars *vars)
{
	char *word = NULL, why[128];
	size_t len = 0;
	FILE *f = open_memstream(&word, &len);

	if (!f)
		return NULL;
	/* Cannot fail: the word was checked before, with the same rules. */
	lang_scan_word(w, vars, f, NULL, why, sizeof(why));
	if (fclose(f) != 0) {
		free(word);
		return NULL;
	}
	return word;
}

int lang_expand(char *const *tmpl, const struct lang_vars *vars, char ***argv,
		struct arb_err *err)
{
	char **out = NULL;
	size_t n = 0;

	*argv = NULL;
	for (size_t i = 0; tmpl && tmpl[i]; i++) {
		unsigned used = 0;
		char why[128];
		int rc = 0;

		if (lang_scan_word(tmpl[i], NULL, NULL, &used, why, sizeof(why)) < 0)
			rc = arb_fail(err, ARB_E_PACKAGE, 0,
				      "template word '%s': %s", tmpl[i], why);
		else if (check_vars(used, vars, err) < 0)
			rc = -1;
		else if (used & (1u << LANG_PH_FILES))
			for (size_t j = 0; rc == 0 && vars->files[j]; j++)
				rc = push_word(&out, &n, strdup(vars->files[j]), err);
		else
			rc = push_word(&out, &n, expand_word(tmpl[i], vars), err);
		if (rc < 0) {
			lang_argv_free(out);
			return -1;
		}
	}
	if (!out && !(out = calloc(1, sizeof(*out))))
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "expand");
	*argv = out;
	return 0;
}

void lang_argv_free(char **argv)
{
	for (size_t i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/*** Sources ***/

int lang_sources(const struct language *l, char *const *files, char ***out,
		 struct arb_err *err)
{
	size_t n = 0, k = 0;

	while (files && files[n])
		n++;
	*out = calloc(n + 1, sizeof(**out));
	if (!*out)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "sources");
	for (size_t i = 0; i < n; i++)
		if (lang_strv_has_ci(l->extensions, lang_path_ext(files[i])))
			(*out)[k++] = files[i];
	return 0;
}

/*** Java: the class that declares main ***/

/* Blank out comments and string, char and text-block literals of Java
 * source S in place (newlines stay), so that what is left is code and a
 * "class" or "main" inside a string or comment is not taken for one. */
static void java_blank(char *s)
{
	char *p = s;

	while (*p) {
		if (p[0] == '/' && p[1] == '/') {
			while (*p && *p != '\n')
				*p++ = ' ';
		} else if (p[0] == '/' && p[1] == '*') {
			p[0] = p[1] = ' ';
			for (p += 2; *p && !(p[0] == '*' && p[1] == '/'); p++)
				if (*p != '\n')
					*p = ' ';
			if (*p)
				p[0] = p[1] = ' ', p += 2;
		} else if (!strncmp(p, "\"\"\"", 3)) {
			memset(p, ' ', 3);
			for (p += 3; *p && strncmp(p, "\"\"\"", 3) != 0; p++) {
				if (*p == '\\' && p[1])
					*p++ = ' ';
				if (*p != '\n')
					*p = ' ';
			}
			if (*p)
				memset(p, ' ', 3), p += 3;
		} else if (*p == '"' || *p == '\'') {
			char q = *p;

			for (*p++ = ' '; *p && *p != q && *p != '\n';) {
				if (*p == '\\' && p[1] && p[1] != '\n')
					*p++ = ' ';
				*p++ = ' ';
			}
			if (*p == q)
				*p++ = ' ';
		} else {
			p++;
		}
	}
}

static bool java_ident_char(char c)
{
	/* Bytes >= 0x80: Java identifiers may hold any Unicode letter. */
	return isalnum((unsigned char)c) || c == '_' || c == '$' ||
	       (unsigned char)c >= 0x80;
}

struct jcand {
	char *cls;    /* binary name: "pkg.Outer$Inner" */
	size_t file;  /* index in the sources */
};

struct jscan {
	char *pkg;   /* this file's package ("a.b"), or NULL */
	const char *frame[SCAN_MAX_DEPTH]; /* class name per open brace, or NULL */
	size_t frame_len[SCAN_MAX_DEPTH];
	size_t depth;
	struct jcand cand[MAX_CANDIDATES];
	size_t n_cand, n_found;
};

static bool tok_is(const char *t, size_t len, const char *word)
{
	return strlen(word) == len && !strncmp(t, word, len);
}

/* The package name between START and END, without the blanks that spaces
 * and comments left ("a . b" is "a.b"); NULL when out of memory. */
static char *java_package(const char *start, const char *end)
{
	char *pkg = malloc((size_t)(end - start) + 1), *o = pkg;

	if (!pkg)
		return NULL;
	for (; start < end; start++)
		if (!isspace((unsigned char)*start))
			*o++ = *start;
	*o = '\0';
	return pkg;
}

/* The binary name of the class whose body is the innermost open brace
 * (which the caller checked is a named class); NULL when out of memory. */
static char *java_class_name(const struct jscan *js)
{
	char *name = NULL;
	size_t len = 0;
	FILE *f;
	bool first = true;

	f = open_memstream(&name, &len);
	if (!f)
		return NULL;
	if (js->pkg && *js->pkg)
		fprintf(f, "%s.", js->pkg);
	for (size_t i = 0; i < js->depth; i++)
		if (js->frame[i]) {
			fprintf(f, "%s%.*s", first ? "" : "$", (int)js->frame_len[i],
				js->frame[i]);
			first = false;
		}
	if (fclose(f) != 0) {
		free(name);
		return NULL;
	}
	return name;
}

/* Scan blanked source S (file FILE) for "public static void main(" and add
 * the classes declaring it to JS.  -1 only when out of memory. */
static int java_scan(char *s, size_t file, struct jscan *js)
{
	const char *pending = NULL, *prev = "", *p = s;
	size_t pending_len = 0, prev_len = 0;
	bool want_name = false, mod_public = false, mod_static = false;
	const char *pkg_start = NULL; /* just after "package", until ';' */

	js->depth = 0;
	free(js->pkg);
	js->pkg = NULL;
	while (*p) {
		const char *t = p;
		size_t len;

		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		if (!java_ident_char(*p)) {
			/* One punctuation character is a token. */
			if (pkg_start && *p == ';' && !js->pkg &&
			    !(js->pkg = java_package(pkg_start, p)))
				return -1;
			if (*p == ';' || *p == '{' || *p == '}') {
				mod_public = mod_static = false;
				pkg_start = NULL;
				if (*p != '{')
					pending = NULL;
			}
			if (*p == '{') {
				if (js->depth < SCAN_MAX_DEPTH) {
					js->frame[js->depth] = pending;
					js->frame_len[js->depth] = pending_len;
				}
				js->depth++;
				pending = NULL;
			} else if (*p == '}' && js->depth > 0) {
				js->depth--;
			}
			want_name = false;
			prev = p++;
			prev_len = 1;
			continue;
		}
		while (java_ident_char(*p))
			p++;
		len = (size_t)(p - t);
		if (want_name) {
			pending = t;
			pending_len = len;
		}
		/* "Foo.class" is an expression, not a declaration. */
		want_name = !(prev_len == 1 && *prev == '.') &&
			    (tok_is(t, len, "class") || tok_is(t, len, "interface") ||
			     tok_is(t, len, "enum") || tok_is(t, len, "record"));
		if (js->depth == 0 && !js->pkg && tok_is(t, len, "package"))
			pkg_start = p;
		mod_public |= tok_is(t, len, "public");
		mod_static |= tok_is(t, len, "static");
		/* Directly in a named class: not in an anonymous one, nor
		 * nested deeper than we track. */
		if (tok_is(t, len, "main") && tok_is(prev, prev_len, "void") &&
		    mod_public && mod_static && *(p + strspn(p, " \t\r\n")) == '(' &&
		    js->depth > 0 && js->depth <= SCAN_MAX_DEPTH &&
		    js->frame[js->depth - 1]) {
			char *cls = java_class_name(js);

			if (!cls)
				return -1;
			if (js->n_cand < MAX_CANDIDATES)
				js->cand[js->n_cand++] = (struct jcand){cls, file};
			else
				free(cls);
			js->n_found++;
		}
		prev = t;
		prev_len = len;
	}
	return 0;
}

static int read_source(const char *srcdir, const char *file, char **text,
		       struct arb_err *err)
{
	_cleanup_close_ int fd = -1;
	char path[PATH_MAX];
	struct stat st;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", srcdir, file) >= sizeof(path))
		return arb_fail(err, ARB_E_SUBMISSION, ENAMETOOLONG, "'%s'", file);
	/* The sources were unpacked by intake, which refuses links; no
	 * following one here either (safeopen.h), nor blocking on a FIFO. */
	fd = safe_open_beneath(srcdir, file, O_RDONLY | O_NONBLOCK, 0);
	if (fd < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'", path);
	if (fstat(fd, &st) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "fstat '%s'", path);
	if (!S_ISREG(st.st_mode))
		return arb_fail(err, ARB_E_SUBMISSION, 0, "'%s' is not a regular file", file);
	if (fsutil_read_fd(fd, SCAN_MAX_BYTES, path, text, NULL, err) < 0) {
		if (err->errnum == EFBIG)
			return arb_fail(err, ARB_E_SUBMISSION, 0,
					"'%s' is too large (the limit is %d bytes)",
					file, SCAN_MAX_BYTES);
		return -1;
	}
	return 0;
}

static const char *simple_name(const char *cls)
{
	const char *s = strrchr(cls, '.');

	s = s ? s + 1 : cls;
	return strrchr(s, '$') ? strrchr(s, '$') + 1 : s;
}

/* One class declares main: it; several: the one called Main; else fail. */
static int java_main(const char *srcdir, char *const *src, char **main,
		     char **mainclass, struct arb_err *err)
{
	struct jscan js = {.n_cand = 0};
	const struct jcand *pick = NULL;
	size_t n_pick = 0;
	char list[256];
	int rc = -1;

	for (size_t i = 0; src[i]; i++) {
		_cleanup_free_ char *text = NULL;

		if (read_source(srcdir, src[i], &text, err) < 0)
			goto out;
		java_blank(text);
		if (java_scan(text, i, &js) < 0) {
			arb_fail(err, ARB_E_INTERNAL, ENOMEM, "scan '%s'", src[i]);
			goto out;
		}
	}
	for (size_t i = 0; i < js.n_cand; i++)
		if (js.n_found == 1 || !strcmp(simple_name(js.cand[i].cls), "Main")) {
			pick = &js.cand[i];
			n_pick++;
		}
	if (n_pick != 1) {
		size_t used = 0;

		lang_list_files(list, sizeof(list), src);
		if (js.n_found == 0) {
			arb_fail(err, ARB_E_SUBMISSION, 0,
				 "no class declares 'public static void main' among %s", list);
			goto out;
		}
		list[0] = '\0';
		for (size_t i = 0; i < js.n_cand && used < sizeof(list); i++)
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s'%s'",
						 i ? ", " : "", js.cand[i].cls);
		arb_fail(err, ARB_E_SUBMISSION, 0,
			 "several classes declare main (%s); name the entry class Main",
			 list);
		goto out;
	}
	*main = strdup(src[pick->file]);
	*mainclass = strdup(pick->cls);
	if (!*main || !*mainclass) {
		arb_fail(err, ARB_E_INTERNAL, ENOMEM, "find main");
		goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; i < js.n_cand; i++)
		free(js.cand[i].cls);
	free(js.pkg);
	return rc;
}

/*** Entry points by file name ***/

/* main.*, Main.* (any case) and Python's __main__.* name an entry point. */
static bool is_main_name(const char *path)
{
	const char *base = strrchr(path, '/'), *ext;
	size_t stem;

	base = base ? base + 1 : path;
	ext = lang_path_ext(base);
	stem = *ext ? (size_t)(ext - 1 - base) : strlen(base);
	return (stem == 4 && !strncasecmp(base, "main", 4)) ||
	       (stem == 8 && !strncmp(base, "__main__", 8));
}

static size_t path_depth(const char *p)
{
	size_t d = 0;

	while ((p = strchr(p, '/')))
		d++, p++;
	return d;
}

static int file_main(const struct language *l, char *const *src, char **main,
		     char **mainclass, struct arb_err *err)
{
	const char *pick = NULL;
	bool tie = false;
	char list[256];
	size_t ext;

	if (!src[1])
		pick = src[0];
	/* Several main files: the shallowest, so "main.py" beats
	 * "lib/__main__.py"; two at the same depth are ambiguous. */
	for (size_t i = 0; src[1] && src[i]; i++) {
		if (!is_main_name(src[i]))
			continue;
		if (pick && path_depth(src[i]) == path_depth(pick))
			tie = true;
		else if (!pick || path_depth(src[i]) < path_depth(pick))
			pick = src[i], tie = false;
	}
	lang_list_files(list, sizeof(list), src);
	if (tie)
		return arb_fail(err, ARB_E_SUBMISSION, 0,
				"several main files among %s", list);
	/* A language that compiles {files} together needs no entry file. */
	if (!pick && (lang_template_uses(l->compile, LANG_PH_MAIN) ||
		      lang_template_uses(l->run, LANG_PH_MAIN) ||
		      lang_template_uses(l->compile, LANG_PH_MAINCLASS) ||
		      lang_template_uses(l->run, LANG_PH_MAINCLASS)))
		return arb_fail(err, ARB_E_SUBMISSION, 0,
				"no main file among %s (name it main.%s)", list,
				l->extensions[0]);
	if (!pick)
		pick = src[0];
	ext = strlen(lang_path_ext(pick));
	*main = strdup(pick);
	*mainclass = strndup(pick, strlen(pick) - (ext ? ext + 1 : 0));
	if (!*main || !*mainclass)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "find main");
	return 0;
}

int lang_find_main(const struct language *l, const char *srcdir,
		   char *const *files, char **main, char **mainclass,
		   struct arb_err *err)
{
	_cleanup_free_ char **src = NULL;
	char list[256];
	int rc;

	*main = *mainclass = NULL;
	if (lang_sources(l, files, &src, err) < 0)
		return -1;
	if (!src[0]) {
		lang_list_files(list, sizeof(list), files);
		return arb_fail(err, ARB_E_SUBMISSION, 0, "no %s source file among %s",
				l->name, *list ? list : "no files");
	}
	if (l->entry == LANG_ENTRY_JAVA_CLASS)
		rc = java_main(srcdir, src, main, mainclass, err);
	else
		rc = file_main(l, src, main, mainclass, err);
	if (rc < 0) {
		free(*main);
		free(*mainclass);
		*main = *mainclass = NULL;
	}
	return rc;
}
