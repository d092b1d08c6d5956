/* Partially accepted (65 of 100): a 32-bit sum.  Subtask 1 (30) passes;
 * in subtask 2 the medium test (35) fits in 32 bits and the large one
 * overflows (WA).  Verdict WA, score 65. */
#include <stdio.h>

int main(void)
{
	int n, x;
	unsigned sum = 0; /* wraps like a 32-bit int, without the UB */

	if (scanf("%d", &n) != 1)
		return 1;
	for (int i = 0; i < n && scanf("%d", &x) == 1; i++)
		sum += (unsigned)x;
	printf("%d\n", (int)sum);
	return 0;
}
