/* util.h - the helpers main.c needs (multi-file submission). */
#ifndef UTIL_H
#define UTIL_H

long long min_ll(long long a, long long b);
long long max_ll(long long a, long long b);

#endif
