/* Accepted: a directory submission, main.c + util.c + util.h (the judge
 * compiles every .c file and links them into one program). */
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
