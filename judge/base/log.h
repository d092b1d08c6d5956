/* log.h - one line per event, for people on a terminal and for machines
 * everywhere else.
 *
 * Human:  2026-12-02T14:00:00Z info  slot=1 id=s-42 judged verdict=AC time_ms=31
 * JSON:   {"ts":"2026-12-02T14:00:00Z","level":"info","slot":1,"id":"s-42",
 *          "event":"judged","verdict":"AC","time_ms":31}
 * A line is written with one write(2), so lines of concurrent processes
 * sharing stderr never interleave.  Field values are sanitised (no newline
 * or control character can forge a line).
 */
#ifndef ARBITER_BASE_LOG_H
#define ARBITER_BASE_LOG_H

#include <stdbool.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* JSON when true; the default is JSON unless stderr is a terminal.  Set
 * once at start (it is process-wide, like stderr itself). */
void log_set_json(bool json);
bool log_is_json(void);
/* Fields added to every line of this process ("slot", "worker"). */
void log_set_context(const char *key, const char *value);

/* EVENT is a short word ("judged", "redis-lost"); then key/value string
 * pairs, NULL-terminated: log_event(LOG_INFO, "judged", "id", id, NULL).
 * A value that is a decimal integer is written as a JSON number. */
void log_event(enum log_level level, const char *event, ...)
	__attribute__((sentinel));

#endif
