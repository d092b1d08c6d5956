/* Accepted: tries every pair; prints the first in i-then-j order. */
#include <stdio.h>

int main(void)
{
	static long long a[1000];
	long long x;
	int n;

	if (scanf("%d %lld", &n, &x) != 2)
		return 1;
	for (int i = 0; i < n; i++)
		scanf("%lld", &a[i]);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (a[i] + a[j] == x) {
				printf("%d %d\n", i + 1, j + 1);
				return 0;
			}
	return 0;
}
