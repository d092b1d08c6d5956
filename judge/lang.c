/* lang.c - policies/languages.yaml -> the language table.
 *
 * lang_load() reads the file once, at start, and validates it completely
 * (strict keys and types, unique ids and extensions, every placeholder of
 * every template) so that nothing after it touches YAML or meets a template
 * it cannot expand.  It then checks, without running anything, that the
 * programs a language names exist on this host where the box will look for
 * them; a language that fails is kept, marked unavailable with the reason.
 *
 * Per submission, lang_detect() picks the language from --lang or the file
 * extensions; lang_run.c does the rest (entry point, argv).
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
#include "base/yamlutil.h"
#include "lang_internal.h"
#include "sandbox/sandbox.h"

#define LANG_FILE "languages.yaml"
#define LANG_MAX_BYTES (256 << 10)
#define LANG_MAX_LANGS 64
#define LANG_MAX_WORDS 64    /* per template */
#define LANG_MAX_EXTS 16     /* per list */
#define LANG_ID_MAX 32
#define LANG_EXT_MAX 16

/*** Small helpers ***/

static void strv_free(char **v)
{
	if (!v)
		return;
	for (size_t i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

void lang_table_free(struct lang_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		struct language *l = &t->langs[i];

		free(l->id);
		free(l->name);
		strv_free(l->extensions);
		strv_free(l->headers);
		strv_free(l->compile);
		strv_free(l->run);
		strv_free(l->version);
		free(l->compile_policy);
		free(l->run_policy);
		free(l->missing);
	}
	free(t->langs);
	free(t);
}

static inline void cleanup_lang_tablep(struct lang_table **t)
{
	lang_table_free(*t);
}
#define _cleanup_lang_table_ __attribute__((cleanup(cleanup_lang_tablep)))

/* A leading dot, as in ".bashrc", starts a name, not an extension. */
const char *lang_path_ext(const char *path)
{
	const char *base = strrchr(path, '/');
	const char *dot;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	return dot && dot != base ? dot + 1 : "";
}

bool lang_strv_has_ci(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (strcasecmp(v[i], s) == 0)
			return true;
	return false;
}

void lang_list_files(char *buf, size_t len, char *const *files)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; files && files[i]; i++) {
		int n = snprintf(buf + used, len - used, "%s'%s'", i ? ", " : "",
				 files[i]);

		if (n < 0 || (size_t)n >= len - used) {
			if (len > 4)
				memcpy(buf + len - 4, "...", 4);
			return;
		}
		used += (size_t)n;
	}
}

/*** Parsing ***/

/* S matches [a-z0-9][a-z0-9EXTRA]* and is at most MAX bytes.  Ids and
 * extensions travel in messages, JSON and file names; policy names are file
 * names ([a-z0-9][a-z0-9_-]*, as sandbox/policy.c wants). */
static bool name_valid(const char *s, size_t max, const char *extra)
{
	size_t len = strlen(s);

	if (len == 0 || len > max || !(islower((unsigned char)s[0]) ||
					isdigit((unsigned char)s[0])))
		return false;
	for (const char *c = s; *c; c++)
		if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c) &&
		    !strchr(extra, *c))
			return false;
	return true;
}

static char *dup_or_fail(struct yu_doc *d, const char *s)
{
	char *c = strdup(s);

	if (!c)
		arb_fail(d->err, ARB_E_INTERNAL, ENOMEM, "%s: parse", d->file);
	return c;
}

/* A list of strings (at most MAX) into a NULL-terminated copy. */
static int parse_strv(struct yu_doc *d, const yaml_node_t *n, const char *key,
		      size_t max, char ***out)
{
	size_t count = yu_seq_len(n);
	char **v;

	if (n->type != YAML_SEQUENCE_NODE)
		return yu_fail(d, key, "expected a list of strings");
	if (count == 0)
		return yu_fail(d, key, "must not be empty");
	if (count > max)
		return yu_fail(d, key, "too many entries (limit %zu)", max);
	v = *out = calloc(count + 1, sizeof(*v));
	if (!v)
		return arb_fail(d->err, ARB_E_INTERNAL, ENOMEM, "%s: parse", d->file);
	for (size_t i = 0; i < count; i++) {
		char ikey[YU_KEY_LEN];
		yaml_node_t *item;
		const char *s;

		yu_key_index(ikey, key, i);
		item = yu_seq_item(d, n, i, ikey);
		if (!item || yu_string(d, item, ikey, &s) < 0)
			return -1;
		if (!*s)
			return yu_fail(d, ikey, "must not be empty");
		if (!(v[i] = dup_or_fail(d, s)))
			return -1;
	}
	return 0;
}

static int parse_template(struct yu_doc *d, const yaml_node_t *n,
			  const char *key, bool placeholders, char ***out)
{
	if (parse_strv(d, n, key, LANG_MAX_WORDS, out) < 0)
		return -1;
	for (size_t i = 0; (*out)[i]; i++) {
		char ikey[YU_KEY_LEN], why[128];

		yu_key_index(ikey, key, i);
		if (lang_scan_word((*out)[i], NULL, NULL, NULL, why, sizeof(why)) < 0)
			return yu_fail(d, ikey, "%s", why);
		/* The version command runs on the host, outside any box. */
		if (!placeholders && strpbrk((*out)[i], "{}"))
			return yu_fail(d, ikey, "placeholders are not allowed here");
	}
	return 0;
}

static int parse_exts(struct yu_doc *d, const yaml_node_t *n, const char *key,
		      char ***out)
{
	if (parse_strv(d, n, key, LANG_MAX_EXTS, out) < 0)
		return -1;
	for (size_t i = 0; (*out)[i]; i++) {
		char ikey[YU_KEY_LEN];

		yu_key_index(ikey, key, i);
		if ((*out)[i][0] == '.')
			return yu_fail(d, ikey,
				       "'%s': write the extension without the dot",
				       (*out)[i]);
		/* Matching ignores case; one spelling in the file keeps the
		 * uniqueness checks simple. */
		if (!name_valid((*out)[i], LANG_EXT_MAX, "+_-"))
			return yu_fail(d, ikey,
				       "'%s' is not a valid extension "
				       "([a-z0-9][a-z0-9_+-]*, lowercase)",
				       (*out)[i]);
		for (size_t j = 0; j < i; j++)
			if (!strcmp((*out)[i], (*out)[j]))
				return yu_fail(d, ikey, "'%s' is listed twice", (*out)[i]);
	}
	return 0;
}

static int parse_limits(struct yu_doc *d, const yaml_node_t *n,
			const char *path, struct language *l)
{
	/* Ranges: a multiplier below 1 would judge a language more harshly
	 * than the problem says; the caps catch typos, not policy. */
	const struct {
		const char *key;
		double min, max;
		double *real;   /* one of these two is the field */
		uint64_t *whole;
	} f[] = {
		{"time_multiplier", 1, 100, &l->time_multiplier, NULL},
		{"mem_multiplier", 1, 16, &l->mem_multiplier, NULL},
		{"mem_extra_mib", 0, 65536, NULL, &l->mem_extra_mib},
		{"run_pids", 1, 4096, NULL, &l->run_pids},
		{"compile_mem_mib", 16, 65536, NULL, &l->compile_mem_mib},
		{"compile_pids", 1, 4096, NULL, &l->compile_pids},
	};
	enum { N = sizeof(f) / sizeof(f[0]) };
	const char *keys[N];
	yaml_node_t *v[N];

	for (size_t i = 0; i < N; i++)
		keys[i] = f[i].key;
	if (yu_map(d, n, path, keys, N, v) < 0)
		return -1;
	for (size_t i = 0; i < N; i++) {
		char key[YU_KEY_LEN];

		yu_key(key, path, f[i].key);
		if (v[i] && f[i].real &&
		    yu_double(d, v[i], key, f[i].min, f[i].max, f[i].real) < 0)
			return -1;
		if (v[i] && f[i].whole &&
		    yu_uint(d, v[i], key, (uint64_t)f[i].min, (uint64_t)f[i].max,
			    f[i].whole) < 0)
			return -1;
	}
	return 0;
}

static int parse_string_key(struct yu_doc *d, const yaml_node_t *n, const char *key,
			    const char *dflt, char **out)
{
	const char *s = dflt;

	if (n && yu_string(d, n, key, &s) < 0)
		return -1;
	if (n && !*s)
		return yu_fail(d, key, "must not be empty");
	return (*out = dup_or_fail(d, s)) ? 0 : -1;
}

static int parse_language(struct yu_doc *d, const yaml_node_t *n, const char *path,
			  struct language *l)
{
	enum { K_ID, K_NAME, K_EXT, K_HDR, K_ENTRY, K_COMPILE, K_RUN, K_VERSION,
	       K_CPOL, K_RPOL, K_LIMITS, K_N };
	static const char *const keys[K_N] = {
		"id", "name", "extensions", "headers", "entry", "compile", "run",
		"version", "compile_policy", "run_policy", "limits"};
	yaml_node_t *v[K_N];
	char k[K_N][YU_KEY_LEN];
	const char *entry = "file";

	if (yu_map(d, n, path, keys, K_N, v) < 0)
		return -1;
	for (int i = 0; i < K_N; i++)
		yu_key(k[i], path, keys[i]);
	if (!v[K_ID])
		return yu_fail(d, k[K_ID], "missing");
	if (parse_string_key(d, v[K_ID], k[K_ID], "", &l->id) < 0)
		return -1;
	if (!name_valid(l->id, LANG_ID_MAX, "_+-"))
		return yu_fail(d, k[K_ID], "'%s' is not a valid id ([a-z0-9][a-z0-9_+-]*)",
			       l->id);
	if (parse_string_key(d, v[K_NAME], k[K_NAME], l->id, &l->name) < 0)
		return -1;
	if (!v[K_EXT])
		return yu_fail(d, k[K_EXT], "missing");
	if (parse_exts(d, v[K_EXT], k[K_EXT], &l->extensions) < 0)
		return -1;
	if (v[K_HDR] && parse_exts(d, v[K_HDR], k[K_HDR], &l->headers) < 0)
		return -1;
	if (!l->headers && !(l->headers = calloc(1, sizeof(*l->headers))))
		return arb_fail(d->err, ARB_E_INTERNAL, ENOMEM, "%s: parse", d->file);
	for (size_t i = 0; l->headers[i]; i++)
		if (lang_strv_has_ci(l->extensions, l->headers[i]))
			return yu_fail(d, k[K_HDR], "'%s' is also a source extension",
				       l->headers[i]);
	if (v[K_ENTRY] && yu_string(d, v[K_ENTRY], k[K_ENTRY], &entry) < 0)
		return -1;
	if (!strcmp(entry, "java-class"))
		l->entry = LANG_ENTRY_JAVA_CLASS;
	else if (strcmp(entry, "file") != 0)
		return yu_fail(d, k[K_ENTRY], "expected file or java-class, not '%s'", entry);
	/* `compile: ~` says "nothing to compile" as plainly as leaving it out. */
	if (v[K_COMPILE] && !yu_is_null(v[K_COMPILE]) &&
	    parse_template(d, v[K_COMPILE], k[K_COMPILE], true, &l->compile) < 0)
		return -1;
	if (!v[K_RUN])
		return yu_fail(d, k[K_RUN], "missing");
	if (parse_template(d, v[K_RUN], k[K_RUN], true, &l->run) < 0)
		return -1;
	if (lang_template_uses(l->run, LANG_PH_BINARY) && !l->compile)
		return yu_fail(d, k[K_RUN], "uses '{binary}' but there is no compile step");
	if (v[K_VERSION] && parse_template(d, v[K_VERSION], k[K_VERSION], false,
					   &l->version) < 0)
		return -1;
	if (parse_string_key(d, v[K_CPOL], k[K_CPOL], "default", &l->compile_policy) < 0 ||
	    parse_string_key(d, v[K_RPOL], k[K_RPOL], "default", &l->run_policy) < 0)
		return -1;
	if (!name_valid(l->compile_policy, 64, "_-"))
		return yu_fail(d, k[K_CPOL], "'%s' is not a policy name", l->compile_policy);
	if (!name_valid(l->run_policy, 64, "_-"))
		return yu_fail(d, k[K_RPOL], "'%s' is not a policy name", l->run_policy);
	l->mem_multiplier = 1;
	l->time_multiplier = 1;
	l->run_pids = 16;
	l->compile_mem_mib = 1024;
	l->compile_pids = 64;
	if (v[K_LIMITS] && parse_limits(d, v[K_LIMITS], k[K_LIMITS], l) < 0)
		return -1;
	return 0;
}

/* Across languages: ids and source extensions name one language each. */
static int check_unique(struct yu_doc *d, const struct lang_table *t, size_t i)
{
	const struct language *l = &t->langs[i];
	char path[YU_KEY_LEN], key[YU_KEY_LEN];

	yu_key_index(path, "languages", i);
	for (size_t j = 0; j < i; j++) {
		const struct language *o = &t->langs[j];

		yu_key(key, path, "id");
		if (!strcmp(o->id, l->id))
			return yu_fail(d, key, "'%s' is also the id of languages[%zu]",
				       l->id, j);
		yu_key(key, path, "extensions");
		for (size_t e = 0; l->extensions[e]; e++)
			if (lang_strv_has_ci(o->extensions, l->extensions[e]) ||
			    lang_strv_has_ci(o->headers, l->extensions[e]))
				return yu_fail(d, key, "'%s' is also %s of languages[%zu] (%s)",
					       l->extensions[e],
					       lang_strv_has_ci(o->headers, l->extensions[e])
						       ? "a header extension"
						       : "an extension",
					       j, o->id);
		yu_key(key, path, "headers");
		for (size_t e = 0; l->headers[e]; e++)
			if (lang_strv_has_ci(o->extensions, l->headers[e]))
				return yu_fail(d, key, "'%s' is a source extension of languages[%zu] (%s)",
					       l->headers[e], j, o->id);
	}
	return 0;
}

/*** Toolchain detection ***/

static bool is_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
}

int lang_which(const char *name, char *path, size_t len)
{
	const char *dir = LANG_BOX_PATH;

	if (strchr(name, '/')) {
		if (name[0] != '/' || (size_t)snprintf(path, len, "%s", name) >= len)
			return -1;
		return is_executable(path) ? 0 : -1;
	}
	while (*dir) {
		const char *end = strchrnul(dir, ':');
		int n = snprintf(path, len, "%.*s/%s", (int)(end - dir), dir, name);

		if (n >= 0 && (size_t)n < len && is_executable(path))
			return 0;
		dir = *end ? end + 1 : end;
	}
	return -1;
}

/* Check template word WORD of L on this host.  The program (FIRST) must be
 * an executable file, found as the box finds it: an absolute path as is, a
 * bare name in LANG_BOX_PATH.  Any other absolute path (a library, a jar)
 * must exist.  Words with a placeholder and relative paths name files in
 * /box, made by the compile step; other words are plain arguments. */
static int check_program(struct language *l, const char *word, bool first)
{
	char path[PATH_MAX];
	struct stat st;
	int n;

	if (l->missing || strpbrk(word, "{}"))
		return 0;
	if (word[0] != '/' && (!first || strchr(word, '/')))
		return 0;
	if (first ? lang_which(word, path, sizeof(path)) == 0 : stat(word, &st) == 0)
		return 0;
	if (first && word[0] == '/' && stat(word, &st) == 0)
		n = asprintf(&l->missing, "'%s' is not an executable file", word);
	else if (word[0] == '/')
		n = asprintf(&l->missing, "'%s' not found", word);
	else
		n = asprintf(&l->missing, "'%s' not found in " LANG_BOX_PATH, word);
	if (n < 0) {
		l->missing = NULL;
		return -1;
	}
	return 0;
}

static int detect(struct language *l, struct arb_err *err)
{
	char **tmpl[2] = {l->compile, l->run};

	for (int t = 0; t < 2; t++)
		for (size_t i = 0; tmpl[t] && tmpl[t][i]; i++)
			if (check_program(l, tmpl[t][i], i == 0) < 0)
				return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "languages");
	l->available = l->missing == NULL;
	return 0;
}

/*** Loading ***/

int lang_parse(const char *text, size_t len, const char *filename,
	       struct lang_table **out, struct arb_err *err)
{
	static const char *const keys[] = {"languages"};
	_cleanup_yu_doc_ struct yu_doc d = {0};
	_cleanup_lang_table_ struct lang_table *t = NULL;
	yaml_node_t *root, *list;
	size_t count;

	*out = NULL;
	root = yu_doc_load(&d, text, len, LANG_MAX_BYTES, filename, err);
	if (!root)
		return -1;
	if (root->type != YAML_MAPPING_NODE)
		return yu_fail(&d, NULL, "expected a map with the key 'languages'");
	if (yu_map(&d, root, "", keys, 1, &list) < 0)
		return -1;
	if (!list)
		return yu_fail(&d, "languages", "missing");
	if (list->type != YAML_SEQUENCE_NODE)
		return yu_fail(&d, "languages", "expected a list");
	count = yu_seq_len(list);
	if (count == 0)
		return yu_fail(&d, "languages", "must not be empty");
	if (count > LANG_MAX_LANGS)
		return yu_fail(&d, "languages", "too many entries (limit %d)", LANG_MAX_LANGS);
	t = calloc(1, sizeof(*t));
	if (!t || !(t->langs = calloc(count, sizeof(*t->langs))))
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "%s: parse", filename);
	for (size_t i = 0; i < count; i++) {
		char key[YU_KEY_LEN];
		yaml_node_t *item;

		yu_key_index(key, "languages", i);
		item = yu_seq_item(&d, list, i, key);
		t->n++; /* counted first, so the free sees a half-built entry */
		if (!item || parse_language(&d, item, key, &t->langs[i]) < 0 ||
		    check_unique(&d, t, i) < 0)
			return -1;
	}
	for (size_t i = 0; i < t->n; i++)
		if (detect(&t->langs[i], err) < 0)
			return -1;
	*out = steal_ptr(&t);
	return 0;
}

int lang_load(const char *dir, struct lang_table **out, struct arb_err *err)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *text = NULL;
	char dirbuf[PATH_MAX], path[PATH_MAX];
	struct stat st;
	size_t len = 0;

	*out = NULL;
	if (!dir) {
		if (sbx_policy_dir(dirbuf, sizeof(dirbuf), err) < 0)
			return -1;
		dir = dirbuf;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/" LANG_FILE, dir) >= sizeof(path))
		return arb_fail(err, ARB_E_INTERNAL, ENAMETOOLONG, "policy directory '%s'", dir);
	/* O_NONBLOCK: a FIFO planted under the name must not hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return arb_fail(err, errno == ENOENT ? ARB_E_PACKAGE : ARB_E_INTERNAL,
				errno, "open '%s'", path);
	if (fstat(fd, &st) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "fstat '%s'", path);
	if (!S_ISREG(st.st_mode))
		return arb_fail(err, ARB_E_PACKAGE, 0, LANG_FILE ": not a regular file");
	if (fsutil_read_fd(fd, LANG_MAX_BYTES, path, &text, &len, err) < 0) {
		if (err->errnum == EFBIG)
			return arb_fail(err, ARB_E_PACKAGE, 0,
					LANG_FILE ": too large (the limit is %d bytes)",
					LANG_MAX_BYTES);
		return -1;
	}
	return lang_parse(text, len, LANG_FILE, out, err);
}

/*** Lookups and detection ***/

const struct language *lang_by_id(const struct lang_table *t, const char *id)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->langs[i].id, id))
			return &t->langs[i];
	return NULL;
}

const struct language *lang_by_extension(const struct lang_table *t,
					 const char *ext)
{
	if (ext[0] == '.')
		ext++;
	for (size_t i = 0; i < t->n; i++)
		if (lang_strv_has_ci(t->langs[i].extensions, ext))
			return &t->langs[i];
	return NULL;
}

static bool is_header_anywhere(const struct lang_table *t, const char *ext)
{
	for (size_t i = 0; i < t->n; i++)
		if (lang_strv_has_ci(t->langs[i].headers, ext))
			return true;
	return false;
}

static int usable(const struct language *l, struct arb_err *err)
{
	if (!l->available)
		return arb_fail(err, ARB_E_REQUEST, 0,
				"language '%s' is not available on this host: %s",
				l->id, l->missing);
	return 0;
}

int lang_detect(const struct lang_table *t, const char *id,
		char *const *files, const struct language **out,
		struct arb_err *err)
{
	const struct language *found = NULL;
	const char *first = NULL;
	char list[256];

	*out = NULL;
	if (id) {
		found = lang_by_id(t, id);
		if (!found)
			return arb_fail(err, ARB_E_REQUEST, 0, "unknown language '%s'", id);
		if (usable(found, err) < 0)
			return -1;
		*out = found;
		return 0;
	}
	for (size_t i = 0; files && files[i]; i++) {
		const struct language *l = lang_by_extension(t, lang_path_ext(files[i]));

		if (!l)
			continue;
		if (found && l != found)
			return arb_fail(err, ARB_E_REQUEST, 0,
					"files of several languages: '%s' is %s, '%s' is %s "
					"(choose one with --lang)",
					first, found->id, files[i], l->id);
		found = l;
		first = first ? first : files[i];
	}
	lang_list_files(list, sizeof(list), files);
	if (!found)
		return arb_fail(err, ARB_E_REQUEST, 0,
				"cannot tell the language of %s: no known source "
				"extension (choose one with --lang)",
				*list ? list : "an empty submission");
	for (size_t i = 0; files[i]; i++) {
		const char *ext = lang_path_ext(files[i]);

		if (is_header_anywhere(t, ext) && !lang_strv_has_ci(found->headers, ext) &&
		    !lang_strv_has_ci(found->extensions, ext))
			return arb_fail(err, ARB_E_REQUEST, 0,
					"'%s' does not belong with %s sources ('%s')",
					files[i], found->name, first);
	}
	if (usable(found, err) < 0)
		return -1;
	*out = found;
	return 0;
}
