/* Accepted in C: fgets one line, split it in place, print back to front. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	static char line[1002 + 1];
	char *words[501];

	while (fgets(line, sizeof line, stdin)) {
		int n = 0;
		for (char *w = strtok(line, " \n"); w; w = strtok(NULL, " \n"))
			words[n++] = w;
		for (int i = n - 1; i >= 0; i--)
			printf("%s%c", words[i], i ? ' ' : '\n');
		if (n == 0)
			putchar('\n');
	}
	return 0;
}
