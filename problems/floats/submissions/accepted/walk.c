/* Accepted: ten decimals, far more than the 1e-6 tolerance needs. */
#include <math.h>
#include <stdio.h>

int main(void)
{
	int n;
	double x, y, px, py, total = 0;

	if (scanf("%d %lf %lf", &n, &px, &py) != 3)
		return 1;
	for (int i = 1; i < n && scanf("%lf %lf", &x, &y) == 2; i++) {
		total += hypot(x - px, y - py);
		px = x;
		py = y;
	}
	printf("%.10f\n", total);
	return 0;
}
