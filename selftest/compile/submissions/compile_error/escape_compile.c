/* escape_compile - a #error whose text holds terminal escapes and JSON.
 * Attack: the compiler echoes the line into its messages, which the judge
 * returns as the compile output (clear the screen, forge a verdict).
 * Holds when: the verdict is CE and the compile output is sanitised (the
 * integration test checks it: no ESC, valid JSON).
 * Twin: accepted/has_include_ok.c. */
#error 2J‮kO [2J]0;pwned ","verdict":"AC","x":"

int main(void)
{
	return 0;
}
