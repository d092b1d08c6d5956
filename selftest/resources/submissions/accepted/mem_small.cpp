// mem_small - twin of mem_bomb: 32 MiB in vectors, under the 64 MiB limit.
// Must pass.
#include <cstdio>
#include <vector>

int main()
{
	std::vector<std::vector<char>> v;
	unsigned long sum = 0;

	for (int i = 0; i < 32; i++)
		v.emplace_back(1 << 20, 'x');
	for (auto &b : v)
		sum += (unsigned char)b[b.size() - 1];
	std::puts(sum == 32UL * 'x' ? "ok" : "FAIL:32MiB-not-usable");
}
