/* problem_util.c - file and YAML helpers of the package loader.
 *
 * See problem_internal.h.  Every path is relative to the package and is
 * resolved against its real path; links may not lead out of it.
 */
#include "problem_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/fsutil.h"

void problem_strv_free(char **v)
{
	if (!v)
		return;
	for (size_t i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

char *problem_fmt(const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	       ch == '\v' || ch == '\f';
}

char **problem_split(const char *s)
{
	size_t n = 0, cap = 4;
	char **v = calloc(cap + 1, sizeof(*v));

	while (v && *s) {
		const char *start;

		while (is_space(*s))
			s++;
		if (!*s)
			break;
		for (start = s; *s && !is_space(*s); s++)
			;
		if (n == cap) {
			char **bigger = realloc(v, (cap * 2 + 1) * sizeof(*v));

			if (!bigger)
				break;
			v = bigger;
			cap *= 2;
		}
		v[n + 1] = NULL;
		if (!(v[n] = strndup(start, (size_t)(s - start))))
			break;
		n++;
	}
	if (v && *s) { /* stopped early: out of memory */
		problem_strv_free(v);
		return NULL;
	}
	return v;
}

char **problem_strv_concat(char *const *a, char *const *b)
{
	size_t na = 0, nb = 0;
	char **v;

	while (a && a[na])
		na++;
	while (b && b[nb])
		nb++;
	v = calloc(na + nb + 1, sizeof(*v));
	for (size_t i = 0; v && i < na + nb; i++) {
		v[i] = strdup(i < na ? a[i] : b[i - na]);
		if (!v[i]) {
			problem_strv_free(v);
			return NULL;
		}
	}
	return v;
}

int problem_stat(struct pload *c, const char *rel, struct stat *st)
{
	_cleanup_free_ char *abs = NULL, *real = NULL;
	size_t rootlen = strlen(c->p->dir);

	if (!(abs = problem_fmt("%s/%s", c->p->dir, rel)))
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "%s", rel);
	if (strlen(abs) >= PATH_MAX)
		return arb_fail(c->err, ARB_E_PACKAGE, 0, "%s: path too long", rel);
	if (lstat(abs, st) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 1;
		return arb_fail(c->err, ARB_E_PACKAGE, errno, "%s", rel);
	}
	if (!S_ISLNK(st->st_mode))
		return 0;
	real = realpath(abs, NULL);
	if (!real)
		return arb_fail(c->err, ARB_E_PACKAGE, 0,
				"%s: broken symbolic link", rel);
	if (strncmp(real, c->p->dir, rootlen) != 0 || real[rootlen] != '/')
		return arb_fail(c->err, ARB_E_PACKAGE, 0,
				"%s: symbolic link points outside the package", rel);
	if (stat(abs, st) < 0)
		return arb_fail(c->err, ARB_E_PACKAGE, errno, "%s", rel);
	return 0;
}

int problem_read(struct pload *c, const char *rel, size_t max, char **text,
		 size_t *len)
{
	_cleanup_free_ char *abs = NULL;
	_cleanup_close_ int fd = -1;
	struct stat st;
	int r = problem_stat(c, rel, &st);

	if (r != 0)
		return r;
	/* A FIFO would block the loader forever: regular files only. */
	if (!S_ISREG(st.st_mode))
		return arb_fail(c->err, ARB_E_PACKAGE, 0, "%s: not a regular file", rel);
	if (!(abs = problem_fmt("%s/%s", c->p->dir, rel)))
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "%s", rel);
	fd = open(abs, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return arb_fail(c->err, ARB_E_PACKAGE, errno, "open '%s'", rel);
	if (fsutil_read_fd(fd, max, rel, text, len, c->err) < 0) {
		if (c->err->errnum == EFBIG)
			return arb_fail(c->err, ARB_E_PACKAGE, 0,
					"%s: too large (the limit is %zu bytes)", rel, max);
		return -1;
	}
	return 0;
}

/* Only comments and blank lines: libyaml has no document to give. */
static bool yaml_blank(const char *s)
{
	while (*s) {
		while (is_space(*s))
			s++;
		if (*s == '#')
			s += strcspn(s, "\n");
		else if (*s)
			return false;
	}
	return true;
}

int problem_yaml_load(struct pload *c, const char *rel, struct yu_doc *d,
		      yaml_node_t **root)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	int r = problem_read(c, rel, PROBLEM_YAML_MAX, &text, &len);

	*root = NULL;
	if (r != 0)
		return r;
	if (strlen(text) != len)
		return arb_fail(c->err, ARB_E_PACKAGE, 0, "%s: contains a NUL byte", rel);
	if (yaml_blank(text))
		return 0;
	/* yu_doc_load keeps REL for messages: it lives as long as D. */
	*root = yu_doc_load(d, text, len, PROBLEM_YAML_MAX, rel, c->err);
	if (!*root)
		return -1;
	if (yu_is_null(*root)) {
		*root = NULL;
		return 0;
	}
	if ((*root)->type != YAML_MAPPING_NODE)
		return yu_fail(d, NULL, "expected a map of keys");
	return 0;
}

int problem_yaml_get(struct yu_doc *d, const yaml_node_t *map,
		     const char *key, const char *keypath, yaml_node_t **out)
{
	*out = NULL;
	for (yaml_node_pair_t *pr = map->data.mapping.pairs.start;
	     pr < map->data.mapping.pairs.top; pr++) {
		/* Keys are compared, not visited: an unknown key may be
		 * anything, even an alias. */
		yaml_node_t *k = yaml_document_get_node(&d->doc, pr->key);

		if (!k || k->type != YAML_SCALAR_NODE ||
		    strcmp((const char *)k->data.scalar.value, key) != 0)
			continue;
		if (*out)
			return yu_fail(d, keypath, "duplicate key");
		*out = yu_node(d, pr->value, keypath);
		if (!*out)
			return -1;
		if (yu_is_null(*out))
			*out = NULL; /* `key:` left empty means absent */
	}
	return 0;
}

int problem_yaml_args(struct yu_doc *d, const yaml_node_t *n,
		      const char *keypath, char ***out)
{
	_cleanup_pstrv_ char **v = NULL;
	const char *s;
	size_t count;

	*out = NULL;
	if (n->type == YAML_SCALAR_NODE) {
		if (yu_string(d, n, keypath, &s) < 0)
			return -1;
		v = problem_split(s);
	} else if (n->type == YAML_SEQUENCE_NODE) {
		count = yu_seq_len(n);
		v = calloc(count + 1, sizeof(*v));
		for (size_t i = 0; v && i < count; i++) {
			char ikey[YU_KEY_LEN];
			yaml_node_t *item;

			yu_key_index(ikey, keypath, i);
			item = yu_seq_item(d, n, i, ikey);
			if (!item)
				return -1;
			if (item->type != YAML_SCALAR_NODE || yu_is_null(item))
				return yu_fail(d, ikey, "expected a string");
			if (yu_string(d, item, ikey, &s) < 0)
				return -1;
			if (!(v[i] = strdup(s)))
				return arb_fail(d->err, ARB_E_INTERNAL, ENOMEM, "%s", d->file);
		}
	} else {
		return yu_fail(d, keypath, "expected a string or a list of strings");
	}
	if (!v)
		return arb_fail(d->err, ARB_E_INTERNAL, ENOMEM, "%s", d->file);
	*out = steal_ptr(&v);
	return 0;
}

