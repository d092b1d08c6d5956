/* output_flood [BYTES] - writes BYTES bytes of 'x' to stdout (default:
 * forever), then exits 0.
 * Attacks: a judge that stores unbounded output (disk full on the host).
 * Expected in the box, forever, under an fsize limit: OLE, and the stdout
 * file is no larger than the limit.  With a small BYTES (the benign twin):
 * OK and exactly BYTES bytes.  Exit 3 when a write fails (the kernel says
 * EFBIG if SIGXFSZ is ignored). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char buf[65536];
	long long left = argc > 1 ? atoll(argv[1]) : -1;

	memset(buf, 'x', sizeof(buf));
	while (left != 0) {
		size_t n = sizeof(buf);
		ssize_t w;

		if (left > 0 && (long long)n > left)
			n = (size_t)left;
		w = write(1, buf, n);
		if (w <= 0)
			return 3;
		if (left > 0)
			left -= w;
	}
	return 0;
}
