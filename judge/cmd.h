/* cmd.h - subcommands of the arbiter binary (one cmd_*.c each). */
#ifndef ARBITER_CMD_H
#define ARBITER_CMD_H

struct command {
	const char *name;
	int (*fn)(int argc, char **argv); /* argv[0] is the command name */
	const char *help;
};

/* Exit codes shared by the commands (CONTRACT). */
enum { CMD_EXIT_OK = 0, CMD_EXIT_JE = 1, CMD_EXIT_USAGE = 2 };

int cmd_exec(int argc, char **argv);
int cmd_languages(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_selftest(int argc, char **argv);
int cmd_worker(int argc, char **argv);
int cmd_submit(int argc, char **argv);
int cmd_problem(int argc, char **argv);
int cmd_doctor(int argc, char **argv);

#endif
