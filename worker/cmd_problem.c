/* cmd_problem.c - `arbiter problem push [--redis URL] [--prefix P] DIR...`:
 * publish problem packages for workers that have no --problems folder (or
 * not this problem).  Each is checked (problem_load) before it is sent. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "pkgcache.h"
#include "rconn.h"
#include "stream.h"

static const char usage_text[] =
	"usage: arbiter problem push [--redis URL] [--prefix P] DIR...\n"
	"\n"
	"Check each problem package DIR and store it in Redis as\n"
	"<prefix>problem:<folder name>, for workers to fetch and cache.\n"
	"  --redis URL   default $ARBITER_REDIS or redis://127.0.0.1:6379\n"
	"  --prefix P    key prefix (default arbiter:)\n";

int cmd_problem(int argc, char **argv)
{
	static const struct option options[] = {
		{"redis", required_argument, NULL, 'r'},
		{"prefix", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *url_s = redis_url_default(), *prefix = "arbiter:";
	struct rconn_opts ro = {.command_timeout_ms = 30000};
	struct redis_url url;
	struct stream_keys keys;
	struct rconn *rc = NULL;
	struct arb_err err;
	int c, status = CMD_EXIT_OK;

	if (argc < 2 || strcmp(argv[1], "push") != 0) {
		if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
			fputs(usage_text, stdout);
			return CMD_EXIT_OK;
		}
		fputs(usage_text, stderr);
		return CMD_EXIT_USAGE;
	}
	argc--;
	argv++;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		switch (c) {
		case 'r': url_s = optarg; break;
		case 'p': prefix = optarg; break;
		case 'h': fputs(usage_text, stdout); return CMD_EXIT_OK;
		default:
			fprintf(stderr, "arbiter problem push: unknown option '%s'\n%s",
				argv[optind - 1], usage_text);
			return CMD_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "arbiter problem push: expected DIR\n%s", usage_text);
		return CMD_EXIT_USAGE;
	}
	if (redis_url_parse(url_s, &url, &err) < 0 ||
	    stream_keys_init(&keys, prefix, &err) < 0) {
		fprintf(stderr, "arbiter problem push: %s\n", err.msg);
		redis_url_free(&url);
		return CMD_EXIT_USAGE;
	}
	if (rconn_new(&url, &ro, &rc, &err) < 0) {
		fprintf(stderr, "arbiter problem push: %s\n", err.msg);
		redis_url_free(&url);
		return CMD_EXIT_JE;
	}
	for (int i = optind; i < argc; i++) {
		char sha1[41];

		if (pkgcache_push(rc, &keys, argv[i], sha1, &err) < 0) {
			fprintf(stderr, "arbiter problem push: %s: %s\n", argv[i], err.msg);
			status = CMD_EXIT_JE;
			continue;
		}
		printf("%s\t%s\n", argv[i], sha1);
	}
	rconn_free(rc);
	redis_url_free(&url);
	return status;
}
