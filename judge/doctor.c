/* doctor.c - the file checks of `arbiter doctor` and their parsers; see
 * doctor.h.  The probes and the list itself are in doctor_probe.c.
 *
 * Every file is read through env->root, so the unit tests point these
 * checks at a fixture tree (testdata/doctor/).  Every check ends in
 * exactly one line: a file that cannot be read says so in the detail
 * rather than failing the others.  Nothing here exits or prints.
 */
#include "doctor.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "doctor_internal.h"

#define READ_MAX 65536 /* of any one /proc or /sys file: the first 64 KiB */

/*** Results ***/

const char *doctor_status_name(enum doctor_status s)
{
	switch (s) {
	case DOCTOR_OK:
		return "ok";
	case DOCTOR_INFO:
		return "info";
	case DOCTOR_WARN:
		return "warn";
	case DOCTOR_FAIL:
		return "FAIL";
	}
	return "?";
}

const char *doctor_status_json(enum doctor_status s)
{
	return s == DOCTOR_FAIL ? "fail" : doctor_status_name(s);
}

bool doctor_failed(const struct doctor_report *rep)
{
	for (size_t i = 0; i < rep->n; i++)
		if (rep->checks[i].status == DOCTOR_FAIL)
			return true;
	return false;
}

/* Details quote files a host controls (DMI strings, cgroup paths, policy
 * paths): keep them one line of printable ASCII, so they are safe on a
 * terminal and valid in JSON. */
static void printable(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			*s = '?';
}

void doctor_set(struct doctor_check *c, const char *name,
		enum doctor_status st, const char *fmt, ...)
{
	va_list ap;

	c->name = name;
	c->status = st;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
	printable(c->detail);
}

void doctor_add(struct doctor_check *c, const char *fmt, ...)
{
	size_t n = strlen(c->detail);
	va_list ap;

	if (n + 1 >= sizeof(c->detail))
		return;
	va_start(ap, fmt);
	vsnprintf(c->detail + n, sizeof(c->detail) - n, fmt, ap);
	va_end(ap);
	printable(c->detail + n);
}

const char *doctor_errname(int e)
{
	switch (e) {
	case ENOSYS: return "ENOSYS";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case EUSERS: return "EUSERS";
	case ENOMEM: return "ENOMEM";
	case ENOENT: return "ENOENT";
	case EBUSY: return "EBUSY";
	}
	return strerror(e);
}

/*** Reading files under env->root ***/

static int env_path(const struct doctor_env *env, char *buf, size_t len,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int env_path(const struct doctor_env *env, char *buf, size_t len,
		    const char *fmt, ...)
{
	int n = snprintf(buf, len, "%s", env->root ? env->root : "");
	va_list ap;
	int m;

	if (n < 0 || (size_t)n >= len)
		goto too_long;
	va_start(ap, fmt);
	m = vsnprintf(buf + n, len - (size_t)n, fmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)m >= len - (size_t)n)
		goto too_long;
	return 0;
too_long:
	errno = ENAMETOOLONG;
	return -1;
}

/* Read the file at PATH (at most LEN - 1 bytes) into BUF, NUL-terminated.
 * Bytes read, or -1 with errno. */
static ssize_t read_path(const char *path, char *buf, size_t len)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t used = 0;

	buf[0] = '\0';
	if (fd < 0)
		return -1;
	while (used + 1 < len) {
		ssize_t n = read(fd, buf + used, len - 1 - used);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		used += (size_t)n;
	}
	buf[used] = '\0';
	return (ssize_t)used;
}

/* Read ENV->root + REL into a malloc'd buffer (*OUT); -1 with errno. */
static int env_read(const struct doctor_env *env, const char *rel, char **out)
{
	char path[PATH_MAX];
	char *buf;

	*out = NULL;
	if (env_path(env, path, sizeof(path), "%s", rel) < 0)
		return -1;
	buf = malloc(READ_MAX);
	if (!buf)
		return -1;
	if (read_path(path, buf, READ_MAX) < 0) {
		int e = errno;
		free(buf);
		errno = e;
		return -1;
	}
	*out = buf;
	return 0;
}

/* The first line of a small file (a sysctl, a DMI string) into LINE,
 * without surrounding blanks; -1 with errno when unreadable. */
static int env_line(const struct doctor_env *env, const char *rel, char *line,
		    size_t len)
{
	char path[PATH_MAX], buf[256];
	size_t n;
	char *s;

	if (env_path(env, path, sizeof(path), "%s", rel) < 0 ||
	    read_path(path, buf, sizeof(buf)) < 0)
		return -1;
	s = buf + strspn(buf, " \t\n");
	n = strcspn(s, "\n");
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= len)
		n = len - 1;
	memcpy(line, s, n);
	line[n] = '\0';
	return 0;
}

/* The first word of a small file (a sysctl, a governor) into WORD. */
static int env_word(const struct doctor_env *env, char *word, size_t len,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int env_word(const struct doctor_env *env, char *word, size_t len,
		    const char *fmt, ...)
{
	char rel[PATH_MAX];
	va_list ap;
	int m;

	va_start(ap, fmt);
	m = vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)m >= sizeof(rel)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (env_line(env, rel, word, len) < 0)
		return -1;
	word[strcspn(word, " \t")] = '\0';
	return 0;
}

static bool env_exists(const struct doctor_env *env, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static bool env_exists(const struct doctor_env *env, const char *fmt, ...)
{
	char rel[PATH_MAX], path[PATH_MAX];
	va_list ap;
	int m;

	va_start(ap, fmt);
	m = vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)m >= sizeof(rel))
		return false;
	return env_path(env, path, sizeof(path), "%s", rel) == 0 &&
	       access(path, F_OK) == 0;
}

/*** Pure parsers ***/

/* Copy the line at *CUR into LINE (cut at LEN - 1) and advance past it.
 * false at the end of TEXT. */
static bool next_line(const char **cur, char *line, size_t len)
{
	const char *s = *cur, *nl;
	size_t n;

	if (!*s)
		return false;
	nl = strchrnul(s, '\n');
	n = (size_t)(nl - s);
	if (n >= len)
		n = len - 1;
	memcpy(line, s, n);
	line[n] = '\0';
	*cur = *nl ? nl + 1 : nl;
	return true;
}

int doctor_parse_swaps(const char *text, unsigned *n_areas, uint64_t *total_kib)
{
	const char *cur = text;
	char line[1024];

	*n_areas = 0;
	*total_kib = 0;
	if (strncmp(text, "Filename", 8) != 0)
		return -1;
	next_line(&cur, line, sizeof(line));
	while (next_line(&cur, line, sizeof(line))) {
		char type[32];
		uint64_t size, used;
		int prio;

		if (!line[strspn(line, " \t")])
			continue;
		/* The name escapes blanks (\040), so it is one word. */
		if (sscanf(line, "%*s %31s %" SCNu64 " %" SCNu64 " %d", type, &size,
			   &used, &prio) != 4)
			return -1;
		(*n_areas)++;
		*total_kib += size;
	}
	return 0;
}

int doctor_parse_status(const char *text, uid_t *euid, uint64_t *cap_eff)
{
	const char *cur = text;
	bool have_uid = false, have_cap = false;
	char line[256];

	while (next_line(&cur, line, sizeof(line))) {
		if (!strncmp(line, "Uid:", 4)) {
			unsigned r, e;

			if (sscanf(line + 4, "%u %u", &r, &e) != 2)
				return -1;
			*euid = (uid_t)e;
			have_uid = true;
		} else if (!strncmp(line, "CapEff:", 7)) {
			const char *hex = line + 7 + strspn(line + 7, " \t");
			char *end;

			if (strspn(hex, "0123456789abcdefABCDEF") != 16)
				return -1;
			errno = 0;
			*cap_eff = strtoull(hex, &end, 16);
			if (errno || end != hex + 16 || *end)
				return -1;
			have_cap = true;
		}
	}
	return have_uid && have_cap ? 0 : -1;
}

/* Whether the comma-separated LIST holds WORD. */
static bool list_has(const char *list, const char *word)
{
	size_t n = strlen(word);

	while (*list) {
		size_t m = strcspn(list, ",");

		if (m == n && !strncmp(list, word, n))
			return true;
		list += m;
		if (*list)
			list++;
	}
	return false;
}

int doctor_parse_cgroup_path(const char *text, const char *ctrl, char *out,
			     size_t len)
{
	const char *cur = text;
	char line[PATH_MAX + 300];

	while (next_line(&cur, line, sizeof(line))) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		bool hit;

		if (!line[0])
			continue;
		if (!c1 || !c2 || c1 == line ||
		    strspn(line, "0123456789") != (size_t)(c1 - line) || c2[1] != '/')
			return -1;
		*c1 = *c2 = '\0';
		hit = ctrl[0] ? list_has(c1 + 1, ctrl)
			      : !strcmp(line, "0") && !c1[1];
		if (!hit)
			continue;
		if (strlen(c2 + 1) >= len)
			return -1;
		strcpy(out, c2 + 1);
		return 1;
	}
	return 0;
}

int doctor_parse_proc_cgroups(const char *text, const char *ctrl, bool *enabled,
			      unsigned *hierarchy)
{
	const char *cur = text;
	char line[256];

	while (next_line(&cur, line, sizeof(line))) {
		char name[64];
		unsigned hier, num, en;

		if (line[0] == '#' || !line[0])
			continue;
		if (sscanf(line, "%63s %u %u %u", name, &hier, &num, &en) != 4)
			return -1;
		if (strcmp(name, ctrl))
			continue;
		*enabled = en != 0;
		*hierarchy = hier;
		return 1;
	}
	return 0;
}

int doctor_parse_cpu_list(const char *text, unsigned *count)
{
	const char *s = text;

	*count = 0;
	s += strspn(s, " \t\n");
	while (*s) {
		char *end;
		unsigned long lo, hi;

		if (*s < '0' || *s > '9')
			return -1;
		lo = strtoul(s, &end, 10);
		hi = lo;
		if (*end == '-') {
			s = end + 1;
			if (*s < '0' || *s > '9')
				return -1;
			hi = strtoul(s, &end, 10);
		}
		if (hi < lo || hi - lo >= 1u << 20)
			return -1;
		*count += (unsigned)(hi - lo + 1);
		s = end;
		if (*s == ',') {
			s++;
			continue;
		}
		/* Only blanks may follow the last range. */
		s += strspn(s, " \t\n");
		if (*s)
			return -1;
	}
	return 0;
}

/*** File checks ***/

/* Capabilities the sandbox and the judge use, and what for. */
static const struct {
	int cap;
	const char *name;
} needed_caps[] = {
	{CAP_SYS_ADMIN, "CAP_SYS_ADMIN"},   /* namespaces, mounts, pivot_root */
	{CAP_SETUID, "CAP_SETUID"},         /* the box's uid */
	{CAP_SETGID, "CAP_SETGID"},         /* its gid, no groups */
	{CAP_SETPCAP, "CAP_SETPCAP"},       /* emptying the bounding set */
	{CAP_CHOWN, "CAP_CHOWN"},           /* box-owned work dirs */
	{CAP_DAC_OVERRIDE, "CAP_DAC_OVERRIDE"}, /* reading what boxes wrote */
	{CAP_KILL, "CAP_KILL"},             /* killing box processes (v1) */
};

void doctor_check_privileges(const struct doctor_env *env, struct doctor_check *c)
{
	static const char name[] = "privileges";
	_cleanup_free_ char *text = NULL;
	char missing[200] = "";
	uint64_t caps = 0;
	uid_t euid = 0;
	size_t n = 0;

	if (env_read(env, "/proc/self/status", &text) < 0) {
		doctor_set(c, name, DOCTOR_FAIL, "cannot read /proc/self/status: %s",
			   strerror(errno));
		return;
	}
	if (doctor_parse_status(text, &euid, &caps) < 0) {
		doctor_set(c, name, DOCTOR_FAIL,
			   "/proc/self/status: no readable Uid or CapEff line");
		return;
	}
	for (size_t i = 0; i < sizeof(needed_caps) / sizeof(needed_caps[0]); i++)
		if (!(caps & (1ULL << needed_caps[i].cap)))
			n += (size_t)snprintf(missing + n, sizeof(missing) - n, "%s%s",
					      n ? " " : "", needed_caps[i].name);
	if (euid == 0 && !missing[0]) {
		doctor_set(c, name, DOCTOR_OK,
			   "root, with every capability the sandbox uses");
		if (!(caps & (1ULL << CAP_SYS_RESOURCE)))
			doctor_add(c, " (no CAP_SYS_RESOURCE: box rlimits are capped "
				      "at arbiter's own hard limits, as in most "
				      "containers)");
	} else if (euid == 0) {
		doctor_set(c, name, DOCTOR_FAIL,
			   "root, but without %s: the sandbox cannot build boxes "
			   "(a container needs them granted)", missing);
	} else if (!missing[0]) {
		doctor_set(c, name, DOCTOR_WARN,
			   "not root (euid %u) but holding the capabilities the sandbox "
			   "uses; the cgroup tree must be writable by this user",
			   (unsigned)euid);
	} else {
		doctor_set(c, name, DOCTOR_FAIL,
			   "not root (euid %u): the sandbox needs root, or at least %s",
			   (unsigned)euid, missing);
	}
}

/* Whether the blank-separated TEXT (cgroup.controllers) holds WORD. */
static bool word_in(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *s = text; *s;) {
		size_t m;

		s += strspn(s, " \t\n");
		m = strcspn(s, " \t\n");
		if (m == n && !strncmp(s, word, n))
			return true;
		s += m;
	}
	return false;
}

/* Our cgroup2 path, and the directory boxes are created in: doctor_run
 * opened a manager, which moved us into <base>/supervisor. */
static int v2_base(const struct doctor_env *env, char *base, size_t len,
		   char *why, size_t why_len)
{
	_cleanup_free_ char *text = NULL;
	char own[PATH_MAX];
	size_t n;
	int r;

	if (env_read(env, "/proc/self/cgroup", &text) < 0) {
		snprintf(why, why_len, "cannot read /proc/self/cgroup: %s",
			 strerror(errno));
		return -1;
	}
	r = doctor_parse_cgroup_path(text, "", own, sizeof(own));
	if (r <= 0) {
		snprintf(why, why_len, "/proc/self/cgroup: %s",
			 r < 0 ? "malformed" : "no cgroup2 ('0::') line");
		return -1;
	}
	n = strlen(own);
	if (n >= 11 && !strcmp(own + n - 11, "/supervisor"))
		own[n - 11] = '\0';
	if (snprintf(base, len, "%s", own) >= (int)len) {
		snprintf(why, why_len, "cgroup path too long");
		return -1;
	}
	return 0;
}

static const char *controller_check_name(const char *ctrl)
{
	if (!strcmp(ctrl, "memory"))
		return "cgroup.memory";
	if (!strcmp(ctrl, "pids"))
		return "cgroup.pids";
	if (!strcmp(ctrl, "cpu"))
		return "cgroup.cpu";
	if (!strcmp(ctrl, "freezer"))
		return "cgroup.freezer";
	return "cgroup.controller";
}

static void controller_v1(const struct doctor_env *env, const char *ctrl,
			  const char *name, struct doctor_check *c)
{
	/* v1 measures CPU with cpuacct (the cpu controller only schedules). */
	const char *v1 = strcmp(ctrl, "cpu") ? ctrl : "cpuacct";
	_cleanup_free_ char *cgroups = NULL;
	_cleanup_free_ char *self = NULL;
	char path[PATH_MAX];
	unsigned hier = 0;
	bool enabled = false;
	int r;

	if (env_read(env, "/proc/cgroups", &cgroups) < 0 ||
	    env_read(env, "/proc/self/cgroup", &self) < 0) {
		doctor_set(c, name, DOCTOR_FAIL, "cannot read /proc/cgroups or "
			   "/proc/self/cgroup: %s", strerror(errno));
		return;
	}
	r = doctor_parse_proc_cgroups(cgroups, v1, &enabled, &hier);
	if (r < 0) {
		doctor_set(c, name, DOCTOR_FAIL, "/proc/cgroups is malformed");
		return;
	}
	if (r == 0 || !enabled) {
		doctor_set(c, name, DOCTOR_FAIL, "%s controller %s in this kernel", v1,
			   r == 0 ? "not built" : "disabled (cgroup_disable=)");
		return;
	}
	r = doctor_parse_cgroup_path(self, v1, path, sizeof(path));
	if (r < 0) {
		doctor_set(c, name, DOCTOR_FAIL, "/proc/self/cgroup is malformed");
		return;
	}
	if (r == 0 || hier == 0) {
		doctor_set(c, name, DOCTOR_FAIL,
			   "%s is enabled but not mounted as a v1 hierarchy", v1);
		return;
	}
	doctor_set(c, name, DOCTOR_OK, "%s: v1 hierarchy %u, boxes go below %s", v1,
		   hier, path);
}

static void controller_v2(const struct doctor_env *env, const char *ctrl,
			  const char *name, struct doctor_check *c)
{
	_cleanup_free_ char *avail = NULL;
	_cleanup_free_ char *enabled = NULL;
	char base[PATH_MAX], rel[PATH_MAX + 64], why[256];
	bool has, on;

	if (!strcmp(ctrl, "freezer")) {
		doctor_set(c, name, DOCTOR_OK,
			   "built into cgroup v2 (cgroup.freeze), used when cgroup.kill "
			   "is missing");
		return;
	}
	if (v2_base(env, base, sizeof(base), why, sizeof(why)) < 0) {
		doctor_set(c, name, DOCTOR_FAIL, "%s", why);
		return;
	}
	snprintf(rel, sizeof(rel), "/sys/fs/cgroup%s/cgroup.controllers",
		 strcmp(base, "/") ? base : "");
	if (env_read(env, rel, &avail) < 0) {
		doctor_set(c, name, DOCTOR_FAIL, "cannot read %s: %s", rel,
			   strerror(errno));
		return;
	}
	snprintf(rel, sizeof(rel), "/sys/fs/cgroup%s/cgroup.subtree_control",
		 strcmp(base, "/") ? base : "");
	if (env_read(env, rel, &enabled) < 0)
		enabled = NULL;
	has = word_in(avail, ctrl);
	on = enabled && word_in(enabled, ctrl);
	if (!has && !strcmp(ctrl, "cpu")) {
		doctor_set(c, name, DOCTOR_OK,
			   "cpu not delegated to %s; CPU time is still read from "
			   "cpu.stat, which every cgroup has", base);
	} else if (!has) {
		doctor_set(c, name, DOCTOR_FAIL,
			   "%s is not delegated to %s (cgroup.controllers): no %s "
			   "limit for boxes", ctrl, base,
			   !strcmp(ctrl, "memory") ? "memory" : "process");
	} else if (!on) {
		doctor_set(c, name, DOCTOR_WARN,
			   "%s delegated to %s but not enabled in its "
			   "cgroup.subtree_control (arbiter enables it at start)", ctrl,
			   base);
	} else {
		doctor_set(c, name, DOCTOR_OK, "%s enabled for boxes below %s", ctrl, base);
	}
}

void doctor_check_controller(const struct doctor_env *env, const char *ctrl,
			     struct doctor_check *c)
{
	const char *name = controller_check_name(ctrl);

	switch (env->cg_mode) {
	case CG_MODE_V1:
	case CG_MODE_HYBRID:
		controller_v1(env, ctrl, name, c);
		return;
	case CG_MODE_V2:
		controller_v2(env, ctrl, name, c);
		return;
	case CG_MODE_NONE:
		doctor_set(c, name, DOCTOR_WARN,
			   "cgroup mode none: no %s cgroup, rlimits only", ctrl);
		return;
	case CG_MODE_AUTO:
		break;
	}
	doctor_set(c, name, DOCTOR_INFO, "not checked: no cgroup manager (see cgroup.mode)");
}

/* Swap areas in use: 1 on, 0 off, -1 unknown (WHY filled). */
static int swap_state(const struct doctor_env *env, unsigned *areas,
		      uint64_t *kib, char *why, size_t why_len)
{
	_cleanup_free_ char *text = NULL;

	if (env_read(env, "/proc/swaps", &text) < 0) {
		snprintf(why, why_len, "cannot read /proc/swaps: %s", strerror(errno));
		return -1;
	}
	if (doctor_parse_swaps(text, areas, kib) < 0) {
		snprintf(why, why_len, "/proc/swaps is malformed");
		return -1;
	}
	return *areas > 0;
}

void doctor_check_swap(const struct doctor_env *env, struct doctor_check *c)
{
	static const char name[] = "swap";
	char why[256];
	unsigned areas = 0;
	uint64_t kib = 0;
	int on = swap_state(env, &areas, &kib, why, sizeof(why));

	if (on < 0)
		doctor_set(c, name, DOCTOR_WARN, "%s", why);
	else if (on == 0)
		doctor_set(c, name, DOCTOR_OK, "off (no area in /proc/swaps)");
	else
		doctor_set(c, name, DOCTOR_INFO,
			   "on: %u area%s, %" PRIu64 " MiB; boxes must get none of it "
			   "(see cgroup.swap)", areas, areas == 1 ? "" : "s", kib / 1024);
}

void doctor_check_swap_accounting(const struct doctor_env *env,
				  struct doctor_check *c)
{
	static const char name[] = "cgroup.swap";
	_cleanup_free_ char *self = NULL;
	char path[PATH_MAX], why[256];
	const char *file;
	unsigned areas = 0;
	uint64_t kib = 0;
	bool present;
	int on = swap_state(env, &areas, &kib, why, sizeof(why));

	switch (env->cg_mode) {
	case CG_MODE_V1:
	case CG_MODE_HYBRID:
		file = "memory.memsw.limit_in_bytes";
		if (env_read(env, "/proc/self/cgroup", &self) < 0 ||
		    doctor_parse_cgroup_path(self, "memory", path, sizeof(path)) <= 0)
			strcpy(path, "/");
		/* The files exist in every memory cgroup, or in none. */
		present = env_exists(env, "/sys/fs/cgroup/memory%s/%s",
				     strcmp(path, "/") ? path : "", file) ||
			  env_exists(env, "/sys/fs/cgroup/memory/%s", file);
		break;
	case CG_MODE_V2:
		file = "memory.swap.max";
		if (v2_base(env, path, sizeof(path), why, sizeof(why)) < 0) {
			doctor_set(c, name, DOCTOR_WARN, "%s", why);
			return;
		}
		/* The root cgroup has no memory.* files: look in our leaf. */
		present = env_exists(env, "/sys/fs/cgroup%s/supervisor/%s",
				     strcmp(path, "/") ? path : "", file) ||
			  env_exists(env, "/sys/fs/cgroup%s/%s", path, file);
		break;
	case CG_MODE_NONE:
		doctor_set(c, name, on > 0 ? DOCTOR_WARN : DOCTOR_OK,
			   "cgroup mode none: nothing stops a box from swapping%s",
			   on > 0 ? " and swap is on" : ", but no swap is on");
		return;
	default:
		doctor_set(c, name, DOCTOR_INFO,
			   "not checked: no cgroup manager (see cgroup.mode)");
		return;
	}
	if (present) {
		doctor_set(c, name, DOCTOR_OK, "%s present: a box's memory limit includes swap",
			   file);
		if (env->cg_mode != CG_MODE_V2)
			doctor_add(c, " (memsw = memory limit)");
		else
			doctor_add(c, " (memory.swap.max = 0)");
	} else if (on > 0) {
		doctor_set(c, name, DOCTOR_WARN,
			   "%s absent and swap is on: a box can swap past its memory "
			   "limit, slowly instead of MLE (%s)", file,
			   env->cg_mode == CG_MODE_V2
				   ? "kernel without CONFIG_MEMCG_SWAP, or swapaccount=0"
				   : "boot with swapaccount=1; arbiter sets swappiness 0 "
				     "meanwhile");
	} else {
		doctor_set(c, name, DOCTOR_OK, "%s absent, but no swap is on%s", file,
			   on < 0 ? " as far as /proc/swaps tells" : "");
	}
}

void doctor_check_cgroup_kill(const struct doctor_env *env, struct doctor_check *c)
{
	static const char name[] = "kernel.cgroup_kill";
	char base[PATH_MAX], why[256];

	if (env->cg_mode == CG_MODE_V1 || env->cg_mode == CG_MODE_HYBRID) {
		doctor_set(c, name, DOCTOR_OK,
			   "not used on cgroup v1 (boxes are frozen, killed and thawed)");
		return;
	}
	if (env->cg_mode != CG_MODE_V2) {
		doctor_set(c, name, DOCTOR_INFO, "not checked: no cgroup v2 manager");
		return;
	}
	if (v2_base(env, base, sizeof(base), why, sizeof(why)) < 0) {
		doctor_set(c, name, DOCTOR_WARN, "%s", why);
		return;
	}
	if (env_exists(env, "/sys/fs/cgroup%s/supervisor/cgroup.kill",
		       strcmp(base, "/") ? base : "") ||
	    env_exists(env, "/sys/fs/cgroup%s/cgroup.kill", base))
		doctor_set(c, name, DOCTOR_OK, "present (5.14+): a box dies in one write");
	else
		doctor_set(c, name, DOCTOR_WARN,
			   "absent (kernel before 5.14): boxes are killed by freeze, "
			   "kill, thaw instead, which is slower");
}

void doctor_check_cpus(const struct doctor_env *env, struct doctor_check *c)
{
	static const char name[] = "cpu.count";
	_cleanup_free_ char *text = NULL;
	unsigned online = 0;

	if (env_read(env, "/sys/devices/system/cpu/online", &text) < 0 ||
	    doctor_parse_cpu_list(text, &online) < 0 || online == 0) {
		doctor_set(c, name, DOCTOR_WARN,
			   "cannot tell the online CPUs (/sys/devices/system/cpu/online)");
		return;
	}
	doctor_set(c, name, DOCTOR_OK, "%u online", online);
	if (env->affinity_cpus > 0)
		doctor_add(c, ", %d usable by this process", env->affinity_cpus);
	doctor_add(c, "; a worker runs one slot per usable CPU by default");
}

void doctor_check_governor(const struct doctor_env *env, struct doctor_check *c)
{
	static const char name[] = "cpu.governor";
	struct {
		char gov[32];
		unsigned n;
	} seen[8];
	size_t n_seen = 0;
	unsigned total = 0, perf = 0;
	_cleanup_closedir_ DIR *d = NULL;
	char path[PATH_MAX];
	struct dirent *de;

	if (env_path(env, path, sizeof(path), "/sys/devices/system/cpu") == 0)
		d = opendir(path);
	while (d && (de = readdir(d))) {
		char gov[32];
		size_t i;

		if (strncmp(de->d_name, "cpu", 3) || !de->d_name[3] ||
		    strspn(de->d_name + 3, "0123456789") != strlen(de->d_name + 3))
			continue;
		if (env_word(env, gov, sizeof(gov),
			     "/sys/devices/system/cpu/%s/cpufreq/scaling_governor",
			     de->d_name) < 0)
			continue;
		total++;
		perf += !strcmp(gov, "performance");
		for (i = 0; i < n_seen && strcmp(seen[i].gov, gov); i++)
			;
		if (i == n_seen && n_seen < sizeof(seen) / sizeof(seen[0])) {
			snprintf(seen[n_seen].gov, sizeof(seen[0].gov), "%s", gov);
			seen[n_seen++].n = 0;
		}
		if (i < n_seen)
			seen[i].n++;
	}
	if (total == 0) {
		doctor_set(c, name, DOCTOR_INFO,
			   "no cpufreq governor exposed (usual in a VM: the host sets "
			   "the frequency)");
		return;
	}
	if (perf == total) {
		doctor_set(c, name, DOCTOR_OK, "performance on all %u CPUs", total);
		return;
	}
	doctor_set(c, name, DOCTOR_WARN, "%s", "");
	for (size_t i = 0; i < n_seen; i++)
		doctor_add(c, "%s%s on %u CPU%s", i ? ", " : "", seen[i].gov, seen[i].n,
			   seen[i].n == 1 ? "" : "s");
	doctor_add(c, ": the clock follows the load, so CPU times vary "
		      "between runs (use the 'performance' governor)");
}

void doctor_check_boost(const struct doctor_env *env, struct doctor_check *c)
{
	static const char name[] = "cpu.boost";
	static const char why[] = ": the clock rises and falls with temperature "
				  "and the load on other cores, so CPU times vary";
	char w[16];

	if (env_word(env, w, sizeof(w),
		     "/sys/devices/system/cpu/intel_pstate/no_turbo") == 0) {
		if (!strcmp(w, "1"))
			doctor_set(c, name, DOCTOR_OK, "turbo off (intel_pstate/no_turbo = 1)");
		else
			doctor_set(c, name, DOCTOR_WARN,
				   "turbo on (intel_pstate/no_turbo = %s)%s", w, why);
		return;
	}
	if (env_word(env, w, sizeof(w), "/sys/devices/system/cpu/cpufreq/boost") == 0 ||
	    env_word(env, w, sizeof(w),
		     "/sys/devices/system/cpu/cpu0/cpufreq/boost") == 0) {
		if (!strcmp(w, "0"))
			doctor_set(c, name, DOCTOR_OK, "boost off (cpufreq boost = 0)");
		else
			doctor_set(c, name, DOCTOR_WARN, "boost on (cpufreq boost = %s)%s", w,
				   why);
		return;
	}
	doctor_set(c, name, DOCTOR_INFO, "no turbo or boost control visible");
}

void doctor_check_smt(const struct doctor_env *env, struct doctor_check *c)
{
	static const char name[] = "cpu.smt";
	_cleanup_free_ char *sib = NULL;
	char active[16] = "", control[32] = "";
	unsigned siblings = 0;
	bool have_active, have_sib, on;

	have_active = env_word(env, active, sizeof(active),
			       "/sys/devices/system/cpu/smt/active") == 0;
	env_word(env, control, sizeof(control), "/sys/devices/system/cpu/smt/control");
	have_sib = env_read(env, "/sys/devices/system/cpu/cpu0/topology/"
			    "thread_siblings_list", &sib) == 0 &&
		   doctor_parse_cpu_list(sib, &siblings) == 0 && siblings > 0;
	if (!have_active && !have_sib) {
		doctor_set(c, name, DOCTOR_INFO, "SMT state not visible");
		return;
	}
	on = (have_active && !strcmp(active, "1")) || (have_sib && siblings > 1);
	doctor_set(c, name, on ? DOCTOR_WARN : DOCTOR_OK, "%s", on ? "on" : "off");
	if (control[0])
		doctor_add(c, " (smt/control = %s)", control);
	if (have_sib && siblings > 1)
		doctor_add(c, ", cpu0 shares its core with %u other thread%s",
			   siblings - 1, siblings == 2 ? "" : "s");
	else if (have_sib)
		doctor_add(c, ", cpu0 has no sibling thread");
	if (on)
		doctor_add(c, ": slots on sibling threads slow each other "
			      "down; run one slot per core or turn SMT off");
}

void doctor_check_virt(const struct doctor_env *env, struct doctor_check *c)
{
	static const char name[] = "host.virtualization";
	_cleanup_free_ char *cpuinfo = NULL;
	char vendor[64] = "", product[64] = "";
	bool hv = false;

	if (env_read(env, "/proc/cpuinfo", &cpuinfo) == 0) {
		const char *cur = cpuinfo;
		char line[4096];

		while (!hv && next_line(&cur, line, sizeof(line)))
			if (!strncmp(line, "flags", 5))
				hv = strstr(line, " hypervisor") != NULL;
	}
	env_line(env, "/sys/class/dmi/id/sys_vendor", vendor, sizeof(vendor));
	env_line(env, "/sys/class/dmi/id/product_name", product, sizeof(product));
	if (hv)
		doctor_set(c, name, DOCTOR_INFO,
			   "virtual machine (cpuinfo 'hypervisor' flag): steal time and "
			   "neighbours make CPU times noisier; give it dedicated cores");
	else
		doctor_set(c, name, DOCTOR_INFO, "no hypervisor flag: bare metal, as far "
			   "as the CPU tells");
	if (vendor[0] || product[0])
		doctor_add(c, "; DMI: %s %s", vendor, product);
	if (env_exists(env, "/.dockerenv"))
		doctor_add(c, "; inside a container (/.dockerenv)");
	else if (env_exists(env, "/run/.containerenv"))
		doctor_add(c, "; inside a container (/run/.containerenv)");
}

void doctor_check_overcommit(const struct doctor_env *env, struct doctor_check *c)
{
	static const char name[] = "memory.overcommit";
	char mode[16], ratio[16];

	if (env_word(env, mode, sizeof(mode), "/proc/sys/vm/overcommit_memory") < 0) {
		doctor_set(c, name, DOCTOR_INFO, "vm.overcommit_memory not readable: %s",
			   strerror(errno));
		return;
	}
	if (env_word(env, ratio, sizeof(ratio), "/proc/sys/vm/overcommit_ratio") < 0)
		strcpy(ratio, "?");
	if (!strcmp(mode, "2"))
		doctor_set(c, name, DOCTOR_WARN,
			   "strict (vm.overcommit_memory = 2, ratio %s%%): reserved "
			   "address space counts, so a JVM can fail with ENOMEM below "
			   "its memory limit (a false RTE)", ratio);
	else if (!strcmp(mode, "1"))
		doctor_set(c, name, DOCTOR_OK,
			   "always (vm.overcommit_memory = 1); boxes are held by their "
			   "memory cgroups");
	else
		doctor_set(c, name, DOCTOR_OK, "heuristic (vm.overcommit_memory = %s); "
			   "boxes are held by their memory cgroups", mode);
}

void doctor_check_userns(const struct doctor_env *env, struct doctor_check *c)
{
	static const char name[] = "sysctl.userns";
	static const char box[] = " (a box cannot create any: seccomp refuses "
				  "CLONE_NEWUSER)";
	char v[32];

	if (env_word(env, v, sizeof(v),
		     "/proc/sys/kernel/unprivileged_userns_clone") == 0) {
		doctor_set(c, name, DOCTOR_INFO,
			   "kernel.unprivileged_userns_clone = %s: host users %s create "
			   "user namespaces%s", v, strcmp(v, "0") ? "may" : "may not", box);
		return;
	}
	if (env_word(env, v, sizeof(v), "/proc/sys/user/max_user_namespaces") == 0) {
		doctor_set(c, name, DOCTOR_INFO, "user.max_user_namespaces = %s: host users "
			   "%s create user namespaces%s", v,
			   strcmp(v, "0") ? "may" : "may not", box);
		return;
	}
	doctor_set(c, name, DOCTOR_INFO, "no user namespace sysctl visible");
}

void doctor_check_ptrace_scope(const struct doctor_env *env, struct doctor_check *c)
{
	static const char name[] = "sysctl.ptrace_scope";
	static const char *const meaning[] = {
		"classic: any process of the same uid",
		"restricted to descendants",
		"admin only",
		"no attach at all",
	};
	char v[16];

	if (env_word(env, v, sizeof(v), "/proc/sys/kernel/yama/ptrace_scope") < 0) {
		doctor_set(c, name, DOCTOR_INFO,
			   "Yama not present: ptrace is governed by uid alone (each slot "
			   "has its own uid, and the default policy kills ptrace)");
		return;
	}
	doctor_set(c, name, DOCTOR_INFO, "kernel.yama.ptrace_scope = %s (%s)", v,
		   strlen(v) == 1 && v[0] >= '0' && v[0] <= '3' ? meaning[v[0] - '0']
								: "unknown");
}
