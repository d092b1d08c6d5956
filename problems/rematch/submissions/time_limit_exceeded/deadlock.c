/* Waits for a second line before its first guess, while the interactor
 * waits for that guess: both sides read, and the wall clock ends it. */
#include <stdio.h>

int main(void)
{
	long lo, hi, k, more;

	if (scanf("%ld %ld %ld %ld", &lo, &hi, &k, &more) != 4)
		return 1;
	printf("%ld\n", lo);
	return 0;
}
