/* msg.c - a submission message (CONTRACT, Redis protocol) <-> struct job.
 *
 * The worker's first contact with a client's bytes: a stream entry's
 * `submission` field is decoded here, before anything is looked up or
 * written, so every field is type-checked and every size capped in this
 * one place.  The text is hostile (any client that can XADD can send it),
 * and its id and problem name become Redis keys, log fields and a path
 * under --problems, so those are held to narrow alphabets.
 *
 * Decoding order matters: `id` and `meta` are read first and kept even
 * when the message is otherwise unusable, so the worker can still answer
 * with a JE result under the client's own id.  An id that fails its rules
 * is never kept, not even sanitised: a key the client did not send could
 * collide with another submission's result.  Unknown top-level keys are
 * ignored (a newer client may send fields this worker does not know);
 * unknown keys inside `limits` are errors, because a limit the worker
 * silently dropped would make the run laxer than the client asked.
 *
 * Limits are only converted here (ms -> us, KiB -> bytes); that a request
 * can only lower a problem's limit is applied where both are known
 * (judge_request, judge.h).  No function here logs: errors are returned.
 */
#include "msg.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "base/text.h"

#define PROBLEM_MAX_LEN 200 /* a directory name under --problems */
#define LANGUAGE_MAX_LEN 32 /* languages.yaml ids are [a-z0-9][a-z0-9_+-]* */
#define SHOWN_KEY_MAX 64    /* bytes of an unknown key quoted in a message */

/* The request's limits: JSON key, unit scale to struct job's field. */
static const struct {
	const char *key;
	uint64_t scale;
	size_t offset;
} limit_fields[] = {
	{"time_ms", 1000, offsetof(struct job, time_limit_us)},
	{"memory_kb", 1024, offsetof(struct job, memory_bytes)},
	{"output_kb", 1024, offsetof(struct job, output_bytes)},
};
#define N_LIMITS (sizeof(limit_fields) / sizeof(limit_fields[0]))

/* Indexed by enum job_kind. */
static const char *const body_keys[] = {
	[JOB_SOURCE] = "source", [JOB_FILES] = "files", [JOB_ARCHIVE] = "archive"};

/*** Base64 (RFC 4648, section 4) ***/

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *base64_encode(const unsigned char *in, size_t len)
{
	size_t groups = len / 3 + (len % 3 != 0), o = 0;
	char *out;

	if (groups > (SIZE_MAX - 1) / 4) {
		errno = ENOMEM;
		return NULL;
	}
	out = malloc(groups * 4 + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i += 3) {
		size_t left = len - i;
		uint32_t v = (uint32_t)in[i] << 16;

		if (left > 1)
			v |= (uint32_t)in[i + 1] << 8;
		if (left > 2)
			v |= in[i + 2];
		out[o++] = b64_alphabet[v >> 18];
		out[o++] = b64_alphabet[(v >> 12) & 63];
		out[o++] = left > 1 ? b64_alphabet[(v >> 6) & 63] : '=';
		out[o++] = left > 2 ? b64_alphabet[v & 63] : '=';
	}
	out[o] = '\0';
	return out;
}

/* The 6-bit value of C, -1 for '=' (padding), -2 for whitespace (skipped:
 * MIME-style line breaks are common in base64 from tools), -3 otherwise. */
static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	if (c == '=')
		return -1;
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f')
		return -2;
	return -3;
}

/* Padding is required and may only end the text, and the bits it leaves
 * unused must be zero (RFC 4648 3.5): apart from whitespace, one archive
 * has one encoding.  errno is EINVAL on bad input, ENOMEM when out of
 * memory. */
int base64_decode(const char *in, size_t len, unsigned char **out,
		  size_t *out_len)
{
	_cleanup_free_ unsigned char *buf = NULL;
	uint32_t quad = 0;
	size_t n = 0, o = 0, pad = 0;

	*out = NULL;
	*out_len = 0;
	/* Whitespace only shrinks the output: 3 bytes per 4 characters. */
	buf = malloc(len / 4 * 3 + 1);
	if (!buf)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int v = b64_value((unsigned char)in[i]);

		if (v == -2)
			continue;
		if (v == -3 || (pad && v >= 0))
			goto bad; /* a foreign byte, or data after padding */
		if (v == -1) {
			/* '=' only as the 3rd or 4th character of a group. */
			if (n % 4 < 2)
				goto bad;
			pad++;
			v = 0;
		}
		quad = quad << 6 | (uint32_t)v;
		if (++n % 4 == 0) {
			buf[o++] = (unsigned char)(quad >> 16);
			buf[o++] = (unsigned char)(quad >> 8);
			buf[o++] = (unsigned char)quad;
			quad = 0;
		}
	}
	if (n % 4 != 0)
		goto bad;
	if (pad) {
		/* "xx==" carries 8 bits in 12, "xxx=" 16 in 18: the spare
		 * bits land in the first byte the padding drops. */
		if (buf[o - pad])
			goto bad;
		o -= pad;
	}
	*out = steal_ptr(&buf);
	*out_len = o;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

/*** Decoding ***/

static char *dup_bytes(const char *s, size_t len)
{
	char *d = malloc(len + 1);

	if (!d)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

static int no_memory(struct arb_err *err)
{
	return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "decode");
}

/* "source is 17.0 MiB, over the 16 MiB limit" (KIND: whose fault).  The
 * tenths are rounded up, so one byte over never reads "16.0 MiB". */
static int over_cap(struct arb_err *err, enum arb_errkind kind,
		    const char *what, size_t bytes, size_t cap)
{
	const uint64_t mib = 1 << 20;
	uint64_t tenths = bytes / mib * 10 + ((bytes % mib) * 10 + mib - 1) / mib;

	return arb_fail(err, kind, 0,
			"%s %" PRIu64 ".%" PRIu64 " MiB, over the %zu MiB limit",
			what, tenths / 10, tenths % 10, cap / mib);
}

/* Field KEY of ROOT as a string of 1 to MAX bytes (*S, *LEN; JSON strings
 * may hold U+0000, so LEN, not strlen, is the length). */
static int need_string(json_t *root, const char *key, size_t max,
		       const char **s, size_t *len, struct arb_err *err)
{
	json_t *v = json_object_get(root, key);

	if (!v)
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s' is missing", key);
	if (!json_is_string(v))
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s' must be a string", key);
	*s = json_string_value(v);
	*len = json_string_length(v);
	if (*len == 0)
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s' is empty", key);
	if (*len > max)
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s' is %zu bytes, over %zu",
				key, *len, max);
	return 0;
}

/* *OUT = a copy of the LEN bytes at S, checked. */
static int keep(char **out, const char *s, size_t len, struct arb_err *err)
{
	*out = dup_bytes(s, len);
	return *out ? 0 : no_memory(err);
}

static int decode_id(json_t *root, struct job *job, struct arb_err *err)
{
	const char *s;
	size_t len;

	/* The id becomes a Redis key and a log field: spaces and control
	 * bytes would split or forge fields, non-ASCII makes keys that
	 * look alike. */
	if (need_string(root, "id", MSG_MAX_ID_LEN, &s, &len, err) < 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c >= 0x7F)
			return arb_fail(err, ARB_E_REQUEST, 0,
					"'id' must be printable ascii without "
					"spaces (byte %zu is 0x%02x)", i, c);
	}
	return keep(&job->id, s, len, err);
}

static int decode_problem(json_t *root, struct job *job, struct arb_err *err)
{
	const char *s;
	size_t len;

	/* A directory under --problems and part of a Redis key: no way
	 * out of the folder, no NUL to cut it short. */
	if (need_string(root, "problem", PROBLEM_MAX_LEN, &s, &len, err) < 0)
		return -1;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < ' ' || s[i] == 0x7F)
			return arb_fail(err, ARB_E_REQUEST, 0,
					"'problem' must not contain control characters");
	if (memchr(s, '/', len) || memmem(s, len, "..", 2) || !strcmp(s, "."))
		return arb_fail(err, ARB_E_REQUEST, 0,
				"'problem' must be a package name, without '/' or '..'");
	return keep(&job->problem, s, len, err);
}

static int decode_language(json_t *root, struct job *job, struct arb_err *err)
{
	static const char first[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	static const char rest[] = "abcdefghijklmnopqrstuvwxyz0123456789_+-";
	const char *s;
	size_t len;

	if (need_string(root, "language", LANGUAGE_MAX_LEN, &s, &len, err) < 0)
		return -1;
	if (!strchr(first, s[0]) || strspn(s, rest) != len)
		return arb_fail(err, ARB_E_REQUEST, 0,
				"'language' must match [a-z0-9][a-z0-9_+-]*");
	return keep(&job->language, s, len, err);
}

static int decode_source(json_t *v, struct job *job, struct arb_err *err)
{
	size_t len;

	if (!json_is_string(v))
		return arb_fail(err, ARB_E_REQUEST, 0, "'source' must be a string");
	len = json_string_length(v);
	if (len > MSG_MAX_SOURCE_BYTES)
		return over_cap(err, ARB_E_SUBMISSION, "source is", len,
				MSG_MAX_SOURCE_BYTES);
	if (keep(&job->source, json_string_value(v), len, err) < 0)
		return -1;
	job->source_len = len;
	return 0;
}

static int decode_files(json_t *v, struct job *job, struct arb_err *err)
{
	const char *name;
	json_t *data;
	size_t n, total = 0;

	if (!json_is_object(v))
		return arb_fail(err, ARB_E_REQUEST, 0,
				"'files' must be an object of strings");
	n = json_object_size(v);
	if (n == 0)
		return arb_fail(err, ARB_E_REQUEST, 0, "'files' is empty");
	if (n > MSG_MAX_FILES)
		return arb_fail(err, ARB_E_REQUEST, 0,
				"'files' has %zu entries, over the %d limit", n,
				MSG_MAX_FILES);
	/* Check every value and the total before copying anything. */
	json_object_foreach(v, name, data) {
		if (!json_is_string(data))
			return arb_fail(err, ARB_E_REQUEST, 0,
					"'files' must be an object of strings");
		total += json_string_length(data);
	}
	if (total > MSG_MAX_SOURCE_BYTES)
		return over_cap(err, ARB_E_SUBMISSION, "files are", total,
				MSG_MAX_SOURCE_BYTES);
	job->files = calloc(n, sizeof(*job->files));
	if (!job->files)
		return no_memory(err);
	/* Names are kept as sent: intake applies the path rules, and its
	 * refusal is the submitter's (CE), with the name in the message. */
	json_object_foreach(v, name, data) {
		struct job_file *f = &job->files[job->n_files++];

		f->name = strdup(name);
		f->len = json_string_length(data);
		f->data = dup_bytes(json_string_value(data), f->len);
		if (!f->name || !f->data)
			return no_memory(err);
	}
	return 0;
}

static int decode_archive(json_t *v, struct job *job, struct arb_err *err)
{
	if (!json_is_string(v))
		return arb_fail(err, ARB_E_REQUEST, 0,
				"'archive' must be a base64 string");
	if (base64_decode(json_string_value(v), json_string_length(v),
			  &job->archive, &job->archive_len) < 0)
		return errno == ENOMEM ? no_memory(err)
				       : arb_fail(err, ARB_E_REQUEST, 0,
						  "'archive' is not valid base64");
	if (job->archive_len > MSG_MAX_SOURCE_BYTES)
		return over_cap(err, ARB_E_SUBMISSION, "archive is",
				job->archive_len, MSG_MAX_SOURCE_BYTES);
	return 0;
}

/* Exactly one of source, files, archive. */
static int decode_body(json_t *root, struct job *job, struct arb_err *err)
{
	json_t *v[sizeof(body_keys) / sizeof(body_keys[0])];
	int first = -1, second = -1;

	for (int i = 0; i < (int)(sizeof(v) / sizeof(v[0])); i++) {
		v[i] = json_object_get(root, body_keys[i]);
		if (v[i] && first < 0)
			first = i;
		else if (v[i] && second < 0)
			second = i;
	}
	if (first < 0)
		return arb_fail(err, ARB_E_REQUEST, 0,
				"one of 'source', 'files' or 'archive' is required");
	if (second >= 0)
		return arb_fail(err, ARB_E_REQUEST, 0,
				"'%s' and '%s' are exclusive: send one of 'source', "
				"'files' or 'archive'", body_keys[first],
				body_keys[second]);
	job->kind = (enum job_kind)first;
	switch (job->kind) {
	case JOB_SOURCE:
		return decode_source(v[first], job, err);
	case JOB_FILES:
		return decode_files(v[first], job, err);
	case JOB_ARCHIVE:
		return decode_archive(v[first], job, err);
	}
	return -1;
}

static int unknown_limit(const char *key, struct arb_err *err)
{
	/* The key is the client's text: shown bounded and sanitised. */
	_cleanup_free_ char *shown = text_sanitize(key, strlen(key), SHOWN_KEY_MAX);

	if (!shown)
		return no_memory(err);
	return arb_fail(err, ARB_E_REQUEST, 0,
			"'limits.%s' is not a known limit (time_ms, memory_kb, "
			"output_kb)", shown);
}

static int decode_limits(json_t *root, struct job *job, struct arb_err *err)
{
	json_t *v = json_object_get(root, "limits"), *val;
	const char *key;

	if (!v)
		return 0;
	if (!json_is_object(v))
		return arb_fail(err, ARB_E_REQUEST, 0, "'limits' must be an object");
	json_object_foreach(v, key, val) {
		size_t i = 0;
		json_int_t x;

		while (i < N_LIMITS && strcmp(key, limit_fields[i].key) != 0)
			i++;
		if (i == N_LIMITS)
			return unknown_limit(key, err);
		/* 0 would mean "the problem's", and a float is a unit error
		 * (1.5 ms?): only positive integers. */
		x = json_is_integer(val) ? json_integer_value(val) : 0;
		if (x <= 0)
			return arb_fail(err, ARB_E_REQUEST, 0,
					"'limits.%s' must be a positive integer",
					limit_fields[i].key);
		if ((uint64_t)x > UINT64_MAX / limit_fields[i].scale)
			return arb_fail(err, ARB_E_REQUEST, 0,
					"'limits.%s' is too large",
					limit_fields[i].key);
		*(uint64_t *)((char *)job + limit_fields[i].offset) =
			(uint64_t)x * limit_fields[i].scale;
	}
	return 0;
}

static int decode_flags(json_t *root, struct job *job, struct arb_err *err)
{
	json_t *v = json_object_get(root, "run_all_tests");

	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return arb_fail(err, ARB_E_REQUEST, 0,
				"'run_all_tests' must be true or false");
	job->run_all_tests = json_is_true(v);
	return 0;
}

static int parse_fail(const json_error_t *jerr, struct arb_err *err)
{
	/* jansson quotes the input near the error: the client's bytes. */
	_cleanup_free_ char *why = text_sanitize(jerr->text, strlen(jerr->text),
						 JSON_ERROR_TEXT_LENGTH);

	if (!why || json_error_code(jerr) == json_error_out_of_memory)
		return no_memory(err);
	return arb_fail(err, ARB_E_REQUEST, 0, "not valid JSON: %s (line %d, column %d)",
			why, jerr->line, jerr->column);
}

static int decode_root(const char *text, size_t len, struct job *job,
		       struct arb_err *err)
{
	json_auto_t *root = NULL;
	json_error_t jerr;
	json_t *meta;
	int r;

	if (len > MSG_MAX_BYTES)
		return over_cap(err, ARB_E_REQUEST, "message is", len, MSG_MAX_BYTES);
	/* Duplicate keys are refused: two `id`s or two `source`s would let
	 * what is judged differ from what another reader of the entry sees.
	 * U+0000 is allowed in strings (a source may hold one; lengths are
	 * taken from jansson, never strlen). */
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (!root)
		return parse_fail(&jerr, err);
	if (!json_is_object(root))
		return arb_fail(err, ARB_E_REQUEST, 0, "not a JSON object");
	/* id and meta first, so that a result can be sent even for a
	 * message that fails below. */
	r = decode_id(root, job, err);
	meta = json_object_get(root, "meta");
	if (meta)
		job->meta = json_incref(meta);
	if (r == 0)
		r = decode_problem(root, job, err);
	if (r == 0)
		r = decode_language(root, job, err);
	if (r == 0)
		r = decode_body(root, job, err);
	if (r == 0)
		r = decode_limits(root, job, err);
	if (r == 0)
		r = decode_flags(root, job, err);
	return r;
}

int msg_decode(const char *text, size_t len, struct job *job,
	       struct arb_err *err)
{
	memset(job, 0, sizeof(*job));
	if (decode_root(text, len, job, err) < 0)
		return arb_err_prefix(err, "submission");
	return 0;
}

void job_free(struct job *job)
{
	if (!job)
		return;
	free(job->id);
	free(job->problem);
	free(job->language);
	free(job->source);
	for (size_t i = 0; i < job->n_files; i++) {
		free(job->files[i].name);
		free(job->files[i].data);
	}
	free(job->files);
	free(job->archive);
	json_decref(job->meta);
	memset(job, 0, sizeof(*job));
}

/*** The file name of a lone source ***/

/* javac insists that a public top-level type X lives in X.java.  The
 * source is the submitter's text, read only within [p, end): a lexer just
 * good enough to skip comments and literals (so a "public class" inside
 * one is not taken) finds the first public type at brace depth 0.  What it
 * misses falls back to Main, and javac's own message then goes to the CE
 * output. */

enum jtok { JT_END, JT_WORD, JT_PUNCT };

static bool java_word_byte(char c)
{
	/* Bytes >= 0x80: identifiers may hold any Unicode letter. */
	return isalnum((unsigned char)c) || c == '_' || c == '$' ||
	       (unsigned char)c >= 0x80;
}

/* Past the string, char or text-block literal opening at S. */
static const char *java_skip_literal(const char *s, const char *end)
{
	char q = *s;

	if (end - s >= 3 && !memcmp(s, "\"\"\"", 3)) {
		for (s += 3; s < end; s++) {
			if (*s == '\\' && s + 1 < end)
				s++;
			else if (end - s >= 3 && !memcmp(s, "\"\"\"", 3))
				return s + 3;
		}
		return end;
	}
	/* A plain literal cannot span lines: stop at the newline. */
	for (s++; s < end && *s != q && *s != '\n'; s++)
		if (*s == '\\' && s + 1 < end)
			s++;
	return s < end && *s == q ? s + 1 : s;
}

/* The next token at *P: a word, or one punctuation byte. */
static enum jtok java_token(const char **p, const char *end, const char **tok,
			    size_t *len)
{
	const char *s = *p;

	for (;;) {
		while (s < end && isspace((unsigned char)*s))
			s++;
		if (s >= end) {
			*p = end;
			return JT_END;
		}
		if (end - s >= 2 && s[0] == '/' && s[1] == '/') {
			const char *nl = memchr(s, '\n', (size_t)(end - s));

			s = nl ? nl : end;
		} else if (end - s >= 2 && s[0] == '/' && s[1] == '*') {
			const char *close = memmem(s + 2, (size_t)(end - s - 2), "*/", 2);

			s = close ? close + 2 : end;
		} else if (*s == '"' || *s == '\'') {
			s = java_skip_literal(s, end);
		} else {
			break;
		}
	}
	*tok = s;
	if (java_word_byte(*s))
		while (s < end && java_word_byte(*s))
			s++;
	else
		s++;
	*len = (size_t)(s - *tok);
	*p = s;
	return java_word_byte(**tok) ? JT_WORD : JT_PUNCT;
}

static bool word_is(const char *t, size_t len, const char *w)
{
	return len == strlen(w) && !memcmp(t, w, len);
}

/* The name of the first public top-level class, interface, enum or record
 * in SRC (*NAME, returns its length), 0 when there is none. */
static size_t java_public_type(const char *src, size_t len, const char **name)
{
	const char *p = src, *end = src + len, *t;
	size_t n, depth = 0;
	bool is_public = false, want_name = false, after_dot = false;
	enum jtok k;

	while ((k = java_token(&p, end, &t, &n)) != JT_END) {
		if (k == JT_PUNCT) {
			if (*t == '{')
				depth++;
			else if (*t == '}' && depth > 0)
				depth--;
			/* Modifiers end with the declaration they qualify. */
			if (*t == '{' || *t == '}' || *t == ';')
				is_public = false;
			want_name = false;
			after_dot = *t == '.';
			continue;
		}
		if (depth > 0) {
			after_dot = false;
			continue;
		}
		if (want_name) {
			*name = t;
			return n;
		}
		if (word_is(t, n, "public"))
			is_public = true;
		/* "Foo.class" (in an annotation) is an expression. */
		else if (is_public && !after_dot &&
			 (word_is(t, n, "class") || word_is(t, n, "interface") ||
			  word_is(t, n, "enum") || word_is(t, n, "record")))
			want_name = true;
		after_dot = false;
	}
	return 0;
}

/* NULL with errno EINVAL when JOB has no language (the caller sets
 * job->lang first), or ENOMEM. */
char *job_source_name(const struct job *job)
{
	const char *stem = "main", *ext = NULL;
	size_t stem_len = 4;
	char *name;

	if (!job || !job->lang) {
		errno = EINVAL;
		return NULL;
	}
	if (job->lang->entry == LANG_ENTRY_JAVA_CLASS) {
		ext = "java";
		stem = "Main";
		if (job->source) {
			const char *t = NULL;
			size_t n = java_public_type(job->source, job->source_len, &t);

			if (n)
				stem = t, stem_len = n;
		}
	} else if (job->lang->extensions && job->lang->extensions[0]) {
		ext = job->lang->extensions[0];
	}
	name = malloc(stem_len + (ext ? strlen(ext) + 1 : 0) + 1);
	if (!name)
		return NULL;
	memcpy(name, stem, stem_len);
	name[stem_len] = '\0';
	if (ext) {
		strcat(name, ".");
		strcat(name, ext);
	}
	return name;
}

/*** Intake ***/

int job_intake(void *arg, const char *dest, const struct intake_limits *lim,
	       struct intake_result *res, struct arb_err *err)
{
	const struct job *job = arg;

	switch (job->kind) {
	case JOB_SOURCE: {
		_cleanup_free_ char *name = job_source_name(job);

		if (!name && !job->lang)
			return arb_fail(err, ARB_E_INTERNAL, 0,
					"intake: a lone source needs the job's language");
		if (!name)
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "intake");
		return intake_file_mem(name, job->source ? job->source : "",
				       job->source_len, dest, lim, res, err);
	}
	case JOB_FILES:
		for (size_t i = 0; i < job->n_files; i++)
			if (intake_file_mem(job->files[i].name, job->files[i].data,
					    job->files[i].len, dest, lim, res, err) < 0)
				return -1;
		return 0;
	case JOB_ARCHIVE:
		return intake_archive_mem(job->archive, job->archive_len, dest,
					  lim, res, err);
	}
	return arb_fail(err, ARB_E_INTERNAL, 0, "intake: unknown job kind %d",
			(int)job->kind);
}

/*** Encoding ***/

/* KEY = LEN bytes of S.  JSON strings are UTF-8: a source that is not
 * fails with errno EILSEQ (send such a program as an archive); jansson
 * leaves errno alone there, while a failed malloc sets ENOMEM. */
static int set_text(json_t *o, const char *key, const char *s, size_t len)
{
	errno = EILSEQ;
	return json_object_set_new(o, key, json_stringn(s ? s : "", len));
}

static int encode_body(json_t *o, const struct job *job)
{
	json_auto_t *files = NULL;
	_cleanup_free_ char *b64 = NULL;

	switch (job->kind) {
	case JOB_SOURCE:
		return set_text(o, "source", job->source, job->source_len);
	case JOB_FILES:
		files = json_object();
		if (!files)
			return -1;
		for (size_t i = 0; i < job->n_files; i++)
			if (set_text(files, job->files[i].name, job->files[i].data,
				     job->files[i].len) < 0)
				return -1;
		return json_object_set(o, "files", files);
	case JOB_ARCHIVE:
		b64 = base64_encode(job->archive, job->archive_len);
		return b64 ? json_object_set_new(o, "archive", json_string(b64)) : -1;
	}
	errno = EINVAL;
	return -1;
}

static int encode_limits(json_t *o, const struct job *job)
{
	json_auto_t *limits = json_object();

	if (!limits)
		return -1;
	for (size_t i = 0; i < N_LIMITS; i++) {
		uint64_t v = *(const uint64_t *)((const char *)job +
						 limit_fields[i].offset);
		uint64_t scale = limit_fields[i].scale;

		/* Rounded up: 1500 us must not become 1 ms, nor 500 us 0
		 * (which would mean "the problem's limit"). */
		if (v && json_object_set_new(limits, limit_fields[i].key,
					     json_integer((json_int_t)(v / scale +
								       (v % scale != 0)))) < 0)
			return -1;
	}
	if (json_object_size(limits) == 0)
		return 0;
	return json_object_set(o, "limits", limits);
}

/* NULL with errno ENOMEM, or EILSEQ when a source or file is not UTF-8. */
json_t *msg_encode(const struct job *job)
{
	json_auto_t *o = json_object();

	if (!o)
		return NULL;
	if ((job->id && json_object_set_new(o, "id", json_string(job->id)) < 0) ||
	    (job->problem &&
	     json_object_set_new(o, "problem", json_string(job->problem)) < 0) ||
	    (job->language &&
	     json_object_set_new(o, "language", json_string(job->language)) < 0) ||
	    encode_body(o, job) < 0 || encode_limits(o, job) < 0 ||
	    (job->run_all_tests &&
	     json_object_set_new(o, "run_all_tests", json_true()) < 0) ||
	    (job->meta && json_object_set(o, "meta", job->meta) < 0))
		return NULL;
	return steal_ptr(&o);
}
