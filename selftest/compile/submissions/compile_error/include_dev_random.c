/* include_dev_random - #include "/dev/random": a file that never ends.
 * Attack: the preprocessor reads it forever, growing its buffer: the
 * compile step hangs or eats the host's memory.
 * Holds when: the compile step's CPU and memory limits end it -> CE.
 * Twin: accepted/include_stdin.c (a device that ends is read and
 * compiled). */
#include "/dev/random"

int main(void)
{
	return 0;
}
