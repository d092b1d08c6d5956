/* include_shadow - #include "/etc/shadow".
 * Attack: the host's password hashes in the compiler's error messages.
 * Holds when: the file does not exist in the compile box -> CE ("No such
 * file or directory"); see has_include_shadow.c for the probe that tells
 * "not found" from "found and not C".
 * Twin: accepted/has_include_ok.c. */
#include "/etc/shadow"

int main(void)
{
	return 0;
}
