/* report.c - the result JSON of CONTRACT.md, field for field.
 *
 * Times are rounded to the nearest millisecond; top-level figures are the
 * maxima over the tests that ran.  Every string here was sanitised to
 * valid UTF-8 on its way in (compiler output, messages), so jansson never
 * refuses one; the judge's answers never reach this file.
 */
#include "report.h"

#include <math.h>
#include <string.h>
#include <time.h>

static json_int_t ms(uint64_t us)
{
	return (json_int_t)((us + 500) / 1000);
}

/* A score as JSON: a whole one as an integer, an unbounded max as null. */
static json_t *score_json(double v)
{
	if (isinf(v) || isnan(v))
		return json_null();
	if (v == floor(v) && fabs(v) < 1e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static json_t *group_json(const struct judge_group *g)
{
	json_t *tests = json_array();
	json_t *o;

	for (char **t = g->tests; tests && t && *t; t++)
		if (json_array_append_new(tests, json_string(*t)) < 0) {
			json_decref(tests);
			return NULL;
		}
	if (!tests)
		return NULL;
	o = json_pack("{s:s, s:o, s:o, s:s, s:b, s:o}", "name", g->name, "score",
		      score_json(g->score), "max_score", score_json(g->max_score),
		      "verdict", verdict_name(g->verdict), "skipped", g->skipped,
		      "tests", tests);
	return o;
}

static json_t *test_json(const struct judge_test *t)
{
	json_t *o = json_pack("{s:s, s:s, s:I, s:I, s:I, s:i, s:i, s:s}", "name", t->name,
			 "verdict", verdict_name(t->verdict), "time_ms", ms(t->cpu_us),
			 "wall_ms", ms(t->wall_us), "memory_kb", (json_int_t)t->mem_kib,
			 "exit_code", t->exit_code, "signal", t->signal, "message",
			 t->message);

	/* Scoring problems: the score of a secret test (an extension). */
	if (o && t->scored)
		json_object_set_new(o, "score", score_json(t->score));
	return o;
}

json_t *report_json(const struct judgement *j, const struct report_meta *m)
{
	char when[32];
	struct tm tm;
	json_t *tests = json_array();
	json_t *o;

	if (!tests)
		return NULL;
	for (size_t i = 0; i < j->n_tests; i++)
		if (json_array_append_new(tests, test_json(&j->tests[i])) < 0) {
			json_decref(tests);
			return NULL;
		}
	gmtime_r(&m->judged_at, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	o = json_pack("{s:s, s:s, s:s, s:s, s:f, s:I, s:I, s:I, "
		      "s:{s:b, s:s, s:I}, s:o, s:s, s:s, s:s}",
		      "id", m->id ? m->id : "", "problem", m->problem ? m->problem : "",
		      "language", j->language ? j->language : "",
		      "verdict", verdict_name(j->verdict), "score", j->score,
		      "time_ms", ms(j->cpu_us), "wall_ms", ms(j->wall_us),
		      "memory_kb", (json_int_t)j->mem_kib,
		      "compile", "ok", j->compile_ok, "output",
		      j->compile_output ? j->compile_output : "", "time_ms",
		      ms(j->compile_cpu_us),
		      "tests", tests, "message", j->message,
		      "worker", m->worker ? m->worker : "", "judged_at", when);
	/* Pass-fail scores are whole: 0 and 1 as in CONTRACT, not 0.0. */
	if (o && j->score == floor(j->score) && fabs(j->score) < 1e15)
		json_object_set_new(o, "score", json_integer((json_int_t)j->score));
	/* Scoring problems (an extension): the maximum and the groups. */
	if (o && j->scoring) {
		json_t *groups = json_array();

		for (size_t i = 0; groups && i < j->n_groups; i++)
			if (json_array_append_new(groups, group_json(&j->groups[i])) < 0) {
				json_decref(groups);
				groups = NULL;
			}
		if (!groups || json_object_set_new(o, "groups", groups) < 0 ||
		    json_object_set_new(o, "max_score", score_json(j->max_score)) < 0) {
			json_decref(o);
			return NULL;
		}
	}
	if (o && m->meta)
		json_object_set(o, "meta", m->meta);
	return o;
}
