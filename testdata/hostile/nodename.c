/* nodename - prints uname(2)'s nodename.
 * Attacks: a box in the host's UTS namespace learns (and, with privilege,
 * could change) the judge's hostname.
 * Expected in the box: OK, and a nodename different from the host's. */
#include <stdio.h>
#include <sys/utsname.h>

int main(void)
{
	struct utsname u;

	if (uname(&u) != 0)
		return 2;
	puts(u.nodename);
	return 0;
}
