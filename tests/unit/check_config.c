/* check_config.c - the worker's settings (worker/config.c).
 *
 * Every setting is checked against the list below (name, flag, variable):
 * its default, its value from each source alone (YAML file, environment,
 * command line), and which source wins when several set it.  Each type's
 * errors are asserted word for word from each source, so a message always
 * names where the bad value came from; YAML errors (syntax, unknown and
 * duplicate keys, wrong types, aliases), the checks across two settings,
 * --help / --help-config / --check-config, the masked password of
 * config_print() and config_free() on every state are covered too.
 * Tier 1: no privilege needed.  Each test runs in its own process (CK_FORK)
 * with every ARBITER_* setting variable unset, in a fresh current directory.
 */
#include <check.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "rconn.h"
#include "sandbox/sandbox.h"
#include "testutil.h"

Suite *suite_config(void);

/* The specification the table is checked against. */
static const struct {
	const char *name, *flag, *env;
} settings[] = {
	{"redis", "--redis", "ARBITER_REDIS"},
	{"prefix", "--prefix", "ARBITER_PREFIX"},
	{"problems", "--problems", "ARBITER_PROBLEMS"},
	{"slots", "--slots", "ARBITER_SLOTS"},
	{"name", "--name", "ARBITER_NAME"},
	{"box_base", "--box-base", "ARBITER_BOX_BASE"},
	{"cgroup", "--cgroup", "ARBITER_CGROUP"},
	{"block_ms", "--block-ms", "ARBITER_BLOCK_MS"},
	{"claim_idle_ms", "--claim-idle-ms", "ARBITER_CLAIM_IDLE_MS"},
	{"heartbeat_ms", "--heartbeat-ms", "ARBITER_HEARTBEAT_MS"},
	{"max_deliveries", "--max-deliveries", "ARBITER_MAX_DELIVERIES"},
	{"result_ttl_s", "--result-ttl-s", "ARBITER_RESULT_TTL_S"},
	{"max_message_kib", "--max-message-kib", "ARBITER_MAX_MESSAGE_KIB"},
	{"cache", "--cache", "ARBITER_CACHE"},
	{"log_format", "--log-format", "ARBITER_LOG_FORMAT"},
	{"progress", "--progress", "ARBITER_PROGRESS"},
	{"health_file", "--health-file", "ARBITER_HEALTH_FILE"},
	{"metrics", "--metrics", "ARBITER_METRICS"},
};
#define N_SETTINGS (sizeof(settings) / sizeof(settings[0]))

static char *scratch;

static void setup(void)
{
	for (size_t i = 0; i < N_SETTINGS; i++)
		unsetenv(settings[i].env);
	unsetenv("ARBITER_CONFIG");
	scratch = tu_mkdtemp();
	ck_assert_ptr_nonnull(scratch);
	ck_assert_int_eq(chdir(scratch), 0);
}

static void teardown(void)
{
	if (chdir("/") == 0 && scratch)
		tu_rm_rf(scratch);
	free(scratch);
}

/*** Helpers ***/

#define MAX_ARGS 40

/* config_load() on "worker" + ARGS (NULL-terminated); *OUT (may be NULL)
 * gets what it printed. */
static int load_args(struct worker_config *cfg, struct arb_err *err,
		     char **out, const char *const *args)
{
	char *argv[MAX_ARGS + 1];
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int argc = 0, rc;

	ck_assert_ptr_nonnull(f);
	for (; args[argc]; argc++) {
		ck_assert_int_lt(argc, MAX_ARGS);
		argv[argc] = (char *)args[argc];
	}
	argv[argc] = NULL;
	memset(err, 0, sizeof(*err));
	rc = config_load(argc, argv, f, cfg, err);
	fclose(f);
	if (out)
		*out = buf;
	else
		free(buf);
	return rc;
}

#define ARGS(...) ((const char *const[]){"worker", ##__VA_ARGS__, NULL})

static bool all_zero(const struct worker_config *cfg)
{
	static const struct worker_config zero;

	return memcmp(cfg, &zero, sizeof(zero)) == 0;
}

/* A load that must succeed and print nothing. */
static void load_ok(struct worker_config *cfg, const char *const *args)
{
	struct arb_err err;
	char *out = NULL;
	int rc = load_args(cfg, &err, &out, args);

	ck_assert_msg(rc == 0, "config_load: %d: %s", rc, err.msg);
	ck_assert_str_eq(out, "");
	free(out);
}

/* A load that must fail with ARB_E_REQUEST and exactly WANT, leaving CFG
 * zeroed (everything it had built freed). */
static void load_fails(const char *want, const char *const *args)
{
	struct worker_config cfg;
	struct arb_err err;
	char *out = NULL;
	int rc = load_args(&cfg, &err, &out, args);

	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(err.msg, want);
	ck_assert_msg(err.kind == ARB_E_REQUEST, "kind %s for '%s'",
		      arb_errkind_name(err.kind), err.msg);
	ck_assert_msg(all_zero(&cfg), "config not cleared after a failure");
	ck_assert_str_eq(out, "");
	free(out);
	config_free(&cfg);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

static char *print_of(const struct worker_config *cfg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	config_print(cfg, f);
	fclose(f);
	return buf;
}

/* The cache rule, from the specification: /var/cache/arbiter when it is a
 * directory we may write, or missing while /var/cache is writable; else
 * $TMPDIR/arbiter-cache. */
static bool var_cache_usable(void)
{
	struct stat st;

	if (stat("/var/cache/arbiter", &st) == 0)
		return S_ISDIR(st.st_mode) &&
		       faccessat(AT_FDCWD, "/var/cache/arbiter", W_OK | X_OK,
				 AT_EACCESS) == 0;
	return faccessat(AT_FDCWD, "/var/cache", W_OK | X_OK, AT_EACCESS) == 0;
}

/*** Defaults and single sources ***/

START_TEST(test_defaults)
{
	struct worker_config cfg;
	char host[HOST_NAME_MAX + 1] = "", name[HOST_NAME_MAX + 32];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct stat st;
	bool had_cache = stat("/var/cache/arbiter", &st) == 0;

	/* Other tools' ARBITER_* variables are no concern of the worker. */
	setenv("ARBITER_SOMETHING_ELSE", "1", 1);
	setenv("ARBITER_POLICY_DIR", "/nowhere", 1);
	/* Empty counts as unset, as for redis_url_default(). */
	setenv("ARBITER_SLOTS", "", 1);
	setenv("ARBITER_REDIS", "", 1);
	load_ok(&cfg, ARGS());

	ck_assert_int_eq(gethostname(host, sizeof(host) - 1), 0);
	snprintf(name, sizeof(name), "%s-%ld", host, (long)getpid());
	ck_assert_str_eq(cfg.redis, RCONN_DEFAULT_URL);
	ck_assert_str_eq(cfg.redis, "redis://127.0.0.1:6379");
	ck_assert_str_eq(cfg.prefix, "arbiter:");
	ck_assert_ptr_null(cfg.problems);
	ck_assert_uint_eq(cfg.slots, cpus < 1 ? 1 : cpus > 256 ? 256 : (unsigned)cpus);
	ck_assert_str_eq(cfg.name, name);
	ck_assert_uint_eq(cfg.box_base, 0);
	ck_assert_str_eq(cfg.cgroup, "auto");
	ck_assert_uint_eq(cfg.block_ms, 2000);
	ck_assert_uint_eq(cfg.claim_idle_ms, 60000);
	ck_assert_uint_eq(cfg.heartbeat_ms, 10000);
	ck_assert_uint_eq(cfg.max_deliveries, 3);
	ck_assert_uint_eq(cfg.result_ttl_s, 604800);
	ck_assert_uint_eq(cfg.max_message_kib, 98304);
	ck_assert_int_eq(cfg.log_format, CONFIG_LOG_AUTO);
	ck_assert(cfg.progress);
	ck_assert(!cfg.check_only);
	ck_assert_ptr_null(cfg.config_file);
	if (var_cache_usable())
		ck_assert_str_eq(cfg.cache, "/var/cache/arbiter");
	else
		ck_assert_str_ne(cfg.cache, "/var/cache/arbiter");
	/* Loading checks; it never creates the cache. */
	ck_assert_int_eq(stat("/var/cache/arbiter", &st) == 0, had_cache);
	config_free(&cfg);
}
END_TEST

/* The fallback, as a user who cannot write /var/cache (root drops to
 * nobody: CK_FORK makes this process ours alone). */
START_TEST(test_cache_fallback)
{
	static const struct {
		const char *tmpdir, *want;
	} cases[] = {
		{"/srv/tmp//", "/srv/tmp/arbiter-cache"},
		{"/", "/arbiter-cache"},
		{"relative/dir", "/tmp/arbiter-cache"},
		{"", "/tmp/arbiter-cache"},
		{NULL, "/tmp/arbiter-cache"},
	};
	struct worker_config cfg;

	if (geteuid() == 0) {
		/* nobody could not remove root's scratch directory. */
		ck_assert_int_eq(chdir("/"), 0);
		tu_rm_rf(scratch);
		free(scratch);
		scratch = NULL;
		ck_assert_int_eq(setgroups(0, NULL), 0);
		ck_assert_int_eq(setgid(65534), 0);
		ck_assert_int_eq(setuid(65534), 0);
	}
	if (var_cache_usable()) {
		/* Only on a host where nobody may write the cache. */
		load_ok(&cfg, ARGS());
		ck_assert_str_eq(cfg.cache, "/var/cache/arbiter");
		config_free(&cfg);
		return;
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].tmpdir)
			setenv("TMPDIR", cases[i].tmpdir, 1);
		else
			unsetenv("TMPDIR");
		load_ok(&cfg, ARGS());
		ck_assert_msg(strcmp(cfg.cache, cases[i].want) == 0,
			      "TMPDIR=%s: cache '%s', want '%s'",
			      cases[i].tmpdir ? cases[i].tmpdir : "(unset)",
			      cfg.cache, cases[i].want);
		config_free(&cfg);
	}
}
END_TEST

/* The values of testdata/config/worker.yaml, whatever the source. */
static void assert_example(const struct worker_config *cfg)
{
	ck_assert_str_eq(cfg->redis, "redis://:s3cret@redis.internal:6380/2");
	ck_assert_str_eq(cfg->prefix, "judge:");
	ck_assert_str_eq(cfg->problems, "/srv/problems");
	ck_assert_uint_eq(cfg->slots, 8);
	ck_assert_str_eq(cfg->name, "judge-a");
	ck_assert_uint_eq(cfg->box_base, 100);
	ck_assert_str_eq(cfg->cgroup, "v2");
	ck_assert_uint_eq(cfg->block_ms, 500);
	ck_assert_uint_eq(cfg->claim_idle_ms, 120000);
	ck_assert_uint_eq(cfg->heartbeat_ms, 15000);
	ck_assert_uint_eq(cfg->max_deliveries, 5);
	ck_assert_uint_eq(cfg->result_ttl_s, 86400);
	ck_assert_uint_eq(cfg->max_message_kib, 4096);
	ck_assert_str_eq(cfg->cache, "/srv/arbiter-cache");
	ck_assert_int_eq(cfg->log_format, CONFIG_LOG_JSON);
	ck_assert(!cfg->progress);
	ck_assert(!cfg->check_only);
}

START_TEST(test_file_only)
{
	const char *path = tu_srcdata("config/worker.yaml");
	struct worker_config cfg;
	char want[8192];
	char *out;

	load_ok(&cfg, ARGS("--config", path));
	assert_example(&cfg);
	ck_assert_str_eq(cfg.config_file, path);
	snprintf(want, sizeof(want),
		 "config_file = %s\n"
		 "redis = redis://:****@redis.internal:6380/2\n"
		 "prefix = judge:\n"
		 "problems = /srv/problems\n"
		 "slots = 8\n"
		 "name = judge-a\n"
		 "box_base = 100\n"
		 "cgroup = v2\n"
		 "block_ms = 500\n"
		 "claim_idle_ms = 120000\n"
		 "heartbeat_ms = 15000\n"
		 "max_deliveries = 5\n"
		 "result_ttl_s = 86400\n"
		 "max_message_kib = 4096\n"
		 "cache = /srv/arbiter-cache\n"
		 "log_format = json\n"
		 "progress = false\n"
		 "health_file = (none)\n"
		 "metrics = (none)\n",
		 path);
	out = print_of(&cfg);
	ck_assert_str_eq(out, want);
	free(out);
	config_free(&cfg);

	/* The same file named by $ARBITER_CONFIG. */
	setenv("ARBITER_CONFIG", path, 1);
	load_ok(&cfg, ARGS());
	assert_example(&cfg);
	ck_assert_str_eq(cfg.config_file, path);
	config_free(&cfg);
}
END_TEST

START_TEST(test_env_only)
{
	static const char *const values[][2] = {
		{"ARBITER_REDIS", "redis://:s3cret@redis.internal:6380/2"},
		{"ARBITER_PREFIX", "judge:"},
		{"ARBITER_PROBLEMS", "/srv/problems"},
		{"ARBITER_SLOTS", "8"},
		{"ARBITER_NAME", "judge-a"},
		{"ARBITER_BOX_BASE", "100"},
		{"ARBITER_CGROUP", "v2"},
		{"ARBITER_BLOCK_MS", "500"},
		{"ARBITER_CLAIM_IDLE_MS", "120000"},
		{"ARBITER_HEARTBEAT_MS", "15000"},
		{"ARBITER_MAX_DELIVERIES", "5"},
		{"ARBITER_RESULT_TTL_S", "86400"},
		{"ARBITER_MAX_MESSAGE_KIB", "4096"},
		{"ARBITER_CACHE", "/srv/arbiter-cache"},
		{"ARBITER_LOG_FORMAT", "json"},
		{"ARBITER_PROGRESS", "0"},
		{"ARBITER_HEALTH_FILE", "/run/arbiter/health"},
		{"ARBITER_METRICS", ":9464"},
	};
	struct worker_config cfg;

	ck_assert_uint_eq(sizeof(values) / sizeof(values[0]), N_SETTINGS);
	for (size_t i = 0; i < N_SETTINGS; i++)
		setenv(values[i][0], values[i][1], 1);
	load_ok(&cfg, ARGS());
	assert_example(&cfg);
	ck_assert_ptr_null(cfg.config_file);
	config_free(&cfg);
}
END_TEST

/* --health-file: none by default; a flag, the environment or the file. */
START_TEST(test_health_file)
{
	struct worker_config cfg;

	load_ok(&cfg, ARGS());
	ck_assert_ptr_null(cfg.health_file);
	config_free(&cfg);
	load_ok(&cfg, ARGS("--health-file", "/run/arbiter/health"));
	ck_assert_str_eq(cfg.health_file, "/run/arbiter/health");
	config_free(&cfg);
	setenv("ARBITER_HEALTH_FILE", "/tmp/h", 1);
	load_ok(&cfg, ARGS());
	ck_assert_str_eq(cfg.health_file, "/tmp/h");
	config_free(&cfg);
	load_ok(&cfg, ARGS("--health-file=/tmp/flag"));
	ck_assert_str_eq(cfg.health_file, "/tmp/flag");
	config_free(&cfg);
}
END_TEST

/* --metrics: off by default; an address from any source, checked when
 * loaded (metrics_parse_addr's message, naming the source). */
START_TEST(test_metrics)
{
	struct worker_config cfg;

	load_ok(&cfg, ARGS());
	ck_assert_ptr_null(cfg.metrics);
	config_free(&cfg);
	load_ok(&cfg, ARGS("--metrics", "0.0.0.0:9464"));
	ck_assert_str_eq(cfg.metrics, "0.0.0.0:9464");
	config_free(&cfg);
	setenv("ARBITER_METRICS", ":9100", 1);
	load_ok(&cfg, ARGS());
	ck_assert_str_eq(cfg.metrics, ":9100");
	config_free(&cfg);
	write_file("arbiter.yaml", "metrics: \"[::1]:9464\"\n");
	load_ok(&cfg, ARGS("--config", "arbiter.yaml"));
	ck_assert_str_eq(cfg.metrics, ":9100"); /* the environment wins */
	config_free(&cfg);
	unsetenv("ARBITER_METRICS");
	load_ok(&cfg, ARGS("--config", "arbiter.yaml"));
	ck_assert_str_eq(cfg.metrics, "[::1]:9464");
	config_free(&cfg);

	load_fails("--metrics: '9464': expected HOST:PORT or :PORT", ARGS("--metrics", "9464"));
	load_fails("--metrics: ':0': port 0 is out of range [1, 65535]",
		   ARGS("--metrics=:0"));
	setenv("ARBITER_METRICS", "::1:80", 1);
	load_fails("ARBITER_METRICS: '::1:80': write an IPv6 address as [ADDR]:PORT", ARGS());
	unsetenv("ARBITER_METRICS");
	write_file("arbiter.yaml", "metrics: \"host:\"\n");
	load_fails("arbiter.yaml: metrics: 'host:': missing port",
		   ARGS("--config", "arbiter.yaml"));
}
END_TEST

START_TEST(test_flags_only)
{
	struct worker_config cfg;

	/* Both spellings: "--name value" and "--name=value". */
	load_ok(&cfg, ARGS("--redis", "redis://:s3cret@redis.internal:6380/2",
			   "--prefix=judge:", "--problems", "/srv/problems",
			   "--slots=8", "--name", "judge-a", "--box-base=100",
			   "--cgroup", "v2", "--block-ms=500",
			   "--claim-idle-ms", "120000", "--heartbeat-ms=15000",
			   "--max-deliveries", "5", "--result-ttl-s=86400",
			   "--max-message-kib", "4096",
			   "--cache=/srv/arbiter-cache", "--log-format", "json",
			   "--no-progress"));
	assert_example(&cfg);
	config_free(&cfg);

	/* A later flag wins over an earlier one; '=' may be in the value. */
	load_ok(&cfg, ARGS("--slots", "2", "--slots=3", "--name=a=b"));
	ck_assert_uint_eq(cfg.slots, 3);
	ck_assert_str_eq(cfg.name, "a=b");
	config_free(&cfg);
}
END_TEST

/*** Precedence: defaults < file < environment < flags ***/

START_TEST(test_precedence)
{
	struct worker_config cfg;

	write_file("arbiter.yaml", "slots: 3\nprefix: 'file:'\nprogress: false\n"
				   "log_format: human\nblock_ms: 100\n");
	setenv("ARBITER_SLOTS", "5", 1);
	setenv("ARBITER_PREFIX", "env:", 1);
	setenv("ARBITER_LOG_FORMAT", "json", 1);

	load_ok(&cfg, ARGS("--config", "arbiter.yaml", "--slots", "7",
			   "--progress", "--log-format=human"));
	ck_assert_uint_eq(cfg.slots, 7);              /* flag > env > file */
	ck_assert_str_eq(cfg.prefix, "env:");         /* env > file */
	ck_assert(cfg.progress);                      /* flag > file */
	ck_assert_int_eq(cfg.log_format, CONFIG_LOG_HUMAN); /* flag > env */
	ck_assert_uint_eq(cfg.block_ms, 100);         /* file > default */
	ck_assert_uint_eq(cfg.max_deliveries, 3);     /* default */
	config_free(&cfg);

	load_ok(&cfg, ARGS("--config", "arbiter.yaml"));
	ck_assert_uint_eq(cfg.slots, 5);
	ck_assert(!cfg.progress);
	ck_assert_int_eq(cfg.log_format, CONFIG_LOG_JSON);
	config_free(&cfg);

	unsetenv("ARBITER_SLOTS");
	unsetenv("ARBITER_PREFIX");
	load_ok(&cfg, ARGS("--config", "arbiter.yaml"));
	ck_assert_uint_eq(cfg.slots, 3);
	ck_assert_str_eq(cfg.prefix, "file:");
	config_free(&cfg);

	/* --config wins over $ARBITER_CONFIG, which is then not read. */
	setenv("ARBITER_CONFIG", "missing.yaml", 1);
	load_ok(&cfg, ARGS("--config=arbiter.yaml"));
	ck_assert_str_eq(cfg.config_file, "arbiter.yaml");
	ck_assert_uint_eq(cfg.slots, 3);
	config_free(&cfg);
}
END_TEST

START_TEST(test_bool_forms)
{
	static const struct {
		const char *yaml, *env, *flag;
		bool want;
	} cases[] = {
		{NULL, NULL, NULL, true},
		{"progress: false\n", NULL, NULL, false},
		{"progress: true\n", NULL, NULL, true},
		{"progress: true\n", "0", NULL, false},
		{"progress: true\n", "false", NULL, false},
		{"progress: false\n", "1", NULL, true},
		{"progress: false\n", "true", NULL, true},
		{"progress: false\n", "0", "--progress", true},
		{"progress: true\n", "1", "--no-progress", false},
		{NULL, NULL, "--progress=false", false},
		{NULL, NULL, "--progress=0", false},
		{NULL, "0", "--progress=1", true},
		{NULL, "0", "--progress=true", true},
	};
	struct worker_config cfg;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		write_file("arbiter.yaml", cases[i].yaml ? cases[i].yaml : "");
		if (cases[i].env)
			setenv("ARBITER_PROGRESS", cases[i].env, 1);
		else
			unsetenv("ARBITER_PROGRESS");
		if (cases[i].flag)
			load_ok(&cfg, ARGS("--config", "arbiter.yaml", cases[i].flag));
		else
			load_ok(&cfg, ARGS("--config", "arbiter.yaml"));
		ck_assert_msg(cfg.progress == cases[i].want, "case %zu", i);
		config_free(&cfg);
	}
	/* The last of --progress / --no-progress wins. */
	load_ok(&cfg, ARGS("--no-progress", "--progress"));
	ck_assert(cfg.progress);
	config_free(&cfg);
	load_ok(&cfg, ARGS("--progress", "--no-progress"));
	ck_assert(!cfg.progress);
	config_free(&cfg);
}
END_TEST

/* The largest and smallest values of every number are taken. */
START_TEST(test_range_edges)
{
	struct worker_config cfg;

	load_ok(&cfg, ARGS("--slots", "256", "--block-ms", "60000",
			   "--claim-idle-ms", "86400000", "--heartbeat-ms",
			   "3600000", "--max-deliveries", "100", "--result-ttl-s",
			   "31536000", "--max-message-kib", "1048576"));
	ck_assert_uint_eq(cfg.slots, 256);
	ck_assert_uint_eq(cfg.block_ms, 60000);
	ck_assert_uint_eq(cfg.claim_idle_ms, 86400000);
	ck_assert_uint_eq(cfg.heartbeat_ms, 3600000);
	ck_assert_uint_eq(cfg.max_deliveries, 100);
	ck_assert_uint_eq(cfg.result_ttl_s, 31536000);
	ck_assert_uint_eq(cfg.max_message_kib, 1048576);
	config_free(&cfg);

	/* claim_idle_ms 100 leaves no heartbeat below half of it (the
	 * smallest is 50): 101 is the smallest usable pair. */
	load_ok(&cfg, ARGS("--slots", "1", "--block-ms", "10",
			   "--claim-idle-ms", "101", "--heartbeat-ms", "50",
			   "--max-deliveries", "1", "--result-ttl-s", "1",
			   "--max-message-kib", "1", "--box-base", "0"));
	ck_assert_uint_eq(cfg.slots, 1);
	ck_assert_uint_eq(cfg.block_ms, 10);
	ck_assert_uint_eq(cfg.claim_idle_ms, 101);
	ck_assert_uint_eq(cfg.heartbeat_ms, 50);
	ck_assert_uint_eq(cfg.max_deliveries, 1);
	ck_assert_uint_eq(cfg.result_ttl_s, 1);
	ck_assert_uint_eq(cfg.max_message_kib, 1);
	config_free(&cfg);

	/* Words and strings. */
	load_ok(&cfg, ARGS("--cgroup", "none", "--log-format", "human",
			   "--redis", "unix:///run/redis.sock",
			   "--prefix", "x", "--name", "w\xc3\xa9"));
	ck_assert_str_eq(cfg.cgroup, "none");
	ck_assert_int_eq(cfg.log_format, CONFIG_LOG_HUMAN);
	ck_assert_str_eq(cfg.redis, "unix:///run/redis.sock");
	ck_assert_str_eq(cfg.name, "w\xc3\xa9");
	config_free(&cfg);
}
END_TEST

/*** Errors, word for word, from each source ***/

static const struct bad_case {
	const char *yaml;     /* written to arbiter.yaml, read with --config */
	const char *env, *val; /* set in the environment */
	const char *args[4];
	const char *want;
} bad_cases[] = {
	/* Whole numbers. */
	{.args = {"--slots", "x"}, .want = "--slots: 'x' is not a whole number"},
	{.args = {"--slots=0"}, .want = "--slots: 0 is out of range [1, 256]"},
	{.args = {"--slots", "257"}, .want = "--slots: 257 is out of range [1, 256]"},
	{.args = {"--slots="}, .want = "--slots: expected a whole number"},
	{.args = {"--slots", "-1"}, .want = "--slots: '-1' is not a whole number"},
	{.args = {"--slots", "+4"}, .want = "--slots: '+4' is not a whole number"},
	{.args = {"--slots", " 4"}, .want = "--slots: ' 4' is not a whole number"},
	{.args = {"--slots", "0x10"}, .want = "--slots: '0x10' is not a whole number"},
	{.args = {"--block-ms", "18446744073709551616"},
	 .want = "--block-ms: 18446744073709551616 is out of range [10, 60000]"},
	{.args = {"--block-ms", "9"}, .want = "--block-ms: 9 is out of range [10, 60000]"},
	{.args = {"--block-ms", "60001"}, .want = "--block-ms: 60001 is out of range [10, 60000]"},
	{.env = "ARBITER_SLOTS", .val = "0",
	 .want = "ARBITER_SLOTS: 0 is out of range [1, 256]"},
	{.env = "ARBITER_BLOCK_MS", .val = "2s",
	 .want = "ARBITER_BLOCK_MS: '2s' is not a whole number"},
	{.env = "ARBITER_CLAIM_IDLE_MS", .val = "99",
	 .want = "ARBITER_CLAIM_IDLE_MS: 99 is out of range [100, 86400000]"},
	{.env = "ARBITER_CLAIM_IDLE_MS", .val = "86400001",
	 .want = "ARBITER_CLAIM_IDLE_MS: 86400001 is out of range [100, 86400000]"},
	{.env = "ARBITER_HEARTBEAT_MS", .val = "49",
	 .want = "ARBITER_HEARTBEAT_MS: 49 is out of range [50, 3600000]"},
	{.env = "ARBITER_HEARTBEAT_MS", .val = "3600001",
	 .want = "ARBITER_HEARTBEAT_MS: 3600001 is out of range [50, 3600000]"},
	{.yaml = "max_deliveries: 0\n",
	 .want = "arbiter.yaml: max_deliveries: 0 is out of range [1, 100]"},
	{.yaml = "max_deliveries: 101\n",
	 .want = "arbiter.yaml: max_deliveries: 101 is out of range [1, 100]"},
	{.yaml = "result_ttl_s: 0\n",
	 .want = "arbiter.yaml: result_ttl_s: 0 is out of range [1, 31536000]"},
	{.args = {"--result-ttl-s", "31536001"},
	 .want = "--result-ttl-s: 31536001 is out of range [1, 31536000]"},
	{.env = "ARBITER_MAX_MESSAGE_KIB", .val = "0",
	 .want = "ARBITER_MAX_MESSAGE_KIB: 0 is out of range [1, 1048576]"},
	{.yaml = "max_message_kib: 1048577\n",
	 .want = "arbiter.yaml: max_message_kib: 1048577 is out of range [1, 1048576]"},
	{.yaml = "max_message_kib: 96M\n",
	 .want = "arbiter.yaml: max_message_kib: '96M' is not a whole number"},
	{.yaml = "slots: 0\n", .want = "arbiter.yaml: slots: 0 is out of range [1, 256]"},
	{.yaml = "slots: '4'\n", .want = "arbiter.yaml: slots: expected a whole number"},
	{.yaml = "slots: four\n", .want = "arbiter.yaml: slots: 'four' is not a whole number"},
	{.yaml = "slots:\n", .want = "arbiter.yaml: slots: expected a whole number"},
	{.yaml = "slots: [4]\n", .want = "arbiter.yaml: slots: expected a whole number"},
	{.yaml = "slots: -2\n", .want = "arbiter.yaml: slots: '-2' is not a whole number"},
	/* Words. */
	{.args = {"--cgroup", "v3"},
	 .want = "--cgroup: 'v3' is not one of auto, v1, v2 or none"},
	{.args = {"--log-format="},
	 .want = "--log-format: '' is not one of auto, human or json"},
	{.env = "ARBITER_LOG_FORMAT", .val = "xml",
	 .want = "ARBITER_LOG_FORMAT: 'xml' is not one of auto, human or json"},
	{.env = "ARBITER_CGROUP", .val = "V2",
	 .want = "ARBITER_CGROUP: 'V2' is not one of auto, v1, v2 or none"},
	{.yaml = "log_format: JSON\n",
	 .want = "arbiter.yaml: log_format: 'JSON' is not one of auto, human or json"},
	{.yaml = "cgroup: [v1]\n", .want = "arbiter.yaml: cgroup: expected a string"},
	{.yaml = "cgroup: 2\n",
	 .want = "arbiter.yaml: cgroup: '2' is not one of auto, v1, v2 or none"},
	/* Strings. */
	{.args = {"--prefix", "a b"}, .want = "--prefix: 'a b' must not contain spaces"},
	{.args = {"--prefix="}, .want = "--prefix: must not be empty"},
	{.args = {"--problems", ""}, .want = "--problems: must not be empty"},
	{.args = {"--name", "a\tb"}, .want = "--name: contains a control character"},
	{.args = {"--redis", "http://:hunter2@x"},
	 .want = "--redis: 'http://:****@x' is not a redis:// or unix:// URL"},
	{.env = "ARBITER_NAME", .val = "judge 1",
	 .want = "ARBITER_NAME: 'judge 1' must not contain spaces"},
	{.env = "ARBITER_CACHE", .val = "/x\n/y",
	 .want = "ARBITER_CACHE: contains a control character"},
	{.env = "ARBITER_REDIS", .val = "127.0.0.1:6379",
	 .want = "ARBITER_REDIS: '127.0.0.1:6379' is not a redis:// or unix:// URL"},
	{.yaml = "prefix: ''\n", .want = "arbiter.yaml: prefix: must not be empty"},
	{.yaml = "problems: ~\n", .want = "arbiter.yaml: problems: expected a string, not null"},
	{.yaml = "name: {a: 1}\n", .want = "arbiter.yaml: name: expected a string"},
	{.yaml = "redis: tcp://h:1\n",
	 .want = "arbiter.yaml: redis: 'tcp://h:1' is not a redis:// or unix:// URL"},
	{.yaml = "cache: \"/a\\x1b[2J\"\n",
	 .want = "arbiter.yaml: cache: contains a control character"},
	/* Booleans. */
	{.args = {"--progress=maybe"},
	 .want = "--progress: 'maybe' is not true, false, 1 or 0"},
	{.args = {"--no-progress=1"}, .want = "--no-progress: takes no value"},
	{.env = "ARBITER_PROGRESS", .val = "yes",
	 .want = "ARBITER_PROGRESS: 'yes' is not true, false, 1 or 0"},
	{.yaml = "progress: yes\n", .want = "arbiter.yaml: progress: expected true or false"},
	{.yaml = "progress: 1\n", .want = "arbiter.yaml: progress: expected true or false"},
	{.yaml = "progress: 'true'\n", .want = "arbiter.yaml: progress: expected true or false"},
	/* The command line. */
	{.args = {"--bogus"}, .want = "--bogus: unknown option"},
	{.args = {"--bogus=1"}, .want = "--bogus: unknown option"},
	{.args = {"--claim_idle_ms", "500"}, .want = "--claim_idle_ms: unknown option"},
	{.args = {"--Slots", "2"}, .want = "--Slots: unknown option"},
	{.args = {"--no-slots"}, .want = "--no-slots: unknown option"},
	{.args = {"--no-"}, .want = "--no-: unknown option"},
	{.args = {"--="}, .want = "--: unknown option"},
	{.args = {"-s"}, .want = "unexpected argument '-s'"},
	{.args = {"extra"}, .want = "unexpected argument 'extra'"},
	{.args = {"--"}, .want = "unexpected argument '--'"},
	{.args = {"--slots"}, .want = "--slots: missing value"},
	{.args = {"--config"}, .want = "--config: missing value"},
	{.args = {"--config="}, .want = "--config: must not be empty"},
	{.args = {"--check-config=yes"}, .want = "--check-config: takes no value"},
	{.args = {"--help=x"}, .want = "--help: takes no value"},
	/* An unknown option is refused even after --check-config. */
	{.args = {"--check-config", "--slot", "2"}, .want = "--slot: unknown option"},
	/* The file itself. */
	{.yaml = "slots: 2\nbogus: 1\n", .want = "arbiter.yaml: bogus: unknown key"},
	{.yaml = "slots: 2\nslots: 3\n", .want = "arbiter.yaml: slots: duplicate key"},
	{.yaml = "- slots\n", .want = "arbiter.yaml: expected a map"},
	{.yaml = "slots\n", .want = "arbiter.yaml: expected a map"},
	{.yaml = "---\n", .want = "arbiter.yaml: expected a map"},
	{.yaml = "slots: 2\n---\nslots: 3\n",
	 .want = "arbiter.yaml: line 2: more than one YAML document"},
	{.yaml = "slots: &n 20\nblock_ms: *n\n",
	 .want = "arbiter.yaml: block_ms: aliases are not supported"},
	{.yaml = "slots: !big 4\n",
	 .want = "arbiter.yaml: slots: unsupported tag '!big'"},
	{.yaml = "slots: !!int 4\n",
	 .want = "arbiter.yaml: slots: unsupported tag 'tag:yaml.org,2002:int'"},
	{.yaml = "limits:\n  slots: 2\n", .want = "arbiter.yaml: limits: unknown key"},
	/* The first bad source in load order is the one reported. */
	{.yaml = "slots: 0\n", .env = "ARBITER_SLOTS", .val = "x",
	 .args = {"--slots", "y"}, .want = "arbiter.yaml: slots: 0 is out of range [1, 256]"},
	{.env = "ARBITER_SLOTS", .val = "x", .args = {"--slots", "y"},
	 .want = "ARBITER_SLOTS: 'x' is not a whole number"},
	{.env = "ARBITER_CONFIG", .val = "missing.yaml",
	 .want = "open 'missing.yaml': No such file or directory"},
	{.args = {"--config", "missing.yaml"},
	 .want = "open 'missing.yaml': No such file or directory"},
	{.args = {"--config", "."}, .want = ".: not a regular file"},
};
#define N_BAD (sizeof(bad_cases) / sizeof(bad_cases[0]))

START_TEST(test_bad_value)
{
	const struct bad_case *c = &bad_cases[_i];
	const char *args[MAX_ARGS + 1] = {"worker"};
	size_t n = 1;

	if (c->yaml) {
		write_file("arbiter.yaml", c->yaml);
		args[n++] = "--config";
		args[n++] = "arbiter.yaml";
	}
	if (c->env)
		setenv(c->env, c->val, 1);
	for (size_t i = 0; i < 4 && c->args[i]; i++)
		args[n++] = c->args[i];
	args[n] = NULL;
	load_fails(c->want, args);
}
END_TEST

START_TEST(test_yaml_syntax)
{
	struct worker_config cfg;
	struct arb_err err;

	/* libyaml's own words follow the line number. */
	write_file("arbiter.yaml", "slots: 2\nprefix: [a, b\nname: x\n");
	ck_assert_int_eq(load_args(&cfg, &err, NULL, ARGS("--config", "arbiter.yaml")), -1);
	ck_assert_int_eq(err.kind, ARB_E_REQUEST);
	ck_assert_msg(strncmp(err.msg, "arbiter.yaml: line 3: ", 22) == 0, "%s", err.msg);
	ck_assert(all_zero(&cfg));

	write_file("arbiter.yaml", "slots: 2\n\tblock_ms: 3\n");
	ck_assert_int_eq(load_args(&cfg, &err, NULL, ARGS("--config", "arbiter.yaml")), -1);
	ck_assert_int_eq(err.kind, ARB_E_REQUEST);
	ck_assert_msg(strncmp(err.msg, "arbiter.yaml: line 2: ", 22) == 0, "%s", err.msg);

	/* Not UTF-8: the reader's error gives a byte offset. */
	write_file("arbiter.yaml", "name: \xff\xfe\n");
	ck_assert_int_eq(load_args(&cfg, &err, NULL, ARGS("--config", "arbiter.yaml")), -1);
	ck_assert_int_eq(err.kind, ARB_E_REQUEST);
	ck_assert_msg(strncmp(err.msg, "arbiter.yaml: byte ", 19) == 0, "%s", err.msg);
}
END_TEST

/* Files that set nothing, and one too large to read. */
START_TEST(test_file_edges)
{
	struct worker_config cfg;
	char *big;

	write_file("empty.yaml", "");
	load_ok(&cfg, ARGS("--config", "empty.yaml"));
	ck_assert_str_eq(cfg.config_file, "empty.yaml");
	ck_assert_uint_eq(cfg.block_ms, 2000);
	config_free(&cfg);

	/* A template with every line commented out. */
	write_file("comments.yaml", "# slots: 4\n\n   # block_ms: 10\r\n\t\n");
	load_ok(&cfg, ARGS("--config", "comments.yaml"));
	ck_assert_uint_eq(cfg.block_ms, 2000);
	config_free(&cfg);

	/* A comment after a value still counts the value. */
	write_file("trailing.yaml", "# settings\nblock_ms: 10 # fast\n");
	load_ok(&cfg, ARGS("--config", "trailing.yaml"));
	ck_assert_uint_eq(cfg.block_ms, 10);
	config_free(&cfg);

	big = malloc(65538);
	ck_assert_ptr_nonnull(big);
	memset(big, '#', 65537);
	big[65537] = '\0';
	write_file("big.yaml", big);
	free(big);
	load_fails("big.yaml: too large (the limit is 65536 bytes)",
		   ARGS("--config", "big.yaml"));
}
END_TEST

/*** Checks across settings ***/

START_TEST(test_heartbeat_vs_claim)
{
	struct worker_config cfg;

	load_fails("heartbeat_ms = 30000 (--heartbeat-ms) must be less than half "
		   "of claim_idle_ms = 60000 (default)",
		   ARGS("--heartbeat-ms", "30000"));
	write_file("arbiter.yaml", "claim_idle_ms: 20000\n");
	load_fails("heartbeat_ms = 10000 (default) must be less than half of "
		   "claim_idle_ms = 20000 (arbiter.yaml)",
		   ARGS("--config", "arbiter.yaml"));
	setenv("ARBITER_HEARTBEAT_MS", "10001", 1);
	load_fails("heartbeat_ms = 10001 (ARBITER_HEARTBEAT_MS) must be less than "
		   "half of claim_idle_ms = 20000 (--claim-idle-ms)",
		   ARGS("--claim-idle-ms", "20000"));

	/* Just below half is fine, and a later source can mend an earlier. */
	setenv("ARBITER_HEARTBEAT_MS", "29999", 1);
	load_ok(&cfg, ARGS());
	ck_assert_uint_eq(cfg.heartbeat_ms, 29999);
	config_free(&cfg);
	load_ok(&cfg, ARGS("--config", "arbiter.yaml", "--claim-idle-ms", "60000"));
	ck_assert_uint_eq(cfg.claim_idle_ms, 60000);
	config_free(&cfg);
}
END_TEST

START_TEST(test_box_range)
{
	struct worker_config cfg;
	char want[256], base[32];

	/* The last slot's box id is box_base + slots - 1, at most
	 * SBX_BOX_ID_MAX: config.c's copy of the limit must agree. */
	snprintf(base, sizeof(base), "%d", SBX_BOX_ID_MAX - 10);
	snprintf(want, sizeof(want),
		 "box_base = %d (--box-base) plus slots = 12 (ARBITER_SLOTS) goes "
		 "past the highest box id, %d",
		 SBX_BOX_ID_MAX - 10, SBX_BOX_ID_MAX);
	setenv("ARBITER_SLOTS", "12", 1);
	load_fails(want, ARGS("--box-base", base));
	setenv("ARBITER_SLOTS", "11", 1);
	load_ok(&cfg, ARGS("--box-base", base));
	ck_assert_uint_eq(cfg.box_base + cfg.slots - 1, SBX_BOX_ID_MAX);
	config_free(&cfg);

	snprintf(base, sizeof(base), "%d", SBX_BOX_ID_MAX - 1);
	load_ok(&cfg, ARGS("--box-base", base, "--slots", "1"));
	ck_assert_uint_eq(cfg.box_base, SBX_BOX_ID_MAX - 1);
	config_free(&cfg);

	snprintf(base, sizeof(base), "%d", SBX_BOX_ID_MAX);
	snprintf(want, sizeof(want), "--box-base: %d is out of range [0, %d]",
		 SBX_BOX_ID_MAX, SBX_BOX_ID_MAX - 1);
	load_fails(want, ARGS("--box-base", base, "--slots", "1"));

	write_file("arbiter.yaml", "box_base: 9999999999\n");
	snprintf(want, sizeof(want),
		 "arbiter.yaml: box_base: 9999999999 is out of range [0, %d]",
		 SBX_BOX_ID_MAX - 1);
	load_fails(want, ARGS("--config", "arbiter.yaml"));
}
END_TEST

/*** Commands: --help, --help-config, --check-config ***/

/* Runs of spaces and line breaks become one space, in place. */
static void one_line(char *s)
{
	char *w = s;

	for (const char *r = s; *r; r++) {
		if (*r == ' ' || *r == '\n') {
			if (w > s && w[-1] == ' ')
				continue;
			*w++ = ' ';
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

START_TEST(test_help)
{
	struct worker_config cfg;
	struct arb_err err;
	char *out = NULL;

	/* Help reads no source: a broken one does not hide it. */
	setenv("ARBITER_CONFIG", "missing.yaml", 1);
	setenv("ARBITER_SLOTS", "x", 1);
	ck_assert_int_eq(load_args(&cfg, &err, &out, ARGS("--help")), 1);
	ck_assert(all_zero(&cfg));
	ck_assert_msg(strncmp(out, "usage: arbiter worker", 21) == 0, "%s", out);
	for (size_t i = 0; i < N_SETTINGS; i++) {
		char flag[64];

		snprintf(flag, sizeof(flag), " %s", settings[i].flag);
		if (strcmp(settings[i].name, "progress") == 0)
			snprintf(flag, sizeof(flag), " --[no-]progress");
		ck_assert_msg(strstr(out, flag), "--help lacks '%s'", flag);
		ck_assert_msg(strstr(out, settings[i].env), "--help lacks %s",
			      settings[i].env);
	}
	/* Lines fit a terminal; phrases are looked for across the wrapping. */
	for (const char *l = out, *nl; *l; l = nl + 1) {
		nl = strchr(l, '\n');
		ck_assert_ptr_nonnull(nl);
		ck_assert_msg(nl - l <= 79, "--help line too long: %.*s", (int)(nl - l), l);
	}
	one_line(out);
	for (const char *const *c = (const char *const[]){"--config FILE",
		     "--check-config", "--help-config", "ARBITER_CONFIG",
		     "ARBITER_SLOTS; 1 to 256; default: the number of online CPUs",
		     "ARBITER_CLAIM_IDLE_MS; 100 to 86400000; default: 60000",
		     "ARBITER_CGROUP; auto, v1, v2 or none; default: auto",
		     "ARBITER_PROBLEMS; default: none", NULL};
	     *c; c++)
		ck_assert_msg(strstr(out, *c), "--help lacks '%s'", *c);
	free(out);
	config_free(&cfg);

	ck_assert_int_eq(load_args(&cfg, &err, &out, ARGS("-h")), 1);
	ck_assert(strncmp(out, "usage: arbiter worker", 21) == 0);
	free(out);

	/* Values are not read before help, options are: the first unknown
	 * option before --help is an error, one after it is not reached. */
	ck_assert_int_eq(load_args(&cfg, &err, NULL, ARGS("--slots", "0", "--help")), 1);
	ck_assert_int_eq(load_args(&cfg, &err, NULL, ARGS("--help", "--bogus")), 1);
	ck_assert_int_eq(load_args(&cfg, &err, NULL, ARGS("--bogus", "--help")), -1);
	ck_assert_str_eq(err.msg, "--bogus: unknown option");
}
END_TEST

START_TEST(test_help_config)
{
	struct worker_config cfg;
	struct arb_err err;
	char *out = NULL, *table = NULL;
	size_t rows = 0, len = 0;
	FILE *f;

	ck_assert_int_eq(load_args(&cfg, &err, &out, ARGS("--slots", "2", "--help-config")), 1);
	ck_assert(all_zero(&cfg));
	ck_assert_msg(strncmp(out, "| Setting | Flag | Environment | Default | Meaning |\n"
				   "|---|---|---|---|---|\n", 70) == 0, "%s", out);
	for (const char *p = out; (p = strchr(p, '\n')); p++)
		rows++;
	ck_assert_uint_eq(rows, 2 + N_SETTINGS);
	for (size_t i = 0; i < N_SETTINGS; i++) {
		char cell[64];

		snprintf(cell, sizeof(cell), "| `%s` | `%s", settings[i].name,
			 strcmp(settings[i].name, "progress") == 0 ? "--[no-]progress"
								: settings[i].flag);
		ck_assert_msg(strstr(out, cell), "table lacks '%s'", cell);
		snprintf(cell, sizeof(cell), "| `%s` |", settings[i].env);
		ck_assert_msg(strstr(out, cell), "table lacks '%s'", cell);
	}
	/* Literal defaults are code, computed ones words; '<' is escaped. */
	ck_assert(strstr(out, "| `60000` |"));
	ck_assert(strstr(out, "| &lt;hostname&gt;-&lt;pid&gt; |"));
	ck_assert(strstr(out, "| none |"));
	ck_assert(!strchr(out, '<'));

	/* config_print_table() prints the same table. */
	f = open_memstream(&table, &len);
	ck_assert_ptr_nonnull(f);
	config_print_table(f);
	fclose(f);
	ck_assert_str_eq(table, out);
	free(table);
	free(out);
}
END_TEST

START_TEST(test_check_config)
{
	struct worker_config cfg;

	load_ok(&cfg, ARGS("--check-config", "--slots", "2"));
	ck_assert(cfg.check_only);
	ck_assert_uint_eq(cfg.slots, 2);
	config_free(&cfg);
	load_ok(&cfg, ARGS("--slots", "2"));
	ck_assert(!cfg.check_only);
	config_free(&cfg);
	/* It checks: a bad value still fails the load. */
	load_fails("--slots: 0 is out of range [1, 256]",
		   ARGS("--check-config", "--slots", "0"));
}
END_TEST

/*** config_print and config_free ***/

START_TEST(test_print_masks_password)
{
	static const struct {
		const char *url, *shown;
	} cases[] = {
		{"redis://:s3cret@db.example:6380/2", "redis://:****@db.example:6380/2"},
		{"redis://alice:s3cret@db:1", "redis://alice:****@db:1"},
		{"redis://s3cret@db", "redis://****@db"},
		{"redis://:s3@c/r@et@db:1/0", "redis://:****@db:1/0"},
		{"redis://:@db", "redis://:****@db"},
		{"redis://db.example:6380/2", "redis://db.example:6380/2"},
		{"unix:///run/redis@1.sock", "unix:///run/redis@1.sock"},
	};
	struct worker_config cfg;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char line[256];
		char *out;

		load_ok(&cfg, ARGS("--redis", cases[i].url, "--problems", "/p"));
		/* The value itself is kept whole, for the connection. */
		ck_assert_str_eq(cfg.redis, cases[i].url);
		out = print_of(&cfg);
		snprintf(line, sizeof(line), "\nredis = %s\n", cases[i].shown);
		ck_assert_msg(strstr(out, line), "want '%s' in:\n%s", line, out);
		ck_assert_msg(!strstr(out, "s3"), "password shown:\n%s", out);
		ck_assert(strncmp(out, "config_file = (none)\n", 21) == 0);
		ck_assert(strstr(out, "\nproblems = /p\n"));
		free(out);
		config_free(&cfg);
	}
	load_ok(&cfg, ARGS());
	{
		char *out = print_of(&cfg);

		ck_assert(strstr(out, "\nproblems = (none)\n"));
		ck_assert(strstr(out, "\nlog_format = auto\n"));
		ck_assert(strstr(out, "\nprogress = true\n"));
		free(out);
	}
	config_free(&cfg);
}
END_TEST

START_TEST(test_free)
{
	struct worker_config cfg;
	struct arb_err err;

	config_free(NULL);
	load_ok(&cfg, ARGS("--problems", "/p", "--config", tu_srcdata("config/worker.yaml")));
	config_free(&cfg);
	ck_assert(all_zero(&cfg));
	config_free(&cfg); /* twice: a no-op */
	ck_assert(all_zero(&cfg));

	/* After a failure and after help, CFG is already empty. */
	ck_assert_int_eq(load_args(&cfg, &err, NULL, ARGS("--slots", "x")), -1);
	ck_assert(all_zero(&cfg));
	config_free(&cfg);
	ck_assert_int_eq(load_args(&cfg, &err, NULL, ARGS("--help")), 1);
	config_free(&cfg);
	ck_assert(all_zero(&cfg));

	/* A load over a used struct does not read it (it is output only). */
	memset(&cfg, 0xa5, sizeof(cfg));
	load_ok(&cfg, ARGS());
	config_free(&cfg);
}
END_TEST

Suite *suite_config(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("sources");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_cache_fallback);
	tcase_add_test(tc, test_file_only);
	tcase_add_test(tc, test_env_only);
	tcase_add_test(tc, test_flags_only);
	tcase_add_test(tc, test_health_file);
	tcase_add_test(tc, test_metrics);
	tcase_add_test(tc, test_precedence);
	tcase_add_test(tc, test_bool_forms);
	tcase_add_test(tc, test_range_edges);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_bad_value, 0, (int)N_BAD);
	tcase_add_test(tc, test_yaml_syntax);
	tcase_add_test(tc, test_file_edges);
	tcase_add_test(tc, test_heartbeat_vs_claim);
	tcase_add_test(tc, test_box_range);
	suite_add_tcase(s, tc);

	tc = tcase_create("commands");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_help);
	tcase_add_test(tc, test_help_config);
	tcase_add_test(tc, test_check_config);
	tcase_add_test(tc, test_print_masks_password);
	tcase_add_test(tc, test_free);
	suite_add_tcase(s, tc);
	return s;
}
