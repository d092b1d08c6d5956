/* problem.c - a Kattis / ICPC problem package -> struct problem.
 *
 * problem_load() reads, in order: problem.yaml (optional: a legacy package
 * may have none), DOMjudge's .timelimit and domjudge-problem.ini, the output
 * validator, the tests (problem_data.c) and submissions/.  Everything is
 * checked before it returns; after that nothing reads the package's YAML.
 *
 * Versions (https://www.kattis.com/problem-package-format/): `legacy` (no
 * problem_format_version, or "legacy"/"legacy-icpc") and the `2023-07-draft`
 * line that became `2025-09`.  Their keys are read whatever the version
 * says - packages mix them - with the version deciding only defaults and
 * how the validator is chosen:
 *   legacy   validation: default | custom [score] [interactive] [multi-pass];
 *            validator_flags: "..."; output_validators/<program>;
 *            limits.time_multiplier (5) / time_safety_margin (2)
 *   2023-07+ type: pass-fail | scoring | interactive | multi-pass (or a
 *            list); output_validator/ (the program itself) - present means
 *            custom; limits.time_limit, limits.time_multipliers
 *            {ac_to_time_limit (2.0), time_limit_to_tle (1.5)}; validator
 *            arguments only per test group (testdata.yaml / test_group.yaml)
 * 2025-09's `constants` ({{name}} in the programs, problem_constants.c)
 * and include/ (files added to submissions, judge_include.c) are read too.
 * Either version may add `output_validator_protocol: kattis | testlib`, an
 * arbiter extension (testlib: the custom validator is a Codeforces /
 * Polygon checker, judge.c's run_checker()).
 * Unknown keys are ignored (author, source, license, uuid, credits,
 * keywords, languages, ...): the spec says a validator should
 * reject them, but a judge must not refuse a package over metadata it does
 * not use.  Known keys are type-checked.
 */
#include "problem.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/cleanup.h"
#include "problem_internal.h"
#include "validate.h"

/* Sane maxima: a larger value is a typo (ms for s, KiB for MiB). */
#define MAX_TIME_S 3600.0
#define MAX_MEMORY_MIB 65536.0 /* 64 GiB */
#define MAX_OUTPUT_MIB 65536.0
#define MAX_MULTIPLIER 100.0
#define MIB (1024.0 * 1024.0)

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	       ch == '\v' || ch == '\f';
}

/*** Default validator flags ***/

static int parse_tolerance(char *const *argv, size_t *i, double *out,
			   struct arb_err *err)
{
	const char *flag = argv[*i], *val = argv[*i + 1];

	if (!val)
		return arb_fail(err, ARB_E_PACKAGE, 0, "%s: missing value", flag);
	if (!validate_parse_float(val, strlen(val), out))
		return arb_fail(err, ARB_E_PACKAGE, 0, "%s: '%s' is not a number",
				flag, val);
	if (*out < 0)
		return arb_fail(err, ARB_E_PACKAGE, 0, "%s: '%s' is negative",
				flag, val);
	(*i)++;
	return 0;
}

int problem_parse_flag_argv(char *const *argv, struct validator_flags *f,
			    struct arb_err *err)
{
	memset(f, 0, sizeof(*f));
	for (size_t i = 0; argv && argv[i]; i++) {
		const char *a = argv[i];

		if (strcmp(a, "case_sensitive") == 0) {
			f->case_sensitive = true;
		} else if (strcmp(a, "space_change_sensitive") == 0) {
			f->space_change_sensitive = true;
		} else if (strcmp(a, "float_absolute_tolerance") == 0) {
			if (parse_tolerance(argv, &i, &f->float_abs, err) < 0)
				return -1;
			f->float_abs_set = true;
		} else if (strcmp(a, "float_relative_tolerance") == 0) {
			if (parse_tolerance(argv, &i, &f->float_rel, err) < 0)
				return -1;
			f->float_rel_set = true;
		} else if (strcmp(a, "float_tolerance") == 0) {
			if (parse_tolerance(argv, &i, &f->float_abs, err) < 0)
				return -1;
			f->float_rel = f->float_abs;
			f->float_abs_set = f->float_rel_set = true;
		} else {
			return arb_fail(err, ARB_E_PACKAGE, 0, "unknown flag '%s'", a);
		}
	}
	return 0;
}

int problem_parse_validator_flags(const char *s, struct validator_flags *f,
				  struct arb_err *err)
{
	_cleanup_pstrv_ char **v = problem_split(s ? s : "");

	if (!v)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "validator flags");
	return problem_parse_flag_argv(v, f, err);
}

/*** problem.yaml ***/

struct meta {
	bool legacy;
	bool validation_set, custom, interactive, multi_pass;
	bool has_time_limit;
};

/* Seconds (0 < S <= MAX_TIME_S: callers check the range first, as a huge
 * double has no integer conversion) to microseconds, rounded. */
static uint64_t usec(double s)
{
	return (uint64_t)(s * 1e6 + 0.5);
}

/* A plain YAML number ("2", "1.5", "2e3"; "2" quoted is a string), in
 * (0, MAX]; WHOLE: no fraction. */
static int get_number(struct yu_doc *d, const yaml_node_t *n, const char *key,
		      double min, double max, bool whole, double *out)
{
	const char *v = (const char *)n->data.scalar.value;

	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
	    !validate_parse_float(v, n->data.scalar.length, out))
		return yu_fail(d, key, "not a number");
	if (min == 0 && *out <= 0)
		return yu_fail(d, key, "must be positive");
	if (*out < min)
		return yu_fail(d, key, "must be at least %g", min);
	if (*out > max)
		return yu_fail(d, key, "must be at most %g", max);
	/* Only now, in (0, MAX]: converting a negative or huge double to an
	 * integer is undefined behaviour (the fuzzer's find). */
	if (whole && *out != (double)(uint64_t)*out)
		return yu_fail(d, key, "not a whole number");
	return 0;
}

static int get_usec(struct yu_doc *d, const yaml_node_t *map, const char *key,
		    const char *keypath, uint64_t *out, bool *set)
{
	yaml_node_t *n;
	double s;

	if (problem_yaml_get(d, map, key, keypath, &n) < 0)
		return -1;
	if (!n)
		return 0;
	if (get_number(d, n, keypath, 0, MAX_TIME_S, false, &s) < 0)
		return -1;
	*out = usec(s);
	if (*out == 0)
		return yu_fail(d, keypath, "must be at least 1 microsecond");
	if (set)
		*set = true;
	return 0;
}

static int get_mib(struct yu_doc *d, const yaml_node_t *map, const char *key,
		   const char *keypath, double max, uint64_t *out)
{
	yaml_node_t *n;
	double mib;

	if (problem_yaml_get(d, map, key, keypath, &n) < 0)
		return -1;
	if (n && get_number(d, n, keypath, 0, max, true, &mib) < 0)
		return -1;
	if (n)
		*out = (uint64_t)mib * (uint64_t)MIB;
	return 0;
}

static int get_double(struct yu_doc *d, const yaml_node_t *map, const char *key,
		      const char *keypath, double min, double *out)
{
	yaml_node_t *n;

	if (problem_yaml_get(d, map, key, keypath, &n) < 0)
		return -1;
	if (n && get_number(d, n, keypath, min, MAX_MULTIPLIER, false, out) < 0)
		return -1;
	return 0;
}

/* limits.validation_passes: a whole number, at least 2 (the spec). */
static int get_passes(struct yu_doc *d, const yaml_node_t *map, unsigned *out)
{
	yaml_node_t *n;
	double v;

	if (problem_yaml_get(d, map, "validation_passes", "limits.validation_passes", &n) < 0)
		return -1;
	if (n && get_number(d, n, "limits.validation_passes", 2, 100, true, &v) < 0)
		return -1;
	if (n)
		*out = (unsigned)v;
	return 0;
}

static int parse_limits(struct pload *c, struct yu_doc *d, const yaml_node_t *n,
			struct meta *m)
{
	struct problem *p = c->p;
	yaml_node_t *tm;

	if (n->type != YAML_MAPPING_NODE)
		return yu_fail(d, "limits", "expected a map");
	if (get_usec(d, n, "time_limit", "limits.time_limit", &p->time_limit_us,
		     &m->has_time_limit) < 0 ||
	    get_usec(d, n, "compilation_time", "limits.compilation_time",
		     &p->compile_time_us, NULL) < 0 ||
	    get_mib(d, n, "memory", "limits.memory", MAX_MEMORY_MIB, &p->memory_bytes) < 0 ||
	    get_mib(d, n, "output", "limits.output", MAX_OUTPUT_MIB, &p->output_bytes) < 0 ||
	    get_double(d, n, "time_multiplier", "limits.time_multiplier", 0,
		       &p->time_multiplier) < 0 ||
	    get_double(d, n, "time_safety_margin", "limits.time_safety_margin", 0,
		       &p->time_safety_margin) < 0 ||
	    get_passes(d, n, &p->validation_passes) < 0 ||
	    problem_yaml_get(d, n, "time_multipliers", "limits.time_multipliers", &tm) < 0)
		return -1;
	if (!tm)
		return 0;
	if (tm->type != YAML_MAPPING_NODE)
		return yu_fail(d, "limits.time_multipliers", "expected a map");
	/* The spec: both are floats >= 1. */
	if (get_double(d, tm, "ac_to_time_limit",
		       "limits.time_multipliers.ac_to_time_limit", 1,
		       &p->time_multiplier) < 0 ||
	    get_double(d, tm, "time_limit_to_tle",
		       "limits.time_multipliers.time_limit_to_tle", 1,
		       &p->time_safety_margin) < 0)
		return -1;
	return 0;
}

/* "legacy", "legacy-icpc", or a dated version: "2023-07", "2023-07-draft",
 * "2025-09", "draft".  Anything else may mean keys we would misread. */
static int parse_version(struct yu_doc *d, const yaml_node_t *n, struct meta *m,
			 const char **out)
{
	const char *v;
	size_t len;

	if (yu_string(d, n, "problem_format_version", &v) < 0)
		return -1;
	len = strlen(v);
	*out = v;
	if (strcmp(v, "legacy") == 0 || strcmp(v, "legacy-icpc") == 0) {
		m->legacy = true;
		return 0;
	}
	m->legacy = false;
	if (strcmp(v, "draft") == 0)
		return 0;
	if ((len == 7 || (len == 13 && strcmp(v + 7, "-draft") == 0)) &&
	    strspn(v, "0123456789") == 4 && v[4] == '-' &&
	    strspn(v + 5, "0123456789") == 2)
		return 0;
	return yu_fail(d, "problem_format_version", "unknown version '%s'", v);
}

static int parse_type_word(struct pload *c, struct yu_doc *d, const char *key,
			   const char *t, struct meta *m)
{
	if (strcmp(t, "pass-fail") == 0)
		return 0;
	if (strcmp(t, "scoring") == 0)
		return c->p->scoring = true, 0;
	if (strcmp(t, "interactive") == 0)
		return m->interactive = true, 0;
	if (strcmp(t, "multi-pass") == 0)
		return c->p->multi_pass = true, 0;
	if (strcmp(t, "submit-answer") == 0)
		return yu_fail(d, key, "'submit-answer' problems are not supported");
	return yu_fail(d, key, "unknown problem type '%s'", t);
}

static int parse_type(struct pload *c, struct yu_doc *d, const yaml_node_t *n,
		      struct meta *m)
{
	const char *t;

	if (n->type == YAML_SCALAR_NODE)
		return yu_string(d, n, "type", &t) < 0 ? -1
						       : parse_type_word(c, d, "type", t, m);
	if (n->type != YAML_SEQUENCE_NODE || yu_seq_len(n) == 0)
		return yu_fail(d, "type", "expected a string or a non-empty list of strings");
	for (size_t i = 0; i < yu_seq_len(n); i++) {
		char key[YU_KEY_LEN];
		yaml_node_t *item;

		yu_key_index(key, "type", i);
		item = yu_seq_item(d, n, i, key);
		if (!item || yu_string(d, item, key, &t) < 0 ||
		    parse_type_word(c, d, key, t, m) < 0)
			return -1;
	}
	return 0;
}

/* Legacy: "default", or "custom" followed by a subset of score,
 * interactive and multi-pass ("custom interactive score"). */
static int parse_validation(struct yu_doc *d, const yaml_node_t *n, struct meta *m)
{
	_cleanup_pstrv_ char **w = NULL;
	const char *s;

	if (yu_string(d, n, "validation", &s) < 0)
		return -1;
	if (!(w = problem_split(s)))
		return arb_fail(d->err, ARB_E_INTERNAL, ENOMEM, "%s", d->file);
	m->validation_set = true;
	if (w[0] && strcmp(w[0], "default") == 0 && !w[1])
		return 0;
	if (!w[0] || strcmp(w[0], "custom") != 0)
		return yu_fail(d, "validation",
			       "expected 'default' or 'custom [score] [interactive] [multi-pass]', "
			       "not '%s'", s);
	m->custom = true;
	for (size_t i = 1; w[i]; i++) {
		if (strcmp(w[i], "interactive") == 0)
			m->interactive = true;
		else if (strcmp(w[i], "multi-pass") == 0)
			m->multi_pass = true;
		else if (strcmp(w[i], "score") != 0)
			return yu_fail(d, "validation", "unknown word '%s'", w[i]);
	}
	return 0;
}

/* `name`: a string, or a map language -> string (en, else the first). */
static int parse_name(struct pload *c, struct yu_doc *d, const yaml_node_t *n)
{
	const char *s = NULL;

	if (n->type == YAML_MAPPING_NODE) {
		yaml_node_pair_t *pick = NULL;
		char key[YU_KEY_LEN];
		yaml_node_t *k, *v;

		for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
		     pr < n->data.mapping.pairs.top; pr++) {
			k = yaml_document_get_node(&d->doc, pr->key);
			if (!pick || (k && k->type == YAML_SCALAR_NODE &&
				      strcmp((const char *)k->data.scalar.value, "en") == 0))
				pick = pr;
		}
		if (!pick)
			return yu_fail(d, "name", "empty map");
		k = yaml_document_get_node(&d->doc, pick->key);
		yu_key(key, "name", k && k->type == YAML_SCALAR_NODE
					    ? (const char *)k->data.scalar.value : "?");
		if (!(v = yu_node(d, pick->value, key)) || yu_string(d, v, key, &s) < 0)
			return -1;
	} else if (yu_string(d, n, "name", &s) < 0) {
		return -1;
	}
	if (*s && !(c->p->name = strdup(s)))
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "problem.yaml");
	return 0;
}

/* output_validator_protocol (an arbiter extension, no Kattis key): how
 * the custom output validator is called.  `testlib` is the Codeforces /
 * Polygon checker convention. */
static int parse_protocol(struct pload *c, struct yu_doc *d, const yaml_node_t *n)
{
	const char *s;

	if (yu_string(d, n, "output_validator_protocol", &s) < 0)
		return -1;
	if (strcmp(s, "kattis") == 0)
		c->p->validator_protocol = PROBLEM_PROTOCOL_KATTIS;
	else if (strcmp(s, "testlib") == 0)
		c->p->validator_protocol = PROBLEM_PROTOCOL_TESTLIB;
	else
		return yu_fail(d, "output_validator_protocol",
			       "expected 'kattis' or 'testlib', not '%s'", s);
	return 0;
}

/* `constants`: a map from names ([a-zA-Z_][a-zA-Z0-9_]*) to an int, a
 * float or a string, kept as the text of the value. */
static int parse_constants(struct pload *c, struct yu_doc *d, const yaml_node_t *n)
{
	size_t len, k = 0;

	if (n->type != YAML_MAPPING_NODE)
		return yu_fail(d, "constants", "expected a map");
	len = yu_map_len(n);
	problem_strv_free(c->p->constants);
	if (!(c->p->constants = calloc(2 * len + 1, sizeof(char *))))
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "problem.yaml");
	for (size_t i = 0; i < len; i++) {
		char key[YU_KEY_LEN];
		const char *name, *value;
		yaml_node_t *v;

		if (yu_map_key(d, n, i, "constants", key, &name) < 0 ||
		    !(v = yu_map_value(d, n, i, key)))
			return -1;
		if (!*name || strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
				       "0123456789") != strlen(name) ||
		    (name[0] >= '0' && name[0] <= '9'))
			return yu_fail(d, key, "not a name ([a-zA-Z_][a-zA-Z0-9_]*)");
		if (v->type != YAML_SCALAR_NODE)
			return yu_fail(d, key, "expected a number or a string");
		value = (const char *)v->data.scalar.value;
		if (!(c->p->constants[k++] = strdup(name)) ||
		    !(c->p->constants[k++] = strdup(value)))
			return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "problem.yaml");
	}
	return 0;
}

static int load_yaml(struct pload *c, struct meta *m)
{
	enum { K_VERSION, K_TYPE, K_NAME, K_VALIDATION, K_FLAGS, K_LIMITS,
	       K_PROTOCOL, K_CONSTANTS, K_N };
	static const char *const keys[K_N] = {
		"problem_format_version", "type", "name", "validation",
		"validator_flags", "limits", "output_validator_protocol", "constants"};
	_cleanup_yu_doc_ struct yu_doc d = {0};
	struct problem *p = c->p;
	const char *version = "legacy";
	yaml_node_t *root = NULL, *v[K_N] = {0};
	int r = problem_yaml_load(c, "problem.yaml", &d, &root);

	m->legacy = true;
	if (r < 0)
		return -1;
	for (int i = 0; root && i < K_N; i++)
		if (problem_yaml_get(&d, root, keys[i], keys[i], &v[i]) < 0)
			return -1;
	if ((v[K_VERSION] && parse_version(&d, v[K_VERSION], m, &version) < 0) ||
	    (v[K_TYPE] && parse_type(c, &d, v[K_TYPE], m) < 0) ||
	    (v[K_NAME] && parse_name(c, &d, v[K_NAME]) < 0) ||
	    (v[K_VALIDATION] && parse_validation(&d, v[K_VALIDATION], m) < 0) ||
	    (v[K_PROTOCOL] && parse_protocol(c, &d, v[K_PROTOCOL]) < 0) ||
	    (v[K_CONSTANTS] && parse_constants(c, &d, v[K_CONSTANTS]) < 0))
		return -1;
	if (m->multi_pass)
		p->multi_pass = true;
	if (!(p->format_version = strdup(version)))
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "problem.yaml");
	if (!m->legacy) {
		p->time_multiplier = PROBLEM_DEFAULT_AC_TO_TIME_LIMIT;
		p->time_safety_margin = PROBLEM_DEFAULT_TIME_LIMIT_TO_TLE;
	}
	if (v[K_LIMITS] && parse_limits(c, &d, v[K_LIMITS], m) < 0)
		return -1;
	if (m->has_time_limit)
		p->tl_source = PROBLEM_TL_YAML;
	if (v[K_FLAGS]) {
		const char *s;

		if (yu_string(&d, v[K_FLAGS], "validator_flags", &s) < 0)
			return -1;
		problem_strv_free(p->validator_args);
		if (!(p->validator_args = problem_split(s)))
			return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "problem.yaml");
	}
	return 0;
}

/*** DOMjudge ***/

/* Seconds as DOMjudge writes them ("2", "1.5"), for FILE: KEY. */
static int dj_seconds(struct pload *c, const char *what, const char *s, size_t len)
{
	double v;

	while (len && is_space(*s))
		s++, len--;
	while (len && is_space(s[len - 1]))
		len--;
	if (!validate_parse_float(s, len, &v))
		return arb_fail(c->err, ARB_E_PACKAGE, 0, "%s: not a number", what);
	/* The range first: converting a huge double is undefined. */
	if (v > MAX_TIME_S)
		return arb_fail(c->err, ARB_E_PACKAGE, 0, "%s: must be at most %g", what,
				MAX_TIME_S);
	if (v <= 0 || usec(v) == 0)
		return arb_fail(c->err, ARB_E_PACKAGE, 0, "%s: must be positive", what);
	c->p->time_limit_us = usec(v);
	c->p->tl_source = PROBLEM_TL_TIMELIMIT;
	return 0;
}

/* .timelimit: a number of seconds, when problem.yaml gives none. */
static int load_timelimit(struct pload *c)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	int r = problem_read(c, ".timelimit", 64, &text, &len);

	if (r != 0)
		return r < 0 ? -1 : 0;
	return dj_seconds(c, ".timelimit", text, len);
}

/* domjudge-problem.ini: `key = value` lines (value optionally quoted), as
 * DOMjudge and the converters to it (Polygon, BAPCtools) write it.  Only
 * `timelimit` (when neither problem.yaml nor .timelimit gives one) and
 * `name` (when problem.yaml has none) are used; probid, color,
 * special_compare... mean nothing outside DOMjudge. */
static int load_dj_ini(struct pload *c)
{
	static const char file[] = "domjudge-problem.ini";
	_cleanup_free_ char *text = NULL;
	size_t len = 0, line = 0;
	char *s, *next;
	int r = problem_read(c, file, 64 * 1024, &text, &len);

	if (r != 0)
		return r < 0 ? -1 : 0;
	for (s = text; s && *s; s = next) {
		char *eq, *key, *val, *end;

		line++;
		next = strchr(s, '\n');
		if (next)
			*next++ = '\0';
		while (is_space(*s))
			s++;
		if (!*s || *s == ';' || *s == '#' || *s == '[')
			continue;
		if (!(eq = strchr(s, '=')))
			return arb_fail(c->err, ARB_E_PACKAGE, 0,
					"%s: line %zu: expected key = value", file, line);
		for (end = eq; end > s && is_space(end[-1]); end--)
			;
		*end = '\0';
		key = s;
		for (val = eq + 1; is_space(*val); val++)
			;
		for (end = val + strlen(val); end > val && is_space(end[-1]); end--)
			;
		*end = '\0';
		if (end - val >= 2 && (*val == '\'' || *val == '"') && end[-1] == *val) {
			end[-1] = '\0';
			val++;
		}
		if (strcmp(key, "timelimit") == 0 && c->p->tl_source == PROBLEM_TL_UNSET) {
			if (dj_seconds(c, "domjudge-problem.ini: timelimit", val, strlen(val)) < 0)
				return -1;
		} else if (strcmp(key, "name") == 0 && !c->p->name && *val &&
			   !(c->p->name = strdup(val))) {
			return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "%s", file);
		}
	}
	return 0;
}

/*** The output validator ***/

static bool hidden(const char *name)
{
	/* 2025-09: names starting with '.' or '-' are to be ignored. */
	return name[0] == '.' || name[0] == '-';
}

/* Polygon's pair, for a testlib interactive problem: the interactor, and
 * the checker that reads its `tout`. */
static bool is_interactor_name(const char *name)
{
	return strcmp(name, "interactor") == 0;
}

static bool is_checker_name(const char *name)
{
	return strcmp(name, "checker") == 0 || strcmp(name, "check") == 0;
}

/* output_validators/ (legacy): one program, either a directory or files
 * directly in it (a single-file program is "as if a directory with the
 * same name takes its place": the folder itself serves).  *DIR_REL gets
 * what to use, NULL when the folder is empty.  PAIR (a testlib
 * interactive problem): two folders, `interactor/` (*DIR_REL) and
 * `checker/` or `check/` (*CHECKER_REL), are Polygon's pair. */
static int legacy_validator(struct pload *c, bool pair, char **dir_rel,
			    char **checker_rel)
{
	_cleanup_closedir_ DIR *dir = NULL;
	_cleanup_free_ char *abs = NULL, *subdir = NULL, *inter = NULL, *chk = NULL;
	size_t n_dirs = 0, n_files = 0;
	struct dirent *e;

	*dir_rel = *checker_rel = NULL;
	if (!(abs = problem_fmt("%s/output_validators", c->p->dir)))
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "output_validators");
	if (!(dir = opendir(abs)))
		return arb_fail(c->err, ARB_E_PACKAGE, errno, "output_validators");
	while ((e = readdir(dir))) {
		_cleanup_free_ char *rel = NULL;
		struct stat st;

		if (hidden(e->d_name))
			continue;
		if (!(rel = problem_fmt("output_validators/%s", e->d_name)))
			return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "output_validators");
		if (problem_stat(c, rel, &st) != 0)
			return -1;
		if (S_ISDIR(st.st_mode)) {
			n_dirs++;
			if (is_interactor_name(e->d_name) && !inter)
				inter = strdup(rel);
			else if (is_checker_name(e->d_name) && !chk)
				chk = strdup(rel);
			free(subdir);
			subdir = steal_ptr(&rel);
		} else {
			n_files++;
		}
	}
	if (n_dirs + n_files == 0)
		return 0;
	if (n_dirs == 0) {
		*dir_rel = strdup("output_validators");
	} else if (n_dirs == 1 && n_files == 0) {
		*dir_rel = steal_ptr(&subdir);
	} else if (pair && n_dirs == 2 && n_files == 0 && inter && chk) {
		*dir_rel = steal_ptr(&inter);
		*checker_rel = steal_ptr(&chk);
	} else if (pair) {
		return arb_fail(c->err, ARB_E_PACKAGE, 0,
				"output_validators: %zu programs; a testlib interactive problem "
				"has one (the interactor) or two folders, interactor/ and "
				"checker/ (or check/)", n_dirs + n_files);
	} else
		return arb_fail(c->err, ARB_E_PACKAGE, 0,
				"output_validators: %zu programs; only one output validator is supported",
				n_dirs + n_files);
	if (!*dir_rel)
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "output_validators");
	return 0;
}

static int load_validator(struct pload *c, const struct meta *m)
{
	_cleanup_free_ char *rel = NULL, *checker_rel = NULL;
	struct problem *p = c->p;
	struct stat st;
	bool is_new, is_old, want;
	const char *where;
	int r = problem_stat(c, "output_validator", &st);

	if (r < 0)
		return -1;
	is_new = r == 0 && S_ISDIR(st.st_mode);
	if ((r = problem_stat(c, "output_validators", &st)) < 0)
		return -1;
	is_old = r == 0 && S_ISDIR(st.st_mode);
	if (is_new && is_old)
		return arb_fail(c->err, ARB_E_PACKAGE, 0,
				"output_validator: both output_validator/ and output_validators/ exist");
	if (is_new && !(rel = strdup("output_validator")))
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "output_validator");
	if (is_old && legacy_validator(c, m->interactive &&
					    p->validator_protocol == PROBLEM_PROTOCOL_TESTLIB,
				       &rel, &checker_rel) < 0)
		return -1;
	/* Messages name the folder the package's version would use. */
	where = is_new || (!is_old && !m->legacy) ? "output_validator"
						  : "output_validators";

	/* Legacy: `validation` decides, and a validator beside `validation:
	 * default` is unused (problemtools runs the default one).  2023-07+:
	 * the validator's presence decides. */
	want = m->custom || m->interactive || p->multi_pass ||
	       (!m->legacy && !m->validation_set && rel);
	if (!want)
		return 0;
	if (!rel)
		return arb_fail(c->err, ARB_E_PACKAGE, 0, "%s: '%s' but no validator",
				where,
				m->validation_set ? (m->interactive ? "validation: custom interactive"
								    : "validation: custom")
				: m->interactive ? "type: interactive" : "type: multi-pass");
	p->validation = m->interactive ? PROBLEM_VALIDATION_INTERACTIVE
				       : PROBLEM_VALIDATION_CUSTOM;
	if (!(p->validator_dir = problem_fmt("%s/%s", p->dir, rel)) ||
	    (checker_rel && !(p->checker_dir = problem_fmt("%s/%s", p->dir, checker_rel))))
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "%s", where);
	return 0;
}

/* include/ (2025-09): its folders are used by the judge as they are. */
static int load_include(struct pload *c)
{
	struct stat st;
	int r = problem_stat(c, "include", &st);

	if (r != 0 || !S_ISDIR(st.st_mode))
		return r < 0 ? -1 : 0;
	if (!(c->p->include_dir = problem_fmt("%s/include", c->p->dir)))
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, "include");
	return 0;
}

/*** Loading ***/

void problem_free(struct problem *p)
{
	if (!p)
		return;
	free(p->dir);
	free(p->short_name);
	free(p->name);
	free(p->format_version);
	problem_strv_free(p->validator_args);
	problem_strv_free(p->constants);
	free(p->validator_dir);
	free(p->checker_dir);
	free(p->include_dir);
	problem_input_validators_free(p); /* before the tests it reads */
	for (size_t i = 0; i < p->n_tests; i++) {
		free(p->tests[i].name);
		free(p->tests[i].in_path);
		free(p->tests[i].ans_path);
		problem_strv_free(p->tests[i].validator_args);
	}
	free(p->tests);
	problem_groups_free(p);
	for (size_t i = 0; i < p->n_subs; i++) {
		free(p->subs[i].path);
		free(p->subs[i].name);
		for (size_t r = 0; r < p->subs[i].n_rules; r++)
			free(p->subs[i].rules[r].tests);
		free(p->subs[i].rules);
	}
	free(p->subs);
	free(p);
}

static void cleanup_problemp(struct problem **p)
{
	problem_free(*p);
}

/* The name the user gave the package: a symlinked or cached package keeps
 * its own name, not that of the directory behind it. */
static char *base_name(const char *dir, const char *real)
{
	_cleanup_free_ char *name = NULL;
	size_t len = strlen(dir);
	const char *s;

	while (len > 1 && dir[len - 1] == '/')
		len--;
	for (s = dir + len; s > dir && s[-1] != '/'; s--)
		;
	if (!(name = strndup(s, (size_t)(dir + len - s))))
		return NULL;
	if (!*name || strcmp(name, "/") == 0 || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0) /* "pkg/.": name it after what it is */
		return strdup(strrchr(real, '/')[1] ? strrchr(real, '/') + 1 : real);
	return steal_ptr(&name);
}

int problem_load(const char *dir, struct problem **out, struct arb_err *err)
{
	__attribute__((cleanup(cleanup_problemp))) struct problem *p = NULL;
	struct pload c = {.err = err};
	struct meta m = {0};
	struct stat st;

	*out = NULL;
	if (!(p = calloc(1, sizeof(*p))))
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "problem '%s'", dir);
	c.p = p;
	if (!(p->dir = realpath(dir, NULL)))
		return arb_fail(err, ARB_E_PACKAGE, errno, "problem '%s'", dir);
	if (stat(p->dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return arb_fail(err, ARB_E_PACKAGE, 0, "problem '%s': not a directory", dir);
	p->short_name = base_name(dir, p->dir);
	p->validator_args = calloc(1, sizeof(char *));
	p->constants = calloc(1, sizeof(char *));
	if (!p->short_name || !p->validator_args || !p->constants)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "problem '%s'", dir);
	p->time_multiplier = PROBLEM_DEFAULT_TIME_MULTIPLIER;
	p->time_safety_margin = PROBLEM_DEFAULT_SAFETY_MARGIN;
	p->memory_bytes = (uint64_t)PROBLEM_DEFAULT_MEMORY_MIB << 20;
	p->output_bytes = (uint64_t)PROBLEM_DEFAULT_OUTPUT_MIB << 20;
	p->compile_time_us = (uint64_t)PROBLEM_DEFAULT_COMPILE_TIME_S * 1000000;
	p->validation_passes = PROBLEM_DEFAULT_VALIDATION_PASSES;

	if (load_yaml(&c, &m) < 0)
		return -1;
	if (p->tl_source == PROBLEM_TL_UNSET && load_timelimit(&c) < 0)
		return -1;
	if (load_dj_ini(&c) < 0)
		return -1;
	if (load_validator(&c, &m) < 0)
		return -1;
	if (load_include(&c) < 0)
		return -1;
	if (p->validator_protocol == PROBLEM_PROTOCOL_TESTLIB &&
	    p->validation == PROBLEM_VALIDATION_DEFAULT)
		return arb_fail(err, ARB_E_PACKAGE, 0,
				"problem.yaml: output_validator_protocol: 'testlib' needs a "
				"custom output validator");
	if (p->validator_protocol == PROBLEM_PROTOCOL_TESTLIB && p->multi_pass)
		return arb_fail(err, ARB_E_PACKAGE, 0,
				"problem.yaml: output_validator_protocol: 'testlib' is "
				"not supported for multi-pass problems");
	if (p->validation == PROBLEM_VALIDATION_DEFAULT &&
	    problem_parse_flag_argv(p->validator_args, &p->flags, err) < 0)
		return arb_err_prefix(err, "problem.yaml: validator_flags");
	if (problem_load_tests(&c) < 0 || problem_load_submissions(&c) < 0 ||
	    problem_load_input_validators(&c) < 0 ||
	    problem_load_submission_rules(&c) < 0)
		return -1;
	if (!p->name && !(p->name = strdup(p->short_name)))
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "problem '%s'", dir);
	*out = steal_ptr(&p);
	return 0;
}
