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
	char head[ARB_ERR_MSG_LEN];
	size_t hl, ol;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	/* "HEAD: OLD", truncated to the record's size. */
	hl = strlen(head);
	ol = strlen(err->msg);
	if (hl + 2 >= sizeof(err->msg))
		hl = sizeof(err->msg) - 3;
	if (hl + 2 + ol >= sizeof(err->msg))
		ol = sizeof(err->msg) - hl - 3;
	memmove(err->msg + hl + 2, err->msg, ol);
	err->msg[hl + 2 + ol] = '\0';
	memcpy(err->msg, head, hl);
	err->msg[hl] = ':';
	err->msg[hl + 1] = ' ';
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
