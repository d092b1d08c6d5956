/* clock.h - the monotonic clock, for deadlines and durations. */
#ifndef ARBITER_BASE_CLOCK_H
#define ARBITER_BASE_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Inline and one system call: also safe between clone and execve. */
static inline uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static inline uint64_t mono_ms(void)
{
	return mono_ns() / 1000000;
}

#endif
