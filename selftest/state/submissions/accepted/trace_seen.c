/* trace_seen - twin of the state probes: a file, a SysV segment and a
 * POSIX shm object left earlier in the same run are found by the same
 * checks.  Must pass. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void)
{
	int ok = open("/tmp/mine", O_WRONLY | O_CREAT, 0600) >= 0 &&
		 access("/tmp/mine", F_OK) == 0 &&
		 shmget(0x5e1f7e57, 4096, IPC_CREAT | 0600) >= 0 &&
		 shmget(0x5e1f7e57, 0, 0) >= 0 &&
		 shm_open("/mine", O_RDWR | O_CREAT, 0600) >= 0 &&
		 shm_open("/mine", O_RDWR, 0) >= 0;

	puts(ok ? "ok" : "FAIL:trace-not-seen");
	return 0;
}
