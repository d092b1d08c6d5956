/* yamlutil.c - strict reading of small hand-written YAML files.
 *
 * See yamlutil.h.  libyaml's document API builds the whole tree first; the
 * loaders then walk it once, copying what they keep, so the caps a loader
 * puts on its input (file size, list lengths) bound all the work here.
 */
#include "base/yamlutil.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yu_doc_free(struct yu_doc *d)
{
	if (d->loaded)
		yaml_document_delete(&d->doc);
	d->loaded = false;
	free(d->visited);
	d->visited = NULL;
}

int yu_fail(struct yu_doc *d, const char *key, const char *fmt, ...)
{
	char reason[ARB_ERR_MSG_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (key && *key)
		return arb_fail(d->err, ARB_E_PACKAGE, 0, "%s: %s: %s", d->file,
				key, reason);
	return arb_fail(d->err, ARB_E_PACKAGE, 0, "%s: %s", d->file, reason);
}

static void cut_key(char *buf, int n)
{
	if (n < 0 || n >= YU_KEY_LEN)
		memcpy(buf + YU_KEY_LEN - 4, "...", 4);
}

void yu_key(char buf[YU_KEY_LEN], const char *path, const char *key)
{
	if (path && *path)
		cut_key(buf, snprintf(buf, YU_KEY_LEN, "%s.%s", path, key));
	else
		cut_key(buf, snprintf(buf, YU_KEY_LEN, "%s", key));
}

void yu_key_index(char buf[YU_KEY_LEN], const char *path, size_t i)
{
	cut_key(buf, snprintf(buf, YU_KEY_LEN, "%s[%zu]", path, i));
}

static int syntax_fail(const yaml_parser_t *ps, const char *file,
		       struct arb_err *err)
{
	const char *problem = ps->problem ? ps->problem : "malformed YAML";

	if (ps->error == YAML_MEMORY_ERROR)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "%s: parse", file);
	if (ps->error == YAML_READER_ERROR)
		return arb_fail(err, ARB_E_PACKAGE, 0, "%s: byte %zu: %s", file,
				ps->problem_offset, problem);
	if (ps->context)
		return arb_fail(err, ARB_E_PACKAGE, 0, "%s: line %zu: %s (%s)",
				file, ps->problem_mark.line + 1, problem,
				ps->context);
	return arb_fail(err, ARB_E_PACKAGE, 0, "%s: line %zu: %s", file,
			ps->problem_mark.line + 1, problem);
}

yaml_node_t *yu_doc_load(struct yu_doc *d, const char *text, size_t len,
			 size_t max_bytes, const char *file, struct arb_err *err)
{
	yaml_parser_t parser;
	yaml_document_t extra;
	bool more;

	memset(d, 0, sizeof(*d));
	d->file = file;
	d->err = err;
	if (len > max_bytes) {
		arb_fail(err, ARB_E_PACKAGE, 0,
			 "%s: too large (%zu bytes, the limit is %zu)", file,
			 len, max_bytes);
		return NULL;
	}
	if (!yaml_parser_initialize(&parser)) {
		arb_fail(err, ARB_E_INTERNAL, ENOMEM, "%s: parse", file);
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	/* On failure libyaml has already freed what it built. */
	if (!yaml_parser_load(&parser, &d->doc)) {
		syntax_fail(&parser, file, err);
		yaml_parser_delete(&parser);
		return NULL;
	}
	d->loaded = true;
	if (!yaml_document_get_root_node(&d->doc)) {
		yaml_parser_delete(&parser);
		arb_fail(err, ARB_E_PACKAGE, 0, "%s: empty file", file);
		return NULL;
	}
	/* A second document would be silently ignored by a reader that
	 * stops at the first: refuse it, so what is judged is what is seen. */
	if (!yaml_parser_load(&parser, &extra)) {
		syntax_fail(&parser, file, err);
		yaml_parser_delete(&parser);
		return NULL;
	}
	more = yaml_document_get_root_node(&extra) != NULL;
	if (more)
		arb_fail(err, ARB_E_PACKAGE, 0,
			 "%s: line %zu: more than one YAML document", file,
			 extra.start_mark.line + 1);
	yaml_document_delete(&extra);
	yaml_parser_delete(&parser);
	if (more)
		return NULL;
	d->visited = calloc((size_t)(d->doc.nodes.top - d->doc.nodes.start),
			    sizeof(*d->visited));
	if (!d->visited) {
		arb_fail(err, ARB_E_INTERNAL, ENOMEM, "%s: parse", file);
		return NULL;
	}
	return yu_node(d, 1, NULL);
}

yaml_node_t *yu_node(struct yu_doc *d, int idx, const char *key)
{
	yaml_node_t *n = yaml_document_get_node(&d->doc, idx);
	const char *want;

	if (!n) {
		yu_fail(d, key, "missing node");
		return NULL;
	}
	if (d->visited[idx - 1]) {
		yu_fail(d, key, "aliases are not supported");
		return NULL;
	}
	d->visited[idx - 1] = 1;
	want = n->type == YAML_SCALAR_NODE     ? YAML_DEFAULT_SCALAR_TAG
	       : n->type == YAML_SEQUENCE_NODE ? YAML_DEFAULT_SEQUENCE_TAG
					       : YAML_DEFAULT_MAPPING_TAG;
	if (n->tag && strcmp((const char *)n->tag, want) != 0) {
		yu_fail(d, key, "unsupported tag '%s'", (const char *)n->tag);
		return NULL;
	}
	return n;
}

size_t yu_seq_len(const yaml_node_t *n)
{
	if (n->type != YAML_SEQUENCE_NODE)
		return 0;
	return (size_t)(n->data.sequence.items.top -
			n->data.sequence.items.start);
}

yaml_node_t *yu_seq_item(struct yu_doc *d, const yaml_node_t *n, size_t i,
			 const char *key)
{
	return yu_node(d, n->data.sequence.items.start[i], key);
}

size_t yu_map_len(const yaml_node_t *n)
{
	if (n->type != YAML_MAPPING_NODE)
		return 0;
	return (size_t)(n->data.mapping.pairs.top -
			n->data.mapping.pairs.start);
}

int yu_map_key(struct yu_doc *d, const yaml_node_t *n, size_t i,
	       const char *path, char key[YU_KEY_LEN], const char **name)
{
	const yaml_node_pair_t *pairs = n->data.mapping.pairs.start;
	yaml_node_t *k = yu_node(d, pairs[i].key, path);

	if (!k || yu_string(d, k, path, name) < 0)
		return -1;
	yu_key(key, path, *name);
	for (size_t j = 0; j < i; j++) {
		const yaml_node_t *e = yaml_document_get_node(&d->doc,
							      pairs[j].key);

		if (e && e->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)e->data.scalar.value, *name) == 0)
			return yu_fail(d, key, "duplicate key");
	}
	return 0;
}

yaml_node_t *yu_map_value(struct yu_doc *d, const yaml_node_t *n, size_t i,
			  const char *key)
{
	return yu_node(d, n->data.mapping.pairs.start[i].value, key);
}

bool yu_is_null(const yaml_node_t *n)
{
	const char *v;

	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	v = (const char *)n->data.scalar.value;
	return (v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
		strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0);
}

int yu_string(struct yu_doc *d, const yaml_node_t *n, const char *key,
	      const char **out)
{
	if (n->type != YAML_SCALAR_NODE)
		return yu_fail(d, key, "expected a string");
	if (yu_is_null(n))
		return yu_fail(d, key, "expected a string, not null");
	if (strlen((const char *)n->data.scalar.value) != n->data.scalar.length)
		return yu_fail(d, key, "contains a NUL byte");
	*out = (const char *)n->data.scalar.value;
	return 0;
}

int yu_bool(struct yu_doc *d, const yaml_node_t *n, const char *key,
	    bool *out)
{
	if (n->type == YAML_SCALAR_NODE &&
	    n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		const char *v = (const char *)n->data.scalar.value;

		if (strcmp(v, "true") == 0)
			return *out = true, 0;
		if (strcmp(v, "false") == 0)
			return *out = false, 0;
	}
	return yu_fail(d, key, "expected true or false");
}

/* Numbers must be plain scalars: "64" quoted is a string in YAML. */
static const char *plain_scalar(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || yu_is_null(n))
		return NULL;
	return (const char *)n->data.scalar.value;
}

int yu_uint(struct yu_doc *d, const yaml_node_t *n, const char *key,
	    uint64_t min, uint64_t max, uint64_t *out)
{
	const char *v = plain_scalar(n);
	unsigned long long x;
	char *end;

	if (!v || !*v)
		return yu_fail(d, key, "expected a whole number");
	for (const char *s = v; *s; s++)
		if (*s < '0' || *s > '9')
			return yu_fail(d, key, "'%s' is not a whole number", v);
	errno = 0;
	x = strtoull(v, &end, 10);
	if (errno || *end || x < min || x > max)
		return yu_fail(d, key, "%s is out of range [%llu, %llu]", v,
			       (unsigned long long)min, (unsigned long long)max);
	*out = x;
	return 0;
}

int yu_double(struct yu_doc *d, const yaml_node_t *n, const char *key,
	      double min, double max, double *out)
{
	const char *v = plain_scalar(n);
	double x;
	char *end;

	if (!v || !*v)
		return yu_fail(d, key, "expected a number");
	/* Decimal only: strtod would also take "inf", "nan" and hex. */
	for (const char *s = v; *s; s++)
		if (!strchr("0123456789.eE+-", *s))
			return yu_fail(d, key, "'%s' is not a number", v);
	errno = 0;
	x = strtod(v, &end);
	if (errno || *end || end == v || !isfinite(x))
		return yu_fail(d, key, "'%s' is not a number", v);
	if (x < min || x > max)
		return yu_fail(d, key, "%s is out of range [%g, %g]", v, min, max);
	*out = x;
	return 0;
}

int yu_map(struct yu_doc *d, const yaml_node_t *n, const char *path,
	   const char *const *known, size_t n_known, yaml_node_t **values)
{
	char key[YU_KEY_LEN];

	if (n->type != YAML_MAPPING_NODE)
		return yu_fail(d, path, "expected a map");
	for (size_t i = 0; i < n_known; i++)
		values[i] = NULL;
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
	     pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yu_node(d, pr->key, path);
		const char *name;
		size_t i;

		if (!k || yu_string(d, k, path, &name) < 0)
			return -1;
		yu_key(key, path, name);
		for (i = 0; i < n_known && strcmp(known[i], name) != 0; i++)
			;
		if (i == n_known)
			return yu_fail(d, key, "unknown key");
		if (values[i])
			return yu_fail(d, key, "duplicate key");
		values[i] = yu_node(d, pr->value, key);
		if (!values[i])
			return -1;
	}
	return 0;
}
