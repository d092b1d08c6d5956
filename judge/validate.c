/* validate.c - the default output validator, in process; see validate.h.
 *
 * Semantics are those of the Kattis format's default validator (spec
 * 2025-09, "Default output validator specification") as implemented by
 * problemtools' support/default_validator/default_validator.cc:
 *  - tokens are split on the six C whitespace bytes (space, \t, \n, \v, \f,
 *    \r); bytes are bytes (no encoding), so NUL and junk are token bytes;
 *  - without space_change_sensitive, whitespace only separates tokens, so
 *    leading, trailing and repeated whitespace (and CRLF) are all fine;
 *  - with it, each whitespace run of the answer must appear byte for byte
 *    in the output, leading and trailing included: a missing final newline
 *    is rejected, as problemtools rejects it;
 *  - case-insensitivity folds ASCII A-Z only (problemtools: strcasecmp in
 *    the C locale; the spec says ASCII);
 *  - with a tolerance set, an answer token that is a number (the spec's
 *    decimal grammar, finite) is compared numerically and the output token
 *    must be a number too; it passes when |s-a| <= abs or |s-a| <= rel*|a|
 *    (either tolerance accepts).  Numbers are not special without a
 *    tolerance: "1" and "1.0" differ.  "inf", "nan" and hex are not numbers
 *    (problemtools refuses inf/nan; the spec grammar is decimal only), and
 *    neither is a value that overflows a double: such answer tokens are
 *    compared as strings.
 *
 * Both files are streamed through fixed buffers: an output may be as large
 * as the output limit, and so may a single token.  Only the first
 * TOK_HEAD bytes of a token are kept (for numbers and for the message);
 * longer tokens are compared byte by byte from the streams.
 *
 * The message goes to judges and may reach a terminal or a web page: token
 * bytes are shown as printable UTF-8 with control bytes, invalid UTF-8,
 * C1 controls and bidi overrides escaped, and cut at SHOW_MAX bytes.
 */
#include "validate.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"

#define RD_BUF (64 * 1024)
/* Longest token kept whole: numbers longer than this are not numbers.  The
 * spec asks parsers for at least 30 digits on each side of the point. */
#define TOK_HEAD 4096
#define SHOW_MAX 40 /* bytes of a token shown in a message, before "..." */

/*** Numbers ***/

/* The spec's float grammar: [+-]? (D* "." D+ | D+ "." | D+) ([eE] [+-]? D+)? */
static bool float_syntax(const char *s, size_t n)
{
	size_t i = 0, before = 0, after = 0;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, before++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, after++;
	}
	if (before + after == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp = 0;

		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, exp++;
		if (exp == 0)
			return false;
	}
	return i == n;
}

/* LOC is a "C" locale (or 0): strtod would otherwise take the decimal
 * point of whatever locale the process set. */
static bool parse_float_l(const char *s, size_t n, locale_t loc, double *out)
{
	char buf[TOK_HEAD + 1];
	double v;

	if (n == 0 || n > TOK_HEAD || !float_syntax(s, n))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	v = loc ? strtod_l(buf, NULL, loc) : strtod(buf, NULL);
	if (!isfinite(v))
		return false; /* overflow: problemtools refuses inf too */
	*out = v;
	return true;
}

bool validate_parse_float(const char *s, size_t len, double *out)
{
	locale_t loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	bool ok = parse_float_l(s, len, loc, out);

	if (loc)
		freelocale(loc);
	return ok;
}

/*** Streams ***/

struct rd {
	FILE *f;
	const char *path;
	size_t pos, len;
	bool eof;
	bool last_nl;       /* the last byte consumed was '\n' */
	unsigned long line; /* line of the next byte, from 1 */
	int errnum;
	unsigned char buf[RD_BUF];
};

static bool rd_fill(struct rd *r)
{
	if (r->eof)
		return false;
	r->pos = 0;
	r->len = fread(r->buf, 1, sizeof(r->buf), r->f);
	if (r->len == 0) {
		if (ferror(r->f))
			r->errnum = errno ? errno : EIO;
		r->eof = true;
		return false;
	}
	return true;
}

/* The next byte, not consumed; -1 at the end (or on a read error, which
 * the caller checks once at the end). */
static inline int rd_peek(struct rd *r)
{
	if (r->pos == r->len && !rd_fill(r))
		return -1;
	return r->buf[r->pos];
}

/* Consume the byte rd_peek() just returned. */
static inline void rd_take(struct rd *r)
{
	unsigned char c = r->buf[r->pos++];

	r->last_nl = c == '\n';
	if (c == '\n')
		r->line++;
}

static inline bool is_ws(int c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* The line to name in a message: that of the next byte; at the end, that
 * of the last byte, since a final newline does not start a line. */
static unsigned long rd_line(struct rd *r)
{
	if (rd_peek(r) < 0 && r->last_nl && r->line > 1)
		return r->line - 1;
	return r->line;
}

struct tok {
	size_t n;  /* bytes in head */
	bool more; /* the token goes on past head */
	unsigned long line;
	unsigned char head[TOK_HEAD];
};

/* Read the token at the stream's position (none when at whitespace or the
 * end: n == 0), keeping its first TOK_HEAD bytes; the rest stays in the
 * stream for tok_byte(). */
static void tok_read(struct rd *r, struct tok *t)
{
	int c = 0;

	t->n = 0;
	t->line = r->line;
	while (t->n < TOK_HEAD && (c = rd_peek(r)) >= 0 && !is_ws(c)) {
		t->head[t->n++] = (unsigned char)c;
		r->pos++;
	}
	if (t->n)
		r->last_nl = false;
	t->more = t->n == TOK_HEAD && (c = rd_peek(r)) >= 0 && !is_ws(c);
}

/* Byte I of token T, I >= T->n reading on from the stream (in order);
 * -1 past its end. */
static inline int tok_byte(struct rd *r, const struct tok *t, size_t i)
{
	int c;

	if (i < t->n)
		return t->head[i];
	if (!t->more)
		return -1;
	c = rd_peek(r);
	if (c < 0 || is_ws(c))
		return -1;
	r->pos++;
	return c;
}

static inline int fold(int c, bool case_sensitive)
{
	return !case_sensitive && c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool tok_equal(struct rd *ra, const struct tok *a, struct rd *rb,
		      const struct tok *b, bool case_sensitive)
{
	if (!a->more && !b->more) {
		if (a->n != b->n)
			return false;
		if (case_sensitive)
			return memcmp(a->head, b->head, a->n) == 0;
	}
	for (size_t i = 0;; i++) {
		int x = tok_byte(ra, a, i), y = tok_byte(rb, b, i);

		if (fold(x, case_sensitive) != fold(y, case_sensitive))
			return false;
		if (x < 0)
			return true;
	}
}

/*** Messages ***/

/* Length of the valid UTF-8 sequence at S (N bytes available) and its code
 * point; 0 when invalid (overlong, surrogate, > U+10FFFF, truncated). */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t len;
	unsigned v, min;

	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, v = s[0] & 0x1Fu, min = 0x80;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, v = s[0] & 0x0Fu, min = 0x800;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, v = s[0] & 0x07u, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3Fu);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/* Code points that are valid but would let a token act on the reader:
 * C1 controls (8-bit CSI etc.), bidi embeddings / overrides / isolates
 * ("Trojan source"), line and paragraph separators, BOM / zero-width. */
static bool cp_hidden(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0xFEFF;
}

/* DST (at least SHOW_MAX + 4 bytes) = token T as safe text, "..." when cut. */
static void show_tok(char *dst, const struct tok *t)
{
	size_t o = 0, i = 0;

	while (i < t->n) {
		char piece[16];
		size_t plen, adv = 1;
		unsigned c = t->head[i], cp = 0;

		if (c > 0x20 && c < 0x7F && c != '\\' && c != '\'') {
			piece[0] = (char)c;
			plen = 1;
		} else if (c == '\\' || c == '\'') {
			piece[0] = '\\';
			piece[1] = (char)c;
			plen = 2;
		} else if (c >= 0x80 && (adv = utf8_seq(t->head + i, t->n - i, &cp))) {
			if (cp_hidden(cp)) {
				plen = (size_t)snprintf(piece, sizeof(piece),
							"\\u%04X", cp);
			} else {
				memcpy(piece, t->head + i, adv);
				plen = adv;
			}
		} else {
			adv = 1;
			plen = (size_t)snprintf(piece, sizeof(piece), "\\x%02x", c);
		}
		if (o + plen > SHOW_MAX)
			break;
		memcpy(dst + o, piece, plen);
		o += plen;
		i += adv;
	}
	if (i < t->n || t->more) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
}

static const char *ws_name(int c)
{
	switch (c) {
	case ' ':
		return "space";
	case '\n':
		return "newline";
	case '\t':
		return "tab";
	case '\r':
		return "carriage return";
	case '\v':
		return "vertical tab";
	case '\f':
		return "form feed";
	default:
		return "end of output";
	}
}

static int reject(struct validate_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int reject(struct validate_result *res, const char *fmt, ...)
{
	va_list ap;

	res->accepted = false;
	va_start(ap, fmt);
	vsnprintf(res->message, sizeof(res->message), fmt, ap);
	va_end(ap);
	return 0;
}

/* "'tok'", a whitespace's name or "end of output" for what stream R has
 * next; reads the token into T (consumed: the caller is rejecting). */
static const char *describe_next(struct rd *r, struct tok *t, char *buf)
{
	int c = rd_peek(r);

	if (c >= 0 && !is_ws(c)) {
		char shown[SHOW_MAX + 4];

		tok_read(r, t);
		show_tok(shown, t);
		snprintf(buf, SHOW_MAX + 8, "'%s'", shown);
		return buf;
	}
	return ws_name(c);
}

static void tolerance_text(char *buf, size_t cap, const struct validator_flags *f)
{
	if (f->float_abs_set && f->float_rel_set && f->float_abs == f->float_rel)
		snprintf(buf, cap, "%g (absolute or relative)", f->float_abs);
	else if (f->float_abs_set && f->float_rel_set)
		snprintf(buf, cap, "%g absolute or %g relative", f->float_abs,
			 f->float_rel);
	else if (f->float_abs_set)
		snprintf(buf, cap, "%g", f->float_abs);
	else
		snprintf(buf, cap, "%g relative", f->float_rel);
}

/*** The comparison ***/

struct vctx {
	struct rd *out, *ans;
	const struct validator_flags *f;
	locale_t loc;
	struct tok tt, tj; /* team's and judge's current token */
	struct validate_result *res;
};

/* Whitespace before the next tokens.  Returns 1 when rejected. */
static int skip_space(struct vctx *v)
{
	char a[SHOW_MAX + 8], b[SHOW_MAX + 8];
	unsigned long line;
	int c, d;

	if (!v->f->space_change_sensitive) {
		while ((c = rd_peek(v->ans)) >= 0 && is_ws(c))
			rd_take(v->ans);
		while ((c = rd_peek(v->out)) >= 0 && is_ws(c))
			rd_take(v->out);
		return 0;
	}
	while ((c = rd_peek(v->ans)) >= 0 && is_ws(c)) {
		d = rd_peek(v->out);
		if (d != c) {
			line = rd_line(v->out);
			reject(v->res, "line %lu: whitespace differs: expected %s, got %s",
			       line, ws_name(c), describe_next(v->out, &v->tt, b));
			return 1;
		}
		rd_take(v->ans);
		rd_take(v->out);
	}
	d = rd_peek(v->out);
	if (d >= 0 && is_ws(d)) {
		line = rd_line(v->out);
		reject(v->res, "line %lu: whitespace differs: expected %s, got %s",
		       line, describe_next(v->ans, &v->tj, a), ws_name(d));
		return 1;
	}
	return 0;
}

/* Compare the current pair of tokens.  Returns 1 when rejected. */
static int compare_tokens(struct vctx *v)
{
	const struct validator_flags *f = v->f;
	char a[SHOW_MAX + 4], b[SHOW_MAX + 4];
	double jv, tv;

	tok_read(v->ans, &v->tj);
	tok_read(v->out, &v->tt);
	if ((f->float_abs_set || f->float_rel_set) && !v->tj.more &&
	    parse_float_l((const char *)v->tj.head, v->tj.n, v->loc, &jv)) {
		show_tok(a, &v->tj);
		show_tok(b, &v->tt);
		if (v->tt.more ||
		    !parse_float_l((const char *)v->tt.head, v->tt.n, v->loc, &tv))
			return reject(v->res, "line %lu: expected '%s' (a number), got '%s'",
				      v->tt.line, a, b), 1;
		/* Written as problemtools writes it: NaN cannot occur (both
		 * values are finite), but the difference may overflow to inf,
		 * which no tolerance accepts. */
		if (!(f->float_abs_set && fabs(jv - tv) <= f->float_abs) &&
		    !(f->float_rel_set && fabs(jv - tv) <= f->float_rel * fabs(jv))) {
			char tol[96];

			tolerance_text(tol, sizeof(tol), f);
			return reject(v->res, "line %lu: %s differs from %s by more than %s",
				      v->tt.line, b, a, tol), 1;
		}
		return 0;
	}
	if (!tok_equal(v->ans, &v->tj, v->out, &v->tt, f->case_sensitive)) {
		show_tok(a, &v->tj);
		show_tok(b, &v->tt);
		return reject(v->res, "line %lu: expected '%s', got '%s'",
			      v->tt.line, a, b), 1;
	}
	/* tok_equal may stop reading early only when it returns false. */
	return 0;
}

static int compare(struct vctx *v)
{
	char a[SHOW_MAX + 4];

	for (;;) {
		bool ans_end, out_end;

		if (skip_space(v))
			return 0;
		ans_end = rd_peek(v->ans) < 0;
		out_end = rd_peek(v->out) < 0;
		if (ans_end && out_end)
			break;
		if (ans_end) {
			tok_read(v->out, &v->tt);
			show_tok(a, &v->tt);
			return reject(v->res, "line %lu: extra output '%s'",
				      v->tt.line, a);
		}
		if (out_end) {
			tok_read(v->ans, &v->tj);
			show_tok(a, &v->tj);
			return reject(v->res, "line %lu: output ended early (expected '%s')",
				      rd_line(v->out), a);
		}
		if (compare_tokens(v))
			return 0;
	}
	v->res->accepted = true;
	v->res->message[0] = '\0';
	return 0;
}

static void cleanup_rdp(struct rd **r)
{
	if (*r) {
		if ((*r)->f)
			fclose((*r)->f);
		free(*r);
	}
}

static int rd_open(struct rd **out, const char *path, struct arb_err *err)
{
	struct rd *r = calloc(1, sizeof(*r));

	*out = r;
	if (!r)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "validate");
	r->path = path;
	r->line = 1;
	r->f = fopen(path, "rbe");
	if (!r->f)
		return arb_fail(err, ARB_E_INTERNAL, errno, "open '%s'", path);
	return 0;
}

static void cleanup_localep(locale_t *loc)
{
	if (*loc)
		freelocale(*loc);
}

int validate_default(const char *output, const char *answer,
		     const struct validator_flags *flags,
		     struct validate_result *res, struct arb_err *err)
{
	static const struct validator_flags none;
	__attribute__((cleanup(cleanup_rdp))) struct rd *out = NULL;
	__attribute__((cleanup(cleanup_rdp))) struct rd *ans = NULL;
	_cleanup_free_ struct vctx *v = NULL;
	__attribute__((cleanup(cleanup_localep))) locale_t loc = (locale_t)0;

	res->accepted = false;
	res->message[0] = '\0';
	if (rd_open(&out, output, err) < 0 || rd_open(&ans, answer, err) < 0)
		return -1;
	v = calloc(1, sizeof(*v)); /* two token heads: too big for a stack */
	if (!v)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "validate");
	loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	v->out = out;
	v->ans = ans;
	v->f = flags ? flags : &none;
	v->loc = loc;
	v->res = res;
	compare(v);
	/* A read error looks like an early end: the verdict it gave is void. */
	if (out->errnum || ans->errnum) {
		res->accepted = false;
		res->message[0] = '\0';
		return arb_fail(err, ARB_E_INTERNAL, out->errnum ? out->errnum : ans->errnum,
				"read '%s'", out->errnum ? output : answer);
	}
	return 0;
}
