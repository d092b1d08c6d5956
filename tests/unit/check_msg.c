/* check_msg.c - submission messages: decoding, encoding, base64, intake.
 *
 * Every refusal asserts its kind and whole message, and (when the id was
 * good) that id and meta were still read, since the worker answers a bad
 * message under its id.  Each refusal has an accepted twin among the valid
 * messages, so no test passes by refusing everything.  Intake runs into a
 * scratch dir and checks what was written, and that nothing was written
 * next to DEST.  Languages are built by hand, not read from languages.yaml.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "msg.h"
#include "testutil.h"

Suite *suite_msg(void);

static struct language lang_c = {
	.id = "c",
	.extensions = (char *[]){"c", NULL},
	.headers = (char *[]){"h", NULL},
	.entry = LANG_ENTRY_FILE,
};

static struct language lang_cpp = {
	.id = "cpp",
	.extensions = (char *[]){"cpp", "cc", NULL},
	.headers = (char *[]){"h", "hpp", NULL},
	.entry = LANG_ENTRY_FILE,
};

static struct language lang_java = {
	.id = "java",
	.extensions = (char *[]){"java", NULL},
	.headers = (char *[]){NULL},
	.entry = LANG_ENTRY_JAVA_CLASS,
};

static int decode(const char *json, struct job *job, struct arb_err *err)
{
	return msg_decode(json, strlen(json), job, err);
}

static void assert_meta_k1(const struct job *job)
{
	ck_assert_ptr_nonnull(job->meta);
	ck_assert_int_eq(json_integer_value(json_object_get(job->meta, "k")), 1);
}

/*** Base64 ***/

static const struct {
	const char *plain, *b64;
} rfc4648[] = {
	{"", ""},         {"f", "Zg=="},        {"fo", "Zm8="},
	{"foo", "Zm9v"},  {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
	{"foobar", "Zm9vYmFy"},
};

START_TEST(test_b64_rfc_vectors)
{
	for (size_t i = 0; i < sizeof(rfc4648) / sizeof(rfc4648[0]); i++) {
		const char *p = rfc4648[i].plain, *b = rfc4648[i].b64;
		char *enc = base64_encode((const unsigned char *)p, strlen(p));
		unsigned char *dec = NULL;
		size_t len = 99;

		ck_assert_str_eq(enc, b);
		free(enc);
		ck_assert_int_eq(base64_decode(b, strlen(b), &dec, &len), 0);
		ck_assert_ptr_nonnull(dec);
		ck_assert_uint_eq(len, strlen(p));
		ck_assert_mem_eq(dec, p, len);
		free(dec);
	}
}
END_TEST

START_TEST(test_b64_whitespace)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Zm9v\r\nYmFy\n", "foobar"},
		{" Z m 9 v Y g = = ", "foob"},
		{"\tZm9vYg=\n=\n", "foob"},
		{"\n\n", ""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned char *dec = NULL;
		size_t len = 0;

		ck_assert_msg(base64_decode(cases[i].in, strlen(cases[i].in), &dec,
					    &len) == 0, "case %zu refused", i);
		ck_assert_uint_eq(len, strlen(cases[i].out));
		ck_assert_mem_eq(dec, cases[i].out, len);
		free(dec);
	}
}
END_TEST

START_TEST(test_b64_invalid)
{
	static const struct {
		const char *in;
		size_t len;
	} bad[] = {
		{"Zg", 2},        /* padding missing */
		{"Zg=", 3},       /* padding short */
		{"Zm9vY", 5},     /* a lone character */
		{"=Zg=", 4},      /* padding first */
		{"Z===", 4},      /* padding after one character */
		{"====", 4},
		{"Zg==Zg==", 8},  /* data after padding */
		{"Zg==x", 5},
		{"Zm=9", 4},      /* padding inside a group */
		{"Zm9v!", 5},     /* outside the alphabet */
		{"Zm-_", 4},      /* the URL-safe alphabet is not ours */
		{"Zh==", 4},      /* spare bits set: not canonical */
		{"Zm9=", 4},
		{"Zm\0v", 4},     /* NUL */
		{"Zm9v\x80", 5},  /* non-ASCII */
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unsigned char *dec = (unsigned char *)"x";
		size_t len = 99;

		errno = 0;
		ck_assert_msg(base64_decode(bad[i].in, bad[i].len, &dec, &len) == -1,
			      "case %zu accepted", i);
		ck_assert_int_eq(errno, EINVAL);
		ck_assert_ptr_null(dec);
		ck_assert_uint_eq(len, 0);
	}
}
END_TEST

START_TEST(test_b64_binary_roundtrip)
{
	unsigned char all[256];

	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	/* Every length up to 256 covers each padding state many times. */
	for (size_t n = 0; n <= sizeof(all); n++) {
		const unsigned char *in = all + sizeof(all) - n; /* ends at 0xff */
		char *enc = base64_encode(in, n);
		unsigned char *dec = NULL;
		size_t len = 0;

		ck_assert_ptr_nonnull(enc);
		ck_assert_uint_eq(strlen(enc), (n + 2) / 3 * 4);
		ck_assert_int_eq(base64_decode(enc, strlen(enc), &dec, &len), 0);
		ck_assert_uint_eq(len, n);
		ck_assert(n == 0 || memcmp(dec, in, n) == 0);
		free(enc);
		free(dec);
	}
}
END_TEST

/*** Valid messages ***/

START_TEST(test_decode_source)
{
	const char *m =
		"{\"id\":\"s-42\",\"problem\":\"hello\",\"language\":\"python3\","
		"\"source\":\"print('hi')\\n\",\"limits\":{\"time_ms\":1500,"
		"\"memory_kb\":262144,\"output_kb\":64},\"run_all_tests\":true,"
		"\"meta\":{\"course\":\"cs1\",\"k\":1},\"priority\":5,\"future\":[1]}";
	struct job job;
	struct arb_err err = {0};

	ck_assert_int_eq(decode(m, &job, &err), 0);
	ck_assert_str_eq(job.id, "s-42");
	ck_assert_str_eq(job.problem, "hello");
	ck_assert_str_eq(job.language, "python3");
	ck_assert_int_eq(job.kind, JOB_SOURCE);
	ck_assert_str_eq(job.source, "print('hi')\n");
	ck_assert_uint_eq(job.source_len, 12);
	ck_assert_uint_eq(job.time_limit_us, 1500000);
	ck_assert_uint_eq(job.memory_bytes, 262144ull * 1024);
	ck_assert_uint_eq(job.output_bytes, 65536);
	ck_assert(job.run_all_tests);
	assert_meta_k1(&job);
	ck_assert_str_eq(json_string_value(json_object_get(job.meta, "course")), "cs1");
	ck_assert_ptr_null(job.files);
	ck_assert_ptr_null(job.archive);
	ck_assert_ptr_null(job.lang);
	job_free(&job);
	ck_assert_ptr_null(job.id);
	job_free(&job); /* twice: a no-op */
	job_free(NULL);
}
END_TEST

START_TEST(test_decode_minimal)
{
	struct job job;
	struct arb_err err = {0};

	ck_assert_int_eq(decode("{\"id\":\"a\",\"problem\":\"p\",\"language\":\"c\","
				"\"source\":\"\"}", &job, &err), 0);
	ck_assert_str_eq(job.id, "a");
	ck_assert_str_eq(job.source, "");
	ck_assert_uint_eq(job.source_len, 0);
	ck_assert_uint_eq(job.time_limit_us, 0);
	ck_assert_uint_eq(job.memory_bytes, 0);
	ck_assert_uint_eq(job.output_bytes, 0);
	ck_assert(!job.run_all_tests);
	ck_assert_ptr_null(job.meta);
	job_free(&job);

	/* meta null is echoed as null, not dropped; false is false. */
	ck_assert_int_eq(decode("{\"id\":\"a\",\"problem\":\"p\",\"language\":\"c\","
				"\"source\":\"x\",\"meta\":null,\"run_all_tests\":false,"
				"\"limits\":{}}", &job, &err), 0);
	ck_assert_ptr_nonnull(job.meta);
	ck_assert(json_is_null(job.meta));
	ck_assert(!job.run_all_tests);
	job_free(&job);

	/* The widest id and the edges of every alphabet. */
	ck_assert_int_eq(decode("{\"id\":\"!~A-z_0.9:/#\",\"problem\":\"a.b-C_1 x\","
				"\"language\":\"0c++_-\",\"source\":\"x\"}", &job, &err), 0);
	ck_assert_str_eq(job.id, "!~A-z_0.9:/#");
	ck_assert_str_eq(job.problem, "a.b-C_1 x");
	ck_assert_str_eq(job.language, "0c++_-");
	job_free(&job);
}
END_TEST

START_TEST(test_decode_source_nul_and_utf8)
{
	struct job job;
	struct arb_err err = {0};

	ck_assert_int_eq(decode("{\"id\":\"a\",\"problem\":\"p\",\"language\":\"c\","
				"\"source\":\"a\\u0000b\\u00e9\"}", &job, &err), 0);
	ck_assert_uint_eq(job.source_len, 5);
	ck_assert_mem_eq(job.source, "a\0b\xC3\xA9", 6); /* NUL-terminated too */
	job_free(&job);
}
END_TEST

START_TEST(test_decode_files)
{
	struct job job;
	struct arb_err err = {0};

	ck_assert_int_eq(decode("{\"id\":\"f\",\"problem\":\"multifile\",\"language\":\"c\","
				"\"files\":{\"main.c\":\"int main(void){}\\n\","
				"\"lib/util.h\":\"\",\"a.c\":\"\\u0000\"}}", &job, &err), 0);
	ck_assert_int_eq(job.kind, JOB_FILES);
	ck_assert_uint_eq(job.n_files, 3);
	/* The object's order, not sorted. */
	ck_assert_str_eq(job.files[0].name, "main.c");
	ck_assert_str_eq(job.files[0].data, "int main(void){}\n");
	ck_assert_uint_eq(job.files[0].len, 17);
	ck_assert_str_eq(job.files[1].name, "lib/util.h");
	ck_assert_uint_eq(job.files[1].len, 0);
	ck_assert_str_eq(job.files[2].name, "a.c");
	ck_assert_uint_eq(job.files[2].len, 1);
	ck_assert_ptr_null(job.source);
	job_free(&job);

	/* Names are intake's to judge: "../x" decodes (intake refuses it). */
	ck_assert_int_eq(decode("{\"id\":\"f\",\"problem\":\"p\",\"language\":\"c\","
				"\"files\":{\"../x\":\"y\"}}", &job, &err), 0);
	ck_assert_str_eq(job.files[0].name, "../x");
	job_free(&job);
}
END_TEST

/* A message with body BODY (a JSON member, e.g. "\"source\":\"x\""). */
static char *message_with(const char *body)
{
	char *m = NULL;

	ck_assert_int_ge(asprintf(&m, "{\"id\":\"big\",\"problem\":\"p\",\"language\":\"c\","
				  "\"meta\":{\"k\":1},%s}", body), 0);
	return m;
}

START_TEST(test_decode_archive)
{
	size_t zlen = 0;
	char *zip = tu_read_file(tu_srcdata("archives/good.zip"), &zlen);
	char *b64, *wrapped, *m;
	size_t blen, o = 0;
	struct job job;
	struct arb_err err = {0};

	ck_assert_ptr_nonnull(zip);
	b64 = base64_encode((unsigned char *)zip, zlen);
	ck_assert_ptr_nonnull(b64);
	/* MIME-style: CRLF every 76 characters (JSON-escaped). */
	blen = strlen(b64);
	wrapped = malloc(blen + blen / 76 * 4 + 1);
	for (size_t i = 0; i < blen; i++) {
		if (i && i % 76 == 0)
			memcpy(wrapped + o, "\\r\\n", 4), o += 4;
		wrapped[o++] = b64[i];
	}
	wrapped[o] = '\0';
	ck_assert_ptr_nonnull(strstr(wrapped, "\\r\\n"));
	ck_assert_int_ge(asprintf(&m, "\"archive\":\"%s\"", wrapped), 0);
	free(wrapped);
	wrapped = message_with(m);
	free(m);
	ck_assert_int_eq(decode(wrapped, &job, &err), 0);
	ck_assert_int_eq(job.kind, JOB_ARCHIVE);
	ck_assert_uint_eq(job.archive_len, zlen);
	ck_assert_mem_eq(job.archive, zip, zlen);
	job_free(&job);
	free(wrapped);
	free(b64);
	free(zip);
}
END_TEST

START_TEST(test_decode_limit_edges)
{
	struct job job;
	struct arb_err err = {0};

	/* The largest values whose conversion fits in 64 bits. */
	ck_assert_int_eq(decode("{\"id\":\"a\",\"problem\":\"p\",\"language\":\"c\","
				"\"source\":\"x\",\"limits\":{\"time_ms\":18446744073709551,"
				"\"memory_kb\":18014398509481983,\"output_kb\":1}}", &job, &err), 0);
	ck_assert_uint_eq(job.time_limit_us, 18446744073709551000ull);
	ck_assert_uint_eq(job.memory_bytes, 18014398509481983ull * 1024);
	ck_assert_uint_eq(job.output_bytes, 1024);
	job_free(&job);
}
END_TEST

/*** Malformed messages ***/

#define HEAD "{\"id\":\"s-1\",\"meta\":{\"k\":1},"
#define PL "\"problem\":\"p\",\"language\":\"c\","
#define REQ ARB_E_REQUEST

static const struct {
	const char *json;
	enum arb_errkind kind;
	const char *msg;  /* a final '*' matches as a prefix */
	bool has_id;      /* id "s-1" (and meta) read despite the error */
	bool has_meta;
} bad_msgs[] = {
	{"{\"id\":", REQ, "submission: not valid JSON: *", false, false},
	{"", REQ, "submission: not valid JSON: *", false, false},
	{"{\"id\":\"a\"} x", REQ, "submission: not valid JSON: end of file expected*",
	 false, false},
	{"[1,2]", REQ, "submission: not a JSON object", false, false},
	{"\"s\"", REQ, "submission: not valid JSON: *", false, false},
	{HEAD "\"id\":\"s-2\"," PL "\"source\":\"x\"}", REQ,
	 "submission: not valid JSON: duplicate object key*", false, false},
	{HEAD PL "\"source\":\"x\",\"source\":\"y\"}", REQ,
	 "submission: not valid JSON: duplicate object key*", false, false},
	/* id */
	{"{\"meta\":{\"k\":1}," PL "\"source\":\"x\"}", REQ, "submission: 'id' is missing",
	 false, true},
	{"{\"id\":42,\"meta\":{\"k\":1}," PL "\"source\":\"x\"}", REQ,
	 "submission: 'id' must be a string", false, true},
	{"{\"id\":null," PL "\"source\":\"x\"}", REQ, "submission: 'id' must be a string",
	 false, false},
	{"{\"id\":\"\",\"meta\":{\"k\":1}," PL "\"source\":\"x\"}", REQ,
	 "submission: 'id' is empty", false, true},
	{"{\"id\":\"s 1\",\"meta\":{\"k\":1}," PL "\"source\":\"x\"}", REQ,
	 "submission: 'id' must be printable ascii without spaces (byte 1 is 0x20)",
	 false, true},
	{"{\"id\":\"s\\n1\"," PL "\"source\":\"x\"}", REQ,
	 "submission: 'id' must be printable ascii without spaces (byte 1 is 0x0a)",
	 false, false},
	{"{\"id\":\"s\\u00e9\"," PL "\"source\":\"x\"}", REQ,
	 "submission: 'id' must be printable ascii without spaces (byte 1 is 0xc3)",
	 false, false},
	{"{\"id\":\"s\\u0000x\"," PL "\"source\":\"x\"}", REQ,
	 "submission: 'id' must be printable ascii without spaces (byte 1 is 0x00)",
	 false, false},
	{"{\"id\":\"s\\u007f\"," PL "\"source\":\"x\"}", REQ,
	 "submission: 'id' must be printable ascii without spaces (byte 1 is 0x7f)",
	 false, false},
	/* problem */
	{HEAD "\"language\":\"c\",\"source\":\"x\"}", REQ, "submission: 'problem' is missing",
	 true, true},
	{HEAD "\"problem\":[],\"language\":\"c\",\"source\":\"x\"}", REQ,
	 "submission: 'problem' must be a string", true, true},
	{HEAD "\"problem\":\"\",\"language\":\"c\",\"source\":\"x\"}", REQ,
	 "submission: 'problem' is empty", true, true},
	{HEAD "\"problem\":\"a/b\",\"language\":\"c\",\"source\":\"x\"}", REQ,
	 "submission: 'problem' must be a package name, without '/' or '..'", true, true},
	{HEAD "\"problem\":\"..\",\"language\":\"c\",\"source\":\"x\"}", REQ,
	 "submission: 'problem' must be a package name, without '/' or '..'", true, true},
	{HEAD "\"problem\":\"a..b\",\"language\":\"c\",\"source\":\"x\"}", REQ,
	 "submission: 'problem' must be a package name, without '/' or '..'", true, true},
	{HEAD "\"problem\":\".\",\"language\":\"c\",\"source\":\"x\"}", REQ,
	 "submission: 'problem' must be a package name, without '/' or '..'", true, true},
	{HEAD "\"problem\":\"a\\tb\",\"language\":\"c\",\"source\":\"x\"}", REQ,
	 "submission: 'problem' must not contain control characters", true, true},
	{HEAD "\"problem\":\"a\\u0000\",\"language\":\"c\",\"source\":\"x\"}", REQ,
	 "submission: 'problem' must not contain control characters", true, true},
	/* language */
	{HEAD "\"problem\":\"p\",\"source\":\"x\"}", REQ, "submission: 'language' is missing",
	 true, true},
	{HEAD "\"problem\":\"p\",\"language\":3,\"source\":\"x\"}", REQ,
	 "submission: 'language' must be a string", true, true},
	{HEAD "\"problem\":\"p\",\"language\":\"C\",\"source\":\"x\"}", REQ,
	 "submission: 'language' must match [a-z0-9][a-z0-9_+-]*", true, true},
	{HEAD "\"problem\":\"p\",\"language\":\"-c\",\"source\":\"x\"}", REQ,
	 "submission: 'language' must match [a-z0-9][a-z0-9_+-]*", true, true},
	{HEAD "\"problem\":\"p\",\"language\":\"c c\",\"source\":\"x\"}", REQ,
	 "submission: 'language' must match [a-z0-9][a-z0-9_+-]*", true, true},
	{HEAD "\"problem\":\"p\",\"language\":\"c\\u0000x\",\"source\":\"x\"}", REQ,
	 "submission: 'language' must match [a-z0-9][a-z0-9_+-]*", true, true},
	{HEAD "\"problem\":\"p\",\"language\":\"abcdefghijklmnopqrstuvwxyz0123456\","
	 "\"source\":\"x\"}", REQ, "submission: 'language' is 33 bytes, over 32", true, true},
	/* source / files / archive */
	{HEAD PL "\"sources\":\"x\"}", REQ,
	 "submission: one of 'source', 'files' or 'archive' is required", true, true},
	{HEAD PL "\"source\":\"x\",\"files\":{\"a.c\":\"x\"}}", REQ,
	 "submission: 'source' and 'files' are exclusive: send one of 'source', "
	 "'files' or 'archive'", true, true},
	{HEAD PL "\"archive\":\"Zg==\",\"files\":{\"a.c\":\"x\"}}", REQ,
	 "submission: 'files' and 'archive' are exclusive: send one of 'source', "
	 "'files' or 'archive'", true, true},
	{HEAD PL "\"archive\":\"\",\"source\":\"x\"}", REQ,
	 "submission: 'source' and 'archive' are exclusive: send one of 'source', "
	 "'files' or 'archive'", true, true},
	{HEAD PL "\"source\":null}", REQ, "submission: 'source' must be a string", true, true},
	{HEAD PL "\"source\":[\"x\"]}", REQ, "submission: 'source' must be a string",
	 true, true},
	{HEAD PL "\"files\":[\"a.c\"]}", REQ, "submission: 'files' must be an object of strings",
	 true, true},
	{HEAD PL "\"files\":\"a.c\"}", REQ, "submission: 'files' must be an object of strings",
	 true, true},
	{HEAD PL "\"files\":{\"a.c\":\"x\",\"b.c\":1}}", REQ,
	 "submission: 'files' must be an object of strings", true, true},
	{HEAD PL "\"files\":{\"a.c\":null}}", REQ,
	 "submission: 'files' must be an object of strings", true, true},
	{HEAD PL "\"files\":{}}", REQ, "submission: 'files' is empty", true, true},
	{HEAD PL "\"archive\":7}", REQ, "submission: 'archive' must be a base64 string",
	 true, true},
	{HEAD PL "\"archive\":\"UEsDBA=\"}", REQ, "submission: 'archive' is not valid base64",
	 true, true},
	{HEAD PL "\"archive\":\"UEs*BA==\"}", REQ, "submission: 'archive' is not valid base64",
	 true, true},
	/* limits */
	{HEAD PL "\"source\":\"x\",\"limits\":[1]}", REQ,
	 "submission: 'limits' must be an object", true, true},
	{HEAD PL "\"source\":\"x\",\"limits\":{\"time_ms\":-1}}", REQ,
	 "submission: 'limits.time_ms' must be a positive integer", true, true},
	{HEAD PL "\"source\":\"x\",\"limits\":{\"memory_kb\":0}}", REQ,
	 "submission: 'limits.memory_kb' must be a positive integer", true, true},
	{HEAD PL "\"source\":\"x\",\"limits\":{\"output_kb\":\"64\"}}", REQ,
	 "submission: 'limits.output_kb' must be a positive integer", true, true},
	{HEAD PL "\"source\":\"x\",\"limits\":{\"time_ms\":1.5}}", REQ,
	 "submission: 'limits.time_ms' must be a positive integer", true, true},
	{HEAD PL "\"source\":\"x\",\"limits\":{\"time_ms\":true}}", REQ,
	 "submission: 'limits.time_ms' must be a positive integer", true, true},
	{HEAD PL "\"source\":\"x\",\"limits\":{\"time_ms\":1000,\"cpu_ms\":5}}", REQ,
	 "submission: 'limits.cpu_ms' is not a known limit (time_ms, memory_kb, output_kb)",
	 true, true},
	{HEAD PL "\"source\":\"x\",\"limits\":{\"\\u001b[2J\":5}}", REQ,
	 "submission: 'limits.\xEF\xBF\xBD[2J' is not a known limit (time_ms, memory_kb, "
	 "output_kb)", true, true},
	{HEAD PL "\"source\":\"x\",\"limits\":{\"memory_kb\":18014398509481984}}", REQ,
	 "submission: 'limits.memory_kb' is too large", true, true},
	{HEAD PL "\"source\":\"x\",\"limits\":{\"time_ms\":9223372036854775807}}", REQ,
	 "submission: 'limits.time_ms' is too large", true, true},
	/* run_all_tests */
	{HEAD PL "\"source\":\"x\",\"run_all_tests\":\"yes\"}", REQ,
	 "submission: 'run_all_tests' must be true or false", true, true},
	{HEAD PL "\"source\":\"x\",\"run_all_tests\":1}", REQ,
	 "submission: 'run_all_tests' must be true or false", true, true},
};

static void assert_err(const struct arb_err *err, enum arb_errkind kind,
		       const char *want)
{
	size_t n = strlen(want);

	ck_assert_msg(err->kind == kind, "kind %s, want %s (%s)",
		      arb_errkind_name(err->kind), arb_errkind_name(kind), err->msg);
	if (n && want[n - 1] == '*')
		ck_assert_msg(!strncmp(err->msg, want, n - 1), "message '%s'", err->msg);
	else
		ck_assert_str_eq(err->msg, want);
}

START_TEST(test_decode_bad)
{
	struct job job;
	struct arb_err err = {0};

	memset(&job, 0xA5, sizeof(job)); /* msg_decode must not trust it */
	ck_assert_int_eq(decode(bad_msgs[_i].json, &job, &err), -1);
	assert_err(&err, bad_msgs[_i].kind, bad_msgs[_i].msg);
	if (bad_msgs[_i].has_id)
		ck_assert_str_eq(job.id, "s-1");
	else
		ck_assert_ptr_null(job.id);
	if (bad_msgs[_i].has_meta)
		assert_meta_k1(&job);
	else
		ck_assert_ptr_null(job.meta);
	job_free(&job);
}
END_TEST

START_TEST(test_decode_id_length)
{
	char id[MSG_MAX_ID_LEN + 2], *m = NULL;
	struct job job;
	struct arb_err err = {0};

	memset(id, 'x', sizeof(id) - 1);
	id[MSG_MAX_ID_LEN] = '\0';
	ck_assert_int_ge(asprintf(&m, "{\"id\":\"%s\"," PL "\"source\":\"x\"}", id), 0);
	ck_assert_int_eq(decode(m, &job, &err), 0);
	ck_assert_uint_eq(strlen(job.id), MSG_MAX_ID_LEN);
	job_free(&job);
	free(m);

	id[MSG_MAX_ID_LEN] = 'x';
	id[MSG_MAX_ID_LEN + 1] = '\0';
	ck_assert_int_ge(asprintf(&m, "{\"id\":\"%s\",\"meta\":{\"k\":1}," PL
				  "\"source\":\"x\"}", id), 0);
	ck_assert_int_eq(decode(m, &job, &err), -1);
	assert_err(&err, REQ, "submission: 'id' is 201 bytes, over 200");
	ck_assert_ptr_null(job.id);
	assert_meta_k1(&job);
	job_free(&job);
	free(m);
}
END_TEST

START_TEST(test_decode_problem_length)
{
	char name[202], *m = NULL;
	struct job job;
	struct arb_err err = {0};

	memset(name, 'p', sizeof(name) - 1);
	name[200] = '\0';
	ck_assert_int_ge(asprintf(&m, HEAD "\"problem\":\"%s\",\"language\":\"c\","
				  "\"source\":\"x\"}", name), 0);
	ck_assert_int_eq(decode(m, &job, &err), 0);
	job_free(&job);
	free(m);
	name[200] = 'p';
	name[201] = '\0';
	ck_assert_int_ge(asprintf(&m, HEAD "\"problem\":\"%s\",\"language\":\"c\","
				  "\"source\":\"x\"}", name), 0);
	ck_assert_int_eq(decode(m, &job, &err), -1);
	assert_err(&err, REQ, "submission: 'problem' is 201 bytes, over 200");
	ck_assert_str_eq(job.id, "s-1");
	job_free(&job);
	free(m);

	/* 32 bytes of language is the most. */
	ck_assert_int_eq(decode(HEAD "\"problem\":\"p\",\"language\":"
				"\"abcdefghijklmnopqrstuvwxyz012345\",\"source\":\"x\"}",
				&job, &err), 0);
	job_free(&job);
}
END_TEST

/* {"a0.c":"x","a1.c":"x",...} with N entries. */
static char *files_body(size_t n)
{
	char *b = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&b, &len);

	ck_assert_ptr_nonnull(f);
	fputs("\"files\":{", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\"a%zu.c\":\"x\"", i ? "," : "", i);
	fputs("}", f);
	fclose(f);
	return b;
}

START_TEST(test_decode_file_count)
{
	char *body = files_body(MSG_MAX_FILES), *m = message_with(body);
	struct job job;
	struct arb_err err = {0};

	ck_assert_int_eq(decode(m, &job, &err), 0);
	ck_assert_uint_eq(job.n_files, MSG_MAX_FILES);
	ck_assert_str_eq(job.files[MSG_MAX_FILES - 1].name, "a255.c");
	job_free(&job);
	free(m);
	free(body);

	body = files_body(MSG_MAX_FILES + 1);
	m = message_with(body);
	ck_assert_int_eq(decode(m, &job, &err), -1);
	assert_err(&err, REQ, "submission: 'files' has 257 entries, over the 256 limit");
	ck_assert_str_eq(job.id, "big");
	assert_meta_k1(&job);
	ck_assert_ptr_null(job.files);
	job_free(&job);
	free(m);
	free(body);
}
END_TEST

/* "KEY":"aaa...", N bytes of 'a' (or base64 of N zero bytes). */
static char *big_member(const char *key, size_t n, bool b64)
{
	char *v, *m = NULL;

	if (b64) {
		unsigned char *zero = calloc(1, n);

		v = base64_encode(zero, n);
		free(zero);
	} else {
		v = malloc(n + 1);
		memset(v, 'a', n);
		v[n] = '\0';
	}
	ck_assert_ptr_nonnull(v);
	ck_assert_int_ge(asprintf(&m, "\"%s\":\"%s\"", key, v), 0);
	free(v);
	return m;
}

static void expect_over(char *body, const char *msg)
{
	char *m = message_with(body);
	struct job job;
	struct arb_err err = {0};

	ck_assert_int_eq(decode(m, &job, &err), -1);
	assert_err(&err, ARB_E_SUBMISSION, msg);
	ck_assert_str_eq(job.id, "big");
	assert_meta_k1(&job);
	job_free(&job);
	free(m);
	free(body);
}

START_TEST(test_decode_size_caps)
{
	char *body = big_member("source", MSG_MAX_SOURCE_BYTES, false);
	char *m = message_with(body), *a, *b;
	struct job job;
	struct arb_err err = {0};

	/* Exactly the cap is accepted... */
	ck_assert_int_eq(decode(m, &job, &err), 0);
	ck_assert_uint_eq(job.source_len, MSG_MAX_SOURCE_BYTES);
	job_free(&job);
	free(m);
	free(body);
	/* ... one byte more is the submitter's fault (CE), rounded up. */
	expect_over(big_member("source", MSG_MAX_SOURCE_BYTES + 1, false),
		    "submission: source is 16.1 MiB, over the 16 MiB limit");
	expect_over(big_member("source", 17u << 20, false),
		    "submission: source is 17.0 MiB, over the 16 MiB limit");
	expect_over(big_member("archive", MSG_MAX_SOURCE_BYTES + 1, true),
		    "submission: archive is 16.1 MiB, over the 16 MiB limit");
	/* Files count in total: two halves plus one byte. */
	a = big_member("a.c", MSG_MAX_SOURCE_BYTES / 2, false);
	b = big_member("b.c", MSG_MAX_SOURCE_BYTES / 2 + 1, false);
	ck_assert_int_ge(asprintf(&body, "\"files\":{%s,%s}", a, b), 0);
	free(a);
	free(b);
	expect_over(body, "submission: files are 16.1 MiB, over the 16 MiB limit");
}
END_TEST

START_TEST(test_decode_message_cap)
{
	size_t len = MSG_MAX_BYTES + 1;
	char *m = malloc(len);
	struct job job;
	struct arb_err err = {0};

	ck_assert_ptr_nonnull(m);
	memset(m, ' ', len);
	memcpy(m, "{\"id\":\"x\"}", 10);
	ck_assert_int_eq(msg_decode(m, len, &job, &err), -1);
	assert_err(&err, REQ, "submission: message is 96.1 MiB, over the 96 MiB limit");
	ck_assert_ptr_null(job.id);
	job_free(&job);
	/* The same text within the cap is parsed (and fails later). */
	ck_assert_int_eq(msg_decode(m, MSG_MAX_BYTES, &job, &err), -1);
	assert_err(&err, REQ, "submission: 'problem' is missing");
	ck_assert_str_eq(job.id, "x");
	job_free(&job);
	free(m);
}
END_TEST

/*** Encoding ***/

static void assert_jobs_equal(const struct job *a, const struct job *b)
{
	ck_assert_str_eq(a->id, b->id);
	ck_assert_str_eq(a->problem, b->problem);
	ck_assert_str_eq(a->language, b->language);
	ck_assert_int_eq(a->kind, b->kind);
	ck_assert_uint_eq(a->source_len, b->source_len);
	ck_assert(a->source_len == 0 || !memcmp(a->source, b->source, a->source_len));
	ck_assert_uint_eq(a->n_files, b->n_files);
	for (size_t i = 0; i < a->n_files; i++) {
		ck_assert_str_eq(a->files[i].name, b->files[i].name);
		ck_assert_uint_eq(a->files[i].len, b->files[i].len);
		ck_assert_mem_eq(a->files[i].data, b->files[i].data, a->files[i].len);
	}
	ck_assert_uint_eq(a->archive_len, b->archive_len);
	ck_assert(a->archive_len == 0 || !memcmp(a->archive, b->archive, a->archive_len));
	ck_assert_uint_eq(a->time_limit_us, b->time_limit_us);
	ck_assert_uint_eq(a->memory_bytes, b->memory_bytes);
	ck_assert_uint_eq(a->output_bytes, b->output_bytes);
	ck_assert_int_eq(a->run_all_tests, b->run_all_tests);
	ck_assert((a->meta == NULL) == (b->meta == NULL));
	ck_assert(!a->meta || json_equal(a->meta, b->meta));
}

static const char *const roundtrip_msgs[] = {
	"{\"id\":\"r-1\",\"problem\":\"hello\",\"language\":\"c\","
	"\"source\":\"int main(void){return 0;}\\n\\u0000\\u00e9\","
	"\"limits\":{\"time_ms\":2000,\"memory_kb\":65536,\"output_kb\":8},"
	"\"run_all_tests\":true,\"meta\":{\"user\":[1,2,{\"x\":null}]}}",
	"{\"id\":\"r-2\",\"problem\":\"multifile\",\"language\":\"cpp\","
	"\"files\":{\"main.cpp\":\"#include \\\"a.h\\\"\\n\",\"inc/a.h\":\"\"},"
	"\"limits\":{\"memory_kb\":1}}",
	"{\"id\":\"r-3\",\"problem\":\"p\",\"language\":\"python3\","
	"\"archive\":\"AAECA/7/\",\"meta\":\"plain\"}",
	"{\"id\":\"r-4\",\"problem\":\"p\",\"language\":\"c\",\"archive\":\"\"}",
};

START_TEST(test_roundtrip)
{
	struct job a, b;
	struct arb_err err = {0};
	json_t *o;
	char *text;

	ck_assert_int_eq(decode(roundtrip_msgs[_i], &a, &err), 0);
	o = msg_encode(&a);
	ck_assert_ptr_nonnull(o);
	text = json_dumps(o, JSON_COMPACT);
	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(msg_decode(text, strlen(text), &b, &err), 0);
	assert_jobs_equal(&a, &b);
	/* Same keys as the original: nothing added, nothing lost. */
	{
		json_t *orig = json_loads(roundtrip_msgs[_i], JSON_ALLOW_NUL, NULL);

		ck_assert_msg(json_equal(orig, o), "encoded as %s", text);
		json_decref(orig);
	}
	json_decref(o);
	free(text);
	job_free(&a);
	job_free(&b);
}
END_TEST

START_TEST(test_encode_by_hand)
{
	struct job_file files[] = {{.name = "a.c", .data = "x", .len = 1}};
	struct job job = {
		.id = "h-1", .problem = "p", .language = "c", .kind = JOB_FILES,
		.files = files, .n_files = 1, .time_limit_us = 1500,
		.output_bytes = 1,
	};
	json_auto_t *o = msg_encode(&job);
	json_t *limits;

	ck_assert_ptr_nonnull(o);
	/* Rounded up, so no limit turns into 0 ("the problem's"). */
	limits = json_object_get(o, "limits");
	ck_assert_int_eq(json_object_size(limits), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(limits, "time_ms")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(limits, "output_kb")), 1);
	ck_assert_ptr_null(json_object_get(o, "run_all_tests"));
	ck_assert_ptr_null(json_object_get(o, "meta"));
	ck_assert_ptr_null(json_object_get(o, "source"));
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(o, "files"),
							   "a.c")), "x");

	/* No limits: no "limits" key. */
	job.time_limit_us = job.output_bytes = 0;
	json_decref(o);
	o = msg_encode(&job);
	ck_assert_ptr_null(json_object_get(o, "limits"));

	/* JSON cannot carry a source that is not UTF-8. */
	job.kind = JOB_SOURCE;
	job.source = "\xff\xfe";
	job.source_len = 2;
	json_decref(o);
	errno = 0;
	o = msg_encode(&job);
	ck_assert_ptr_null(o);
	ck_assert_int_eq(errno, EILSEQ);
}
END_TEST

/*** The file name of a lone source ***/

static const struct {
	const char *src;
	size_t len; /* 0: strlen */
	const char *name;
} java_names[] = {
	{"public class Hello {}", 0, "Hello.java"},
	{"// public class Fake\n/* public class Fake2 */\nimport java.util.*;\n\n"
	 "public final class Hello { String s = \"public class X\"; }", 0, "Hello.java"},
	{"class A {}\npublic class B {}", 0, "B.java"},
	{"class Main { public static void main(String[] a) {} }", 0, "Main.java"},
	{"public record Point(int x, int y) {}", 0, "Point.java"},
	{"public interface Shape {}", 0, "Shape.java"},
	{"public enum Color { RED }", 0, "Color.java"},
	{"public @interface Tag {}", 0, "Tag.java"},
	{"@SuppressWarnings(\"unchecked\")\npublic abstract class Solver {}", 0,
	 "Solver.java"},
	{"public @A(B.class) class Odd {}", 0, "Odd.java"},
	{"public sealed interface S permits T {}", 0, "S.java"},
	{"public non-sealed class NS extends Base {}", 0, "NS.java"},
	{"package a.b;\n\npublic class Pk {}", 0, "Pk.java"},
	{"class A { char q = '\"'; String s = \"}\"; class In {} }\npublic class Z {}", 0,
	 "Z.java"},
	{"class A { String t = \"\"\"\n  } public class X { \\\"\"\"\n  \"\"\"; }\n"
	 "public class Y {}", 0, "Y.java"},
	{"class A { public class Inner {} }", 0, "Main.java"},
	{"public static final int X = 1; class Q {}", 0, "Main.java"},
	{"public class", 0, "Main.java"},
	{"", 0, "Main.java"},
	{"/* public class X", 0, "Main.java"},
	{"\"public class X", 0, "Main.java"},
	{"\0public class N {}", 18, "N.java"},
	{"public class \xC3\x89t\xC3\xA9 {}", 0, "\xC3\x89t\xC3\xA9.java"},
	{"public class Cut {}", 15, "Cu.java"}, /* only LEN bytes are read */
};

START_TEST(test_source_name_java)
{
	const char *src = java_names[_i].src;
	struct job job = {
		.kind = JOB_SOURCE, .lang = &lang_java, .source = (char *)src,
		.source_len = java_names[_i].len ? java_names[_i].len : strlen(src),
	};
	char *name = job_source_name(&job);

	ck_assert_str_eq(name, java_names[_i].name);
	free(name);
}
END_TEST

START_TEST(test_source_name_other)
{
	struct job job = {.kind = JOB_SOURCE, .source = "public class X {}", .source_len = 17};
	struct language bare = {.id = "bare", .extensions = (char *[]){NULL}};
	char *name;

	job.lang = &lang_c;
	name = job_source_name(&job);
	ck_assert_str_eq(name, "main.c");
	free(name);
	job.lang = &lang_cpp;
	name = job_source_name(&job);
	ck_assert_str_eq(name, "main.cpp");
	free(name);
	job.lang = &bare;
	name = job_source_name(&job);
	ck_assert_str_eq(name, "main");
	free(name);
	/* Java with no source at all. */
	job.lang = &lang_java;
	job.source = NULL;
	job.source_len = 0;
	name = job_source_name(&job);
	ck_assert_str_eq(name, "Main.java");
	free(name);
	job.lang = NULL;
	errno = 0;
	ck_assert_ptr_null(job_source_name(&job));
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

/*** Intake ***/

static char *scratch;
static char dest[512];

static void intake_setup(void)
{
	scratch = tu_mkdtemp();
	ck_assert_ptr_nonnull(scratch);
	snprintf(dest, sizeof(dest), "%s/dest", scratch);
	ck_assert_int_eq(mkdir(dest, 0755), 0);
}

static void intake_teardown(void)
{
	tu_rm_rf(scratch);
	free(scratch);
}

/* Assert that SCRATCH holds only "dest". */
static void assert_only_dest(void)
{
	DIR *d = opendir(scratch);
	struct dirent *de;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			ck_assert_str_eq(de->d_name, "dest");
			n++;
		}
	closedir(d);
	ck_assert_int_eq(n, 1);
}

static void assert_file(const char *rel, const char *want, size_t want_len)
{
	char path[1024];
	size_t len = 0;
	char *got;

	snprintf(path, sizeof(path), "%s/%s", dest, rel);
	got = tu_read_file(path, &len);
	ck_assert_msg(got != NULL, "'%s' not written", rel);
	ck_assert_uint_eq(len, want_len);
	ck_assert_mem_eq(got, want, len);
	free(got);
}

static int intake(struct job *job, struct intake_result *res, struct arb_err *err)
{
	memset(res, 0, sizeof(*res));
	return job_intake(job, dest, &(struct intake_limits){0}, res, err);
}

START_TEST(test_intake_source)
{
	struct job job;
	struct intake_result res;
	struct arb_err err = {0};

	ck_assert_int_eq(decode("{\"id\":\"i\",\"problem\":\"p\",\"language\":\"c\","
				"\"source\":\"int main(void){return 0;}\\n\"}", &job, &err), 0);
	job.lang = &lang_c;
	ck_assert_int_eq(intake(&job, &res, &err), 0);
	ck_assert_uint_eq(res.n_files, 1);
	ck_assert_str_eq(res.files[0], "main.c");
	assert_file("main.c", "int main(void){return 0;}\n", 26);
	assert_only_dest();
	intake_result_free(&res);
	job_free(&job);
}
END_TEST

START_TEST(test_intake_java)
{
	static const char src[] = "// public class Nope\npublic class Hello {\n"
				  "\tpublic static void main(String[] a) {}\n}\n";
	struct job job = {.kind = JOB_SOURCE, .source = (char *)src,
			  .source_len = sizeof(src) - 1, .lang = &lang_java};
	struct intake_result res;
	struct arb_err err = {0};

	ck_assert_int_eq(intake(&job, &res, &err), 0);
	ck_assert_uint_eq(res.n_files, 1);
	ck_assert_str_eq(res.files[0], "Hello.java");
	assert_file("Hello.java", src, sizeof(src) - 1);
	intake_result_free(&res);
}
END_TEST

START_TEST(test_intake_source_no_lang)
{
	struct job job = {.kind = JOB_SOURCE, .source = "x", .source_len = 1};
	struct intake_result res;
	struct arb_err err = {0};

	ck_assert_int_eq(intake(&job, &res, &err), -1);
	assert_err(&err, ARB_E_INTERNAL,
		   "intake: a lone source needs the job's language");
	ck_assert_uint_eq(res.n_files, 0);
	intake_result_free(&res);
}
END_TEST

START_TEST(test_intake_files)
{
	struct job job;
	struct intake_result res;
	struct arb_err err = {0};

	ck_assert_int_eq(decode("{\"id\":\"i\",\"problem\":\"p\",\"language\":\"c\","
				"\"files\":{\"main.c\":\"#include \\\"lib/u.h\\\"\\n\","
				"\"lib/u.h\":\"\\u0000\"}}", &job, &err), 0);
	ck_assert_int_eq(intake(&job, &res, &err), 0);
	ck_assert_uint_eq(res.n_files, 2);
	ck_assert_str_eq(res.files[0], "lib/u.h");
	ck_assert_str_eq(res.files[1], "main.c");
	assert_file("main.c", "#include \"lib/u.h\"\n", 19);
	assert_file("lib/u.h", "\0", 1);
	assert_only_dest();
	intake_result_free(&res);
	job_free(&job);
}
END_TEST

static const char *const evil_files[] = {
	"{\"ok.c\":\"x\",\"../x\":\"escaped\"}",
	"{\"/tmp/x\":\"escaped\"}",
	"{\"a/../../x\":\"escaped\"}",
	"{\"\":\"x\"}",
	"{\"a.c\":\"x\",\"./a.c\":\"again\"}",
};

START_TEST(test_intake_files_evil)
{
	struct job job;
	struct intake_result res;
	struct arb_err err = {0};
	char *m = NULL, path[1024];
	struct stat st;

	ck_assert_int_ge(asprintf(&m, "{\"id\":\"i\",\"problem\":\"p\",\"language\":\"c\","
				  "\"files\":%s}", evil_files[_i]), 0);
	ck_assert_int_eq(decode(m, &job, &err), 0);
	free(m);
	ck_assert_int_eq(intake(&job, &res, &err), -1);
	ck_assert_msg(err.kind == ARB_E_SUBMISSION, "%s: %s",
		      arb_errkind_name(err.kind), err.msg);
	ck_assert_msg(!strncmp(err.msg, "file '", 6), "message '%s'", err.msg);
	assert_only_dest();
	snprintf(path, sizeof(path), "%s/x", scratch);
	ck_assert_int_eq(lstat(path, &st), -1);
	intake_result_free(&res);
	job_free(&job);
}
END_TEST

static struct job archive_job(const char *fixture)
{
	struct job job = {.kind = JOB_ARCHIVE};

	job.archive = (unsigned char *)tu_read_file(tu_srcdata(fixture), &job.archive_len);
	ck_assert_ptr_nonnull(job.archive);
	return job;
}

START_TEST(test_intake_archive)
{
	static const char util[] = "static inline int twice(int x)\n{\n"
				   "\treturn 2 * x;\n}\n";
	struct job job = archive_job("archives/good.zip");
	struct intake_result res;
	struct arb_err err = {0};
	size_t len = 0;
	char path[1024], *main_c;

	ck_assert_int_eq(intake(&job, &res, &err), 0);
	ck_assert_uint_eq(res.n_files, 2);
	ck_assert_str_eq(res.files[0], "main.c");
	ck_assert_str_eq(res.files[1], "util.h");
	assert_file("util.h", util, sizeof(util) - 1);
	snprintf(path, sizeof(path), "%s/main.c", dest);
	main_c = tu_read_file(path, &len);
	ck_assert_ptr_nonnull(main_c);
	ck_assert_ptr_nonnull(strstr(main_c, "twice(21)"));
	free(main_c);
	assert_only_dest();
	intake_result_free(&res);
	job_free(&job);

	job = archive_job("archives/evil.zip");
	ck_assert_int_eq(intake(&job, &res, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_SUBMISSION);
	assert_only_dest();
	intake_result_free(&res);
	job_free(&job);
}
END_TEST

Suite *suite_msg(void)
{
	Suite *s = suite_create("msg");
	TCase *tc;

	tc = tcase_create("base64");
	tcase_add_test(tc, test_b64_rfc_vectors);
	tcase_add_test(tc, test_b64_whitespace);
	tcase_add_test(tc, test_b64_invalid);
	tcase_add_test(tc, test_b64_binary_roundtrip);
	suite_add_tcase(s, tc);

	tc = tcase_create("decode");
	tcase_set_timeout(tc, 60); /* the caps tests build 16-96 MiB texts */
	tcase_add_test(tc, test_decode_source);
	tcase_add_test(tc, test_decode_minimal);
	tcase_add_test(tc, test_decode_source_nul_and_utf8);
	tcase_add_test(tc, test_decode_files);
	tcase_add_test(tc, test_decode_archive);
	tcase_add_test(tc, test_decode_limit_edges);
	tcase_add_loop_test(tc, test_decode_bad, 0,
			    (int)(sizeof(bad_msgs) / sizeof(bad_msgs[0])));
	tcase_add_test(tc, test_decode_id_length);
	tcase_add_test(tc, test_decode_problem_length);
	tcase_add_test(tc, test_decode_file_count);
	tcase_add_test(tc, test_decode_size_caps);
	tcase_add_test(tc, test_decode_message_cap);
	suite_add_tcase(s, tc);

	tc = tcase_create("encode");
	tcase_add_loop_test(tc, test_roundtrip, 0,
			    (int)(sizeof(roundtrip_msgs) / sizeof(roundtrip_msgs[0])));
	tcase_add_test(tc, test_encode_by_hand);
	suite_add_tcase(s, tc);

	tc = tcase_create("source_name");
	tcase_add_loop_test(tc, test_source_name_java, 0,
			    (int)(sizeof(java_names) / sizeof(java_names[0])));
	tcase_add_test(tc, test_source_name_other);
	suite_add_tcase(s, tc);

	tc = tcase_create("intake");
	tcase_add_checked_fixture(tc, intake_setup, intake_teardown);
	tcase_add_test(tc, test_intake_source);
	tcase_add_test(tc, test_intake_java);
	tcase_add_test(tc, test_intake_source_no_lang);
	tcase_add_test(tc, test_intake_files);
	tcase_add_loop_test(tc, test_intake_files_evil, 0,
			    (int)(sizeof(evil_files) / sizeof(evil_files[0])));
	tcase_add_test(tc, test_intake_archive);
	suite_add_tcase(s, tc);
	return s;
}
