/* write_inside - twin of write_outside: the same calls on /tmp and
 * /dev/shm, which are the box's own, must work.  Must pass. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	int ok = open("/tmp/f", O_WRONLY | O_CREAT, 0644) >= 0 &&
		 mkdir("/tmp/d", 0755) == 0 && chmod("/tmp/f", 0600) == 0 &&
		 rename("/tmp/f", "/tmp/d/g") == 0 && unlink("/tmp/d/g") == 0 &&
		 open("/dev/shm/f", O_WRONLY | O_CREAT, 0644) >= 0;

	puts(ok ? "ok" : "FAIL:tmp-not-writable");
	return 0;
}
