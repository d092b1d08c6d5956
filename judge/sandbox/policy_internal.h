/* policy_internal.h - shared by policy.c (parsing) and policy_load.c.
 *
 * Only those two files and the tests include it.
 */
#ifndef ARBITER_SANDBOX_POLICY_INTERNAL_H
#define ARBITER_SANDBOX_POLICY_INTERNAL_H

#include <stdbool.h>

#include "sandbox/sandbox.h"

/* Largest policy file read or parsed. */
#define POLICY_MAX_BYTES (1 << 20)
/* Longest policy name: it is also a file name. */
#define POLICY_NAME_MAX 64

/* NAME matches [a-z0-9][a-z0-9_-]{0,63}. */
bool policy_name_valid(const char *name);

static inline void cleanup_policyp(struct sbx_policy **p)
{
	sbx_policy_free(*p);
}
#define _cleanup_policy_ __attribute__((cleanup(cleanup_policyp)))

#endif
