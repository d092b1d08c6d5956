/* cmd_exec.c - `arbiter exec`: placeholder until the sandbox lands. */
#include <stdio.h>

#include "cmd.h"

int cmd_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "arbiter exec: not built yet\n");
	return CMD_EXIT_JE;
}
