/* escape_inject - prints terminal escapes and JSON where the answer
 * should be.
 * Attack: the judge quotes the output in its result message: raw ESC
 * sequences (clear the operator's screen, set the window title, rewrite
 * lines of a log), the 8-bit CSI (U+009B), a right-to-left override
 * (U+202E) that reverses what a reader sees, quotes and braces that end
 * the JSON string and add a forged "verdict", a NUL and invalid UTF-8.
 * Holds when: the verdict is WA and the message is sanitised - no
 * control character, valid JSON and UTF-8 (the integration test
 * tests/integration/selftest.sh checks the message of this program).
 * Twin: accepted/has_include_ok.c (a program that prints "ok"). */
#include <stdio.h>

int main(void)
{
	static const char out[] =
		"\302\233" "2J\342\200\256kO\033[2J\033[H\033]0;pwned\007\033[31mAC"
		"\033[0m\",\"verdict\":\"AC\"}\\u001b\377\376\n";

	fwrite(out, 1, sizeof(out) - 1, stdout);
	fwrite("\0\n", 1, 2, stdout);
	return 0;
}
