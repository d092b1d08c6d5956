/* pkgcache.h - the worker's problem packages, by name.
 *
 * A name is looked up in --problems DIR first (DIR/<name>, reloaded when
 * its problem.yaml, .timelimit or data/ changes), then in Redis, where
 * `arbiter problem push` stores a packed package under <prefix>problem:<name>
 * (hash fields `archive` and `sha1`, the SHA-1 Redis computes of it).
 * Packages from Redis are unpacked once per hash into the cache directory
 * (<cache>/<name>-<sha1>, made atomically by rename), so a new version is
 * picked up by the next submission without a restart and an old one is
 * never changed under a running judgement.  A package without a time limit
 * gets one derived (judge_derive_time_limit) once per version, kept in the
 * cache directory for every slot and restart.
 *
 * Errors: an unknown name is ARB_E_REQUEST ("unknown problem 'x'"), a
 * broken package ARB_E_PACKAGE, Redis unreachable ARB_E_INTERNAL.
 */
#ifndef ARBITER_WORKER_PKGCACHE_H
#define ARBITER_WORKER_PKGCACHE_H

#include "base/err.h"
#include "judge.h"
#include "rconn.h"
#include "stream.h"

struct pkgcache;

/* PROBLEMS_DIR and REDIS may be NULL (not used); CACHE_DIR is created when
 * missing.  Borrowed pointers must outlive the cache. */
int pkgcache_new(const char *problems_dir, const char *cache_dir, struct rconn *redis,
		 const struct stream_keys *keys, struct pkgcache **out,
		 struct arb_err *err);
void pkgcache_free(struct pkgcache *pc);

/* The loaded package NAME; valid until the next pkgcache_get or free.
 * CTX judges accepted submissions when a time limit must be derived. */
int pkgcache_get(struct pkgcache *pc, struct judge_ctx *ctx, const char *name,
		 struct problem **out, struct arb_err *err);

/* `arbiter problem push`: pack DIR (a package; its name is the folder's)
 * as tar.gz and store it; SHA1 gets the stored hash (41 bytes). */
int pkgcache_push(struct rconn *c, const struct stream_keys *keys, const char *dir,
		  char sha1[41], struct arb_err *err);

#endif
