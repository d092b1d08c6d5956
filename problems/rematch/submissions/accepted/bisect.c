/* Bisects the range it is given: 20 guesses cover [1, 1000000] in the
 * first game, 10 cover the 1001 numbers of the second. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	long lo, hi, k;
	char reply[16];

	if (scanf("%ld %ld %ld", &lo, &hi, &k) != 3)
		return 1;
	while (lo <= hi) {
		long mid = lo + (hi - lo) / 2;

		printf("%ld\n", mid);
		fflush(stdout);
		if (scanf("%15s", reply) != 1 || strcmp(reply, "correct") == 0)
			break;
		if (strcmp(reply, "higher") == 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}
