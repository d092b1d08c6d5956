/* doctor_internal.h - what doctor.c and doctor_probe.c share. */
#ifndef ARBITER_DOCTOR_INTERNAL_H
#define ARBITER_DOCTOR_INTERNAL_H

#include "doctor.h"

/* Fill C: NAME (static), status and the detail from FMT. */
void doctor_set(struct doctor_check *c, const char *name,
		enum doctor_status st, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Append to C's detail (cut at its size). */
void doctor_add(struct doctor_check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "ENOSYS", "EPERM"... for the errors probes meet; strerror otherwise. */
const char *doctor_errname(int e);

#endif
