/* keyctl - keyctl(KEYCTL_GET_KEYRING_ID, user keyring).
 * Attack: kernel keyrings are per user, not per namespace: a key left by
 * one run is there for the next run of the same slot (cross-submission
 * state), and keyrings have had their own CVEs.
 * Holds when: the default policy kills the box -> RTE.
 * Twin: accepted/forbidden_twin.c. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	printf("HOLE:keyctl-returned-%ld\n",
	       syscall(SYS_keyctl, 0 /* GET_KEYRING_ID */, -4 /* USER */, 1));
	return 0;
}
