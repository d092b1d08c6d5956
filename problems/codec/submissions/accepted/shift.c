/* Encode: each letter one further in the alphabet (z wraps to a);
 * decode: one back. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	char kind[16], word[128];

	if (scanf("%15s %127s", kind, word) != 2)
		return 1;
	for (char *p = word; *p; p++)
		*p = (char)(strcmp(kind, "encode") == 0 ? (*p - 'a' + 1) % 26 + 'a'
						       : (*p - 'a' + 25) % 26 + 'a');
	printf("%s\n", word);
	return 0;
}
