/* cgroup_parse.c - pure parsers for the cgroup text formats.
 *
 * No I/O and no allocation: the back ends read a file and hand its text
 * here, the tests hand fixtures from testdata/cgroup/.  Parsing is strict,
 * because the text comes from the kernel: anything unexpected means we are
 * reading the wrong file (or a kernel we do not understand), and a wrong
 * number would turn into a wrong verdict.  Messages say what was wrong and
 * where; the caller prefixes the file name.
 */
#include "sandbox/cgroup_internal.h"

#include <stdint.h>
#include <string.h>

/* Length of the line starting at P (without its '\n'). */
static size_t line_len(const char *p)
{
	const char *nl = strchr(p, '\n');

	return nl ? (size_t)(nl - p) : strlen(p);
}

/* Parse the decimal digits P[0..LEN) into *OUT; -1 on junk or overflow. */
static int digits_u64(const char *p, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned d;

		if (p[i] < '0' || p[i] > '9')
			return -1;
		d = (unsigned)(p[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* Whether the comma-separated LIST[0..LEN) holds NAME. */
static bool list_has(const char *list, size_t len, const char *name)
{
	size_t n = strlen(name);
	const char *end = list + len;

	while (list < end) {
		const char *comma = memchr(list, ',', (size_t)(end - list));
		size_t item = comma ? (size_t)(comma - list)
				    : (size_t)(end - list);

		if (item == n && memcmp(list, name, n) == 0)
			return true;
		if (!comma)
			break;
		list = comma + 1;
	}
	return false;
}

/* Lines look like "4:memory:/process_api/abc", "2:cpu,cpuacct:/" or, for
 * the unified hierarchy, "0::/user.slice".  The path may itself contain ':'
 * (cgroup names may), so only the first two colons split. */
int cg_parse_proc_cgroup(const char *text, const char *controller,
			 struct cg_proc_line *out, struct arb_err *err)
{
	const char *p = text;
	int found = 0;
	unsigned lineno = 0;

	if (!text || !*text)
		return arb_fail(err, ARB_E_INTERNAL, 0, "empty cgroup list");
	while (*p) {
		size_t len = line_len(p);
		const char *c1, *c2, *end = p + len;
		uint64_t id;
		size_t clen, plen;

		lineno++;
		c1 = memchr(p, ':', len);
		c2 = c1 ? memchr(c1 + 1, ':', (size_t)(end - c1 - 1)) : NULL;
		if (!c2)
			return arb_fail(err, ARB_E_INTERNAL, 0,
					"line %u: expected 'id:controllers:path'",
					lineno);
		if (digits_u64(p, (size_t)(c1 - p), &id) < 0)
			return arb_fail(err, ARB_E_INTERNAL, 0,
					"line %u: bad hierarchy id '%.*s'",
					lineno, (int)(c1 - p), p);
		clen = (size_t)(c2 - c1 - 1);
		plen = (size_t)(end - c2 - 1);
		/* Hierarchy 0 is cgroup2 and has no controller list; every
		 * v1 hierarchy has at least one controller or a name=. */
		if ((id == 0) != (clen == 0))
			return arb_fail(err, ARB_E_INTERNAL, 0,
					"line %u: hierarchy %llu with%s controllers",
					lineno, (unsigned long long)id,
					clen ? "" : "out");
		if (plen == 0 || c2[1] != '/')
			return arb_fail(err, ARB_E_INTERNAL, 0,
					"line %u: path is not absolute", lineno);
		if (clen >= sizeof(out->controllers) ||
		    plen >= sizeof(out->path))
			return arb_fail(err, ARB_E_INTERNAL, 0,
					"line %u: too long", lineno);
		if (!found && (*controller ? list_has(c1 + 1, clen, controller)
					   : clen == 0)) {
			memcpy(out->controllers, c1 + 1, clen);
			out->controllers[clen] = '\0';
			memcpy(out->path, c2 + 1, plen);
			out->path[plen] = '\0';
			found = 1;
		}
		p = *end ? end + 1 : end;
	}
	return found;
}

int cg_parse_keyed(const char *text, const char *key, uint64_t *out,
		   struct arb_err *err)
{
	size_t klen = strlen(key);
	const char *p = text;
	unsigned lineno = 0;
	int found = 0;

	while (*p) {
		size_t len = line_len(p);
		const char *sp = memchr(p, ' ', len);
		uint64_t v;

		lineno++;
		if (!sp || sp == p ||
		    digits_u64(sp + 1, (size_t)(p + len - sp - 1), &v) < 0)
			return arb_fail(err, ARB_E_INTERNAL, 0,
					"line %u: expected 'key value', got '%.*s'",
					lineno, (int)(len > 64 ? 64 : len), p);
		if (!found && (size_t)(sp - p) == klen &&
		    memcmp(p, key, klen) == 0) {
			*out = v;
			found = 1;
		}
		p += len;
		if (*p)
			p++;
	}
	if (!found)
		return arb_fail(err, ARB_E_INTERNAL, 0, "no '%s' key", key);
	return 0;
}

int cg_parse_u64(const char *text, uint64_t *out, struct arb_err *err)
{
	size_t len = strlen(text);

	if (len && text[len - 1] == '\n')
		len--;
	if (digits_u64(text, len, out) < 0)
		return arb_fail(err, ARB_E_INTERNAL, 0, "not a number: '%.*s'",
				(int)(len > 64 ? 64 : len), text);
	return 0;
}

int cg_parse_max(const char *text, uint64_t *out, struct arb_err *err)
{
	if (strcmp(text, "max") == 0 || strcmp(text, "max\n") == 0) {
		*out = UINT64_MAX;
		return 0;
	}
	return cg_parse_u64(text, out, err);
}

int cg_parse_next_pid(const char **cur, pid_t *pid, struct arb_err *err)
{
	const char *p = *cur;
	size_t len = line_len(p);
	uint64_t v;

	if (*p == '\0')
		return 0;
	/* pid_t is a signed int; pids above INT_MAX cannot exist. */
	if (digits_u64(p, len, &v) < 0 || v > INT32_MAX)
		return arb_fail(err, ARB_E_INTERNAL, 0, "bad pid '%.*s'",
				(int)(len > 32 ? 32 : len), p);
	*pid = (pid_t)v;
	*cur = p[len] ? p + len + 1 : p + len;
	return 1;
}

bool cg_parse_has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p = text;

	while (*p) {
		size_t w = strcspn(p, " \t\n");

		if (w == n && memcmp(p, word, n) == 0)
			return true;
		p += w;
		p += strspn(p, " \t\n");
	}
	return false;
}

bool cg_parse_is(const char *text, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(text, word, n) != 0)
		return false;
	return text[n + strspn(text + n, " \t\n")] == '\0';
}
