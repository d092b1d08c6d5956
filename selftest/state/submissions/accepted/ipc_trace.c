/* ipc_trace - leaves SysV shared memory, a semaphore set, a message
 * queue, a POSIX shm object and a POSIX message queue, all under fixed
 * names, and fails if any is there already.
 * Attack: IPC objects outlive their creator: without a private IPC
 * namespace per run they carry state to the next test or submission,
 * and pile up in the host's memory.
 * Holds when: every run has a fresh IPC namespace (and /dev/shm) -> ok on
 * every test.
 * Twin: accepted/trace_seen.c. */
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#define KEY 0x5e1f7e57

int main(void)
{
	int shm, fd;
	char *p;

	if (shmget(KEY, 0, 0) >= 0 || semget(KEY, 0, 0) >= 0 ||
	    msgget(KEY, 0) >= 0 || shm_open("/arbiter-trace", O_RDONLY, 0) >= 0 ||
	    mq_open("/arbiter-trace", O_RDONLY) != (mqd_t)-1) {
		puts("HOLE:ipc-object-left-by-an-earlier-run");
		return 0;
	}
	shm = shmget(KEY, 1 << 20, IPC_CREAT | 0666);
	if (shm >= 0 && (p = shmat(shm, NULL, 0)) != (void *)-1)
		memset(p, 1, 1 << 20); /* and 1 MiB of it in use */
	semget(KEY, 1, IPC_CREAT | 0666);
	msgget(KEY, IPC_CREAT | 0666);
	if ((fd = shm_open("/arbiter-trace", O_RDWR | O_CREAT, 0666)) >= 0)
		ftruncate(fd, 4096);
	mq_open("/arbiter-trace", O_RDWR | O_CREAT, 0666, NULL);
	puts("ok");
	return 0;
}
