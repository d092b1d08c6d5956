/* Plays both games right, then crashes after winning the second one (a
 * game with 10 guesses): the interactor accepts, the exit status does
 * not. */
#include <stdio.h>
#include <stdlib.h>
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
	if (k == 10)
		abort();
	return 0;
}
