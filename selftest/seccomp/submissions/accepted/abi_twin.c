/* abi_twin - twin of x32 and int80: the same inline system call with the
 * native number and instruction works and agrees with getpid().  Must
 * pass. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(39L) : "rcx", "r11", "memory");
	puts(ret == getpid() ? "ok" : "FAIL:native-syscall");
	return 0;
}
