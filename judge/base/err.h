/* err.h - caller-owned, fixed-size error records.
 *
 * Every fallible library function takes `struct arb_err *err` as its last
 * argument, returns -1 on failure and fills it.  The record lives on the
 * caller's stack and needs no allocation, so it is also safe to fill between
 * fork and exec.  The kind maps one-to-one to the outcome a caller reports:
 * INTERNAL/PACKAGE/REQUEST are judge errors (JE), SUBMISSION is the
 * submitter's fault (CE).
 */
#ifndef ARBITER_BASE_ERR_H
#define ARBITER_BASE_ERR_H

enum arb_errkind {
	ARB_E_NONE = 0,
	ARB_E_INTERNAL,   /* sandbox or host fault */
	ARB_E_PACKAGE,    /* broken problem package or policy file */
	ARB_E_REQUEST,    /* bad request: options, message, unknown language */
	ARB_E_SUBMISSION, /* the submission itself is unusable (bad archive) */
};

#define ARB_ERR_MSG_LEN 512

struct arb_err {
	enum arb_errkind kind;
	int errnum; /* errno of the failing call, 0 if none */
	char msg[ARB_ERR_MSG_LEN];
};

/* Fill ERR (message from FMT; ": strerror(ERRNUM)" is appended when ERRNUM is
 * non-zero) and return -1, so a failure is one line: return arb_fail(...). */
int arb_fail(struct arb_err *err, enum arb_errkind kind, int errnum,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Prepend context: "CONTEXT: old message".  Returns -1 for chaining. */
int arb_err_prefix(struct arb_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void arb_err_clear(struct arb_err *err);

const char *arb_errkind_name(enum arb_errkind kind);

#endif
