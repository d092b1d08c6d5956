/* Run-time error: a debug line divides by n, and secret/03-empty has n = 0
 * (integer division by zero: SIGFPE). */
#include <stdio.h>

int main(void)
{
	int n;
	long long x, sum = 0;

	if (scanf("%d", &n) != 1)
		return 1;
	for (int i = 0; i < n && scanf("%lld", &x) == 1; i++)
		sum += x;
	fprintf(stderr, "mean: %lld\n", sum / n);
	printf("%lld\n", sum);
	return 0;
}
