/* has_include_shadow - asks the preprocessor whether host files exist.
 * Attack: a compiler that runs outside the sandbox (DMOJ, QingdaoU) reads
 * host files for the submission: #include "/etc/shadow" pastes the file
 * into the compiler's error messages, which the judge shows.
 * Holds when: the compiler runs in the box, where these paths do not
 * exist: the program compiles and prints ok (if any existed, #error
 * makes it a CE - a mismatch).
 * Twin: accepted/has_include_ok.c. */
#if __has_include("/etc/shadow") || __has_include("/etc/passwd") || \
	__has_include("/root/.bash_history") || __has_include("/proc/1/environ") || \
	__has_include("/etc/hostname")
#error HOLE: host files visible to the compiler
#endif
#include <stdio.h>

int main(void)
{
	puts("ok");
	return 0;
}
