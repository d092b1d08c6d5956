/* problem_subrules.c - submissions/submissions.yaml (2025-09): what each
 * example submission may and must get, by glob.
 *
 *   wrong_answer/slow_*.py:        # a glob over paths under submissions/
 *     permitted: [AC, TLE]         # every test's verdict in this set
 *     required: [TLE]              # and at least one test's in this one
 *
 * Globs are fnmatch(3) patterns with FNM_PATHNAME ('*' stays within a
 * folder), matched against a submission's name ("accepted/sum.py"; a
 * folder submission is matched by its folder's name) and against each of
 * the folders it is in ("accepted": a rule for every submission there).  A glob that
 * matches no submission is an error, as is an unknown verdict.  Verdicts:
 * the format's AC, WA, TLE, RTE, and arbiter's MLE, OLE, CE, JE.  Other
 * keys of an entry (score, use_for_time_limit, language, entrypoint,
 * authors, model_solution, message, ...) are not used and not checked.
 * A submission may match several globs: it must satisfy every one.
 */
#include "problem_internal.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "verdict.h"

#define SUBRULES_FILE "submissions/submissions.yaml"

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
		*out |= 1u << v;
	}
	return 0;
}

/* GLOB matches NAME ("accepted/dir/x.c") or one of its folders
 * ("accepted", "accepted/dir"): a folder's rule is its submissions'. */
static bool glob_matches(const char *glob, const char *name)
{
	char buf[4096];

	if (fnmatch(glob, name, FNM_PATHNAME) == 0)
		return true;
	for (const char *sl = strchr(name, '/'); sl; sl = strchr(sl + 1, '/')) {
		if ((size_t)(sl - name) >= sizeof(buf))
			break;
		memcpy(buf, name, (size_t)(sl - name));
		buf[sl - name] = '\0';
		if (fnmatch(glob, buf, FNM_PATHNAME) == 0)
			return true;
	}
	return false;
}

static int add_rule(struct pload *c, struct problem_submission *s,
		    const struct problem_subrule *r)
{
	struct problem_subrule *grown = realloc(s->rules, (s->n_rules + 1) * sizeof(*grown));

	if (!grown)
		return arb_fail(c->err, ARB_E_INTERNAL, ENOMEM, SUBRULES_FILE);
	s->rules = grown;
	s->rules[s->n_rules++] = *r;
	return 0;
}

int problem_load_submission_rules(struct pload *c)
{
	_cleanup_yu_doc_ struct yu_doc d = {0};
	struct problem *p = c->p;
	yaml_node_t *root = NULL;
	int r = problem_yaml_load(c, SUBRULES_FILE, &d, &root);

	if (r != 0)
		return r < 0 ? -1 : 0;
	for (size_t i = 0; root && i < yu_map_len(root); i++) {
		char key[YU_KEY_LEN], pkey[YU_KEY_LEN], rkey[YU_KEY_LEN];
		struct problem_subrule rule = {0};
		yaml_node_t *entry, *v_perm = NULL, *v_req = NULL;
		const char *glob;
		size_t matched = 0;

		if (yu_map_key(&d, root, i, NULL, key, &glob) < 0 ||
		    !(entry = yu_map_value(&d, root, i, key)))
			return -1;
		if (entry->type != YAML_MAPPING_NODE)
			return yu_fail(&d, key, "expected a map (permitted, required, ...)");
		yu_key(pkey, key, "permitted");
		yu_key(rkey, key, "required");
		if (problem_yaml_get(&d, entry, "permitted", pkey, &v_perm) < 0 ||
		    problem_yaml_get(&d, entry, "required", rkey, &v_req) < 0 ||
		    (v_perm && verdict_set(&d, v_perm, pkey, &rule.permitted) < 0) ||
		    (v_req && verdict_set(&d, v_req, rkey, &rule.required) < 0))
			return -1;
		for (size_t k = 0; k < p->n_subs; k++) {
			if (!glob_matches(glob, p->subs[k].name))
				continue;
			matched++;
			if ((rule.permitted || rule.required) &&
			    add_rule(c, &p->subs[k], &rule) < 0)
				return -1;
		}
		if (!matched)
			return yu_fail(&d, key, "matches no submission");
	}
	return 0;
}

bool problem_subrules_met(const struct problem_submission *s, const int *verdicts,
			  size_t n)
{
	for (size_t r = 0; r < s->n_rules; r++) {
		const struct problem_subrule *rule = &s->rules[r];
		bool hit = false;

		for (size_t i = 0; i < n; i++) {
			unsigned bit = 1u << verdicts[i];

			if (rule->permitted && !(rule->permitted & bit))
				return false;
			hit = hit || (rule->required & bit);
		}
		if (rule->required && !hit)
			return false;
	}
	return true;
}
