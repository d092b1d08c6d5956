/* Wrong answer: 0-based indices (sample 1 prints "0 3"). */
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
				printf("%d %d\n", i, j);
				return 0;
			}
	return 0;
}
