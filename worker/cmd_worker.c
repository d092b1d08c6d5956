/* cmd_worker.c - `arbiter worker`: settings (config.c), then worker_run().
 * Exit status: 0 after a clean stop (or --help, --check-config), 1 when the
 * worker could not start, 2 on a bad setting. */
#include <stdio.h>

#include "cmd.h"
#include "config.h"
#include "worker.h"

int cmd_worker(int argc, char **argv)
{
	struct worker_config cfg;
	struct arb_err err;
	int rc = config_load(argc, argv, stdout, &cfg, &err);

	if (rc < 0) {
		fprintf(stderr, "arbiter worker: %s\n", err.msg);
		return CMD_EXIT_USAGE;
	}
	if (rc == 1)
		return CMD_EXIT_OK;
	if (cfg.check_only) {
		config_print(&cfg, stdout);
		config_free(&cfg);
		return CMD_EXIT_OK;
	}
	rc = worker_run(&cfg, &err);
	if (rc < 0)
		fprintf(stderr, "arbiter worker: %s\n", err.msg);
	config_free(&cfg);
	return rc < 0 ? CMD_EXIT_JE : CMD_EXIT_OK;
}
