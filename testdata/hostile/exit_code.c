/* exit_code CODE - exits with CODE (default 3).
 * Expected in the box: RTE with exit_code CODE (OK when CODE is 0). */
#include <stdlib.h>

int main(int argc, char **argv)
{
	return argc > 1 ? atoi(argv[1]) : 3;
}
