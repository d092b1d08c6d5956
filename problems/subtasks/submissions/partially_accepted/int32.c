/* Partially accepted (75 of 100): a 32-bit sum.  Subtasks 1 (30) and 2
 * (20) pass; in subtask 3 the test whose big numbers cancel out (25) ends
 * right, since the sum wraps modulo 2^32 and the true sum fits, and the
 * large one overflows (WA).  Verdict WA, score 75. */
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
