/* Compile error: util.c is missing, so linking fails with an undefined
 * reference to min_ll and max_ll (a CE from the linker, not the compiler). */
#include <stdio.h>

#include "util.h"

int main(void)
{
	int n;
	long long x, lo, hi;

	if (scanf("%d %lld", &n, &x) != 2)
		return 1;
	lo = hi = x;
	for (int i = 1; i < n && scanf("%lld", &x) == 1; i++) {
		lo = min_ll(lo, x);
		hi = max_ll(hi, x);
	}
	printf("%lld %lld\n", lo, hi);
	return 0;
}
