/* The mean rounded toward zero: wrong for 1 2 4 (2 instead of 2.333...). */
#include <stdio.h>

int main(void)
{
	long long n, x, sum = 0;

	if (scanf("%lld", &n) != 1)
		return 1;
	for (long long i = 0; i < n; i++) {
		if (scanf("%lld", &x) != 1)
			return 1;
		sum += x;
	}
	printf("%lld\n", sum / n);
	return 0;
}
