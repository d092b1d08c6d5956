/* err.c - error records; see err.h. */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int arb_fail(struct arb_err *err, enum arb_errkind kind, int errnum,
	     const char *fmt, ...)
{
	va_list ap;
	int n;

	err->kind = kind;
	err->errnum = errnum;
	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if (errnum && (size_t)n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - (size_t)n, ": %s",
			 strerror(errnum));
	return -1;
}

int arb_err_prefix(struct arb_err *err, const char *fmt, ...)
{
	char old[ARB_ERR_MSG_LEN];
	va_list ap;
	int n;

	memcpy(old, err->msg, sizeof(old));
	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - (size_t)n, ": %s", old);
	return -1;
}

void arb_err_clear(struct arb_err *err)
{
	err->kind = ARB_E_NONE;
	err->errnum = 0;
	err->msg[0] = '\0';
}

const char *arb_errkind_name(enum arb_errkind kind)
{
	switch (kind) {
	case ARB_E_NONE:
		return "none";
	case ARB_E_INTERNAL:
		return "internal";
	case ARB_E_PACKAGE:
		return "package";
	case ARB_E_REQUEST:
		return "request";
	case ARB_E_SUBMISSION:
		return "submission";
	}
	return "unknown";
}
