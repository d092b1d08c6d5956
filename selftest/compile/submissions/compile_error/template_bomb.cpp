// template_bomb - 2^28 distinct template instantiations.
// Attack: a few lines of C++ that the compiler instantiates without end:
// the compile step hangs or eats the host's memory.
// Holds when: the compile step's CPU and memory limits end it -> CE.
// Twin: accepted/template_ok.cpp.
template <int N, long M> struct F {
	static constexpr long v = F<N - 1, 2 * M>::v + F<N - 1, 2 * M + 1>::v;
};
template <long M> struct F<0, M> {
	static constexpr long v = 1;
};

int main()
{
	return F<28, 0>::v == 0;
}
