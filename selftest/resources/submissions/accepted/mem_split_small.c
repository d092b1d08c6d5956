/* mem_split_small - twin of mem_split: four children touch 8 MiB each
 * (32 MiB in all, under the 64 MiB limit) and exit.  Must pass. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define EACH (8 << 20)

int main(void)
{
	int ok = 0, st;

	for (int i = 0; i < 4; i++)
		if (fork() == 0) {
			volatile char *p = malloc(EACH);
			long sum = 0;

			if (!p)
				_exit(1);
			for (long j = 0; j < EACH; j += 4096)
				p[j] = 1;
			for (long j = 0; j < EACH; j += 4096)
				sum += p[j];
			_exit(sum == EACH / 4096 ? 0 : 1);
		}
	while (wait(&st) > 0)
		ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	puts(ok == 4 ? "ok" : "FAIL:children-could-not-use-8MiB-each");
	return 0;
}
