/* shm_big - a 256 MiB SysV shared memory segment, touched.
 * Attack: shared memory belongs to no process, so a per-process limit
 * misses it; and a segment can outlive its creator.
 * Holds when: its pages are charged to the box's cgroup -> MLE.  (That it
 * does not outlive the box: state/sysv_shm.c.)
 * Twin: accepted/shm_small.c. */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define SIZE (256UL << 20)

int main(void)
{
	int id = shmget(IPC_PRIVATE, SIZE, IPC_CREAT | 0600);
	char *p;

	if (id < 0) {
		puts("FAIL:shmget");
		return 0;
	}
	p = shmat(id, NULL, 0);
	if (p == (void *)-1) {
		puts("FAIL:shmat");
		return 0;
	}
	memset(p, 1, SIZE);
	puts("HOLE:256MiB-of-shm-touched");
	return 0;
}
