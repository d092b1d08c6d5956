/* report.h - a judgement as the CONTRACT's result JSON (jansson). */
#ifndef ARBITER_REPORT_H
#define ARBITER_REPORT_H

#include <jansson.h>

#include "judge.h"

struct report_meta {
	const char *id;        /* may be NULL: "" */
	const char *problem;
	const char *worker;    /* "host/slot"; may be NULL: "" */
	time_t judged_at;
	json_t *meta;          /* echoed untouched when not NULL (borrowed) */
};

/* New reference to the result object; NULL only when out of memory. */
json_t *report_json(const struct judgement *j, const struct report_meta *m);

#endif
