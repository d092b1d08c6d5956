/* problem_subrules.c - submissions/submissions.yaml (2025-09): what each
 * example submission may and must get, by glob.
 *
 *   wrong_answer/slow_*.py:        # a glob over paths under submissions/
 *     permitted: [AC, TLE]         # every test's verdict in this set
 *     required: [TLE]              # and at least one test's in this one
 *
 * Globs are matched against a submission's name ("accepted/sum.py"; a
 * folder submission by its folder's name) and against each of the
 * folders it is in ("accepted": a rule for every submission there).  A
 * `*` stays within a name; `{a,b}` is brace expansion (the spec has it);
 * `**` as a whole part of the path matches any number of folders, none
 * included (an arbiter extension: the 2025-09 text says `**` is not
 * supported, so a package that relies on it will not work elsewhere).
 * A glob that matches no submission is an error, as is an unknown
 * verdict.  Verdicts: the format's AC, WA, TLE, RTE, and arbiter's MLE,
 * OLE, CE, JE.  A rule gives `permitted`, `required` or both; the one it
 * leaves out is the spec's default, every verdict a run can earn (AC, WA,
 * TLE, RTE, MLE, OLE): never CE or JE.  A key of an entry whose value
 * is a map (`sample:`, `secret/g1:`) is a test data group's rule: a
 * glob over test names under data/ (a group matches the tests below it)
 * with its own permitted / required, which only those tests count for;
 * one that matches no test is an error.  Other keys (score,
 * use_for_time_limit, language, entrypoint, authors, model_solution,
 * message) are not used and not checked.
 *
 * The rules ADD to the expectation of a submission's folder, as the spec
 * says: each default folder is itself a rule (accepted: permitted [AC];
 * wrong_answer: permitted [AC, WA], required [WA]; ...; rejected and
 * brute_force too), and a submission that any glob matches must meet its
 * folder's rule and every glob's.  Only a key that is exactly a folder's
 * name replaces that folder's rule, keeping what it leaves out from the
 * default.  A submission that no glob matches keeps the plain check: its
 * verdict is its folder's.
 */
#include "problem_internal.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "verdict.h"

#define SUBRULES_FILE "submissions/submissions.yaml"
#define BIT(v) (1u << (v))
/* The spec's default of `permitted` and `required`: any verdict a run
 * can earn. */
#define RUN_VERDICTS                                                          \
	(BIT(VERDICT_AC) | BIT(VERDICT_WA) | BIT(VERDICT_TLE) | BIT(VERDICT_RTE) | \
	 BIT(VERDICT_MLE) | BIT(VERDICT_OLE))
#define GLOB_MAX_ALTERNATIVES 256
#define RULE(perm, req) {.permitted = (perm), .required = (req), .tests = NULL}

/* The default folders' rules (2025-09 "Default directories", and the
 * folders arbiter adds: memory_limit_exceeded, output_limit_exceeded,
 * compile_error). */
static const struct folder_rule {
	const char *dir;
	struct problem_subrule rule;
} folder_rules[] = {
	{"accepted", RULE(BIT(VERDICT_AC), RUN_VERDICTS)},
	{"rejected", RULE(RUN_VERDICTS, RUN_VERDICTS & ~BIT(VERDICT_AC))},
	{"wrong_answer", RULE(BIT(VERDICT_AC) | BIT(VERDICT_WA), BIT(VERDICT_WA))},
	{"time_limit_exceeded", RULE(BIT(VERDICT_AC) | BIT(VERDICT_TLE), BIT(VERDICT_TLE))},
	{"run_time_error", RULE(BIT(VERDICT_AC) | BIT(VERDICT_RTE), BIT(VERDICT_RTE))},
	{"brute_force", RULE(BIT(VERDICT_AC) | BIT(VERDICT_RTE) | BIT(VERDICT_TLE),
			 BIT(VERDICT_RTE) | BIT(VERDICT_TLE))},
	{"memory_limit_exceeded", RULE(BIT(VERDICT_AC) | BIT(VERDICT_MLE), BIT(VERDICT_MLE))},
	{"output_limit_exceeded", RULE(BIT(VERDICT_AC) | BIT(VERDICT_OLE), BIT(VERDICT_OLE))},
	{"compile_error", RULE(BIT(VERDICT_CE), BIT(VERDICT_CE))},
};
#define N_FOLDERS (sizeof(folder_rules) / sizeof(folder_rules[0]))

static int folder_index(const char *name, size_t len)
{
	for (size_t i = 0; i < N_FOLDERS; i++)
		if (strlen(folder_rules[i].dir) == len &&
		    strncmp(folder_rules[i].dir, name, len) == 0)
			return (int)i;
	return -1;
}

bool problem_subrules_only_folder(const char *folder)
{
	/* The folders without a single verdict: only rules can judge them. */
	return strcmp(folder, "rejected") == 0 || strcmp(folder, "brute_force") == 0;
}

/* A list of verdict names into the bit set *OUT (never empty). */
static int verdict_set(struct yu_doc *d, const yaml_node_t *n, const char *key,
		       unsigned *out)
{
	*out = 0;
	if (n->type != YAML_SEQUENCE_NODE || yu_seq_len(n) == 0)
		return yu_fail(d, key, "expected a non-empty list of verdicts");
	for (size_t i = 0; i < yu_seq_len(n); i++) {
		char ikey[YU_KEY_LEN];
		yaml_node_t *item;
		const char *s;
		int v;

		yu_key_index(ikey, key, i);
		if (!(item = yu_seq_item(d, n, i, ikey)) || yu_string(d, item, ikey, &s) < 0)
			return -1;
		v = verdict_from_name(s);
		if (v < 0 || v >= VERDICT_COUNT)
			return yu_fail(d, ikey, "unknown verdict '%s'", s);
		*out |= BIT(v);
	}
	return 0;
}

/*** globs ***/

/* PAT (no braces) against NAME, part by part: `**` alone
 * matches any number of parts, anything else one part (fnmatch). */
static bool parts_match(const char *pat, const char *name)
{
	const char *pe = strchr(pat, '/'), *ne;
	char pbuf[512], nbuf[512];
	size_t plen = pe ? (size_t)(pe - pat) : strlen(pat), nlen;

	if (plen == 2 && pat[0] == '*' && pat[1] == '*') {
		if (!pe) /* trailing **: everything below */
			return true;
		for (const char *n = name;; n = ne + 1) {
			if (parts_match(pe + 1, n))
				return true;
			if (!(ne = strchr(n, '/')))
				return false;
		}
	}
	ne = strchr(name, '/');
	nlen = ne ? (size_t)(ne - name) : strlen(name);
	if (plen >= sizeof(pbuf) || nlen >= sizeof(nbuf) || !pe != !ne)
		return false;
	memcpy(pbuf, pat, plen);
	pbuf[plen] = '\0';
	memcpy(nbuf, name, nlen);
	nbuf[nlen] = '\0';
	if (fnmatch(pbuf, nbuf, 0) != 0)
		return false;
	return !pe || parts_match(pe + 1, ne + 1);
}

/* Brace expansion: the first {a,b,...} of GLOB (innermost alternatives
 * expand in turn, by recursion) is replaced by each alternative.  *BUDGET
 * bounds the number of patterns tried.  -1: a brace left open. */
static int brace_match(const char *glob, const char *name, int *budget)
{
	const char *open = strchr(glob, '{'), *close, *alt;
	int depth = 0;

	if (!open)
		return --*budget >= 0 && parts_match(glob, name);
	for (close = open; *close; close++) {
		depth += *close == '{';
		depth -= *close == '}';
		if (!depth)
			break;
	}
	if (!*close)
		return -1;
	for (alt = open + 1; alt <= close;) {
		const char *end = alt;
		char *pat;
		int r;

		for (depth = 0; end < close && (depth || *end != ','); end++)
			depth += (*end == '{') - (*end == '}');
		if (asprintf(&pat, "%.*s%.*s%s", (int)(open - glob), glob, (int)(end - alt),
			     alt, close + 1) < 0)
			return 0;
		r = brace_match(pat, name, budget);
		free(pat);
		if (r != 0 || *budget < 0)
			return r;
		alt = end + 1;
	}
	return 0;
}

/* GLOB matches NAME ("accepted/dir/x.c") or one of its folders
 * ("accepted", "accepted/dir"): a folder's rule is its submissions'. */
static int glob_matches(const char *glob, const char *name)
{
	char buf[4096];
	int budget = GLOB_MAX_ALTERNATIVES, r;

	if ((r = brace_match(glob, name, &budget)) != 0)
		return r;
	for (const char *sl = strchr(name, '/'); sl; sl = strchr(sl + 1, '/')) {
		if ((size_t)(sl - name) >= sizeof(buf))
			break;
		memcpy(buf, name, (size_t)(sl - name));
		buf[sl - name] = '\0';
		if ((r = brace_match(glob, buf, &budget)) != 0)
			return r;
	}
	return 0;
}

/*** rules ***/

/* R (its TESTS glob copied) to S's rules, first or last. */
static int add_rule(struct pload *c, struct problem_submission *s,
		    const struct problem_subrule *r, bool first)
{
	struct problem_subrule *grown = realloc(s->rules, (s->n_rules + 1) * sizeof(*grown));
	struct problem_subrule copy = *r;

	if (!grown)
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, SUBRULES_FILE);
	s->rules = grown;
	if (r->tests && !(copy.tests = strdup(r->tests)))
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, SUBRULES_FILE);
	if (first)
		memmove(s->rules + 1, s->rules, s->n_rules * sizeof(*s->rules));
	s->rules[first ? 0 : s->n_rules] = copy;
	s->n_rules++;
	return 0;
}

/* The `permitted` and `required` of map ENTRY (at KEY) into *RULE, with
 * the spec's default for the one left out.  GIVEN[0], GIVEN[1]: whether
 * each was there. */
static int parse_rule(struct yu_doc *d, const yaml_node_t *entry, const char *key,
		      struct problem_subrule *rule, bool given[2])
{
	char pkey[YU_KEY_LEN], rkey[YU_KEY_LEN];
	yaml_node_t *v_perm = NULL, *v_req = NULL;

	yu_key(pkey, key, "permitted");
	yu_key(rkey, key, "required");
	if (problem_yaml_get(d, entry, "permitted", pkey, &v_perm) < 0 ||
	    problem_yaml_get(d, entry, "required", rkey, &v_req) < 0 ||
	    (v_perm && verdict_set(d, v_perm, pkey, &rule->permitted) < 0) ||
	    (v_req && verdict_set(d, v_req, rkey, &rule->required) < 0))
		return -1;
	given[0] = v_perm;
	given[1] = v_req;
	if (!v_perm)
		rule->permitted = RUN_VERDICTS;
	if (!v_req)
		rule->required = RUN_VERDICTS;
	return 0;
}

/* A key of an entry that is not a test data group's (an author may be a
 * map). */
static bool is_rule_key(const char *key)
{
	static const char *const keys[] = {"permitted", "required", "score", "message",
					   "use_for_time_limit", "language", "entrypoint",
					   "authors", "model_solution"};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

/* The entry's rules by test data group: every key whose value is a map
 * (`sample:`, `secret/group1:`, `secret/ *-hard:`) is a glob over test
 * names with its own permitted / required, for the tests it matches.
 * Into *OUT (malloc'd, *N of them; their TESTS point into the YAML). */
static int parse_group_rules(struct pload *c, struct yu_doc *d, const yaml_node_t *entry,
			     const char *key, struct problem_subrule **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < yu_map_len(entry); i++) {
		char gkey[YU_KEY_LEN];
		struct problem_subrule rule = {0}, *grown;
		const char *glob;
		yaml_node_t *v;
		bool given[2];
		int r = 0;

		/* The value is looked at once: a second look is an alias to
		 * yamlutil. */
		if (yu_map_key(d, entry, i, key, gkey, &glob) < 0)
			return -1;
		if (is_rule_key(glob))
			continue;
		if (!(v = yu_map_value(d, entry, i, gkey)))
			return -1;
		if (v->type != YAML_MAPPING_NODE)
			continue;
		for (size_t t = 0; t < c->p->n_tests && !r; t++)
			r = glob_matches(glob, c->p->tests[t].name);
		if (r < 0)
			return yu_fail(d, gkey, "a '{' is not closed");
		if (!r)
			return yu_fail(d, gkey, "matches no test data group or test");
		if (parse_rule(d, v, gkey, &rule, given) < 0)
			return -1;
		if (!given[0] && !given[1])
			continue;
		if (!(grown = realloc(*out, (*n + 1) * sizeof(**out))))
			return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, SUBRULES_FILE);
		rule.tests = (char *)glob;
		*out = grown;
		(*out)[(*n)++] = rule;
	}
	return 0;
}

/* Each submission that has rules (or sits in a folder only rules can
 * judge) gets its folder's rule first: RULES[i] is folder i's (a
 * default, or the file's replacement). */
static int add_folder_rules(struct pload *c, const struct problem_subrule *rules,
			    const bool *replaced)
{
	struct problem *p = c->p;

	for (size_t k = 0; k < p->n_subs; k++) {
		struct problem_submission *s = &p->subs[k];
		int f = folder_index(s->name, strcspn(s->name, "/"));

		if (f < 0 || !(s->n_rules || replaced[f] ||
			       problem_subrules_only_folder(folder_rules[f].dir)))
			continue;
		if (add_rule(c, s, &rules[f], true) < 0)
			return -1;
	}
	return 0;
}

int problem_load_submission_rules(struct pload *c)
{
	_cleanup_yu_doc_ struct yu_doc d = {0};
	struct problem *p = c->p;
	struct problem_subrule folder[N_FOLDERS];
	bool replaced[N_FOLDERS] = {false};
	yaml_node_t *root = NULL;
	int r = problem_yaml_load(c, SUBRULES_FILE, &d, &root);

	for (size_t f = 0; f < N_FOLDERS; f++)
		folder[f] = folder_rules[f].rule;
	if (r < 0)
		return -1;
	for (size_t i = 0; root && i < yu_map_len(root); i++) {
		char key[YU_KEY_LEN];
		struct problem_subrule rule = {0};
		yaml_node_t *entry;
		const char *glob;
		struct problem_subrule *groups = NULL;
		size_t matched = 0, n_groups = 0;
		bool given[2], any;
		int f;

		if (yu_map_key(&d, root, i, NULL, key, &glob) < 0 ||
		    !(entry = yu_map_value(&d, root, i, key)))
			return -1;
		if (entry->type != YAML_MAPPING_NODE)
			return yu_fail(&d, key, "expected a map (permitted, required, ...)");
		if (parse_rule(&d, entry, key, &rule, given) < 0 ||
		    parse_group_rules(c, &d, entry, key, &groups, &n_groups) < 0) {
			free(groups);
			return -1;
		}
		any = given[0] || given[1];
		/* A folder's own name replaces its default, key by key. */
		if ((f = folder_index(glob, strlen(glob))) >= 0 && any) {
			if (given[0])
				folder[f].permitted = rule.permitted;
			if (given[1])
				folder[f].required = rule.required;
			replaced[f] = true;
		}
		for (size_t k = 0; k < p->n_subs; k++) {
			int m = glob_matches(glob, p->subs[k].name);

			if (m < 0) {
				free(groups);
				return yu_fail(&d, key, "a '{' is not closed");
			}
			if (!m)
				continue;
			matched++;
			if (f < 0 && any && add_rule(c, &p->subs[k], &rule, false) < 0) {
				free(groups);
				return -1;
			}
			for (size_t g = 0; g < n_groups; g++) {
				if (add_rule(c, &p->subs[k], &groups[g], false) < 0) {
					free(groups);
					return -1;
				}
			}
		}
		free(groups);
		if (!matched)
			return yu_fail(&d, key, "matches no submission");
	}
	return add_folder_rules(c, folder, replaced);
}

bool problem_subrules_met(const struct problem_submission *s, const int *verdicts,
			  const char *const *names, size_t n)
{
	for (size_t r = 0; r < s->n_rules; r++) {
		const struct problem_subrule *rule = &s->rules[r];
		bool hit = false;

		for (size_t i = 0; i < n; i++) {
			unsigned bit = BIT(verdicts[i]);

			/* A group's rule: its tests only (a CE, with no test,
			 * counts for every group). */
			if (rule->tests && names && names[i] &&
			    glob_matches(rule->tests, names[i]) != 1)
				continue;
			if (rule->permitted && !(rule->permitted & bit))
				return false;
			hit = hit || (rule->required & bit);
		}
		if (rule->required && !hit)
			return false;
	}
	return true;
}
