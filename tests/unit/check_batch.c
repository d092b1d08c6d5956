/* check_batch.c - the batch report writers (CSV quoting, HTML escaping,
 * JSON shape) and student ids, over hand-made results: no judging. */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

Suite *suite_batch(void);

/* What WRITE produced for V, as a malloc'd string. */
static char *render(int (*write)(FILE *, const struct batch_view *),
		    const struct batch_view *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(write(f, v), 0);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

/* What FN (a text writer) made of S, as a malloc'd string. */
static char *text(void (*fn)(FILE *, const char *), const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	fn(f, s);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

/* Three students: a hostile name with a WA whose message holds " and &,
 * an AC, and one without a result. */
struct fixture {
	json_t *r[3];
	const char *students[3];
	const char *tests[2];
	struct batch_view v;
};

static void fixture_init(struct fixture *fx)
{
	fx->r[0] = json_pack(
		"{s:s, s:s, s:i, s:i, s:i, s:s, s:[{s:s, s:s, s:i, s:i, s:s}, "
		"{s:s, s:s, s:i, s:i, s:s}]}",
		"id", "<script>alert(1)</script>", "verdict", "WA", "score", 0,
		"time_ms", 12, "memory_kb", 900, "message", "",
		"tests", "name", "sample/1", "verdict", "AC", "time_ms", 3, "memory_kb", 900,
		"message", "", "name", "secret/1", "verdict", "WA", "time_ms", 12,
		"memory_kb", 800, "message", "line 1: expected \"a&b\", got <i>");
	fx->r[1] = json_pack("{s:s, s:i, s:i, s:i, s:s, s:[{s:s, s:s, s:i, s:i, s:s}]}",
			     "verdict", "AC", "score", 1, "time_ms", 5, "memory_kb", 256,
			     "message", "", "tests", "name", "sample/1", "verdict", "AC",
			     "time_ms", 5, "memory_kb", 256, "message", "");
	fx->r[2] = NULL;
	ck_assert_ptr_nonnull(fx->r[0]);
	ck_assert_ptr_nonnull(fx->r[1]);
	fx->students[0] = "<script>alert(1)</script>";
	fx->students[1] = "=cmd|' /C calc'!A0";
	fx->students[2] = "carol, \"the\" third";
	fx->tests[0] = "sample/1";
	fx->tests[1] = "secret/1";
	fx->v = (struct batch_view){
		.problem = "sum", .problem_title = "Sum & <b>more</b>",
		.test_names = fx->tests, .n_tests = 2, .time_limit_us = 1000000,
		.students = fx->students, .results = (const json_t *const *)fx->r, .n = 3,
	};
}

static void fixture_free(struct fixture *fx)
{
	for (int i = 0; i < 3; i++)
		json_decref(fx->r[i]);
}

START_TEST(test_csv_field_quoting)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"plain", "plain"},
		{"", ""},
		{"a,b", "\"a,b\""},
		{"say \"hi\"", "\"say \"\"hi\"\"\""},
		{"two\nlines", "\"two\nlines\""},
		{"cr\rhere", "\"cr\rhere\""},
		{"=1+1", "\"'=1+1\""},
		{"+1", "\"'+1\""},
		{"-2", "\"'-2\""},
		{"@SUM(A1)", "\"'@SUM(A1)\""},
		{"a=b", "a=b"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got = text(batch_csv_field, cases[i].in);
		ck_assert_msg(!strcmp(got, cases[i].out), "'%s' -> '%s', want '%s'",
			      cases[i].in, got, cases[i].out);
		free(got);
	}
}
END_TEST

START_TEST(test_csv_rows)
{
	struct fixture fx;
	char *csv;

	fixture_init(&fx);
	csv = render(batch_write_csv, &fx.v);
	ck_assert_str_eq(csv,
		"student,verdict,score,tests_passed,tests_total,max_time_ms,max_memory_kb,message\r\n"
		"<script>alert(1)</script>,WA,0,1,2,12,900,"
		"\"line 1: expected \"\"a&b\"\", got <i>\"\r\n"
		"\"'=cmd|' /C calc'!A0\",AC,1,1,2,5,256,\r\n"
		"\"carol, \"\"the\"\" third\",JE,0,0,2,0,0,"
		"\"no result (not judged yet, or its worker died)\"\r\n");
	free(csv);
	fixture_free(&fx);
}
END_TEST

START_TEST(test_html_escape)
{
	char *got = text(batch_html_escape, "<script>alert(1)</script> \"q\" & 'a'");

	ck_assert_str_eq(got, "&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; "
			      "&amp; &#39;a&#39;");
	free(got);
}
END_TEST

START_TEST(test_html_report)
{
	struct fixture fx;
	char *html;
	size_t scripts = 0;

	fixture_init(&fx);
	html = render(batch_write_html, &fx.v);
	/* The only script element is ours; every hostile string is escaped. */
	for (const char *p = html; (p = strstr(p, "<script")); p++)
		scripts++;
	ck_assert_uint_eq(scripts, 1);
	ck_assert_ptr_null(strstr(html, "<script>alert"));
	ck_assert_ptr_null(strstr(html, "<b>more"));
	ck_assert_ptr_null(strstr(html, "got <i>"));
	ck_assert_ptr_nonnull(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	ck_assert_ptr_nonnull(strstr(html, "Sum &amp; &lt;b&gt;more&lt;/b&gt;"));
	/* The first difference is the WA cell's title, escaped. */
	ck_assert_ptr_nonnull(strstr(html, "title=\"WA, 12 ms, 800 KiB: line 1: expected "
					   "&quot;a&amp;b&quot;, got &lt;i&gt;\""));
	/* The table, a column per test, the three charts, no network. */
	ck_assert_ptr_nonnull(strstr(html, "<table id=\"results\">"));
	ck_assert_ptr_nonnull(strstr(html, "<th title=\"secret/1\">secret/1</th>"));
	ck_assert_ptr_nonnull(strstr(html, "aria-label=\"Verdicts\""));
	ck_assert_ptr_nonnull(strstr(html, "aria-label=\"Scores (bins of 0.1)\""));
	ck_assert_ptr_nonnull(strstr(html, "aria-label=\"Max CPU time per student (ms)\""));
	ck_assert_ptr_nonnull(strstr(html, "default-src 'none'"));
	ck_assert_ptr_null(strstr(html, "src=\"http"));
	ck_assert_ptr_null(strstr(html, "href=\"http"));
	/* One row per student. */
	{
		size_t rows = 0;
		const char *body = strstr(html, "<tbody>");
		for (const char *p = body; (p = strstr(p, "<tr>")); p++)
			rows++;
		ck_assert_uint_eq(rows, 3);
	}
	free(html);
	fixture_free(&fx);
}
END_TEST

START_TEST(test_json_shape)
{
	struct fixture fx;
	json_error_t jerr;
	json_t *a;
	char *s;

	fixture_init(&fx);
	s = render(batch_write_json, &fx.v);
	a = json_loads(s, 0, &jerr);
	ck_assert_msg(a != NULL, "results.json does not parse: %s", jerr.text);
	ck_assert(json_is_array(a));
	ck_assert_uint_eq(json_array_size(a), 3);
	for (size_t i = 0; i < 3; i++) {
		json_t *e = json_array_get(a, i);
		ck_assert_uint_eq(json_object_size(e), 2);
		ck_assert_str_eq(json_string_value(json_object_get(e, "student")),
				 fx.students[i]);
	}
	ck_assert_str_eq(json_string_value(json_object_get(
				 json_object_get(json_array_get(a, 0), "result"), "verdict")),
			 "WA");
	ck_assert(json_is_null(json_object_get(json_array_get(a, 2), "result")));
	json_decref(a);
	free(s);
	fixture_free(&fx);
}
END_TEST

START_TEST(test_summary)
{
	struct fixture fx;
	struct batch_summary s;

	fixture_init(&fx);
	batch_summarize(fx.r[0], 2, &s);
	ck_assert_str_eq(s.verdict, "WA");
	ck_assert_uint_eq(s.passed, 1);
	ck_assert_uint_eq(s.total, 2);
	ck_assert_int_eq(s.time_ms, 12);
	ck_assert_str_eq(s.message, "line 1: expected \"a&b\", got <i>");
	/* An unknown verdict in a result file is never printed as is. */
	json_object_set_new(fx.r[1], "verdict", json_string("<x>"));
	batch_summarize(fx.r[1], 2, &s);
	ck_assert_str_eq(s.verdict, "JE");
	fixture_free(&fx);
}
END_TEST

START_TEST(test_student_id)
{
	static const struct {
		const char *name;
		bool dir;
		const char *id;
	} cases[] = {
		{"alice.c", false, "alice"},
		{"bob.tar.gz", false, "bob"},
		{"carol.zip", false, "carol"},
		{"dave.v2", true, "dave.v2"},
		{"noext", false, "noext"},
		{"a.b.py", false, "a.b"},
		{"tab\tand\nnl.c", false, "tab_and_nl"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *id = batch_student_id(cases[i].name, cases[i].dir);
		ck_assert_ptr_nonnull(id);
		ck_assert_str_eq(id, cases[i].id);
		free(id);
	}
	/* Control bytes and invalid UTF-8 never reach a terminal or JSON. */
	{
		char *id = batch_student_id("x\033[2J\xff.c", false);
		ck_assert_ptr_null(strchr(id, '\033'));
		ck_assert_ptr_null(strchr(id, '\xff'));
		free(id);
	}
}
END_TEST

Suite *suite_batch(void)
{
	Suite *s = suite_create("batch");
	TCase *tc = tcase_create("report");

	tcase_add_test(tc, test_csv_field_quoting);
	tcase_add_test(tc, test_csv_rows);
	tcase_add_test(tc, test_html_escape);
	tcase_add_test(tc, test_html_report);
	tcase_add_test(tc, test_json_shape);
	tcase_add_test(tc, test_summary);
	tcase_add_test(tc, test_student_id);
	suite_add_tcase(s, tc);
	return s;
}
