/* exec_twin - twin of setuid_exec: an ordinary program of the host runs
 * from the box and answers (id -u prints the box user).  Must pass. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	char buf[32] = "";
	FILE *p = popen("/usr/bin/id -u", "r");

	if (!p || !fgets(buf, sizeof(buf), p)) {
		puts("FAIL:exec");
		return 0;
	}
	pclose(p);
	puts(atoi(buf) == (int)getuid() ? "ok" : "FAIL:id");
	return 0;
}
