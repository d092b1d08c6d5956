/* seccomp.h - a policy's system-call rules and their BPF form (internal).
 *
 * policy.c parses `seccomp:` into a struct seccomp_rules; seccomp_compile()
 * turns it, plus the built-in rules no policy can drop, into a classic BPF
 * program in the PARENT (libseccomp); the sandbox child only sets
 * no_new_privs and calls seccomp_load_bpf() as its last step before execve.
 * Only the files of judge/sandbox/ and the tests include this header.
 */
#ifndef ARBITER_SANDBOX_SECCOMP_H
#define ARBITER_SANDBOX_SECCOMP_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "sandbox/sandbox.h"

enum seccomp_action {
	SECCOMP_RULE_ALLOW, /* only as a default */
	SECCOMP_RULE_KILL,  /* SIGSYS, the whole box dies */
	SECCOMP_RULE_ERRNO, /* the call fails with `errnum` */
};

struct seccomp_rule {
	int nr;          /* native syscall number; < 0: not on this arch */
	enum seccomp_action action; /* KILL or ERRNO */
	int errnum;      /* ERRNO only */
};

struct seccomp_rules {
	enum seccomp_action dflt; /* what happens to an unlisted call */
	int dflt_errno;           /* dflt == ERRNO: always EPERM */
	struct seccomp_rule *rules;
	size_t n_rules;
	size_t cap_rules;
};

/* Append a rule; -1 (ARB_E_INTERNAL) only when out of memory. */
int seccomp_rules_add(struct seccomp_rules *r, int nr,
		      enum seccomp_action action, int errnum,
		      struct arb_err *err);

void seccomp_rules_free(struct seccomp_rules *r);

/* Errno names a policy may use ("EPERM" <-> EPERM).  Return -1 / NULL when
 * the name or number is not in the table. */
int seccomp_errno_from_name(const char *name);
const char *seccomp_errno_name(int errnum);

/* Compile RULES plus the built-in rules (see seccomp.c) for the native
 * architecture into OUT (filter malloc'd, caller frees it).  Parent only.
 * NOTIFY: every kill rule becomes SECCOMP_RET_USER_NOTIF, for a supervisor
 * that kills the box itself and learns the call (foreign ABIs still kill
 * outright); the loader then must hand the listener over with sendmsg(),
 * so a policy that denies sendmsg, or denies by default, gets an empty OUT
 * (len 0: use the plain filter).  -1 with ARB_E_INTERNAL when libseccomp
 * fails. */
int seccomp_compile(const struct seccomp_rules *rules, bool notify,
		    struct sbx_bpf *out, struct arb_err *err);

/* Install BPF as this thread's seccomp filter.  Async-signal-safe: no
 * malloc, no stdio, one system call, so the sandbox child may call it
 * between clone and execve.  The caller must hold no_new_privs (or
 * CAP_SYS_ADMIN).  Returns 0 or -errno. */
int seccomp_load_bpf(const struct sbx_bpf *bpf);

/* The same, for a NOTIFY filter: returns the listener fd (O_CLOEXEC) from
 * which the filter's notifications are read, or -errno. */
int seccomp_load_bpf_listener(const struct sbx_bpf *bpf);

/* Name of native system call NR ("mount"), or NULL when unknown.  The
 * string is static; safe from any thread, but not in the child. */
const char *seccomp_syscall_name(int nr);

#endif
