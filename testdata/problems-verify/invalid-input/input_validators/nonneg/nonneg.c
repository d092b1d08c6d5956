/* Both numbers non-negative (exit 42), else exit 43 with a reason on
 * stderr. */
#include <stdio.h>

int main(void)
{
	long a, b;

	if (scanf("%ld %ld", &a, &b) != 2) {
		fprintf(stderr, "nonneg: not two numbers\n");
		return 43;
	}
	if (a < 0 || b < 0) {
		fprintf(stderr, "nonneg: negative number\n");
		return 43;
	}
	return 42;
}
