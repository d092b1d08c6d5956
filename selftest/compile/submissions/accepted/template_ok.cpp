// template_ok - twin of template_bomb: the same template to depth 8
// (256 instantiations) compiles.  Must pass.
#include <cstdio>

template <int N, long M> struct F {
	static constexpr long v = F<N - 1, 2 * M>::v + F<N - 1, 2 * M + 1>::v;
};
template <long M> struct F<0, M> {
	static constexpr long v = 1;
};

int main()
{
	std::puts(F<8, 0>::v == 256 ? "ok" : "FAIL:template");
}
