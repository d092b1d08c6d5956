/* log.c - see log.h.  The only process-wide state of the library besides
 * stderr: the format and the context fields, set once at start. */
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_BYTES 4096
#define CONTEXT_MAX 4

static int json_mode = -1; /* -1: decide from isatty on first use */
static struct {
	char key[32];
	char value[128];
} context[CONTEXT_MAX];
static int n_context;

void log_set_json(bool json)
{
	json_mode = json;
}

bool log_is_json(void)
{
	if (json_mode < 0)
		json_mode = !isatty(STDERR_FILENO);
	return json_mode;
}

void log_set_context(const char *key, const char *value)
{
	int i;

	for (i = 0; i < n_context; i++)
		if (!strcmp(context[i].key, key))
			break;
	if (i == CONTEXT_MAX)
		return;
	snprintf(context[i].key, sizeof(context[i].key), "%s", key);
	snprintf(context[i].value, sizeof(context[i].value), "%s", value);
	if (i == n_context)
		n_context++;
}

struct line {
	char buf[LINE_MAX_BYTES];
	size_t len;
};

static void put(struct line *l, const char *s, size_t n)
{
	if (l->len + n >= sizeof(l->buf) - 2)
		n = sizeof(l->buf) - 2 - l->len;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

static void puts_(struct line *l, const char *s)
{
	put(l, s, strlen(s));
}

static bool is_number(const char *s)
{
	size_t i = s[0] == '-';

	if (!s[i] || (s[i] == '0' && s[i + 1]) || strlen(s) > 18)
		return false;
	for (; s[i]; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A value: JSON-escaped in JSON mode; in human mode quoted when it has a
 * space, with control characters shown as '?'. */
static void put_value(struct line *l, const char *v)
{
	bool json = log_is_json();
	bool quote = json ? !is_number(v) : (strchr(v, ' ') || !*v);

	if (quote)
		put(l, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		char esc[8];

		if (json && (*p == '"' || *p == '\\')) {
			esc[0] = '\\';
			esc[1] = (char)*p;
			put(l, esc, 2);
		} else if (*p < 0x20 || *p == 0x7f) {
			if (json) {
				snprintf(esc, sizeof(esc), "\\u%04x", *p);
				puts_(l, esc);
			} else {
				put(l, "?", 1);
			}
		} else {
			put(l, (const char *)p, 1);
		}
	}
	if (quote)
		put(l, "\"", 1);
}

static void put_field(struct line *l, const char *k, const char *v)
{
	if (log_is_json()) {
		puts_(l, ",\"");
		puts_(l, k);
		puts_(l, "\":");
	} else {
		puts_(l, " ");
		puts_(l, k);
		puts_(l, "=");
	}
	put_value(l, v);
}

void log_event(enum log_level level, const char *event, ...)
{
	static const char *const names[] = {"debug", "info", "warn", "error"};
	struct line l = {.len = 0};
	char ts[32];
	struct tm tm;
	time_t now = time(NULL);
	va_list ap;

	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (log_is_json()) {
		puts_(&l, "{\"ts\":\"");
		puts_(&l, ts);
		puts_(&l, "\",\"level\":\"");
		puts_(&l, names[level]);
		puts_(&l, "\"");
		for (int i = 0; i < n_context; i++)
			put_field(&l, context[i].key, context[i].value);
		put_field(&l, "event", event);
	} else {
		puts_(&l, ts);
		puts_(&l, " ");
		puts_(&l, names[level]);
		for (int i = 0; i < n_context; i++)
			put_field(&l, context[i].key, context[i].value);
		puts_(&l, " ");
		put_value(&l, event);
	}
	va_start(ap, event);
	for (;;) {
		const char *k = va_arg(ap, const char *), *v;

		if (!k)
			break;
		v = va_arg(ap, const char *);
		put_field(&l, k, v ? v : "");
	}
	va_end(ap);
	if (log_is_json())
		put(&l, "}", 1);
	put(&l, "\n", 1);
	/* One write: lines of concurrent slots never interleave. */
	if (write(STDERR_FILENO, l.buf, l.len) < 0)
		return;
}
