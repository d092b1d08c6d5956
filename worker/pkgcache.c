/* pkgcache.c - problem packages by name, from a folder or from Redis
 * (pkgcache.h).
 *
 * A folder package is reloaded when its signature changes: a hash of the
 * path, size and mtime of every file in it, so an edited .ans is seen
 * without a restart.  A Redis package is immutable per SHA-1: it is
 * unpacked once, through problem_import.c (intake.c's refusal rules with
 * the package caps - a package in Redis is data like any other), into a
 * temporary directory renamed into place, so concurrent slots never see
 * half a package.
 */
#include "pkgcache.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/fsutil.h"
#include "problem_import.h"

#define CACHE_ENTRIES 16
/* A pushed package may be large (big tests), but not unbounded. */
#define PKG_MAX_BYTES PROBLEM_IMPORT_MAX_BYTES
#define PKG_MAX_NAME 200

struct pkg_entry {
	char *name;
	uint64_t signature;   /* folder: file signature; Redis: 0 */
	char sha1[41];        /* Redis: the version loaded; "" for folders */
	struct problem *prob;
	uint64_t last_used;
};

struct pkgcache {
	char *problems_dir;
	char *cache_dir;
	struct rconn *redis;
	const struct stream_keys *keys;
	struct pkg_entry entries[CACHE_ENTRIES];
	uint64_t clock;
};

static bool name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > PKG_MAX_NAME || name[0] == '.' || name[0] == '-')
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
			return false;
	return true;
}

static int mkdir_p(const char *path, struct arb_err *err)
{
	char buf[PATH_MAX];

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return arb_fail(err, ARB_E_REQUEST, ENAMETOOLONG, "cache dir '%s'", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, 0755) < 0 && errno != EEXIST)
				return arb_fail(err, ARB_E_INTERNAL, errno, "mkdir '%s'", buf);
			*p = '/';
		}
	if (mkdir(buf, 0755) < 0 && errno != EEXIST)
		return arb_fail(err, ARB_E_INTERNAL, errno, "mkdir '%s'", buf);
	return 0;
}

int pkgcache_new(const char *problems_dir, const char *cache_dir, struct rconn *redis,
		 const struct stream_keys *keys, struct pkgcache **out,
		 struct arb_err *err)
{
	struct pkgcache *pc = calloc(1, sizeof(*pc));

	if (!pc)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "problem cache");
	pc->problems_dir = problems_dir ? strdup(problems_dir) : NULL;
	pc->cache_dir = strdup(cache_dir ? cache_dir : "/tmp/arbiter-cache");
	pc->redis = redis;
	pc->keys = keys;
	if ((problems_dir && !pc->problems_dir) || !pc->cache_dir) {
		pkgcache_free(pc);
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "problem cache");
	}
	if (mkdir_p(pc->cache_dir, err) < 0) {
		pkgcache_free(pc);
		return -1;
	}
	*out = pc;
	return 0;
}

static void entry_clear(struct pkg_entry *e)
{
	free(e->name);
	problem_free(e->prob);
	memset(e, 0, sizeof(*e));
}

void pkgcache_free(struct pkgcache *pc)
{
	if (!pc)
		return;
	for (size_t i = 0; i < CACHE_ENTRIES; i++)
		entry_clear(&pc->entries[i]);
	free(pc->problems_dir);
	free(pc->cache_dir);
	free(pc);
}

/*** Folder packages ***/

/* nftw has no user argument: the walk's state lives here, per thread. */
static __thread uint64_t sig_acc;

static int sig_visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	const unsigned char *p = (const unsigned char *)path;
	uint64_t h = sig_acc ^ 0xcbf29ce484222325ULL;

	(void)ftw;
	/* FNV-1a over the path, then mixed with size and mtime. */
	for (; *p; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	if (flag == FTW_F || flag == FTW_SL) {
		h = (h ^ (uint64_t)st->st_size) * 0x100000001b3ULL;
		h = (h ^ (uint64_t)st->st_mtim.tv_sec) * 0x100000001b3ULL;
		h = (h ^ (uint64_t)st->st_mtim.tv_nsec) * 0x100000001b3ULL;
	}
	/* Order-independent sum: nftw's order is the directory's. */
	sig_acc += h;
	return 0;
}

static uint64_t folder_signature(const char *dir)
{
	sig_acc = 0;
	nftw(dir, sig_visit, 32, FTW_PHYS);
	return sig_acc;
}

/*** Redis packages ***/

static const char push_script[] =
	"local sha = redis.sha1hex(ARGV[1])\n"
	"redis.call('HSET', KEYS[1], 'archive', ARGV[1], 'sha1', sha)\n"
	"return sha\n";

static int redis_sha1(struct pkgcache *pc, const char *name, char sha1[41],
		      struct arb_err *err)
{
	_cleanup_reply_ redisReply *r = rconn_command(pc->redis, err, "HGET %sproblem:%s sha1",
						      pc->keys->prefix, name);

	if (!r)
		return -1;
	if (r->type == REDIS_REPLY_NIL)
		return arb_fail(err, ARB_E_REQUEST, 0, "unknown problem '%s'", name);
	if (r->type != REDIS_REPLY_STRING || r->len != 40)
		return arb_fail(err, ARB_E_PACKAGE, 0, "problem '%s' in redis: bad sha1", name);
	memcpy(sha1, r->str, 40);
	sha1[40] = '\0';
	return 0;
}

/* Unpack NAME's archive into DIR (which must not exist yet). */
static int redis_unpack(struct pkgcache *pc, const char *name, const char *sha1,
			const char *dir, struct arb_err *err)
{
	_cleanup_reply_ redisReply *r = NULL;
	char tmp[PATH_MAX];
	int rc;

	r = rconn_command(pc->redis, err, "HMGET %sproblem:%s archive sha1",
			  pc->keys->prefix, name);
	if (!r)
		return -1;
	if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
	    r->element[0]->type != REDIS_REPLY_STRING)
		return arb_fail(err, ARB_E_REQUEST, 0, "unknown problem '%s'", name);
	/* Pushed again between the two reads: take the next submission. */
	if (r->element[1]->type != REDIS_REPLY_STRING || strcmp(r->element[1]->str, sha1))
		return arb_fail(err, ARB_E_INTERNAL, 0,
				"problem '%s' changed while being fetched", name);
	snprintf(tmp, sizeof(tmp), "%s/.tmp-%s-XXXXXX", pc->cache_dir, name);
	if (!mkdtemp(tmp))
		return arb_fail(err, ARB_E_INTERNAL, errno, "mkdtemp '%s'", tmp);
	chmod(tmp, 0755);
	rc = problem_import_mem(r->element[0]->str, r->element[0]->len, tmp, err);
	if (rc < 0) {
		fsutil_rm_rf(tmp);
		err->kind = ARB_E_PACKAGE;
		return arb_err_prefix(err, "problem '%s' from redis", name);
	}
	if (rename(tmp, dir) < 0) {
		int e = errno;

		fsutil_rm_rf(tmp);
		/* Another slot unpacked the same version first: fine. */
		if (e != EEXIST && e != ENOTEMPTY)
			return arb_fail(err, ARB_E_INTERNAL, e, "rename to '%s'", dir);
	}
	return 0;
}

/*** Lookup ***/

static struct pkg_entry *find(struct pkgcache *pc, const char *name)
{
	for (size_t i = 0; i < CACHE_ENTRIES; i++)
		if (pc->entries[i].name && !strcmp(pc->entries[i].name, name))
			return &pc->entries[i];
	return NULL;
}

static struct pkg_entry *victim(struct pkgcache *pc)
{
	struct pkg_entry *v = &pc->entries[0];

	for (size_t i = 0; i < CACHE_ENTRIES; i++) {
		if (!pc->entries[i].name)
			return &pc->entries[i];
		if (pc->entries[i].last_used < v->last_used)
			v = &pc->entries[i];
	}
	return v;
}

/* A derived time limit is shared by the slots (and kept across restarts)
 * in the cache directory, keyed by the package version VERSION: deriving
 * judges every accepted submission, which is worth doing once. */
static void tl_path(const struct pkgcache *pc, const char *name, const char *version,
		    char *path, size_t len)
{
	snprintf(path, len, "%s/%s.%s.timelimit", pc->cache_dir, name, version);
}

static uint64_t tl_read(const char *path)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	unsigned long long us = 0;

	if (!f || fscanf(f, "%llu", &us) != 1)
		return 0;
	return us;
}

static void tl_write(const char *path, uint64_t us)
{
	char tmp[PATH_MAX + 16];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.%d", path, getpid());
	f = fopen(tmp, "we");
	if (!f)
		return; /* only a cache */
	fprintf(f, "%llu\n", (unsigned long long)us);
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		unlink(tmp);
}

static int load(struct pkgcache *pc, struct judge_ctx *ctx, struct pkg_entry *e,
		const char *name, const char *dir, const char *version,
		struct arb_err *err)
{
	struct problem *p = NULL;
	char tl[PATH_MAX];

	if (problem_load(dir, &p, err) < 0)
		return arb_err_prefix(err, "problem '%s'", name);
	if (!p->time_limit_us) {
		tl_path(pc, name, version, tl, sizeof(tl));
		p->time_limit_us = tl_read(tl);
		if (!p->time_limit_us) {
			if (judge_derive_time_limit(ctx, p, err) < 0) {
				problem_free(p);
				return arb_err_prefix(err, "problem '%s'", name);
			}
			tl_write(tl, p->time_limit_us);
		}
	}
	problem_free(e->prob);
	e->prob = p;
	if (!e->name || strcmp(e->name, name)) {
		free(e->name);
		e->name = strdup(name);
		if (!e->name) {
			entry_clear(e);
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "problem cache");
		}
	}
	return 0;
}

int pkgcache_get(struct pkgcache *pc, struct judge_ctx *ctx, const char *name,
		 struct problem **out, struct arb_err *err)
{
	struct pkg_entry *e;
	char dir[PATH_MAX];
	struct stat st;

	if (!name_ok(name))
		return arb_fail(err, ARB_E_REQUEST, 0, "unknown problem '%s'", name);
	e = find(pc, name);
	pc->clock++;
	if (pc->problems_dir) {
		snprintf(dir, sizeof(dir), "%s/%s", pc->problems_dir, name);
		if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
			uint64_t sig = folder_signature(dir);

			if (!e || e->sha1[0] || e->signature != sig) {
				if (!e)
					e = victim(pc), entry_clear(e);
				char version[32];

				snprintf(version, sizeof(version), "%016llx",
					 (unsigned long long)sig);
				e->sha1[0] = '\0';
				if (load(pc, ctx, e, name, dir, version, err) < 0)
					return -1;
				e->signature = sig;
			}
			e->last_used = pc->clock;
			*out = e->prob;
			return 0;
		}
	}
	if (!pc->redis)
		return arb_fail(err, ARB_E_REQUEST, 0, "unknown problem '%s'", name);
	{
		char sha1[41];

		if (redis_sha1(pc, name, sha1, err) < 0)
			return -1;
		if (!e || strcmp(e->sha1, sha1)) {
			snprintf(dir, sizeof(dir), "%s/%s-%s", pc->cache_dir, name, sha1);
			if (stat(dir, &st) < 0 && redis_unpack(pc, name, sha1, dir, err) < 0)
				return -1;
			if (!e)
				e = victim(pc), entry_clear(e);
			if (load(pc, ctx, e, name, dir, sha1, err) < 0)
				return -1;
			memcpy(e->sha1, sha1, sizeof(sha1));
		}
	}
	e->last_used = pc->clock;
	*out = e->prob;
	return 0;
}

/*** Push ***/

static inline void write_freep(struct archive **a)
{
	if (*a)
		archive_write_free(*a);
}

static inline void disk_freep(struct archive **a)
{
	if (*a)
		archive_read_free(*a);
}

/* One attempt at packing "." into MEM (CAP bytes): 0, 1 when MEM is too
 * small, -1 on error. */
static int pack_into(const char *dir, char *mem, size_t cap, size_t *used,
		     struct arb_err *err)
{
	__attribute__((cleanup(write_freep))) struct archive *w = archive_write_new();
	__attribute__((cleanup(disk_freep))) struct archive *d = archive_read_disk_new();
	struct archive_entry *ent;
	int rc;

	if (!w || !d)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "archive");
	archive_write_set_format_pax_restricted(w);
	archive_write_add_filter_gzip(w);
	/* Symlinks are followed (stored as the files they name): the
	 * worker's intake refuses links. */
	archive_read_disk_set_symlink_logical(d);
	if (archive_write_open_memory(w, mem, cap, used) != ARCHIVE_OK)
		return arb_fail(err, ARB_E_INTERNAL, 0, "archive: %s", archive_error_string(w));
	if (archive_read_disk_open(d, ".") != ARCHIVE_OK)
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s': %s", dir, archive_error_string(d));
	for (;;) {
		bool full = false;

		ent = archive_entry_new();
		if (!ent)
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "archive");
		rc = archive_read_next_header2(d, ent);
		if (rc != ARCHIVE_OK) {
			archive_entry_free(ent);
			break;
		}
		archive_read_disk_descend(d);
		if (archive_write_header(w, ent) < ARCHIVE_OK)
			full = true;
		if (!full && archive_entry_filetype(ent) == AE_IFREG) {
			int fd = open(archive_entry_sourcepath(ent), O_RDONLY | O_CLOEXEC);
			char chunk[65536];
			ssize_t n;

			if (fd < 0) {
				rc = arb_fail(err, ARB_E_REQUEST, errno, "open '%s/%s'", dir,
					      archive_entry_sourcepath(ent));
				archive_entry_free(ent);
				return rc;
			}
			while (!full && (n = read(fd, chunk, sizeof(chunk))) > 0)
				full = archive_write_data(w, chunk, (size_t)n) != n;
			close(fd);
		}
		archive_entry_free(ent);
		if (full)
			return 1;
	}
	if (rc != ARCHIVE_EOF)
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s': %s", dir, archive_error_string(d));
	return archive_write_close(w) == ARCHIVE_OK ? 0 : 1;
}

/* Pack the current directory (DIR, for messages) as a tar.gz in memory.
 * archive_write_open_memory needs the whole buffer up front: grow it and
 * retry until the archive fits. */
static int pack_dir(const char *dir, char **buf, size_t *len, struct arb_err *err)
{
	for (size_t cap = 1 << 20;; cap *= 4) {
		_cleanup_free_ char *mem = malloc(cap);
		size_t used = 0;
		int rc;

		if (!mem)
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "archive");
		rc = pack_into(dir, mem, cap, &used, err);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			*buf = steal_ptr(&mem);
			*len = used;
			return 0;
		}
		if (cap >= PKG_MAX_BYTES)
			return arb_fail(err, ARB_E_REQUEST, EFBIG,
					"'%s': packed package over %llu MiB", dir,
					PKG_MAX_BYTES >> 20);
	}
}

int pkgcache_push(struct rconn *c, const struct stream_keys *keys, const char *dir,
		  char sha1[41], struct arb_err *err)
{
	_cleanup_free_ char *abs = realpath(dir, NULL);
	_cleanup_free_ char *buf = NULL;
	_cleanup_reply_ redisReply *r = NULL;
	struct problem *p = NULL;
	const char *name;
	char key[STREAM_KEY_LEN + PKG_MAX_NAME + 16];
	size_t len = 0;
	int cwd, rc;

	if (!abs)
		return arb_fail(err, ARB_E_REQUEST, errno, "'%s'", dir);
	name = strrchr(abs, '/') ? strrchr(abs, '/') + 1 : abs;
	if (!name_ok(name))
		return arb_fail(err, ARB_E_REQUEST, 0, "'%s': not a valid problem name", name);
	/* Refuse to publish a package the workers would refuse. */
	if (problem_load(abs, &p, err) < 0)
		return -1;
	problem_free(p);
	cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cwd < 0 || chdir(abs) < 0) {
		if (cwd >= 0)
			close(cwd);
		return arb_fail(err, ARB_E_INTERNAL, errno, "chdir '%s'", abs);
	}
	rc = pack_dir(abs, &buf, &len, err);
	if (fchdir(cwd) < 0 && rc == 0)
		rc = arb_fail(err, ARB_E_INTERNAL, errno, "fchdir");
	close(cwd);
	if (rc < 0)
		return -1;
	snprintf(key, sizeof(key), "%sproblem:%s", keys->prefix, name);
	{
		const char *argv[] = {"EVAL", push_script, "1", key, buf};
		size_t lens[] = {4, strlen(push_script), 1, strlen(key), len};

		r = rconn_command_argv(c, err, 5, argv, lens);
	}
	if (!r)
		return -1;
	if (r->type != REDIS_REPLY_STRING || r->len != 40)
		return arb_fail(err, ARB_E_INTERNAL, 0, "redis: problem push: %.*s",
				r->type == REDIS_REPLY_ERROR ? (int)r->len : 0,
				r->type == REDIS_REPLY_ERROR ? r->str : "");
	memcpy(sha1, r->str, 40);
	sha1[40] = '\0';
	return 0;
}
