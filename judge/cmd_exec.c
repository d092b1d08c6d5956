/* cmd_exec.c - `arbiter exec`: the raw sandbox, like `isolate --run`.
 *
 * Parses options into one struct sbx_spec, calls sbx_run() once and prints
 * the usage: a line for people on stderr, or with --json exactly one object
 * on stdout (keys: status time_ms wall_ms memory_kb exit_code signal
 * message).  With --json and no --stdout the program's stdout goes to our
 * stderr, so stdout holds nothing but the object.
 *
 * --stdin/--stdout/--stderr are host paths opened here, by the supervisor,
 * before the box exists (O_NOFOLLOW on the last component: a symlink planted
 * by an earlier run in a shared directory is refused, not followed).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/units.h"
#include "cmd.h"
#include "cmd_common.h"
#include "sandbox/cgroup.h"
#include "sandbox/sandbox.h"

#define DEFAULT_MEM (256ULL << 20)
#define DEFAULT_PIDS 64
#define DEFAULT_FSIZE (64ULL << 20)
#define DEFAULT_WALL_US (60ULL * 1000000)
#define MAX_BINDS 64
#define MAX_ENV 64

static const char usage_text[] =
	"usage: arbiter exec [OPTIONS] -- CMD [ARGS...]\n"
	"\n"
	"Run one command in a fresh sandbox and print its usage.\n"
	"\n"
	"limits (SIZE takes K, M, G; S is seconds, may be fractional):\n"
	"  --time S          CPU time of all processes and threads (default: none)\n"
	"  --wall S          wall time (default: 2 x --time + 1 s, or 60 s)\n"
	"  --mem SIZE        memory, no swap (default: 256M)\n"
	"  --pids N          processes and threads (default: 64)\n"
	"  --fsize SIZE      largest file written, stdout included (default: 64M)\n"
	"  --nofile N        open files per process (default: 64)\n"
	"  --stack SIZE      stack (default: the memory limit)\n"
	"  --box-size SIZE   size of /box when it is a fresh tmpfs (default: 64M)\n"
	"  --tmp-size SIZE   size of /tmp (default: 64M)\n"
	"files:\n"
	"  --stdin F --stdout F --stderr F   host files for the standard streams\n"
	"  --dir DIR         host directory bound read-write at /box\n"
	"                    (default: a fresh tmpfs)\n"
	"  --bind SRC[:DST][:rw]             extra bind, read-only unless :rw\n"
	"box:\n"
	"  --policy NAME     policies/NAME.yaml (default: default)\n"
	"  --box-id N        slot: the box runs as uid/gid 60000+N (default: 0)\n"
	"  --env KEY=VALUE   add to the policy's environment\n"
	"  --cgroup MODE     auto, v1, v2 or none (default: auto)\n"
	"output:\n"
	"  --json            one JSON object on stdout\n"
	"\n"
	"exit status: 0 the command ran (whatever its status), 1 judge error,\n"
	"2 usage error\n";

enum {
	OPT_TIME = 256, OPT_WALL, OPT_MEM, OPT_PIDS, OPT_FSIZE, OPT_NOFILE,
	OPT_STACK, OPT_BOX_SIZE, OPT_TMP_SIZE, OPT_STDIN, OPT_STDOUT,
	OPT_STDERR, OPT_DIR, OPT_BIND, OPT_POLICY, OPT_BOX_ID, OPT_ENV,
	OPT_CGROUP, OPT_JSON, OPT_HELP,
};

static const struct option options[] = {
	{"time", required_argument, NULL, OPT_TIME},
	{"wall", required_argument, NULL, OPT_WALL},
	{"mem", required_argument, NULL, OPT_MEM},
	{"pids", required_argument, NULL, OPT_PIDS},
	{"fsize", required_argument, NULL, OPT_FSIZE},
	{"nofile", required_argument, NULL, OPT_NOFILE},
	{"stack", required_argument, NULL, OPT_STACK},
	{"box-size", required_argument, NULL, OPT_BOX_SIZE},
	{"tmp-size", required_argument, NULL, OPT_TMP_SIZE},
	{"stdin", required_argument, NULL, OPT_STDIN},
	{"stdout", required_argument, NULL, OPT_STDOUT},
	{"stderr", required_argument, NULL, OPT_STDERR},
	{"dir", required_argument, NULL, OPT_DIR},
	{"bind", required_argument, NULL, OPT_BIND},
	{"policy", required_argument, NULL, OPT_POLICY},
	{"box-id", required_argument, NULL, OPT_BOX_ID},
	{"env", required_argument, NULL, OPT_ENV},
	{"cgroup", required_argument, NULL, OPT_CGROUP},
	{"json", no_argument, NULL, OPT_JSON},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

struct exec_opts {
	struct sbx_limits lim;
	bool wall_set, json;
	const char *stdin_path, *stdout_path, *stderr_path, *dir;
	const char *policy;
	int box_id;
	enum cg_mode cg_mode;
	struct sbx_path binds[MAX_BINDS];
	size_t n_binds;
	const char *env[MAX_ENV + 1];
	size_t n_env;
};

/* SRC[:DST][:rw] - DST defaults to SRC; a relative SRC is made absolute. */
static int parse_bind(char *arg, struct sbx_path *b, struct arb_err *err)
{
	char *parts[3] = {NULL, NULL, NULL};
	size_t n = 0;
	char *save = NULL, *tok;
	char *src;

	for (tok = strtok_r(arg, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
		if (n == 3)
			return arb_fail(err, ARB_E_REQUEST, 0,
					"--bind '%s': expected SRC[:DST][:rw]", arg);
		parts[n++] = tok;
	}
	memset(b, 0, sizeof(*b));
	b->kind = SBX_PATH_BIND;
	if (n > 1 && (!strcmp(parts[n - 1], "rw") || !strcmp(parts[n - 1], "ro"))) {
		b->rw = !strcmp(parts[n - 1], "rw");
		n--;
	}
	if (n == 0 || n > 2)
		return arb_fail(err, ARB_E_REQUEST, 0,
				"--bind: expected SRC[:DST][:rw]");
	src = realpath(parts[0], NULL);
	if (!src)
		return arb_fail(err, ARB_E_REQUEST, errno, "--bind '%s'", parts[0]);
	b->src = src;
	b->dst = n == 2 ? parts[1] : src;
	return 0;
}

static int parse_opts(int argc, char **argv, struct exec_opts *o, int *first_arg,
		      struct arb_err *err)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->lim.mem_bytes = DEFAULT_MEM;
	o->lim.pids = DEFAULT_PIDS;
	o->lim.fsize_bytes = DEFAULT_FSIZE;
	o->policy = "default";
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		uint64_t v = 0;
		int rc = 0;

		switch (c) {
		case OPT_TIME: rc = units_parse_seconds(optarg, &o->lim.cpu_us, err); break;
		case OPT_WALL: rc = units_parse_seconds(optarg, &o->lim.wall_us, err);
			o->wall_set = true; break;
		case OPT_MEM: rc = units_parse_size(optarg, &o->lim.mem_bytes, err); break;
		case OPT_PIDS: rc = units_parse_uint(optarg, 1 << 20, &o->lim.pids, err); break;
		case OPT_FSIZE: rc = units_parse_size(optarg, &o->lim.fsize_bytes, err); break;
		case OPT_NOFILE: rc = units_parse_uint(optarg, 1 << 20, &o->lim.nofile, err); break;
		case OPT_STACK: rc = units_parse_size(optarg, &o->lim.stack_bytes, err); break;
		case OPT_BOX_SIZE: rc = units_parse_size(optarg, &o->lim.box_bytes, err); break;
		case OPT_TMP_SIZE: rc = units_parse_size(optarg, &o->lim.tmp_bytes, err); break;
		case OPT_STDIN: o->stdin_path = optarg; break;
		case OPT_STDOUT: o->stdout_path = optarg; break;
		case OPT_STDERR: o->stderr_path = optarg; break;
		case OPT_DIR: o->dir = optarg; break;
		case OPT_POLICY: o->policy = optarg; break;
		case OPT_JSON: o->json = true; break;
		case OPT_BIND:
			if (o->n_binds == MAX_BINDS)
				return arb_fail(err, ARB_E_REQUEST, 0,
						"--bind: at most %d", MAX_BINDS);
			rc = parse_bind(optarg, &o->binds[o->n_binds++], err);
			break;
		case OPT_ENV:
			if (o->n_env == MAX_ENV || !strchr(optarg, '=') || optarg[0] == '=')
				return arb_fail(err, ARB_E_REQUEST, 0,
						"--env '%s': expected KEY=VALUE (at most %d)",
						optarg, MAX_ENV);
			o->env[o->n_env++] = optarg;
			break;
		case OPT_BOX_ID:
			rc = units_parse_uint(optarg, SBX_BOX_ID_MAX, &v, err);
			o->box_id = (int)v;
			break;
		case OPT_CGROUP:
			if (cmd_parse_cgroup_mode(optarg, &o->cg_mode) < 0)
				return arb_fail(err, ARB_E_REQUEST, 0,
						"--cgroup '%s': expected auto, v1, v2 or none",
						optarg);
			break;
		case OPT_HELP:
			fputs(usage_text, stdout);
			exit(CMD_EXIT_OK);
		default:
			return arb_fail(err, ARB_E_REQUEST, 0, "unknown option '%s'",
					argv[optind - 1]);
		}
		if (rc < 0)
			return arb_err_prefix(err, "--%s", options[c - OPT_TIME].name);
	}
	if (optind >= argc)
		return arb_fail(err, ARB_E_REQUEST, 0, "no command given (use -- CMD ARGS)");
	if (!o->wall_set)
		o->lim.wall_us = o->lim.cpu_us ? 2 * o->lim.cpu_us + 1000000 : DEFAULT_WALL_US;
	*first_arg = optind;
	return 0;
}

static int open_stream(const char *path, int flags, int *fd, struct arb_err *err)
{
	*fd = -1;
	if (!path)
		return 0;
	*fd = open(path, flags | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (*fd < 0)
		return arb_fail(err, ARB_E_REQUEST, errno, "open '%s'", path);
	return 0;
}

static void print_json(const char *status, const struct sbx_result *r,
		       const char *message)
{
	json_auto_t *o = json_pack("{s:s, s:I, s:I, s:I, s:i, s:i, s:s}",
				   "status", status,
				   "time_ms", (json_int_t)((r->cpu_us + 500) / 1000),
				   "wall_ms", (json_int_t)((r->wall_us + 500) / 1000),
				   "memory_kb", (json_int_t)r->mem_kib,
				   "exit_code", r->exit_code, "signal", r->signal,
				   "message", message);

	if (o) {
		json_dumpf(o, stdout, JSON_COMPACT);
		fputc('\n', stdout);
	}
}

static void print_human(const struct sbx_result *r)
{
	fprintf(stderr, "%s  time %.3f s  wall %.3f s  memory %llu KiB  ",
		sbx_status_name(r->status), (double)r->cpu_us / 1e6,
		(double)r->wall_us / 1e6, (unsigned long long)r->mem_kib);
	if (r->signal)
		fprintf(stderr, "signal %d", r->signal);
	else
		fprintf(stderr, "exit %d", r->exit_code);
	if (r->message[0])
		fprintf(stderr, "  (%s)", r->message);
	fputc('\n', stderr);
}

static int run(const struct exec_opts *o, char **cmd, struct sbx_result *r,
	       struct arb_err *err)
{
	struct sbx_policy *policy = NULL;
	struct cg_manager *cg = NULL;
	struct cg_manager_opts cgo = {.mode = o->cg_mode};
	_cleanup_close_ int in = -1;
	_cleanup_close_ int out = -1;
	_cleanup_close_ int errfd = -1;
	struct sbx_spec spec;
	int rc = -1;

	if (open_stream(o->stdin_path, O_RDONLY, &in, err) < 0 ||
	    open_stream(o->stdout_path, O_WRONLY | O_CREAT | O_TRUNC, &out, err) < 0)
		return -1;
	if (o->stderr_path && o->stdout_path && !strcmp(o->stderr_path, o->stdout_path))
		errfd = dup(out);
	else if (open_stream(o->stderr_path, O_WRONLY | O_CREAT | O_TRUNC, &errfd, err) < 0)
		return -1;

	if (sbx_policy_load(NULL, o->policy, &policy, err) < 0)
		goto done;
	if (cg_manager_open(&cgo, &cg, err) < 0)
		goto done;

	memset(&spec, 0, sizeof(spec));
	spec.policy = policy;
	spec.argv = (const char *const *)cmd;
	spec.env_extra = o->env;
	spec.limits = o->lim;
	spec.box_id = o->box_id;
	spec.box_dir = o->dir;
	spec.binds = o->binds;
	spec.n_binds = o->n_binds;
	spec.stdin_fd = o->stdin_path ? in : STDIN_FILENO;
	spec.stdout_fd = o->stdout_path ? out : (o->json ? STDERR_FILENO : STDOUT_FILENO);
	spec.stderr_fd = o->stderr_path ? errfd : STDERR_FILENO;
	spec.cg = cg;
	fflush(stdout);
	rc = sbx_run(&spec, r, err);
done:
	cg_manager_close(cg);
	sbx_policy_free(policy);
	return rc;
}

int cmd_exec(int argc, char **argv)
{
	struct exec_opts o;
	struct sbx_result r;
	struct arb_err err;
	int first = 0;

	arb_err_clear(&err);
	if (parse_opts(argc, argv, &o, &first, &err) < 0) {
		fprintf(stderr, "arbiter exec: %s\n%s", err.msg,
			"Run 'arbiter exec --help' for the options.\n");
		return CMD_EXIT_USAGE;
	}
	memset(&r, 0, sizeof(r));
	if (run(&o, argv + first, &r, &err) < 0) {
		for (size_t i = 0; i < o.n_binds; i++)
			free(o.binds[i].src);
		if (o.json)
			print_json("JE", &r, err.msg);
		else
			fprintf(stderr, "arbiter exec: %s\n", err.msg);
		return CMD_EXIT_JE;
	}
	for (size_t i = 0; i < o.n_binds; i++)
		free(o.binds[i].src);
	if (o.json)
		print_json(sbx_status_name(r.status), &r, r.message);
	else
		print_human(&r);
	return CMD_EXIT_OK;
}
