// Accepted in C++.
#include <iostream>

int main()
{
	std::ios::sync_with_stdio(false);
	int n;
	long long x, sum = 0;
	std::cin >> n;
	for (int i = 0; i < n && std::cin >> x; i++)
		sum += x;
	std::cout << sum << '\n';
}
