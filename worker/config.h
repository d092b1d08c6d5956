/* config.h - the worker's settings, declared once as a table (config.c).
 *
 * Each setting has a name (the YAML key and, with dashes, the --flag), an
 * ARBITER_* environment variable, a type, a default and a unit in its name
 * (claim_idle_ms, result_ttl_s).  Sources, later wins: defaults < the YAML
 * file (--config FILE or $ARBITER_CONFIG) < environment < command line.
 * Parsing is strict: an unknown key or flag, a wrong type or a number out
 * of range is an ARB_E_REQUEST error naming the source ("arbiter.yaml:
 * slots: 0 is out of range [1, 256]", "--slots: ...", "ARBITER_SLOTS: ...").
 * --help text and the README table are generated from the same table.
 */
#ifndef ARBITER_WORKER_CONFIG_H
#define ARBITER_WORKER_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"

enum config_log_format { CONFIG_LOG_AUTO, CONFIG_LOG_HUMAN, CONFIG_LOG_JSON };

struct worker_config {
	char *redis;            /* URL; default: redis_url_default() */
	char *prefix;           /* key prefix, default "arbiter:" */
	char *problems;         /* --problems DIR, or NULL (Redis only) */
	unsigned slots;         /* default: number of online CPUs */
	char *name;             /* worker name in consumer names and results;
				 * default "<hostname>-<pid>" */
	unsigned box_base;      /* slot i uses box id box_base + i; default 0 */
	char *cgroup;           /* auto | v1 | v2 | none; default auto */
	uint64_t block_ms;      /* XREADGROUP BLOCK; default 2000 */
	uint64_t claim_idle_ms; /* reclaim others' entries idle this long; 60000 */
	uint64_t heartbeat_ms;  /* renew our claims this often; 10000 */
	unsigned max_deliveries; /* then answer JE (dead letter); default 3 */
	uint64_t result_ttl_s;  /* arbiter:result:<id> TTL; default 604800 */
	uint64_t max_message_kib; /* default 98304 (96 MiB) */
	char *cache;            /* unpacked problems from Redis; default
				 * /var/cache/arbiter, else $TMPDIR/arbiter-cache */
	enum config_log_format log_format; /* auto | human | json */
	bool progress;          /* PUBLISH arbiter:progress:<id> as tests
				 * finish; default true */
	char *health_file;      /* rewritten every few seconds while every
				 * slot runs (liveness probes); NULL: none */
	char *metrics;          /* HOST:PORT or :PORT of /metrics and
				 * /healthz (metrics.h); NULL: not served */
	bool check_only;        /* --check-config: validate, print, exit */
	char *config_file;      /* the file read, or NULL */
};

/* Fill CFG from all sources; ARGV as given to `arbiter worker` (argv[0] is
 * "worker").  Returns 0; 1 when --help was printed to OUT; -1 with ERR. */
int config_load(int argc, char **argv, FILE *out, struct worker_config *cfg,
		struct arb_err *err);
void config_free(struct worker_config *cfg);

/* Print the effective settings, one "name = value" per line (the password
 * in a redis URL masked) - for --check-config and the start-up log. */
void config_print(const struct worker_config *cfg, FILE *out);

/* Markdown table of every setting (flag, env, default, meaning) for the
 * README; `arbiter worker --help-config` prints it. */
void config_print_table(FILE *out);

#endif
