/* util.c - compiled and linked together with main.c. */
#include "util.h"

long long min_ll(long long a, long long b)
{
	return a < b ? a : b;
}

long long max_ll(long long a, long long b)
{
	return a > b ? a : b;
}
