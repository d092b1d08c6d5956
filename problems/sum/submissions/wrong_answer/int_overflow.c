/* Wrong answer: a 32-bit int sum wraps around as soon as the total leaves
 * the int range (secret/02-negative: -3000000007; secret/big: ~10^12). */
#include <stdio.h>

int main(void)
{
	int n, x, sum = 0;

	if (scanf("%d", &n) != 1)
		return 1;
	for (int i = 0; i < n && scanf("%d", &x) == 1; i++)
		sum += x;
	printf("%d\n", sum);
	return 0;
}
