/* shm_small - twin of shm_big: a 16 MiB SysV segment, touched, detached
 * and removed.  Must pass. */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define SIZE (16UL << 20)

int main(void)
{
	int id = shmget(IPC_PRIVATE, SIZE, IPC_CREAT | 0600);
	char *p = id < 0 ? (void *)-1 : shmat(id, NULL, 0);

	if (p == (void *)-1) {
		puts("FAIL:shm");
		return 0;
	}
	memset(p, 1, SIZE);
	puts(p[SIZE - 1] == 1 && shmdt(p) == 0 && shmctl(id, IPC_RMID, NULL) == 0
		     ? "ok" : "FAIL:shm");
	return 0;
}
