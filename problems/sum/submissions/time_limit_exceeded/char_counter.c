/* Time limit exceeded: an unsigned char counter wraps at 256, so on the
 * first test with n >= 256 (secret/big/01) the loop never ends. */
#include <stdio.h>

int main(void)
{
	int n;
	long long x, sum = 0;

	if (scanf("%d", &n) != 1)
		return 1;
	for (unsigned char i = 0; i < n; i++)
		if (scanf("%lld", &x) == 1)
			sum += x;
	printf("%lld\n", sum);
	return 0;
}
