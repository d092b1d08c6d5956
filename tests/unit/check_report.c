/* check_report.c - the result JSON, field for field, and text sanitising. */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "report.h"

Suite *suite_report(void);

START_TEST(test_contract_fields)
{
	struct judge_test tests[2] = {
		{.name = "sample/1", .verdict = VERDICT_AC, .cpu_us = 12400,
		 .wall_us = 15000, .mem_kib = 9120},
		{.name = "secret/01", .verdict = VERDICT_WA, .cpu_us = 31000,
		 .wall_us = 40000, .mem_kib = 9004, .message = "line 1: expected 'b', got 'a'"},
	};
	struct judgement j = {
		.verdict = VERDICT_WA, .language = "python3", .compile_ok = true,
		.compile_output = "", .tests = tests, .n_tests = 2, .cpu_us = 31000,
		.wall_us = 40000, .mem_kib = 9120,
	};
	json_auto_t *meta = json_pack("{s:i}", "course", 7);
	struct report_meta m = {.id = "s-42", .problem = "echo", .worker = "host-1/2",
				.judged_at = 1795428000, .meta = meta};
	json_auto_t *o = report_json(&j, &m);
	json_t *t;
	const char *key;
	json_t *val;
	static const char *const want[] = {
		"id", "problem", "language", "verdict", "score", "time_ms", "wall_ms",
		"memory_kb", "compile", "tests", "message", "worker", "judged_at", "meta",
	};
	size_t n = 0;

	ck_assert_ptr_nonnull(o);
	json_object_foreach(o, key, val) {
		bool known = false;
		for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++)
			known |= !strcmp(key, want[i]);
		ck_assert_msg(known, "unexpected key '%s'", key);
		n++;
	}
	ck_assert_uint_eq(n, sizeof(want) / sizeof(*want));
	ck_assert_str_eq(json_string_value(json_object_get(o, "id")), "s-42");
	ck_assert_str_eq(json_string_value(json_object_get(o, "verdict")), "WA");
	/* A pass-fail score is the integer 0, as in CONTRACT, not 0.0. */
	ck_assert(json_is_integer(json_object_get(o, "score")));
	ck_assert_int_eq(json_integer_value(json_object_get(o, "score")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "time_ms")), 31);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "wall_ms")), 40);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "memory_kb")), 9120);
	ck_assert_str_eq(json_string_value(json_object_get(o, "judged_at")),
			 "2026-11-23T10:00:00Z");
	ck_assert(json_is_true(json_object_get(json_object_get(o, "compile"), "ok")));
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(o, "meta"),
							     "course")), 7);
	t = json_array_get(json_object_get(o, "tests"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(t, "name")), "sample/1");
	ck_assert_int_eq(json_integer_value(json_object_get(t, "time_ms")), 12);
	ck_assert_int_eq(json_object_size(t), 8);
	t = json_array_get(json_object_get(o, "tests"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(t, "message")),
			 "line 1: expected 'b', got 'a'");
}
END_TEST

/* C1 controls and bidi overrides are valid UTF-8 but no message may carry
 * them: an 8-bit CSI drives a terminal like ESC [, and U+202E reverses
 * what a reader sees. */
START_TEST(test_sanitize_c1_bidi)
{
	static const char bad[] = "a\xC2\x9B" "31mb \xE2\x80\xAE" "cba \xE2\x81\xA6" "x \xC2\xA0ok";
	char *s = text_sanitize(bad, sizeof(bad) - 1, 1000);

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "a\xEF\xBF\xBD" "31mb \xEF\xBF\xBD" "cba \xEF\xBF\xBD" "x \xC2\xA0ok");
	free(s);
}
END_TEST

START_TEST(test_sanitize)
{
	static const char bad[] = "ok \xC3\xA9 \xFF\xFE \x1b[31mred\x00nul\n\tend";
	char *s = text_sanitize(bad, sizeof(bad) - 1, 1000);

	ck_assert_ptr_nonnull(s);
	/* Valid UTF-8 kept, invalid bytes, ESC and NUL replaced, \n \t kept. */
	ck_assert_str_eq(s, "ok \xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD[31mred"
			    "\xEF\xBF\xBDnul\n\tend");
	free(s);
	/* Overlong encodings and surrogates are not valid UTF-8. */
	s = text_sanitize("\xC0\xAF\xED\xA0\x80", 5, 100);
	ck_assert_str_eq(s, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	free(s);
	/* Cut at the bound, and say so. */
	s = text_sanitize("abcdef", 6, 3);
	ck_assert_str_eq(s, "abc\n[... truncated]");
	free(s);
	s = text_sanitize("abc", 3, 3);
	ck_assert_str_eq(s, "abc");
	free(s);
	s = text_file_head("/nonexistent/file", 10);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

Suite *suite_report(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("json");

	tcase_add_test(tc, test_contract_fields);
	tcase_add_test(tc, test_sanitize);
	tcase_add_test(tc, test_sanitize_c1_bidi);
	suite_add_tcase(s, tc);
	return s;
}
