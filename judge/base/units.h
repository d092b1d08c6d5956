/* units.h - parsing of sizes ("64M") and durations ("1.5") from users. */
#ifndef ARBITER_BASE_UNITS_H
#define ARBITER_BASE_UNITS_H

#include <stdint.h>

#include "base/err.h"

/* Parse a size: a decimal number with an optional K, M or G suffix (powers of
 * 1024, case-insensitive, an optional trailing "B"/"iB" accepted: "64MiB").
 * A bare number is bytes.  Rejects negatives, junk and overflow. */
int units_parse_size(const char *s, uint64_t *bytes, struct arb_err *err);

/* Parse seconds, possibly fractional ("1", "0.25", "2.5s"), into
 * microseconds.  Rejects negatives, junk and values over 10^6 seconds. */
int units_parse_seconds(const char *s, uint64_t *usec, struct arb_err *err);

/* Parse a non-negative decimal integer no larger than MAX. */
int units_parse_uint(const char *s, uint64_t max, uint64_t *out,
		     struct arb_err *err);

#endif
