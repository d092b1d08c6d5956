// mem_bomb - grows a std::vector until memory runs out.
// Attack: exhaust the host's memory.
// Holds when: the cgroup's OOM killer ends it -> MLE (not a bad_alloc
// RTE: overcommit lets the allocation succeed, touching it fails).
// Twin: accepted/mem_small.cpp.
#include <vector>

int main()
{
	std::vector<std::vector<char>> v;

	for (;;)
		v.emplace_back(1 << 20, 'x');
}
