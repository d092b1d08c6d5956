/* check_validate.c - the default output validator (validate.c).
 *
 * A table of (answer, output, flags, verdict, message) cases written to a
 * scratch dir: whitespace (sensitive or not), case, numbers with absolute,
 * relative and both tolerances at their boundaries, missing and extra
 * tokens, empty files, long tokens, binary junk and hostile bytes in the
 * message; then the number grammar, the flag parser, a 20 MB streaming
 * comparison and read errors.  Tier 1: no privilege needed.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "problem.h"
#include "testutil.h"
#include "validate.h"

Suite *suite_validate(void);

struct vcase {
	const char *name;
	const char *ans, *out;
	size_t ans_len, out_len; /* 0: strlen (set for embedded NULs) */
	const char *flags;
	bool accepted;
	const char *msg; /* exact message; NULL: only "accepted" checked */
};

#define NUM "float_tolerance 1e-6"
#define ABS "float_absolute_tolerance 1e-6"
#define REL "float_relative_tolerance 1e-6"

static const struct vcase cases[] = {
	/* Whitespace, default mode: it only separates tokens. */
	{"identical", "1 2 3\n", "1 2 3\n", 0, 0, "", true, ""},
	{"more spaces", "1 2 3\n", "1   2\t\t3\n", 0, 0, "", true, ""},
	{"no final newline", "1 2 3\n", "1 2 3", 0, 0, "", true, ""},
	{"leading blank lines", "1 2 3\n", "\n\n  1 2 3", 0, 0, "", true, ""},
	{"crlf", "1\n2\n", "1\r\n2\r\n", 0, 0, "", true, ""},
	{"lines vs spaces", "1 2\n3 4\n", "1\n2\n3\n4\n", 0, 0, "", true, ""},
	{"vt ff", "a b\n", "a\v\fb", 0, 0, "", true, ""},
	{"both empty", "", "", 0, 0, "", true, ""},
	{"empty answer, blank output", "", " \n\t\n", 0, 0, "", true, ""},
	{"blank answer, empty output", "\n\n", "", 0, 0, "", true, ""},
	/* Wrong tokens; the line is the output's. */
	{"wrong token", "1 2 3\n", "1 2 4\n", 0, 0, "", false,
	 "line 1: expected '3', got '4'"},
	{"wrong token line 3", "a\nb\nc\n", "a\nb\n\nx\n", 0, 0, "", false,
	 "line 4: expected 'c', got 'x'"},
	{"prefix token", "abc\n", "ab\n", 0, 0, "", false,
	 "line 1: expected 'abc', got 'ab'"},
	{"longer token", "ab\n", "abc\n", 0, 0, "", false,
	 "line 1: expected 'ab', got 'abc'"},
	{"output ended early", "1 2 3\n", "1 2\n", 0, 0, "", false,
	 "line 1: output ended early (expected '3')"},
	{"ended early, no newline", "1\n2\n", "1", 0, 0, "", false,
	 "line 1: output ended early (expected '2')"},
	{"ended early after blank lines", "1\n2\n", "1\n\n\n", 0, 0, "", false,
	 "line 3: output ended early (expected '2')"},
	{"empty output", "42\n", "", 0, 0, "", false,
	 "line 1: output ended early (expected '42')"},
	{"extra token", "1 2\n", "1 2 3\n", 0, 0, "", false,
	 "line 1: extra output '3'"},
	{"extra token later", "1\n", "1\n\nfoo bar\n", 0, 0, "", false,
	 "line 3: extra output 'foo'"},
	{"empty answer, output", "", "x\n", 0, 0, "", false,
	 "line 1: extra output 'x'"},
	/* Case: ASCII folding only. */
	{"case folded", "Yes\n", "YES\n", 0, 0, "", true, ""},
	{"case sensitive", "Yes\n", "YES\n", 0, 0, "case_sensitive", false,
	 "line 1: expected 'Yes', got 'YES'"},
	{"case sensitive same", "Yes\n", "Yes\n", 0, 0, "case_sensitive", true, ""},
	{"no unicode folding", "\xc3\x89t\xc3\xa9\n", "\xc3\xa9t\xc3\xa9\n", 0, 0, "",
	 false, "line 1: expected '\xc3\x89t\xc3\xa9', got '\xc3\xa9t\xc3\xa9'"},
	{"punctuation is not folded", "[\n", "{\n", 0, 0, "", false,
	 "line 1: expected '[', got '{'"},
	/* space_change_sensitive: every whitespace byte must match. */
	{"space sensitive same", "1 2\n3\n", "1 2\n3\n", 0, 0, "space_change_sensitive", true, ""},
	{"space sensitive double space", "1 2\n", "1  2\n", 0, 0, "space_change_sensitive",
	 false, "line 1: whitespace differs: expected '2', got space"},
	{"space sensitive missing space", "1 2\n", "1\n2\n", 0, 0, "space_change_sensitive",
	 false, "line 1: whitespace differs: expected space, got newline"},
	{"space sensitive no final newline", "1 2\n", "1 2", 0, 0, "space_change_sensitive",
	 false, "line 1: whitespace differs: expected newline, got end of output"},
	{"space sensitive extra final newline", "1 2\n", "1 2\n\n", 0, 0,
	 "space_change_sensitive", false,
	 "line 2: whitespace differs: expected end of output, got newline"},
	{"space sensitive trailing space", "1 2\n", "1 2 \n", 0, 0, "space_change_sensitive",
	 false, "line 1: whitespace differs: expected newline, got space"},
	{"space sensitive leading space", "1\n", " 1\n", 0, 0, "space_change_sensitive",
	 false, "line 1: whitespace differs: expected '1', got space"},
	{"space sensitive crlf", "1\n", "1\r\n", 0, 0, "space_change_sensitive", false,
	 "line 1: whitespace differs: expected newline, got carriage return"},
	{"space sensitive tab", "1\t2\n", "1 2\n", 0, 0, "space_change_sensitive", false,
	 "line 1: whitespace differs: expected tab, got space"},
	{"space sensitive token instead", "1 2\n", "12\n", 0, 0, "space_change_sensitive",
	 false, "line 1: expected '1', got '12'"},
	{"space sensitive folds case", "a b\n", "A B\n", 0, 0, "space_change_sensitive",
	 true, ""},
	{"space sensitive empty", "", "", 0, 0, "space_change_sensitive", true, ""},
	{"space sensitive extra token", "1\n", "1\n2\n", 0, 0, "space_change_sensitive",
	 false, "line 2: extra output '2'"},
	/* Numbers are strings unless a tolerance is set. */
	{"no tolerance 1 vs 1.0", "1\n", "1.0\n", 0, 0, "", false,
	 "line 1: expected '1', got '1.0'"},
	{"tolerance 1 vs 1.0", "1\n", "1.0\n", 0, 0, NUM, true, ""},
	{"spec example 0.0314", "0.0314\n", "3.14000000e-2\n", 0, 0, NUM, true, ""},
	{"forms .5 5. +0.5", "0.5 5 0.5\n", ".5 5. +0.5\n", 0, 0, NUM, true, ""},
	{"abs within", "3.14159\n", "3.1416\n", 0, 0, "float_absolute_tolerance 1e-4",
	 true, ""},
	{"abs outside", "3.14159\n", "3.15\n", 0, 0, "float_absolute_tolerance 1e-4",
	 false, "line 1: 3.15 differs from 3.14159 by more than 0.0001"},
	{"rel within", "1000000\n", "1000000.5\n", 0, 0, REL, true, ""},
	{"rel outside", "1000000\n", "1000002\n", 0, 0, REL, false,
	 "line 1: 1000002 differs from 1000000 by more than 1e-06 relative"},
	{"rel at zero needs exact", "0\n", "1e-300\n", 0, 0, REL, false,
	 "line 1: 1e-300 differs from 0 by more than 1e-06 relative"},
	{"both: abs saves small", "0\n", "0.0000009\n", 0, 0, NUM, true, ""},
	{"both: rel saves large", "1e9\n", "1000000500\n", 0, 0, NUM, true, ""},
	{"both: neither", "1e9\n", "1000002000\n", 0, 0, NUM, false,
	 "line 1: 1000002000 differs from 1e9 by more than 1e-06 (absolute or relative)"},
	{"both, different", "100\n", "101\n", 0, 0,
	 "float_absolute_tolerance 0.5 float_relative_tolerance 0.001", false,
	 "line 1: 101 differs from 100 by more than 0.5 absolute or 0.001 relative"},
	/* Boundaries: |s-a| <= eps is accepted, exactly as problemtools. */
	{"abs boundary equal", "0\n", "1e-6\n", 0, 0, ABS, true, ""},
	{"abs boundary negative", "0\n", "-0.000001\n", 0, 0, ABS, true, ""},
	{"abs boundary beyond", "0\n", "1.000001e-6\n", 0, 0, ABS, false,
	 "line 1: 1.000001e-6 differs from 0 by more than 1e-06"},
	{"abs exact binary", "0.5\n", "0.5000009\n", 0, 0, ABS, true, ""},
	{"rel boundary", "1\n", "1.000001\n", 0, 0, REL, true, ""},
	{"rel boundary beyond", "1\n", "1.0000011\n", 0, 0, REL, false,
	 "line 1: 1.0000011 differs from 1 by more than 1e-06 relative"},
	{"rel boundary negative", "-2\n", "-2.000002\n", 0, 0, REL, true, ""},
	{"zero tolerance", "0.1\n", "0.10\n", 0, 0, "float_tolerance 0", true, ""},
	{"zero tolerance differs", "0.1\n", "0.1000001\n", 0, 0, "float_tolerance 0",
	 false, "line 1: 0.1000001 differs from 0.1 by more than 0 (absolute or relative)"},
	/* Output tokens that are not numbers. */
	{"not a number", "1.5\n", "abc\n", 0, 0, NUM, false,
	 "line 1: expected '1.5' (a number), got 'abc'"},
	{"inf is not a number", "1.5\n", "inf\n", 0, 0, NUM, false,
	 "line 1: expected '1.5' (a number), got 'inf'"},
	{"nan is not a number", "1.5\n", "nan\n", 0, 0, NUM, false,
	 "line 1: expected '1.5' (a number), got 'nan'"},
	{"hex is not a number", "1\n", "0x1p0\n", 0, 0, NUM, false,
	 "line 1: expected '1' (a number), got '0x1p0'"},
	{"comma is not a point", "1.5\n", "1,5\n", 0, 0, NUM, false,
	 "line 1: expected '1.5' (a number), got '1,5'"},
	{"overflow is not a number", "1\n", "1e999\n", 0, 0, NUM, false,
	 "line 1: expected '1' (a number), got '1e999'"},
	{"huge difference", "1e308\n", "-1e308\n", 0, 0, NUM, false,
	 "line 1: -1e308 differs from 1e308 by more than 1e-06 (absolute or relative)"},
	/* Answer tokens that are not numbers are compared as strings. */
	{"word with tolerance", "YES 2.0\n", "yes 2\n", 0, 0, NUM, true, ""},
	{"word with tolerance wrong", "YES\n", "2\n", 0, 0, NUM, false,
	 "line 1: expected 'YES', got '2'"},
	{"inf answer is a string", "inf\n", "INF\n", 0, 0, NUM, true, ""},
	{"overflowing answer is a string", "1e999\n", "1E999\n", 0, 0, NUM, true, ""},
	{"case sensitive numbers", "1e5\n", "1E5\n", 0, 0, "case_sensitive " NUM, true, ""},
	{"case sensitive word", "Inf\n", "inf\n", 0, 0, "case_sensitive " NUM, false,
	 "line 1: expected 'Inf', got 'inf'"},
	/* Junk: bytes are bytes; messages are escaped. */
	{"nul bytes equal", "a\0b\n", "a\0b\n", 4, 4, "", true, ""},
	{"nul byte differs", "ab\n", "a\0b\n", 0, 4, "", false,
	 "line 1: expected 'ab', got 'a\\x00b'"},
	{"escape sequence", "red\n", "\x1b[31mred\n", 0, 0, "", false,
	 "line 1: expected 'red', got '\\x1b[31mred'"},
	{"invalid utf-8", "a\n", "\xff\xfe\n", 0, 0, "", false,
	 "line 1: expected 'a', got '\\xff\\xfe'"},
	{"bidi override", "a\n", "\xe2\x80\xae" "evil\n", 0, 0, "", false,
	 "line 1: expected 'a', got '\\u202Eevil'"},
	{"c1 control", "a\n", "\xc2\x9b" "31m\n", 0, 0, "", false,
	 "line 1: expected 'a', got '\\u009B31m'"},
	{"quote and backslash", "a\n", "it's\\\n", 0, 0, "", false,
	 "line 1: expected 'a', got 'it\\'s\\\\'"},
	{"json in token", "a\n", "\"},{\"verdict\":\"AC\"\n", 0, 0, "", false,
	 "line 1: expected 'a', got '\"},{\"verdict\":\"AC\"'"},
	{"del byte", "a\n", "\x7f\n", 0, 0, "", false,
	 "line 1: expected 'a', got '\\x7f'"},
	{"long token cut", "x\n",
	 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz\n", 0, 0, "", false,
	 "line 1: expected 'x', got 'abcdefghijklmnopqrstuvwxyzabcdefghijklmn...'"},
	{"escapes cut whole", "x\n",
	 "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\n", 0, 0, "", false,
	 "line 1: expected 'x', got '\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01...'"},
	{"utf-8 not split", "x\n",
	 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xc3\xa9\n", 0, 0, "", false,
	 "line 1: expected 'x', got 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'"},
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

static void write_bytes(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(s, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

/* Run answer ANS against output OUT (files in a scratch dir). */
static void run_case(const char *ans, size_t alen, const char *out, size_t olen,
		     const char *flags, struct validate_result *res)
{
	char *dir = tu_mkdtemp();
	char ap[4096], op[4096];
	struct validator_flags f;
	struct arb_err err = {0};

	snprintf(ap, sizeof(ap), "%s/ans", dir);
	snprintf(op, sizeof(op), "%s/out", dir);
	write_bytes(ap, ans, alen);
	write_bytes(op, out, olen);
	ck_assert_msg(problem_parse_validator_flags(flags, &f, &err) == 0, "%s", err.msg);
	ck_assert_msg(validate_default(op, ap, &f, res, &err) == 0, "%s", err.msg);
	tu_rm_rf(dir);
	free(dir);
}

START_TEST(test_case)
{
	const struct vcase *c = &cases[_i];
	struct validate_result res;

	run_case(c->ans, c->ans_len ? c->ans_len : strlen(c->ans), c->out,
		 c->out_len ? c->out_len : strlen(c->out), c->flags, &res);
	ck_assert_msg(res.accepted == c->accepted, "%s: accepted=%d (%s)", c->name,
		      res.accepted, res.message);
	ck_assert_msg(strcmp(res.message, c->msg) == 0, "%s: message '%s', want '%s'",
		      c->name, res.message, c->msg);
}
END_TEST

/* Every message is printable: no byte below 0x20 or 0x7f. */
START_TEST(test_messages_printable)
{
	for (size_t i = 0; i < N_CASES; i++) {
		struct validate_result res;

		run_case(cases[i].ans, cases[i].ans_len ? cases[i].ans_len : strlen(cases[i].ans),
			 cases[i].out, cases[i].out_len ? cases[i].out_len : strlen(cases[i].out),
			 cases[i].flags, &res);
		for (const unsigned char *s = (const unsigned char *)res.message; *s; s++)
			ck_assert_msg(*s >= 0x20 && *s != 0x7f, "%s: byte 0x%02x in message",
				      cases[i].name, *s);
	}
}
END_TEST

/* Tokens longer than the kept head are compared from the streams. */
START_TEST(test_huge_tokens)
{
	size_t n = 3 << 20;
	char *a = malloc(n + 1), *b = malloc(n + 2);
	struct validate_result res;

	memset(a, 'q', n);
	a[n] = '\n';
	memcpy(b, a, n + 1);
	run_case(a, n + 1, b, n + 1, "", &res);
	ck_assert_msg(res.accepted, "%s", res.message);
	/* One byte differs, far past the head; case folding on the way. */
	b[0] = 'Q';
	b[n - 1] = 'r';
	run_case(a, n + 1, b, n + 1, "", &res);
	ck_assert(!res.accepted);
	ck_assert_str_eq(res.message,
			 "line 1: expected 'qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq...', "
			 "got 'Qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq...'");
	/* Longer by one byte. */
	b[0] = 'q';
	b[n - 1] = 'q';
	b[n] = 'q';
	b[n + 1] = '\n';
	run_case(a, n + 1, b, n + 2, "", &res);
	ck_assert(!res.accepted);
	/* A long number is no number: compared as a string. */
	memset(a, '1', 5000);
	memcpy(b, a, 5000);
	b[4999] = '2';
	run_case(a, 5000, b, 5000, NUM, &res);
	ck_assert(!res.accepted);
	ck_assert_ptr_nonnull(strstr(res.message, "expected '1111"));
	run_case(a, 5000, a, 5000, NUM, &res);
	ck_assert(res.accepted);
	free(a);
	free(b);
}
END_TEST

/* 20 MB each, streamed: accepted, then one difference on the last line. */
START_TEST(test_streaming_20mb)
{
	char *dir = tu_mkdtemp();
	char ap[4096], op[4096];
	struct validator_flags f = {0};
	struct validate_result res;
	struct arb_err err = {0};
	FILE *fa, *fo;
	const unsigned long lines = 2000000; /* "1234567 89\n": 11 bytes each */

	snprintf(ap, sizeof(ap), "%s/ans", dir);
	snprintf(op, sizeof(op), "%s/out", dir);
	fa = fopen(ap, "w");
	fo = fopen(op, "w");
	ck_assert(fa && fo);
	for (unsigned long i = 0; i < lines; i++) {
		fprintf(fa, "%07lu %02lu\n", i, i % 100);
		fprintf(fo, "%07lu  %02lu\r\n", i, i % 100);
	}
	fclose(fa);
	fclose(fo);
	ck_assert_int_eq(validate_default(op, ap, &f, &res, &err), 0);
	ck_assert_msg(res.accepted, "%s", res.message);

	fo = fopen(op, "r+");
	ck_assert_ptr_nonnull(fo);
	ck_assert_int_eq(fseek(fo, -3, SEEK_END), 0);
	fputc('x', fo); /* "1999999  9x\r\n" */
	fclose(fo);
	ck_assert_int_eq(validate_default(op, ap, &f, &res, &err), 0);
	ck_assert(!res.accepted);
	ck_assert_str_eq(res.message, "line 2000000: expected '99', got '9x'");
	tu_rm_rf(dir);
	free(dir);
}
END_TEST

START_TEST(test_missing_file)
{
	char *dir = tu_mkdtemp();
	char ap[4096], op[4096];
	struct validate_result res;
	struct arb_err err = {0};

	snprintf(ap, sizeof(ap), "%s/ans", dir);
	snprintf(op, sizeof(op), "%s/out", dir);
	write_bytes(ap, "1\n", 2);
	ck_assert_int_eq(validate_default(op, ap, NULL, &res, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_INTERNAL);
	ck_assert_int_eq(err.errnum, ENOENT);
	ck_assert(!res.accepted);
	ck_assert_ptr_nonnull(strstr(err.msg, "open '"));
	/* A directory opens but cannot be read: EISDIR, not a verdict. */
	ck_assert_int_eq(validate_default(dir, ap, NULL, &res, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_INTERNAL);
	ck_assert(!res.accepted);
	/* NULL flags: the defaults. */
	write_bytes(op, "1", 1);
	ck_assert_int_eq(validate_default(op, ap, NULL, &res, &err), 0);
	ck_assert(res.accepted);
	tu_rm_rf(dir);
	free(dir);
}
END_TEST

START_TEST(test_parse_float)
{
	static const struct {
		const char *s;
		bool ok;
		double v;
	} t[] = {
		{"1", true, 1}, {"-1.5", true, -1.5}, {"+2", true, 2}, {".5", true, 0.5},
		{"5.", true, 5}, {"1e5", true, 1e5}, {"1E+5", true, 1e5},
		{"2.5e-3", true, 2.5e-3}, {"-0", true, 0}, {"007", true, 7},
		{"0.000000000000000000000000000001", true, 1e-30},
		{"", false, 0}, {".", false, 0}, {"-", false, 0}, {"e5", false, 0},
		{"1e", false, 0}, {"1e+", false, 0}, {"inf", false, 0},
		{"nan", false, 0}, {"infinity", false, 0}, {"0x10", false, 0},
		{"1.0.0", false, 0}, {" 1", false, 0}, {"1 ", false, 0},
		{"1e999", false, 0}, {"--1", false, 0}, {"1_000", false, 0},
		{"1,5", false, 0},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		double v = -42;
		bool ok = validate_parse_float(t[i].s, strlen(t[i].s), &v);

		ck_assert_msg(ok == t[i].ok, "'%s': %d", t[i].s, ok);
		if (ok)
			ck_assert_msg(v == t[i].v, "'%s' = %g", t[i].s, v);
	}
	/* Length-bounded: the bytes after LEN are not looked at. */
	{
		double v;

		ck_assert(validate_parse_float("12xyz", 2, &v));
		ck_assert(v == 12);
	}
}
END_TEST

START_TEST(test_parse_flags)
{
	struct validator_flags f;
	struct arb_err err = {0};

	ck_assert_int_eq(problem_parse_validator_flags("", &f, &err), 0);
	ck_assert(!f.case_sensitive && !f.space_change_sensitive && !f.float_abs_set &&
		  !f.float_rel_set);
	ck_assert_int_eq(problem_parse_validator_flags(
				 "  case_sensitive\tspace_change_sensitive\n", &f, &err), 0);
	ck_assert(f.case_sensitive && f.space_change_sensitive);
	ck_assert_int_eq(problem_parse_validator_flags("float_tolerance 1e-6", &f, &err), 0);
	ck_assert(f.float_abs_set && f.float_rel_set && f.float_abs == 1e-6 &&
		  f.float_rel == 1e-6);
	ck_assert_int_eq(problem_parse_validator_flags("float_absolute_tolerance 0.5", &f, &err), 0);
	ck_assert(f.float_abs_set && !f.float_rel_set && f.float_abs == 0.5);
	ck_assert_int_eq(problem_parse_validator_flags("float_relative_tolerance .25", &f, &err), 0);
	ck_assert(!f.float_abs_set && f.float_rel_set && f.float_rel == 0.25);
	/* Later flags win, as in problemtools. */
	ck_assert_int_eq(problem_parse_validator_flags(
				 "float_tolerance 1 float_relative_tolerance 2", &f, &err), 0);
	ck_assert(f.float_abs == 1 && f.float_rel == 2);

	ck_assert_int_eq(problem_parse_validator_flags("case_insensitive", &f, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_PACKAGE);
	ck_assert_str_eq(err.msg, "unknown flag 'case_insensitive'");
	ck_assert_int_eq(problem_parse_validator_flags("float_tolerance", &f, &err), -1);
	ck_assert_str_eq(err.msg, "float_tolerance: missing value");
	ck_assert_int_eq(problem_parse_validator_flags("float_tolerance x", &f, &err), -1);
	ck_assert_str_eq(err.msg, "float_tolerance: 'x' is not a number");
	ck_assert_int_eq(problem_parse_validator_flags("float_tolerance nan", &f, &err), -1);
	ck_assert_str_eq(err.msg, "float_tolerance: 'nan' is not a number");
	ck_assert_int_eq(problem_parse_validator_flags("float_relative_tolerance -1e-6",
						       &f, &err), -1);
	ck_assert_str_eq(err.msg, "float_relative_tolerance: '-1e-6' is negative");
	ck_assert_int_eq(problem_parse_validator_flags(NULL, &f, &err), 0);
}
END_TEST

Suite *suite_validate(void)
{
	Suite *s = suite_create("validate");
	TCase *tc = tcase_create("default");
	TCase *big = tcase_create("streaming");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_case, 0, (int)N_CASES);
	tcase_add_test(tc, test_messages_printable);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_parse_float);
	tcase_add_test(tc, test_parse_flags);
	suite_add_tcase(s, tc);
	/* Sanitizer builds are several times slower on 20 MB. */
	tcase_set_timeout(big, 180);
	tcase_add_test(big, test_huge_tokens);
	tcase_add_test(big, test_streaming_20mb);
	suite_add_tcase(s, big);
	return s;
}
