/* units.c - size and duration parsing; see units.h. */
#include "base/units.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int units_parse_uint(const char *s, uint64_t max, uint64_t *out,
		     struct arb_err *err)
{
	char *end;
	unsigned long long v;

	if (!s || !isdigit((unsigned char)s[0]))
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s': not a number",
				s ? s : "");
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s': not a number", s);
	if (v > max)
		return arb_fail(err, ARB_E_REQUEST, 0,
				"'%s': out of range (at most %llu)", s,
				(unsigned long long)max);
	*out = v;
	return 0;
}

int units_parse_size(const char *s, uint64_t *bytes, struct arb_err *err)
{
	char *end;
	unsigned long long v;
	uint64_t mult = 1;

	if (!s || !isdigit((unsigned char)s[0]))
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s': not a size",
				s ? s : "");
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s': size too large", s);
	switch (toupper((unsigned char)*end)) {
	case 'K':
		mult = 1ULL << 10;
		end++;
		break;
	case 'M':
		mult = 1ULL << 20;
		end++;
		break;
	case 'G':
		mult = 1ULL << 30;
		end++;
		break;
	default:
		break;
	}
	if (mult > 1 && (strcasecmp(end, "ib") == 0 || strcasecmp(end, "b") == 0))
		end += strlen(end);
	else if (mult == 1 && strcasecmp(end, "b") == 0)
		end++;
	if (*end)
		return arb_fail(err, ARB_E_REQUEST, 0,
				"'%s': not a size (use a number with K, M or G)", s);
	if (v > UINT64_MAX / mult)
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s': size too large", s);
	*bytes = (uint64_t)v * mult;
	return 0;
}

int units_parse_seconds(const char *s, uint64_t *usec, struct arb_err *err)
{
	uint64_t whole = 0, frac = 0, scale = 1000000;
	const char *p = s;

	if (!s || !(isdigit((unsigned char)*p) || *p == '.'))
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s': not a duration",
				s ? s : "");
	/* Parsed by hand, not with strtod, so "0.1" is exactly 100000 us. */
	while (isdigit((unsigned char)*p)) {
		whole = whole * 10 + (uint64_t)(*p++ - '0');
		if (whole > 1000000)
			return arb_fail(err, ARB_E_REQUEST, 0,
					"'%s': duration too long", s);
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			scale /= 10;
			frac += (uint64_t)(*p++ - '0') * scale;
		}
	}
	if (*p == 's')
		p++;
	if (*p || (p > s && p[-1] == '.' && p - 1 == s))
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s': not a duration", s);
	*usec = whole * 1000000 + frac;
	return 0;
}
