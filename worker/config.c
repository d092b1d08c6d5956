/* config.c - the worker's settings, declared once in cfg_table[].
 *
 * A setting is one row of cfg_table[]: its name (the YAML key; with dashes
 * for underscores, the --flag), its ARBITER_* variable, its type and range,
 * its field in struct worker_config, its default and a line of help.
 * Loading, --help, --help-config and config_print() all walk that table, so
 * a setting cannot be documented but not parsed, or parsed but not checked.
 * A default is text run through the same parser as user input, so a bad
 * default fails loudly instead of slipping past the range checks.
 *
 * config_load() applies the sources in order, later wins: defaults, the
 * YAML file, the environment, the command line; then the checks that
 * involve two settings, naming where each value came from.  Every error is
 * ARB_E_REQUEST (a misconfiguration), except failing reads and out of
 * memory (ARB_E_INTERNAL).  Nothing here creates a file or connects to
 * anything, so --check-config leaves no trace.
 */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "base/cleanup.h"
#include "base/fsutil.h"
#include "base/yamlutil.h"
#include "metrics.h"
#include "rconn.h"

#define CFG_CONFIG_ENV "ARBITER_CONFIG"
#define CFG_MAX_BYTES 65536 /* a settings file is a screenful, not a dump */
#define CFG_WHY_LEN 320
#define CFG_FLAG_LEN 80
#define CFG_SLOTS_MAX 256
/* SBX_BOX_ID_MAX: the worker includes no sandbox header (judge.h), so the
 * number is repeated here; check_config.c fails if the two disagree. */
#define CFG_BOX_ID_MAX 9999
#define CFG_CACHE_DIR "/var/cache/arbiter"

/*** The table ***/

enum cfg_type {
	CFG_STRING, /* char *, malloc'd; non-empty, no control characters */
	CFG_UINT,   /* unsigned or uint64_t in [min, max] */
	CFG_BOOL,   /* bool */
	CFG_ENUM,   /* an enum: the index of the word in words[] */
};

struct cfg_entry {
	const char *name; /* YAML key; the flag is "--" + name, '_' -> '-' */
	const char *env;
	enum cfg_type type;
	size_t offset, size; /* of the field in struct worker_config */
	uint64_t min, max;   /* CFG_UINT */
	/* CFG_ENUM: the words, in enum order; CFG_STRING: the only values
	 * allowed (NULL: any).  NULL-terminated. */
	const char *const *words;
	/* CFG_STRING: a further rule; fills WHY and returns -1 on a bad S. */
	int (*check)(const char *s, char why[CFG_WHY_LEN]);
	bool secret_url; /* a URL whose password config_print() masks */
	/* The default as text, parsed like any other value, or NULL (none).
	 * With COMPUTE, the value is computed at load time and DEF only
	 * describes it for --help. */
	const char *def;
	void (*compute)(char *buf, size_t len);
	const char *meta; /* placeholder of the value in --help */
	const char *help;
};

#define FIELD(f)                                                               \
	.offset = offsetof(struct worker_config, f),                           \
	.size = sizeof(((struct worker_config *)0)->f)

static const char *const cgroup_words[] = {"auto", "v1", "v2", "none", NULL};
static const char *const log_format_words[] = {"auto", "human", "json", NULL};
_Static_assert(CONFIG_LOG_AUTO == 0 && CONFIG_LOG_HUMAN == 1 &&
		       CONFIG_LOG_JSON == 2,
	       "log_format_words[] is in enum order");

static int check_word(const char *s, char why[CFG_WHY_LEN]);
static int check_redis_url(const char *s, char why[CFG_WHY_LEN]);
static int check_metrics_addr(const char *s, char why[CFG_WHY_LEN]);
static void default_slots(char *buf, size_t len);
static void default_name(char *buf, size_t len);
static void default_cache(char *buf, size_t len);

static const struct cfg_entry cfg_table[] = {
	{.name = "redis", .env = "ARBITER_REDIS", .type = CFG_STRING,
	 FIELD(redis), .check = check_redis_url, .secret_url = true,
	 .def = RCONN_DEFAULT_URL, .meta = "URL",
	 .help = "Redis server: redis://[[user]:password@]host[:port][/db] "
		 "or unix:///path/to.sock"},
	{.name = "prefix", .env = "ARBITER_PREFIX", .type = CFG_STRING,
	 FIELD(prefix), .check = check_word, .def = "arbiter:",
	 .meta = "TEXT", .help = "prefix of every Redis key"},
	{.name = "problems", .env = "ARBITER_PROBLEMS", .type = CFG_STRING,
	 FIELD(problems), .meta = "DIR",
	 .help = "folder of problem packages (without it, problems come "
		 "from Redis only)"},
	{.name = "slots", .env = "ARBITER_SLOTS", .type = CFG_UINT,
	 FIELD(slots), .min = 1, .max = CFG_SLOTS_MAX,
	 .def = "the number of online CPUs", .compute = default_slots,
	 .meta = "N", .help = "submissions judged at once, one sandbox each"},
	{.name = "name", .env = "ARBITER_NAME", .type = CFG_STRING,
	 FIELD(name), .check = check_word, .def = "<hostname>-<pid>",
	 .compute = default_name, .meta = "TEXT",
	 .help = "worker name, in consumer names and results"},
	{.name = "box_base", .env = "ARBITER_BOX_BASE", .type = CFG_UINT,
	 FIELD(box_base), .min = 0, .max = CFG_BOX_ID_MAX - 1, .def = "0",
	 .meta = "N",
	 .help = "slot i uses sandbox box id box_base + i (uid 60000 + id); "
		 "give workers sharing a host disjoint ranges"},
	{.name = "cgroup", .env = "ARBITER_CGROUP", .type = CFG_STRING,
	 FIELD(cgroup), .words = cgroup_words, .def = "auto", .meta = "MODE",
	 .help = "cgroup version: auto detects it, none limits with rlimits "
		 "only"},
	{.name = "block_ms", .env = "ARBITER_BLOCK_MS", .type = CFG_UINT,
	 FIELD(block_ms), .min = 10, .max = 60000, .def = "2000", .meta = "MS",
	 .help = "longest wait for a new submission in one XREADGROUP"},
	{.name = "claim_idle_ms", .env = "ARBITER_CLAIM_IDLE_MS",
	 .type = CFG_UINT, FIELD(claim_idle_ms), .min = 100,
	 .max = 86400000, .def = "60000", .meta = "MS",
	 .help = "take over another worker's submission idle this long "
		 "(it died)"},
	{.name = "heartbeat_ms", .env = "ARBITER_HEARTBEAT_MS",
	 .type = CFG_UINT, FIELD(heartbeat_ms), .min = 50, .max = 3600000,
	 .def = "10000", .meta = "MS",
	 .help = "renew the claims on our submissions this often (less than "
		 "half of claim_idle_ms)"},
	{.name = "max_deliveries", .env = "ARBITER_MAX_DELIVERIES",
	 .type = CFG_UINT, FIELD(max_deliveries), .min = 1, .max = 100,
	 .def = "3", .meta = "N",
	 .help = "deliveries of one submission before it is answered JE "
		 "(it keeps killing workers)"},
	{.name = "result_ttl_s", .env = "ARBITER_RESULT_TTL_S",
	 .type = CFG_UINT, FIELD(result_ttl_s), .min = 1, .max = 31536000,
	 .def = "604800", .meta = "SECONDS",
	 .help = "lifetime of the arbiter:result:<id> copy of a result"},
	{.name = "max_message_kib", .env = "ARBITER_MAX_MESSAGE_KIB",
	 .type = CFG_UINT, FIELD(max_message_kib), .min = 1, .max = 1048576,
	 .def = "98304", .meta = "KIB",
	 .help = "largest submission message accepted; larger ones are "
		 "answered without judging"},
	{.name = "cache", .env = "ARBITER_CACHE", .type = CFG_STRING,
	 FIELD(cache), .def = CFG_CACHE_DIR " if usable, else "
			      "$TMPDIR/arbiter-cache",
	 .compute = default_cache, .meta = "DIR",
	 .help = "where problems fetched from Redis are unpacked"},
	{.name = "log_format", .env = "ARBITER_LOG_FORMAT", .type = CFG_ENUM,
	 FIELD(log_format), .words = log_format_words, .def = "auto",
	 .meta = "FORMAT",
	 .help = "format of log lines"},
	{.name = "progress", .env = "ARBITER_PROGRESS", .type = CFG_BOOL,
	 FIELD(progress), .def = "true",
	 .help = "publish arbiter:progress:<id> messages as tests finish"},
	{.name = "health_file", .env = "ARBITER_HEALTH_FILE", .type = CFG_STRING,
	 FIELD(health_file), .meta = "FILE",
	 .help = "rewritten every 2 s while Redis was reached and every slot "
		 "runs, removed at exit: its age is a liveness probe"},
	{.name = "metrics", .env = "ARBITER_METRICS", .type = CFG_STRING,
	 FIELD(metrics), .check = check_metrics_addr, .meta = "ADDR",
	 .help = "serve Prometheus /metrics and /healthz on HOST:PORT "
		 "(:PORT is 127.0.0.1:PORT; 0.0.0.0:PORT for every interface)"},
};

#define N_CFG (sizeof(cfg_table) / sizeof(cfg_table[0]))

/* Options of the command line only: they say what to load or print. */
enum cfg_cmd { CMD_CONFIG, CMD_CHECK, CMD_HELP_CONFIG, CMD_HELP };

static const struct cfg_command {
	const char *flag;
	const char *meta; /* NULL: takes no value */
	enum cfg_cmd cmd;
	const char *help;
} cfg_commands[] = {
	{"config", "FILE", CMD_CONFIG,
	 "read settings from this YAML file (else $" CFG_CONFIG_ENV ")"},
	{"check-config", NULL, CMD_CHECK,
	 "check the settings, print them and exit"},
	{"help-config", NULL, CMD_HELP_CONFIG,
	 "print the settings as a Markdown table and exit"},
	{"help", NULL, CMD_HELP, "print this help and exit (also -h)"},
};

/*** Fields and values ***/

static void *field_of(struct worker_config *cfg, const struct cfg_entry *e)
{
	return (char *)cfg + e->offset;
}

static const void *cfield_of(const struct worker_config *cfg,
			     const struct cfg_entry *e)
{
	return (const char *)cfg + e->offset;
}

/* unsigned, uint64_t and enum fields; memcpy, as an enum's underlying
 * type is the compiler's choice. */
static void put_uint(void *p, size_t size, uint64_t v)
{
	if (size == sizeof(unsigned)) {
		unsigned u = (unsigned)v;

		memcpy(p, &u, sizeof(u));
	} else {
		assert(size == sizeof(uint64_t));
		memcpy(p, &v, sizeof(v));
	}
}

static uint64_t get_uint(const void *p, size_t size)
{
	if (size == sizeof(unsigned)) {
		unsigned u;

		memcpy(&u, p, sizeof(u));
		return u;
	}
	uint64_t v;

	assert(size == sizeof(uint64_t));
	memcpy(&v, p, sizeof(v));
	return v;
}

static int why_fail(char why[CFG_WHY_LEN], const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int why_fail(char why[CFG_WHY_LEN], const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, CFG_WHY_LEN, fmt, ap);
	va_end(ap);
	return -1;
}

/* "--claim-idle-ms" for claim_idle_ms. */
static void flag_name(const struct cfg_entry *e, char buf[CFG_FLAG_LEN])
{
	size_t i;

	buf[0] = buf[1] = '-';
	for (i = 0; e->name[i] && i + 3 < CFG_FLAG_LEN; i++)
		buf[i + 2] = e->name[i] == '_' ? '-' : e->name[i];
	buf[i + 2] = '\0';
}

/* Does the option text OPT (LEN bytes, after "--") name E?  Dashes only:
 * "--claim_idle_ms" is a typo to report, not a spelling to guess. */
static bool flag_is(const char *opt, size_t len, const struct cfg_entry *e)
{
	size_t i;

	for (i = 0; i < len && e->name[i]; i++)
		if (opt[i] != (e->name[i] == '_' ? '-' : e->name[i]))
			return false;
	return i == len && e->name[i] == '\0';
}

/* "auto, v1, v2 or none" */
static void join_words(const char *const *w, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; w[i]; i++) {
		const char *sep = i == 0 ? "" : w[i + 1] ? ", " : " or ";
		int k = snprintf(buf + n, len - n, "%s%s", sep, w[i]);

		if (k < 0 || (size_t)k >= len - n)
			return;
		n += (size_t)k;
	}
}

static int word_index(const char *const *w, const char *s)
{
	for (int i = 0; w[i]; i++)
		if (strcmp(w[i], s) == 0)
			return i;
	return -1;
}

/* Where a redis URL keeps its secret: the user-info before the last '@'
 * of the authority.  *HEAD gets the length kept before "****" and *TAIL
 * the text kept after it; false when there is nothing to hide.  Without a
 * ':' the whole user-info is masked: some clients read a lone word there
 * as the password. */
static bool url_secret(const char *url, int *head, const char **tail)
{
	const char *auth = strstr(url, "://"), *at, *colon;

	if (!auth || auth[3] == '/')
		return false; /* no scheme, or unix:///path: no user-info */
	auth += 3;
	at = strrchr(auth, '@');
	if (!at)
		return false;
	colon = memchr(auth, ':', (size_t)(at - auth));
	*head = (int)((colon ? colon + 1 : auth) - url);
	*tail = at;
	return true;
}

static int check_word(const char *s, char why[CFG_WHY_LEN])
{
	if (strchr(s, ' '))
		return why_fail(why, "'%s' must not contain spaces", s);
	return 0;
}

/* The full parse is rconn's (redis_url_parse); a wrong scheme is caught
 * here so that --check-config reports it.  The message masks a password. */
static int check_redis_url(const char *s, char why[CFG_WHY_LEN])
{
	const char *tail;
	int head;

	if (strncmp(s, "redis://", 8) == 0 || strncmp(s, "unix://", 7) == 0)
		return 0;
	if (url_secret(s, &head, &tail))
		return why_fail(why, "'%.*s****%s' is not a redis:// or unix:// URL",
				head, s, tail);
	return why_fail(why, "'%s' is not a redis:// or unix:// URL", s);
}

/* The address is checked here (so --check-config reports it); it is
 * bound only when the worker starts. */
static int check_metrics_addr(const char *s, char why[CFG_WHY_LEN])
{
	struct metrics_addr a;
	struct arb_err err;

	if (metrics_parse_addr(s, &a, &err) < 0)
		return why_fail(why, "%s", err.msg);
	return 0;
}

/* Same words as yu_uint(), so a number reads the same from every source. */
static int parse_uint(const struct cfg_entry *e, const char *s, uint64_t *out,
		      char why[CFG_WHY_LEN])
{
	unsigned long long x;

	if (!*s)
		return why_fail(why, "expected a whole number");
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return why_fail(why, "'%s' is not a whole number", s);
	errno = 0;
	x = strtoull(s, NULL, 10);
	if (errno || x < e->min || x > e->max)
		return why_fail(why, "%s is out of range [%llu, %llu]", s,
				(unsigned long long)e->min,
				(unsigned long long)e->max);
	*out = x;
	return 0;
}

static int parse_bool(const char *s, bool *out, char why[CFG_WHY_LEN])
{
	if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
		return *out = true, 0;
	if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
		return *out = false, 0;
	return why_fail(why, "'%s' is not true, false, 1 or 0", s);
}

static int check_string(const struct cfg_entry *e, const char *s,
			char why[CFG_WHY_LEN])
{
	char words[CFG_WHY_LEN];

	if (!*s)
		return why_fail(why, "must not be empty");
	/* Values end up in logs and Redis keys: no terminal escapes, no
	 * line breaks that forge a log line. */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return why_fail(why, "contains a control character");
	if (e->words && word_index(e->words, s) < 0) {
		join_words(e->words, words, sizeof(words));
		return why_fail(why, "'%s' is not one of %s", s, words);
	}
	return e->check ? e->check(s, why) : 0;
}

/* Parse TEXT as the value of E into CFG; on failure "LABEL: reason". */
static int set_text(struct worker_config *cfg, const struct cfg_entry *e,
		    const char *text, const char *label, struct arb_err *err)
{
	char why[CFG_WHY_LEN], words[CFG_WHY_LEN];
	void *p = field_of(cfg, e);
	uint64_t u = 0;
	char *copy;
	bool b = false;
	int i;

	switch (e->type) {
	case CFG_UINT:
		if (parse_uint(e, text, &u, why) < 0)
			break;
		put_uint(p, e->size, u);
		return 0;
	case CFG_BOOL:
		if (parse_bool(text, &b, why) < 0)
			break;
		*(bool *)p = b;
		return 0;
	case CFG_ENUM:
		i = word_index(e->words, text);
		if (i < 0) {
			join_words(e->words, words, sizeof(words));
			why_fail(why, "'%s' is not one of %s", text, words);
			break;
		}
		put_uint(p, e->size, (uint64_t)i);
		return 0;
	case CFG_STRING:
		if (check_string(e, text, why) < 0)
			break;
		copy = strdup(text);
		if (!copy)
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "%s", label);
		free(*(char **)p);
		*(char **)p = copy;
		return 0;
	}
	return arb_fail(err, ARB_E_REQUEST, 0, "%s: %s", label, why);
}

/*** Defaults computed at load time ***/

static void default_slots(char *buf, size_t len)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	if (n > CFG_SLOTS_MAX)
		n = CFG_SLOTS_MAX;
	snprintf(buf, len, "%ld", n);
}

static void default_name(char *buf, size_t len)
{
	char host[HOST_NAME_MAX + 1] = "";

	/* gethostname() may truncate without a terminator. */
	if (gethostname(host, sizeof(host)) < 0 || !host[0])
		snprintf(host, sizeof(host), "localhost");
	host[HOST_NAME_MAX] = '\0';
	snprintf(buf, len, "%s-%ld", host, (long)getpid());
}

static bool writable_dir(const char *path)
{
	return faccessat(AT_FDCWD, path, W_OK | X_OK, AT_EACCESS) == 0;
}

/* CFG_CACHE_DIR when it is a directory we can write, or when it is missing
 * and /var/cache lets us create it (the cache module does, on first use;
 * creating it here would make --check-config leave a trace).  Else
 * $TMPDIR/arbiter-cache, or /tmp/arbiter-cache for an unset, relative or
 * too long $TMPDIR. */
static void default_cache(char *buf, size_t len)
{
	const char *tmp = getenv("TMPDIR");
	struct stat st;
	size_t n;

	if (stat(CFG_CACHE_DIR, &st) == 0
		    ? S_ISDIR(st.st_mode) && writable_dir(CFG_CACHE_DIR)
		    : errno == ENOENT && writable_dir("/var/cache")) {
		snprintf(buf, len, "%s", CFG_CACHE_DIR);
		return;
	}
	if (!tmp || tmp[0] != '/' || strlen(tmp) + sizeof("/arbiter-cache") > len)
		tmp = "/tmp";
	n = strlen(tmp);
	while (n > 0 && tmp[n - 1] == '/')
		n--;
	snprintf(buf, len, "%.*s/arbiter-cache", (int)n, tmp);
}

/*** Loading ***/

enum cfg_source { SRC_DEFAULT, SRC_FILE, SRC_ENV, SRC_FLAG };

struct cfg_loader {
	struct worker_config *cfg;
	enum cfg_source src[N_CFG]; /* where each value came from */
	const char *file_flag;      /* --config FILE (argv), or NULL */
	FILE *out;
	struct arb_err *err;
};

static size_t cfg_index(const char *name)
{
	size_t i;

	for (i = 0; i < N_CFG && strcmp(cfg_table[i].name, name) != 0; i++)
		;
	assert(i < N_CFG);
	return i;
}

static const char *source_name(const struct cfg_loader *L, size_t i,
			       char buf[CFG_FLAG_LEN])
{
	switch (L->src[i]) {
	case SRC_DEFAULT:
		break;
	case SRC_FILE:
		return L->cfg->config_file;
	case SRC_ENV:
		return cfg_table[i].env;
	case SRC_FLAG:
		flag_name(&cfg_table[i], buf);
		return buf;
	}
	return "default";
}

static int load_defaults(struct cfg_loader *L)
{
	for (size_t i = 0; i < N_CFG; i++) {
		const struct cfg_entry *e = &cfg_table[i];
		char buf[PATH_MAX], label[CFG_FLAG_LEN];
		const char *text = e->def;

		L->src[i] = SRC_DEFAULT;
		if (e->compute) {
			e->compute(buf, sizeof(buf));
			text = buf;
		}
		if (!text)
			continue;
		snprintf(label, sizeof(label), "default %s", e->name);
		/* A default that fails its own checks is our bug (or a host
		 * name no worker name can be made of), not the user's. */
		if (set_text(L->cfg, e, text, label, L->err) < 0) {
			L->err->kind = ARB_E_INTERNAL;
			return -1;
		}
	}
	return 0;
}

/* libyaml sees no document at all in a file of comments, which is what a
 * commented-out template is: that file sets nothing. */
static bool yaml_is_blank(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '#')
			while (i < len && text[i] != '\n')
				i++;
		else if (!strchr(" \t\r\n", text[i]) || text[i] == '\0')
			return false;
	}
	return true;
}

/* yamlutil reports ARB_E_PACKAGE (a broken package file); a settings file
 * is a request. */
static int as_request(struct arb_err *err)
{
	if (err->kind == ARB_E_PACKAGE)
		err->kind = ARB_E_REQUEST;
	return -1;
}

static int set_node(struct cfg_loader *L, struct yu_doc *d,
		    const struct cfg_entry *e, const yaml_node_t *n)
{
	char label[CFG_WHY_LEN];
	const char *s;
	uint64_t u = 0;
	bool b = false;

	switch (e->type) {
	case CFG_UINT:
		if (yu_uint(d, n, e->name, e->min, e->max, &u) < 0)
			return -1;
		put_uint(field_of(L->cfg, e), e->size, u);
		return 0;
	case CFG_BOOL:
		if (yu_bool(d, n, e->name, &b) < 0)
			return -1;
		*(bool *)field_of(L->cfg, e) = b;
		return 0;
	case CFG_ENUM:
	case CFG_STRING:
		break;
	}
	if (yu_string(d, n, e->name, &s) < 0)
		return -1;
	snprintf(label, sizeof(label), "%s: %s", d->file, e->name);
	return set_text(L->cfg, e, s, label, L->err);
}

static int parse_yaml(struct cfg_loader *L, const char *text, size_t len,
		      const char *file)
{
	_cleanup_yu_doc_ struct yu_doc d = {0};
	const char *keys[N_CFG];
	yaml_node_t *v[N_CFG], *root;

	for (size_t i = 0; i < N_CFG; i++)
		keys[i] = cfg_table[i].name;
	root = yu_doc_load(&d, text, len, CFG_MAX_BYTES, file, L->err);
	if (!root || yu_map(&d, root, "", keys, N_CFG, v) < 0)
		return as_request(L->err);
	for (size_t i = 0; i < N_CFG; i++) {
		if (!v[i])
			continue;
		if (set_node(L, &d, &cfg_table[i], v[i]) < 0)
			return as_request(L->err);
		L->src[i] = SRC_FILE;
	}
	return 0;
}

static int load_file(struct cfg_loader *L, const char *path)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *text = NULL;
	struct arb_err *err = L->err;
	struct stat st;
	size_t len = 0;

	L->cfg->config_file = strdup(path);
	if (!L->cfg->config_file)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "%s", path);
	/* O_NONBLOCK: a FIFO under the name must not hang the start. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return arb_fail(err, ARB_E_REQUEST, errno, "open '%s'", path);
	if (fstat(fd, &st) < 0)
		return arb_fail(err, ARB_E_INTERNAL, errno, "fstat '%s'", path);
	if (!S_ISREG(st.st_mode))
		return arb_fail(err, ARB_E_REQUEST, 0, "%s: not a regular file",
				path);
	if (fsutil_read_fd(fd, CFG_MAX_BYTES, path, &text, &len, err) < 0) {
		if (err->errnum == EFBIG)
			return arb_fail(err, ARB_E_REQUEST, 0,
					"%s: too large (the limit is %d bytes)",
					path, CFG_MAX_BYTES);
		return -1;
	}
	if (yaml_is_blank(text, len))
		return 0;
	return parse_yaml(L, text, len, path);
}

/* Empty variables count as unset, as for redis_url_default(). */
static int load_env(struct cfg_loader *L)
{
	for (size_t i = 0; i < N_CFG; i++) {
		const char *v = getenv(cfg_table[i].env);

		if (!v || !*v)
			continue;
		if (set_text(L->cfg, &cfg_table[i], v, cfg_table[i].env,
			     L->err) < 0)
			return -1;
		L->src[i] = SRC_ENV;
	}
	return 0;
}

static void print_usage(FILE *out);

/* One option: a command (pass 1) or a setting (pass 2, APPLY).  *I moves
 * past a value taken from the next argument. */
static int scan_option(struct cfg_loader *L, int argc, char **argv, int *i,
		       bool apply)
{
	const char *arg = argv[*i], *opt, *eq, *value = NULL;
	char flag[CFG_FLAG_LEN];
	const struct cfg_entry *e = NULL;
	bool negated = false;
	size_t len;

	if (strcmp(arg, "-h") == 0)
		arg = "--help";
	if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
		return arb_fail(L->err, ARB_E_REQUEST, 0,
				"unexpected argument '%s'", arg);
	opt = arg + 2;
	eq = strchr(opt, '=');
	len = eq ? (size_t)(eq - opt) : strlen(opt);
	if (eq)
		value = eq + 1;
	snprintf(flag, sizeof(flag), "--%.*s", (int)len, opt);

	for (size_t c = 0; c < sizeof(cfg_commands) / sizeof(cfg_commands[0]);
	     c++) {
		const struct cfg_command *cmd = &cfg_commands[c];

		if (strlen(cmd->flag) != len || strncmp(cmd->flag, opt, len) != 0)
			continue;
		if (!cmd->meta && value)
			return arb_fail(L->err, ARB_E_REQUEST, 0,
					"%s: takes no value", flag);
		if (cmd->meta && !value) {
			if (*i + 1 >= argc)
				return arb_fail(L->err, ARB_E_REQUEST, 0,
						"%s: missing value", flag);
			value = argv[++*i];
		}
		if (apply)
			return 0;
		switch (cmd->cmd) {
		case CMD_CONFIG:
			if (!*value)
				return arb_fail(L->err, ARB_E_REQUEST, 0,
						"%s: must not be empty", flag);
			L->file_flag = value;
			return 0;
		case CMD_CHECK:
			L->cfg->check_only = true;
			return 0;
		case CMD_HELP_CONFIG:
			config_print_table(L->out);
			return 1;
		case CMD_HELP:
			print_usage(L->out);
			return 1;
		}
	}

	for (size_t k = 0; k < N_CFG && !e; k++) {
		if (flag_is(opt, len, &cfg_table[k]))
			e = &cfg_table[k];
		else if (cfg_table[k].type == CFG_BOOL && len > 3 &&
			 strncmp(opt, "no-", 3) == 0 &&
			 flag_is(opt + 3, len - 3, &cfg_table[k]))
			e = &cfg_table[k], negated = true;
	}
	if (!e)
		return arb_fail(L->err, ARB_E_REQUEST, 0, "%s: unknown option",
				flag);
	if (e->type == CFG_BOOL) {
		if (negated && value)
			return arb_fail(L->err, ARB_E_REQUEST, 0,
					"%s: takes no value", flag);
		if (!value)
			value = negated ? "false" : "true";
	} else if (!value) {
		if (*i + 1 >= argc)
			return arb_fail(L->err, ARB_E_REQUEST, 0,
					"%s: missing value", flag);
		value = argv[++*i];
	}
	if (!apply)
		return 0;
	if (set_text(L->cfg, e, value, flag, L->err) < 0)
		return -1;
	L->src[e - cfg_table] = SRC_FLAG;
	return 0;
}

/* Pass 1 (!APPLY) reads the commands (--config, --help...) and refuses
 * unknown options; pass 2 applies the settings, last of all sources. */
static int scan_args(struct cfg_loader *L, int argc, char **argv, bool apply)
{
	for (int i = 1; i < argc; i++) {
		int r = scan_option(L, argc, argv, &i, apply);

		if (r != 0)
			return r;
	}
	return 0;
}

static int cross_check(struct cfg_loader *L)
{
	const struct worker_config *c = L->cfg;
	char fa[CFG_FLAG_LEN], fb[CFG_FLAG_LEN];

	/* A claim is renewed every heartbeat and taken over after
	 * claim_idle_ms: with less than two heartbeats per idle period, one
	 * late renewal (a busy host, a Redis failover) lets a second worker
	 * judge a live submission. */
	if (c->heartbeat_ms * 2 >= c->claim_idle_ms) {
		size_t h = cfg_index("heartbeat_ms"), ci = cfg_index("claim_idle_ms");

		return arb_fail(L->err, ARB_E_REQUEST, 0,
				"heartbeat_ms = %llu (%s) must be less than half "
				"of claim_idle_ms = %llu (%s)",
				(unsigned long long)c->heartbeat_ms,
				source_name(L, h, fa),
				(unsigned long long)c->claim_idle_ms,
				source_name(L, ci, fb));
	}
	if ((uint64_t)c->box_base + c->slots - 1 > CFG_BOX_ID_MAX) {
		size_t b = cfg_index("box_base"), s = cfg_index("slots");

		return arb_fail(L->err, ARB_E_REQUEST, 0,
				"box_base = %u (%s) plus slots = %u (%s) goes past "
				"the highest box id, %d",
				c->box_base, source_name(L, b, fa), c->slots,
				source_name(L, s, fb), CFG_BOX_ID_MAX);
	}
	return 0;
}

static int load_all(struct cfg_loader *L, int argc, char **argv)
{
	const char *file;
	int r = scan_args(L, argc, argv, false);

	if (r != 0)
		return r;
	if (load_defaults(L) < 0)
		return -1;
	file = L->file_flag ? L->file_flag : getenv(CFG_CONFIG_ENV);
	if (file && *file && load_file(L, file) < 0)
		return -1;
	if (load_env(L) < 0 || scan_args(L, argc, argv, true) < 0)
		return -1;
	return cross_check(L);
}

int config_load(int argc, char **argv, FILE *out, struct worker_config *cfg,
		struct arb_err *err)
{
	struct cfg_loader L = {.cfg = cfg, .out = out ? out : stdout,
			       .err = err};
	int r;

	memset(cfg, 0, sizeof(*cfg));
	r = load_all(&L, argc, argv);
	if (r != 0)
		config_free(cfg);
	return r;
}

void config_free(struct worker_config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < N_CFG; i++)
		if (cfg_table[i].type == CFG_STRING)
			free(*(char **)field_of(cfg, &cfg_table[i]));
	free(cfg->config_file);
	memset(cfg, 0, sizeof(*cfg));
}

/*** Printing ***/

static void print_value(const struct worker_config *cfg,
			const struct cfg_entry *e, FILE *out)
{
	const void *p = cfield_of(cfg, e);
	const char *s, *tail;
	int head;

	switch (e->type) {
	case CFG_UINT:
		fprintf(out, "%llu", (unsigned long long)get_uint(p, e->size));
		return;
	case CFG_BOOL:
		fputs(*(const bool *)p ? "true" : "false", out);
		return;
	case CFG_ENUM:
		fputs(e->words[get_uint(p, e->size)], out);
		return;
	case CFG_STRING:
		break;
	}
	s = *(char *const *)p;
	if (!s)
		fputs("(none)", out);
	else if (e->secret_url && url_secret(s, &head, &tail))
		fprintf(out, "%.*s****%s", head, s, tail);
	else
		fputs(s, out);
}

void config_print(const struct worker_config *cfg, FILE *out)
{
	fprintf(out, "config_file = %s\n",
		cfg->config_file ? cfg->config_file : "(none)");
	for (size_t i = 0; i < N_CFG; i++) {
		fprintf(out, "%s = ", cfg_table[i].name);
		print_value(cfg, &cfg_table[i], out);
		fputc('\n', out);
	}
}

/* "--slots N", "--[no-]progress" */
static void option_text(const struct cfg_entry *e, char *buf, size_t len)
{
	char flag[CFG_FLAG_LEN];

	flag_name(e, flag);
	if (e->type == CFG_BOOL)
		snprintf(buf, len, "--[no-]%s", flag + 2);
	else
		snprintf(buf, len, "%s %s", flag, e->meta);
}

/* "1 to 256", "auto, v1, v2 or none", "" */
static void values_text(const struct cfg_entry *e, char *buf, size_t len)
{
	buf[0] = '\0';
	if (e->type == CFG_UINT)
		snprintf(buf, len, "%llu to %llu", (unsigned long long)e->min,
			 (unsigned long long)e->max);
	else if (e->words)
		join_words(e->words, buf, len);
}

#define HELP_COL 26   /* where the text of an option starts */
#define HELP_WIDTH 79 /* last column used */

/* LEAD in the option column, then TEXT as a paragraph from HELP_COL,
 * wrapped at word boundaries. */
static void print_wrapped(FILE *out, const char *lead, const char *text)
{
	int col;

	if (strlen(lead) + 4 > HELP_COL)
		fprintf(out, "  %s\n", lead), lead = "";
	col = fprintf(out, "  %-*s", HELP_COL - 2, lead);
	while (*text) {
		size_t n = strcspn(text, " ");

		if (col > HELP_COL && col + 1 + (int)n > HELP_WIDTH)
			col = fprintf(out, "\n%*s", HELP_COL, "") - 1;
		else if (col > HELP_COL)
			col += fprintf(out, " ");
		col += fprintf(out, "%.*s", (int)n, text);
		text += n;
		text += strspn(text, " ");
	}
	fputc('\n', out);
}

static void print_usage(FILE *out)
{
	char opt[CFG_WHY_LEN], vals[CFG_WHY_LEN], text[2 * CFG_WHY_LEN];

	fputs("usage: arbiter worker [OPTION]...\n"
	      "\n"
	      "Judge submissions from the Redis queue until stopped.\n"
	      "\n",
	      out);
	for (size_t c = 0; c < sizeof(cfg_commands) / sizeof(cfg_commands[0]);
	     c++) {
		snprintf(opt, sizeof(opt), "--%s%s%s", cfg_commands[c].flag,
			 cfg_commands[c].meta ? " " : "",
			 cfg_commands[c].meta ? cfg_commands[c].meta : "");
		print_wrapped(out, opt, cfg_commands[c].help);
	}
	fputs("\nSettings.  Each comes from, later winning: its default, the YAML "
	      "file\n(the key is the name with underscores: claim_idle_ms), the "
	      "environment,\nthe command line.\n\n",
	      out);
	for (size_t i = 0; i < N_CFG; i++) {
		const struct cfg_entry *e = &cfg_table[i];

		option_text(e, opt, sizeof(opt));
		values_text(e, vals, sizeof(vals));
		print_wrapped(out, opt, e->help);
		if (vals[0])
			snprintf(text, sizeof(text), "%s; %s; default: %s",
				 e->env, vals, e->def ? e->def : "none");
		else
			snprintf(text, sizeof(text), "%s; default: %s", e->env,
				 e->def ? e->def : "none");
		print_wrapped(out, "", text);
	}
}

/* Table cells: '<id>' would be read as an HTML tag, '|' ends the cell. */
static void md_text(const char *s, FILE *out)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", out);
		else if (*s == '>')
			fputs("&gt;", out);
		else if (*s == '|')
			fputs("\\|", out);
		else
			fputc(*s, out);
	}
}

void config_print_table(FILE *out)
{
	char opt[CFG_WHY_LEN], vals[CFG_WHY_LEN];

	fputs("| Setting | Flag | Environment | Default | Meaning |\n"
	      "|---|---|---|---|---|\n",
	      out);
	for (size_t i = 0; i < N_CFG; i++) {
		const struct cfg_entry *e = &cfg_table[i];

		option_text(e, opt, sizeof(opt));
		values_text(e, vals, sizeof(vals));
		fprintf(out, "| `%s` | `%s` | `%s` | ", e->name, opt, e->env);
		/* A literal default is a value to type; a computed one is a
		 * description. */
		if (!e->def)
			fputs("none", out);
		else if (e->compute)
			md_text(e->def, out);
		else
			fprintf(out, "`%s`", e->def);
		fputs(" | ", out);
		md_text(e->help, out);
		fprintf(out, "%s%s%s |\n", vals[0] ? " (" : "", vals,
			vals[0] ? ")" : "");
	}
}
